"""Diagrams built from shapes: the cycle diagram (basisfuncties). Re-exported by
``desktop.rapporten.charts``. (The typetest scorekaart draws itself, in
``desktop.typetest.charts``, to keep labels and dots apart.)"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.shapes import Drawing, Polygon
from reportlab.lib import colors
from reportlab.lib.units import mm

from desktop.rapporten import fonts
from desktop.rapporten._chartkit import (
    LABEL_SIZE,
    NO_SCORE_HEX,
    SCORE_SCALE,
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
