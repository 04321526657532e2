"""Writing and checking the audit log (see models.AuditEntry)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import column as sql_column
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


#: records named in descriptions: "gesprek 12 vastgelegd", "vervolg plan 3 afgehandeld"
RECORD_IN_TEXT = re.compile(r"\b(zorgrelatie|gesprek|ondersteuningsplan|plan) (\d+)\b")
RECORD_TABLES = {"plan": "ondersteuningsplan"}


def about(
    session: Session, onderwerp_soort: str, onderwerp_id: int, since: datetime | None = None
) -> list[AuditEntry]:
    """The entries about one subject, oldest first. ``since`` (the subject's creation):
    SQLite may give the number of an erased person to someone registered later, so
    entries from before this person existed are about someone else."""
    stmt = (
        select(AuditEntry)
        .where(
            AuditEntry.onderwerp_soort == onderwerp_soort, AuditEntry.onderwerp_id == onderwerp_id
        )
        .order_by(AuditEntry.id)
    )
    if since is not None:
        stmt = stmt.where(AuditEntry.tijd >= since)
    return list(session.scalars(stmt))


def records_named(
    session: Session, onderwerp_soort: str, onderwerp_id: int, since: datetime | None = None
) -> dict[str, dict[int, datetime]]:
    """Table -> {id: last time named} of the records the entries about one subject name,
    including records removed since (their change-log rows still hold data about the
    subject). ``since``: only entries from then on (see :func:`about`)."""
    found: dict[str, dict[int, datetime]] = {}
    stmt = select(AuditEntry.omschrijving, AuditEntry.tijd).where(
        AuditEntry.onderwerp_soort == onderwerp_soort, AuditEntry.onderwerp_id == onderwerp_id
    )
    if since is not None:
        stmt = stmt.where(AuditEntry.tijd >= since)
    for text, tijd in session.execute(stmt):
        for kind, number in RECORD_IN_TEXT.findall(text or ""):
            seen = found.setdefault(RECORD_TABLES.get(kind, kind), {})
            seen[int(number)] = max(tijd, seen.get(int(number), tijd))
    return found


def person_changes(
    session: Session,
    onderwerp_soort: str,
    onderwerp_id: int,
    current: dict[str, dict[int, str]],
    since: datetime | None = None,
):
    """A condition on ``Wijziging`` for the change-log rows about one person.

    ``current``: table -> {id: uuid} of the person's records now. Their rows are matched
    on id and uuid, so a number SQLite handed out again after a removal never brings in
    someone else's history. Records removed earlier (named in the audit entries about
    the person, no longer in the table) add their rows up to the last time they were
    named (plus a minute)."""
    from sqlalchemy import and_, false, or_
    from sqlalchemy import table as sql_table

    from desktop.store.models import Wijziging

    conds = []
    for name, records in current.items():
        if records:
            conds.append(
                and_(
                    Wijziging.tabel == name,
                    Wijziging.record_id.in_(sorted(records)),
                    Wijziging.record_uuid.in_(sorted({u for u in records.values() if u} | {""})),
                )
            )
    for name, named in records_named(session, onderwerp_soort, onderwerp_id, since).items():
        gone = set(named) - set(current.get(name, {}))
        if not gone:
            continue
        id_col = sql_table(name, sql_column("id")).c.id
        existing = set(session.scalars(select(id_col).where(id_col.in_(sorted(gone)))))
        for record_id in sorted(gone - existing):
            conds.append(
                and_(
                    Wijziging.tabel == name,
                    Wijziging.record_id == record_id,
                    # the change-log row may be flushed a moment after the audit entry
                    Wijziging.tijd <= named[record_id] + timedelta(minutes=1),
                )
            )
    return or_(*conds) if conds else false()


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


# --------------------------------------------------------------------------- viewing


ACTION_LABELS: dict[str, str] = {
    "aanmelden": "Aangemeld",
    "aanmelden-mislukt": "Aanmelden mislukt",
    "afmelden": "Afgemeld",
    "vergrendeld": "Vergrendeld",
    "ontgrendelen": "Ontgrendeld",
    "ontgrendelen-mislukt": "Ontgrendelen mislukt",
    "bekijk": "Bekeken",
    "nieuw": "Nieuw",
    "wijzig": "Gewijzigd",
    "export": "Geëxporteerd",
    "print": "Afgedrukt",
    "vergeet": "Vergeten (gewist)",
    "gebruiker-nieuw": "Gebruiker toegevoegd",
    "gebruiker-uit": "Gebruiker uitgezet",
    "gebruiker-actief": "Gebruiker weer actief",
    "wachtwoord": "Wachtwoord gewijzigd",
    "rol": "Rol gewijzigd",
}


def filtered(
    session: Session,
    *,
    gebruiker: str | None = None,
    actie: str | None = None,
    tekst: str | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
    limit: int | None = 5000,
) -> list[AuditEntry]:
    """Entries newest first, filtered on user, action, text (description/subject) and time."""
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc())
    if gebruiker:
        stmt = stmt.where(AuditEntry.gebruiker == gebruiker)
    if actie:
        stmt = stmt.where(AuditEntry.actie == actie)
    if tekst:
        like = f"%{tekst.strip()}%"
        stmt = stmt.where(
            AuditEntry.omschrijving.ilike(like) | AuditEntry.onderwerp_soort.ilike(like)
        )
    if van is not None:
        stmt = stmt.where(AuditEntry.tijd >= van)
    if tot is not None:
        stmt = stmt.where(AuditEntry.tijd < tot)
    if limit:
        stmt = stmt.limit(limit)
    return list(session.scalars(stmt))


def distinct_values(session: Session, column: str) -> list[str]:
    col = getattr(AuditEntry, column)
    return sorted(v for v in session.scalars(select(col).distinct()) if v)


HEADERS = ["Nr", "Tijd", "Gebruiker", "Actie", "Onderwerp", "Onderwerp-id", "Omschrijving"]


def rows_for_export(entries_: list[AuditEntry]) -> list[list]:
    return [
        [
            e.id,
            e.tijd,
            e.gebruiker,
            ACTION_LABELS.get(e.actie, e.actie),
            e.onderwerp_soort,
            e.onderwerp_id,
            e.omschrijving,
        ]
        for e in entries_
    ]


def export_xlsx(session: Session, out, entries_: list[AuditEntry], filters: str = "") -> object:
    """Write ``entries_`` to an Excel file and log the export itself (caller commits)."""
    from pathlib import Path

    from desktop.rapporten import excel

    check = verify(session)
    info = [
        f"Auditlog van Elkaar, geëxporteerd op {utcnow().astimezone():%d-%m-%Y %H:%M}.",
        f"Filter: {filters or 'geen'}; {len(entries_)} regels.",
        "Hash-keten: "
        + (
            f"in orde ({check.checked} regels gecontroleerd)."
            if check.ok
            else f"VERBROKEN bij regel {check.first_broken_id}."
        ),
    ]
    path = excel.write_workbook(
        Path(out),
        [excel.SheetSpec("Auditlog", HEADERS, rows_for_export(entries_))],
        info=info,
    )
    log(session, "export", "audit_log", None, f"auditlog geëxporteerd ({len(entries_)} regels)")
    return path
