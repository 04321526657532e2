"""One writer at a time: a lock file next to the database, and a network-drive check.

SQLite itself serialises writers, but two Elkaar windows on one file (or a colleague on a
shared drive) would each keep their own picture of the data and overwrite each other's
work. So the window takes ``<db>.lock`` (JSON: user, host, pid, time) while it has the
database open for writing. Another Elkaar sees who has it and is offered read-only access.

* The lock is per process: a second ``open_store`` in the same process shares it.
* A lock whose process no longer runs on this computer is stale and taken over.
* A lock from another computer cannot be checked; the user decides (``force``).
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import UserError

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb",
    "smb2",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "sshfs",
    "9p",
    "afs",
    "ncpfs",
    "fuse.rclone",
    "davfs",
    "fuse.davfs",
}

_lock = threading.Lock()
_held: dict[Path, int] = {}  # lock file -> reference count in this process


@dataclass(frozen=True)
class LockInfo:
    user: str
    host: str
    pid: int
    time: str  # ISO, local time

    def describe(self) -> str:
        try:
            when = datetime.fromisoformat(self.time).strftime("%d-%m-%Y %H:%M")
        except ValueError:
            when = self.time or "onbekend"
        return f"{self.user or 'onbekend'} op computer {self.host or 'onbekend'} (sinds {when})"


class DatabaseLocked(UserError):
    """The database is open for writing in another Elkaar."""

    def __init__(self, path: Path, info: LockInfo) -> None:
        self.path = path
        self.info = info
        super().__init__(
            f"De database {path.name} is al geopend door {info.describe()}. "
            "Er mag maar één Elkaar tegelijk in de database schrijven. "
            "Sluit Elkaar daar eerst af, of open de database alleen-lezen."
        )


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def _me() -> LockInfo:
    try:
        user = getpass.getuser()
    except Exception:  # pragma: no cover - no passwd entry
        user = "onbekend"
    from desktop.store import changelog

    user = changelog._current_user or user
    return LockInfo(
        user, socket.gethostname(), os.getpid(), datetime.now().isoformat(timespec="seconds")
    )


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        code = ctypes.c_ulong()
        ctypes.windll.kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        ctypes.windll.kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed child not yet reaped) no longer holds anything, and a pid reused
    # by an unrelated program (after a crash and a reboot) is no Elkaar.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            if fh.read().rsplit(")", 1)[1].split()[0] == "Z":
                return False
        with open(f"/proc/{pid}/cmdline", "rb") as fh:
            cmdline = fh.read().lower()
        return any(word in cmdline for word in (b"python", b"elkaar", b"desktop"))
    except (OSError, IndexError):
        return True


def read_lock(db_path: Path) -> LockInfo | None:
    """The lock on ``db_path``, or None when there is none (or it cannot be read)."""
    try:
        data = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
        return LockInfo(
            str(data.get("user", "")),
            str(data.get("host", "")),
            int(data.get("pid", 0)),
            str(data.get("time", "")),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, AttributeError):
        # Half-written or garbage: treat as a lock of unknown origin on this host.
        return LockInfo("onbekend", socket.gethostname(), 0, "")


def is_stale(info: LockInfo) -> bool:
    return info.host == socket.gethostname() and not _pid_alive(info.pid)


def is_mine(info: LockInfo) -> bool:
    return info.host == socket.gethostname() and info.pid == os.getpid()


def holder(db_path: Path) -> LockInfo | None:
    """Who else holds a live lock on ``db_path`` (None: nobody, or this process)."""
    info = read_lock(db_path)
    if info is None or is_mine(info) or is_stale(info):
        return None
    return info


def check(db_path: Path) -> None:
    """Raise DatabaseLocked when another live Elkaar holds the lock."""
    info = holder(db_path)
    if info is not None:
        raise DatabaseLocked(db_path, info)


class FileLock:
    """A held lock; ``release()`` once (Store.close does it)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.path = lock_path(db_path)
        self.released = False

    def release(self) -> None:
        if self.released:
            return
        self.released = True
        with _lock:
            count = _held.get(self.path, 0) - 1
            if count > 0:
                _held[self.path] = count
                return
            _held.pop(self.path, None)
            info = read_lock(self.db_path)
            if info is not None and is_mine(info):
                with contextlib.suppress(OSError):
                    self.path.unlink()


def acquire(db_path: Path, *, force: bool = False) -> FileLock:
    """Take the lock on ``db_path`` (shared within this process).

    ``force`` takes over a lock of another computer (the user said nobody uses it).
    """
    path = lock_path(db_path)
    with _lock:
        if _held.get(path):
            _held[path] += 1
            return FileLock(db_path)
        for _attempt in range(3):
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                info = read_lock(db_path)
                if info is None:
                    continue  # released in between
                if not (is_mine(info) or is_stale(info) or force):
                    raise DatabaseLocked(db_path, info) from None
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                continue
            except PermissionError as exc:
                raise UserError(
                    f"In de map {db_path.parent} mag niet worden geschreven (alleen-lezen)."
                ) from exc
            except OSError as exc:
                from desktop.store import engine as store_engine

                raise UserError(
                    "Het slotbestand naast de database kan niet worden gemaakt "
                    f"({store_engine.os_reason(exc)})."
                ) from exc
            me = _me()
            payload = json.dumps(me.__dict__, ensure_ascii=False).encode("utf-8")
            try:
                os.write(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            _held[path] = 1
            return FileLock(db_path)
        info = read_lock(db_path) or _me()
        raise DatabaseLocked(db_path, info)


# --------------------------------------------------------------------------- network drives


def network_filesystem(path: Path) -> str | None:
    """The network file system type ``path`` lives on, or None (local or unknown)."""
    try:
        path = Path(path).absolute()
    except OSError:
        return None
    if sys.platform == "win32":  # pragma: no cover - Windows only
        text = str(path)
        if text.startswith("\\\\"):
            return "netwerkpad"
        try:
            import ctypes

            drive = os.path.splitdrive(text)[0] + "\\"
            if ctypes.windll.kernel32.GetDriveTypeW(drive) == 4:  # DRIVE_REMOTE
                return "netwerkschijf"
        except Exception:
            return None
        return None
    return _linux_fs_type(path, _read_mounts())


def _read_mounts() -> list[tuple[str, str]]:
    try:
        text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            mountpoint = parts[1].replace("\\040", " ")
            mounts.append((mountpoint, parts[2]))
    return mounts


def _linux_fs_type(path: Path, mounts: list[tuple[str, str]]) -> str | None:
    best, fstype = "", ""
    text = str(path)
    for mountpoint, kind in mounts:
        prefix = mountpoint.rstrip("/") + "/"
        if (text == mountpoint or text.startswith(prefix) or mountpoint == "/") and len(
            mountpoint
        ) >= len(best):
            best, fstype = mountpoint, kind
    if fstype.lower() in NETWORK_FS or fstype.lower().startswith(("nfs", "smb", "cifs")):
        return fstype
    return None


def network_warning(path: Path) -> str | None:
    kind = network_filesystem(path)
    if kind is None:
        return None
    return (
        f"De database staat op een netwerkschijf ({kind}). SQLite is daar niet betrouwbaar: "
        "bij een haperende verbinding kan de database beschadigd raken. Zet de database "
        "liever op de eigen computer en gebruik de netwerkschijf voor reservekopieën."
    )
