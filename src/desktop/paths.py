"""Where things live: shipped resources and migrations (source tree or frozen bundle),
and the per-user data folder.

One helper for both layouts: from source, resources/ and db/ sit at the repository root
(two levels above this package); in a PyInstaller bundle they sit in ``sys._MEIPASS``
(``<program folder>/_internal``, see installer/elkaar.spec).

User data never lives next to the program, except in portable mode: a marker file
``elkaar-portable`` next to the frozen executable puts it in ``<program folder>/data``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Elkaar"
APP_AUTHOR = "Elkaar"


PORTABLE_MARKER = "elkaar-portable"


def is_frozen() -> bool:
    """True inside the PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """Folder of the executable (frozen) or the repository root (from source)."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def bundle_root() -> Path:
    """Root that holds ``resources/`` and ``db/``."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    env = os.environ.get("ELKAAR_ROOT")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """Path of a shipped resource, e.g. ``resource_path("instruments", "typetest.toml")``."""
    return bundle_root().joinpath("resources", *parts)


def migrations_path() -> Path:
    return bundle_root() / "db"


def portable_dir() -> Path | None:
    """Portable mode: a marker file ``elkaar-portable`` next to the frozen executable
    (never from source, so a developer's checkout is not mistaken for a USB stick)."""
    if is_frozen():
        exe_dir = program_dir()
        if (exe_dir / PORTABLE_MARKER).is_file():
            return exe_dir / "data"
    return None


def user_data_dir() -> Path:
    """Per-user data folder (never next to the installed program, except portable mode)."""
    override = os.environ.get("ELKAAR_DATA_DIR")
    if override:
        path = Path(override)
    else:
        path = portable_dir() or _platform_data_dir()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _platform_data_dir() -> Path:
    from platformdirs import user_data_dir as _udd

    return Path(_udd(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return user_data_dir() / "elkaar.db"


def log_dir() -> Path:
    path = user_data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path
