"""Wijken / kernen of the gemeente: add, rename, merge, remove when unused.

References to a wijk are found through the foreign keys in the metadata, so features
that point at ``wijk.id`` are handled without this module knowing them.
"""

from __future__ import annotations

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.store.base import Base
from desktop.store.models import Wijk, WijkAlias

SOORTEN = ("wijk", "kern")


def _clean(naam: str) -> str:
    naam = " ".join((naam or "").split())
    if not naam:
        raise UserError("Vul een naam in voor de wijk of kern.")
    if len(naam) > 200:
        raise UserError("De naam van de wijk is te lang (hoogstens 200 tekens).")
    return naam


def list_wijken(session: Session) -> list[Wijk]:
    return list(session.scalars(select(Wijk).order_by(Wijk.volgorde, Wijk.naam)))


def get_wijk(session: Session, wijk_id: int) -> Wijk:
    wijk = session.get(Wijk, wijk_id)
    if wijk is None:
        raise UserError(f"Wijk {wijk_id} bestaat niet.")
    return wijk


def find_by_name(session: Session, naam: str) -> Wijk | None:
    key = " ".join(naam.split()).casefold()
    for wijk in list_wijken(session):
        if wijk.naam.casefold() == key:
            return wijk
    alias = session.scalar(select(WijkAlias).where(func.lower(WijkAlias.naam) == key))
    return session.get(Wijk, alias.wijk_id) if alias else None


def add_wijk(session: Session, naam: str, soort: str = "wijk") -> Wijk:
    naam = _clean(naam)
    if soort not in SOORTEN:
        raise UserError("Kies 'wijk' of 'kern'.")
    if find_by_name(session, naam) is not None:
        raise UserError(f"Er is al een wijk of kern met de naam '{naam}'.")
    volgorde = (session.scalar(select(func.max(Wijk.volgorde))) or 0) + 1
    wijk = Wijk(naam=naam, soort=soort, volgorde=volgorde)
    session.add(wijk)
    session.flush()
    return wijk


def rename_wijk(session: Session, wijk_id: int, naam: str) -> Wijk:
    wijk = get_wijk(session, wijk_id)
    naam = _clean(naam)
    other = find_by_name(session, naam)
    if other is not None and other.id != wijk.id:
        raise UserError(f"Er is al een wijk of kern met de naam '{naam}'.")
    wijk.naam = naam
    session.flush()
    return wijk


def _references() -> list[tuple[Table, str]]:
    refs = []
    for table in Base.metadata.sorted_tables:
        if table.name == "wijk_alias":
            continue
        for fk in table.foreign_keys:
            if fk.column.table.name == "wijk" and fk.column.name == "id":
                refs.append((table, fk.parent.name))
    return refs


def usage_count(session: Session, wijk_id: int) -> int:
    total = 0
    for table, column in _references():
        total += (
            session.scalar(
                select(func.count()).select_from(table).where(table.c[column] == wijk_id)
            )
            or 0
        )
    return total


def remove_wijk(session: Session, wijk_id: int) -> None:
    wijk = get_wijk(session, wijk_id)
    used = usage_count(session, wijk_id)
    if used:
        raise UserError(
            f"'{wijk.naam}' wordt nog {used} keer gebruikt. Voeg de wijk samen met een "
            "andere in plaats van haar te verwijderen."
        )
    session.delete(wijk)
    session.flush()


def merge_wijken(session: Session, source_id: int, target_id: int) -> Wijk:
    """Move every reference from source to target, keep the old name as alias."""
    if source_id == target_id:
        raise UserError("Kies twee verschillende wijken om samen te voegen.")
    source = get_wijk(session, source_id)
    target = get_wijk(session, target_id)
    for table, column in _references():
        other_cols = [c for c in table.primary_key.columns if c.name != column]
        if len(table.primary_key.columns) == 2 and len(other_cols) == 1:
            # association table: drop rows that would become duplicates
            other = table.c[other_cols[0].name]
            existing = select(other).where(table.c[column] == target_id)
            session.execute(delete(table).where(table.c[column] == source_id, other.in_(existing)))
        try:
            session.execute(
                update(table).where(table.c[column] == source_id).values({column: target_id})
            )
        except IntegrityError as exc:  # pragma: no cover - defensive
            raise UserError("Samenvoegen is niet gelukt; er is niets veranderd.") from exc
    session.execute(
        update(WijkAlias).where(WijkAlias.wijk_id == source_id).values(wijk_id=target_id)
    )
    session.add(WijkAlias(naam=source.naam, wijk_id=target.id))
    session.delete(source)
    session.flush()
    return target
