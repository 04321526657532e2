"""Witte vlekken: which basisfuncties are on offer in which wijk.

The rule (also in docs/basisfuncties.md):

1. **Sociale kaart.** An aanbod counts for basisfunctie F when it is tagged with
   ``AanbodKenmerk(soort="basisfunctie", sleutel=F)``, its status is "actief" and it is not
   archived, and its organisation is "actief", not archived and not merged into another.
   It serves:

   * the wijken linked to the aanbod itself (``aanbod_wijk``), when it has any;
   * otherwise the werkgebied of its organisation: "gemeente", "regio" or "landelijk"
     means every wijk; "wijken" means the organisation's wijken (``organisatie_wijk``).

2. **Meting.** An activity of a chosen basisfunctie with status "aanwezig" or
   "aanwezig en geborgd" adds its uitvoerders (organisations, and "de gemeente zelf") to
   the wijken named for it; an activity without wijken counts for the whole gemeente.
   Activities with another status add nothing.

3. A cell is a witte vlek when the function is chosen and neither source names anyone.
   Functions the meting did not choose are shown as "niet gekozen". Without a meting all
   13 functions count as chosen and only the sociale kaart is used.

The matrix itself is made by :func:`desktop.basisfuncties.witte_vlekken.gap_matrix`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from desktop.basisfuncties.instrument import Basisfunctie, load_basisfuncties
from desktop.basisfuncties.models import Meting, MetingItem
from desktop.basisfuncties.witte_vlekken import GapCell, GapMatrix, gap_matrix
from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie, aanbod_wijk, organisatie_wijk
from desktop.store import wijken as wijken_service

ALL_WIJKEN_WERKGEBIED = ("gemeente", "regio", "landelijk")
BRON_KAART = "sociale kaart"
BRON_METING = "meting"
GEMEENTE_ZELF = "de gemeente zelf"


@dataclass(frozen=True)
class CellEntry:
    """One organisation in a cell, with where we know it from."""

    naam: str
    organisatie_id: int | None  # None: de gemeente zelf
    bron: str  # BRON_KAART or BRON_METING
    wat: tuple[str, ...]  # aanbod names (kaart) or item keys (meting)
    via: str  # how it reaches the wijk: "wijk", "werkgebied gemeente", "meting", ...


@dataclass(frozen=True)
class WitteVlekken:
    matrix: GapMatrix
    functions: tuple[Basisfunctie, ...]  # rows, in instrument order
    wijken: tuple[tuple[int, str], ...]  # columns: (id, naam)
    details: dict[tuple[str, int], tuple[CellEntry, ...]]
    meting_id: int | None

    def cell(self, function_key: str, wijk_id: int) -> GapCell:
        return self.matrix.cell(function_key, wijk_id)

    def entries(self, function_key: str, wijk_id: int) -> tuple[CellEntry, ...]:
        return self.details.get((function_key, wijk_id), ())

    def wijk_naam(self, wijk_id: int) -> str:
        return dict(self.wijken).get(wijk_id, str(wijk_id))

    def function(self, key: str) -> Basisfunctie:
        for function in self.functions:
            if function.key == key:
                return function
        raise KeyError(key)


def _add(
    cells: dict[tuple[str, int], dict[tuple[str, str], dict]],
    key: tuple[str, int],
    naam: str,
    organisatie_id: int | None,
    bron: str,
    wat: str,
    via: str,
) -> None:
    entry = cells[key].setdefault(
        (bron, naam), {"id": organisatie_id, "wat": [], "via": via, "naam": naam}
    )
    if wat and wat not in entry["wat"]:
        entry["wat"].append(wat)


def kaart_dekking(
    session: Session, wijk_ids: Iterable[int], function_keys: Iterable[str] | None = None
) -> dict[tuple[str, int], tuple[CellEntry, ...]]:
    """(function key, wijk id) -> organisations with aanbod for it there (rule 1)."""
    wijk_ids = list(wijk_ids)
    cells: dict[tuple[str, int], dict[tuple[str, str], dict]] = defaultdict(dict)
    stmt = (
        select(
            Aanbod.id,
            Aanbod.naam,
            AanbodKenmerk.sleutel,
            Organisatie.id.label("org_id"),
            Organisatie.naam.label("org_naam"),
            Organisatie.werkgebied,
        )
        .join(AanbodKenmerk, AanbodKenmerk.aanbod_id == Aanbod.id)
        .join(Organisatie, Organisatie.id == Aanbod.organisatie_id)
        .where(
            AanbodKenmerk.soort == "basisfunctie",
            Aanbod.status == "actief",
            Aanbod.gearchiveerd_op.is_(None),
            Organisatie.status == "actief",
            Organisatie.gearchiveerd_op.is_(None),
            Organisatie.samengevoegd_in_id.is_(None),
        )
    )
    if function_keys is not None:
        stmt = stmt.where(AanbodKenmerk.sleutel.in_(list(function_keys)))
    rows = session.execute(stmt).all()
    if not rows:
        return {}
    aanbod_ids = {r.id for r in rows}
    org_ids = {r.org_id for r in rows}
    aanbod_w: dict[int, set[int]] = defaultdict(set)
    for a_id, w_id in session.execute(
        select(aanbod_wijk.c.aanbod_id, aanbod_wijk.c.wijk_id).where(
            aanbod_wijk.c.aanbod_id.in_(aanbod_ids)
        )
    ):
        aanbod_w[a_id].add(w_id)
    org_w: dict[int, set[int]] = defaultdict(set)
    for o_id, w_id in session.execute(
        select(organisatie_wijk.c.organisatie_id, organisatie_wijk.c.wijk_id).where(
            organisatie_wijk.c.organisatie_id.in_(org_ids)
        )
    ):
        org_w[o_id].add(w_id)
    known = set(wijk_ids)
    for r in rows:
        if aanbod_w.get(r.id):
            served, via = aanbod_w[r.id] & known, "aanbod in deze wijk"
        elif r.werkgebied in ALL_WIJKEN_WERKGEBIED:
            served, via = known, f"werkgebied {r.werkgebied}"
        else:
            served, via = org_w.get(r.org_id, set()) & known, "werkgebied: deze wijk"
        for w in served:
            _add(cells, (r.sleutel, w), r.org_naam, r.org_id, BRON_KAART, r.naam, via)
    return _freeze(cells)


def _freeze(
    cells: dict[tuple[str, int], dict[tuple[str, str], dict]],
) -> dict[tuple[str, int], tuple[CellEntry, ...]]:
    result = {}
    for key, entries in cells.items():
        result[key] = tuple(
            sorted(
                (
                    CellEntry(e["naam"], e["id"], bron, tuple(e["wat"]), e["via"])
                    for (bron, _), e in entries.items()
                ),
                key=lambda c: (c.naam.casefold(), c.bron),
            )
        )
    return result


def _meting_dekking(
    meting: Meting, wijk_ids: list[int]
) -> dict[tuple[str, int], tuple[CellEntry, ...]]:
    instrument = load_basisfuncties(meting.instrument_versie)
    chosen = set(meting.function_keys)
    cells: dict[tuple[str, int], dict[tuple[str, str], dict]] = defaultdict(dict)
    known = set(wijk_ids)
    items = object_session(meting).scalars(  # type: ignore[union-attr]
        select(MetingItem)
        .where(MetingItem.meting_id == meting.id)
        .options(selectinload(MetingItem.uitvoerders), selectinload(MetingItem.wijken))
    )
    for item in items:
        if not item.status or not instrument.has_item(item.item_key):
            continue
        if not instrument.has_status(item.status) or not instrument.status(item.status).in_place:
            continue
        fkey = instrument.item(item.item_key).function_key
        if fkey not in chosen:
            continue
        named = {w.id for w in item.wijken} & known
        served = named or known
        via = "meting: genoemde wijken" if named else "meting: hele gemeente"
        from desktop.basisfuncties.service import current_organisatie

        uitvoerders: list[tuple[str, int | None]] = [
            (c.naam, c.id) for c in (current_organisatie(o) for o in item.uitvoerders)
        ]
        if item.gemeente_zelf:
            uitvoerders.append((GEMEENTE_ZELF, None))
        for naam, org_id in uitvoerders:
            for w in served:
                _add(cells, (fkey, w), naam, org_id, BRON_METING, item.item_key, via)
    return _freeze(cells)


def witte_vlekken(session: Session, meting_id: int | None = None) -> WitteVlekken:
    """The witte-vlekken matrix for all wijken, from the sociale kaart and, when given,
    a meting (its chosen functions and its uitvoerders)."""
    wijken = [(w.id, w.naam) for w in wijken_service.list_wijken(session)]
    wijk_ids = [w for w, _ in wijken]
    meting: Meting | None = None
    if meting_id is not None:
        from desktop.basisfuncties.service import get_meting, instrument_for

        meting = get_meting(session, meting_id)
        instrument = instrument_for(meting)
        from desktop.basisfuncties.service import domain_keys

        functions = tuple(
            f for d in domain_keys(meting.domeinen) for f in instrument.functions_in(d)
        )
        functions = tuple(f for f in instrument.functions if f in functions)
        not_chosen = {f.key for f in functions} - set(meting.function_keys)
    else:
        functions = load_basisfuncties().functions
        not_chosen = set()
    keys = [f.key for f in functions]
    details: dict[tuple[str, int], list[CellEntry]] = defaultdict(list)
    for key, entries in kaart_dekking(session, wijk_ids, keys).items():
        details[key].extend(entries)
    if meting is not None:
        for key, entries in _meting_dekking(meting, wijk_ids).items():
            details[key].extend(entries)
    coverage = {k: [e.naam for e in v] for k, v in details.items()}
    matrix = gap_matrix(functions, wijk_ids, coverage, not_chosen=not_chosen)
    frozen = {
        k: tuple(sorted(v, key=lambda c: (c.naam.casefold(), c.bron))) for k, v in details.items()
    }
    return WitteVlekken(matrix, tuple(functions), tuple(wijken), frozen, meting_id)


def nearby_offer(
    vlekken: WitteVlekken, function_key: str, wijk_id: int
) -> list[tuple[str, list[str]]]:
    """For a gap: the organisations offering the same function in other wijken, with the
    names of those wijken (what exists nearby), sorted by name."""
    found: dict[str, list[str]] = {}
    for other_id, naam in vlekken.wijken:
        if other_id == wijk_id:
            continue
        for entry in vlekken.entries(function_key, other_id):
            found.setdefault(entry.naam, [])
            if naam not in found[entry.naam]:
                found[entry.naam].append(naam)
    return sorted(found.items(), key=lambda kv: kv[0].casefold())
