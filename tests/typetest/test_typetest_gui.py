"""The typetest section driven by keyboard: fill-in mode, paper grid, ronde dialog,
group result and the stappenplan."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.fillin import PAGE_INTRO, PAGE_QUESTION, PAGE_RESULT, FillInDialog
from desktop.typetest.grid import COL_TYPE, FIRST_Q, LAST_Q
from desktop.ui.section import AppContext

KEYS = {"a": Qt.Key.Key_A, "b": Qt.Key.Key_B, "1": Qt.Key.Key_1, "2": Qt.Key.Key_2}


def new_respondent(store, rol="raadslid"):
    with store.session() as s:
        ronde = service.create_ronde(s, "Test", date(2026, 5, 1))
        respondent = service.add_respondent(s, ronde.id, "Els", rol)
        return ronde.id, respondent.id


def stored(store, respondent_id):
    with store.session() as s:
        return service.respondent_result(service.get_respondent(s, respondent_id))


def answer_later(button: str | QMessageBox.StandardButton) -> None:
    """Press a button of the message box that is about to open (modal exec): by its text,
    or a standard button by its role (its text depends on the language Qt speaks)."""

    def press() -> None:
        box = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        )
        if isinstance(button, QMessageBox.StandardButton):
            box.button(button).click()
            return
        next(b for b in box.buttons() if b.text().replace("&", "") == button).click()

    QTimer.singleShot(50, press)


def test_fill_in_by_keyboard(qtbot, store):
    _, rid = new_respondent(store)
    dialog = FillInDialog(store, rid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pages.currentIndex() == PAGE_INTRO
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Space)
    assert dialog.pages.currentIndex() == PAGE_QUESTION
    assert dialog.progress_label.text().startswith("Vraag 1 van 14")
    # A/B and 1/2 both answer; every key moves on to the next question
    letters = "a2a1bbaba2b1ab"  # = a b a a b b a b a b b a a b
    for i, key in enumerate(letters, start=1):
        if i < 14:
            assert f"Vraag {i} van 14" in dialog.progress_label.text()
            assert dialog.progress.value() == i - 1
        qtbot.keyClick(dialog, KEYS[key])
    assert dialog.pages.currentIndex() == PAGE_RESULT
    result = stored(store, rid)
    assert result.letters == "abaabbababbaab"
    assert result.result is not None
    expected = result.result
    assert f"type {expected.type}" in dialog.result_title.text()
    assert expected.naam in dialog.result_title.text()
    text = dialog.result_text.text()
    assert "Herkent u zich in de typering van uw gemeente?" in text
    assert dialog.chart is not None and dialog.chart.width() > 100
    # back from the result to question 14, change the answer with the mouse, result again
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.pages.currentIndex() == PAGE_QUESTION
    assert dialog.progress_label.text().startswith("Vraag 14 van 14")
    assert dialog.buttons["b"].isChecked() and not dialog.buttons["a"].isChecked()
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.progress_label.text().startswith("Vraag 13 van 14")
    assert dialog.buttons["a"].isChecked()
    qtbot.mouseClick(dialog.buttons["b"], Qt.MouseButton.LeftButton)
    assert stored(store, rid).answers[13] == "b"
    assert dialog.progress_label.text().startswith("Vraag 14 van 14")
    assert dialog.next_button.text().replace("&", "") == "Uitslag →"
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.pages.currentIndex() == PAGE_RESULT
    # on the result page Esc closes without asking
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_fill_in_escape_asks_and_keeps_answers(qtbot, store):
    _, rid = new_respondent(store)
    dialog = FillInDialog(store, rid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClick(dialog.start_button, Qt.Key.Key_Return)
    for key in "abb":
        qtbot.keyClick(dialog, KEYS[key])
    assert dialog.next_button.isEnabled() is False  # question 4 not answered yet
    answer_later("Doorgaan")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    answer_later("Stoppen")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert stored(store, rid).letters == "abb" + "-" * 11
    # reopening continues at the first open question
    again = FillInDialog(store, rid)
    qtbot.addWidget(again)
    assert again.pages.currentIndex() == PAGE_QUESTION
    assert again.current == 4


@pytest.fixture
def section(qtbot, store):
    from desktop.typetest.views import TypetestSection

    ctx = AppContext(store=store)
    widget = TypetestSection(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    widget.refresh()
    return widget


def test_open_target_stappenplan_opens_the_tab_at_the_step(section):
    section.open_target("stappenplan", 4)
    assert section.page.tabs.currentWidget() is section.page.werkplaats
    assert section.page.werkplaats.steps.count() == 9
    assert section.page.werkplaats.steps.currentRow() == 3
    section.open_target("stappenplan", 99)  # an unknown step keeps the tab, no crash
    assert section.page.tabs.currentWidget() is section.page.werkplaats


def test_empty_state_then_new_ronde_dialog(qtbot, section, monkeypatch):
    from desktop.typetest.ronde_detail import RondeDialog

    assert section.page.stack.currentWidget() is section.page.empty
    dialog = RondeDialog(section.page)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled() and dialog.naam_error.isVisibleTo(dialog)
    qtbot.keyClicks(dialog.naam, "Voorjaar")
    assert ok.isEnabled() and not dialog.naam_error.isVisibleTo(dialog)
    ronde_id = section.page.create_ronde(*dialog.values())
    assert section.page.stack.currentWidget() is section.page.detail
    assert section.page.current_ronde() == ronde_id
    item = section.page.list.topLevelItem(0)
    assert (item.text(0), item.text(1)) == (str(ronde_id), "Voorjaar")


def test_paper_grid_by_keyboard(qtbot, section):
    ronde_id = section.page.create_ronde("Papier", date(2026, 6, 1), "")
    detail = section.page.detail
    grid = detail.grid
    # Ctrl+Shift+N adds a respondent and puts the cursor on question 1
    qtbot.keyClick(
        grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.keyClick(
        grid, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert detail.model.rowCount() == 2
    grid.go_to(0, FIRST_Q)
    grid.setFocus()
    model = detail.model
    # 14 answers for respondent 1; after q14 the cursor jumps to q1 of respondent 2
    for i, key in enumerate("aaaabbbbababab"):
        qtbot.keyClick(grid, KEYS[key])
        if i < 13:
            assert grid.currentIndex().column() == FIRST_Q + i + 1
            assert model.data(model.index(0, COL_TYPE)) == f"{i + 1} van 14"
    assert (grid.currentIndex().row(), grid.currentIndex().column()) == (1, FIRST_Q)
    row = model.rows[0]
    assert row.letters == "aaaabbbbababab"
    assert row.result is not None
    assert model.data(model.index(0, COL_TYPE)) == f"{row.result.type} {row.result.naam}"
    assert stored(section.ctx.store, row.id).result == row.result  # saved at once
    # other letters do nothing; 1 and 2 work as a and b
    qtbot.keyClick(grid, Qt.Key.Key_X)
    assert model.rows[1].answers == {}
    qtbot.keyClick(grid, Qt.Key.Key_2)
    assert model.rows[1].answers == {1: "b"}
    # back on respondent 1: Backspace clears q14, the result disappears live
    grid.go_to(0, LAST_Q)
    qtbot.keyClick(grid, Qt.Key.Key_Backspace)
    assert model.rows[0].result is None
    assert model.data(model.index(0, COL_TYPE)) == "13 van 14"
    assert grid.currentIndex().column() == LAST_Q - 1
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    qtbot.keyClick(grid, Qt.Key.Key_B)
    assert model.rows[0].result is not None
    with section.ctx.store.session() as s:
        assert [r.compleet for r in service.list_rondes(s) if r.id == ronde_id] == [1]


def test_group_result_view(qtbot, section):
    store = section.ctx.store
    with store.session() as s:
        first = service.create_ronde(s, "Eerste", date(2025, 1, 1))
        second = service.create_ronde(s, "Tweede", date(2026, 1, 1))
        for ronde, patterns in (
            (first, ("bbbbbbbbbbbbbb", "abbbbbbbbbbbbb")),
            (second, ("aaaaaaaaaaaaaa", "abababababbbbb", "bbbbbbbbbbbbbb")),
        ):
            for rol, letters in zip(("ambtenaar", "raadslid", "steunpunt"), patterns, strict=False):
                r = service.add_respondent(s, ronde.id, "", rol)
                service.set_answers(s, r.id, dict(enumerate(letters, start=1)))
        second_id = second.id
    section.page.refresh_list(keep=second_id)
    section.page.detail.tabs.setCurrentIndex(1)
    view = section.page.detail.group_view
    assert view.group is not None and view.group.ronde.id == second_id
    assert view.chart is not None
    assert "Type I" in view.spread.text() and "3 met uitslag" in view.spread.text()
    assert "Agenda voor het gesprek" in view.agenda.text()
    assert "Eerste" in view.shift.text()
    assert view.compare.currentText().startswith("Eerste")
    view.compare.setCurrentIndex(0)
    view.compare.activated.emit(0)
    assert view.group.shift is None
    assert "Geen eerdere ronde" in view.shift.text()


def test_stappenplan_tab_saves_with_ctrl_s(qtbot, section):
    store = section.ctx.store
    with store.session() as s:
        ronde = service.create_ronde(s, "Start", date(2026, 1, 1))
        r = service.add_respondent(s, ronde.id, "", "wethouder")
        service.set_answers(s, r.id, dict(enumerate("bbbbbbbbbbbbbb", start=1)))
    section.page.tabs.setCurrentIndex(1)
    view = section.page.werkplaats
    assert view.steps.count() == 9
    assert "Vragen" not in view.step_text.toPlainText()  # step 1 has uitgangspunten
    assert "het belang dat de gemeente hecht aan vrijwillige inzet" in view.step_text.toPlainText()
    # choose the ronde as starting point of step 1
    view.ronde_combo.setCurrentIndex(view.ronde_combo.findData(ronde.id))
    view.ronde_combo.activated.emit(view.ronde_combo.currentIndex())
    assert "De leunstoel" in view.start_text.text()
    # step 2: verbatim questions; edit status and notes, save with Ctrl+S
    view.steps.setCurrentRow(1)
    assert "Wat zijn de sterke en zwakke kanten" in view.step_text.toPlainText()
    view.status.setCurrentText("bezig")
    view.owner.setFocus()
    qtbot.keyClicks(view.owner, "Marieke")
    view.notes.setPlainText("Inventarisatie loopt")
    view.s_edits["situeren"].setPlainText("netwerk in kaart")
    view.thema_checks["loket"].setChecked(True)
    assert view.dirty and view.save_button.isEnabled()
    qtbot.keyClick(view.owner, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not view.dirty
    with store.session() as s:
        overzicht = plan_service.plan_overzicht(s, plan_service.current_plan(s).id)
    stap2 = overzicht.stappen[1]
    assert (stap2.status, stap2.eigenaar, stap2.notities) == (
        "bezig",
        "Marieke",
        "Inventarisatie loopt",
    )
    assert overzicht.ronde_id == ronde.id
    assert next(x for x in overzicht.s_en if x.s.key == "situeren").notities == "netwerk in kaart"
    assert next(t for t in overzicht.themas if t.thema.key == "loket").afgevinkt
    assert "◐  2." in view.steps.item(1).text()
    # unsaved change + switching step asks; Cancel keeps the user on the step
    view.notes.setPlainText("nog niet opgeslagen")
    answer_later(QMessageBox.StandardButton.Cancel)
    view.steps.setCurrentRow(4)
    assert view.current_step == 2
    assert view.steps.currentRow() == 1
