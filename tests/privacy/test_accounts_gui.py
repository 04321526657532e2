from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop import app as app_module
from desktop.app import create_main_window
from desktop.privacy import accounts, audit
from desktop.store import settings
from desktop.ui.accounts_view import AuditLogDialog
from desktop.ui.login import LoginDialog

PW = "paarse olifant 7"


@pytest.fixture(autouse=True)
def signed_out():
    accounts._set_current(None)
    yield
    accounts._set_current(None)


def setup_accounts(store):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
        accounts.create_user(s, "anna", PW, "beheerder")
        accounts.create_user(s, "lezer", "groene tulp 42", "alleen-lezen")
    accounts._set_current(None)


def test_login_dialog_by_keyboard(qtbot, store):
    setup_accounts(store)
    dialog = LoginDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.naam, "anna")
    qtbot.keyClicks(dialog.wachtwoord, "fout wachtwoord")
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert "klopt niet" in dialog.message.text() and dialog.wachtwoord.text() == ""
    assert dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.wachtwoord, PW)
    qtbot.keyClick(dialog.wachtwoord, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert accounts.current_account().naam == "anna"


def test_readonly_role_gets_readonly_store(qtbot, store, monkeypatch):
    setup_accounts(store)

    def fake_sign_in(st, parent=None):
        accounts.sign_in(st, "lezer", "groene tulp 42")
        return True

    monkeypatch.setattr("desktop.ui.login.sign_in_at_start", fake_sign_in)
    assert app_module.sign_in(store)
    assert store.readonly
    window = create_main_window(store)
    qtbot.addWidget(window)
    assert "alleen-lezen" in window.windowTitle()
    window.open_section("instellingen")
    panel = window.current_section().accounts
    assert not panel.audit_button.isEnabled()  # not a beheerder
    window.close()


def test_idle_lock_asks_password_again(qtbot, store):
    setup_accounts(store)
    accounts.sign_in(store, "anna", PW)
    window = create_main_window(store)
    qtbot.addWidget(window)
    window.show()
    assert window.idle_lock is not None and window.idle_lock.minutes == 15
    window.idle_lock.lock()
    dialog = window.idle_lock.dialog
    assert dialog.isVisible()
    qtbot.keyClicks(dialog.wachtwoord, "fout")
    dialog.try_unlock()
    assert dialog.isVisible() and "klopt niet" in dialog.message.text()
    qtbot.keyClicks(dialog.wachtwoord, PW)
    dialog.try_unlock()
    assert not dialog.isVisible() and not window.idle_lock.locked
    with store.session() as s:
        actions = [e.actie for e in audit.entries(s, limit=3)]
    assert actions == ["ontgrendelen", "ontgrendelen-mislukt", "vergrendeld"]
    window.close()
    with store.session() as s:
        assert audit.entries(s, limit=1)[0].actie == "afmelden"


def test_audit_dialog_filters_verifies_and_exports(qtbot, store, tmp_path):
    setup_accounts(store)
    accounts.sign_in(store, "anna", PW)
    with store.session() as s:
        audit.log(s, "bekijk", "mantelzorger", 3, "dossier geopend")
    dialog = AuditLogDialog(_ctx(store))
    qtbot.addWidget(dialog)
    total = dialog.table.rowCount()
    assert total >= 4
    dialog.action.setCurrentIndex(dialog.action.findData("bekijk"))
    assert dialog.table.rowCount() == 1
    assert dialog.table.item(0, 4).text() == "dossier geopend"
    qtbot.keyClicks(dialog.text, "niets hiervan")
    assert dialog.table.rowCount() == 0
    assert dialog.verify().ok and "in orde" in dialog.status.text()
    dialog.text.clear()
    out = dialog.export(str(tmp_path / "audit.xlsx"))
    assert out is not None and out.exists()


def _ctx(store):
    from desktop.ui.section import AppContext

    return AppContext(store=store)


def test_enable_accounts_from_settings(qtbot, store, monkeypatch):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    window = create_main_window(store)
    qtbot.addWidget(window)
    window.open_section("instellingen")
    panel = window.current_section().accounts
    assert panel.enable_button.isVisibleTo(panel)
    from desktop.ui import login

    def fake_exec(dialog):
        qtbot.keyClicks(dialog.naam, "anna")
        qtbot.keyClicks(dialog.pw1, PW)
        assert not dialog.ok.isEnabled()
        qtbot.keyClicks(dialog.pw2, PW)
        assert dialog.ok.isEnabled()
        return 1

    monkeypatch.setattr(login.NewUserDialog, "exec", fake_exec)
    panel.add_user()
    assert accounts.current_account().is_beheerder
    assert panel.table.rowCount() == 1 and not panel.enable_button.isVisibleTo(panel)
    window.close()
