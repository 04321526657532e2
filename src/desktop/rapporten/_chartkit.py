"""Shared pieces of the chart helpers: palette, score colours, SVG export, text and
legend drawing. Public names are re-exported by ``desktop.rapporten.charts``."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors

from desktop.rapporten import fonts
from desktop.rapporten.styles import ACCENT_HEX, MUTED_HEX, TEXT_HEX, text_width

#: Okabe-Ito, ordered for series: strong colours first, yellow last (weak on white).
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#999999",  # grey
)

#: Score colours, low to high (ColorBrewer RdYlBu, 5 classes, colour-blind safe).
SCORE_SCALE: tuple[str, ...] = ("#D73027", "#FC8D59", "#FEE090", "#91BFDB", "#4575B4")
NO_SCORE_HEX = "#D9D9D9"

#: Light quadrant backgrounds for the score grid (tl, tr, bl, br).
QUADRANT_TINTS: tuple[str, str, str, str] = ("#E3EEF8", "#FCEFD9", "#F4E6EF", "#DFF1EA")

LABEL_SIZE = 8
TITLE_SIZE = 10.5
GRID_HEX = "#D0D7E0"

ValueFormat = Callable[[float], str]


def _c(hex_colour: str) -> colors.Color:
    return colors.HexColor(hex_colour)


def palette(n: int) -> list[str]:
    """``n`` series colours (the palette repeats after eight)."""
    return [PALETTE[i % len(PALETTE)] for i in range(n)]


def score_colour(
    score: float | None,
    minimum: float,
    maximum: float,
    scale: Sequence[str] = SCORE_SCALE,
) -> str:
    """The scale colour of the bin ``score`` falls in; grey for ``None``."""
    if score is None:
        return NO_SCORE_HEX
    if maximum <= minimum:
        return scale[-1]
    t = (score - minimum) / (maximum - minimum)
    index = min(max(int(t * len(scale)), 0), len(scale) - 1)
    return scale[index]


def to_svg(drawing: Drawing) -> bytes:
    """The drawing as UTF-8 SVG bytes, for ``QSvgRenderer`` or a file.

    Font names are rewritten to a CSS family with fallbacks so screens without DejaVu
    still show readable text, and the clip path Qt cannot handle is removed.
    """
    fonts.register_fonts()
    svg = renderSVG.drawToString(drawing)
    svg = _SVG_FONT_RE.sub(_svg_font_family, svg)
    # Qt's SVG renderer (SVG Tiny 1.2) has no clipPath: it would paint the clip
    # rectangle itself in black over the whole chart. The clip is the drawing's own
    # bounds, so dropping it changes nothing elsewhere.
    svg = _SVG_CLIP_RE.sub("", svg).replace(' style="clip-path: url(#clip)"', "")
    return svg.encode("utf-8")


_SVG_CLIP_RE = re.compile(r"\s*<clipPath id=\"clip\">.*?</clipPath>", re.DOTALL)
_SVG_FONT_RE = re.compile(r"font-family: ?(DejaVuSans(?:-[A-Za-z]+)?);")


def _svg_font_family(match: re.Match[str]) -> str:
    name = match.group(1)
    css = "font-family: 'DejaVu Sans', 'Segoe UI', Arial, sans-serif;"
    if "Bold" in name:
        css += " font-weight: bold;"
    if "Oblique" in name:
        css += " font-style: italic;"
    return css


def _string(
    x: float,
    y: float,
    text: str,
    *,
    size: float = LABEL_SIZE,
    bold: bool = False,
    anchor: str = "start",
    colour: str = TEXT_HEX,
) -> String:
    return String(
        x,
        y,
        text,
        fontName=fonts.BOLD if bold else fonts.REGULAR,
        fontSize=size,
        fillColor=_c(colour),
        textAnchor=anchor,
    )


def _lines(
    group: Group | Drawing,
    x: float,
    y_top: float,
    lines: Sequence[str],
    *,
    size: float = LABEL_SIZE,
    bold: bool = False,
    anchor: str = "start",
    colour: str = TEXT_HEX,
    leading: float | None = None,
) -> float:
    """Draw lines downward from ``y_top`` (first baseline at ``y_top - size``); return
    the y below the last line."""
    lead = leading or size * 1.2
    y = y_top - size
    for line in lines:
        group.add(_string(x, y, line, size=size, bold=bold, anchor=anchor, colour=colour))
        y -= lead
    return y + lead - size * 0.3


def _new_drawing(width: float, height: float, title: str | None) -> tuple[Drawing, float]:
    """A drawing with its title at the top; returns it and the y below the title."""
    d = Drawing(width, height)
    # Breathing room when placed in a PDF story (ignored by the SVG renderer).
    # (Drawing validates attribute names, so set the flowable spacing directly.)
    d.__dict__["spaceBefore"] = 4
    d.__dict__["spaceAfter"] = 10
    d.initialFontName = fonts.REGULAR  # the renderer's starting font (else Helvetica)
    top = height
    if title:
        d.add(_string(0, height - TITLE_SIZE, title, size=TITLE_SIZE, bold=True, colour=ACCENT_HEX))
        top = height - TITLE_SIZE - 8
    return d, top


def _legend_row(
    d: Drawing, x: float, y: float, items: Sequence[tuple[str, str]], max_width: float
) -> float:
    """Swatches with labels, flowing over lines from (x, y) down; returns the y below."""
    cx, cy = x, y
    sw = 8
    for colour, label in items:
        w = sw + 4 + text_width(label, LABEL_SIZE) + 12
        if cx > x and cx + w > x + max_width:
            cx, cy = x, cy - 13
        d.add(
            Rect(
                cx,
                cy - sw,
                sw,
                sw,
                fillColor=_c(colour),
                strokeColor=_c(MUTED_HEX),
                strokeWidth=0.3,
            )
        )
        d.add(_string(cx + sw + 4, cy - sw + 1, label))
        cx += w
    return cy - 13
