"""Encrypting a plain database with SQLCipher, and the recovery key.

Why: mantelzorg data is personal and health data (AVG art. 9). It is only ever stored
in an encrypted database (BIO 8.01.01: a laptop that keeps data locally must encrypt it).

Conversion (``encrypt_database``), with the store closed:

1. checkpoint the plain file's WAL so the main file holds everything;
2. ``ATTACH ... KEY`` a new file ``<db>.versleutelen`` next to it and copy schema and
   data with ``sqlcipher_export`` (SQLCipher's documented way; the backup API refuses
   encrypted targets), copying ``user_version`` too;
3. verify the new file with the passphrase: ``integrity_check``, ``foreign_key_check``
   and the row count of every table equal to the plain file's;
4. write the recovery key file (below) and fsync both;
5. swap atomically: ``os.replace`` puts the encrypted file at the database's path in one
   step, so at every moment the path holds either the complete plain or the complete
   encrypted database;
6. remove the plain copy (overwritten with zeros first, best effort: on SSDs and
   journaling file systems overwriting is not guaranteed to reach the old blocks, which
   is why the plain store never holds mantelzorg data in the first place).

A failure before step 5 leaves the plain database untouched and removes the new file.

Recovery key design. The passphrase is the SQLCipher key (SQLCipher derives the page
key with PBKDF2-HMAC-SHA512, 256 000 iterations, and a per-file salt). The recovery key
is 160 random bits, shown as 8 groups of 4 letters/digits (Crockford base32) once to
print or write down. The key file ``<db>.herstel`` is itself a tiny SQLCipher database
keyed with the recovery key that holds the passphrase. So:

* the database alone, or the key file alone, reveals nothing;
* key file + recovery key give the passphrase; ``reset_passphrase`` then re-keys the
  database (``PRAGMA rekey``) to a new passphrase and issues a new recovery key, without
  ever showing the old passphrase;
* no new cryptography of our own: both files use SQLCipher (AES-256-CBC + HMAC-SHA512).

Changing the passphrase (``change_passphrase``) also issues a new recovery key, because
the old key file cannot be re-wrapped without the old recovery key. The key file travels
with the database: copy it along with every backup (see docs/mantelzorg.md).
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.errors import UserError

KEY_FILE_SUFFIX = ".herstel"
TMP_SUFFIX = ".versleutelen"
MIN_LENGTH = 10
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Strength:
    score: int  # 0 (unusable) .. 4 (strong)
    acceptable: bool
    hint: str  # Dutch


def check_strength(passphrase: str) -> Strength:
    """A simple, explainable strength estimate for the passphrase form."""
    p = passphrase or ""
    if len(p) < MIN_LENGTH:
        return Strength(0, False, f"Te kort: gebruik minstens {MIN_LENGTH} tekens.")
    kinds = sum(
        [
            any(c.islower() for c in p),
            any(c.isupper() for c in p),
            any(c.isdigit() for c in p),
            any(not c.isalnum() for c in p),
        ]
    )
    words = len(p.split())
    if len(set(p)) < 5:
        return Strength(1, False, "Te voorspelbaar: te veel herhaalde tekens.")
    score = 1 + (len(p) >= 14) + (len(p) >= 20 or words >= 4) + (kinds >= 3)
    score = min(score, 4)
    hints = {
        1: "Zwak: maak het langer, bijvoorbeeld een zin van vier woorden.",
        2: "Redelijk: langer is sterker (een zin van vier of meer woorden).",
        3: "Goed.",
        4: "Sterk.",
    }
    return Strength(score, True, hints[score])


def key_file_path(db_path: Path) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + KEY_FILE_SUFFIX)


def new_recovery_key() -> str:
    value = secrets.randbits(160)  # 32 symbols of 5 bits
    symbols = []
    for _ in range(32):
        symbols.append(_ALPHABET[value & 31])
        value >>= 5
    text = "".join(symbols)
    return "-".join(text[i : i + 4] for i in range(0, 32, 4))


def normalise_recovery_key(text: str) -> str:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(cleaned) != 32 or any(ch not in _ALPHABET for ch in cleaned):
        raise UserError(
            "Dat is geen geldige herstelsleutel: die bestaat uit 8 groepen van 4 tekens."
        )
    return "-".join(cleaned[i : i + 4] for i in range(0, 32, 4))


# --------------------------------------------------------------------------- helpers


def _cipher() -> Any:
    from desktop.store.engine import _sqlcipher_module

    return _sqlcipher_module()


def _open_encrypted(path: Path, key: str) -> Any:
    con = _cipher().connect(str(path), check_same_thread=False)
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute("PRAGMA key = " + _quote(key))
    return con


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _tables(con: Any) -> list[str]:
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [r[0] for r in rows]


def _counts(con: Any) -> dict[str, int]:
    return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(con)}


def _fsync(path: Path) -> None:
    with path.open("rb") as fh:
        os.fsync(fh.fileno())
    if os.name == "posix":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except FileNotFoundError:
            pass
        except OSError:  # pragma: no cover - best effort
            pass


def _shred(path: Path) -> None:
    """Overwrite with zeros and remove (best effort, see the module docstring)."""
    try:
        size = path.stat().st_size
        with path.open("r+b") as fh:
            chunk = b"\0" * 65536
            left = size
            while left > 0:
                fh.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError:  # pragma: no cover - best effort
        pass
    _remove(path)


# --------------------------------------------------------------------------- key file


def write_key_file(db_path: Path, passphrase: str, recovery_key: str) -> Path:
    """(Re)write ``<db>.herstel``: the passphrase, encrypted with the recovery key."""
    target = key_file_path(db_path)
    tmp = target.with_name(target.name + ".tmp")
    _remove(tmp)
    con = _open_encrypted(tmp, normalise_recovery_key(recovery_key))
    try:
        con.execute("CREATE TABLE herstel (database TEXT NOT NULL, wachtwoord TEXT NOT NULL)")
        con.execute(
            "INSERT INTO herstel (database, wachtwoord) VALUES (?, ?)",
            (Path(db_path).name, passphrase),
        )
        con.commit()
    finally:
        con.close()
    _fsync(tmp)
    os.replace(tmp, target)
    return target


def read_key_file(db_path: Path, recovery_key: str) -> str:
    """The passphrase held in the key file; UserError for a wrong key or missing file."""
    path = key_file_path(db_path)
    if not path.exists():
        raise UserError(
            f"Het herstelbestand {path.name} ontbreekt. Het hoort naast de database te "
            "staan (en bij elke reservekopie)."
        )
    key = normalise_recovery_key(recovery_key)
    try:
        con = _cipher().connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    except Exception as exc:
        raise UserError(f"Het herstelbestand {path.name} kan niet worden geopend.") from exc
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute("PRAGMA key = " + _quote(key))
        row = con.execute("SELECT wachtwoord FROM herstel").fetchone()
    except Exception as exc:
        raise UserError(
            "De herstelsleutel klopt niet bij dit herstelbestand. Er is niets veranderd."
        ) from exc
    finally:
        con.close()
    if not row:
        raise UserError(f"Het herstelbestand {path.name} is leeg.")
    return str(row[0])


# --------------------------------------------------------------------------- conversion


def _check_passphrase(passphrase: str) -> None:
    strength = check_strength(passphrase)
    if not strength.acceptable:
        raise UserError(f"Dit wachtwoord is niet geschikt. {strength.hint}")


def encrypt_database(
    db_path: Path | str, passphrase: str, *, progress: Progress | None = None
) -> str:
    """Convert the plain database at ``db_path`` (closed by the caller) to SQLCipher.

    Returns the recovery key (show it once). See the module docstring for the steps.
    """
    from desktop.store import engine as store_engine
    from desktop.store import lock as store_lock

    path = Path(db_path).absolute()
    say = progress or (lambda _m: None)
    _check_passphrase(passphrase)
    kind = store_engine.file_kind(path)
    if kind == "missing":
        raise UserError(f"Het databasebestand {path} bestaat niet.")
    if kind != "sqlite":
        raise UserError(f"{path.name} is al versleuteld (of geen database).")
    store_lock.check(path)
    tmp = path.with_name(path.name + TMP_SUFFIX)
    _remove(tmp, tmp.with_name(tmp.name + "-journal"))

    say("Database voorbereiden")
    plain = sqlite3.connect(str(path))
    try:
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain_counts = _counts(plain)
        user_version = plain.execute("PRAGMA user_version").fetchone()[0]
    finally:
        plain.close()

    say("Versleutelde kopie maken")
    try:
        con = _cipher().connect(str(path), check_same_thread=False)
        try:
            con.execute("PRAGMA cipher_log_level = NONE")
            con.execute(
                f"ATTACH DATABASE {_quote(str(tmp))} AS versleuteld KEY {_quote(passphrase)}"
            )
            con.execute("SELECT sqlcipher_export('versleuteld')")
            con.execute(f"PRAGMA versleuteld.user_version = {int(user_version)}")
            con.commit()
            con.execute("DETACH DATABASE versleuteld")
        finally:
            con.close()

        say("Versleutelde kopie controleren")
        check = _open_encrypted(tmp, passphrase)
        try:
            rows = [r[0] for r in check.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"] or check.execute("PRAGMA foreign_key_check").fetchall():
                raise UserError(
                    "De versleutelde kopie is niet in orde; de database is niet veranderd."
                )
            if _counts(check) != plain_counts:
                raise UserError(
                    "De versleutelde kopie is niet volledig; de database is niet veranderd."
                )
        finally:
            check.close()
        recovery_key = new_recovery_key()
        write_key_file(path, passphrase, recovery_key)
        _fsync(tmp)
    except UserError:
        _remove(tmp)
        raise
    except Exception as exc:
        _remove(tmp)
        raise UserError(
            f"Versleutelen is niet gelukt ({exc}); de database is niet veranderd."
        ) from exc

    say("Omwisselen")
    wal, shm = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    if wal.exists() and wal.stat().st_size > 0:
        _remove(tmp)
        raise UserError(
            "De database is nog in gebruik (een ander programma heeft haar open). "
            "Sluit dat eerst; er is niets veranderd."
        )
    _remove(wal, shm)
    plain_copy = path.with_name(path.name + ".onversleuteld")
    _remove(plain_copy)
    linked = True
    try:
        os.link(path, plain_copy)  # keep a name for the plain inode, to overwrite it
    except OSError:
        linked = False
    os.replace(tmp, path)
    if linked:
        say("Onversleutelde kopie wissen")
        _shred(plain_copy)
    return recovery_key


def verify_passphrase(db_path: Path | str, passphrase: str) -> bool:
    """True when ``passphrase`` opens the encrypted database (read-only check)."""
    from desktop.store import engine as store_engine

    try:
        store_engine.probe_file(Path(db_path), passphrase)
    except UserError:
        return False
    return True


def _rekey(path: Path, old: str, new: str) -> None:
    from desktop.store import lock as store_lock

    store_lock.check(path)
    con = _open_encrypted(path, old)
    try:
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except Exception as exc:
            raise UserError("Het huidige wachtwoord klopt niet. Er is niets veranderd.") from exc
        mode = con.execute("PRAGMA journal_mode").fetchone()[0]
        if str(mode).lower() == "wal":
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA rekey = " + _quote(new))
    finally:
        con.close()


def change_passphrase(db_path: Path | str, old: str, new: str) -> str:
    """Re-key with a new passphrase (database closed). Returns the new recovery key."""
    path = Path(db_path).absolute()
    _check_passphrase(new)
    if not verify_passphrase(path, old):
        raise UserError("Het huidige wachtwoord klopt niet. Er is niets veranderd.")
    _rekey(path, old, new)
    recovery_key = new_recovery_key()
    write_key_file(path, new, recovery_key)
    return recovery_key


def reset_passphrase(db_path: Path | str, recovery_key: str, new: str) -> str:
    """Forgotten passphrase: use the recovery key to set ``new``. Returns a new
    recovery key (the old one stops working)."""
    path = Path(db_path).absolute()
    _check_passphrase(new)
    old = read_key_file(path, recovery_key)
    if not verify_passphrase(path, old):
        raise UserError(
            "Het herstelbestand hoort niet bij deze database (of het wachtwoord is sindsdien "
            "veranderd). Er is niets veranderd."
        )
    _rekey(path, old, new)
    new_key = new_recovery_key()
    write_key_file(path, new, new_key)
    return new_key


__all__ = [
    "KEY_FILE_SUFFIX",
    "MIN_LENGTH",
    "Strength",
    "change_passphrase",
    "check_strength",
    "encrypt_database",
    "key_file_path",
    "new_recovery_key",
    "normalise_recovery_key",
    "read_key_file",
    "reset_passphrase",
    "verify_passphrase",
    "write_key_file",
]
