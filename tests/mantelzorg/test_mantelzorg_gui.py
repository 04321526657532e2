"""The Mantelzorgers section driven like a user: keyboard registration, the gesprek form
with autosave and draft recovery (also after killing the process), encryption set-up
from the window and the idle lock."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date

import pytest
from mz_helpers import PASS, enc_db, enc_store, enc_template, register  # noqa: F401
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.mantelzorg import gesprekken, service
from desktop.mantelzorg.models import Gesprek, GesprekConcept, Ondersteuningsplan
from desktop.ui.section import AppContext


@pytest.fixture
def section(qtbot, enc_store):
    from desktop.mantelzorg.views import MantelzorgSection

    sec = MantelzorgSection(AppContext(store=enc_store))
    qtbot.addWidget(sec)
    sec.resize(1366, 768)
    sec.show()
    return sec


def test_register_a_mantelzorger_by_keyboard(qtbot, section):
    assert section.empty.isVisible()
    done = {}

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:  # the dialog is not up yet: look again shortly
            if time.monotonic() - start < 30:
                QTimer.singleShot(50, fill)
            return
        done["dialog"] = dialog
        try:
            dialog.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
            done["disabled_at_start"] = not dialog.save_button.isEnabled()  # naam required
            qtbot.keyClicks(dialog.focusWidget(), "Karin Kok")
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
            done["focus"] = dialog.focusWidget().objectName()
            qtbot.keyClicks(dialog.focusWidget(), "Henk Kok")
            qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        finally:
            if dialog.isVisible():  # never leave a modal dialog open in a test
                dialog.done(0)

    def close_leftover_modal() -> None:  # never hang the suite on a modal dialog
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            dialog.done(0)

    start = time.monotonic()
    QTimer.singleShot(0, fill)
    QTimer.singleShot(45_000, close_leftover_modal)
    section.window().activateWindow()
    qtbot.keyClick(section, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert time.monotonic() - start < 60
    assert done["disabled_at_start"] and done["focus"] == "zorgvragerNaam"
    assert done["dialog"].saved_id is not None
    with section.ctx.store.session() as s:
        [row] = service.find(s, "karin")
        assert row.zorgvragers == "Henk Kok"
        m = service.get(s, row.id, log_view=False)
        assert m.toestemming_datum == date.today() and m.toestemming_waarvoor
    assert section.table.rowCount() == 1 and "Karin Kok" in section.detail.toPlainText()


def test_gesprek_form_autosaves_and_comes_back(qtbot, enc_store):
    from desktop.mantelzorg.gesprek_view import GesprekDialog

    ctx = AppContext(store=enc_store)
    with enc_store.session() as s:
        mid = register(s, "Gerda Gesprek").id
    dialog = GesprekDialog(ctx, mid, autosave_ms=50)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.go(4)  # 4. Ontspannen en tijd voor jezelf scheppen
    qtbot.keyClicks(dialog.area_notes["vg4"], "Wil graag een dag per week vrij")
    dialog.belasting.setValue(8)

    def stored() -> bool:
        with enc_store.session() as s:
            return any("dag per week" in d.inhoud for d in s.scalars(select(GesprekConcept)))

    qtbot.waitUntil(stored, timeout=3000)
    dialog.timer.stop()  # "crash": no save, no close handling
    dialog.hide()
    with enc_store.session() as s:
        [draft] = gesprekken.open_drafts(s)
    again = GesprekDialog(ctx, mid, draft=draft, autosave_ms=10_000)
    qtbot.addWidget(again)
    assert again.area_notes["vg4"].toPlainText() == "Wil graag een dag per week vrij"
    assert again.area_checks["vg4"].isChecked() and again.belasting.value() == 8
    assert again.stack.currentIndex() == 4
    again.afspraken.setPlainText("Respijtzorg aanvragen; mantelzorger")
    again.save()
    with enc_store.session() as s:
        g = s.scalar(select(Gesprek))
        assert g.belasting == 8 and g.vraaggebieden[0].sleutel == "vg4"
        assert s.scalar(select(Ondersteuningsplan)).afspraken[0].wat == "Respijtzorg aanvragen"
        assert gesprekken.open_drafts(s) == []


CRASH_SCRIPT = r"""
import sys, time
from desktop.app import make_app
from desktop.store import open_store
from desktop.ui.section import AppContext
from desktop.mantelzorg.gesprek_view import GesprekDialog
app = make_app()
store = open_store(sys.argv[1])
dialog = GesprekDialog(AppContext(store=store), int(sys.argv[2]), autosave_ms=100)
dialog.show()
dialog.area_notes["vg1"].setPlainText("Tekst vlak voor de stroomstoring")
end = time.monotonic() + 20
while dialog.draft_id is None and time.monotonic() < end:
    app.processEvents()
    time.sleep(0.02)
print("bewaard", flush=True)
time.sleep(60)
"""


def test_draft_survives_killing_the_process(enc_store, tmp_path):
    with enc_store.session() as s:
        mid = register(s, "Kees Kill").id
    db = enc_store.path
    enc_store.close()
    env = dict(os.environ, ELKAAR_PASSPHRASE=PASS, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASH_SCRIPT, str(db), str(mid)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout.readline().strip() == "bewaard"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    from desktop.store import open_store

    s2 = open_store(db, passphrase=PASS)
    try:
        with s2.session() as s:
            [draft] = gesprekken.open_drafts(s)
            assert draft.mantelzorger_id == mid
            assert (
                draft.inhoud["vraaggebieden"]["vg1"]["notitie"]
                == "Tekst vlak voor de stroomstoring"
            )
    finally:
        s2.close()


def test_encryption_set_up_from_the_window(qtbot, store, monkeypatch):
    from desktop.mantelzorg import encrypt_view
    from desktop.mantelzorg.views import MantelzorgSection

    sec = MantelzorgSection(AppContext(store=store))
    qtbot.addWidget(sec)
    sec.show()
    assert sec.pages.currentIndex() == 0  # explanation + "Versleuteling instellen"
    shown = []
    monkeypatch.setattr(
        encrypt_view.RecoveryKeyDialog, "exec", lambda self: shown.append(self.key) or 1
    )
    dialog = encrypt_view.EncryptionDialog(sec.ctx, sec)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.pass1, "een goed wachtwoord hier")
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.pass2, "een goed wachtwoord hier")
    assert dialog.ok.isEnabled()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert store.encrypted and shown and shown[0] == dialog.recovery_key
    sec.refresh()
    assert sec.pages.currentIndex() == 1
    with store.session() as s:
        register(s, "Na Versleuteling")  # personal data is accepted now


def test_idle_lock_asks_the_passphrase_again(qtbot, section):
    section.guard.lock.emit()
    assert section.pages.currentWidget() is section.lock_panel
    qtbot.keyClicks(section.lock_panel.passphrase, "fout")
    qtbot.keyClick(section.lock_panel.passphrase, Qt.Key.Key_Return)
    assert "klopt niet" in section.lock_panel.melding.text()
    assert section.pages.currentWidget() is section.lock_panel
    qtbot.keyClicks(section.lock_panel.passphrase, PASS)
    qtbot.keyClick(section.lock_panel.passphrase, Qt.Key.Key_Return)
    assert section.pages.currentIndex() == 1


def test_add_a_second_zorgvrager_already_cared_for_by_someone_else(qtbot, section):
    from desktop.mantelzorg.forms import RelatieDialog

    with section.ctx.store.session() as s:
        first = register(s, "Eerste Zorger", "Gedeelde Vader")
        second = register(s, "Tweede Zorger", None).id
        shared = first.relaties[0].zorgvrager_id
    dialog = RelatieDialog(section.ctx, second)
    qtbot.addWidget(dialog)
    dialog.bestaand.setCurrentIndex(dialog.bestaand.findData(shared))
    dialog.relatie.setCurrentIndex(dialog.relatie.findData("kind"))
    dialog.uren.setValue(200)  # clamped by the widget to 168
    dialog.informeel.setValue(0)
    dialog.professioneel.setValue(1)
    dialog.aandoening_checks["pg"].setChecked(True)
    dialog.save()
    assert dialog.result() == 1, dialog.melding.text()
    with section.ctx.store.session() as s:
        [rel] = service.get(s, second, log_view=False).relaties
        assert (rel.zorgvrager_id, rel.relatie, rel.uren_per_week) == (shared, "kind", 168)
        assert [r.naam for r in service.find(s, "vader")] == ["Eerste Zorger", "Tweede Zorger"]
        flags = gesprekken.assess_mantelzorger(
            service.get(s, second, log_view=False)
        ).effective_keys
        assert {"rg1", "dementie"} <= flags
