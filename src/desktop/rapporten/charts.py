"""Charts drawn with reportlab.graphics, defined once for both outputs.

Every function returns a ``Drawing``: it is a flowable, so it goes straight into a PDF
story, and :func:`to_svg` turns the same drawing into SVG bytes for the screen
(``QSvgWidget``/``QSvgRenderer``). Sizes are in points (1/72 inch).

* :func:`bar_chart` (vertical or horizontal, one or more series), :func:`pie_chart`
  (pie or donut) live here;
* :func:`cycle_diagram` (basisfuncties cycle) lives in ``diagrams`` and is re-exported
  here (the typetest scorekaart draws itself, in ``desktop.typetest.charts``);
* palette, score colours and SVG export in ``_chartkit``, also re-exported.

Colours come from the Okabe-Ito palette (distinguishable with the common forms of
colour blindness) and, for scores, the ColorBrewer RdYlBu scale; values are always
printed as text as well, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.piecharts import Pie
from reportlab.graphics.shapes import Drawing, Rect
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
    ValueFormat,
    _c,
    _legend_row,
    _lines,
    _new_drawing,
    _string,
    palette,
    score_colour,
    to_svg,
)
from desktop.rapporten.diagrams import CycleSegment, cycle_diagram
from desktop.rapporten.formatting import format_number, format_percent
from desktop.rapporten.styles import (
    CONTENT_WIDTH,
    MUTED_HEX,
    TEXT_HEX,
    ceil_nice,
    text_width,
    wrap_words,
)

# --- bar charts ----------------------------------------------------------------------------


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float | None] | Sequence[Sequence[float | None]],
    *,
    horizontal: bool = False,
    series_names: Sequence[str] | None = None,
    title: str | None = None,
    width: float = CONTENT_WIDTH,
    height: float | None = None,
    colours: Sequence[str] | None = None,
    value_format: ValueFormat = format_number,
    value_max: float | None = None,
) -> Drawing:
    """Bar chart with the value axis from 0, category labels wrapped and each bar's
    value printed at its end. ``values`` is one series or a list of series (then
    ``series_names`` gives the legend)."""
    fonts.register_fonts()
    series = _as_series(values, len(labels))
    names = list(series_names or [])
    multi = len(series) > 1
    if multi and len(names) != len(series):
        raise ValueError("series_names needs one name per series")
    fills = list(colours or palette(len(series)))
    flat = [v for s in series for v in s if v is not None]
    top = value_max if value_max is not None else ceil_nice(max(flat, default=0) * 1.08)
    top = top if top > 0 else 1.0
    low = min(0.0, min(flat, default=0.0))

    if horizontal:
        n_bars = len(labels) * len(series)
        if height is None:
            height = (
                n_bars * 13 + len(labels) * 8 + 34 + (14 if title else 0) + (16 if multi else 0)
            )
    else:
        height = height or 70 * mm
    d, y_top = _new_drawing(width, height, title)
    legend_h = 0.0
    if multi:
        legend_items = list(zip(fills, names, strict=False))
        legend_h = y_top - _legend_row(d, 0, y_top, legend_items, width) + 2
        y_top -= legend_h

    tick_w = max(text_width(value_format(v), LABEL_SIZE) for v in (low, top, top / 2)) + 6
    if horizontal:
        wrapped = [wrap_words(lbl, width * 0.32, LABEL_SIZE) for lbl in labels]
        label_w = max((text_width(ln, LABEL_SIZE) for w in wrapped for ln in w), default=0)
        chart = HorizontalBarChart()
        chart.x = label_w + 8
        chart.y = 16
        chart.width = width - chart.x - tick_w - 4
        chart.height = y_top - chart.y - 4
        chart.categoryAxis.reverseDirection = 1  # first category at the top
        chart.categoryAxis.labels.boxAnchor = "e"
        chart.categoryAxis.labels.dx = -4
        chart.categoryAxis.labels.textAnchor = "end"
        chart.barLabels.boxAnchor = "w"
        chart.barLabels.dx = 3
    else:
        per_cat = (width - tick_w - 8) / max(len(labels), 1)
        wrapped = [wrap_words(lbl, per_cat - 4, LABEL_SIZE) for lbl in labels]
        n_lines = max((len(w) for w in wrapped), default=1)
        chart = VerticalBarChart()
        chart.x = tick_w + 2
        chart.y = n_lines * LABEL_SIZE * 1.2 + 8
        chart.width = width - chart.x - 4
        chart.height = y_top - chart.y - 14
        chart.categoryAxis.labels.boxAnchor = "n"
        chart.categoryAxis.labels.dy = -3
        chart.categoryAxis.labels.textAnchor = "middle"
        chart.barLabels.boxAnchor = "s"
        chart.barLabels.dy = 2
    bar_fills = fills[: len(series)]
    if horizontal and multi:
        # Within a group reportlab stacks series bottom-up; reverse so the first series
        # is on top, in the same order as the legend.
        series = series[::-1]
        bar_fills = bar_fills[::-1]
    chart.data = [list(s) for s in series]
    chart.categoryAxis.categoryNames = ["\n".join(w) for w in wrapped]
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_SIZE * 1.2
    chart.categoryAxis.labels.fillColor = _c(TEXT_HEX)
    chart.categoryAxis.strokeColor = _c(MUTED_HEX)
    chart.categoryAxis.tickShift = 0
    va = chart.valueAxis
    va.valueMin = low
    va.valueMax = top
    va.valueStep = _nice_step(top - low)
    va.labelTextFormat = value_format
    va.labels.fontName = fonts.REGULAR
    va.labels.fontSize = LABEL_SIZE
    va.labels.fillColor = _c(MUTED_HEX)
    va.strokeColor = _c(MUTED_HEX)
    va.visibleGrid = 1
    va.gridStrokeColor = _c(GRID_HEX)
    va.gridStrokeWidth = 0.4
    chart.barLabelFormat = lambda v: "" if v is None else value_format(v)
    chart.barLabels.fontName = fonts.REGULAR
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.fillColor = _c(TEXT_HEX)
    chart.barSpacing = 1
    chart.groupSpacing = 6 if multi else 5
    chart.bars.strokeColor = None
    for i, fill in enumerate(bar_fills):
        chart.bars[i].fillColor = _c(fill)
    if not flat:
        d.add(_string(width / 2, height / 2, "Geen gegevens", anchor="middle", colour=MUTED_HEX))
    d.add(chart)
    return d


def _nice_step(span: float) -> float:
    raw = span / 5
    step = ceil_nice(raw)
    return step if step > 0 else 1.0


def _as_series(
    values: Sequence[float | None] | Sequence[Sequence[float | None]], n: int
) -> list[list[float | None]]:
    vals = list(values)
    if vals and all(isinstance(v, Sequence) and not isinstance(v, str) for v in vals):
        series = [list(s) for s in vals]  # type: ignore[arg-type]
    else:
        series = [vals]  # type: ignore[list-item]
    for s in series:
        if len(s) != n:
            raise ValueError("every series needs one value per label")
    return series  # type: ignore[return-value]


# --- pie and donut -------------------------------------------------------------------------


def pie_chart(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    donut: bool = False,
    title: str | None = None,
    width: float = CONTENT_WIDTH,
    height: float = 60 * mm,
    colours: Sequence[str] | None = None,
    value_format: ValueFormat = format_number,
    center_text: str | None = None,
) -> Drawing:
    """Pie (or donut) with a legend giving each label, its value and its share."""
    fonts.register_fonts()
    if len(labels) != len(values):
        raise ValueError("one value per label")
    fills = list(colours or palette(len(values)))
    d, y_top = _new_drawing(width, height, title)
    total = float(sum(v for v in values if v))
    if total <= 0:
        d.add(_string(width / 2, y_top / 2, "Geen gegevens", anchor="middle", colour=MUTED_HEX))
        return d
    size = min(y_top - 8, width * 0.42)
    pie = Pie()
    pie.x = 4
    pie.y = (y_top - size) / 2
    pie.width = pie.height = size
    shown = [(v, f) for v, f in zip(values, fills, strict=False) if v and v > 0]
    pie.data = [v for v, _ in shown]
    pie.labels = None
    pie.startAngle = 90
    pie.direction = "clockwise"
    pie.slices.strokeColor = colors.white
    pie.slices.strokeWidth = 1
    for i, (_, fill) in enumerate(shown):
        pie.slices[i].fillColor = _c(fill)
    if donut:
        pie.innerRadiusFraction = 0.55
    d.add(pie)
    if donut and center_text:
        cx, cy = pie.x + size / 2, pie.y + size / 2
        lines = wrap_words(center_text, size * 0.5, 9, bold=True)
        _lines(d, cx, cy + len(lines) * 5.4, lines, size=9, bold=True, anchor="middle")

    # Legend: swatch, label, value (share)
    x0 = pie.x + size + 14
    max_w = width - x0
    rows = []
    for label, value, fill in zip(labels, values, fills, strict=False):
        share = format_percent((value or 0) / total)
        rows.append(
            (
                fill,
                wrap_words(
                    f"{label}: {value_format(value or 0)} ({share})", max_w - 14, LABEL_SIZE
                ),
            )
        )
    needed = sum(len(r[1]) * LABEL_SIZE * 1.2 + 4 for r in rows)
    y = min(y_top, (y_top + needed) / 2)
    for fill, lines in rows:
        d.add(Rect(x0, y - 8, 8, 8, fillColor=_c(fill), strokeColor=_c(MUTED_HEX), strokeWidth=0.3))
        y = _lines(d, x0 + 13, y + 0.5, lines) - 4
    return d


__all__ = [
    "NO_SCORE_HEX",
    "PALETTE",
    "QUADRANT_TINTS",
    "SCORE_SCALE",
    "CycleSegment",
    "bar_chart",
    "cycle_diagram",
    "palette",
    "pie_chart",
    "score_colour",
    "to_svg",
]
