"""Ondersteuningsplan: afspraken (wat, wie, wanneer, klaar), referrals to aanbod of the
sociale kaart with the basisfunctie mantelzorg each serves, and the follow-up date.

Aanbod is found with the kaart search (``desktop.kaart.search``), the same search the
Sociale kaart section and its picker use.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.kaart.models import Aanbod, Organisatie
from desktop.mantelzorg.models import (
    Afspraak,
    Gesprek,
    Mantelzorger,
    Ondersteuningsplan,
    Verwijzing,
)
from desktop.mantelzorg.service import SOORT, require_encrypted, today, touch_contact
from desktop.privacy import audit
from desktop.store import changelog

MZ_KEYS = tuple(f"mz{n}" for n in range(1, 9))


@dataclass
class AfspraakData:
    wat: str
    wie: str = ""
    wanneer: date | None = None
    klaar: bool = False


@dataclass
class VerwijzingData:
    aanbod_id: int | None
    basisfunctie: str = ""
    toelichting: str = ""
    omschrijving: str = ""  # only when there is no aanbod (free referral)


@dataclass
class PlanData:
    datum: date
    vervolgdatum: date | None = None
    toelichting: str = ""
    gesprek_id: int | None = None
    afspraken: list[AfspraakData] = field(default_factory=list)
    verwijzingen: list[VerwijzingData] = field(default_factory=list)


def validate_plan(
    session: Session, m: Mantelzorger, data: PlanData, day: date | None = None
) -> None:
    day = day or today()
    if data.datum is None:
        raise UserError("Vul de datum van het plan in.")
    if data.datum > day:
        raise UserError("De datum van het plan ligt in de toekomst.")
    gesprek = None
    if data.gesprek_id is not None:
        gesprek = session.get(Gesprek, data.gesprek_id)
        if gesprek is None or gesprek.mantelzorger_id != m.id:
            raise UserError("Het gesprek bij dit plan bestaat niet (meer).")
    if data.vervolgdatum is not None:
        if data.vervolgdatum < data.datum:
            raise UserError("De vervolgdatum ligt voor de datum van het plan.")
        if gesprek is not None and data.vervolgdatum < gesprek.datum:
            raise UserError("De vervolgdatum ligt voor het gesprek.")
    for a in data.afspraken:
        if not a.wat.strip():
            raise UserError("Een afspraak zonder 'wat' kan niet worden opgeslagen.")
        if a.wanneer is not None and a.wanneer < data.datum - timedelta(days=366):
            raise UserError("De datum van een afspraak ligt ruim voor het plan.")
    for v in data.verwijzingen:
        if v.basisfunctie and v.basisfunctie not in MZ_KEYS:
            raise UserError(f"Onbekende basisfunctie '{v.basisfunctie}'.")
        if v.aanbod_id is None and not v.omschrijving.strip():
            raise UserError("Kies voor een verwijzing aanbod van de sociale kaart.")
        if v.aanbod_id is not None and session.get(Aanbod, v.aanbod_id) is None:
            raise UserError("Het gekozen aanbod bestaat niet (meer) op de sociale kaart.")


def _snapshot(session: Session, aanbod_id: int) -> tuple[str, str]:
    a = session.get(Aanbod, aanbod_id)
    assert a is not None
    org = a.organisatie
    soort = org.soort.sleutel if org.soort else ""
    return f"{a.naam} ({org.naam})", soort


def save_plan(
    session: Session, mantelzorger_id: int, data: PlanData, *, plan_id: int | None = None
) -> Ondersteuningsplan:
    require_encrypted(session)
    m = session.get(Mantelzorger, mantelzorger_id)
    if m is None:
        raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
    validate_plan(session, m, data)
    if plan_id is None:
        plan = Ondersteuningsplan(mantelzorger_id=m.id, datum=data.datum)
        session.add(plan)
    else:
        plan = session.get(Ondersteuningsplan, plan_id)
        if plan is None or plan.mantelzorger_id != m.id:
            raise UserError("Dit ondersteuningsplan bestaat niet (meer).")
    plan.datum = data.datum
    plan.vervolgdatum = data.vervolgdatum
    plan.toelichting = data.toelichting.strip()
    plan.gesprek_id = data.gesprek_id
    plan.afspraken.clear()
    plan.verwijzingen.clear()
    session.flush()
    for i, a in enumerate(data.afspraken):
        plan.afspraken.append(
            Afspraak(
                volgorde=i, wat=a.wat.strip(), wie=a.wie.strip(), wanneer=a.wanneer, klaar=a.klaar
            )
        )
    for v in data.verwijzingen:
        omschrijving, soort = (v.omschrijving.strip(), "")
        if v.aanbod_id is not None:
            omschrijving, soort = _snapshot(session, v.aanbod_id)
        plan.verwijzingen.append(
            Verwijzing(
                aanbod_id=v.aanbod_id,
                omschrijving=omschrijving,
                basisfunctie=v.basisfunctie,
                soort_sleutel=soort,
                toelichting=v.toelichting.strip(),
            )
        )
    session.flush()
    if plan_id is None:
        changelog.record(session, plan, actie="nieuw")
        audit.log(session, "nieuw", SOORT, m.id, f"ondersteuningsplan {plan.id} vastgelegd")
    else:
        changelog.record(session, plan)
        audit.log(session, "wijzig", SOORT, m.id, f"ondersteuningsplan {plan.id} gewijzigd")
    touch_contact(session, m, data.datum)
    return plan


def plan_data(plan: Ondersteuningsplan) -> PlanData:
    return PlanData(
        datum=plan.datum,
        vervolgdatum=plan.vervolgdatum,
        toelichting=plan.toelichting,
        gesprek_id=plan.gesprek_id,
        afspraken=[AfspraakData(a.wat, a.wie, a.wanneer, a.klaar) for a in plan.afspraken],
        verwijzingen=[
            VerwijzingData(v.aanbod_id, v.basisfunctie, v.toelichting, v.omschrijving)
            for v in plan.verwijzingen
        ],
    )


def current_plan(plans: Iterable[Ondersteuningsplan]) -> Ondersteuningsplan | None:
    """The plan that counts for a mantelzorger: the newest (by date, then the one saved
    last). A newer plan replaces the older one, its afspraken and its follow-up: the
    gesprek it was made in was the contact the older follow-up asked for."""
    return max(plans, key=lambda p: (p.datum, p.id or 0), default=None)


def open_followup(plans: Iterable[Ondersteuningsplan]) -> Ondersteuningsplan | None:
    """The plan whose follow-up is still to be done, or None: the rule every list, the
    dossier, the Plan tab and the Start page use (the current plan's vervolgdatum when it
    is not marked as done)."""
    plan = current_plan(plans)
    if plan is None or plan.vervolgdatum is None or plan.vervolg_gedaan:
        return None
    return plan


def latest_plan(session: Session, mantelzorger_id: int) -> Ondersteuningsplan | None:
    require_encrypted(session)
    return session.scalar(
        select(Ondersteuningsplan)
        .where(Ondersteuningsplan.mantelzorger_id == mantelzorger_id)
        .options(
            selectinload(Ondersteuningsplan.afspraken),
            selectinload(Ondersteuningsplan.verwijzingen),
        )
        .order_by(Ondersteuningsplan.datum.desc(), Ondersteuningsplan.id.desc())
        .limit(1)
    )


def mark_followup_done(session: Session, plan_id: int, done: bool = True) -> None:
    require_encrypted(session)
    plan = session.get(Ondersteuningsplan, plan_id)
    if plan is None:
        raise UserError("Dit ondersteuningsplan bestaat niet (meer).")
    plan.vervolg_gedaan = done
    changelog.record(session, plan)
    audit.log(session, "wijzig", SOORT, plan.mantelzorger_id, f"vervolg plan {plan.id} afgehandeld")
    session.flush()


@dataclass(frozen=True)
class FollowUp:
    plan_id: int
    mantelzorger_id: int
    naam: str
    vervolgdatum: date
    overdue: bool


def followups_due(
    session: Session, *, within_days: int = 7, day: date | None = None
) -> list[FollowUp]:
    """Open follow-ups on or before ``day + within_days`` (overdue when before ``day``),
    one per mantelzorger at most (``open_followup``)."""
    from desktop.mantelzorg.service import is_encrypted

    if not is_encrypted(session):
        return []
    day = day or today()
    plans = session.scalars(
        select(Ondersteuningsplan).options(selectinload(Ondersteuningsplan.mantelzorger))
    ).all()
    by_person: dict[int, list[Ondersteuningsplan]] = {}
    for p in plans:
        by_person.setdefault(p.mantelzorger_id, []).append(p)
    due = []
    for own in by_person.values():
        plan = open_followup(own)
        if plan is not None and plan.vervolgdatum <= day + timedelta(days=within_days):
            due.append(
                FollowUp(
                    plan.id,
                    plan.mantelzorger_id,
                    plan.mantelzorger.naam,
                    plan.vervolgdatum,
                    plan.vervolgdatum < day,
                )
            )
    return sorted(due, key=lambda f: (f.vervolgdatum, f.naam))


# --------------------------------------------------------------------------- aanbod


@dataclass(frozen=True)
class AanbodChoice:
    aanbod_id: int
    naam: str
    organisatie: str
    basisfuncties: tuple[str, ...]


def search_aanbod(
    session: Session, text: str = "", *, basisfunctie: str | None = None, limit: int = 50
) -> list[AanbodChoice]:
    """Aanbod on the sociale kaart (the kaart search, level aanbod)."""
    from desktop.kaart.search import SearchFilters, search

    filters = SearchFilters(basisfuncties=(basisfunctie,) if basisfunctie else ())
    hits = search(session, text, filters, limit=limit, level="aanbod")
    ids = [h.aanbod_id for h in hits if h.aanbod_id is not None]
    tags: dict[int, tuple[str, ...]] = {}
    if ids:
        for a in session.scalars(
            select(Aanbod).where(Aanbod.id.in_(ids)).options(selectinload(Aanbod.kenmerken))
        ):
            tags[a.id] = tuple(a.keys("basisfunctie"))
    return [
        AanbodChoice(
            h.aanbod_id, h.aanbod_naam or "", h.organisatie_naam, tags.get(h.aanbod_id, ())
        )
        for h in hits
        if h.aanbod_id is not None
    ]


def contact_details(session: Session, aanbod_id: int | None) -> dict[str, str]:
    """The organisation's contact details for the printed plan."""
    if aanbod_id is None:
        return {}
    a = session.get(Aanbod, aanbod_id)
    if a is None:
        return {}
    org: Organisatie = a.organisatie
    adres = " ".join(p for p in (org.straat, org.huisnummer) if p)
    plaats = " ".join(p for p in (org.postcode, org.plaats) if p)
    return {
        "aanbod": a.naam,
        "organisatie": org.naam,
        "adres": ", ".join(p for p in (adres, plaats) if p),
        "telefoon": org.telefoon,
        "email": org.email,
        "website": org.website,
        "aanmelden": a.aanmelden,
        "kosten": a.kosten,
        "openingstijden": a.openingstijden,
    }
