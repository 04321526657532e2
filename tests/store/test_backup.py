from __future__ import annotations

import hashlib
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.store import backup, migrations, open_store, overview, settings, wijken


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(store, n: int = 5) -> None:
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        for i in range(n):
            wijken.add_wijk(s, f"Wijk {i}")


def test_backup_is_consistent_checked_and_self_contained(store, db_path, tmp_path):
    fill(store)
    out = tmp_path / "kopie" / "b.db"
    info = backup.backup_store(store, out)
    assert info.ok and info.path == out and info.counts["wijk"] == 5
    assert backup.content_digest(out) == backup.content_digest(db_path)
    con = sqlite3.connect(out)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    con.close()
    assert [p.name for p in out.parent.iterdir()] == ["b.db"]  # no temp files left
    assert ("Wijken en kernen", 5) in info.labelled_counts()


def test_make_backup_records_time_and_copies_to_second_folder(store, db_path, tmp_path):
    fill(store)
    second = tmp_path / "usb"
    second.mkdir()
    with store.session() as s:
        settings.put(s, settings.BACKUP_TWEEDE_MAP, str(second))
    assert backup.backup_due(store)
    result = backup.make_backup(store)
    assert result.info.path.parent == db_path.parent / "reservekopieen"
    assert result.second == second / result.info.path.name
    assert sha(result.second) == sha(result.info.path)
    assert not result.second_problem
    with store.session() as s:
        assert overview.last_backup(s) is not None
        assert settings.get(s, backup.LAATSTE_TWEEDE)
    assert not backup.backup_due(store)
    assert backup.backup_due(store, now=datetime.now().astimezone() + timedelta(days=2))


def test_missing_second_folder_is_reported_not_fatal(store, tmp_path):
    with store.session() as s:
        settings.put(s, settings.BACKUP_MAP, str(tmp_path / "eigen"))
        settings.put(s, settings.BACKUP_TWEEDE_MAP, str(tmp_path / "weg"))
    result = backup.make_backup(store)
    assert result.info.path.parent == tmp_path / "eigen"
    assert result.second is None and "niet bereikbaar" in result.second_problem


def test_encrypted_backup_stays_encrypted(tmp_path):
    path = tmp_path / "enc.db"
    s = open_store(path, passphrase="geheim")
    fill(s)
    out = tmp_path / "enc-backup.db"
    info = backup.backup_store(s, out)
    s.close()
    assert info.encrypted and info.ok
    assert out.read_bytes()[:16] != b"SQLite format 3\x00"
    assert b"Lindewaard" not in out.read_bytes()
    assert backup.content_digest(out, "geheim") == backup.content_digest(path, "geheim")
    locked = backup.inspect_backup(out)
    assert locked.ok is None and locked.summary() == "versleuteld"
    assert backup.inspect_backup(out, "fout").ok is False
    with pytest.raises(UserError, match="wachtwoord"):
        backup.backup_file(path, tmp_path / "x.db", None)


def test_damaged_source_is_not_backed_up_and_old_generations_stay(tmp_path):
    path = tmp_path / "d.db"
    s = open_store(path)
    fill(s, 300)
    good = backup.make_backup(s).info.path
    s.close()
    con = sqlite3.connect(path)
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='wijk'").fetchone()[0]
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * page_size] = 0x01  # invalid b-tree page type on the wijk table
    path.write_bytes(bytes(data))
    before = sha(path)
    with pytest.raises(UserError, match="beschadigd|niet gemaakt"):
        backup.backup_file(path, tmp_path / "reservekopieen" / "nieuw.db")
    assert sha(path) == before
    assert [p.name for p in (tmp_path / "reservekopieen").iterdir()] == [good.name]


def test_generations_keep_7_daily_4_weekly_12_monthly():
    start = datetime(2025, 1, 1, 12, 0)
    stamps = [start + timedelta(hours=12 * i) for i in range(2 * 500)]  # twice a day
    keep = backup.generations_to_keep(stamps)
    newest = max(stamps)
    days = {t.date() for t in keep if newest - t < timedelta(days=7)}
    assert len(days) == 7
    assert len({(t.year, t.month) for t in keep}) == 12
    assert newest in keep
    assert len(keep) <= 7 + 4 + 12
    # exactly one per kept day
    assert len(keep) == len({t.date() for t in keep})


def test_prune_deletes_only_own_generations(tmp_path):
    folder = tmp_path / "rk"
    folder.mkdir()
    start = datetime(2026, 1, 1, 8, 0)
    for i in range(60):
        (folder / backup.backup_name("elkaar", start + timedelta(days=i))).write_bytes(b"x")
    (folder / backup.backup_name("ander", start)).write_bytes(b"x")
    (folder / "notities.txt").write_text("blijft")
    removed = backup.prune(folder, "elkaar")
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith("elkaar-"))
    assert len(left) == 60 - len(removed)
    assert 7 <= len(left) <= 7 + 4 + 12
    assert (folder / backup.backup_name("ander", start)).exists()
    assert (folder / "notities.txt").exists()
    assert backup.backup_name("elkaar", start + timedelta(days=59)) in left


def test_list_backups_shows_date_and_counts(store, tmp_path):
    fill(store, 3)
    first = backup.make_backup(store, now=datetime(2026, 3, 1, 10, 0)).info
    with store.session() as s:
        wijken.add_wijk(s, "Nog een")
    backup.make_backup(store, now=datetime(2026, 3, 2, 10, 0))
    (first.path.parent / "kapot.db").write_bytes(b"dit is geen database" * 100)
    items = backup.list_backups(first.path.parent)
    broken = [i for i in items if i.path.name == "kapot.db"]
    items = [i for i in items if i.path.name != "kapot.db"]
    assert [i.created for i in items[:2]] == [
        datetime(2026, 3, 2, 10, 0),
        datetime(2026, 3, 1, 10, 0),
    ]
    assert [i.counts["wijk"] for i in items[:2]] == [4, 3]
    assert broken and broken[0].ok is False and "onbruikbaar" in broken[0].summary()


def test_restore_keeps_current_aside_and_puts_backup_in_place(store, db_path):
    fill(store, 2)
    saved = backup.make_backup(store).info.path
    digest = backup.content_digest(saved)
    with store.session() as s:
        wijken.add_wijk(s, "Na de reservekopie")
    store.close()
    assert db_path.with_name(db_path.name + "-wal").exists() or True
    result = backup.restore(saved, db_path)
    assert result.kept_aside is not None and result.kept_aside.exists()
    assert ".voor-herstel-" in result.kept_aside.name
    assert not db_path.with_name(db_path.name + "-shm").exists()
    assert backup.content_digest(db_path) == digest
    again = open_store(db_path)
    with again.session() as s:
        names = [w.naam for w in wijken.list_wijken(s)]
    again.close()
    assert "Na de reservekopie" not in names and len(names) == 2
    kept = open_store(result.kept_aside)
    with kept.session() as s:
        assert "Na de reservekopie" in [w.naam for w in wijken.list_wijken(s)]
    kept.close()


def test_restore_refuses_bad_backups_and_changes_nothing(store, db_path, tmp_path):
    fill(store)
    store.close()
    before = sha(db_path)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00" * 8192)
    with pytest.raises(UserError, match="niet bruikbaar"):
        backup.restore(bad, db_path)
    newer = tmp_path / "newer.db"
    backup.backup_file(db_path, newer)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO alembic_version VALUES ('9999_toekomst')")
    con.commit()
    con.close()
    with pytest.raises(UserError, match="nieuwere versie"):
        backup.restore(newer, db_path)
    assert sha(db_path) == before
    assert not list(tmp_path.glob("*.voor-herstel-*"))


def test_backup_before_migration(tmp_path):
    path = tmp_path / "oud.db"
    s = open_store(path, migrate=False)
    migrations.upgrade(s, "0001")
    s.close()
    s = open_store(path)  # pending migrations -> backup first
    s.close()
    made = list((tmp_path / "reservekopieen").glob("oud-*-voor-bijwerken.db"))
    assert len(made) == 1
    info = backup.inspect_backup(made[0])
    assert info.ok and info.revisions == {"0001"} and info.tag == "voor-bijwerken"


def test_newest_good_backup_skips_damaged(store, db_path):
    fill(store)
    good = backup.make_backup(store, now=datetime(2026, 1, 1, 9, 0)).info.path
    broken = good.parent / backup.backup_name(db_path.stem, datetime(2026, 1, 2, 9, 0))
    broken.write_bytes(good.read_bytes()[:5000])
    found = backup.newest_good_backup(db_path)
    assert found is not None and found.path == good


def test_cli_backup_list_and_restore(cli, store, db_path, tmp_path):
    fill(store)
    store.close()
    out = tmp_path / "handmatig.db"
    proc = cli("backup", "--db", str(db_path), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "Gecontroleerde reservekopie" in proc.stdout and out.exists()
    proc = cli("backup", "--db", str(db_path))
    assert proc.returncode == 0 and "reservekopieen" in proc.stdout
    proc = cli("backup", "--db", str(db_path), "--list")
    assert proc.returncode == 0 and "5 wijken en kernen" in proc.stdout
    proc = cli("restore", str(out), "--db", str(db_path))
    assert proc.returncode == 0, proc.stderr
    assert "bewaard als" in proc.stdout
    proc = cli("restore", str(tmp_path / "bestaat-niet.db"), "--db", str(db_path))
    assert proc.returncode == 1 and proc.stderr.startswith("Fout: ")
    assert "Traceback" not in proc.stderr


def test_interrupted_restore_never_leaves_the_database_missing(store, db_path, monkeypatch):
    fill(store, 2)
    saved = backup.make_backup(store).info.path
    with store.session() as s:
        wijken.add_wijk(s, "Nieuwer")
    store.close()
    before = backup.content_digest(db_path)

    def crash(*args, **kwargs):
        raise OSError(5, "Input/output error")  # the power goes at the worst moment

    monkeypatch.setattr(backup.os, "replace", crash)
    with pytest.raises(UserError):
        backup.restore(saved, db_path)
    monkeypatch.undo()
    assert db_path.exists() and backup.content_digest(db_path) == before
    assert not list(db_path.parent.glob(".*.tmp"))


def test_recovery_key_file_travels_with_backups(tmp_path):
    db = tmp_path / "enc.db"
    s = open_store(db, passphrase="geheim wachtwoord")
    key_file = Path(str(db) + ".herstel")
    key_file.write_bytes(b"sleutelbestand-1")
    first = backup.make_backup(s, now=datetime(2026, 1, 1, 9, 0)).info.path
    key_file.write_bytes(b"sleutelbestand-2")  # passphrase changed later
    backup.make_backup(s, now=datetime(2026, 1, 2, 9, 0))
    s.close()
    assert Path(str(first) + ".herstel").read_bytes() == b"sleutelbestand-1"
    result = backup.restore(first, db, "geheim wachtwoord")
    assert key_file.read_bytes() == b"sleutelbestand-1"
    assert Path(str(result.kept_aside) + ".herstel").read_bytes() == b"sleutelbestand-2"
    # pruning removes a backup together with its key file
    for day in range(3, 60):
        (
            first.parent / backup.backup_name("enc", datetime(2026, 1, 1) + timedelta(days=day))
        ).write_bytes(b"x")
        (
            first.parent
            / (backup.backup_name("enc", datetime(2026, 1, 1) + timedelta(days=day)) + ".herstel")
        ).write_bytes(b"k")
    backup.prune(first.parent, "enc")
    dbs = {p.name for p in first.parent.glob("*.db")}
    keys = {p.name[: -len(".herstel")] for p in first.parent.glob("*.herstel")}
    assert dbs == keys and len(dbs) < 30
