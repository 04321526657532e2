"""Embedded report fonts (DejaVu Sans, Bitstream Vera licence, see
resources/fonts/LICENSE-DejaVu.txt).

The standard PDF fonts (Helvetica) cover Latin-1 only: no ``€`` in some viewers, no
typographic quotes or dashes, and nothing is embedded. DejaVu Sans covers all Dutch text
(ë ï é è ö ü, the ij-ligature, € “ ” ‘ ’ – —) and reportlab embeds a subset of each TTF
(FontFile2) so the PDF looks the same on every machine and printer.
"""

from __future__ import annotations

import threading

from desktop.errors import UserError
from desktop.paths import resource_path

FAMILY = "DejaVuSans"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}

_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the DejaVu family with reportlab once (thread-safe); return the family
    name to use as ``fontName``. ``<b>`` and ``<i>`` in paragraphs map to the bold and
    oblique faces, and DejaVu becomes reportlab's default canvas and graphics font."""
    global _registered
    if _registered:
        return FAMILY
    with _lock:
        if _registered:
            return FAMILY
        from reportlab.lib.fonts import addMapping
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        for name, filename in _FILES.items():
            path = resource_path("fonts", filename)
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (OSError, TTFError) as exc:
                raise UserError(
                    f"Het lettertype {filename} voor rapporten ontbreekt of is beschadigd. "
                    "Installeer Elkaar opnieuw.",
                    detail=f"{path}: {exc}",
                ) from exc
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        # registerFontFamily covers <b>/<i>; addMapping also covers the face names.
        for name in (REGULAR, BOLD, ITALIC, BOLD_ITALIC):
            addMapping(name, 0, 0, REGULAR)
            addMapping(name, 1, 0, BOLD)
            addMapping(name, 0, 1, ITALIC)
            addMapping(name, 1, 1, BOLD_ITALIC)
        # Defaults for anything that does not name a font (a canvas page, a chart's
        # String or axis label): DejaVu instead of Helvetica, which is not embedded
        # and lacks characters such as ĳ.
        from reportlab import rl_config

        rl_config.canvas_basefontname = REGULAR
        rl_config.defaultGraphicsFontName = REGULAR
        _registered = True
    return FAMILY
