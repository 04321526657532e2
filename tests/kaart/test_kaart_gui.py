"""The Sociale kaart section driven by keyboard: search while typing, add with inline
validation, archive and restore, the import wizard and the picker."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton
from sqlalchemy import select

from desktop.kaart import service
from desktop.kaart.models import Organisatie
from desktop.ui.section import AppContext


@pytest.fixture
def section(qtbot, demo_store):
    from desktop.kaart.views import KaartSection

    w = KaartSection(AppContext(demo_store))
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


def test_search_while_typing(qtbot, section):
    total = len(section.model.hits)
    assert total >= 120
    section.focus_search()
    qtbot.keyClicks(section.search_edit, "respijt")
    qtbot.waitUntil(lambda: len(section.model.hits) < total, timeout=2000)
    assert all(section.model.hits)
    assert "gevonden" in section.count_label.text()
    qtbot.keyClick(section.search_edit, Qt.Key.Key_Down)
    assert section.view.hasFocus() or section.view.currentIndex().isValid()
    assert section.form.isEnabled()
    assert section.form.edits["naam"].text() == section.model.hits[0].organisatie_naam
    # facet: basisfunctie
    combo = section.facets["basisfunctie"]
    combo.setCurrentIndex(combo.findData("mz6"))
    assert 0 < len(section.model.hits) < total


def test_add_organisation_by_keyboard_with_validation(qtbot, section, demo_store, monkeypatch):
    qtbot.keyClick(section, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = section.form
    assert form.organisatie_id is None and form.edits["naam"].hasFocus()
    assert not form.save_button.isEnabled()
    qtbot.keyClicks(form.edits["naam"], "Repair Cafe De Kringloop")
    qtbot.keyClicks(form.edits["postcode"], "12")
    assert form.error_labels["postcode"].isVisible() or form.error_labels["postcode"].text()
    assert "postcode" in form.error_labels["postcode"].text().lower()
    assert not form.save_button.isEnabled()
    qtbot.keyClicks(form.edits["postcode"], "34ab")
    assert not form.error_labels["postcode"].text()
    assert form.save_button.isEnabled()
    qtbot.keyClick(form.edits["naam"], Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.organisatie_id is not None
    with demo_store.session() as s:
        org = s.get(Organisatie, form.organisatie_id)
        assert (org.naam, org.postcode) == ("Repair Cafe De Kringloop", "1234 AB")
    assert section.model.row_of(form.organisatie_id) >= 0


def test_user_adds_a_soort(qtbot, section, monkeypatch):
    from PySide6.QtWidgets import QInputDialog

    section.new_organisatie()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Repair cafe", True))
    section.form.soort_button.click()
    assert section.form.soort_combo.currentText() == "Repair cafe"
    assert section.form.values()["soort_id"] is not None


def test_new_duplicate_shows_candidates(qtbot, section, monkeypatch):
    from desktop.kaart import dialogs

    seen = {}

    def fake_exec(self):
        seen["names"] = [self.list.item(i).text() for i in range(self.list.count())]
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(dialogs.DuplicateDialog, "exec", fake_exec)
    section.new_organisatie()
    qtbot.keyClicks(section.form.edits["naam"], "Stichting Vrijwilligerscentrale Lindewaard")
    assert section.form.save() is False
    assert any("Vrijwilligerscentrale" in n for n in seen["names"])


def test_archive_and_restore(qtbot, section, demo_store):
    section.view.setFocus()
    section.view.setCurrentIndex(section.model.index(0, 0))
    oid = section.form.organisatie_id
    naam = section.form.edits["naam"].text()
    qtbot.keyClick(section.view, Qt.Key.Key_Delete)
    assert section.model.row_of(oid) == -1
    section.list_combo.setCurrentIndex(section.list_combo.findData("prullenbak"))
    items = [section.trash.item(i).text() for i in range(section.trash.count())]
    assert any(naam in t for t in items)
    row = next(i for i, t in enumerate(items) if t.startswith(naam))
    section.trash.setCurrentRow(row)
    section.restore_current()
    with demo_store.session() as s:
        assert s.get(Organisatie, oid).gearchiveerd_op is None


def test_unsaved_changes_prompt(qtbot, section, monkeypatch):
    section.view.setCurrentIndex(section.model.index(0, 0))
    first = section.form.organisatie_id
    section.form.edits["plaats"].setText("Ergens anders")
    monkeypatch.setattr(QMessageBox, "exec", lambda self: self.setProperty("x", 1) or 0)
    # the box returns without a choice: treated as Annuleren -> stay
    section.view.setCurrentIndex(section.model.index(1, 0))
    assert section.form.organisatie_id == first
    assert section.can_leave() is False


def test_empty_state(qtbot, store):
    from desktop.kaart.views import EMPTY_TEXT, KaartSection

    w = KaartSection(AppContext(store))
    qtbot.addWidget(w)
    w.show()
    assert w.left.currentWidget() is w.empty_box
    assert w.empty_label.text() == EMPTY_TEXT


def test_import_wizard_on_a_small_file(qtbot, store, tmp_path):
    from desktop.kaart.wizard import ImportWizard

    path = tmp_path / "klein.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Organisatienaam", "Tel.", "Dienst"])
    ws.append(["Buurthuis De Linde", "0101234567", "Koffie-inloop"])
    ws.append(["Kapot", "12", ""])
    wb.save(path)
    wizard = ImportWizard(None, store)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(path))
    wizard.next()
    page = wizard.mapping_page
    mapping = page.current_mapping()
    assert mapping["organisatie_naam"] == "Organisatienaam"
    assert mapping["telefoon"] == "Tel."
    # manual mapping: "Dienst" -> Aanbod
    combo = page.combos[2]
    combo.setCurrentIndex(combo.findData("aanbod_naam"))
    wizard.next()
    wizard.options_page.dry_run.setChecked(True)
    wizard.next()
    result_page = wizard.result_page
    qtbot.waitUntil(lambda: result_page.done, timeout=10000)
    assert "toegevoegd: 1, bijgewerkt: 0, afgewezen: 1" in result_page.summary.text()
    assert "proef" in result_page.summary.text()
    with store.session() as s:
        assert s.scalar(select(Organisatie.id)) is None
    assert result_page.real_button.isVisibleTo(wizard)
    result_page.run_for_real()
    qtbot.waitUntil(lambda: result_page.done and wizard.imported, timeout=10000)
    with store.session() as s:
        org = s.scalar(select(Organisatie))
        assert org.naam == "Buurthuis De Linde"
        assert [a.naam for a in service.get_organisatie(s, org.id).aanbod] == ["Koffie-inloop"]


def test_picker_by_keyboard(qtbot, demo_store, monkeypatch):
    from desktop.kaart.picker import PickerDialog

    dialog = PickerDialog(None, demo_store, level="aanbod", basisfunctie="mz6")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.hits and all(h.aanbod_id for h in dialog.model.hits)
    qtbot.keyClicks(dialog.search_edit, "respijtzorg aan")
    qtbot.waitUntil(
        lambda: all("Respijtzorg" in (h.aanbod_naam or "") for h in dialog.model.hits), timeout=2000
    )
    qtbot.keyClick(dialog.search_edit, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    picked = dialog.selected_hits()
    assert len(picked) == min(2, len(dialog.model.hits))
    assert QApplication.instance() is not None and QPushButton
