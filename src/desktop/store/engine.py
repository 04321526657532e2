"""Opening a store: plain SQLite, SQLCipher-encrypted SQLite, or any SQLAlchemy URL.

Opening is careful: the file is inspected read-only first (header, quick_check, schema
revision) and only then opened for writing and migrated. A failed open changes nothing
on disk.

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
        raise UserError(f"Het bestand {path} kan niet worden gelezen ({exc.strerror}).") from exc
    if not head:
        return "empty"
    if head == SQLITE_MAGIC:
        return "sqlite"
    return "other"


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

    Returns {"revisions": set[str], "tables": set[str]}.
    """
    try:
        con = _connect_raw(path, passphrase, readonly=True, probe=True)
    except sqlite3.OperationalError as exc:
        raise UserError(f"De database {path} kan niet worden geopend ({exc}).") from exc
    try:
        try:
            con.execute("PRAGMA busy_timeout = 5000")
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            # Full check for the sizes a gemeente has (a few ms per MB); quick_check
            # (no index contents) above that, to keep start-up fast.
            pragma = "integrity_check" if _size(path) <= FULL_CHECK_MAX_BYTES else "quick_check"
            result = con.execute(f"PRAGMA {pragma}").fetchone()
        except Exception as exc:  # sqlite3/sqlcipher DatabaseError: not a database
            if passphrase is not None:
                raise UserError(
                    "Het wachtwoord klopt niet, of het bestand is beschadigd. "
                    "Er is niets aan het bestand veranderd."
                ) from exc
            raise UserError(
                f"{path.name} is geen bruikbare Elkaar-database: het bestand is beschadigd "
                "of geen database. Er is niets aan het bestand veranderd."
            ) from exc
        if not result or result[0] != "ok":
            raise UserError(
                f"De database {path.name} is beschadigd (integriteitscontrole mislukt). "
                "Er is niets aan het bestand veranderd; zet een reservekopie terug."
            )
        revisions: set[str] = set()
        if "alembic_version" in tables:
            revisions = {r[0] for r in con.execute("SELECT version_num FROM alembic_version")}
        elif tables - {"sqlite_sequence"}:
            raise UserError(
                f"{path.name} is een SQLite-database, maar niet van Elkaar. "
                "Er is niets aan het bestand veranderd."
            )
        return {"revisions": revisions, "tables": tables}
    finally:
        con.close()


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
        engine = create_engine("sqlite://", creator=creator, module=module, poolclass=QueuePool)

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
    return create_engine(url, pool_pre_ping=True)


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
            engine = create_engine(url, pool_pre_ping=True)
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
    if kind == "missing" or kind == "empty":
        if not create:
            raise UserError(f"Het databasebestand {path} bestaat niet.")
        folder = path.parent
        if not folder.exists():
            try:
                folder.mkdir(parents=True)
            except OSError as exc:
                raise UserError(
                    f"De map {folder} kan niet worden aangemaakt ({exc.strerror})."
                ) from exc
        if not os.access(folder, os.W_OK):
            raise UserError(f"In de map {folder} mag niet worden geschreven (alleen-lezen).")
        encrypted = passphrase is not None
        probe: dict[str, Any] = {"revisions": set(), "tables": set()}
    else:
        if kind == "other" and passphrase is None:
            raise UserError(
                f"{path.name} is versleuteld of geen database. Geef het wachtwoord "
                "(of zet ELKAAR_PASSPHRASE); er is niets aan het bestand veranderd."
            )
        if kind == "sqlite" and passphrase is not None:
            passphrase = None  # a plain file: the passphrase does not apply
        encrypted = kind == "other"
        probe = probe_file(path, passphrase)
        migrations.check_revisions(probe["revisions"])
        if not readonly and not os.access(path.parent, os.W_OK):
            raise UserError(
                f"In de map {path.parent} mag niet worden geschreven (alleen-lezen). "
                "Kopieer de database naar een map waarin u mag schrijven."
            )
        if not readonly and not os.access(path, os.W_OK):
            raise UserError(f"Het bestand {path.name} is alleen-lezen.")

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
        except OperationalError as exc:
            store.close()
            raise UserError(f"De database kan niet worden bijgewerkt: {exc.orig}") from exc
    return store
