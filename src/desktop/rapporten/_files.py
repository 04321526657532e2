"""Write an output file through a temp file in the same folder, then rename.

A reader (the user, a sync client, the PDF preview) never sees a half-written file:
either the old file stays, or the complete new one replaces it in one ``os.replace``.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from desktop.errors import UserError


def _target(out_path: Path | str) -> tuple[Path, Path]:
    """The output path and its folder, or a Dutch UserError when it cannot be a file."""
    out = Path(out_path).expanduser()
    folder = out.parent if str(out.parent) else Path(".")
    if out.is_dir():
        raise UserError(f"{out} is een map, geen bestand. Kies een bestandsnaam.")
    if not folder.is_dir():
        if folder.exists():
            raise UserError(f"{folder} is geen map. Kies een bestaande map.")
        raise UserError(f"De map {folder} bestaat niet. Kies een bestaande map.")
    return out, folder


def _temp_file_in(folder: Path, out: Path) -> Path:
    """An empty temp file next to ``out`` (a Dutch UserError when the folder refuses)."""
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{out.stem}.", suffix=f".tmp{out.suffix}", dir=folder
        )
    except OSError as exc:
        raise UserError(
            f"Kan niet opslaan in de map {folder}: geen schrijfrechten of de schijf is vol. "
            "Kies een andere map.",
            detail=str(exc),
        ) from exc
    os.close(fd)
    return Path(tmp_name)


def check_output_target(out_path: Path | str) -> Path:
    """Check, without writing it, that a file can be written at ``out_path``: the folder
    exists and takes files, the path is not a folder, an existing file may be replaced.
    For work that changes data first and writes a file after (both or neither)."""
    out, folder = _target(out_path)
    _temp_file_in(folder, out).unlink(missing_ok=True)
    if out.exists() and not os.access(out, os.W_OK):
        raise UserError(f"Het bestand {out} is alleen-lezen en kan niet worden overschreven.")
    return out


@contextlib.contextmanager
def atomic_output(out_path: Path | str) -> Iterator[Path]:
    """Yield a temp path next to ``out_path``; on success rename it over ``out_path``.

    On any exception (including :class:`~desktop.rapporten.progress.Cancelled`) the temp
    file is removed and ``out_path`` is left as it was. Folder problems become a
    :class:`UserError` with a Dutch message before any work is done.
    """
    out, folder = _target(out_path)
    tmp = _temp_file_in(folder, out)
    try:
        _set_default_mode(tmp, out)
        yield tmp
        try:
            os.replace(tmp, out)
        except PermissionError as exc:
            raise UserError(
                f"Kan {out.name} niet overschrijven. Is het bestand geopend in een ander "
                "programma? Sluit het en probeer het opnieuw.",
                detail=str(exc),
            ) from exc
        except OSError as exc:
            raise UserError(f"Kan {out} niet opslaan.", detail=str(exc)) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _set_default_mode(tmp: Path, out: Path) -> None:
    """mkstemp creates 0600 files; give the result the mode a normal new file would get
    (or keep the mode of the file it replaces)."""
    if sys.platform == "win32":
        return
    try:
        mode = out.stat().st_mode & 0o777 if out.exists() else 0o666 & ~_current_umask()
        os.chmod(tmp, mode)
    except OSError:
        pass


def _current_umask() -> int:
    # os.umask() can only be read by setting it, which races with other threads;
    # Linux exposes it read-only in /proc.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022
