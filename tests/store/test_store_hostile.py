"""Damaged and foreign database files, tried the way a user meets them.

The corpus (``benchmarks.reliability.hostile_cases``) is built from a real demo database
and a small SQLCipher one: empty/short/truncated files, zeroed or garbage pages, flipped
bytes in index, table and interior b-tree pages (some only integrity_check sees), another
program's SQLite file, an Elkaar file with a table or column missing or an unknown
revision, a -wal of another database or a broken one, a hot -journal, a directory, no
read permission, a read-only file or folder, a missing folder, encrypted files with no or
a wrong passphrase, plain files with a passphrase. Each goes through ``open_store`` and
the CLI commands that open a store; each must end in one Dutch line (exit code 1) and
leave every file in the folder byte-for-byte unchanged.
"""

from __future__ import annotations

import json
import shutil
import socket
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import reliability  # noqa: E402

from desktop.errors import UserError  # noqa: E402
from desktop.store import backup, lock, open_store  # noqa: E402


@pytest.fixture(scope="module")
def templates(tmp_path_factory, demo_template):
    """(demo database, small encrypted database) shared by this module."""
    folder = tmp_path_factory.mktemp("hostile-templates")
    encrypted = reliability.make_template(folder, passphrase="goed")
    return demo_template, encrypted


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, templates):
    """name -> Hostile case, built once for this module."""
    good, encrypted = templates
    work = tmp_path_factory.mktemp("hostile-corpus")
    return {c.name: c for c in reliability.hostile_cases(good, encrypted, work)}


def _run(tmp_path, templates, targets, corpus):
    good, encrypted = templates
    return reliability.run_hostile(tmp_path, good, encrypted, targets, list(corpus.values()))


def test_corpus_is_broad(tmp_path, corpus):
    cases = list(corpus.values())
    names = list(corpus)
    assert len(cases) >= 45
    for needed in (
        "empty-file",
        "file-as-folder",
        "few-bytes",
        "zeroed-first-page",
        "random-garbage",
        "truncated-mid-page",
        "truncated-last-page-missing",
        "other-program-sqlite",
        "table-dropped",
        "column-missing",
        "newer-revision",
        "older-revision-table-dropped",
        "wal-of-other-database",
        "wal-truncated-header",
        "hot-journal",
        "directory",
        "no-read-permission",
        "read-only-file",
        "missing-folder",
        "encrypted-no-passphrase",
        "encrypted-wrong-passphrase",
        "plain-damaged-with-passphrase",
    ):
        assert needed in names
    # b-tree damage that quick_check misses but integrity_check finds, and damage both see
    assert any(n.startswith("index-page") and n.endswith("integrity-only") for n in names)
    assert any(n.startswith("table-page") and n.endswith("-quick") for n in names)
    for case in cases:  # every file variant really is unusable for plain SQLite + us
        if case.name.startswith(("index-page", "table-page", "interior-page", "truncated")):
            assert reliability._checks(case.files["elkaar.db"], tmp_path) != ("ok", "ok")


def test_open_store_refuses_every_variant_untouched(tmp_path, templates, corpus):
    outcome = _run(tmp_path, templates, {"open_store": reliability.open_target}, corpus)
    assert outcome.failures == []
    assert outcome.value("hostile_refused") == outcome.value("hostile_trials") >= 45


@pytest.mark.parametrize("command", sorted(reliability.CLI_COMMANDS))
def test_cli_refuses_every_variant_untouched(tmp_path, templates, corpus, command):
    targets = {command: reliability.cli_target(reliability.CLI_COMMANDS[command])}
    outcome = _run(tmp_path, templates, targets, corpus)
    assert outcome.failures == []
    assert outcome.value("hostile_refused") == outcome.value("hostile_trials") >= 45
    assert not (tmp_path / "uit.pdf").exists()


def test_restore_refuses_every_damaged_backup(tmp_path, templates, corpus):
    good, encrypted = templates
    outcome = reliability.run_restore_refusals(tmp_path, good, encrypted, list(corpus.values()))
    assert outcome.failures == []
    assert outcome.value("restore_bad_refused") == outcome.value("restore_bad_trials") >= 60


def test_judge_catches_bad_messages():
    case = reliability.Hostile("x", {}, ("beschadigd",), avoid=("wachtwoord",))
    assert reliability.judge(case, "") != ""  # opened
    assert reliability.judge(case, "file is not a database") != ""
    assert reliability.judge(case, "onverwachte fout (DatabaseError): beschadigd") != ""
    assert reliability.judge(case, "Het wachtwoord klopt niet, of beschadigd") != ""
    assert reliability.judge(case, "Het bestand is beschadigd.", 2) != ""
    assert reliability.judge(case, "Het bestand is beschadigd.\nTraceback") != ""
    assert reliability.judge(case, "Het bestand is beschadigd.", 1) == ""


@pytest.mark.parametrize("name", ["zeroed-first-page", "table-dropped", "wal-of-other-database"])
def test_real_cli_process_exit_1_one_dutch_line(cli, tmp_path, corpus, name):
    case = corpus[name]
    folder = tmp_path / "map"
    path = reliability.build_case(case, folder)
    before = reliability.snapshot(folder)
    r = cli("report", "databaseoverzicht", "--db", str(path), "--out", str(tmp_path / "x.pdf"))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Fout: ")
    assert reliability.judge(case, lines[0][len("Fout: ") :], r.returncode) == ""
    assert reliability.snapshot(folder) == before
    assert not (tmp_path / "x.pdf").exists()


def test_empty_file_is_not_silently_made_a_new_database(tmp_path):
    db = tmp_path / "elkaar.db"
    db.write_bytes(b"")
    with pytest.raises(UserError, match="leeg"):
        open_store(db)  # create=True, as the window does
    assert db.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elkaar.db"]


def test_an_older_database_is_still_brought_up_to_date(tmp_path):
    from desktop.store import migrations

    db = tmp_path / "oud.db"
    store = open_store(db, migrate=False)
    migrations.upgrade(store, "k001")
    store.close()
    store = open_store(db)  # rehearsed on a copy, then migrated for real
    try:
        assert migrations.current_revisions(store) == migrations.head_revisions()
    finally:
        store.close()
    assert list((tmp_path / backup.FOLDER_NAME).glob("oud-*-voor-bijwerken.db"))


def test_missing_folder_is_not_created(tmp_path):
    target = tmp_path / "usb-stick" / "elkaar" / "elkaar.db"
    with pytest.raises(UserError, match="bestaat niet"):
        open_store(target)
    assert not (tmp_path / "usb-stick").exists()
    (tmp_path / "usb-stick" / "elkaar").mkdir(parents=True)
    open_store(target).close()  # an existing folder: a new database, as before
    assert target.stat().st_size > 0


# --------------------------------------------------------------------------- crash states


def _crash_wal(good: Path, folder: Path, rows: int) -> Path:
    """A database with ``rows`` committed settings still only in its -wal (as kill -9
    leaves it)."""
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(good, db)
    main, wal = reliability._wal_of(
        db,
        folder,
        *[
            f"INSERT INTO instelling (sleutel, waarde) VALUES ('crash.{i}', 'x')"
            for i in range(rows)
        ],
    )
    db.write_bytes(main)
    Path(str(db) + "-wal").write_bytes(wal)
    return db


def _count(db: Path) -> int:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return con.execute(
            "SELECT count(*) FROM instelling WHERE sleutel LIKE 'crash.%'"
        ).fetchone()[0]
    finally:
        con.close()


def test_wal_left_by_a_crash_is_replayed_not_refused(tmp_path, templates):
    db = _crash_wal(templates[0], tmp_path / "a", 25)
    store = open_store(db, create=False)
    store.close()
    assert _count(db) == 25


def test_wal_with_a_torn_last_frame_keeps_the_committed_ones(tmp_path, templates):
    db = _crash_wal(templates[0], tmp_path / "a", 25)
    wal = Path(str(db) + "-wal")
    data = wal.read_bytes()
    page = int.from_bytes(db.read_bytes()[16:18], "big")
    # a second transaction whose last frame was cut off: SQLite drops only that one
    wal.write_bytes(data + data[32 : 32 + 24 + page // 2])
    store = open_store(db, create=False)
    store.close()
    assert _count(db) == 25


def test_wal_refusal_names_the_wal_and_the_database_alone_is_fine(tmp_path, corpus):
    case = corpus["wal-of-other-database"]
    path = reliability.build_case(case, tmp_path / "map")
    with pytest.raises(UserError, match="elkaar.db-wal"):
        open_store(path, create=False)
    Path(str(path) + "-wal").unlink()  # what the beheerder does after reading the message
    store = open_store(path, create=False)
    store.close()


# --------------------------------------------------------------------------- locks


def _write_lock(db: Path, *, host: str, pid: int) -> None:
    lock.lock_path(db).write_text(
        json.dumps({"user": "anna", "host": host, "pid": pid, "time": "2026-11-23T09:15:00"})
    )


def test_locked_by_another_elkaar_reads_untouched_and_refuses_writing(tmp_path, templates):
    folder = tmp_path / "map"
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(templates[0], db)
    _write_lock(db, host="laptop-steunpunt", pid=4242)
    before = reliability.snapshot(folder)
    check = reliability.cli_target(reliability.CLI_COMMANDS["check"])
    assert check(db, None) == ("", 0)
    report = reliability.cli_target(reliability.CLI_COMMANDS["report"])
    assert report(db, None) == ("", 0)
    _same_but_wal_index(folder, before)  # read-only: the database itself not touched
    message, code = reliability.cli_target(reliability.CLI_COMMANDS["backup"])(db, None)
    assert code == 1 and "al geopend door anna op computer laptop-steunpunt" in message
    with pytest.raises(lock.DatabaseLocked):
        open_store(db, lock=True)
    _same_but_wal_index(folder, before)


def _same_but_wal_index(folder: Path, before: dict[str, str]) -> None:
    """Every file as before; a reader of a WAL database may add an EMPTY -wal and the
    -shm index (SQLite's shared memory for readers), nothing else."""
    after = reliability.snapshot(folder)
    for name, digest in before.items():
        assert after.get(name) == digest, name
    for name in set(after) - set(before):
        assert name.endswith(("-shm", "-wal")), name
        if name.endswith("-wal"):
            assert (folder / name).stat().st_size == 0


def test_damage_is_reported_even_when_locked(tmp_path, corpus):
    case = corpus["table-dropped"]
    path = reliability.build_case(case, tmp_path / "map")
    _write_lock(path, host="laptop-steunpunt", pid=4242)
    before = reliability.snapshot(tmp_path / "map")
    with pytest.raises(UserError, match="onvolledig of beschadigd"):
        open_store(path, create=False)
    assert reliability.snapshot(tmp_path / "map") == before


def test_stale_lock_does_not_stop_anything(tmp_path, templates):
    folder = tmp_path / "map"
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(templates[0], db)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    _write_lock(db, host=socket.gethostname(), pid=dead.pid)
    assert reliability.cli_target(reliability.CLI_COMMANDS["check"])(db, None) == ("", 0)
    assert reliability.cli_target(reliability.CLI_COMMANDS["backup"])(db, None) == ("", 0)
    assert not lock.lock_path(db).exists()  # taken over and released


# --------------------------------------------------------------------------- backups


def _generations(db: Path, days: int) -> list[Path]:
    store = open_store(db)
    start = datetime(2026, 11, 1, 17, 0)
    made = [backup.make_backup(store, now=start + timedelta(days=d)).info.path for d in range(days)]
    store.close()
    return made


@pytest.mark.parametrize(
    "name", ["index-page", "table-page", "table-dropped", "column-missing", "zeroed-first-page"]
)
def test_no_backup_from_a_damaged_database(tmp_path, templates, name):
    good, encrypted = templates
    case = next(
        c for c in reliability.hostile_cases(good, encrypted, tmp_path) if c.name.startswith(name)
    )
    folder = tmp_path / "map"
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(good, db)
    _generations(db, 3)
    kopieen = folder / backup.FOLDER_NAME
    before = reliability.snapshot(kopieen)
    db.write_bytes(case.files["elkaar.db"])
    with pytest.raises(UserError) as err:
        backup.backup_file(db, kopieen / "elkaar-20261201-170000.db")
    assert "beschadigd" in err.value.message or "geen" in err.value.message
    message, code = reliability.cli_target(["backup", "--db", "{db}"])(db, None)
    assert code == 1 and message
    assert reliability.snapshot(kopieen) == before


def test_damage_while_open_is_not_backed_up_over_good_generations(tmp_path, templates, corpus):
    folder = tmp_path / "map"
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(templates[0], db)
    store = open_store(db)
    start = datetime(2026, 11, 1, 17, 0)
    for d in range(3):
        backup.make_backup(store, now=start + timedelta(days=d))
    kopieen = folder / backup.FOLDER_NAME
    before = reliability.snapshot(kopieen)
    store.engine.dispose()
    damaged = next(c for n, c in corpus.items() if n.startswith("index-page"))
    db.write_bytes(damaged.files["elkaar.db"])  # the disk goes bad under a running Elkaar
    with pytest.raises(UserError, match="beschadigd"):
        backup.make_backup(store, now=start + timedelta(days=40))
    store.close()
    assert reliability.snapshot(kopieen) == before


def test_pruning_keeps_the_last_good_generation(tmp_path, templates):
    folder = tmp_path / "map"
    folder.mkdir()
    db = folder / "elkaar.db"
    shutil.copyfile(templates[0], db)
    made = _generations(db, 2)
    oldest = made[0]
    # 30 newer generations that went bad on disk (a failing USB stick)
    kopieen = oldest.parent
    for d in range(30):
        bad = kopieen / backup.backup_name("elkaar", datetime(2027, 1, 1, 12) + timedelta(days=d))
        bad.write_bytes(b"\0" * 8192)
    removed = backup.prune(kopieen, "elkaar", daily=3, weekly=1, monthly=1)
    assert len(removed) >= 25  # the scheme did prune, the old good ones among them
    assert made[0] in removed
    assert made[-1].exists()  # the newest good one survived although the scheme drops it
    assert backup.inspect_backup(made[-1]).ok
