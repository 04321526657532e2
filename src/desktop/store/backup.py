"""Backups and restore (plain Python, no Qt).

A backup is a consistent snapshot of a live database:

* plain SQLite: the SQLite backup API, in one read transaction;
* SQLCipher: ``sqlcipher_export`` into an attached file keyed with the same passphrase
  (SQLCipher disables the backup API for encrypted files), so a backup of an encrypted
  store stays encrypted.

The snapshot is written to a temporary file in the target folder, checked (integrity_check,
foreign_key_check, it opens, its row counts equal the counts read in the same snapshot),
fsynced and only then renamed into place. A damaged source is never backed up: the full
check runs first, so good old generations are never pushed out by a bad copy.

Generations: backups in the backup folder are named ``<db>-YYYYmmdd-HHMMSS[-tag].db``;
``prune`` keeps the newest backup of each of the last 7 days, 4 weeks and 12 months.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.store import engine as store_engine
from desktop.store import settings

log = logging.getLogger(__name__)

FOLDER_NAME = "reservekopieen"
LAATSTE_TWEEDE = "backup.tweede_laatste"  # ISO timestamp UTC of the last copy to folder 2
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
# Files that travel with a database: the recovery key file of an encrypted store
# (desktop.store.crypto.key_file_path: "<db>.herstel"). Each backup gets its own copy
# ("<backup>.db.herstel"), pruning removes it along, restore puts it back.
COMPANION_SUFFIXES = (".herstel",)
NAME_RE = re.compile(r"^(?P<stem>.+)-(?P<ts>\d{8}-\d{6})(?:-(?P<tag>[a-z0-9-]+?))?\.db$")


@dataclass
class BackupInfo:
    """What a backup file holds (read without changing it)."""

    path: Path
    created: datetime  # local time, naive
    size: int
    encrypted: bool
    ok: bool | None  # None: encrypted and no passphrase given, so not checked
    problem: str = ""
    counts: dict[str, int] | None = None  # table -> rows
    revisions: set[str] = field(default_factory=set)
    tag: str = ""

    def labelled_counts(self, *, skip_empty: bool = True) -> list[tuple[str, int]]:
        from desktop.features import import_all_models
        from desktop.store.overview import TABLE_LABELS

        import_all_models()
        result = []
        for table, rows in sorted((self.counts or {}).items()):
            if skip_empty and not rows:
                continue
            result.append((TABLE_LABELS.get(table, table.replace("_", " ").capitalize()), rows))
        return result

    def summary(self, limit: int = 4) -> str:
        if self.ok is None:
            return "versleuteld"
        if not self.ok:
            return f"onbruikbaar: {self.problem}"
        items = [
            (label, rows)
            for label, rows in self.labelled_counts()
            if label not in ("Instellingen", "Wijzigingslog", "Auditlog")
        ]
        items.sort(key=lambda item: -item[1])
        text = ", ".join(f"{rows} {label.lower()}" for label, rows in items[:limit])
        return text or "leeg"


@dataclass
class BackupResult:
    info: BackupInfo
    second: Path | None = None
    second_problem: str = ""
    pruned: list[Path] = field(default_factory=list)


@dataclass
class RestoreResult:
    db_path: Path
    kept_aside: Path | None
    info: BackupInfo


# --------------------------------------------------------------------------- low level


def _connect(path: Path, passphrase: str | None, *, probe: bool) -> Any:
    """A connection that changes nothing in ``path`` (probe: immutable read-only)."""
    try:
        con = store_engine._connect_raw(path, passphrase, readonly=probe, probe=probe)
        con.execute(f"PRAGMA busy_timeout = {store_engine.BUSY_TIMEOUT_MS}")
    except sqlite3.Error as exc:
        raise UserError(f"Het bestand {path.name} kan niet worden geopend ({exc}).") from exc
    except Exception as exc:  # sqlcipher3's own DatabaseError classes
        raise UserError(f"Het bestand {path.name} kan niet worden geopend ({exc}).") from exc
    return con


def _user_tables(con: Any) -> list[str]:
    names = [
        r[0]
        for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"
        ).fetchall()
    ]
    return [
        n
        for n in names
        if n != "alembic_version"
        and not n.startswith("sqlite_")
        and not n.startswith("fts_")
        and "_fts" not in n
    ]


def _counts(con: Any) -> dict[str, int]:
    return {
        name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
        for name in _user_tables(con)
    }


def _problems(con: Any, *, full: bool = True) -> str:
    """'' when the database passes the checks, else a short Dutch description."""
    pragma = "integrity_check" if full else "quick_check"
    rows = [r[0] for r in con.execute(f"PRAGMA {pragma}").fetchall()]
    if rows != ["ok"]:
        return "integriteitscontrole mislukt"
    if con.execute("PRAGMA foreign_key_check").fetchall():
        return "verwijzingen naar ontbrekende records"
    return _schema_problem(con)


def _schema_problem(con: Any) -> str:
    """'' for an Elkaar database whose tables match its schema revision, else why not.

    A file that passes SQLite's checks can still be unusable: another program's
    database, an empty revision table, a table or column missing at the newest revision.
    """
    from desktop.store import migrations

    columns = store_engine.table_columns(con.execute)
    if "alembic_version" not in columns:
        return "geen Elkaar-database"
    revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
    if not revisions:
        return "onvolledig: de schemaversie ontbreekt"
    if not revisions & migrations.known_revisions() and "instelling" not in columns:
        return "geen Elkaar-database"
    if revisions == migrations.head_revisions():
        gaps = store_engine.schema_gaps(columns)
        if gaps:
            return f"onvolledig: {gaps[0]} ontbreekt"
    return ""


def _fsync_file(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows has no directory fsync
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _os_error(exc: OSError, folder: Path) -> UserError:
    import errno

    if exc.errno == errno.ENOSPC:
        return UserError(
            f"De schijf met de map {folder} is vol: de reservekopie is niet gemaakt. "
            "Maak ruimte vrij of kies een andere map."
        )
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return UserError(f"In de map {folder} mag niet worden geschreven (alleen-lezen).")
    return UserError(f"De map {folder} kan niet worden gebruikt ({store_engine.os_reason(exc)}).")


def _db_error(exc: BaseException, folder: Path) -> UserError:
    translated = store_engine.translate_db_error(exc, folder / "x")
    if translated is not None:
        return UserError("De reservekopie is niet gemaakt. " + translated.message)
    log.warning("backup failed: %s", exc)
    return UserError(
        "De reservekopie is niet gemaakt: de database kan niet worden gelezen of is "
        "beschadigd. De bestaande reservekopieën blijven bewaard."
    )


def _remove_quietly(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(OSError):
            p.unlink()


def _link_or_copy(src: Path, dst: Path) -> None:
    """``dst`` gets the content of ``src`` (a hard link where possible, else a copy)."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copyfile(src, dst)
        _fsync_file(dst)


def _clean_stale_temp(folder: Path, max_age_s: float = 600) -> None:
    """Remove temp files of backups that were interrupted (killed process, power cut)."""
    import time

    if not folder.is_dir():
        return
    now = time.time()
    for path in folder.glob(".*.tmp*"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > max_age_s:
                path.unlink()


def _companions(path: Path) -> list[tuple[str, Path]]:
    return [(suffix, Path(str(path) + suffix)) for suffix in COMPANION_SUFFIXES]


def _copy_companions(src: Path, out: Path) -> None:
    for suffix, companion in _companions(src):
        if companion.is_file():
            _copy_atomic(companion, Path(str(out) + suffix))


def _copy_atomic(src: Path, out: Path) -> None:
    """Copy ``src`` to ``out`` via a temp file in the same folder, fsynced, then renamed."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, tmp)
        _fsync_file(tmp)
        os.replace(tmp, out)
        _fsync_dir(out.parent)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _os_error(exc, out.parent) from exc


# --------------------------------------------------------------------------- backup


def backup_file(
    src: Path,
    out: Path,
    passphrase: str | None = None,
    *,
    check_source: bool = True,
    cancel: Any = None,
) -> BackupInfo:
    """Write a checked, consistent backup of database ``src`` to ``out``.

    ``passphrase``: the key of an encrypted ``src``; the backup gets the same key.
    Raises UserError (nothing written at ``out``) when the source is damaged or the
    target cannot be written.
    """
    src = Path(src)
    out = Path(out).absolute()
    if not src.exists():
        raise UserError(f"Het databasebestand {src} bestaat niet.")
    if out.resolve() == src.resolve():
        raise UserError("De reservekopie kan niet over de database zelf worden geschreven.")
    encrypted = store_engine.file_kind(src) == "other"
    if encrypted and not store_engine.looks_encrypted(src):
        raise UserError(
            "De database is beschadigd (geen database, en ook niet versleuteld). Er is geen "
            "reservekopie gemaakt; de bestaande reservekopieën blijven bewaard."
        )
    if encrypted and passphrase is None:
        raise UserError(
            "Voor een reservekopie van een versleutelde database is het wachtwoord nodig."
        )
    if not encrypted:
        passphrase = None
    folder = out.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    tmp = folder / f".{out.name}.{os.getpid()}.tmp"
    _remove_quietly(tmp, Path(str(tmp) + "-journal"))
    con = _connect(src, passphrase, probe=False)
    try:
        try:
            con.isolation_level = None
            if check_source:
                try:
                    problem = _problems(con, full=True)
                except Exception as exc:
                    if store_engine.translate_db_error(exc, src) is not None:
                        raise
                    log.warning("checking %s before a backup failed: %s", src, exc)
                    problem = "de controle kon het bestand niet lezen"
                if problem:
                    raise UserError(
                        f"De database is beschadigd ({problem}). Er is geen reservekopie "
                        "gemaakt; de bestaande reservekopieën blijven bewaard. Zet zo nodig "
                        "een reservekopie terug."
                    )
            if cancel is not None and cancel.is_set():
                raise UserError("Reservekopie afgebroken.")
            if encrypted:
                con.execute("ATTACH DATABASE ? AS elkaar_backup KEY ?", (str(tmp), passphrase))
                try:
                    con.execute("BEGIN")
                    counts = _counts(con)
                    user_version = con.execute("PRAGMA main.user_version").fetchone()[0]
                    app_id = con.execute("PRAGMA main.application_id").fetchone()[0]
                    con.execute("SELECT sqlcipher_export('elkaar_backup')")
                    con.execute(f"PRAGMA elkaar_backup.user_version = {int(user_version)}")
                    con.execute(f"PRAGMA elkaar_backup.application_id = {int(app_id)}")
                    con.execute("COMMIT")
                finally:
                    with contextlib.suppress(Exception):
                        con.execute("DETACH DATABASE elkaar_backup")
            else:
                con.execute("BEGIN")
                counts = _counts(con)
                dst = sqlite3.connect(str(tmp))
                try:
                    con.backup(dst)
                    dst.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dst.close()
                con.execute("COMMIT")
        except UserError:
            raise
        except OSError as exc:
            raise _os_error(exc, folder) from exc
        except Exception as exc:
            raise _db_error(exc, folder) from exc
        finally:
            con.close()
        info = inspect_backup(tmp, passphrase, full=True)
        if not info.ok:
            raise UserError(f"De reservekopie is niet goed geschreven ({info.problem}).")
        if info.counts != counts:
            raise UserError("De reservekopie is niet volledig (aantallen verschillen).")
        _fsync_file(tmp)
        os.replace(tmp, out)
        _fsync_dir(folder)
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    finally:
        _remove_quietly(tmp, Path(str(tmp) + "-journal"))
    _copy_companions(src, out)
    info.path = out
    info.created = _created(out)
    return info


def backup_store(store: store_engine.Store, out: Path, *, cancel: Any = None) -> BackupInfo:
    if store.path is None:
        raise UserError("Reservekopieën kunnen alleen van een databasebestand worden gemaakt.")
    return backup_file(store.path, out, store.passphrase, cancel=cancel)


# --------------------------------------------------------------------------- inspect/list


def _created(path: Path) -> datetime:
    m = NAME_RE.match(path.name)
    if m:
        with contextlib.suppress(ValueError):
            return datetime.strptime(m.group("ts"), "%Y%m%d-%H%M%S")
    try:
        return datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return datetime.fromtimestamp(0)


def looks_encrypted(path: Path) -> bool:
    """An SQLCipher file starts with random bytes (salt + ciphertext); text or zeros do not."""
    return store_engine.looks_encrypted(path)


def inspect_backup(path: Path, passphrase: str | None = None, *, full: bool = True) -> BackupInfo:
    """Check a backup read-only: does it open, pass the checks, what does it hold."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UserError(f"De reservekopie {path} kan niet worden gelezen.") from exc
    m = NAME_RE.match(path.name)
    info = BackupInfo(
        path, _created(path), size, False, False, tag=(m.group("tag") or "") if m else ""
    )
    try:
        kind = store_engine.file_kind(path)
    except UserError as exc:
        info.problem = exc.message
        return info
    if kind in ("missing", "empty"):
        info.problem = "het bestand is leeg"
        return info
    info.encrypted = kind == "other"
    if info.encrypted and not looks_encrypted(path):
        info.encrypted = False
        info.problem = "geen database (en ook geen versleutelde)"
        return info
    if info.encrypted and passphrase is None:
        info.ok = None
        return info
    try:
        con = _connect(path, passphrase if info.encrypted else None, probe=True)
    except UserError as exc:
        info.problem = exc.message
        return info
    try:
        try:
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        except Exception:
            wrong_key = info.encrypted and not store_engine._key_fits(con, path)
            info.problem = (
                "verkeerd wachtwoord, of geen Elkaar-database"
                if wrong_key
                else "beschadigd of geen database"
            )
            return info
        if "alembic_version" not in tables:
            info.problem = "geen Elkaar-database"
            return info
        try:
            problem = _problems(con, full=full)
            if problem:
                info.problem = problem
                return info
            info.revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
            info.counts = _counts(con)
        except Exception as exc:
            log.warning("inspecting %s failed: %s", path, exc)
            info.problem = "beschadigd"
            return info
        info.ok = True
        return info
    finally:
        con.close()


def list_backups(
    folder: Path, passphrase: str | None = None, *, stem: str | None = None, full: bool = False
) -> list[BackupInfo]:
    """Backups in ``folder`` (newest first), each opened read-only to count its contents."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    result = []
    for path in folder.iterdir():
        if not path.is_file() or path.name.startswith(".") or path.suffix != ".db":
            continue
        m = NAME_RE.match(path.name)
        if stem is not None and (m is None or m.group("stem") != stem):
            continue
        try:
            result.append(inspect_backup(path, passphrase, full=full))
        except UserError:
            continue
    result.sort(key=lambda i: (i.created, i.path.name), reverse=True)
    return result


# --------------------------------------------------------------------------- generations


def default_folder(db_path: Path) -> Path:
    return Path(db_path).absolute().parent / FOLDER_NAME


def folders_for(store: store_engine.Store) -> tuple[Path, Path | None]:
    """(backup folder, second folder or None) from the settings of ``store``."""
    assert store.path is not None
    with store.session() as s:
        main = settings.get(s, settings.BACKUP_MAP) or ""
        second = settings.get(s, settings.BACKUP_TWEEDE_MAP) or ""
    return (Path(main) if main else default_folder(store.path)), (Path(second) if second else None)


def backup_name(stem: str, when: datetime, tag: str = "") -> str:
    return f"{stem}-{when:%Y%m%d-%H%M%S}" + (f"-{tag}" if tag else "") + ".db"


def _unique(folder: Path, stem: str, when: datetime, tag: str) -> Path:
    out = folder / backup_name(stem, when, tag)
    while out.exists():
        when += timedelta(seconds=1)
        out = folder / backup_name(stem, when, tag)
    return out


def generations_to_keep(
    stamps: Iterable[datetime],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """The newest backup of each of the last ``daily`` days, ``weekly`` weeks, ``monthly`` months."""
    ordered = sorted(set(stamps), reverse=True)
    keep: set[datetime] = set(ordered[:1])
    rules: list[tuple[Callable[[datetime], Any], int]] = [
        (lambda t: t.date(), daily),
        (lambda t: t.isocalendar()[:2], weekly),
        (lambda t: (t.year, t.month), monthly),
    ]
    for key, count in rules:
        seen: list[Any] = []
        for stamp in ordered:
            k = key(stamp)
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(k)
            keep.add(stamp)
    return keep


def prune(
    folder: Path,
    stem: str,
    *,
    known_good: Path | None = None,
    passphrase: str | None = None,
    **limits: int,
) -> list[Path]:
    """Delete generation backups of ``stem`` in ``folder`` that fall outside the scheme.

    The newest backup that passes the checks is never deleted, even when the scheme
    says so: when the newer generations turn out to be unusable (damaged on disk,
    or encrypted with another key), the last good copy stays. ``known_good``: a backup
    just written and checked (saves checking it again).
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found: dict[datetime, list[Path]] = {}
    for path in folder.iterdir():
        m = NAME_RE.match(path.name)
        if not m or m.group("stem") != stem or not path.is_file():
            continue
        found.setdefault(_created(path), []).append(path)
    keep = generations_to_keep(found, **limits)
    kept = {stamp: sorted(paths, key=lambda p: p.name)[-1] for stamp, paths in found.items()}
    spare = _newest_good(
        [kept[t] for t in sorted(found, reverse=True)], known_good, passphrase, keep, kept
    )
    removed = []
    for stamp, paths in found.items():
        ordered = sorted(paths, key=lambda p: p.name)
        doomed = ordered if stamp not in keep else ordered[:-1]
        for path in doomed:
            if path == spare:
                continue
            try:
                path.unlink()
                removed.append(path)
                _remove_quietly(*(c for _, c in _companions(path)))
            except OSError as exc:  # pragma: no cover - e.g. a file opened elsewhere
                log.warning("could not prune %s: %s", path, exc)
    return sorted(removed)


def _newest_good(
    newest_first: list[Path],
    known_good: Path | None,
    passphrase: str | None,
    keep: set[datetime],
    kept: dict[datetime, Path],
) -> Path | None:
    """The newest backup that passes the checks, when pruning would delete it; else None."""
    kept_paths = {kept[t] for t in keep}
    if known_good is not None and Path(known_good) in kept_paths:
        return None  # the checked backup just written stays anyway
    for path in newest_first:
        try:
            ok = inspect_backup(path, passphrase, full=False).ok
        except UserError:
            ok = False
        if ok:
            return None if path in kept_paths else path
    return None


def make_backup(
    store: store_engine.Store,
    *,
    tag: str = "",
    now: datetime | None = None,
    cancel: Any = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> BackupResult:
    """A generation backup into the backup folder (+ second folder), then pruning.

    Records the time in LAATSTE_BACKUP (and LAATSTE_TWEEDE when the copy to the second
    folder succeeded). A missing second folder (USB stick not inserted) is reported in
    ``second_problem``; the backup itself still counts.
    """
    if store.path is None:
        raise UserError("Reservekopieën kunnen alleen van een databasebestand worden gemaakt.")
    now = now or datetime.now()
    main, second = folders_for(store)
    stem = store.path.stem
    if progress:
        progress(0, 3, "Database controleren en kopiëren…")
    out = _unique(main, stem, now, tag)
    info = backup_store(store, out, cancel=cancel)
    result = BackupResult(info)
    if progress:
        progress(1, 3, "Oude reservekopieën opruimen…")
    result.pruned = prune(main, stem, known_good=out, passphrase=store.passphrase)
    _clean_stale_temp(main)
    when = datetime.now(UTC).isoformat(timespec="seconds")
    recorded = {settings.LAATSTE_BACKUP: when}
    if second is not None:
        if progress:
            progress(2, 3, "Kopie naar de tweede locatie…")
        if not second.is_dir():
            result.second_problem = (
                f"De tweede locatie {second} is niet bereikbaar (USB-stick niet aangesloten?)."
            )
        else:
            try:
                target = second / out.name
                _copy_atomic(out, target)
                _copy_companions(out, target)
                prune(second, stem, known_good=target, passphrase=store.passphrase)
                result.second = target
                recorded[LAATSTE_TWEEDE] = when
            except UserError as exc:
                result.second_problem = exc.message
    if not store.readonly:
        try:
            with store.session() as s:
                for key, value in recorded.items():
                    settings.put(s, key, value)
        except UserError as exc:  # e.g. disk full right after: the backup still stands
            log.warning("could not record backup time: %s", exc)
    if progress:
        progress(3, 3, "Klaar")
    return result


def backup_due(
    store: store_engine.Store, *, now: datetime | None = None, every: timedelta = timedelta(days=1)
) -> bool:
    from desktop.store.overview import last_backup

    if store.path is None or store.readonly:
        return False
    with store.session() as s:
        last = last_backup(s)
    now = now or datetime.now(UTC)
    if last is None:
        return True
    if last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    return now - last >= every


def migration_hook(passphrase: str | None = None) -> Callable[[Path], None]:
    """``before_migrate`` for open_store: a checked backup before the schema changes."""

    def hook(path: Path) -> None:
        folder = _folder_from_file(path, passphrase)
        out = _unique(folder, path.stem, datetime.now(), "voor-bijwerken")
        backup_file(path, out, passphrase)
        log.info("backup before migration: %s", out)

    return hook


def _folder_from_file(path: Path, passphrase: str | None) -> Path:
    encrypted = store_engine.file_kind(path) == "other"
    try:
        con = _connect(path, passphrase if encrypted else None, probe=False)
        try:
            row = con.execute(
                "SELECT waarde FROM instelling WHERE sleutel = ?", (settings.BACKUP_MAP,)
            ).fetchone()
        finally:
            con.close()
    except Exception:
        row = None
    return Path(row[0]) if row and row[0] else default_folder(path)


# --------------------------------------------------------------------------- restore


def newest_good_backup(
    db_path: Path, passphrase: str | None = None, extra_folders: Iterable[Path] = ()
) -> BackupInfo | None:
    """The newest backup of ``db_path`` that passes the checks (default + extra folders)."""
    folders = [default_folder(db_path), *[Path(f) for f in extra_folders]]
    candidates: list[BackupInfo] = []
    for folder in dict.fromkeys(folders):
        candidates.extend(list_backups(folder, passphrase, stem=Path(db_path).stem, full=False))
    candidates.sort(key=lambda i: i.created, reverse=True)
    for cand in candidates:
        if cand.ok is None and passphrase is None:
            continue
        full = inspect_backup(cand.path, passphrase, full=True)
        if full.ok:
            return full
    return None


def aside_name(db_path: Path, when: datetime | None = None) -> Path:
    when = when or datetime.now()
    return db_path.with_name(f"{db_path.stem}.voor-herstel-{when:%Y%m%d-%H%M%S}.db")


def restore(backup: Path, db_path: Path, passphrase: str | None = None) -> RestoreResult:
    """Put ``backup`` in place of ``db_path``; the current file is kept aside first.

    The backup is checked before anything changes; a damaged backup, one from a newer
    Elkaar or a database another Elkaar has open leaves everything as it was.
    """
    from desktop.store import lock, migrations

    backup = Path(backup).absolute()
    db_path = Path(db_path).absolute()
    if not backup.is_file():
        raise UserError(f"De reservekopie {backup} bestaat niet.")
    if backup == db_path:
        raise UserError("De reservekopie is de database zelf.")
    info = inspect_backup(backup, passphrase, full=True)
    if info.ok is None:
        raise UserError(
            f"De reservekopie {backup.name} is zonder wachtwoord niet bruikbaar: ze is "
            "versleuteld of geen database. Geef het wachtwoord; er is niets veranderd."
        )
    if not info.ok:
        raise UserError(
            f"De reservekopie {backup.name} is niet bruikbaar ({info.problem}). "
            "Er is niets veranderd."
        )
    migrations.check_revisions(info.revisions)
    if info.revisions != migrations.head_revisions():
        # An older backup is migrated when it is opened: try that on a copy now, so a
        # backup that cannot be brought up to date is refused before anything changes.
        try:
            store_engine.rehearse_migration(backup, passphrase if info.encrypted else None)
        except UserError as exc:
            raise UserError(
                f"De reservekopie {backup.name} is niet bruikbaar (onvolledig of "
                "beschadigd). Er is niets veranderd.",
                detail=exc.detail,
            ) from exc
    lock.check(db_path)
    folder = db_path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _os_error(exc, folder) from exc
    if not os.access(folder, os.W_OK):
        raise UserError(f"In de map {folder} mag niet worden geschreven (alleen-lezen).")
    tmp = folder / f".{db_path.name}.herstel.{os.getpid()}.tmp"
    try:
        shutil.copyfile(backup, tmp)
        _fsync_file(tmp)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _os_error(exc, folder) from exc
    # Order matters for a crash half-way: the database path is never missing (the old
    # file is linked or copied aside first, then the new one replaces it atomically), and
    # the old -wal is removed before the switch so it can never be replayed onto the
    # restored file.
    kept: Path | None = None
    try:
        if db_path.exists():
            kept = aside_name(db_path)
            n = 1
            while kept.exists():
                kept = aside_name(db_path, datetime.now() + timedelta(seconds=n))
                n += 1
            _link_or_copy(db_path, kept)
            for suffix in ("-wal", "-journal"):
                side = Path(str(db_path) + suffix)
                if side.exists() and side.stat().st_size > 0:
                    _link_or_copy(side, Path(str(kept) + suffix))
            _fsync_dir(folder)
        _remove_quietly(*(Path(str(db_path) + s) for s in ("-wal", "-shm", "-journal")))
        os.replace(tmp, db_path)
        _fsync_dir(folder)
    except OSError as exc:
        _remove_quietly(tmp)
        raise _os_error(exc, folder) from exc
    for suffix, companion in _companions(backup):
        if not companion.is_file():
            continue
        current = Path(str(db_path) + suffix)
        try:
            if current.is_file() and kept is not None:
                _link_or_copy(current, Path(str(kept) + suffix))
            _copy_atomic(companion, current)
        except (OSError, UserError) as exc:  # the database itself is restored
            log.warning("could not restore %s: %s", current, exc)
    log.info("restored %s from %s (old file: %s)", db_path, backup, kept)
    return RestoreResult(db_path, kept, info)


def content_digest(path: Path, passphrase: str | None = None) -> str:
    """SHA-256 over every row of every table (sorted): equal data gives an equal digest."""
    import hashlib

    digest = hashlib.sha256()
    encrypted = store_engine.file_kind(Path(path)) == "other"
    con = _connect(Path(path), passphrase if encrypted else None, probe=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type='table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        for table in tables:
            digest.update(f"\x1e{table}\x1e".encode())
            rows = sorted(repr(r) for r in con.execute(f'SELECT * FROM "{table}"'))
            for row in rows:
                digest.update(row.encode("utf-8"))
    finally:
        con.close()
    return digest.hexdigest()


def restore_store(store: store_engine.Store, backup_path: Path) -> RestoreResult:
    """Restore into the database ``store`` has open, then reopen it in the same object."""
    if store.path is None:
        raise UserError("Terugzetten kan alleen bij een databasebestand.")
    if store.readonly:
        raise UserError(
            "De database is alleen-lezen geopend; terugzetten kan alleen als u er zelf in werkt."
        )
    path, passphrase = store.path, store.passphrase
    store.engine.dispose()  # no open connections while the file is swapped
    result = restore(Path(backup_path), path, passphrase)
    reopened = store_engine.open_store(
        path,
        passphrase=passphrase,
        create=False,
        lock=store.file_lock is not None,
        before_migrate=migration_hook(passphrase),
    )
    store.adopt(reopened)
    return result
