"""Disk full: a clear Dutch message, a clean rollback, committed data intact."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.store import backup, open_store, settings, wijken


@pytest.fixture
def small_fs(tmp_path):
    """A 600 kB tmpfs, when this process may mount one (root on Linux)."""
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("een klein bestandssysteem koppelen vraagt root-rechten")
    mnt = tmp_path / f"klein-{uuid.uuid4().hex[:6]}"
    mnt.mkdir()
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.skip(f"tmpfs koppelen mag hier niet: {proc.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_disk_full_gives_dutch_message_and_keeps_committed_data(small_fs: Path):
    db = small_fs / "elkaar.db"
    store = open_store(db)
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
    committed = 0
    error = None
    for i in range(2000):
        try:
            with store.session() as s:
                wijken.add_wijk(s, f"Wijk {i} " + "x" * 150)
                settings.put(s, f"vulling.{i}", "y" * 4000)
            committed += 1
        except UserError as exc:
            error = exc
            break
    assert error is not None, "the filesystem never filled up"
    assert "schijf is vol" in error.message and "niets opgeslagen" in error.message
    # the engine is still usable and the failed unit of work left nothing behind
    with store.session() as s:
        assert len(wijken.list_wijken(s)) == committed
        assert settings.gemeente_naam(s) == "Lindewaard"
    store.close()
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT count(*) FROM wijk").fetchone()[0] == committed
    con.close()


def test_backup_to_a_full_disk_fails_cleanly(store, small_fs: Path):
    with store.session() as s:
        for i in range(400):
            wijken.add_wijk(s, f"Wijk {i} " + "z" * 150)
            settings.put(s, f"vulling.{i}", "q" * 1000)
    filler = small_fs / "vol.bin"
    filler.write_bytes(b"\0" * 300_000)
    with pytest.raises(UserError, match="vol|niet gemaakt"):
        backup.backup_store(store, small_fs / "kopie.db")
    assert sorted(p.name for p in small_fs.iterdir()) == ["vol.bin"]  # no half file
