"""Draw the Elkaar application icon: resources/icons/elkaar.png (256 px), small PNGs
(16/32/48 px) and the Windows elkaar.ico (16-256 px).

Two overlapping rings on a calm blue-green tile: "elkaar" (each other). Simple shapes and
thick strokes, so it stays readable at 16 px. Run once when the design changes:

    .venv/bin/python installer/make_icon.py
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "icons"
SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(size: int):
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = float(size)
    margin = max(0.5, s * 0.03)
    radius = s * 0.22
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1f6f78"))  # calm blue-green, white has 5.9:1 contrast on it
    p.drawRoundedRect(QRectF(margin, margin, s - 2 * margin, s - 2 * margin), radius, radius)
    # two rings that hold on to each other
    stroke = max(1.6, s * 0.095)
    ring = s * 0.36
    cy = s * 0.5
    pen = QPen(QColor("#ffffff"), stroke)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(pen)
    p.drawEllipse(QRectF(s * 0.5 - ring * 0.86, cy - ring / 2, ring, ring))
    pen.setColor(QColor("#f4c95d"))  # warm yellow
    p.setPen(pen)
    p.drawEllipse(QRectF(s * 0.5 - ring * 0.14, cy - ring / 2, ring, ring))
    # the white ring passes over the yellow one on the right, so they interlock
    pen.setColor(QColor("#ffffff"))
    p.setPen(pen)
    rect = QRectF(s * 0.5 - ring * 0.86, cy - ring / 2, ring, ring)
    p.drawArc(rect, -72 * 16, 56 * 16)  # around the lower crossing (-44 degrees)
    p.end()
    return img


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    pngs: dict[int, bytes] = {}
    for size in SIZES:
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        render(size).save(buf, "PNG")
        pngs[size] = bytes(buf.data())
    (OUT / "elkaar.png").write_bytes(pngs[256])
    for size in (16, 32, 48):
        (OUT / f"elkaar-{size}.png").write_bytes(pngs[size])
    (OUT / "elkaar.ico").write_bytes(ico_from_pngs(pngs))
    print(f"geschreven: {OUT}/elkaar.png, elkaar.ico ({', '.join(map(str, SIZES))} px)")
    return 0


def ico_from_pngs(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico with PNG-compressed entries (supported since Windows Vista)."""
    import struct

    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    entries, blobs = io.BytesIO(), io.BytesIO()
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size
        entries.write(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        blobs.write(data)
        offset += len(data)
    return header + entries.getvalue() + blobs.getvalue()


if __name__ == "__main__":
    raise SystemExit(main())
