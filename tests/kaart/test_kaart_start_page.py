"""Start page items of the sociale kaart open the right list, through the real main
window (desktop.app.create_main_window) and the Start page list, by keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desktop import app as app_module
from desktop.kaart import service
from desktop.store import settings, wijken


@pytest.fixture
def window(qtbot, store):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
        akkers = wijken.add_wijk(s, "De Akkers").id
        for naam in ("Zonnebloem", "Stichting Zonnebloem", "Het Anker"):
            service.save_organisatie(s, {"naam": naam})
        checked = service.save_organisatie(s, {"naam": "Buurthuis Akkers", "wijk_ids": [akkers]})
        service.mark_checked(s, [checked.id])
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def activate(window, title_part: str) -> None:
    window.open_section("start")
    start = window.current_section()
    start.refresh()
    for i in range(start.items.count()):
        row = start.items.item(i)
        if title_part in row.data(Qt.ItemDataRole.UserRole).titel:
            start.items.setCurrentItem(row)
            break
    else:
        raise AssertionError(f"no Start page item with {title_part!r}")
    start.items.setFocus()
    QTest.keyClick(start.items, Qt.Key.Key_Return)


def test_te_controleren_opens_the_unfiltered_worklist(window, qtbot):
    window.open_section("kaart")
    kaart = window.current_section()
    # leave the section filtered on something else first
    kaart.list_combo.setCurrentIndex(kaart.list_combo.findData("prullenbak"))
    kaart.facets["wijk"].setCurrentIndex(1)
    kaart.search_edit.setText("anker")
    activate(window, "te controleren")
    section = window.current_section()
    assert section.key == "kaart"
    assert section.current_list() == "controle"
    assert section.left.currentWidget() is section.list_box
    assert section.search_edit.text() == ""
    assert section.facets["wijk"].currentData() is None
    names = {h.organisatie_naam for h in section.model.hits}
    assert names == {"Zonnebloem", "Stichting Zonnebloem", "Het Anker"}
    assert section.view.hasFocus()
    assert section.checked_button.isVisible()
    window.grab().save("/tmp/kaart_start_controle.png")


def test_dubbele_opens_the_duplicates_list_with_the_first_group(window):
    activate(window, "mogelijk dubbele")
    section = window.current_section()
    assert section.current_list() == "dubbel"
    assert section.left.currentWidget() is section.dup_box
    assert section.dups.hasFocus()
    assert section.dups.currentRow() == 0
    assert "Zonnebloem" in section.dups.currentItem().text()
    assert "Zonnebloem" in section.form.edits["naam"].text()


def test_wijk_filter_shows_hele_gemeente(window, qtbot):
    window.open_section("kaart")
    kaart = window.current_section()
    kaart.facets["wijk"].setCurrentIndex(kaart.facets["wijk"].findText("De Akkers"))
    qtbot.waitUntil(lambda: len(kaart.model.hits) == 4, timeout=2000)
    plaats = {
        kaart.model.data(kaart.model.index(r, 0)): kaart.model.data(kaart.model.index(r, 2))
        for r in range(kaart.model.rowCount())
    }
    assert plaats["Buurthuis Akkers"] == ""
    assert plaats["Het Anker"] == "Hele gemeente"
    window.grab().save("/tmp/kaart_wijk.png")
