"""The typetest scorekaart as a chart, defined once for the PDF and the screen.

:func:`scorekaart_drawing` returns a reportlab ``Drawing`` (a flowable for the report;
``rapporten.charts.to_svg`` turns it into SVG for a ``QSvgWidget``). Columns are the
number of a's on the odd questions (regie op afstand left, gemeente als dirigent right),
rows the number of a's on the even questions (breed beleid below, smal beleid above),
as in the scorekaart of bijlage 2. Every complete respondent is a dot with their number,
coloured by rol.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop.typetest.instrument import load_typetest
from desktop.typetest.service import ROL_KLEUREN, RespondentUitslag


def quadrant_labels() -> tuple[str, str, str, str]:
    """Type codes in the quadrants (top left, top right, bottom left, bottom right)."""
    test = load_typetest()
    return (
        "Type " + test.type_voor("smal", "op afstand").code,
        "Type " + test.type_voor("smal", "dirigent").code,
        "Type " + test.type_voor("breed", "op afstand").code,
        "Type " + test.type_voor("breed", "dirigent").code,
    )


#: At most this many respondents in one cell are drawn as separate numbered dots; more
#: become one dot with the count ("12x"), and a line under the chart names them.
MAX_DOTS_PER_CELL = 4


def scorekaart_drawing(
    respondents: Sequence[RespondentUitslag],
    *,
    anoniem: bool = False,
    title: str | None = None,
    width: float | None = None,
    legend: bool = True,
):
    """The scorekaart with every complete respondent as a numbered dot.

    Quadrant labels (Type I-IV) never lie under a dot: each is drawn on the free pair of
    cells nearest to the middle of its quadrant, or above/below the grid when its quadrant
    has no free pair. Up to :data:`MAX_DOTS_PER_CELL` respondents with the same counts share
    a cell as small dots; more become one dot with the number of respondents, listed by
    number under the chart.
    """
    from desktop.rapporten.styles import CONTENT_WIDTH

    sk = load_typetest().scorekaart
    points = [
        _Point(
            x=r.result.odd_a,
            y=r.result.even_a,
            label=str(r.volgnummer),
            colour=ROL_KLEUREN.get(r.rol, "#6B6B6B"),
            description=(
                f"{r.label(anoniem, nummer=False, kort=True)}: type {r.result.type}"
                if legend
                else None
            ),
        )
        for r in respondents
        if r.result is not None
    ]
    return _grid(
        points,
        x_title=f"Aantal keer a bij de {sk.as_x}",
        y_title=f"Aantal keer a bij de {sk.as_y}",
        x_bands=(sk.label_op_afstand, sk.label_dirigent),
        y_bands=(sk.label_breed, sk.label_smal),
        labels=quadrant_labels(),
        title=title,
        width=width or CONTENT_WIDTH,
    )


@dataclass(frozen=True)
class _Point:
    x: int  # a's on the odd questions (column)
    y: int  # a's on the even questions (row)
    label: str
    colour: str
    description: str | None


@dataclass(frozen=True)
class LabelPlace:
    """Where a quadrant label goes: centred on cells (col, col + 1) of ``row``, or
    ``outside`` the grid (above for the top quadrants, below for the bottom ones)."""

    col: float
    row: int
    outside: bool = False


def label_places(occupied: set[tuple[int, int]], size: int = 8) -> list[LabelPlace]:
    """Places for the four quadrant labels (top left, top right, bottom left, bottom
    right) on two side-by-side cells without respondents, nearest to the quadrant centre."""
    half = size // 2
    places = []
    for c0, r0 in ((0, half), (half, half), (0, 0), (half, 0)):
        centre = (c0 + half / 2 - 0.5, r0 + half / 2 - 0.5)
        free = [
            (col, row)
            for row in range(r0, r0 + half)
            for col in range(c0, c0 + half - 1)
            if (col, row) not in occupied and (col + 1, row) not in occupied
        ]
        if free:
            col, row = min(
                free,
                key=lambda cr: (
                    (cr[0] + 0.5 - centre[0]) ** 2 + (cr[1] - centre[1]) ** 2,
                    -cr[1],
                    cr[0],
                ),
            )
            places.append(LabelPlace(col + 0.5, row))
        else:
            places.append(LabelPlace(c0 + half / 2 - 0.5, r0, outside=True))
    return places


def _grid(points, *, x_title, y_title, x_bands, y_bands, labels, title, width):  # noqa: C901
    import math

    from reportlab.graphics.shapes import Circle, Group, Line, Rect
    from reportlab.lib import colors
    from reportlab.lib.units import mm

    from desktop.rapporten import fonts
    from desktop.rapporten._chartkit import (
        GRID_HEX,
        LABEL_SIZE,
        QUADRANT_TINTS,
        _c,
        _new_drawing,
        _string,
    )
    from desktop.rapporten.styles import MUTED_HEX, readable_text_on, text_width, wrap_words

    fonts.register_fonts()
    size = 8
    y_tick_w = text_width("7", LABEL_SIZE)
    y_band_w = max(text_width(b, LABEL_SIZE, bold=True) for b in y_bands)
    left = 14 + y_band_w + 8 + y_tick_w + 6
    bottom = 3 * LABEL_SIZE + 20
    cell = min((width - left - 10) / size, 12 * mm)
    grid_w = grid_h = cell * size

    by_cell: dict[tuple[int, int], list[tuple[int, _Point]]] = {}
    for index, p in enumerate(points):
        by_cell.setdefault((p.x, p.y), []).append((index, p))
    places = label_places(set(by_cell), size)
    label_size = 13.0
    above = 18 if any(pl.outside and pl.row >= size // 2 for pl in places) else 0
    below = 18 if any(pl.outside and pl.row < size // 2 for pl in places) else 0

    crowded = sorted(
        ((cell_xy, members) for cell_xy, members in by_cell.items()),
        key=lambda item: (-item[0][1], item[0][0]),
    )
    crowded = [(xy, m) for xy, m in crowded if len(m) > MAX_DOTS_PER_CELL]
    notes: list[str] = []
    shift = max(0.0, (width - left - grid_w - 10) / 2)  # centres the grid
    for (cx_i, cy_i), members in crowded:
        numbers = ", ".join(p.label for _, p in members)
        notes += wrap_words(
            f"{len(members)} respondenten met {cy_i} x a bij de even en {cx_i} x a bij de "
            f"oneven vragen: nr. {numbers}",
            width - 2 * shift - 4,
            LABEL_SIZE,
        )
    described = [p for p in points if p.description]
    legend_lines = math.ceil(len(described) / 2)
    legend_h = legend_lines * 13 + (8 if legend_lines else 0)
    notes_h = len(notes) * 11 + (6 if notes else 0)
    title_h = 10.5 + 8 if title else 0
    height = title_h + 6 + above + grid_h + below + bottom + notes_h + legend_h
    d, _ = _new_drawing(width, height, title)
    gx, gy = shift + left, bottom + below + notes_h + legend_h
    g_top = gy + grid_h
    half = size / 2

    for k, (c0, r0) in enumerate(((0, half), (half, half), (0, 0), (half, 0))):
        d.add(
            Rect(
                gx + c0 * cell,
                gy + r0 * cell,
                half * cell,
                half * cell,
                fillColor=_c(QUADRANT_TINTS[k]),
                strokeColor=None,
            )
        )
    for i in range(size + 1):
        x = gx + i * cell
        d.add(Line(x, gy, x, g_top, strokeColor=_c(GRID_HEX), strokeWidth=0.5))
        y = gy + i * cell
        d.add(Line(gx, y, gx + grid_w, y, strokeColor=_c(GRID_HEX), strokeWidth=0.5))
    d.add(Rect(gx, gy, grid_w, grid_h, fillColor=None, strokeColor=_c(MUTED_HEX), strokeWidth=0.8))
    mid_x, mid_y = gx + half * cell, gy + half * cell
    d.add(Line(mid_x, gy, mid_x, g_top, strokeColor=_c(MUTED_HEX), strokeWidth=1.2))
    d.add(Line(gx, mid_y, gx + grid_w, mid_y, strokeColor=_c(MUTED_HEX), strokeWidth=1.2))

    fit = 2 * cell - 6  # a label spans two cells
    while label_size > 7 and max(text_width(t, label_size, bold=True) for t in labels) > fit:
        label_size -= 0.5
    for place, text in zip(places, labels, strict=True):
        cx = gx + (place.col + 0.5) * cell
        if place.outside and place.row >= half:
            cy = g_top + 5  # above the grid
        elif place.outside:
            cy = gy - LABEL_SIZE - 3 - 15  # under the tick numbers
        else:
            cy = gy + (place.row + 0.5) * cell - label_size * 0.35
        d.add(_string(cx, cy, text, size=label_size, bold=True, anchor="middle", colour=MUTED_HEX))

    # ticks, bands, axis titles (below the grid: ticks, then a bottom label row if needed)
    tick_y = gy - LABEL_SIZE - 3
    for i in range(size):
        d.add(_string(gx + (i + 0.5) * cell, tick_y, str(i), anchor="middle", colour=MUTED_HEX))
        d.add(_string(gx - 4, gy + (i + 0.5) * cell - 3, str(i), anchor="end", colour=MUTED_HEX))
    band_y = tick_y - below - LABEL_SIZE - 5
    for k, band in enumerate(x_bands):
        span = grid_w / len(x_bands)
        d.add(_string(gx + (k + 0.5) * span, band_y, band, bold=True, anchor="middle"))
    for k, band in enumerate(y_bands):
        span = grid_h / len(y_bands)
        d.add(_string(gx - y_tick_w - 10, gy + (k + 0.5) * span - 3, band, bold=True, anchor="end"))
    d.add(
        _string(
            gx + grid_w / 2, band_y - LABEL_SIZE - 6, x_title, anchor="middle", colour=MUTED_HEX
        )
    )
    rotated = Group(_string(0, 0, y_title, anchor="middle", colour=MUTED_HEX))
    rotated.translate(shift + 8, gy + grid_h / 2)
    rotated.rotate(90)
    d.add(rotated)

    # dots
    for (cx_i, cy_i), members in by_cell.items():
        x0, y0 = gx + cx_i * cell, gy + cy_i * cell
        if len(members) > MAX_DOTS_PER_CELL:
            fill = "#4A4A4A"
            radius = cell * 0.4
            x, y = x0 + cell / 2, y0 + cell / 2
            d.add(Circle(x, y, radius, fillColor=_c(fill), strokeColor=colors.white, strokeWidth=1))
            mark = f"{len(members)}x"
            size_ = radius * 0.95
            while size_ > 5 and text_width(mark, size_, bold=True) > radius * 1.8:
                size_ -= 0.5
            d.add(
                _string(
                    x,
                    y - size_ * 0.35,
                    mark,
                    size=size_,
                    bold=True,
                    anchor="middle",
                    colour=readable_text_on(fill),
                )
            )
            continue
        k = len(members)
        per_row = 1 if k == 1 else 2
        n_rows = math.ceil(k / per_row)
        sub = cell / per_row
        radius = min(cell * 0.34, sub * 0.44, cell / n_rows * 0.44)
        for m, (_index, p) in enumerate(members):
            col, row = m % per_row, m // per_row
            x = x0 + (col + 0.5) * sub
            y = y0 + cell - (row + 0.5) * (cell / n_rows)
            d.add(
                Circle(
                    x, y, radius, fillColor=_c(p.colour), strokeColor=colors.white, strokeWidth=1
                )
            )
            text_size = max(5.0, radius * 0.95)
            while text_size > 5 and text_width(p.label, text_size, bold=True) > radius * 1.8:
                text_size -= 0.5
            d.add(
                _string(
                    x,
                    y - text_size * 0.35,
                    p.label,
                    size=text_size,
                    bold=True,
                    anchor="middle",
                    colour=readable_text_on(p.colour),
                )
            )

    y = legend_h + notes_h - 4
    for line in notes:
        d.add(_string(shift, y - 6, line, colour=MUTED_HEX))
        y -= 11
    if described:
        y = legend_h - 4
        col_w = (width - 2 * shift) / 2
        for n, p in enumerate(described):
            lx = shift + (n % 2) * col_w
            ly = y - (n // 2) * 13
            d.add(Circle(lx + 5, ly - 3, 4.5, fillColor=_c(p.colour), strokeColor=None))
            d.add(_string(lx + 14, ly - 6, f"{p.label}  {p.description}"))
    return d


def scorekaart_svg(
    respondents: Sequence[RespondentUitslag], *, anoniem: bool = False, width: float = 460
) -> bytes:
    from desktop.rapporten.charts import to_svg

    return to_svg(scorekaart_drawing(respondents, anoniem=anoniem, width=width, legend=False))
