"""The application icon (window, taskbar, dialogs), from resources/icons/ in the source
tree and in the frozen bundle alike (desktop.paths.resource_path)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon

from desktop.paths import resource_path

_SIZES = (16, 32, 48)


@lru_cache(maxsize=1)
def app_icon() -> QIcon:
    """Elkaar's icon with hand-drawn small sizes; an empty QIcon if the files are missing."""
    icon = QIcon()
    for size in _SIZES:
        path = resource_path("icons", f"elkaar-{size}.png")
        if path.exists():
            icon.addFile(str(path))
    big = resource_path("icons", "elkaar.png")
    if big.exists():
        icon.addFile(str(big))
    return icon
