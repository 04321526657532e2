"""Reliability suite: ``python benchmarks/reliability.py [--quick] --json OUT``.

Proves (by trying) that nothing is lost:

* kill -9 at random moments while a child process commits edits through the store and
  acknowledges each commit on stdout; afterwards integrity_check, foreign_key_check and
  every acknowledged commit must be there, and no transaction may be half there;
* disk full on a small tmpfs (when this process may mount one): a Dutch message, clean
  rollback, the database intact;
* corrupted variants of a real database (flipped bytes, truncation at many offsets,
  zeroed header, another SQLite file, an encrypted file with the wrong key, a database
  from a newer Elkaar): each refused with the right message, the file not modified;
* hostile files (``hostile_cases``): the same and more (a table or column missing, a
  -wal of another database, a hot -journal, a directory, no permission, read-only file
  or folder, a missing folder, passphrase mix-ups), each through ``open_store`` and the
  CLI commands check / report / export / backup: one Dutch line, exit code 1, every
  file in the folder byte-for-byte unchanged; and each damaged file offered to
  ``restore`` as a backup: refused, nothing changed;
* backup -> delete -> restore gives identical data (row hashes), plain and encrypted;
* fuzzing of the importers (hypothesis + a corpus of broken files): every failure must be
  a UserError, never an unhandled exception.

Prints a table and writes a JSON list of ``{name, value, unit}``. The functions are also
used by tests/reliability (full) and tests/store/test_store_reliability_quick.py (quick).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    note: str = ""

    def as_json(self) -> dict:
        return {"name": self.name, "value": self.value, "unit": self.unit}


@dataclass
class Outcome:
    figures: list[Figure] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, value: float, unit: str, note: str = "") -> None:
        self.figures.append(Figure(name, value, unit, note))

    def value(self, name: str) -> float:
        return next(f.value for f in self.figures if f.name == name)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- kill -9


CHILD = r"""
import sys
from pathlib import Path
sys.path.insert(0, {root!r})
sys.path.insert(0, {src!r})
from benchmarks.reliability import _writer_loop
_writer_loop(Path(sys.argv[1]), sys.stdout, Path(sys.argv[2]) if len(sys.argv) > 2 else None)
"""


def make_template(workdir: Path, *, passphrase: str | None = None, demo: bool = False) -> Path:
    from desktop.store import open_store

    path = workdir / f"template-{uuid.uuid4().hex[:6]}.db"
    store = open_store(path, passphrase=passphrase)
    if demo:
        from desktop import demo as demo_module

        demo_module.load_demo(store)
    store.close()
    return path


def _writer_loop(db: Path, out, import_file: Path | None = None) -> None:
    """The child's work: commit one unit of work after another, acknowledging each id.

    Edit mode: one wijk + an alias (foreign key) + a setting + an audit entry per commit.
    Import mode: read ``import_file`` (an .xlsx) with the kaart spreadsheet reader and
    insert all its rows in one transaction, like an Excel import.
    """
    from desktop.privacy import audit
    from desktop.store import open_store, settings
    from desktop.store.models import Wijk, WijkAlias

    read_table = None
    if import_file is not None:
        from desktop.kaart.spreadsheet import read_table

    store = open_store(db, migrate=False)
    out.write("ready\n")
    out.flush()
    i = 0
    while True:
        i += 1
        rows = read_table(import_file).rows if read_table is not None else [None]
        with store.session() as s:
            first = None
            for n, row in enumerate(rows, start=1):
                naam = f"kill-{i}-{n}" + (f" {row.values.get('Naam', '')}" if row else "")
                w = Wijk(naam=naam[:200], soort="wijk", volgorde=i)
                s.add(w)
                first = first or w
            s.flush()
            s.add(WijkAlias(naam=f"alias-{i}", wijk_id=first.id))
            settings.put(s, f"kill.{i}", "x" * (i % 300))
            audit.log(s, "wijzig", "wijk", first.id, f"commit {i} ({len(rows)} rijen)")
        out.write(f"{i}\n")
        out.flush()


def make_import_file(workdir: Path, rows: int = 250) -> Path:
    from openpyxl import Workbook

    path = workdir / "import.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Naam", "Adres", "Telefoon"])
    for n in range(rows):
        ws.append([f"Organisatie {n}", f"Dorpsstraat {n}", f"0101234{n:03d}"])
    wb.save(path)
    return path


def _readline(stream, timeout: float) -> str:
    import select

    if os.name == "posix":
        ready, _, _ = select.select([stream], [], [], timeout)
        if not ready:
            return ""
    return stream.readline().strip()


def _start_writer(db: Path, import_file: Path | None = None, *, spawn: bool = False):
    """(pid, stdout file) of a child that writes to ``db``.

    On POSIX the child is forked from this process (which has imported everything
    already), so a trial costs milliseconds instead of an interpreter start; elsewhere
    it is a fresh ``python -c`` child.
    """
    if hasattr(os, "fork") and not spawn:
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(r)
                _writer_loop(db, os.fdopen(w, "w", buffering=1), import_file)
            finally:
                os._exit(1)
        os.close(w)
        return pid, None, os.fdopen(r, "r")
    script = CHILD.format(root=str(ROOT), src=str(ROOT / "src"))
    extra = [str(import_file)] if import_file is not None else []
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(db), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    return proc.pid, proc, proc.stdout


def kill_trial(
    template: Path,
    workdir: Path,
    seed: int,
    *,
    import_file: Path | None = None,
    max_delay: float = 0.5,
) -> dict:
    """One trial: copy the template, let a child commit, SIGKILL it, check everything."""
    rng = random.Random(seed)
    db = workdir / f"kill-{seed}.db"
    shutil.copyfile(template, db)
    pid, proc, stream = _start_writer(db, import_file)
    first = _readline(stream, timeout=30)
    if first != "ready" and proc is None:
        # a forked child can hang on a lock another thread held at fork time: spawn
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        stream.close()
        pid, proc, stream = _start_writer(db, import_file, spawn=True)
        first = _readline(stream, timeout=60)
    if first != "ready":
        os.kill(pid, signal.SIGKILL)
        raise RuntimeError(f"child did not start: {first!r}")
    time.sleep(rng.uniform(0.0, max_delay))
    os.kill(pid, signal.SIGKILL)
    if proc is not None:
        proc.wait()
    else:
        os.waitpid(pid, 0)
    out = stream.read()
    stream.close()
    acked = [int(x) for x in out.split() if x.isdigit()]
    last = max(acked) if acked else 0
    result = {
        "seed": seed,
        "mode": "import" if import_file is not None else "edit",
        "acked": len(acked),
        "lost": 0,
        "ok": True,
        "problem": "",
    }
    per_commit = 1
    if import_file is not None:
        from desktop.kaart.spreadsheet import read_table

        per_commit = len(read_table(import_file).rows)
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        batches: dict[int, int] = {}
        for (naam,) in con.execute("SELECT naam FROM wijk WHERE naam LIKE 'kill-%'"):
            batch = int(naam.split("-")[1])
            batches[batch] = batches.get(batch, 0) + 1
        present = set(batches)
        aliases = {
            int(r[0].split("-")[1])
            for r in con.execute("SELECT naam FROM wijk_alias WHERE naam LIKE 'alias-%'")
        }
        sets = {
            int(r[0].split(".")[1])
            for r in con.execute("SELECT sleutel FROM instelling WHERE sleutel LIKE 'kill.%'")
        }
        audits = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        con.close()
    lost = [i for i in range(1, last + 1) if i not in present]
    result["lost"] = len(lost)
    if integrity != [("ok",)]:
        result.update(ok=False, problem=f"integrity: {integrity[:2]}")
    elif fk:
        result.update(ok=False, problem=f"foreign keys: {fk[:2]}")
    elif lost:
        result.update(ok=False, problem=f"lost commits {lost[:5]}")
    elif (
        not (present == aliases == sets)
        or audits != len(present)
        or any(n != per_commit for n in batches.values())
    ):
        result.update(ok=False, problem="half a transaction present")
    elif present and max(present) > last + 1:
        result.update(ok=False, problem="more than one unacknowledged commit")
    if result["ok"]:
        # the app opens it again and the audit chain still verifies
        from desktop.privacy import audit
        from desktop.store import open_store

        store = open_store(db, migrate=False)
        try:
            with store.session() as s:
                if not audit.verify(s).ok:
                    result.update(ok=False, problem="audit chain broken")
        finally:
            store.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    return result


def run_kill_trials(workdir: Path, trials: int, *, seed: int = 1) -> Outcome:
    """``trials`` kill -9 trials, one after another (forked children)."""
    outcome = Outcome()
    template = make_template(workdir)
    try:
        import_file: Path | None = make_import_file(workdir)
        import desktop.kaart.spreadsheet  # noqa: F401
    except ImportError:  # no kaart feature: edits only
        import_file = None
    results = [
        kill_trial(
            template,
            workdir,
            seed * 100_000 + n,
            import_file=import_file if n % 4 == 3 else None,
        )
        for n in range(trials)
    ]
    outcome.add("kill_trials", len(results), "trials")
    outcome.add("kill_trials_import", sum(r["mode"] == "import" for r in results), "trials")
    outcome.add("kill_commits_acknowledged", sum(r["acked"] for r in results), "commits")
    outcome.add("commits_lost", sum(r["lost"] for r in results), "commits")
    outcome.add("kill_damaged", sum(1 for r in results if not r["ok"]), "trials")
    outcome.failures += [f"kill seed {r['seed']}: {r['problem']}" for r in results if not r["ok"]]
    return outcome


def _backup_loop(db: Path, out) -> None:
    """Child: make generation backups of ``db`` one after another, acknowledging each."""
    from datetime import datetime, timedelta

    from desktop.store import backup, open_store

    store = open_store(db, migrate=False)
    out.write("ready\n")
    out.flush()
    when = datetime(2026, 1, 1, 12, 0)
    i = 0
    while True:
        i += 1
        when += timedelta(hours=7)  # spread over days so pruning runs too
        backup.make_backup(store, now=when)
        out.write(f"{i}\n")
        out.flush()


def run_backup_kill_trials(workdir: Path, trials: int, template: Path | None = None) -> Outcome:
    """kill -9 while backups are being written: no half backup may carry a final name."""
    from desktop.store import backup

    outcome = Outcome()
    template = template or make_template(workdir, demo=True)
    damaged = made = 0
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        outcome.add("backup_kill_skipped", 1, "", "needs fork")
        return outcome
    for n in range(trials):
        rng = random.Random(n)
        folder = workdir / f"bk-{n}"
        folder.mkdir()
        db = folder / "elkaar.db"
        shutil.copyfile(template, db)
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            try:
                os.close(r)
                _backup_loop(db, os.fdopen(w, "w", buffering=1))
            finally:
                os._exit(1)
        os.close(w)
        stream = os.fdopen(r, "r")
        if _readline(stream, timeout=30) != "ready":
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            outcome.failures.append(f"backup kill {n}: child did not start")
            continue
        time.sleep(rng.uniform(0.05, 1.0))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        stream.close()
        con = sqlite3.connect(db)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        if not ok:
            damaged += 1
            outcome.failures.append(f"backup kill {n}: source database damaged")
        for info in backup.list_backups(folder / "reservekopieen", full=True):
            made += 1
            if not info.ok:
                damaged += 1
                outcome.failures.append(f"backup kill {n}: {info.path.name} {info.problem}")
        shutil.rmtree(folder)
    outcome.add("backup_kill_trials", trials, "trials")
    outcome.add("backup_files_checked", made, "files")
    outcome.add("backup_files_damaged", damaged, "files")
    return outcome


# --------------------------------------------------------------------------- disk full


def mount_tmpfs(where: Path, size: str = "600k") -> str | None:
    """Mount a small tmpfs at ``where``; returns None or the reason it was not possible."""
    if os.name != "posix" or not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "een klein bestandssysteem koppelen vraagt root-rechten"
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        return f"tmpfs koppelen mag hier niet: {proc.stderr.strip() or proc.returncode}"
    return None


def run_disk_full(workdir: Path) -> Outcome:
    from desktop.errors import UserError
    from desktop.store import open_store, settings, wijken

    outcome = Outcome()
    mnt = workdir / f"klein-{uuid.uuid4().hex[:6]}"
    reason = mount_tmpfs(mnt)
    if reason:
        outcome.add("diskfull_skipped", 1, "", reason)
        return outcome
    try:
        db = mnt / "elkaar.db"
        store = open_store(db)
        committed, message = 0, ""
        for i in range(5000):
            try:
                with store.session() as s:
                    wijken.add_wijk(s, f"Wijk {i} " + "x" * 150)
                    settings.put(s, f"vulling.{i}", "y" * 4000)
                committed += 1
            except UserError as exc:
                message = exc.message
                break
        with store.session() as s:
            after = len(wijken.list_wijken(s))
        store.close()
        con = sqlite3.connect(db)
        ok = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = con.execute("SELECT count(*) FROM wijk").fetchone()[0]
        con.close()
        clean = bool(message) and "schijf is vol" in message and ok and rows == after == committed
        outcome.add("diskfull_clean", 1 if clean else 0, "")
        outcome.add("diskfull_commits_before_full", committed, "commits")
        if not clean:
            outcome.failures.append(f"disk full: message={message!r} ok={ok} rows={rows}")
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
    return outcome


# --------------------------------------------------------------------------- corruption


@dataclass
class Variant:
    name: str
    data: bytes
    expect: tuple[str, ...]  # any of these (lowercase) in the message
    passphrase: str | None = None


def _ground_truth_damaged(data: bytes, workdir: Path) -> bool:
    """Is this file really damaged? (plain SQLite's own opinion on a scratch copy)"""
    scratch = workdir / f"truth-{uuid.uuid4().hex[:8]}.db"
    scratch.write_bytes(data)
    try:
        con = sqlite3.connect(f"file:{scratch}?mode=ro&immutable=1", uri=True)
        try:
            rows = con.execute("PRAGMA integrity_check").fetchall()
            return rows != [("ok",)]
        except sqlite3.DatabaseError:
            return True
        finally:
            con.close()
    finally:
        scratch.unlink(missing_ok=True)


def corrupt_variants(good: Path, encrypted: Path, workdir: Path, count: int = 60) -> list[Variant]:
    rng = random.Random(20261123)
    data = good.read_bytes()
    page = int.from_bytes(data[16:18], "big") or 65536
    pages = len(data) // page
    damaged = ("beschadigd", "geen bruikbare", "geen database")
    variants: list[Variant] = []
    # flipped bytes in b-tree page headers and cell pointers of random pages
    n_flip = max(10, count // 3)
    attempts = 0
    while sum(v.name.startswith("flip") for v in variants) < n_flip and attempts < n_flip * 20:
        attempts += 1
        buf = bytearray(data)
        pg = rng.randrange(1, pages)
        for _ in range(rng.randint(1, 6)):
            offset = pg * page + rng.randrange(0, 16)
            buf[offset] ^= rng.randrange(1, 256)
        blob = bytes(buf)
        if _ground_truth_damaged(blob, workdir):
            variants.append(Variant(f"flip-page{pg}", blob, damaged))
    # truncation at many offsets (0 bytes: see hostile_cases)
    offsets = sorted(
        {1, 50, 99, 100, 512, page - 1, page, page + 1, 2 * page, len(data) // 3}
        | {len(data) // 2, (2 * len(data)) // 3, len(data) - page, len(data) - 1}
        | {rng.randrange(1, len(data)) for _ in range(max(6, count // 4))}
    )
    for offset in offsets:
        blob = data[:offset]
        if _ground_truth_damaged(blob, workdir):
            variants.append(Variant(f"truncate-{offset}", blob, damaged))
    # headers
    variants.append(Variant("zeroed-header", b"\0" * 100 + data[100:], damaged + ("versleuteld",)))
    variants.append(Variant("zeroed-magic", b"\0" * 16 + data[16:], damaged + ("versleuteld",)))
    variants.append(
        Variant("zeroed-first-page", b"\0" * page + data[page:], damaged + ("versleuteld",))
    )
    buf = bytearray(data)
    buf[16:18] = (1000).to_bytes(2, "big")  # invalid page size
    variants.append(Variant("bad-page-size", bytes(buf), damaged))
    variants.append(Variant("garbage", os.urandom(len(data)), ("versleuteld", "beschadigd")))
    variants.append(
        Variant(
            "text-file",
            b"naam;adres\nBuurthuis;Dorpsstraat 1\n" * 200,
            ("versleuteld", "geen database"),
        )
    )
    # another SQLite file
    other = workdir / f"other-{uuid.uuid4().hex[:6]}.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    con.executemany("INSERT INTO klanten (naam) VALUES (?)", [(f"k{i}",) for i in range(50)])
    con.commit()
    con.close()
    variants.append(Variant("other-sqlite", other.read_bytes(), ("niet van elkaar",)))
    other.unlink()
    # newer Elkaar
    newer = workdir / f"newer-{uuid.uuid4().hex[:6]}.db"
    newer.write_bytes(data)
    con = sqlite3.connect(newer)
    con.execute("INSERT INTO alembic_version VALUES ('z999_toekomst')")
    con.commit()
    con.close()
    variants.append(Variant("newer-elkaar", newer.read_bytes(), ("nieuwere versie",)))
    newer.unlink()
    # encrypted with the wrong key / without a key
    enc = encrypted.read_bytes()
    variants.append(Variant("encrypted-wrong-key", enc, ("wachtwoord",), "verkeerd"))
    variants.append(Variant("encrypted-no-key", enc, ("versleuteld",)))
    buf = bytearray(enc)
    for offset in range(4096 + 200, 4096 + 260):
        buf[offset] ^= 0x55
    variants.append(Variant("encrypted-flipped", bytes(buf), ("wachtwoord", "beschadigd"), "goed"))
    return variants


def run_corruption(workdir: Path, count: int = 60, good: Path | None = None) -> Outcome:
    """``good``: a real (demo) database to damage; built here when not given."""
    from desktop.errors import UserError
    from desktop.store import open_store

    outcome = Outcome()
    good = good or make_template(workdir, demo=True)
    encrypted = make_template(workdir, passphrase="goed")
    variants = corrupt_variants(good, encrypted, workdir, count)
    refused = 0
    for n, variant in enumerate(variants):
        folder = workdir / f"variant-{n}"
        folder.mkdir()
        path = folder / "elkaar.db"
        path.write_bytes(variant.data)
        before = sha(path)
        listing = sorted(p.name for p in folder.iterdir())
        message = ""
        try:
            store = open_store(path, passphrase=variant.passphrase)
            store.close()
        except UserError as exc:
            message = exc.message
        except Exception as exc:  # an unhandled error counts as not refused
            message = f"UNHANDLED {type(exc).__name__}: {exc}"
        ok = (
            bool(message)
            and any(e in message.lower() for e in variant.expect)
            and sha(path) == before
            and sorted(p.name for p in folder.iterdir()) == listing
        )
        if ok:
            refused += 1
        else:
            outcome.failures.append(f"corrupt {variant.name}: {message or 'opened'}")
        shutil.rmtree(folder)
    outcome.add("damaged_total", len(variants), "files")
    outcome.add("damaged_refused", refused, "files")
    return outcome


# --------------------------------------------------------------------------- restore drill


def run_restore_drill(workdir: Path) -> Outcome:
    from desktop.store import backup, open_store, settings, wijken

    outcome = Outcome()
    trials = identical = 0
    for passphrase in (None, "drill-sleutel"):
        db = workdir / f"drill-{uuid.uuid4().hex[:6]}.db"
        store = open_store(db, passphrase=passphrase)
        from desktop import demo

        demo.load_demo(store)
        with store.session() as s:
            settings.set_gemeente_naam(s, "Drillstad")
        for round_ in range(2):
            with store.session() as s:
                wijken.add_wijk(s, f"Drill {round_} {passphrase is not None}")
            made = backup.make_backup(store, tag=f"drill{round_}")
            digest = backup.content_digest(made.info.path, passphrase)
            store.close()
            for suffix in ("", "-wal", "-shm"):  # the laptop "loses" the database
                Path(str(db) + suffix).unlink(missing_ok=True)
            backup.restore(made.info.path, db, passphrase)
            trials += 1
            if backup.content_digest(db, passphrase) == digest:
                identical += 1
            else:
                outcome.failures.append(
                    f"restore drill {round_} encrypted={passphrase is not None}"
                )
            store = open_store(db, passphrase=passphrase)
        store.close()
    outcome.add("restore_trials", trials, "trials")
    outcome.add("restore_identical", identical, "trials")
    return outcome


# --------------------------------------------------------------------------- fuzzing


def fuzz_targets() -> dict[str, Callable[[Path], object]]:
    """Every importer that reads a user's file (skipped when its feature is not there)."""
    targets: dict[str, Callable[[Path], object]] = {}
    try:
        from desktop.kaart import spreadsheet

        targets["kaart.read_table"] = lambda p: spreadsheet.read_table(p)
        targets["kaart.list_sheets"] = lambda p: spreadsheet.list_sheets(p)
    except ImportError:
        pass
    try:
        from desktop.typetest.scoring import parse_answers

        targets["typetest.parse_answers"] = lambda p: parse_answers(
            p.read_bytes().decode("utf-8", "replace")
        )
    except ImportError:
        pass
    from desktop.store import backup

    targets["backup.inspect"] = lambda p: backup.inspect_backup(p)
    targets["backup.restore"] = lambda p: backup.restore(p, p.with_name("doel.db"))
    return targets


def _xlsx(rows: list[list[str]]) -> bytes:
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def broken_corpus() -> dict[str, bytes]:
    good = _xlsx([["Naam", "Adres", "Telefoon"], ["Buurthuis", "Dorpsstraat 1", "0101234567"]])
    bomb = (
        "<?xml version='1.0'?><!DOCTYPE l [<!ENTITY a 'aaaaaaaaaa'>"
        + "".join(
            f"<!ENTITY {chr(98 + i)} '&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};&{chr(97 + i)};'>"
            for i in range(8)
        )
        + "]><worksheet>&i;</worksheet>"
    )
    corpus: dict[str, bytes] = {
        "empty.csv": b"",
        "good.xlsx": good,
        "truncated.xlsx": good[: len(good) // 2],
        "zip-header-only.xlsx": b"PK\x03\x04" + b"\0" * 40,
        "ole-xls.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + os.urandom(2000),
        "png.xlsx": b"\x89PNG\r\n\x1a\n" + os.urandom(500),
        "nul-bytes.csv": b"naam;adres\n\0\0\0;\0\n",
        "utf16.csv": "naam;adres\nBuurthuis;Dorpsstraat 1\n".encode("utf-16"),
        "cp1252.csv": "naam;adres\nCaf\xe9 De Ha\xe4n;Stra\xdfe 1\n".encode("cp1252"),
        "bom.csv": b"\xef\xbb\xbfnaam,adres\nA,B\n",
        "one-long-line.csv": b"x;" * 100_000,
        "many-columns.csv": (";".join(f"k{i}" for i in range(5000)) + "\n").encode(),
        "quotes.csv": b'"naam;"adres\n"unterminated;x\n',
        "answers.txt": b"ABABABABABABAB",
        "answers-bad.txt": b"ABZZ??\x00",
        "sqlite-foreign.db": b"SQLite format 3\x00" + os.urandom(4000),
    }
    for name, xml in (
        ("bomb.xlsx", bomb.encode()),
        ("garbage-sheet.xlsx", b"<worksheet><sheetData><row r='A'><c r='ZZZZZZ9999999'>"),
    ):
        from io import BytesIO

        buf = BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>")
            zf.writestr(
                "xl/workbook.xml",
                "<workbook><sheets><sheet name='a' r:id='rId1'/></sheets></workbook>",
            )
            zf.writestr("xl/worksheets/sheet1.xml", xml)
        corpus[name] = buf.getvalue()
    buf = bytearray(good)
    rng = random.Random(7)
    for i in range(10):  # mutated real workbooks
        mutated = bytearray(buf)
        for _ in range(rng.randint(1, 30)):
            mutated[rng.randrange(len(mutated))] = rng.randrange(256)
        corpus[f"mutated-{i}.xlsx"] = bytes(mutated)
    return corpus


def run_fuzz(workdir: Path, examples: int = 200) -> Outcome:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from desktop.errors import UserError

    outcome = Outcome()
    targets = fuzz_targets()
    folder = workdir / f"fuzz-{uuid.uuid4().hex[:6]}"
    folder.mkdir()
    counter = {"cases": 0, "unhandled": 0, "catchall": 0}
    problems: list[str] = []

    def feed(name: str, data: bytes, suffix: str) -> None:
        path = folder / f"input{suffix}"
        path.write_bytes(data)
        for target_name, target in targets.items():
            counter["cases"] += 1
            try:
                target(path)
            except UserError as exc:
                # a catch-all wrapper ("onverwachte fout") hides a bug behind a friendly
                # message: handled for the user, but counted for the developers
                if "onverwachte fout" in exc.message:
                    counter["catchall"] += 1
                    problems.append(f"catch-all {target_name} on {name}: {exc.detail}")
            except Exception as exc:
                counter["unhandled"] += 1
                problems.append(f"{target_name} on {name}: {type(exc).__name__}: {exc}")
            for extra in ("doel.db", "doel.db-wal", "doel.db-shm"):
                (folder / extra).unlink(missing_ok=True)
            for aside in folder.glob("doel.voor-herstel-*"):
                aside.unlink()

    for name, data in broken_corpus().items():
        feed(name, data, Path(name).suffix)

    seed_xlsx = _xlsx([["Naam", "Adres"], ["Buurthuis", "Dorpsstraat 1"]])

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    @given(
        st.one_of(
            st.binary(max_size=4000),
            st.text(max_size=2000).map(lambda t: t.encode("utf-8")),
            st.lists(
                st.lists(st.text(max_size=30), min_size=1, max_size=8), min_size=1, max_size=20
            ).map(lambda rows: "\n".join(";".join(r) for r in rows).encode("utf-8")),
            st.lists(
                st.tuples(st.integers(0, len(seed_xlsx) - 1), st.integers(0, 255)), max_size=40
            ).map(lambda flips: bytes(_apply(seed_xlsx, flips))),
            # a well-formed zip whose XML parts are damaged (what a crashed Excel leaves)
            st.tuples(
                st.sampled_from(_xml_parts(seed_xlsx)),
                st.integers(0, 4000),
                st.integers(0, 200),
                st.binary(max_size=60) | st.sampled_from([b"<", b">", b'"', b"</row>", b"r=", b""]),
            ).map(lambda t: _damage_part(seed_xlsx, *t)),
        ),
        st.sampled_from([".csv", ".xlsx", ".txt", ".db"]),
    )
    def fuzz(data: bytes, suffix: str) -> None:
        feed("hypothesis", data, suffix)

    fuzz()
    shutil.rmtree(folder, ignore_errors=True)
    outcome.add("fuzz_targets", len(targets), "importers")
    outcome.add("fuzz_cases", counter["cases"], "cases")
    outcome.add("fuzz_unhandled", counter["unhandled"], "cases")
    outcome.add("fuzz_catchall", counter["catchall"], "cases")
    outcome.failures += [p for p in problems if not p.startswith("catch-all")][:20]
    outcome.notes = [p for p in problems if p.startswith("catch-all")][:20]
    return outcome


def _xml_parts(xlsx: bytes) -> list[str]:
    from io import BytesIO

    with zipfile.ZipFile(BytesIO(xlsx)) as zf:
        return [n for n in zf.namelist() if n.endswith((".xml", ".rels"))]


def _damage_part(xlsx: bytes, part: str, start: int, length: int, insert: bytes) -> bytes:
    """Rezip ``xlsx`` with bytes start..start+length of ``part`` replaced by ``insert``."""
    from io import BytesIO

    out = BytesIO()
    with zipfile.ZipFile(BytesIO(xlsx)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                start = min(start, len(data))
                data = data[:start] + insert + data[start + length :]
            dst.writestr(item.filename, data)
    return out.getvalue()


def _apply(data: bytes, flips: list[tuple[int, int]]) -> bytearray:
    buf = bytearray(data)
    for offset, value in flips:
        buf[offset] = value
    return buf


# --------------------------------------------------------------------------- hostile files
#
# A broader corpus than ``corrupt_variants``: every way a user's database file (and the
# -wal/-shm/-journal files next to it) can be unusable, each tried through
# ``open_store`` and the CLI commands that open a store. Every case must end in one
# Dutch message (exit code 1 for the CLI) and leave every file in the folder
# byte-for-byte as it was.

DAMAGED = ("beschadigd", "geen bruikbare", "geen database")
ENGLISH = (
    "traceback",
    "error",
    "file is not",
    "malformed",
    "no such",
    "unable to",
    "not a database",
    "disk image",
    "onverwachte fout",
    "exception",
    "readonly",
    "permission denied",
)


@dataclass
class Hostile:
    """A folder to build, the --db to give, and what the message must say."""

    name: str
    files: dict[str, bytes]  # name in the folder -> content ("elkaar.db" is the database)
    expect: tuple[str, ...]  # any of these (lowercase) in the message
    passphrase: str | None = None
    db: str = "elkaar.db"  # path given as --db, relative to the folder
    prepare: Callable[[Path], None] | None = None  # chmod, directories, lock files
    unprivileged: bool = False  # only meaningful when not running as root
    creatable: bool = False  # no file at all: "init" makes a new database here
    avoid: tuple[str, ...] = ()  # words the message must NOT contain (misleading)


def _pages(path: Path) -> list[tuple[str, int, str]]:
    """(table or index name, page number, page type) of every b-tree page."""
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return [
            (r[0], r[1], r[2])
            for r in con.execute("SELECT name, pageno, pagetype FROM dbstat ORDER BY pageno")
        ]
    finally:
        con.close()


def _kinds(path: Path) -> dict[str, str]:
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return {r[0]: r[1] for r in con.execute("SELECT name, type FROM sqlite_master")}
    finally:
        con.close()


def _checks(data: bytes, workdir: Path) -> tuple[str, str]:
    """(quick_check, integrity_check) first rows of ``data`` as SQLite sees it."""
    scratch = workdir / f"chk-{uuid.uuid4().hex[:8]}.db"
    scratch.write_bytes(data)
    try:
        con = sqlite3.connect(f"file:{scratch}?mode=ro&immutable=1", uri=True)
        try:
            out = []
            for pragma in ("quick_check", "integrity_check"):
                try:
                    out.append(con.execute(f"PRAGMA {pragma}").fetchone()[0])
                except sqlite3.DatabaseError as exc:
                    out.append(f"error: {exc}")
            return out[0], out[1]
        finally:
            con.close()
    finally:
        scratch.unlink(missing_ok=True)


def _edited(good: Path, workdir: Path, *sql: str) -> bytes:
    """A copy of ``good`` changed with plain SQL (a damaged schema, a newer revision)."""
    copy = workdir / f"edit-{uuid.uuid4().hex[:6]}.db"
    shutil.copyfile(good, copy)
    con = sqlite3.connect(copy)
    try:
        con.execute("PRAGMA foreign_keys = OFF")
        for statement in sql:
            con.execute(statement)
        con.commit()
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    data = copy.read_bytes()
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return data


def _wal_of(good: Path, workdir: Path, *sql: str) -> tuple[bytes, bytes]:
    """(main file, -wal) of a copy of ``good`` with ``sql`` committed but not checkpointed."""
    copy = workdir / f"wal-{uuid.uuid4().hex[:6]}.db"
    shutil.copyfile(good, copy)
    con = sqlite3.connect(copy, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    for statement in sql:
        con.execute(statement)
    main, wal = copy.read_bytes(), Path(str(copy) + "-wal").read_bytes()
    # os._exit-like: leave the WAL behind by copying before close
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return main, wal


def _hot_journal(good: Path, workdir: Path) -> tuple[bytes, bytes]:
    """(main file, -journal) as a process killed in the middle of a rollback-journal
    transaction leaves them: the main file half-written, the journal holding the old pages."""
    copy = workdir / f"hot-{uuid.uuid4().hex[:6]}.db"
    shutil.copyfile(good, copy)
    con = sqlite3.connect(copy, isolation_level=None)
    con.execute("PRAGMA journal_mode = DELETE")
    con.close()
    code = (
        "import sqlite3, os, sys\n"
        "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "con.execute('PRAGMA cache_size = 1')\n"
        "con.execute('BEGIN')\n"
        "con.execute(\"UPDATE instelling SET waarde = waarde || 'x'\")\n"
        'con.execute("CREATE TABLE ballast AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL '
        'SELECT i + 1 FROM n WHERE i < 20000) SELECT i, hex(randomblob(40)) AS b FROM n")\n'
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(copy)], check=True)
    journal = Path(str(copy) + "-journal")
    main, hot = copy.read_bytes(), journal.read_bytes() if journal.exists() else b""
    for suffix in ("", "-journal", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    return main, hot


def hostile_cases(good: Path, encrypted: Path, workdir: Path) -> list[Hostile]:
    """The corpus. ``good``: a real (demo) Elkaar database at the current schema, in WAL
    mode and checkpointed; ``encrypted``: a small SQLCipher Elkaar database (key "goed")."""
    data = good.read_bytes()
    enc = encrypted.read_bytes()
    page = int.from_bytes(data[16:18], "big") or 65536
    n_pages = len(data) // page
    cases: list[Hostile] = []

    def add(name, content, expect, **kw):
        files = content if isinstance(content, dict) else {"elkaar.db": content}
        cases.append(Hostile(name, files, tuple(expect), **kw))

    # --- not a database at all
    add("empty-file", b"", ("leeg",) + DAMAGED, avoid=("wachtwoord",))
    add(
        "empty-file-with-journal",
        {"elkaar.db": b"", "elkaar.db-journal": random.Random(2).randbytes(600)},
        ("-journal",),
    )
    add("few-bytes", b"SQLi", DAMAGED, avoid=("wachtwoord",))
    add("header-only", data[:100], DAMAGED, avoid=("wachtwoord",))
    add("text-file", b"naam;adres\nBuurthuis;Dorpsstraat 1\n" * 200, DAMAGED, avoid=("wachtwoord",))
    add("zeroed-first-page", b"\0" * page + data[page:], DAMAGED, avoid=("wachtwoord",))
    add("all-zeros", b"\0" * len(data), DAMAGED, avoid=("wachtwoord",))
    add("random-garbage", random.Random(3).randbytes(len(data)), DAMAGED + ("versleuteld",))
    add("pdf-renamed", b"%PDF-1.4\n" + b"x" * 5000, DAMAGED, avoid=("wachtwoord",))
    add(
        "zip-renamed",
        b"PK\x03\x04" + random.Random(4).randbytes(3000),
        DAMAGED + ("versleuteld",),
    )
    # --- truncated
    for label, cut in (
        ("truncated-first-page", page // 2),
        ("truncated-one-page", page),
        ("truncated-mid-page", 3 * page + page // 3),
        ("truncated-half", (n_pages // 2) * page + 17),
        ("truncated-last-page-missing", len(data) - page),
        ("truncated-last-byte", len(data) - 1),
    ):
        blob = data[:cut]
        if _checks(blob, workdir) != ("ok", "ok"):
            add(label, blob, DAMAGED, avoid=("wachtwoord",))
    # --- header fields
    buf = bytearray(data)
    buf[16:18] = (1000).to_bytes(2, "big")
    add("bad-page-size", bytes(buf), DAMAGED, avoid=("wachtwoord",))
    buf = bytearray(data)
    buf[28:32] = (n_pages * 4).to_bytes(4, "big")  # database size in header too large
    buf[92:96] = buf[24:28]  # keep "version-valid-for" so SQLite trusts the size
    if _checks(bytes(buf), workdir) != ("ok", "ok"):
        add("header-size-wrong", bytes(buf), DAMAGED, avoid=("wachtwoord",))
    # --- b-tree pages in the middle
    kinds = _kinds(good)
    pages = _pages(good)
    index_pages = [p for n, p, t in pages if kinds.get(n) == "index" and t == "leaf" and p > 1]
    table_pages = [p for n, p, t in pages if kinds.get(n) == "table" and t == "leaf" and p > 1]
    interior = [p for n, p, t in pages if t == "internal" and p > 1]
    rng = random.Random(20261123)
    found = {"index": 0, "table": 0, "interior": 0, "freelist": 0}
    for label, pool in (("index", index_pages), ("table", table_pages), ("interior", interior)):
        for pg in rng.sample(pool, min(len(pool), 12)):
            if found[label] >= 3:
                break
            for variant in ("cells", "header"):
                buf = bytearray(data)
                base = (pg - 1) * page
                if variant == "header":  # cell count / first freeblock / cell pointers
                    for off in (1, 2, 3, 4, 8, 9):
                        buf[base + off] ^= 0x5A
                else:  # cell content near the end of the page (keys and records)
                    for k in range(8):
                        buf[base + page - 40 - 3 * k] ^= 0xFF
                blob = bytes(buf)
                quick, full = _checks(blob, workdir)
                if full != "ok":
                    kind = "quick" if quick != "ok" else "integrity-only"
                    add(f"{label}-page{pg}-{variant}-{kind}", blob, DAMAGED, avoid=("wachtwoord",))
                    found[label] += 1
                    break
    # --- a valid SQLite file of another program
    other = workdir / f"other-{uuid.uuid4().hex[:6]}.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    con.executemany("INSERT INTO klanten (naam) VALUES (?)", [(f"k{i}",) for i in range(50)])
    con.commit()
    con.close()
    other_bytes = other.read_bytes()
    other.unlink()
    add("other-program-sqlite", other_bytes, ("niet van elkaar",))
    add("other-program-with-alembic", _foreign_alembic(workdir), ("niet van elkaar",))
    # --- an Elkaar file with a damaged schema
    add("table-dropped", _edited(good, workdir, "DROP TABLE wijk_alias"), DAMAGED + ("onvolledig",))
    add(
        "column-missing",
        _edited(good, workdir, "ALTER TABLE organisatie DROP COLUMN website")
        if _has_column(good, "organisatie", "website")
        else _edited(good, workdir, "ALTER TABLE instelling DROP COLUMN waarde"),
        DAMAGED + ("onvolledig",),
    )
    add(
        "alembic-version-empty",
        _edited(good, workdir, "DELETE FROM alembic_version"),
        DAMAGED + ("onvolledig",),
    )
    add(
        "older-revision-table-dropped",
        _older_without(workdir, "k001", "organisatie"),
        ("onvolledig", "beschadigd"),
    )
    add(
        "newer-revision",
        _edited(good, workdir, "INSERT INTO alembic_version VALUES ('z999_toekomst')"),
        ("nieuwere versie",),
    )
    add(
        "newer-revision-replaced",
        _edited(good, workdir, "UPDATE alembic_version SET version_num = version_num || '_later'"),
        ("nieuwere versie",),
    )
    # --- companions
    _, other_wal = _wal_of_foreign(workdir)
    add(
        "wal-of-other-database",
        {"elkaar.db": data, "elkaar.db-wal": other_wal},
        ("-wal",) + DAMAGED,
    )
    own_main, own_wal = _wal_of(
        good,
        workdir,
        *[f"INSERT INTO instelling (sleutel, waarde) VALUES ('w{i}', 'x')" for i in range(30)],
    )
    add(
        "wal-truncated-header",
        {"elkaar.db": own_main, "elkaar.db-wal": own_wal[:20]},
        ("-wal",) + DAMAGED,
    )
    add(
        "wal-random",
        {"elkaar.db": own_main, "elkaar.db-wal": random.Random(6).randbytes(4096)},
        ("-wal",) + DAMAGED,
    )
    hot_main, hot = _hot_journal(good, workdir)
    if hot:
        add(
            "hot-journal",
            {"elkaar.db": hot_main, "elkaar.db-journal": hot},
            ("-journal",),
        )
        add(
            "journal-garbage",
            {"elkaar.db": data, "elkaar.db-journal": random.Random(8).randbytes(3000)},
            ("-journal",),
        )
    add(
        "shm-garbage-no-wal",
        {"elkaar.db": data[: len(data) // 2], "elkaar.db-shm": random.Random(9).randbytes(32768)},
        DAMAGED,
    )
    # --- the file system
    add("directory", {}, ("map",), prepare=lambda f: (f / "elkaar.db").mkdir())
    add("missing-folder", {}, ("bestaat niet",), db="weg/nergens/elkaar.db")
    add("file-as-folder", {"weg": b"tekst"}, ("geen map", "bestaat niet"), db="weg/elkaar.db")
    add("missing-file", {}, ("bestaat niet",), db="andere.db", creatable=True)
    add(
        "no-read-permission",
        {"elkaar.db": data},
        ("toestemming", "lezen"),
        prepare=lambda f: os.chmod(f / "elkaar.db", 0),
        unprivileged=True,
    )
    add(
        "read-only-file",
        {"elkaar.db": data},
        ("alleen-lezen",),
        prepare=lambda f: (os.chmod(f / "elkaar.db", 0o444), os.chmod(f, 0o777)),
        unprivileged=True,
    )
    add(
        "read-only-folder",
        {"elkaar.db": data},
        ("alleen-lezen",),
        prepare=lambda f: os.chmod(f, 0o555),
        unprivileged=True,
    )
    # --- encryption
    add("encrypted-no-passphrase", enc, ("versleuteld", "wachtwoord"))
    add("encrypted-wrong-passphrase", enc, ("wachtwoord",), passphrase="verkeerd-wachtwoord")
    buf = bytearray(enc)
    epage = 4096
    for off in range(2 * epage + 300, 2 * epage + 340):
        buf[off] ^= 0x55
    add(
        "encrypted-page-damaged",
        bytes(buf),
        ("beschadigd",),
        passphrase="goed",
        avoid=("wachtwoord",),
    )
    add(
        "encrypted-truncated",
        enc[: len(enc) // 2 + 100],
        ("beschadigd",),
        passphrase="goed",
        avoid=("wachtwoord",),
    )
    buf = bytearray(enc)
    buf[200:240] = b"\0" * 40
    add(
        "encrypted-first-page-damaged",
        bytes(buf),
        ("beschadigd",),
        passphrase="goed",
        avoid=("wachtwoord",),
    )
    add(
        "encrypted-no-passphrase-truncated",
        enc[:3000],
        ("versleuteld", "beschadigd", "wachtwoord"),
    )
    add(
        "encrypted-with-wal-of-other-database",
        {"elkaar.db": enc, "elkaar.db-wal": other_wal},
        ("-wal",) + DAMAGED,
        passphrase="goed",
        avoid=("wachtwoord",),
    )
    add(
        "plain-damaged-with-passphrase",
        b"\0" * page + data[page:],
        DAMAGED,
        passphrase="goed",
        avoid=("wachtwoord",),
    )
    return cases


def _older_without(workdir: Path, revision: str, table: str) -> bytes:
    """An Elkaar file at an older schema revision that lost ``table``: only a migration
    (that does not touch the table) shows the gap."""
    from desktop.store import migrations, open_store

    path = workdir / f"older-{uuid.uuid4().hex[:6]}.db"
    store = open_store(path, migrate=False)
    try:
        migrations.upgrade(store, revision)
    finally:
        store.close()
    return _edited(path, workdir, f'DROP TABLE "{table}"')


def _has_column(path: Path, table: str, column: str) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    try:
        return any(r[1] == column for r in con.execute(f'PRAGMA table_info("{table}")'))
    finally:
        con.close()


def _foreign_alembic(workdir: Path) -> bytes:
    """Another program that also uses Alembic (its own revisions, none of ours)."""
    path = workdir / f"alembic-{uuid.uuid4().hex[:6]}.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
    con.execute("INSERT INTO alembic_version VALUES ('3f2a9c1d7e4b')")
    con.execute("CREATE TABLE facturen (id INTEGER PRIMARY KEY, bedrag REAL)")
    con.commit()
    con.close()
    blob = path.read_bytes()
    path.unlink()
    return blob


def _wal_of_foreign(workdir: Path) -> tuple[bytes, bytes]:
    path = workdir / f"fw-{uuid.uuid4().hex[:6]}.db"
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA page_size = 4096")
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA wal_autocheckpoint = 0")
    con.execute("CREATE TABLE klanten (id INTEGER PRIMARY KEY, naam TEXT)")
    con.executemany("INSERT INTO klanten (naam) VALUES (?)", [(f"k{i}" * 20,) for i in range(400)])
    main, wal = path.read_bytes(), Path(str(path) + "-wal").read_bytes()
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return main, wal


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry in ``folder`` (recursively): name -> sha256 (or 'dir')."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        try:
            out[rel] = "dir" if path.is_dir() else sha(path)
        except PermissionError:
            out[rel] = f"unreadable {path.stat().st_size}"
    return out


def build_case(case: Hostile, folder: Path) -> Path:
    folder.mkdir(parents=True)
    for name, content in case.files.items():
        (folder / name).write_bytes(content)
    if case.prepare is not None:
        case.prepare(folder)
    return folder / case.db


def judge(case: Hostile, message: str, code: int | None = None) -> str:
    """'' when ``message`` is a clean refusal for ``case``, else what is wrong."""
    low = message.lower()
    if not message:
        return "no message (opened)"
    if code is not None and code != 1:
        return f"exit code {code}"
    if "\n" in message.strip():
        return "more than one line"
    if any(word in low for word in ENGLISH):
        return "technical/English wording"
    if not any(e in low for e in case.expect):
        return f"expected one of {case.expect}"
    if any(a in low for a in case.avoid):
        return "misleading wording"
    return ""


def open_target(path: Path, passphrase: str | None) -> tuple[str, int | None]:
    from desktop.errors import UserError
    from desktop.store import open_store

    # the defaults, as the window uses them; only a missing file in an existing folder
    # is opened with create=False (with create it is a new database, by design)
    create = not (path.parent.is_dir() and not os.path.lexists(path))
    try:
        store = open_store(path, passphrase=passphrase, create=create)
        store.close()
        return "", None
    except UserError as exc:
        return exc.message, None
    except Exception as exc:  # counted as not refused
        return f"UNHANDLED {type(exc).__name__}: {exc}", None


def cli_target(argv: list[str]) -> Callable[[Path, str | None], tuple[str, int | None]]:
    """Run ``desktop.cli.main`` in this process; the message is its stderr."""

    def run(path: Path, passphrase: str | None) -> tuple[str, int | None]:
        import io

        from desktop import cli

        err, out = io.StringIO(), io.StringIO()
        old = os.environ.get("ELKAAR_PASSPHRASE")
        if passphrase is not None:
            os.environ["ELKAAR_PASSPHRASE"] = passphrase
        else:
            os.environ.pop("ELKAAR_PASSPHRASE", None)
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
                args = [
                    a.replace("{db}", str(path)).replace("{dir}", str(path.parent)) for a in argv
                ]
                code = cli.main(args)
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 2
        finally:
            if old is None:
                os.environ.pop("ELKAAR_PASSPHRASE", None)
            else:
                os.environ["ELKAAR_PASSPHRASE"] = old
        text = err.getvalue().strip()
        if text.startswith("Fout: "):
            text = text[len("Fout: ") :]
        return (text if code != 0 else ""), code

    return run


CLI_COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--db", "{db}"],
    "report": ["report", "databaseoverzicht", "--db", "{db}", "--out", "{dir}/../uit.pdf"],
    "export-kaart": [
        "export",
        "kaart",
        "--db",
        "{db}",
        "--format",
        "xlsx",
        "--out",
        "{dir}/../uit.xlsx",
    ],
    "backup": ["backup", "--db", "{db}", "--out", "{dir}/../kopie.db"],
}


RESTORE_REFUSED = ("niet bruikbaar", "nieuwere versie", "wachtwoord", "versleuteld")


def run_restore_refusals(
    workdir: Path,
    good: Path | None = None,
    encrypted: Path | None = None,
    cases: list[Hostile] | None = None,
) -> Outcome:
    """Every damaged main file of the corpus offered as a backup to restore: refused with
    a Dutch message, through ``backup.restore`` and ``elkaar restore``; the current
    database, its folder and the backup file unchanged."""
    from desktop.errors import UserError
    from desktop.store import backup

    outcome = Outcome()
    good = good or make_template(workdir, demo=True)
    encrypted = encrypted or make_template(workdir, passphrase="goed")
    if cases is None:
        cases = hostile_cases(good, encrypted, workdir)
    cases = [
        c
        for c in cases
        if set(c.files) == {"elkaar.db"} and c.prepare is None and c.db == "elkaar.db"
    ]
    cli_restore = cli_target(["restore", "{backup}", "--db", "{db}"])
    tried = refused = 0
    for n, case in enumerate(cases):
        for how in ("restore", "cli"):
            root = workdir / f"restore-{n}-{how}"
            current = root / "huidig" / "elkaar.db"
            current.parent.mkdir(parents=True)
            shutil.copyfile(good, current)
            offered = root / "kopie" / "elkaar-20260101-120000.db"
            offered.parent.mkdir()
            offered.write_bytes(case.files["elkaar.db"])
            before = snapshot(root)
            if how == "restore":
                try:
                    backup.restore(offered, current, case.passphrase)
                    message = ""
                except UserError as exc:
                    message = exc.message
                except Exception as exc:
                    message = f"UNHANDLED {type(exc).__name__}: {exc}"
                code = None
            else:
                run = cli_restore
                message, code = _with_backup_arg(run, offered, current, case.passphrase)
            tried += 1
            probe = Hostile(case.name, {}, RESTORE_REFUSED, avoid=case.avoid)
            problem = judge(probe, message, code)
            if not problem and snapshot(root) != before:
                problem = "files changed"
            if problem:
                outcome.failures.append(f"restore {case.name} / {how}: {problem}: {message}")
            else:
                refused += 1
            shutil.rmtree(root, ignore_errors=True)
    outcome.add("restore_bad_trials", tried, "trials")
    outcome.add("restore_bad_refused", refused, "trials")
    return outcome


def _with_backup_arg(run, offered: Path, current: Path, passphrase: str | None):
    """cli_target with {backup} filled in (it knows only {db} and {dir})."""
    from desktop import cli

    real_main = cli.main

    def main(args):
        return real_main([a.replace("{backup}", str(offered)) for a in args])

    cli.main = main
    try:
        return run(current, passphrase)
    finally:
        cli.main = real_main


def as_nobody(fn: Callable[..., tuple[str, int | None]], *args) -> tuple[str, int | None]:
    """Run ``fn(*args)`` in a forked child that has dropped root rights (uid 65534), so
    permission cases mean something when the suite runs as root."""
    import pickle

    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - report anything to the parent
            result = (f"UNHANDLED {type(exc).__name__}: {exc}", None)
        with os.fdopen(w, "wb") as fh:
            pickle.dump(result, fh)
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    try:
        return pickle.loads(data)
    except Exception:
        return ("UNHANDLED: child gave no answer", None)


# Further commands that open a store (the full run tries these too).
MORE_CLI_COMMANDS: dict[str, list[str]] = {
    "init": ["init", "--db", "{db}"],
    "export-jaaroverzicht": ["export", "jaaroverzicht", "--db", "{db}", "--out", "{dir}/../j.xlsx"],
    "privacy-bewaartermijn": ["privacy", "bewaartermijn", "--db", "{db}"],
}
CREATING = {"init"}  # commands that make a new database where none exists, by design


def run_hostile(
    workdir: Path,
    good: Path | None = None,
    encrypted: Path | None = None,
    targets: dict[str, Callable[[Path, str | None], tuple[str, int | None]]] | None = None,
    cases: list[Hostile] | None = None,
) -> Outcome:
    outcome = Outcome()
    if cases is None:
        good = good or make_template(workdir, demo=True)
        encrypted = encrypted or make_template(workdir, passphrase="goed")
        cases = hostile_cases(good, encrypted, workdir)
    if targets is None:
        targets = {"open_store": open_target}
        commands = {**CLI_COMMANDS, **MORE_CLI_COMMANDS}
        targets.update({name: cli_target(argv) for name, argv in commands.items()})
    privileged = hasattr(os, "geteuid") and os.geteuid() == 0
    can_drop = privileged and hasattr(os, "fork")
    open_base = None
    if can_drop:  # a folder an unprivileged user can reach
        open_base = Path(tempfile.mkdtemp(prefix="elkaar-nobody-"))
        open_base.chmod(0o755)
    tried = refused = skipped = 0
    for n, case in enumerate(cases):
        if case.unprivileged and privileged and not can_drop:
            skipped += 1
            continue
        drop = case.unprivileged and can_drop
        for target_name, target in targets.items():
            if case.creatable and target_name in CREATING:
                continue
            base = open_base if drop and open_base is not None else workdir
            folder = base / f"hostile-{n}-{target_name}" / "map"
            path = build_case(case, folder)
            if drop:
                folder.parent.chmod(0o777)
            before = snapshot(folder)
            message, code = (
                as_nobody(target, path, case.passphrase) if drop else target(path, case.passphrase)
            )
            after = snapshot(folder)
            tried += 1
            problem = judge(case, message, code)
            if not problem and after != before:
                changed = sorted(
                    k for k in set(before) | set(after) if before.get(k) != after.get(k)
                )
                problem = f"files changed: {changed}"
            if problem:
                outcome.failures.append(f"{case.name} / {target_name}: {problem}: {message}")
            else:
                refused += 1
            for p in folder.rglob("*"):
                with contextlib.suppress(OSError):
                    os.chmod(p, 0o700 if p.is_dir() else 0o600)
            shutil.rmtree(folder.parent, ignore_errors=True)
    if open_base is not None:
        shutil.rmtree(open_base, ignore_errors=True)
    outcome.add("hostile_cases", len(cases), "files")
    outcome.add("hostile_skipped", skipped, "files")
    outcome.add("hostile_trials", tried, "trials")
    outcome.add("hostile_refused", refused, "trials")
    return outcome


# --------------------------------------------------------------------------- main


def run_all(quick: bool, workdir: Path) -> Outcome:
    total = Outcome()
    parts = [
        ("kill", lambda: run_kill_trials(workdir, 20 if quick else 200)),
        ("backupkill", lambda: run_backup_kill_trials(workdir, 5 if quick else 30)),
        ("diskfull", lambda: run_disk_full(workdir)),
        ("corruption", lambda: run_corruption(workdir, 50 if quick else 80)),
        ("hostile", lambda: run_hostile(workdir)),
        ("restorebad", lambda: run_restore_refusals(workdir)),
        ("restore", lambda: run_restore_drill(workdir)),
        ("fuzz", lambda: run_fuzz(workdir, 100 if quick else 400)),
    ]
    for name, fn in parts:
        t0 = time.perf_counter()
        part = fn()
        part.add(f"{name}_seconds", round(time.perf_counter() - t0, 1), "s")
        total.figures += part.figures
        total.failures += part.failures
        total.notes += part.notes
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Elkaar reliability suite")
    parser.add_argument("--quick", action="store_true", help="20 kill trials, fewer fuzz cases")
    parser.add_argument("--json", metavar="OUT", help="write the figures as JSON")
    args = parser.parse_args(argv)
    import logging

    logging.getLogger("desktop").setLevel(logging.ERROR)  # expected errors (disk full, ...)
    with tempfile.TemporaryDirectory(prefix="elkaar-reliability-") as tmp:
        os.environ.setdefault("ELKAAR_DATA_DIR", str(Path(tmp) / "data"))
        outcome = run_all(args.quick, Path(tmp))
    print(f"{'figure':<30} {'value':>10}  unit")
    print("-" * 52)
    for f in outcome.figures:
        value = int(f.value) if float(f.value).is_integer() else f.value
        print(f"{f.name:<30} {value:>10}  {f.unit}" + (f"  ({f.note})" if f.note else ""))
    if outcome.notes:
        print("\nHandled, but by a catch-all (worth a look):")
        for line in outcome.notes:
            print(f"  - {line}")
    if outcome.failures:
        print("\nProblems:")
        for line in outcome.failures:
            print(f"  - {line}")
    if args.json:
        Path(args.json).write_text(
            json.dumps([f.as_json() for f in outcome.figures], indent=2), encoding="utf-8"
        )
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
