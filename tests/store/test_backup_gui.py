"""The window side of data safety: Instellingen panel, close/daily backups, open dialogs."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop import app as app_module
from desktop.app import create_main_window
from desktop.store import backup, lock, open_store, overview, settings, wijken
from desktop.ui import backup_view


def make_window(qtbot, store):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    window = create_main_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture(autouse=True)
def no_modal_boxes(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *a, **k: shown.append(a[2]))
    )
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: shown.append(a[2])))
    return shown


def test_backup_now_lists_it_with_counts(qtbot, store):
    with store.session() as s:
        for naam in ("Centrum", "Oost", "West"):
            wijken.add_wijk(s, naam)
    window = make_window(qtbot, store)
    window.open_section("instellingen")
    panel = window.current_section().backups
    assert panel.table.rowCount() == 0 and not panel.empty.isHidden()
    qtbot.mouseClick(panel.now_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)
    assert "3 wijken en kernen" in panel.table.item(0, 2).text()
    assert "Reservekopie gemaakt" in window.statusBar().currentMessage()
    assert panel.last.text() != "nog geen reservekopie"
    # preview shows the counts per kind
    panel.table.selectRow(0)
    assert panel.preview_button.isEnabled() and panel.restore_button.isEnabled()
    shown = []
    monkey_exec = lambda dialog: shown.append(dialog) or 0  # noqa: E731
    backup_view.BackupPreview.exec = monkey_exec
    try:
        panel.preview()
    finally:
        del backup_view.BackupPreview.exec
    table = shown[0].table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Wijken en kernen"] == "3"


def test_restore_from_panel_reopens_store_and_keeps_old_file(
    qtbot, store, db_path, monkeypatch, no_modal_boxes
):
    with store.session() as s:
        wijken.add_wijk(s, "Centrum")
    saved = backup.make_backup(store, now=datetime(2026, 1, 5, 9, 0)).info.path
    with store.session() as s:
        wijken.add_wijk(s, "Later toegevoegd")
    window = make_window(qtbot, store)
    window.open_section("instellingen")
    panel = window.current_section().backups
    row = next(i for i, info in enumerate(panel.infos) if info.path == saved)
    panel.table.selectRow(row)
    monkeypatch.setattr(panel, "confirm_restore", lambda info: True)
    result = panel.restore()
    assert result is None  # restore() returns via restore_path; check effects
    with store.session() as s:  # the same Store object now reads the restored file
        assert [w.naam for w in wijken.list_wijken(s)] == ["Centrum"]
    kept = list(db_path.parent.glob("elkaar.voor-herstel-*.db"))
    assert len(kept) == 1
    assert any(str(kept[0]) in text for text in no_modal_boxes)
    assert lock.read_lock(db_path) is None or lock.is_mine(lock.read_lock(db_path))
    with store.session() as s:  # still writable
        wijken.add_wijk(s, "Na herstel")


def test_restore_refused_when_user_says_no(qtbot, store, monkeypatch):
    saved = backup.make_backup(store).info.path
    with store.session() as s:
        wijken.add_wijk(s, "Blijft")
    window = make_window(qtbot, store)
    window.open_section("instellingen")
    panel = window.current_section().backups
    monkeypatch.setattr(panel, "confirm_restore", lambda info: False)
    assert panel.restore_path(saved) is None
    with store.session() as s:
        assert [w.naam for w in wijken.list_wijken(s)] == ["Blijft"]


def test_window_close_makes_a_backup(qtbot, store, db_path):
    window = make_window(qtbot, store)
    window.close()
    made = backup.list_backups(db_path.parent / "reservekopieen")
    assert len(made) == 1 and made[0].ok
    with store.session() as s:
        assert overview.last_backup(s) is not None


def test_daily_backup_runs_in_background_when_due(qtbot, store, db_path):
    window = make_window(qtbot, store)
    auto = window.auto_backup
    with qtbot.waitSignal(auto.finished, timeout=10000) as blocker:
        assert auto.check()
    assert isinstance(blocker.args[0], backup.BackupResult)
    assert not auto.check()  # not due again today
    assert "Automatische reservekopie" in window.statusBar().currentMessage()


def test_start_page_shows_last_backup_and_second_location(qtbot, store, tmp_path):
    with store.session() as s:
        settings.put(s, settings.BACKUP_TWEEDE_MAP, str(tmp_path / "usb-weg"))
    window = make_window(qtbot, store)
    start = window.current_section()
    assert "nog geen reservekopie" in start.backup_line.text()
    texts = [start.items.item(i).text() for i in range(start.items.count())]
    assert any("tweede locatie" in t and "ontbreekt" in t for t in texts)
    backup.make_backup(store)
    start.refresh()
    assert "Laatste goede reservekopie" in start.backup_line.text()


def _foreign_lock(db_path, pid):
    lock.lock_path(db_path).write_text(
        json.dumps({"user": "bert", "host": socket.gethostname(), "pid": pid, "time": ""})
    )


def test_open_in_use_offers_readonly(qtbot, db_path, monkeypatch):
    open_store(db_path).close()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        _foreign_lock(db_path, other.pid)
        asked = []
        monkeypatch.setattr(
            app_module, "ask_locked", lambda exc, parent=None: asked.append(exc) or "readonly"
        )
        store = app_module.open_store_interactive(str(db_path))
        assert asked and "bert" in asked[0].message
        assert store is not None and store.readonly
        window = create_main_window(store)
        qtbot.addWidget(window)
        assert "alleen-lezen" in window.windowTitle()
        window.close()  # no backup, no write on close
        assert not (db_path.parent / "reservekopieen").exists()
        store.close()
        assert lock.read_lock(db_path).pid == other.pid
    finally:
        other.kill()
        other.wait()


def test_damaged_database_offers_newest_good_backup(qtbot, db_path, monkeypatch):
    s = open_store(db_path)
    with s.session() as session:
        wijken.add_wijk(session, "Gered")
    backup.make_backup(s)
    s.close()
    db_path.write_bytes(db_path.read_bytes()[:3000])  # truncated
    offered = []
    monkeypatch.setattr(
        app_module,
        "offer_restore",
        lambda p, m, c, parent=None: offered.append((m, c)) or "restore",
    )
    store = app_module.open_store_interactive(str(db_path))
    assert offered and offered[0][1] is not None and "beschadigd" in offered[0][0].lower()
    assert store is not None and not store.readonly
    with store.session() as session:
        assert [w.naam for w in wijken.list_wijken(session)] == ["Gered"]
    store.close()
    assert list(db_path.parent.glob("elkaar.voor-herstel-*.db"))


def test_zeroed_header_is_not_taken_for_encrypted(qtbot, db_path, monkeypatch):
    s = open_store(db_path)
    backup.make_backup(s)
    s.close()
    data = db_path.read_bytes()
    db_path.write_bytes(b"\0" * 100 + data[100:])
    monkeypatch.setattr(
        "desktop.ui.passphrase.ask_passphrase", lambda *a: pytest.fail("asked a passphrase")
    )
    offered = []
    monkeypatch.setattr(
        app_module, "offer_restore", lambda p, m, c, parent=None: offered.append(c) or "quit"
    )
    assert app_module.open_store_interactive(str(db_path)) is None
    assert offered and offered[0] is not None
