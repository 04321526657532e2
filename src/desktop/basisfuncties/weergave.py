"""How basisfuncties results look, defined once for the window and the reports:
colours and short texts for statuses and witte-vlekken cells, and score formatting.

Colours are light backgrounds for dark text (contrast above 10:1) and always come with
text: colour is never the only carrier of meaning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.basisfuncties.scoring import Change
from desktop.basisfuncties.witte_vlekken import CellState, GapCell

if TYPE_CHECKING:
    from desktop.basisfuncties.dekking import WitteVlekken

STATUS_COLOURS: dict[str, str] = {
    "aanwezig_en_geborgd": "#B9D3EE",
    "aanwezig": "#CFE8C8",
    "in_ontwikkeling": "#FFEDB3",
    "niet_aanwezig": "#F6C4BE",
    "niet_van_toepassing": "#E4E4E4",
    "onbekend": "#E8DDF0",
}
UNANSWERED_COLOUR = "#FFFFFF"

CELL_COLOURS: dict[CellState, str] = {
    CellState.NO_OFFER: "#F6C4BE",
    CellState.ONE_PROVIDER: "#FFEDB3",
    CellState.SEVERAL_PROVIDERS: "#CFE8C8",
    CellState.NOT_CHOSEN: "#E4E4E4",
}

CHANGE_MARKS: dict[Change, str] = {
    Change.BETTER: "▲ verbeterd",
    Change.WORSE: "▼ verslechterd",
    Change.SAME: "= gelijk",
    Change.CHANGED: "≠ gewijzigd",
    Change.ADDED: "+ nieuw",
    Change.REMOVED: "− vervallen",
}


def percent(score: float | None) -> str:
    """``0.625`` -> ``63%``; ``None`` -> ``geen score``."""
    if score is None:
        return "geen score"
    return f"{round(score * 100)}%"


def delta_points(previous: float | None, current: float | None) -> str:
    """Change in percentage points: ``+12``, ``−5``, ``±0``; ``–`` when one is missing."""
    if previous is None or current is None:
        return "–"
    d = round(current * 100) - round(previous * 100)
    if d > 0:
        return f"+{d}"
    if d < 0:
        return f"−{-d}"
    return "±0"


def cell_text(cell: GapCell, *, short: bool = False) -> str:
    if cell.state is CellState.NOT_CHOSEN:
        return "n.g." if short else "niet gekozen"
    if cell.state is CellState.NO_OFFER:
        return "0" if short else "geen aanbod"
    if short:
        return str(cell.count)
    return "1 aanbieder" if cell.count == 1 else f"{cell.count} aanbieders"


def vlekken_summary(vlekken: WitteVlekken) -> str:
    """One true sentence (or two) about a witte-vlekken matrix, for the window and the
    reports: says what is missing when there is nothing to show and what to do about it."""
    wijken = len(vlekken.wijken)
    gaps = len(vlekken.matrix.gaps())
    met_meting = vlekken.meting_id is not None
    if not vlekken.functions:
        return "Deze meting heeft geen basisfuncties gekozen; er valt niets te vergelijken."
    if not wijken:
        return (
            "Er zijn nog geen wijken of kernen ingevuld, dus Elkaar kan nog niet laten zien "
            "waar aanbod ontbreekt. Voeg de wijken en kernen toe bij Instellingen en geef "
            "bij het aanbod op de sociale kaart aan welke wijken het bedient."
        )
    if not has_any_offer(vlekken):
        bron = (
            "De sociale kaart heeft nog geen aanbod met een basisfunctie voor deze wijken en "
            "de meting noemt geen uitvoerders"
            if met_meting
            else "De sociale kaart heeft nog geen aanbod met een basisfunctie voor deze wijken"
        )
        return (
            f"{bron}, dus elke basisfunctie is overal een witte vlek. Leg eerst het aanbod "
            "vast op de sociale kaart (met de basisfuncties en de wijken die het bedient)."
        )
    in_wijken = "in 1 wijk of kern" if wijken == 1 else f"in {wijken} wijken en kernen"
    if not gaps:
        welke = "elke gekozen basisfunctie" if met_meting else "elke basisfunctie"
        return (
            f"Er zijn geen witte vlekken: {welke} heeft aanbod in elke wijk of kern "
            f"({in_wijken} bekeken)."
        )
    aantal = "Er is 1 witte vlek" if gaps == 1 else f"Er zijn {gaps} witte vlekken"
    return f"{aantal} {in_wijken}: een basisfunctie zonder aanbod in een wijk of kern."


def has_any_offer(vlekken: WitteVlekken) -> bool:
    """Whether any cell of the matrix names an organisation (chosen function or not)."""
    return any(cell.count for cell in vlekken.matrix.cells.values())
