from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.store import lock, open_store, settings


def write_lock(db: Path, *, pid: int, host: str | None = None, user: str = "anna") -> None:
    lock.lock_path(db).write_text(
        json.dumps(
            {
                "user": user,
                "host": host or socket.gethostname(),
                "pid": pid,
                "time": "2026-11-23T09:15:00",
            }
        )
    )


@pytest.fixture
def other_process():
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield proc
    proc.kill()
    proc.wait()


def test_window_lock_is_written_shared_and_released(db_path):
    s = open_store(db_path, lock=True)
    info = lock.read_lock(db_path)
    assert info is not None and info.pid == os.getpid() and info.host == socket.gethostname()
    s2 = open_store(db_path, lock=True)  # same process: shared
    s2.close()
    assert lock.lock_path(db_path).exists()
    s.close()
    assert not lock.lock_path(db_path).exists()


def test_other_live_elkaar_refuses_writing_but_allows_readonly(db_path, other_process):
    open_store(db_path).close()
    write_lock(db_path, pid=other_process.pid)
    with pytest.raises(lock.DatabaseLocked) as exc:
        open_store(db_path, lock=True)
    assert "anna" in exc.value.message and socket.gethostname() in exc.value.message
    assert "23-11-2026 09:15" in exc.value.message
    cli_like = open_store(db_path)  # without the lock (CLI): reading yes, writing no
    assert cli_like.readonly
    with (
        pytest.raises(UserError, match="anna.*al geopend|al geopend.*anna"),
        cli_like.session() as s,
    ):
        settings.set_gemeente_naam(s, "Mag niet")
    cli_like.close()
    ro = open_store(db_path, readonly=True, migrate=False)
    with ro.session() as s:
        assert settings.gemeente_naam(s) == ""
    with pytest.raises(UserError, match="alleen-lezen"), ro.session() as s:
        settings.set_gemeente_naam(s, "Mag niet")
    ro.close()
    assert lock.read_lock(db_path).pid == other_process.pid  # their lock untouched


def test_cli_write_command_refuses_with_dutch_message(cli, db_path, other_process):
    open_store(db_path).close()
    write_lock(db_path, pid=other_process.pid, user="bert")
    proc = cli("init", "--db", str(db_path), "--gemeente", "X")
    assert proc.returncode == 1
    assert "bert" in proc.stderr and "al geopend" in proc.stderr and "Traceback" not in proc.stderr
    proc = cli("backup", "--db", str(db_path))
    assert proc.returncode == 1 and "al geopend" in proc.stderr
    proc = cli("check", "--db", str(db_path))  # reading still works
    assert proc.returncode == 0, proc.stderr


def test_stale_lock_is_taken_over(db_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_lock(db_path, pid=dead.pid)
    s = open_store(db_path, lock=True)
    assert lock.read_lock(db_path).pid == os.getpid()
    s.close()


def test_lock_of_other_computer_needs_force(db_path):
    write_lock(db_path, pid=12345, host="andere-laptop")
    with pytest.raises(lock.DatabaseLocked, match="andere-laptop"):
        open_store(db_path, lock=True)
    s = open_store(db_path, lock=True, force_lock=True)
    assert lock.read_lock(db_path).host == socket.gethostname()
    s.close()


def test_garbage_lock_file_on_this_host_is_stale(db_path):
    lock.lock_path(db_path).write_text("{half")
    s = open_store(db_path, lock=True)
    s.close()


def test_restore_refuses_while_other_elkaar_has_it(store, db_path, tmp_path, other_process):
    from desktop.store import backup

    saved = backup.backup_store(store, tmp_path / "b.db").path
    store.close()
    write_lock(db_path, pid=other_process.pid)
    with pytest.raises(lock.DatabaseLocked):
        backup.restore(saved, db_path)


def test_network_filesystem_detection():
    mounts = [("/", "ext4"), ("/mnt/h", "cifs"), ("/mnt/nfs", "nfs4"), ("/mnt/hx", "ext4")]
    assert lock._linux_fs_type(Path("/mnt/h/elkaar.db"), mounts) == "cifs"
    assert lock._linux_fs_type(Path("/mnt/nfs/a/b.db"), mounts) == "nfs4"
    assert lock._linux_fs_type(Path("/mnt/hx/elkaar.db"), mounts) is None
    assert lock._linux_fs_type(Path("/home/a/elkaar.db"), mounts) is None
    assert lock.network_warning(Path("/tmp/x.db")) is None


def test_session_has_a_clean_rollback_after_readonly_error(db_path):
    open_store(db_path).close()
    ro = open_store(db_path, readonly=True, migrate=False)
    for _ in range(2):  # the engine stays usable after the translated error
        with pytest.raises(UserError, match="alleen-lezen"), ro.session() as s:
            s.execute(
                text(
                    "INSERT INTO wijk (naam, soort, volgorde, uuid, aangemaakt_op, gewijzigd_op) VALUES ('x','wijk',0,'u','2026-01-01','2026-01-01')"
                )
            )
    with ro.session() as s:
        assert s.execute(text("SELECT count(*) FROM wijk")).scalar() == 0
    ro.close()


def test_pid_reused_by_another_program_is_stale(db_path):
    other = subprocess.Popen(["sleep", "30"])
    try:
        write_lock(db_path, pid=other.pid)
        assert lock.holder(db_path) is None  # 'sleep' is not an Elkaar
        s = open_store(db_path, lock=True)
        s.close()
    finally:
        other.kill()
        other.wait()
