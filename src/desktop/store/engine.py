"""Opening a store: plain SQLite, SQLCipher-encrypted SQLite, or any SQLAlchemy URL.

Opening is careful: the file is inspected read-only first (header, integrity_check,
schema revision, tables and columns) and only then opened for writing and migrated. A
failed open changes nothing on disk, not the file and not its -wal/-shm/-journal:

* zeros, text or a damaged header are "beschadigd", never "wrong passphrase"; with
  SQLCipher, ``PRAGMA cipher_integrity_check`` tells a wrong key (every page fails its
  HMAC) from a damaged file (some pages fail);
* an empty (0 byte) file and a missing folder are refused, not silently made into a
  new, empty database (that would look as if all data were gone and its backups would
  push out the good ones);
* a -journal next to the database (Elkaar works in WAL mode, so it is another
  program's or a broken one) and a -wal that is no WAL, is cut short in its header or
  belongs to another database are refused with a message naming that file; a -wal left
  by a crash is replayed onto a scratch copy first and, when the result is sound,
  opened (SQLite then recovers every committed transaction);
* an Elkaar file that lacks a table or column of its schema revision is refused; a
  pending migration is rehearsed on a scratch copy before the real file is touched.

Pragmas (SQLite):
* ``journal_mode=WAL``: readers never block the writer; a killed process loses nothing
  that was committed.
* ``synchronous=FULL``: with WAL, NORMAL may lose the last transactions on power loss
  (not on a crash). Our users run on laptops whose battery runs out; a committed
  mantelzorg gesprek must survive that, and our write volume is tiny, so we pay the
  extra fsync per commit.
* ``foreign_keys=ON`` and ``busy_timeout=5000`` ms.

Failures the user can fix (disk full, read-only file or folder, I/O error, database busy)
are translated into ``UserError`` in one place, the engine's ``handle_error`` hook
(``translate_db_error``). ``Store.session()`` rolls back, so nothing is half-written; a
view that catches the UserError from its save keeps the form as it is so the user can
retry once the cause is fixed.

One writer at a time: ``open_store`` refuses to write to a database that another running
Elkaar has locked (``desktop.store.lock``); the window takes that lock (``lock=True``).
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from desktop.errors import UserError

#: Database errors never carry the values of the statement: their text reaches the log
#: file, the error dialog's details and the clipboard, and the values can be personal
#: data (names, notes of a gesprek).
HIDE_PARAMETERS = True

log = logging.getLogger(__name__)

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class StoreInfo:
    url: str
    path: Path | None
    encrypted: bool
    dialect: str
    readonly: bool = False


class Store:
    """An opened, migrated database with a session factory."""

    def __init__(
        self,
        engine: Engine,
        info: StoreInfo,
        *,
        passphrase: str | None = None,
        file_lock: Any = None,
    ) -> None:
        self.engine = engine
        self.info = info
        self._sessions = sessionmaker(
            engine,
            expire_on_commit=False,
            info={"db_path": str(info.path)} if info.path is not None else None,
        )
        self._passphrase = passphrase  # needed to back up / reopen an encrypted store
        self.file_lock = file_lock  # desktop.store.lock.FileLock or None

    @property
    def readonly(self) -> bool:
        return self.info.readonly

    @property
    def passphrase(self) -> str | None:
        return self._passphrase

    @property
    def path(self) -> Path | None:
        return self.info.path

    @property
    def encrypted(self) -> bool:
        return self.info.encrypted

    def new_session(self) -> Session:
        return self._sessions()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def adopt(self, other: Store) -> None:
        """Take over ``other``'s engine (after a restore), so every holder of this
        Store object sees the reopened database. Releases this store's old lock."""
        old_lock = self.file_lock
        self.engine.dispose()
        self.engine = other.engine
        self.info = other.info
        self._sessions = other._sessions
        self._passphrase = other._passphrase
        self.file_lock = other.file_lock
        other.file_lock = None
        if old_lock is not None:
            old_lock.release()

    def close(self) -> None:
        self.engine.dispose()
        if self.file_lock is not None:
            self.file_lock.release()
            self.file_lock = None


# --------------------------------------------------------------------------- errors


def translate_db_error(
    exc: BaseException, path: Path | None = None, readonly_reason: str | None = None
) -> UserError | None:
    """A UserError for database failures the user can fix; None for anything else.

    ``readonly_reason``: why the store was opened read-only (e.g. who has it open), used
    instead of the generic read-only message.
    """
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).lower()
    where = f" ({path.parent})" if path is not None else ""
    if "database or disk is full" in message or "no space left" in message:
        return UserError(
            f"De schijf is vol{where}: er is niets opgeslagen. Wat u hebt ingevuld staat er "
            "nog. Maak ruimte vrij (bijvoorbeeld door oude bestanden te verwijderen) en "
            "probeer het opnieuw."
        )
    if ("readonly database" in message or "read-only" in message) and readonly_reason:
        return UserError(f"{readonly_reason} Er is niets opgeslagen.")
    if "readonly database" in message or "read-only" in message:
        return UserError(
            "De database is alleen-lezen geopend of staat in een map waarin u niet mag "
            "schrijven: er is niets opgeslagen. Wat u hebt ingevuld staat er nog."
        )
    if "disk i/o error" in message:
        return UserError(
            f"Er ging iets mis bij het schrijven naar de schijf{where}: er is niets "
            "opgeslagen. Controleer de schijf of USB-stick en probeer het opnieuw."
        )
    if "database is locked" in message or "database is busy" in message:
        return UserError(
            "De database is bezet (een ander programma schrijft er op dit moment in). "
            "Er is niets opgeslagen; probeer het zo opnieuw."
        )
    return None


# --------------------------------------------------------------------------- targets


def resolve_target(target: str | os.PathLike[str] | None) -> tuple[str, Path | None]:
    """Turn ``--db`` / ``ELKAAR_DB`` / default into (url_or_path, path-or-None)."""
    from desktop import paths

    if target is None or str(target) == "":
        env = os.environ.get("ELKAAR_DB")
        target = env if env else paths.default_db_path()
    raw = str(target)
    if "://" in raw:
        try:
            url = make_url(raw)
        except ArgumentError as exc:
            raise UserError(f"Ongeldige database-aanduiding: {raw}") from exc
        if url.get_backend_name() == "sqlite":
            db = url.database
            return raw, Path(db).expanduser() if db and db != ":memory:" else None
        return raw, None
    return raw, Path(raw).expanduser()


def file_kind(path: Path) -> str:
    """'missing', 'empty', 'sqlite' or 'other' (encrypted or not a database)."""
    if not path.exists():
        return "missing"
    if path.is_dir():
        raise UserError(f"{path} is een map, geen databasebestand.")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except PermissionError as exc:
        raise UserError(f"Geen toestemming om {path} te lezen.") from exc
    except OSError as exc:
        raise UserError(f"Het bestand {path} kan niet worden gelezen ({os_reason(exc)}).") from exc
    if not head:
        return "empty"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return "other"


def os_reason(exc: OSError) -> str:
    """A Dutch reason for an OSError (strerror is English)."""
    import errno

    reasons = {
        errno.EACCES: "geen toestemming",
        errno.EPERM: "geen toestemming",
        errno.EROFS: "alleen-lezen schijf",
        errno.ENOSPC: "de schijf is vol",
        errno.ENOENT: "niet gevonden",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.EISDIR: "het is een map",
        errno.EIO: "leesfout op de schijf",
        errno.ENAMETOOLONG: "de naam is te lang",
    }
    return reasons.get(exc.errno or 0, f"systeemfout {exc.errno}")


def looks_encrypted(path: Path) -> bool:
    """An SQLCipher file starts with random bytes (salt + ciphertext); text, zeros or
    a damaged SQLite header do not. Random garbage cannot be told apart."""
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(1024)
    except OSError:
        return False
    return len(head) >= 512 and len(set(head)) > 150


def damaged_message(path: Path, what: str = "") -> str:
    """The one message for a file that is not a usable Elkaar database."""
    detail = f" ({what})" if what else ""
    return (
        f"{path.name} is geen bruikbare Elkaar-database: het bestand is beschadigd of geen "
        f"database{detail}. Er is niets aan het bestand veranderd; zet zo nodig een "
        "reservekopie terug."
    )


# --------------------------------------------------------------------------- companions

WAL_MAGIC = (0x377F0682, 0x377F0683)


def _companion(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _in_use(path: Path) -> bool:
    """Another running Elkaar (lock file) or this process has ``path`` open."""
    from desktop.store import lock as store_lock

    if store_lock.lock_path(path) in store_lock._held:
        return True
    try:
        return store_lock.holder(path) is not None
    except Exception:  # pragma: no cover - an unreadable lock counts as in use
        return True


def _wal_problem(wal: bytes, db_page_size: int | None) -> str:
    """'' when ``wal`` (the bytes of a -wal file) is a well-formed WAL, else why not."""
    import struct

    if len(wal) < 32:
        return "is onvolledig"
    magic, version, page_size = struct.unpack(">III", wal[:12])
    if magic not in WAL_MAGIC or version != 3007000:
        return "is geen logbestand van SQLite"
    if page_size < 512 or page_size > 65536 or page_size & (page_size - 1):
        return "is beschadigd"
    if db_page_size and page_size != db_page_size:
        return "hoort bij een andere database"
    # header checksum (the WAL's own Fletcher-like checksum over the first 24 bytes)
    big = magic & 1
    fmt = ">" if big else "<"
    s0 = s1 = 0
    words = struct.unpack(fmt + "6I", wal[:24])
    for i in range(0, 6, 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    if (s0, s1) != struct.unpack(">II", wal[24:32]):
        return "is beschadigd"
    # Frames after the header may be torn or stale: a process killed between the two
    # writes of a frame, or right after restarting the log, leaves exactly that, and
    # SQLite then ignores them (they were never committed). Not a reason to refuse.
    return ""


def companion_problem(path: Path, passphrase: str | None) -> None:
    """Refuse (UserError) a -journal or -wal next to ``path`` that SQLite would roll back,
    replay or throw away on opening: that changes the file, may lose committed work and,
    when the companion belongs to another database, damages it.

    A -wal that is well-formed is checked later by replaying it onto a scratch copy
    (``probe_file``). Not checked while another
    Elkaar (or this process) has the database open: its -wal is live.
    """
    if _in_use(path):
        return
    journal = _companion(path, "-journal")
    try:
        size = journal.stat().st_size if journal.exists() else 0
    except OSError:
        size = 0
    if size > 0:
        raise UserError(
            f"De database {path.name} is mogelijk beschadigd: ernaast staat het bestand "
            f"{journal.name} van een bewerking die niet is afgemaakt (door een storing of "
            "een ander programma). Elkaar opent de database zo niet, want dat zou het "
            "bestand veranderen; er is niets aan de bestanden veranderd. Vraag uw beheerder "
            "om hulp of zet een reservekopie terug."
        )
    wal = _companion(path, "-wal")
    try:
        data = wal.read_bytes() if wal.is_file() else b""
    except OSError:
        data = b""
    if not data:
        return
    page_size = None
    if passphrase is None:
        try:
            with path.open("rb") as fh:
                head = fh.read(18)
            page_size = int.from_bytes(head[16:18], "big") or 65536 if len(head) == 18 else None
        except OSError:
            page_size = None
    problem = _wal_problem(data, page_size)
    if problem:
        raise UserError(wal_message(path, problem))


def wal_message(path: Path, problem: str) -> str:
    wal = _companion(path, "-wal")
    return (
        f"De database {path.name} is mogelijk beschadigd: het bestand {wal.name} ernaast "
        f"(met de laatste wijzigingen) {problem}. "
        "Elkaar opent de database zo niet; er is niets aan de bestanden veranderd. "
        "Vraag uw beheerder om hulp of zet een reservekopie terug."
    )


# --------------------------------------------------------------------------- connections


def _sqlcipher_module():
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # pragma: no cover - depends on platform wheels
        raise UserError(
            "Versleutelde databases worden op deze computer niet ondersteund "
            "(de SQLCipher-bibliotheek ontbreekt)."
        ) from exc
    return dbapi2


def _quote_key(passphrase: str) -> str:
    return "'" + passphrase.replace("'", "''") + "'"


def _connect_raw(path: Path, passphrase: str | None, *, readonly: bool, probe: bool = False):
    """A DB-API connection to a SQLite file (plain or SQLCipher).

    ``probe``: inspect without leaving anything behind. When no -wal file exists the file
    is opened ``immutable`` so SQLite creates no -shm/-wal next to a file we may refuse.
    """
    uri = f"file:{path.as_posix()}" + ("?mode=ro" if readonly else "")
    if probe and not path.with_name(path.name + "-wal").exists():
        uri = f"file:{path.as_posix()}?mode=ro&immutable=1"
    if passphrase is None:
        con = sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )
    else:
        mod = _sqlcipher_module()
        con = mod.connect(uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f"PRAGMA key = {_quote_key(passphrase)}")
    return con


def _apply_pragmas(con: Any, *, readonly: bool) -> None:
    cur = con.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        mode = cur.execute("PRAGMA journal_mode = WAL").fetchone()
        log.debug("journal_mode=%s", mode)
        cur.execute("PRAGMA synchronous = FULL")
    cur.close()


FULL_CHECK_MAX_BYTES = 256 * 1024 * 1024


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def probe_file(path: Path, passphrase: str | None) -> dict[str, Any]:
    """Read-only inspection of an existing database file. Raises UserError when unusable.

    Returns {"revisions": set[str], "tables": set[str], "columns": {table: set[str]}}.

    Nothing next to the file is created or changed: without a -wal the file is opened
    ``immutable``; with a leftover -wal (after a crash) the -wal is replayed onto a
    scratch copy and the copy is inspected, so a -wal of another database is caught
    before it can be replayed onto this one.
    """
    wal = _companion(path, "-wal")
    if _size(wal) > 0 and not _in_use(path):
        return _probe_with_wal(path, passphrase)
    return _probe(path, passphrase, shown=path, probe=True)


def _probe_with_wal(path: Path, passphrase: str | None) -> dict[str, Any]:
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="elkaar-controle-") as tmp:
        copy = Path(tmp) / "controle.db"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(_companion(path, "-wal"), _companion(copy, "-wal"))
        except OSError as exc:
            raise UserError(
                f"De database {path.name} kan niet worden gecontroleerd: er is geen ruimte "
                f"voor een tijdelijke kopie ({os_reason(exc)}). Er is niets veranderd."
            ) from exc
        try:
            return _probe(copy, passphrase, shown=path, probe=False)
        except UserError as with_wal:
            # Is the main file on its own fine? Then the -wal is the culprit.
            try:
                _companion(copy, "-wal").unlink(missing_ok=True)
                _companion(copy, "-shm").unlink(missing_ok=True)
                shutil.copyfile(path, copy)
                _probe(copy, passphrase, shown=path, probe=True)
            except UserError:
                raise with_wal from None
            except OSError:
                raise with_wal from None
            raise UserError(
                wal_message(path, "is beschadigd of hoort bij een andere database")
            ) from with_wal


def _probe(path: Path, passphrase: str | None, *, shown: Path, probe: bool) -> dict[str, Any]:
    try:
        con = _connect_raw(path, passphrase, readonly=probe, probe=probe)
    except UserError:
        raise
    except Exception as exc:  # sqlite3 / sqlcipher3 OperationalError
        raise UserError(
            f"De database {shown} kan niet worden geopend (geen toegang of geen geldig "
            "bestand). Er is niets aan het bestand veranderd."
        ) from exc
    try:
        try:
            con.execute("PRAGMA busy_timeout = 5000")
            columns = table_columns(con.execute)
        except Exception as exc:  # sqlite3/sqlcipher DatabaseError: not a database
            if passphrase is not None and not _key_fits(con, path):
                raise UserError(
                    "Het wachtwoord klopt niet (of het bestand is geen Elkaar-database). "
                    "Er is niets aan het bestand veranderd."
                ) from exc
            raise UserError(damaged_message(shown)) from exc
        tables = set(columns)
        # Full check for the sizes a gemeente has (a few ms per MB); quick_check
        # (no index contents) above that, to keep start-up fast. The key was right
        # (sqlite_master could be read), so any failure from here on is damage.
        pragma = "integrity_check" if _size(path) <= FULL_CHECK_MAX_BYTES else "quick_check"
        try:
            result = con.execute(f"PRAGMA {pragma}").fetchone()
        except Exception as exc:
            log.warning("%s failed on %s: %s", pragma, shown, exc)
            result = None
        if not result or result[0] != "ok":
            raise UserError(
                f"De database {shown.name} is beschadigd (integriteitscontrole mislukt). "
                "Er is niets aan het bestand veranderd; zet een reservekopie terug."
            )
        revisions: set[str] = set()
        if "alembic_version" in tables:
            try:
                revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
            except Exception as exc:
                raise UserError(damaged_message(shown)) from exc
            if not revisions and tables - {"alembic_version", "sqlite_sequence"}:
                raise UserError(damaged_message(shown, "onvolledig: de schemaversie ontbreekt"))
        elif tables - {"sqlite_sequence"}:
            raise UserError(
                f"{shown.name} is een SQLite-database, maar niet van Elkaar. "
                "Er is niets aan het bestand veranderd."
            )
        return {"revisions": revisions, "tables": tables, "columns": columns}
    finally:
        con.close()


def _key_fits(con: Any, path: Path) -> bool:
    """With SQLCipher: does the key open some pages? Every page carries an HMAC; with a
    wrong key all of them fail, with the right key only the damaged ones do (or a page
    is cut short). So a damaged file is not taken for a wrong passphrase."""
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA cipher_integrity_check").fetchall()]
        page = int(con.execute("PRAGMA cipher_page_size").fetchone()[0] or 4096)
    except Exception:
        return False
    pages = _size(path) // page
    hmac = [r for r in rows if "hmac" in r.lower()]
    if len(hmac) < len(rows):  # e.g. "page 61 has an invalid size": truncated
        return True
    return pages > 1 and len(hmac) < pages


def table_columns(execute: Any) -> dict[str, set[str]]:
    """Every table and its column names; ``execute`` is a sqlite3 ``con.execute`` or a
    SQLAlchemy ``conn.exec_driver_sql``."""
    rows = execute(
        "SELECT m.name, p.name FROM sqlite_master AS m "
        "LEFT JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'"
    ).fetchall()
    columns: dict[str, set[str]] = {}
    for table, column in rows:
        columns.setdefault(table, set())
        if column is not None:
            columns[table].add(column)
    return columns


def schema_gaps(columns: dict[str, set[str]]) -> list[str]:
    """What the models need that the database lacks: 'tabel x' or 'kolom x.y'."""
    from desktop.features import import_all_models
    from desktop.store.base import Base

    import_all_models()
    gaps = []
    for table in Base.metadata.sorted_tables:
        if table.name not in columns:
            gaps.append(f"tabel {table.name}")
            continue
        have = columns[table.name]
        gaps += [f"kolom {table.name}.{c.name}" for c in table.columns if c.name not in have]
    return gaps


def check_schema(path: Path, probe: dict[str, Any]) -> None:
    """Refuse a database that says it is up to date but lacks tables or columns."""
    from desktop.store import migrations

    if not probe["revisions"] or probe["revisions"] != migrations.head_revisions():
        return
    gaps = schema_gaps(probe.get("columns", {}))
    if gaps:
        more = f" en nog {len(gaps) - 1}" if len(gaps) > 1 else ""
        raise UserError(
            f"De database {path.name} is onvolledig of beschadigd: {gaps[0]} ontbreekt{more}. "
            "Er is niets aan het bestand veranderd; zet een reservekopie terug."
        )


def rehearse_migration(path: Path, passphrase: str | None) -> None:
    """Migrate a scratch copy first: a file that cannot be brought up to date (a table
    gone, a column missing) is refused before the real file or the backup folder is
    touched, instead of half-way or after the fact."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="elkaar-bijwerken-") as tmp:
        copy = Path(tmp) / "proef.db"
        try:
            shutil.copyfile(path, copy)
            wal = _companion(path, "-wal")
            if _size(wal) > 0:
                shutil.copyfile(wal, _companion(copy, "-wal"))
        except OSError as exc:
            raise UserError(
                f"De database {path.name} kan niet worden bijgewerkt: er is geen ruimte "
                f"voor een tijdelijke kopie ({os_reason(exc)}). Er is niets veranderd."
            ) from exc
        problem = ""
        try:
            trial = open_store(
                copy, passphrase=passphrase, create=False, before_migrate=None, _rehearsal=True
            )
        except UserError as exc:
            problem = exc.detail or exc.message
        else:
            try:
                with trial.engine.connect() as conn:
                    columns = table_columns(conn.exec_driver_sql)
                gaps = schema_gaps(columns)
                if gaps:
                    problem = f"{gaps[0]} ontbreekt"
            finally:
                trial.close()
        if problem:
            log.warning("migration rehearsal failed for %s: %s", path, problem)
            raise UserError(
                f"De database {path.name} kan niet worden bijgewerkt naar deze versie van "
                "Elkaar: ze is onvolledig of beschadigd. Er is niets aan het bestand "
                "veranderd; zet zo nodig een reservekopie terug.",
                detail=problem,
            )


def check_foreign(path: Path, probe: dict[str, Any]) -> None:
    """Another program that also keeps an alembic_version table is not a newer Elkaar."""
    from desktop.store import migrations

    revisions = probe["revisions"]
    if (
        revisions
        and not revisions & migrations.known_revisions()
        and ("instelling" not in probe["tables"])
    ):
        raise UserError(
            f"{path.name} is een SQLite-database, maar niet van Elkaar. "
            "Er is niets aan het bestand veranderd."
        )


def _make_engine(
    url: str,
    path: Path | None,
    passphrase: str | None,
    *,
    readonly: bool,
    readonly_reason: str | None = None,
) -> Engine:
    if path is not None:
        creator: Callable[[], Any] = lambda: _connect_raw(path, passphrase, readonly=readonly)  # noqa: E731
        module = _sqlcipher_module() if passphrase is not None else sqlite3
        # The URL says memory, but the creator opens a file: pick the file-database pool
        # explicitly (the memory default, SingletonThreadPool, would share one connection
        # between all sessions of a thread).
        engine = create_engine(
            "sqlite://",
            creator=creator,
            module=module,
            poolclass=QueuePool,
            hide_parameters=HIDE_PARAMETERS,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_con, _record):  # pragma: no cover - trivial
            _apply_pragmas(dbapi_con, readonly=readonly)
            # Let SQLAlchemy manage transactions itself (pysqlite's legacy behaviour).
            dbapi_con.isolation_level = None

        @event.listens_for(engine, "begin")
        def _on_begin(conn):  # pragma: no cover - trivial
            conn.exec_driver_sql("BEGIN")

        @event.listens_for(engine, "handle_error")
        def _on_error(ctx):
            translated = translate_db_error(ctx.original_exception, path, readonly_reason)
            if translated is not None:
                log.warning("database error: %s", ctx.original_exception)
                return translated
            return None

        return engine
    return create_engine(url, pool_pre_ping=True, hide_parameters=HIDE_PARAMETERS)


# --------------------------------------------------------------------------- open


def open_store(
    target: str | os.PathLike[str] | None = None,
    *,
    passphrase: str | None = None,
    create: bool = True,
    migrate: bool = True,
    readonly: bool = False,
    before_migrate: Callable[[Path], None] | None | str = "backup",
    lock: bool = False,
    force_lock: bool = False,
    _rehearsal: bool = False,
) -> Store:
    """Open (and create/migrate) the database at ``target``.

    ``passphrase`` (or ELKAAR_PASSPHRASE) selects SQLCipher. A new file with a passphrase
    is created encrypted. ``before_migrate(path)`` is called when a pending migration is
    about to change an existing file; the default ``"backup"`` writes a checked backup
    into the backup folder first (``desktop.store.backup.migration_hook``), None skips it.

    While another running Elkaar holds the lock file, ``lock=True`` (the window) raises
    ``lock.DatabaseLocked``; without it (CLI, scripts) the store opens read-only and any
    write is refused with a message naming who has the database open. ``force_lock``
    takes over a lock of another computer. ``readonly`` opens without writing anything (no migration).
    """
    from desktop.store import lock as store_lock
    from desktop.store import migrations

    if passphrase is None:
        passphrase = os.environ.get("ELKAAR_PASSPHRASE") or None
    url, path = resolve_target(target)

    if path is None:
        try:
            engine = create_engine(url, pool_pre_ping=True, hide_parameters=HIDE_PARAMETERS)
            with engine.connect():
                pass
        except (OperationalError, DatabaseError, ArgumentError) as exc:
            raise UserError(
                f"De database kan niet worden bereikt: {exc.__class__.__name__}"
            ) from exc
        except ModuleNotFoundError as exc:
            raise UserError(f"Het databasestuurprogramma ontbreekt: {exc.name}") from exc
        store = Store(engine, StoreInfo(url, None, False, engine.dialect.name))
        if migrate:
            migrations.upgrade(store)
        return store

    path = path.resolve() if path.exists() else path.absolute()
    kind = file_kind(path)
    encrypted = False
    if kind == "empty":
        # A database that became 0 bytes (a sync tool, a full disk, a bad copy) is not a
        # new one: starting afresh would show an empty Elkaar and let its backups push
        # out the good generations. Elkaar itself never leaves an empty file behind.
        companion_problem(path, None)
        raise UserError(
            f"Het bestand {path.name} is leeg (0 bytes): het is geen bruikbare "
            "Elkaar-database. Er is niets aan het bestand veranderd. Zet een reservekopie "
            "terug, of kies een andere bestandsnaam om een nieuwe database te beginnen."
        )
    if kind == "missing":
        if not create:
            raise UserError(f"Het databasebestand {path} bestaat niet.")
        folder = path.parent
        if not folder.exists():
            # Not made silently: a missing folder is usually a USB stick or network drive
            # that is not connected, and a fresh empty database there would look as if
            # all data were gone (the default data folder always exists).
            raise UserError(
                f"De map {folder} bestaat niet (is de USB-stick of netwerkschijf niet "
                "aangesloten?). Er is niets aangemaakt. Wilt u daar een nieuwe database "
                "beginnen, maak de map dan eerst aan."
            )
        if not folder.is_dir():
            raise UserError(f"{folder} is geen map. Er is niets aangemaakt.")
        if not os.access(folder, os.W_OK):
            raise UserError(f"In de map {folder} mag niet worden geschreven (alleen-lezen).")
        encrypted = passphrase is not None
        probe: dict[str, Any] = {"revisions": set(), "tables": set()}
    else:
        if kind == "other" and not looks_encrypted(path):
            # zeros, text, a damaged header: not encrypted, so no passphrase helps
            raise UserError(damaged_message(path))
        companion_problem(path, passphrase if kind == "other" else None)
        if kind == "other" and passphrase is None:
            raise UserError(
                f"{path.name} is versleuteld of geen database. Geef het wachtwoord "
                "(of zet ELKAAR_PASSPHRASE); er is niets aan het bestand veranderd."
            )
        if kind == "sqlite" and passphrase is not None:
            passphrase = None  # a plain file: the passphrase does not apply
        encrypted = kind == "other"
        probe = probe_file(path, passphrase)
        check_foreign(path, probe)
        migrations.check_revisions(probe["revisions"])
        check_schema(path, probe)
        if (
            migrate
            and not readonly
            and not _rehearsal
            and probe["revisions"]
            and probe["revisions"] != migrations.head_revisions()
        ):
            rehearse_migration(path, passphrase)
        if not readonly and not os.access(path.parent, os.W_OK):
            raise UserError(
                f"In de map {path.parent} mag niet worden geschreven (alleen-lezen). "
                "Kopieer de database naar een map waarin u mag schrijven."
            )
        if not readonly and not os.access(path, os.W_OK):
            raise UserError(
                f"Het bestand {path.name} is alleen-lezen: Elkaar kan er niet in opslaan. "
                "Er is niets aan het bestand veranderd. Zet 'alleen-lezen' uit in de "
                "eigenschappen van het bestand, of kopieer het naar een map waarin u mag "
                "schrijven."
            )

    file_lock = None
    readonly_reason = None
    if not readonly:
        if lock:
            file_lock = store_lock.acquire(path, force=force_lock)
        elif not force_lock and (holder := store_lock.holder(path)) is not None:
            # Another Elkaar writes here: reading is fine, any write is refused with a
            # message that says who has the database open (CLI export works, import not).
            if kind in ("missing", "empty"):
                raise store_lock.DatabaseLocked(path, holder)
            readonly = True
            readonly_reason = store_lock.DatabaseLocked(path, holder).message
    engine = _make_engine(url, path, passphrase, readonly=readonly, readonly_reason=readonly_reason)
    store = Store(
        engine,
        StoreInfo(
            url if "://" in url else f"sqlite:///{path}", path, encrypted, "sqlite", readonly
        ),
        passphrase=passphrase,
        file_lock=file_lock,
    )
    if migrate and not readonly:
        try:
            if probe["revisions"] and migrations.pending(store) and before_migrate is not None:
                if before_migrate == "backup":
                    from desktop.store import backup

                    before_migrate = backup.migration_hook(passphrase)
                before_migrate(path)  # type: ignore[operator]
            migrations.upgrade(store)
        except UserError:
            store.close()
            raise
        except Exception as exc:  # a migration that fails on this file: it is damaged
            store.close()
            log.warning("migration failed on %s: %s", path, exc)
            if kind == "missing":
                raise UserError(
                    f"De nieuwe database {path.name} kan niet worden ingericht: de "
                    "installatie van Elkaar is mogelijk onvolledig. Installeer Elkaar "
                    "opnieuw.",
                    detail=str(exc),
                ) from exc
            raise UserError(
                f"De database {path.name} kan niet worden bijgewerkt naar deze versie van "
                "Elkaar: ze is onvolledig of beschadigd. Er is niets aan het bestand "
                "veranderd; zet zo nodig een reservekopie terug.",
                detail=str(exc),
            ) from exc
    return store
