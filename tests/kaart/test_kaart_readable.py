"""What a user sees: nothing cut off in the aanbod dialog, the kaart list and the
import wizard; an empty state when nothing is selected."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop.kaart.models import Aanbod


def _assert_items_readable(checklist) -> None:
    """Every label is visible in full: inside the viewport (no horizontal scrolling) and
    the item is tall enough for the lines its text needs at this width."""
    fm = checklist.fontMetrics()
    viewport = checklist.viewport().width()
    assert not checklist.horizontalScrollBar().isVisible()
    for i in range(checklist.count()):
        item = checklist.item(i)
        rect = checklist.visualItemRect(item)
        label = item.text()
        assert item.toolTip() == label
        assert rect.right() <= viewport, label
        room = rect.width() - 28  # check box indicator and margins
        lines = max(1, math.ceil(fm.horizontalAdvance(label) / room))
        assert rect.height() >= lines * fm.lineSpacing() - 2, label


def test_aanbod_dialog_lists_are_readable_at_1366x768(qtbot, demo_store):
    from desktop.kaart.aanbod_dialog import AanbodDialog

    with demo_store.session() as s:
        aid = s.scalars(select(Aanbod.id)).first()
    d = AanbodDialog(None, demo_store, aanbod_id=aid)
    qtbot.addWidget(d)
    d.resize(1080, 700)  # what it opens at on a 1366x768 screen
    d.show()
    qtbot.waitExposed(d)
    for lst in (d.doelgroepen, d.basisfuncties, d.prestatievelden, d.wijken):
        _assert_items_readable(lst)
    # the longest prestatieveld on one line at this size
    pv2 = next(
        d.prestatievelden.item(i)
        for i in range(d.prestatievelden.count())
        if d.prestatievelden.item(i).text().startswith("pv2")
    )
    assert d.prestatievelden.visualItemRect(pv2).height() < 2 * d.fontMetrics().lineSpacing()
    # squeezed, the texts wrap instead of disappearing behind a scroll bar
    d.resize(760, 640)
    qtbot.wait(10)
    for lst in (d.basisfuncties, d.prestatievelden):
        _assert_items_readable(lst)


@pytest.fixture
def section(qtbot, demo_store):
    from desktop.kaart.views import KaartSection
    from desktop.ui.section import AppContext

    w = KaartSection(AppContext(demo_store))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_nothing_selected_shows_an_empty_state_offering_ctrl_n(qtbot, section):
    assert section.detail_empty.isVisible() and not section.form.isVisible()
    assert "Ctrl+N" in section.detail_new_button.text()
    qtbot.mouseClick(section.detail_new_button, Qt.MouseButton.LeftButton)
    assert section.form.isVisible() and section.form.edits["naam"].hasFocus()
    qtbot.keyClick(section.form.edits["naam"], Qt.Key.Key_Escape)  # nothing typed: back
    assert section.detail_empty.isVisible() and not section.form.isVisible()
    section.view.setCurrentIndex(section.model.index(0, 0))
    assert section.form.isVisible() and not section.detail_empty.isVisible()


def test_the_number_for_a_selectie_is_in_the_list_and_the_detail(
    qtbot, section, demo_store, tmp_path
):
    model = section.model
    col = model.HEADERS.index("Nr.")
    section.view.setCurrentIndex(model.index(3, 0))
    oid = model.data(model.index(3, 0), Qt.ItemDataRole.UserRole)
    assert model.data(model.index(3, col)) == str(oid)
    assert f"Nr. {oid}" in section.form.controle_label.text()
    # sorting on Nr. is numeric (2 before 10)
    model.sort(col)
    numbers = [int(model.data(model.index(r, col))) for r in range(model.rowCount())]
    assert numbers in (sorted(numbers), sorted(numbers, reverse=True))
    # the report takes exactly those numbers, and says so when one does not exist
    from desktop.errors import UserError
    from desktop.kaart.reports import build_selectie

    with pytest.raises(UserError, match="geen organisatie met nummer 99999.*kolom Nr"):
        build_selectie(demo_store, {"ids": f"{oid},99999"}, tmp_path / "selectie.pdf")
    assert not (tmp_path / "selectie.pdf").exists()


def test_list_columns_show_status_date_and_number_in_full(qtbot, section):
    header = section.view.horizontalHeader()
    fm = section.view.fontMetrics()
    hfm = header.fontMetrics()
    model = section.model
    for col in range(len(model.HEADERS)):
        assert header.sectionSize(col) >= hfm.horizontalAdvance(model.HEADERS[col]) + 8
    assert header.sectionSize(3) >= fm.horizontalAdvance("tijdelijk gesloten") + 8
    assert header.sectionSize(4) >= fm.horizontalAdvance("00-00-0000") + 8
    # what is still too long for its column has the full text as a tooltip
    soort = model.index(0, 1)
    assert model.data(soort, Qt.ItemDataRole.ToolTipRole) == model.data(soort)
    # the name keeps most of the room
    assert header.sectionSize(0) >= max(header.sectionSize(c) for c in range(1, 6))


def test_wizard_preview_headers_are_not_cut_off(qtbot, demo_store, tmp_path):
    import openpyxl

    from desktop.kaart.wizard import ImportWizard

    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Naam organisatie", "Postcode", "Aanbod", "Telefoon contactpersoon"])
    wb.active.append(["Buurthuis", "1234 AB", "Koffie", "06 12345678"])
    wb.save(path)
    w = ImportWizard(None, demo_store)
    qtbot.addWidget(w)
    w.show()
    w.file_page.path.setText(str(path))
    w.next()
    preview = w.mapping_page.preview
    header = preview.horizontalHeader()
    hfm = header.fontMetrics()
    for c in range(preview.columnCount()):
        title = preview.horizontalHeaderItem(c).text()
        assert header.sectionSize(c) >= hfm.horizontalAdvance(title) + 12, title
    assert ".ods" in w.file_page.subTitle()


def test_termijn_of_te_controleren_can_be_changed_in_the_list(qtbot, section, demo_store):
    from desktop.kaart import search

    assert not section.termijn.isVisible()
    section.list_combo.setCurrentIndex(section.list_combo.findData("controle"))
    assert section.termijn.isVisible() and section.termijn.value() == 12
    before = len(section.model.hits)
    section.termijn.setFocus()
    section.termijn.selectAll()
    qtbot.keyClicks(section.termijn, "120")
    assert len(section.model.hits) < before
    with demo_store.session() as s:
        assert search.controle_maanden(s) == 120
    section.termijn.setValue(1)
    assert len(section.model.hits) >= before
