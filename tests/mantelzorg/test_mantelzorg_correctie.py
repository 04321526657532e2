"""Correcting a finished gesprek from the mantelzorger's detail, driven by keyboard through
the real widgets; the correction lands in the change log and the audit log, unsaved
changes are asked about, and a bad correction leaves the stored gesprek intact."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: F401
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select

from desktop.mantelzorg import gesprekken
from desktop.mantelzorg.models import Gesprek, GesprekConcept
from desktop.privacy import audit
from desktop.store import changelog
from desktop.ui.section import AppContext

OUD = "Slaapt slecht door de nachtelijke zorg"
NIEUW = "Slaapt weer beter sinds de nachtopvang"


def _gesprek(session, mid: int) -> int:
    data = gesprekken.GesprekData(
        datum=date.today() - timedelta(days=20),
        vraaggebieden={
            "vg2": gesprekken.VraaggebiedNotitie(True, OUD),
            "vg5": gesprekken.VraaggebiedNotitie(True, "Wil graag een praatgroep"),
        },
        belasting=7,
        conclusies="Respijtzorg bespreken",
    )
    return gesprekken.save_gesprek(session, mid, data).id


@pytest.fixture
def dossier(qtbot, enc_store):
    from desktop.mantelzorg.views import MantelzorgSection

    with enc_store.session() as s:
        mid = register(s, "Ria Rijnders", zorgvrager="Wim Rijnders").id
        gid = _gesprek(s, mid)
        s.execute(select(Gesprek).where(Gesprek.id == gid)).scalar_one().instrument_versie = "oud"
    sec = MantelzorgSection(AppContext(store=enc_store))
    qtbot.addWidget(sec)
    sec.resize(1366, 768)
    sec.show()
    sec.select(mid)
    return sec, mid, gid


def _in_modal(qtbot, steps, done: dict) -> None:
    """Run ``steps(dialog)`` on the modal dialog once it is up; never leave it open."""
    start = time.monotonic()

    def go() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not dialog.isVisible():
            if time.monotonic() - start < 20:
                QTimer.singleShot(30, go)
            return
        try:
            steps(dialog)
        except Exception as exc:  # reported by the test, not swallowed by Qt
            done["error"] = exc
        finally:
            if dialog.isVisible():
                dialog.done(0)

    QTimer.singleShot(0, go)


def _answer_question(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    start = time.monotonic()

    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            if time.monotonic() - start < 10:
                QTimer.singleShot(30, go)
            return
        seen.append(box.text())
        box.button(button).click()

    QTimer.singleShot(0, go)


def _open_from_gesprekken_tab(qtbot, sec) -> None:
    sec.window().activateWindow()
    qtbot.keyClick(sec, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)  # "Gespre&kken"
    assert sec.tabs.currentIndex() == 1
    sec.gesprek_list.setFocus()
    qtbot.keyClick(sec.gesprek_list, Qt.Key.Key_Return)


def test_correct_a_finished_gesprek_by_keyboard(qtbot, dossier):
    sec, mid, gid = dossier
    assert sec.gesprek_list.count() == 1
    assert "2 vraaggebieden besproken" in sec.gesprek_list.item(0).text()
    done: dict = {}
    questions: list[str] = []

    def steps(dialog) -> None:
        done["title"] = dialog.windowTitle()
        done["pages"] = dialog.stack.count()
        done["start_page"] = dialog.stack.currentIndex()
        done["loaded"] = dialog.area_notes["vg2"].toPlainText()
        qtbot.keyClick(dialog, Qt.Key.Key_PageDown)  # 1. -> 2. vraaggebied
        note = dialog.area_notes["vg2"]
        note.setFocus()
        qtbot.keyClick(note, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(note, NIEUW)
        dialog.area_checks["vg5"].setChecked(False)  # and drop what was said about vg5
        dialog.area_notes["vg5"].clear()
        # Esc with changes: asked; "Annuleren" keeps the form open with the text
        _answer_question(QMessageBox.StandardButton.Cancel, questions)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        done["open_after_esc"] = dialog.isVisible()
        done["kept"] = note.toPlainText()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        done["saved"] = dialog.saved_gesprek_id
        done["melding"] = dialog.melding.text()

    _in_modal(qtbot, steps, done)
    _open_from_gesprekken_tab(qtbot, sec)
    assert "error" not in done, done.get("error")
    assert done["title"].startswith("Gesprek van") and "corrigeren" in done["title"]
    assert done["pages"] == 12  # start, nine vraaggebieden, draaglast, signalen: no plan page
    assert done["start_page"] == 1 and done["loaded"] == OUD
    assert questions and "niet opgeslagen" in questions[0]
    assert done["open_after_esc"] and done["kept"] == NIEUW
    assert done["saved"] == gid, done["melding"]
    with sec.ctx.store.session() as s:
        g = s.get(Gesprek, gid)
        notes = {v.sleutel: v.notitie for v in g.vraaggebieden}
        assert notes == {"vg2": NIEUW}
        assert g.belasting == 7 and g.conclusies == "Respijtzorg bespreken"
        assert g.instrument_versie == "oud"  # a correction keeps the edition it was held in
        log = {(w.veld, w.oud, w.nieuw) for w in changelog.history(s, "gesprek", gid)}
        assert ("vg2.notitie", OUD, NIEUW) in log
        assert ("vg5.besproken", "ja", "nee") in log
        assert ("vg5.notitie", "Wil graag een praatgroep", None) in log
        [entry] = [
            e for e in audit.entries(s, onderwerp_id=mid) if "gecorrigeerd" in e.omschrijving
        ]
        assert entry.actie == "wijzig" and f"gesprek {gid}" in entry.omschrijving
        assert s.scalars(select(GesprekConcept)).all() == []  # no draft left behind
    assert sec.tabs.currentIndex() == 1
    assert "belasting 7/10" in sec.gesprek_list.item(0).text()


def test_leaving_a_correction_without_saving(qtbot, dossier):
    sec, mid, gid = dossier
    done: dict = {}
    questions: list[str] = []

    def steps(dialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: closes, no question
        done["closed_unchanged"] = not dialog.isVisible()

    _in_modal(qtbot, steps, done)
    _open_from_gesprekken_tab(qtbot, sec)
    assert done["closed_unchanged"] and not questions

    def steps2(dialog) -> None:
        dialog.conclusies.setPlainText("Iets heel anders")
        assert dialog.autosave()  # a draft while the correction is open (power cut)
        with sec.ctx.store.session() as s:
            [draft] = gesprekken.open_drafts(s)
            done["draft_gesprek"] = draft.gesprek_id
        _answer_question(QMessageBox.StandardButton.Discard, questions)
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        done["closed"] = not dialog.isVisible()

    _in_modal(qtbot, steps2, done)
    _open_from_gesprekken_tab(qtbot, sec)
    assert "error" not in done, done.get("error")
    assert done["draft_gesprek"] == gid and done["closed"] and len(questions) == 1
    with sec.ctx.store.session() as s:
        assert s.get(Gesprek, gid).conclusies == "Respijtzorg bespreken"
        assert gesprekken.open_drafts(s) == []
        assert changelog.history(s, "gesprek", gid)[0].actie == "nieuw"


def test_a_correction_draft_comes_back_as_a_correction(qtbot, enc_store):
    from desktop.mantelzorg.gesprek_view import GesprekDialog

    ctx = AppContext(store=enc_store)
    with enc_store.session() as s:
        mid = register(s, "Bert Bakker").id
        gid = _gesprek(s, mid)
    dialog = GesprekDialog(ctx, mid, gesprek_id=gid, autosave_ms=60_000)
    qtbot.addWidget(dialog)
    assert not dialog.autosave()  # unchanged: no draft
    dialog.area_notes["vg2"].setPlainText(NIEUW)
    assert dialog.autosave()
    dialog.timer.stop()  # "crash"
    with enc_store.session() as s:
        [draft] = gesprekken.open_drafts(s)
    again = GesprekDialog(ctx, mid, draft=draft, autosave_ms=60_000)
    qtbot.addWidget(again)
    assert again.correcting and again.gesprek_id == gid
    assert again.area_notes["vg2"].toPlainText() == NIEUW
    again.save()
    with enc_store.session() as s:
        assert len(s.scalars(select(Gesprek)).all()) == 1  # corrected, not a second one
        assert s.get(Gesprek, gid).vraaggebieden[0].notitie == NIEUW
        assert gesprekken.open_drafts(s) == []


def test_a_bad_correction_is_refused_and_changes_nothing(qtbot, enc_store):
    from desktop.mantelzorg.gesprek_view import GesprekDialog

    ctx = AppContext(store=enc_store)
    with enc_store.session() as s:
        mid = register(s, "Els Evers").id
        gid = _gesprek(s, mid)
        before = gesprekken.gesprek_data(s.get(Gesprek, gid)).to_json()
        n_changes = len(changelog.history(s, "gesprek", gid))
    dialog = GesprekDialog(ctx, mid, gesprek_id=gid, autosave_ms=60_000)
    qtbot.addWidget(dialog)
    dialog.show()
    try:
        dialog.datum.set_value(date.today() + timedelta(days=3))
        dialog.area_notes["vg2"].setPlainText(NIEUW)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert dialog.isVisible() and "toekomst" in dialog.melding.text()
        assert dialog.area_notes["vg2"].toPlainText() == NIEUW  # the form stays as it was
        with enc_store.session() as s:
            assert gesprekken.gesprek_data(s.get(Gesprek, gid)).to_json() == before
            assert len(changelog.history(s, "gesprek", gid)) == n_changes
    finally:
        dialog.timer.stop()
        dialog.done(0)  # closes without the "not saved" question


def test_correcting_keeps_the_zorgvrager_of_an_ended_relation(enc_store):
    from desktop.mantelzorg import service

    with enc_store.session() as s:
        m = register(s, "Joke Jansen", zorgvrager="Piet Jansen")
        zid = m.relaties[0].zorgvrager_id
        data = gesprekken.GesprekData(datum=date.today(), zorgvrager_id=zid)
        gid = gesprekken.save_gesprek(s, m.id, data).id
        # a sister still cares for Piet, so Piet stays registered
        register(s, "Truus Jansen", rel=service.RelatieData(zorgvrager_id=zid, relatie="kind"))
        service.remove_relatie(s, m.relaties[0].id)
    with enc_store.session() as s:
        data = gesprekken.gesprek_data(s.get(Gesprek, gid))
        data.conclusies = "Gecorrigeerd"
        gesprekken.save_gesprek(s, m.id, data, gesprek_id=gid)
        assert s.get(Gesprek, gid).zorgvrager_id == zid
        # a new gesprek about someone no longer cared for is still refused
        with pytest.raises(Exception, match="hoort niet bij"):
            gesprekken.save_gesprek(
                s, m.id, gesprekken.GesprekData(date.today(), zorgvrager_id=zid)
            )


def test_after_vergeten_no_tab_shows_the_person(qtbot, dossier):
    sec, mid, gid = dossier
    assert sec.gesprek_list.count() == 1 and sec.plan_view.toPlainText()
    questions: list[str] = []
    _answer_question(QMessageBox.StandardButton.Discard, questions)
    sec.vergeet()
    assert questions and "gewist" in questions[0]
    assert sec.gesprek_list.count() == 0
    assert not sec.plan_view.toPlainText() and not sec.detail.toPlainText()
    assert not sec.correct_button.isEnabled() and not sec.followup_button.isEnabled()
    with sec.ctx.store.session() as s:
        assert s.get(Gesprek, gid) is None
