"""Diagrams built from shapes: the score grid (typetest scorekaart) and the cycle
diagram (basisfuncties). Re-exported by ``desktop.rapporten.charts``."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.rapporten import fonts
from desktop.rapporten._chartkit import (
    GRID_HEX,
    LABEL_SIZE,
    NO_SCORE_HEX,
    PALETTE,
    QUADRANT_TINTS,
    SCORE_SCALE,
    TITLE_SIZE,
    _c,
    _legend_row,
    _lines,
    _new_drawing,
    _string,
    score_colour,
)
from desktop.rapporten.formatting import format_number
from desktop.rapporten.styles import (
    CONTENT_WIDTH,
    MUTED_HEX,
    readable_text_on,
    text_width,
    wrap_words,
)

# --- score grid (typetest scorekaart) ------------------------------------------------------


@dataclass(frozen=True)
class GridPoint:
    """A dot in cell (``x``, ``y``), counted from 0 at the bottom left. ``label`` is a
    short mark drawn in the dot (a number or initials); ``description`` goes into the
    legend under the grid."""

    x: int
    y: int
    label: str = ""
    colour: str | None = None
    description: str | None = None


def score_grid(
    points: Sequence[GridPoint],
    *,
    columns: int = 8,
    rows: int = 8,
    x_title: str = "",
    y_title: str = "",
    x_ticks: Sequence[str] | None = None,
    y_ticks: Sequence[str] | None = None,
    x_bands: Sequence[str] = (),
    y_bands: Sequence[str] = (),
    quadrant_labels: tuple[str, str, str, str] | None = None,
    title: str | None = None,
    width: float = CONTENT_WIDTH,
    cell: float | None = None,
) -> Drawing:
    """A ``columns`` x ``rows`` grid with labelled coloured dots, for the typetest
    scorekaart (8 x 8, four quadrants).

    ``x_bands``/``y_bands`` are labels centred under equal parts of an axis (left to
    right, bottom to top), such as "regie op afstand" / "gemeente als dirigent".
    ``quadrant_labels`` are (top left, top right, bottom left, bottom right).
    Dots in the same cell are placed side by side.
    """
    fonts.register_fonts()
    for p in points:
        if not (0 <= p.x < columns and 0 <= p.y < rows):
            raise ValueError(f"point {p} outside the {columns}x{rows} grid")
    x_ticks = list(x_ticks) if x_ticks is not None else [str(i) for i in range(columns)]
    y_ticks = list(y_ticks) if y_ticks is not None else [str(i) for i in range(rows)]

    y_tick_w = max((text_width(t, LABEL_SIZE) for t in y_ticks), default=0)
    y_band_w = max((text_width(b, LABEL_SIZE, bold=True) for b in y_bands), default=0)
    left = (14 if y_title else 0) + (y_band_w + 8 if y_bands else 0) + y_tick_w + 6
    bottom = (
        LABEL_SIZE + 6 + (LABEL_SIZE + 6 if x_bands else 0) + (LABEL_SIZE + 8 if x_title else 0)
    )
    if cell is None:
        cell = min((width - left - 10) / columns, 12 * mm)
    grid_w, grid_h = cell * columns, cell * rows

    described = [p for p in points if p.description]
    legend_items = _grid_legend_items(points)
    legend_lines = math.ceil(len(legend_items) / 2) if described else 0
    legend_h = legend_lines * 13 + (8 if legend_lines else 0)
    title_h = TITLE_SIZE + 8 if title else 0
    height = title_h + 6 + grid_h + bottom + legend_h
    d, _ = _new_drawing(width, height, title)
    shift = max(0.0, (width - left - grid_w - 10) / 2)  # centre the grid
    gx, gy = shift + left, bottom + legend_h
    g_top = gy + grid_h

    # quadrant backgrounds and labels
    half_c, half_r = columns / 2, rows / 2
    quads = [  # (col0, row0, tint index)
        (0, half_r, 0),
        (half_c, half_r, 1),
        (0, 0, 2),
        (half_c, 0, 3),
    ]
    if quadrant_labels:
        for c0, r0, k in quads:
            d.add(
                Rect(
                    gx + c0 * cell,
                    gy + r0 * cell,
                    half_c * cell,
                    half_r * cell,
                    fillColor=_c(QUADRANT_TINTS[k]),
                    strokeColor=None,
                )
            )
    # grid lines
    for i in range(columns + 1):
        x = gx + i * cell
        d.add(Line(x, gy, x, g_top, strokeColor=_c(GRID_HEX), strokeWidth=0.5))
    for j in range(rows + 1):
        y = gy + j * cell
        d.add(Line(gx, y, gx + grid_w, y, strokeColor=_c(GRID_HEX), strokeWidth=0.5))
    d.add(Rect(gx, gy, grid_w, grid_h, fillColor=None, strokeColor=_c(MUTED_HEX), strokeWidth=0.8))
    if quadrant_labels:
        d.add(
            Line(
                gx + half_c * cell,
                gy,
                gx + half_c * cell,
                g_top,
                strokeColor=_c(MUTED_HEX),
                strokeWidth=1.2,
            )
        )
        d.add(
            Line(
                gx,
                gy + half_r * cell,
                gx + grid_w,
                gy + half_r * cell,
                strokeColor=_c(MUTED_HEX),
                strokeWidth=1.2,
            )
        )
        for (c0, r0, _k), text in zip(quads, quadrant_labels, strict=True):
            cx = gx + (c0 + half_c / 2) * cell
            cy = gy + (r0 + half_r / 2) * cell
            d.add(_string(cx, cy - 5, text, size=13, bold=True, anchor="middle", colour=MUTED_HEX))

    # ticks
    for i, t in enumerate(x_ticks[:columns]):
        d.add(
            _string(
                gx + (i + 0.5) * cell, gy - LABEL_SIZE - 3, t, anchor="middle", colour=MUTED_HEX
            )
        )
    for j, t in enumerate(y_ticks[:rows]):
        d.add(_string(gx - 4, gy + (j + 0.5) * cell - 3, t, anchor="end", colour=MUTED_HEX))
    # bands
    y_band_row = gy - 2 * LABEL_SIZE - 8
    for k, band in enumerate(x_bands):
        span = grid_w / len(x_bands)
        d.add(_string(gx + (k + 0.5) * span, y_band_row, band, bold=True, anchor="middle"))
    for k, band in enumerate(y_bands):
        span = grid_h / len(y_bands)
        d.add(_string(gx - y_tick_w - 10, gy + (k + 0.5) * span - 3, band, bold=True, anchor="end"))
    # axis titles
    if x_title:
        yt = (y_band_row if x_bands else gy - LABEL_SIZE - 3) - LABEL_SIZE - 6
        d.add(_string(gx + grid_w / 2, yt, x_title, anchor="middle", colour=MUTED_HEX))
    if y_title:
        s = _string(0, 0, y_title, anchor="middle", colour=MUTED_HEX)
        rotated = Group(s)
        rotated.translate(shift + 8, gy + grid_h / 2)
        rotated.rotate(90)
        d.add(rotated)

    # dots, grouped per cell
    by_cell: dict[tuple[int, int], list[tuple[int, GridPoint]]] = {}
    for index, p in enumerate(points):
        by_cell.setdefault((p.x, p.y), []).append((index, p))
    for (cx_i, cy_i), members in by_cell.items():
        k = len(members)
        per_row = math.ceil(math.sqrt(k))
        n_rows = math.ceil(k / per_row)
        sub = cell / per_row
        radius = min(cell * 0.32, sub * 0.42)
        for m, (index, p) in enumerate(members):
            col, row = m % per_row, m // per_row
            x = gx + cx_i * cell + (col + 0.5) * sub
            y = gy + cy_i * cell + cell - (row + 0.5) * (cell / n_rows)
            fill = p.colour or PALETTE[index % len(PALETTE)]
            d.add(Circle(x, y, radius, fillColor=_c(fill), strokeColor=colors.white, strokeWidth=1))
            if p.label:
                size = max(5.0, radius * 0.95)
                while size > 5 and text_width(p.label, size, bold=True) > radius * 1.8:
                    size -= 0.5
                d.add(
                    _string(
                        x,
                        y - size * 0.35,
                        p.label,
                        size=size,
                        bold=True,
                        anchor="middle",
                        colour=readable_text_on(fill),
                    )
                )

    if described:
        y = legend_h - 4
        col_w = (width - 2 * shift) / 2
        for n, (fill, mark, text) in enumerate(legend_items):
            lx = shift + (n % 2) * col_w
            ly = y - (n // 2) * 13
            d.add(Circle(lx + 5, ly - 3, 4.5, fillColor=_c(fill), strokeColor=None))
            label = f"{mark}  {text}" if mark else text
            d.add(_string(lx + 14, ly - 6, label))
    return d


def _grid_legend_items(points: Sequence[GridPoint]) -> list[tuple[str, str, str]]:
    items = []
    for index, p in enumerate(points):
        if p.description:
            items.append((p.colour or PALETTE[index % len(PALETTE)], p.label, p.description))
    return items


# --- cycle diagram (basisfuncties vrijwilligerswerk) ---------------------------------------


@dataclass(frozen=True)
class CycleSegment:
    """One step of a cycle; ``score`` colours it (``None``: grey, no score) and
    ``value_text`` overrides the number printed in it."""

    label: str
    score: float | None = None
    value_text: str | None = None


def cycle_diagram(
    segments: Sequence[CycleSegment],
    *,
    score_min: float = 0,
    score_max: float = 5,
    center_label: str | None = None,
    title: str | None = None,
    width: float = CONTENT_WIDTH,
    height: float = 100 * mm,
    scale: Sequence[str] = SCORE_SCALE,
    legend: bool = True,
) -> Drawing:
    """A ring of N arrow-shaped segments clockwise from the top, each coloured by its
    score with the score printed inside, labels outside, and a legend of the scale."""
    fonts.register_fonts()
    n = len(segments)
    if n < 2:
        raise ValueError("a cycle needs at least two segments")
    d, y_top = _new_drawing(width, height, title)
    legend_h = 22 if legend else 0
    label_room = 30  # two lines of segment label above and below the ring
    avail_h = y_top - legend_h - 2 * label_room
    outer = min(avail_h / 2, width * 0.2)
    inner = outer * 0.58
    mid = (outer + inner) / 2
    cx = width / 2
    cy = legend_h + label_room + avail_h / 2
    step = 360 / n
    gap, tip = 2.0, 6.0

    def pt(radius: float, angle: float) -> tuple[float, float]:
        a = math.radians(angle)
        return cx + radius * math.cos(a), cy + radius * math.sin(a)

    def arc(radius: float, a_from: float, a_to: float) -> list[float]:
        pts = []
        count = max(2, int(abs(a_from - a_to) / 2) + 1)
        for i in range(count + 1):
            pts.extend(pt(radius, a_from + (a_to - a_from) * i / count))
        return pts

    label_w = (width - 2 * outer) / 2 - 14
    for i, seg in enumerate(segments):
        a_start = 90 - i * step
        a_end = a_start - step + gap
        fill = score_colour(seg.score, score_min, score_max, scale)
        poly: list[float] = []
        poly += arc(outer, a_start, a_end)
        poly += pt(mid, a_end - tip)
        poly += arc(inner, a_end, a_start)
        poly += pt(mid, a_start - tip)
        d.add(Polygon(poly, fillColor=_c(fill), strokeColor=colors.white, strokeWidth=1))
        # value inside
        a_mid = (a_start + a_end - tip) / 2
        vx, vy = pt(mid, a_mid)
        text = (
            seg.value_text
            if seg.value_text is not None
            else ("–" if seg.score is None else format_number(seg.score, 1).replace(",0", ""))
        )
        d.add(
            _string(
                vx, vy - 4, text, size=10, bold=True, anchor="middle", colour=readable_text_on(fill)
            )
        )
        # label outside
        lx, ly = pt(outer + 8, a_mid)
        cos = math.cos(math.radians(a_mid))
        anchor = "start" if cos > 0.25 else "end" if cos < -0.25 else "middle"
        lines = wrap_words(seg.label, label_w if anchor != "middle" else outer * 1.6, 9, bold=True)
        block = len(lines) * 9 * 1.2
        sin = math.sin(math.radians(a_mid))
        if sin > 0.25:  # upper half: block sits above the point
            top_y = ly + block
        elif sin < -0.25:  # lower half: block hangs below it
            top_y = ly
        else:
            top_y = ly + block / 2
        _lines(d, lx, top_y, lines, size=9, bold=True, anchor=anchor)

    if center_label:
        lines = wrap_words(center_label, inner * 1.6, 8.5)
        _lines(d, cx, cy + len(lines) * 5.1, lines, size=8.5, anchor="middle", colour=MUTED_HEX)

    if legend:
        items = []
        bins = len(scale)
        span = (score_max - score_min) / bins
        for k, colour in enumerate(scale):
            lo_v, hi_v = score_min + k * span, score_min + (k + 1) * span
            items.append(
                (colour, f"{format_number(lo_v, 1)}–{format_number(hi_v, 1)}".replace(",0", ""))
            )
        if any(s.score is None for s in segments):
            items.append((NO_SCORE_HEX, "geen score"))
        caption = "Score:"
        caption_w = text_width(caption, LABEL_SIZE) + 6
        total_w = caption_w + sum(8 + 4 + text_width(lbl, LABEL_SIZE) + 12 for _, lbl in items)
        x0 = max(0.0, (width - total_w) / 2)
        d.add(_string(x0, legend_h - 15, caption, colour=MUTED_HEX))
        _legend_row(d, x0 + caption_w, legend_h - 8, items, width - x0 - caption_w)
    return d
