"""Possible duplicate organisations, and merging them.

Two organisations look alike when they share the normalised name ("Stichting De
Zonnebloem" ~ "Zonnebloem"), postcode + huisnummer, phone number or website. A merge
keeps one record: the aanbod and contactpersonen of the others move to it, empty fields
are filled from the others, and the others go to the Prullenbak marked "samengevoegd in"
(restorable), everything in the change log. Restoring a merged organisation
(``service.restore_organisatie``) moves its aanbod and contactpersonen back, found in the
change log (``undo_merge_moves``); filled-in fields, wijken and other features' references
stay with the kept organisation (their change log entries hold counts, not rows).

Other features point at organisations too (uitvoerders of a basisfuncties-meting,
whatever is added later). ``merge_organisaties`` finds every foreign key to
``organisatie.id`` in the SQLAlchemy metadata (``references``) and moves those rows to the
kept organisation, so nothing is lost or keeps pointing at the merged one. When a moved
row would duplicate one that already points at the kept organisation (a unique key or an
association table: "X voert item 3 uit" twice), the duplicate is dropped -- but only in
association tables, whose rows hold nothing but the keys; a row with its own data stays
with the merged organisation (still in the Prullenbak, so never dangling) and the change
log says so. References to aanbod need no change: the aanbod itself moves.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, Table, delete, func, select, update
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.kaart import search
from desktop.kaart.models import Organisatie
from desktop.kaart.service import _log, _now, get_organisatie
from desktop.kaart.text import normalise_name
from desktop.kaart.validation import phone_key, website_key
from desktop.store import changelog

__all__ = [
    "Candidate",
    "duplicate_groups",
    "find_duplicates",
    "identity_keys",
    "merge_organisaties",
    "references",
    "undo_merge_moves",
]


@dataclass(frozen=True)
class Candidate:
    organisatie_id: int
    naam: str
    plaats: str
    redenen: tuple[str, ...]


_REASONS = {
    "naam": "dezelfde naam",
    "adres": "hetzelfde adres (postcode en huisnummer)",
    "telefoon": "hetzelfde telefoonnummer",
    "website": "dezelfde website",
}


def identity_keys(values: Mapping[str, Any]) -> dict[str, str]:
    """Comparison keys of an organisation's fields; empty keys are left out."""
    keys = {
        "naam": normalise_name(str(values.get("naam") or "")),
        "telefoon": phone_key(str(values.get("telefoon") or "")),
        "website": website_key(str(values.get("website") or "")),
    }
    postcode = "".join(str(values.get("postcode") or "").upper().split())
    huisnummer = str(values.get("huisnummer") or "").strip().lower()
    if postcode and huisnummer:
        keys["adres"] = f"{postcode}|{huisnummer}"
    return {k: v for k, v in keys.items() if v}


def _live_rows(session: Session):
    return session.execute(
        select(
            Organisatie.id,
            Organisatie.naam,
            Organisatie.plaats,
            Organisatie.postcode,
            Organisatie.huisnummer,
            Organisatie.telefoon,
            Organisatie.website,
        ).where(Organisatie.gearchiveerd_op.is_(None), Organisatie.samengevoegd_in_id.is_(None))
    ).all()


def _row_keys(row) -> dict[str, str]:
    return identity_keys(
        {
            "naam": row[1],
            "postcode": row[3],
            "huisnummer": row[4],
            "telefoon": row[5],
            "website": row[6],
        }
    )


def find_duplicates(
    session: Session, values: Mapping[str, Any], *, exclude_id: int | None = None, limit: int = 10
) -> list[Candidate]:
    """Live organisations that look like ``values`` (a form's fields), strongest first."""
    mine = identity_keys(values)
    if not mine:
        return []
    found: list[Candidate] = []
    for row in _live_rows(session):
        if row[0] == exclude_id:
            continue
        theirs = _row_keys(row)
        shared = tuple(
            _REASONS[k]
            for k in ("naam", "adres", "telefoon", "website")
            if k in mine and mine.get(k) == theirs.get(k)
        )
        if shared:
            found.append(Candidate(row[0], row[1], row[2] or "", shared))
    found.sort(key=lambda c: (-len(c.redenen), c.naam.lower()))
    return found[:limit]


def duplicate_groups(session: Session) -> list[list[Candidate]]:
    """Groups of live organisations that share a key (for the worklist and the Start
    page). Each organisation appears in at most one group."""
    rows = _live_rows(session)
    parent = {r[0]: r[0] for r in rows}

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reasons: dict[int, set[str]] = defaultdict(set)
    first: dict[tuple[str, str], int] = {}
    for row in rows:
        for kind, key in _row_keys(row).items():
            other = first.setdefault((kind, key), row[0])
            if other != row[0]:
                parent[root(row[0])] = root(other)
                reasons[row[0]].add(_REASONS[kind])
                reasons[other].add(_REASONS[kind])
    groups: dict[int, list[Candidate]] = defaultdict(list)
    for row in rows:
        if row[0] in reasons:
            groups[root(row[0])].append(
                Candidate(row[0], row[1], row[2] or "", tuple(sorted(reasons[row[0]])))
            )
    return sorted(
        (sorted(g, key=lambda c: c.organisatie_id) for g in groups.values()),
        key=lambda g: g[0].naam.lower(),
    )


_FILL = (
    "beschrijving",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "telefoon",
    "email",
    "website",
    "bron",
    "soort_id",
)


#: References the merge moves itself, through the ORM, with its own change log lines.
_OWN = frozenset({("aanbod", "organisatie_id"), ("contactpersoon", "organisatie_id"),
                  ("organisatie_wijk", "organisatie_id")})  # fmt: skip


def references(target: str = "organisatie") -> list[tuple[Table, Column]]:
    """Every (table, column) of every feature with a foreign key to ``target``.id."""
    from desktop.features import import_all_models
    from desktop.store.base import Base

    import_all_models()
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == target and fk.column.name == "id":
                found.append((table, fk.parent))
    return found


def _is_association(table: Table) -> bool:
    """A table whose rows hold only keys (every column is a foreign key)."""
    return all(col.foreign_keys for col in table.columns)


def _move_references(session: Session, keep: Organisatie, other: Organisatie) -> None:
    """Point every other feature's row at ``other`` to ``keep`` (see the docstring)."""
    for table, col in references("organisatie"):
        if (table.name, col.name) in _OWN:
            continue
        where = col == other.id
        if table.name == "organisatie":  # organisations merged earlier into ``other``
            where = where & (table.c.id != keep.id)
        count = session.scalar(select(func.count()).select_from(table).where(where)) or 0
        if not count:
            continue
        # OR IGNORE: a row that would collide with one of ``keep`` on a unique key stays.
        session.execute(
            update(table).where(where).values({col.name: keep.id}).prefix_with("OR IGNORE")
        )
        left = session.scalar(select(func.count()).select_from(table).where(where)) or 0
        if left and _is_association(table):
            session.execute(delete(table).where(where))
        moved = count - left
        if moved:
            _log(
                session,
                keep,
                f"{table.name}.{col.name}",
                "",
                f"{moved} verplaatst van {other.id}",
                "samenvoeg",
            )
        if left and _is_association(table):
            _log(
                session,
                keep,
                f"{table.name}.{col.name}",
                "",
                f"{left} dubbel, vervallen",
                "samenvoeg",
            )
        elif left:
            _log(
                session,
                other,
                f"{table.name}.{col.name}",
                "",
                f"{left} blijven (al bij {keep.id})",
                "samenvoeg",
            )


def merge_organisaties(session: Session, keep_id: int, merge_ids: Iterable[int]) -> Organisatie:
    """Merge ``merge_ids`` into ``keep_id`` (see the module docstring)."""
    others_ids = [i for i in dict.fromkeys(merge_ids) if i != keep_id]
    if not others_ids:
        raise UserError("Kies ten minste één andere organisatie om samen te voegen.")
    keep = get_organisatie(session, keep_id)
    if keep.gearchiveerd_op is not None:
        raise UserError(f"'{keep.naam}' staat in de prullenbak; zet haar eerst terug.")
    others = [get_organisatie(session, i) for i in others_ids]
    for other in others:
        if other.samengevoegd_in_id is not None:
            raise UserError(f"'{other.naam}' is al samengevoegd met een andere organisatie.")
    for other in others:
        for key in _FILL:
            if not getattr(keep, key) and getattr(other, key):
                setattr(keep, key, getattr(other, key))
        if other.notities and other.notities not in keep.notities:
            keep.notities = (keep.notities + "\n" if keep.notities else "") + other.notities
        changelog.record(session, keep)
        session.flush()
        for aanbod in list(other.aanbod):
            _log(session, aanbod, "organisatie_id", str(other.id), str(keep.id), "samenvoeg")
            aanbod.organisatie = keep
        for contact in list(other.contactpersonen):
            _log(session, contact, "organisatie_id", str(other.id), str(keep.id), "samenvoeg")
            contact.organisatie = keep
        if other.contactpersonen or other.aanbod:
            session.flush()
        wijken = {w.id: w for w in keep.wijken}
        for w in other.wijken:
            wijken.setdefault(w.id, w)
        keep.wijken = list(wijken.values())
        session.flush()
        _move_references(session, keep, other)
        other.samengevoegd_in_id = keep.id
        if other.gearchiveerd_op is None:
            other.gearchiveerd_op = _now()
        _log(session, other, "samengevoegd_in_id", "", str(keep.id), "samenvoeg")
        _log(
            session,
            keep,
            "samengevoegd",
            "",
            f"{other.naam} ({other.id}, {other.uuid})",
            "samenvoeg",
        )
    session.flush()
    session.expire_all()  # rows of other features changed behind the ORM's back
    search.reindex(session, [keep.id, *others_ids])
    return get_organisatie(session, keep.id)


@dataclass(frozen=True)
class MergeUndone:
    """What restoring a merged organisation moved back from ``van`` (the organisation it
    had been merged into)."""

    aanbod: int
    contactpersonen: int
    van: str


def undo_merge_moves(session: Session, org: Organisatie) -> MergeUndone:
    """Move the aanbod and contactpersonen that a merge moved from ``org`` back to it.

    The merge logged every move (``Wijziging`` with actie "samenvoeg", veld
    "organisatie_id", oud = ``org.id``). A record is moved back only while it is still
    with the organisation ``org`` was merged into (after a chain of merges: the last one),
    or with the one the log names; a record moved on by hand since then stays put."""
    from desktop.kaart.models import Aanbod, Contactpersoon
    from desktop.store.models import Wijziging

    target = org.samengevoegd_in_id
    if target is None:
        return MergeUndone(0, 0, "")
    kept = session.get(Organisatie, target)
    counts = {}
    for model in (Aanbod, Contactpersoon):
        logs = session.execute(
            select(Wijziging.record_id, Wijziging.nieuw).where(
                Wijziging.tabel == model.__table__.name,
                Wijziging.actie == "samenvoeg",
                Wijziging.veld == "organisatie_id",
                Wijziging.oud == str(org.id),
            )
        ).all()
        moved = 0
        for record_id in dict.fromkeys(r for r, _n in logs):
            item = session.get(model, record_id)
            named = {n for r, n in logs if r == record_id}
            if item is None or item.organisatie_id == org.id:
                continue
            if item.organisatie_id != target and str(item.organisatie_id) not in named:
                continue
            _log(session, item, "organisatie_id", str(item.organisatie_id), str(org.id), "herstel")
            item.organisatie_id = org.id
            moved += 1
        counts[model] = moved
    session.flush()
    session.expire_all()
    if kept is not None:
        search.reindex(session, [kept.id])
    return MergeUndone(counts[Aanbod], counts[Contactpersoon], kept.naam if kept else "")
