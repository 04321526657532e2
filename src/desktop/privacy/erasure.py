"""Erasure ("vergeten", AVG art. 17) of a mantelzorger, keeping the anonymous counts.

In one transaction:

1. the person's year facts (``desktop.mantelzorg.statistiek.person_facts``) are written
   to ``mantelzorg_statistiek`` (categories and a year only), so the jaaroverzicht keeps
   its numbers;
2. the mantelzorger is deleted with everything that hangs on them (zorgrelaties,
   gesprekken and their vraaggebieden, risk decisions, ondersteuningsplannen with
   afspraken and verwijzingen, drafts); zorgvragers with no other mantelzorger go too;
3. the change-log rows (old/new field values) of all those records are deleted, also
   of records removed earlier (a zorgrelatie, a gesprek) that the audit log names;
4. one audit entry "vergeet" records that it happened (record id and counts, no name).

The audit log itself is append-only and holds only ids and short descriptions, never
personal data, so it stays (it is the proof that the request was carried out).
Afterwards ``compact(store)`` runs VACUUM so no deleted page remains in the file (the
pages were encrypted anyway; the store is SQLCipher).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.mantelzorg import statistiek
from desktop.mantelzorg.models import (
    Gesprek,
    Mantelzorger,
    Ondersteuningsplan,
    Zorgrelatie,
    Zorgvrager,
)
from desktop.mantelzorg.service import SOORT, require_encrypted
from desktop.privacy import audit
from desktop.store.models import Wijziging


@dataclass(frozen=True)
class ErasureResult:
    mantelzorger_id: int
    gesprekken: int
    plannen: int
    zorgvragers: int
    statistiek_rijen: int


def forget(session: Session, mantelzorger_id: int, *, reden: str = "verzoek") -> ErasureResult:
    """Erase one mantelzorger (see the module docstring). ``reden``: verzoek | bewaartermijn."""
    require_encrypted(session)
    m = session.scalar(
        select(Mantelzorger)
        .where(Mantelzorger.id == mantelzorger_id)
        .options(
            selectinload(Mantelzorger.relaties).selectinload(Zorgrelatie.zorgvrager),
            selectinload(Mantelzorger.gesprekken).selectinload(Gesprek.vraaggebieden),
            selectinload(Mantelzorger.plannen).selectinload(Ondersteuningsplan.verwijzingen),
            selectinload(Mantelzorger.beoordelingen),
        )
    )
    if m is None:
        raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
    facts = statistiek.person_facts(m)
    for fact in facts:
        session.add(statistiek.fact_to_row(fact))

    current: dict[str, dict[int, str]] = {
        "mantelzorger": {m.id: m.uuid},
        "zorgrelatie": {r.id: r.uuid for r in m.relaties},
        "gesprek": {g.id: g.uuid for g in m.gesprekken},
        "ondersteuningsplan": {p.id: p.uuid for p in m.plannen},
        "zorgvrager": {},
    }
    for rel in m.relaties:
        others = session.scalar(
            select(func.count())
            .select_from(Zorgrelatie)
            .where(
                Zorgrelatie.zorgvrager_id == rel.zorgvrager_id, Zorgrelatie.mantelzorger_id != m.id
            )
        )
        if not others:
            current["zorgvrager"][rel.zorgvrager_id] = rel.zorgvrager.uuid
    result = ErasureResult(
        m.id,
        len(m.gesprekken),
        len(m.plannen),
        len(current["zorgvrager"]),
        len(facts),
    )
    # decided before the records go: afterwards removed-earlier and removed-now look alike
    since = m.aangemaakt_op - timedelta(milliseconds=1) if m.aangemaakt_op else None
    changes = audit.person_changes(session, SOORT, m.id, current, since)
    session.execute(delete(Wijziging).where(changes))
    session.delete(m)
    session.flush()
    if current["zorgvrager"]:
        session.execute(delete(Zorgvrager).where(Zorgvrager.id.in_(current["zorgvrager"])))
    audit.log(
        session,
        "vergeet",
        SOORT,
        result.mantelzorger_id,
        f"gewist ({reden}): {result.gesprekken} gesprek(ken), {result.plannen} plan(nen), "
        f"{result.zorgvragers} zorgvrager(s); anonieme telling bewaard",
    )
    session.flush()
    return result


def compact(store) -> None:
    """VACUUM the store (outside a transaction) so no deleted page remains."""
    if store.info.dialect != "sqlite":
        return
    raw = store.engine.raw_connection()  # VACUUM cannot run inside BEGIN
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cur.execute("VACUUM")
        cur.close()
    finally:
        raw.close()
