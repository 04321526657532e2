"""The Basisfuncties section driven like a user: keyboard in the fill-in screen, the new
meting dialog, the witte-vlekken matrix and the actieplan."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.basisfuncties import service
from desktop.basisfuncties.invullen import COL_STATUS
from desktop.basisfuncties.views import BasisfunctiesSection, MetingDialog
from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie
from desktop.store import wijken
from desktop.ui.section import AppContext


@pytest.fixture
def section(qtbot, store):
    with store.session() as s:
        noord = wijken.add_wijk(s, "Noord")
        wijken.add_wijk(s, "Zuid")
        o = Organisatie(naam="Steunpunt Mantelzorg", werkgebied="wijken", wijken=[noord])
        o.aanbod.append(
            Aanbod(naam="Spreekuur", kenmerken=[AanbodKenmerk(soort="basisfunctie", sleutel="mz1")])
        )
        s.add(o)
        service.create_meting(
            s,
            soort="nulmeting",
            domeinen="mantelzorg",
            datum=date(2025, 5, 1),
            functies=["mz1", "mz4"],
        )
    sec = BasisfunctiesSection(AppContext(store))
    qtbot.addWidget(sec)
    sec.resize(1366 - 200, 720)
    sec.show()
    sec.refresh()
    return sec


def _statuses(store) -> dict[str, str | None]:
    with store.session() as s:
        (m,) = service.list_metingen(s)
        return {k: a.status for k, a in service.answers(s, m.id).items()}


def _note(store, key: str) -> str:
    with store.session() as s:
        answer = service.answers(s, 1).get(key)
        return answer.notitie if answer else ""


def test_fill_in_by_keyboard_autosaves_and_updates_scores(qtbot, section, store) -> None:
    editor = section.metingen.editor
    assert editor.function.key == "mz1"
    assert "Definitie" in editor.source.toPlainText()  # definition and source text shown
    table = editor.table
    table.setFocus()
    assert table.currentRow() == 0
    qtbot.keyClick(table, Qt.Key.Key_2)  # aanwezig, then to the next activity
    assert table.currentRow() == 1
    qtbot.keyClick(table, Qt.Key.Key_1)  # aanwezig en geborgd
    qtbot.keyClick(table, Qt.Key.Key_N)  # row 2: first status with n: niet aanwezig
    assert table.currentRow() == 2
    assert table.item(2, COL_STATUS).text() == "niet aanwezig"
    qtbot.keyClick(table, Qt.Key.Key_N)  # again: niet van toepassing
    assert table.item(2, COL_STATUS).text() == "niet van toepassing"
    assert _statuses(store) == {
        "mz1.01": "aanwezig",
        "mz1.02": "aanwezig_en_geborgd",
        "mz1.03": "niet_van_toepassing",
    }
    # 15 applicable items of 16: (0.75 + 1) / 15
    assert editor.fscore.text().startswith("Score 12%")
    assert "Totaal <b>" in editor.scores.text()
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert "mz1.03" not in {k for k, v in _statuses(store).items() if v}
    # the note of the current activity is saved shortly after typing
    qtbot.keyClicks(editor.detail.notitie, "Loopt via de bibliotheek")
    qtbot.waitUntil(lambda: _note(store, "mz1.03") == "Loopt via de bibliotheek", timeout=3000)
    # another function with the keyboard: Down in the function list
    editor.functions.setFocus()
    qtbot.keyClick(editor.functions, Qt.Key.Key_Down)
    assert editor.function.key == "mz4"
    assert table.rowCount() == 3
    # the list of metingen shows the new score
    assert section.metingen.list.item(0, 3).text() == "2 van 19"


def test_uitvoerders_and_wijken_from_the_detail_pane(qtbot, section, store, monkeypatch) -> None:
    from desktop.basisfuncties import item_detail

    with store.session() as s:
        org_id = s.query(Organisatie.id).scalar()
    monkeypatch.setattr(
        item_detail, "pick_uitvoerders", lambda *_a: [(org_id, "Steunpunt Mantelzorg")]
    )
    editor = section.metingen.editor
    editor.table.setCurrentCell(0, COL_STATUS)
    qtbot.mouseClick(editor.detail.add_uitv, Qt.MouseButton.LeftButton)
    editor.detail.gemeente_zelf.setChecked(True)
    editor.detail.wijken.item(1).setCheckState(Qt.CheckState.Checked)
    with store.session() as s:
        answer = service.answers(s, 1)["mz1.01"]
    assert answer.uitvoerder_namen == ["de gemeente zelf", "Steunpunt Mantelzorg"]
    assert [n for _, n in answer.wijken] == ["Zuid"]
    assert "Steunpunt Mantelzorg" in editor.table.item(0, 4).text()


def test_new_meting_dialog_validates(qtbot, section) -> None:
    with section.ctx.store.session() as s:
        metingen = service.list_metingen(s)
    dialog = MetingDialog(section, metingen)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.soort.currentData() == "vervolgmeting"  # there is an earlier meting
    assert ok.isEnabled()
    for i in range(dialog.functies.count()):
        dialog.functies.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not ok.isEnabled() and "ten minste" in dialog.error.text()
    dialog.domeinen.setCurrentIndex(dialog.domeinen.findData("vrijwilligerswerk"))
    assert dialog.functies.count() == 5 and ok.isEnabled()
    qtbot.keyClicks(dialog.door, "Els de Vries")
    values = dialog.values()
    assert values["vorige_id"] == 1 and values["ingevuld_door"] == "Els de Vries"
    new_id = section.metingen.create(values)
    assert section.metingen.editor.meting_id == new_id
    assert section.metingen.list.rowCount() == 2
    # without any meting a vervolgmeting cannot be chosen
    empty = MetingDialog(section, [])
    qtbot.addWidget(empty)
    empty.soort.setCurrentIndex(1)
    assert not empty.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_witte_vlekken_cell_and_one_click_action(qtbot, section, store) -> None:
    section.tabs.setCurrentWidget(section.vlekken)
    view = section.vlekken
    model = view.model
    assert model.rowCount() == 8 and model.columnCount() == 2  # mantelzorg x Noord, Zuid
    covered = model.index(0, 0)  # mz1 in Noord: the steunpunt
    assert model.data(covered) == "1 aanbieder"
    view.view.setCurrentIndex(covered)
    assert "Steunpunt Mantelzorg" in view.detail.toPlainText()
    assert not view.make_action.isEnabled()
    gap = model.index(0, 1)  # mz1 in Zuid: nothing
    assert model.data(gap) == "geen aanbod"
    view.view.setCurrentIndex(gap)
    assert "geen aanbod" in view.detail.toPlainText()
    assert "Steunpunt Mantelzorg (Noord)" in view.detail.toPlainText()  # nearby
    not_chosen = model.index(1, 0)  # mz2 was not chosen
    assert model.data(not_chosen) == "niet gekozen"
    view.view.setCurrentIndex(gap)
    qtbot.mouseClick(view.make_action, Qt.MouseButton.LeftButton)
    section.tabs.setCurrentWidget(section.actieplan)
    table = section.actieplan.table
    assert table.rowCount() == 1
    assert "Zuid" in table.item(0, 1).text()


def test_actieplan_form(qtbot, section, store) -> None:
    plan = section.actieplan
    section.tabs.setCurrentWidget(plan)
    plan.new_actie()
    assert not plan.save_button.isEnabled()
    qtbot.keyClicks(plan.omschrijving, "Mantelzorgcafe in Zuid starten")
    qtbot.keyClicks(plan.eigenaar, "Steunpunt")
    assert plan.save_button.isEnabled()
    qtbot.keyClick(plan.eigenaar, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with store.session() as s:
        (actie,) = service.list_acties(s)
    assert (actie.omschrijving, actie.eigenaar, actie.status) == (
        "Mantelzorgcafe in Zuid starten",
        "Steunpunt",
        "open",
    )
    assert plan.table.rowCount() == 1


def test_edit_the_details_of_a_meting(qtbot, section, store) -> None:
    tab = section.metingen
    (meting,) = tab.metingen
    dialog = MetingDialog(section, [])
    qtbot.addWidget(dialog)
    dialog.edit(meting)
    assert not dialog.soort.isEnabled()
    assert [dialog.functies.item(i).checkState() for i in range(dialog.functies.count())].count(
        Qt.CheckState.Checked
    ) == 2  # mz1 and mz4, as chosen
    dialog.door.clear()
    qtbot.keyClicks(dialog.door, "Team Wmo")
    dialog.functies.item(1).setCheckState(Qt.CheckState.Checked)  # mz2 as well
    assert tab.save_gegevens(meting.id, dialog.values())
    with store.session() as s:
        m = service.get_meting(s, meting.id)
        assert (m.ingevuld_door, m.function_keys, m.soort) == (
            "Team Wmo",
            ("mz1", "mz2", "mz4"),
            "nulmeting",
        )
    assert "Team Wmo" in tab.list.item(0, 1).text()
    assert tab.editor.functions.count() == 1 + 3  # heading + three functions


def test_activity_becomes_an_action(qtbot, section, store) -> None:
    editor = section.metingen.editor
    editor.table.setCurrentCell(2, COL_STATUS)
    qtbot.mouseClick(editor.detail.make_action, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(editor.detail.make_action, Qt.MouseButton.LeftButton)  # no duplicate
    with store.session() as s:
        (actie,) = service.list_acties(s)
    assert (actie.functie_key, actie.item_key, actie.meting_id) == ("mz1", "mz1.03", 1)
    assert section.actieplan.table.rowCount() == 1


def test_note_goes_to_its_own_activity_when_moving_on_at_once(qtbot, section, store) -> None:
    editor = section.metingen.editor
    editor.table.setCurrentCell(0, COL_STATUS)
    qtbot.keyClicks(editor.detail.notitie, "Alleen in Noord")
    editor.table.setFocus()
    qtbot.keyClick(editor.table, Qt.Key.Key_Down)  # before the autosave timer fires
    assert editor.current_item_key() == "mz1.02"
    assert _note(store, "mz1.01") == "Alleen in Noord"
    assert _note(store, "mz1.02") == ""
    assert editor.detail.notitie.toPlainText() == ""
