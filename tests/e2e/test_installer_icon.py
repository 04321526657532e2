"""The application icon: PNG sizes for the window, a multi-size .ico for Windows."""

from __future__ import annotations

import struct
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


def test_app_icon_has_small_and_large_sizes(qapp):
    from desktop.ui.icons import app_icon

    icon = app_icon()
    assert not icon.isNull()
    widths = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= widths
    # the 16 px version is drawn for 16 px, not a blurred downscale of 256
    pixmap = icon.pixmap(16, 16)
    assert pixmap.width() == 16 and not pixmap.isNull()


def test_windows_ico_holds_16_to_256_px():
    data = (ICONS / "elkaar.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        w, h, _, _, _, _, length, offset = struct.unpack_from("<BBBBHHII", data, 6 + 16 * i)
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(data)
        sizes.add(w or 256)
    assert {16, 24, 32, 48, 256} <= sizes


def test_ico_loads_in_qt(qapp):
    from PySide6.QtGui import QImage

    image = QImage(str(ICONS / "elkaar.ico"))
    assert not image.isNull()
