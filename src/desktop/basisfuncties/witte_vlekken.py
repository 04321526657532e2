"""Witte vlekken: the matrix of basisfuncties by wijk that shows where nothing is on offer.

Pure function over plain data: which organisations offer each basisfunctie in each wijk
(from the sociale kaart, and the uitvoerders named in a meting). No Qt, no database.
Also available as ``desktop.basisfuncties.scoring.gap_matrix``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from desktop.basisfuncties.instrument import Basisfunctie

WijkId = int | str


class CellState(StrEnum):
    """State of one cell of the witte-vlekken matrix (Dutch labels)."""

    NO_OFFER = "geen aanbod"
    ONE_PROVIDER = "één aanbieder"
    SEVERAL_PROVIDERS = "meerdere aanbieders"
    NOT_CHOSEN = "niet gekozen"  # the gemeente does not work on this function


@dataclass(frozen=True)
class GapCell:
    function_key: str
    wijk_id: WijkId
    organisations: tuple[str, ...]  # distinct names, sorted
    state: CellState

    @property
    def count(self) -> int:
        return len(self.organisations)

    @property
    def is_gap(self) -> bool:
        """A witte vlek: a chosen function with nothing on offer in this wijk."""
        return self.state is CellState.NO_OFFER


@dataclass(frozen=True)
class GapMatrix:
    function_keys: tuple[str, ...]  # rows
    wijk_ids: tuple[WijkId, ...]  # columns
    cells: Mapping[tuple[str, WijkId], GapCell]

    def cell(self, function_key: str, wijk_id: WijkId) -> GapCell:
        return self.cells[(function_key, wijk_id)]

    def row(self, function_key: str) -> tuple[GapCell, ...]:
        return tuple(self.cells[(function_key, w)] for w in self.wijk_ids)

    def column(self, wijk_id: WijkId) -> tuple[GapCell, ...]:
        return tuple(self.cells[(f, wijk_id)] for f in self.function_keys)

    def gaps(self) -> tuple[GapCell, ...]:
        """All witte vlekken, row by row."""
        return tuple(c for f in self.function_keys for c in self.row(f) if c.is_gap)

    def gap_count(self, function_key: str) -> int:
        return sum(1 for c in self.row(function_key) if c.is_gap)

    def uncovered_functions(self) -> tuple[str, ...]:
        """Chosen functions with nothing on offer in any wijk."""
        return tuple(
            f for f in self.function_keys if self.wijk_ids and all(c.is_gap for c in self.row(f))
        )


def _sort_key(name: str) -> tuple[str, str]:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return plain.casefold(), name


def gap_matrix(
    functions: Iterable[Basisfunctie | str],
    wijken: Iterable[WijkId],
    coverage: Mapping[tuple[str, WijkId], Iterable[str]],
    *,
    not_chosen: Collection[str] = (),
) -> GapMatrix:
    """The witte-vlekken matrix: basisfuncties by wijk.

    ``coverage`` maps (function key, wijk id) to the names of the organisations with aanbod
    for that function serving that wijk (from the sociale kaart, and the uitvoerders named
    in the meting). A cell lists the distinct names; with none it is "geen aanbod". Pairs
    of ``coverage`` outside the given functions and wijken are ignored. Functions in
    ``not_chosen`` get "niet gekozen" cells (still listing any organisations).
    """
    function_keys = tuple(dict.fromkeys(f if isinstance(f, str) else f.key for f in functions))
    wijk_ids = tuple(dict.fromkeys(wijken))
    cells: dict[tuple[str, WijkId], GapCell] = {}
    for f in function_keys:
        for w in wijk_ids:
            names = {n.strip() for n in coverage.get((f, w), ()) if n and n.strip()}
            organisations = tuple(sorted(names, key=_sort_key))
            if f in not_chosen:
                state = CellState.NOT_CHOSEN
            elif not organisations:
                state = CellState.NO_OFFER
            elif len(organisations) == 1:
                state = CellState.ONE_PROVIDER
            else:
                state = CellState.SEVERAL_PROVIDERS
            cells[(f, w)] = GapCell(f, w, organisations, state)
    return GapMatrix(function_keys, wijk_ids, cells)
