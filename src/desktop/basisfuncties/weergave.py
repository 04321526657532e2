"""How basisfuncties results look, defined once for the window and the reports:
colours and short texts for statuses and witte-vlekken cells, and score formatting.

Colours are light backgrounds for dark text (contrast above 10:1) and always come with
text: colour is never the only carrier of meaning.
"""

from __future__ import annotations

from desktop.basisfuncties.scoring import Change
from desktop.basisfuncties.witte_vlekken import CellState, GapCell

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
