"""Writing and checking the audit log (see models.AuditEntry)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.privacy.models import AuditEntry
from desktop.store.base import utcnow
from desktop.store.changelog import current_user

GENESIS = "0" * 64


def _digest(
    prev: str,
    tijd: datetime,
    gebruiker: str,
    actie: str,
    soort: str,
    onderwerp_id: int | None,
    omschrijving: str,
) -> str:
    payload = "\x1f".join(
        [
            prev,
            tijd.isoformat(),
            gebruiker,
            actie,
            soort,
            "" if onderwerp_id is None else str(onderwerp_id),
            omschrijving,
        ]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def log(
    session: Session,
    actie: str,
    onderwerp_soort: str = "",
    onderwerp_id: int | None = None,
    omschrijving: str = "",
    gebruiker: str | None = None,
) -> AuditEntry:
    """Append one entry (flushed; committed with the caller's unit of work)."""
    prev = (
        session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)) or GENESIS
    )
    tijd = utcnow().replace(microsecond=(utcnow().microsecond // 1000) * 1000)
    who = gebruiker or current_user()
    entry = AuditEntry(
        tijd=tijd,
        gebruiker=who,
        actie=actie,
        onderwerp_soort=onderwerp_soort,
        onderwerp_id=onderwerp_id,
        omschrijving=omschrijving,
        vorige_hash=prev,
        hash=_digest(prev, tijd, who, actie, onderwerp_soort, onderwerp_id, omschrijving),
    )
    session.add(entry)
    session.flush()
    return entry


def entries(
    session: Session,
    *,
    onderwerp_soort: str | None = None,
    onderwerp_id: int | None = None,
    actie: str | None = None,
    gebruiker: str | None = None,
    limit: int | None = None,
) -> list[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if onderwerp_soort:
        stmt = stmt.where(AuditEntry.onderwerp_soort == onderwerp_soort)
    if onderwerp_id is not None:
        stmt = stmt.where(AuditEntry.onderwerp_id == onderwerp_id)
    if actie:
        stmt = stmt.where(AuditEntry.actie == actie)
    if gebruiker:
        stmt = stmt.where(AuditEntry.gebruiker == gebruiker)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    checked: int
    first_broken_id: int | None


def verify(session: Session) -> ChainCheck:
    """Recompute the chain; report the first entry whose hash does not match."""
    prev = GENESIS
    count = 0
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)):
        count += 1
        expected = _digest(
            prev,
            entry.tijd,
            entry.gebruiker,
            entry.actie,
            entry.onderwerp_soort,
            entry.onderwerp_id,
            entry.omschrijving,
        )
        if entry.vorige_hash != prev or entry.hash != expected:
            return ChainCheck(False, count, entry.id)
        prev = entry.hash
    return ChainCheck(True, count, None)
