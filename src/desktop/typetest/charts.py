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


def scorekaart_drawing(
    respondents: Sequence[RespondentUitslag],
    *,
    anoniem: bool = False,
    title: str | None = None,
    width: float | None = None,
    legend: bool = True,
):
    from desktop.rapporten.charts import GridPoint, score_grid
    from desktop.rapporten.styles import CONTENT_WIDTH

    sk = load_typetest().scorekaart
    points = [
        GridPoint(
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
    return score_grid(
        points,
        x_title=f"Aantal keer a bij de {sk.as_x}",
        y_title=f"Aantal keer a bij de {sk.as_y}",
        x_ticks=[str(i) for i in range(8)],
        y_ticks=[str(i) for i in range(8)],
        x_bands=(sk.label_op_afstand, sk.label_dirigent),
        y_bands=(sk.label_breed, sk.label_smal),
        quadrant_labels=quadrant_labels(),
        title=title,
        width=width or CONTENT_WIDTH,
    )


def scorekaart_svg(
    respondents: Sequence[RespondentUitslag], *, anoniem: bool = False, width: float = 460
) -> bytes:
    from desktop.rapporten.charts import to_svg

    return to_svg(scorekaart_drawing(respondents, anoniem=anoniem, width=width, legend=False))
