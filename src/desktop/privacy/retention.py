"""Bewaartermijn (retention) of mantelzorg records, AVG art. 5(1)(e).

Default: **24 months after the last contact** (the latest of: registration/toestemming,
a gesprek, an ondersteuningsplan). Why: the steunpunt's support of a mantelzorger is an
*algemene voorziening* without a Wmo beschikking, so the 15-year term of the
Selectielijst gemeenten for Wmo plans does not apply; what is left is "no longer than
needed". Two years covers the usual rhythm of a yearly vervolggesprek with margin (a
carer who comes back after a quiet year still finds their history) and the jaaroverzicht
of the previous year; the anonymous counts survive deletion anyway. A gemeente whose
privacy officer decides otherwise sets another term (1 to 240 months) in Instellingen or
with ``set_term_months``. A record can be kept longer on purpose (``bewaren_tot``, e.g.
during a complaint).

Nothing is deleted automatically: ``review_list`` shows what is past the term, and
``purge`` erases it after the user confirmed (each through ``erasure.forget``, so the
anonymous statistics keep their counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.mantelzorg.models import Mantelzorger
from desktop.mantelzorg.service import is_encrypted, require_encrypted
from desktop.privacy import audit, erasure
from desktop.store import settings

TERM_KEY = "mantelzorg.bewaartermijn_maanden"
DEFAULT_TERM_MONTHS = 24
MAX_TERM_MONTHS = 240


def term_months(session: Session) -> int:
    raw = settings.get(session, TERM_KEY)
    try:
        value = int(raw) if raw else DEFAULT_TERM_MONTHS
    except ValueError:
        value = DEFAULT_TERM_MONTHS
    return value if 1 <= value <= MAX_TERM_MONTHS else DEFAULT_TERM_MONTHS


def set_term_months(session: Session, months: int) -> None:
    if not 1 <= months <= MAX_TERM_MONTHS:
        raise UserError(f"Kies een bewaartermijn van 1 tot {MAX_TERM_MONTHS} maanden.")
    settings.put(session, TERM_KEY, str(months))
    audit.log(session, "instelling", "bewaartermijn", None, f"bewaartermijn {months} maanden")


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    import calendar

    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def base_date(m: Mantelzorger) -> date:
    return m.laatste_contact or m.toestemming_datum or m.aangemaakt_op.date()


def expiry(m: Mantelzorger, months: int) -> date:
    due = add_months(base_date(m), months)
    if m.bewaren_tot and m.bewaren_tot > due:
        return m.bewaren_tot
    return due


@dataclass(frozen=True)
class RetentionItem:
    id: int
    naam: str
    laatste_contact: date
    vervalt_op: date


def review_list(session: Session, day: date | None = None) -> list[RetentionItem]:
    """Mantelzorgers whose term has passed on ``day`` (oldest first)."""
    if not is_encrypted(session):
        return []
    day = day or date.today()
    months = term_months(session)
    items = []
    for m in session.scalars(select(Mantelzorger)):
        due = expiry(m, months)
        if due <= day:
            items.append(RetentionItem(m.id, m.naam, base_date(m), due))
    return sorted(items, key=lambda i: (i.vervalt_op, i.id))


def purge(session: Session, ids: list[int] | None = None, day: date | None = None) -> int:
    """Erase the records on the review list (only those in ``ids`` when given)."""
    require_encrypted(session)
    items = review_list(session, day)
    if ids is not None:
        wanted = set(ids)
        items = [i for i in items if i.id in wanted]
    for item in items:
        erasure.forget(session, item.id, reden="bewaartermijn")
    if items:
        audit.log(
            session,
            "bewaartermijn",
            "mantelzorger",
            None,
            f"{len(items)} dossier(s) na de bewaartermijn gewist",
        )
    return len(items)
