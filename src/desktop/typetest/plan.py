"""The stappenplan as a working document (beleidswerkplaats).

Per step of chapter 6 a status (niet begonnen, bezig, klaar), notes, an owner and a
date; alongside, per theme of the thema-checklist a tick, a choice and notes, and per S
of the 5 S-en notes. A typetest ronde is the starting point of step 1. The texts of the
steps, themes and S-en come from the instruments; only the work is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.store import changelog
from desktop.typetest.instrument import (
    S,
    Stap,
    Thema,
    load_stappenplan,
    load_thema_checklist,
    load_vijf_s,
)
from desktop.typetest.models import (
    STAP_STATUS,
    Stappenplan,
    StappenplanNotitie,
    StappenplanStap,
)

STANDAARD_NAAM = "Plan van aanpak vrijwillige inzet"


@dataclass(frozen=True)
class StapWerk:
    stap: Stap
    status: str
    notities: str
    eigenaar: str
    datum: date | None

    @property
    def te_laat(self) -> bool:
        return self.datum is not None and self.status != "klaar" and self.datum < date.today()

    def verlopen_op(self, today: date) -> bool:
        return self.datum is not None and self.status != "klaar" and self.datum < today


@dataclass(frozen=True)
class ThemaWerk:
    thema: Thema
    afgevinkt: bool
    keuze: str
    notities: str


@dataclass(frozen=True)
class SWerk:
    s: S
    notities: str


@dataclass(frozen=True)
class PlanOverzicht:
    id: int
    naam: str
    ronde_id: int | None
    stappen: list[StapWerk]
    themas: list[ThemaWerk]
    s_en: list[SWerk]

    @property
    def voortgang(self) -> dict[str, int]:
        """Number of steps per status, in the order niet begonnen, bezig, klaar."""
        return {s: sum(1 for w in self.stappen if w.status == s) for s in STAP_STATUS}


def current_plan(session: Session, *, create: bool = True) -> Stappenplan | None:
    """The gemeente's stappenplan (the first one); made on first use when ``create``."""
    plan = session.scalars(select(Stappenplan).order_by(Stappenplan.id).limit(1)).first()
    if plan is None and create:
        plan = create_plan(session)
    return plan


def create_plan(
    session: Session, naam: str = STANDAARD_NAAM, ronde_id: int | None = None
) -> Stappenplan:
    stappenplan = load_stappenplan()
    plan = Stappenplan(
        naam=" ".join(naam.split()) or STANDAARD_NAAM,
        ronde_id=ronde_id,
        instrument_versie=stappenplan.versie,
    )
    for stap in stappenplan.stappen:
        plan.stappen.append(StappenplanStap(stap_key=stap.key, nummer=stap.nummer))
    session.add(plan)
    session.flush()
    changelog.record(session, plan, actie="nieuw")
    return plan


def get_plan(session: Session, plan_id: int) -> Stappenplan:
    plan = session.get(Stappenplan, plan_id)
    if plan is None:
        raise UserError(f"Stappenplan {plan_id} bestaat niet.")
    return plan


def set_ronde(session: Session, plan_id: int, ronde_id: int | None) -> None:
    """Choose the typetest ronde that is the starting point of step 1."""
    from desktop.typetest.service import get_ronde

    plan = get_plan(session, plan_id)
    if ronde_id is not None:
        get_ronde(session, ronde_id)
    plan.ronde_id = ronde_id
    changelog.record(session, plan)
    session.flush()


def _stap_row(plan: Stappenplan, nummer: int) -> StappenplanStap:
    stap = load_stappenplan().stap(nummer) if 1 <= nummer <= 9 else None
    if stap is None:
        raise UserError(
            f"Stap {nummer} bestaat niet: het stappenplan heeft de stappen 1 tot en met 9."
        )
    row = next((s for s in plan.stappen if s.stap_key == stap.key), None)
    if row is None:
        row = StappenplanStap(stap_key=stap.key, nummer=stap.nummer)
        plan.stappen.append(row)
    return row


def update_stap(
    session: Session,
    plan_id: int,
    nummer: int,
    *,
    status: str | None = None,
    notities: str | None = None,
    eigenaar: str | None = None,
    datum: date | None = None,
    clear_datum: bool = False,
) -> None:
    plan = get_plan(session, plan_id)
    row = _stap_row(plan, nummer)
    if status is not None:
        if status not in STAP_STATUS:
            raise UserError(f"Onbekende status '{status}': kies niet begonnen, bezig of klaar.")
        row.status = status
    if notities is not None:
        row.notities = notities.strip()
    if eigenaar is not None:
        eigenaar = " ".join(eigenaar.split())
        if len(eigenaar) > 200:
            raise UserError("De naam van de eigenaar is te lang (hoogstens 200 tekens).")
        row.eigenaar = eigenaar
    if clear_datum:
        row.datum = None
    elif datum is not None:
        row.datum = datum
    if row.id is not None:
        changelog.record(session, row)
    session.flush()


def _notitie(plan: Stappenplan, soort: str, sleutel: str, versie: str) -> StappenplanNotitie:
    row = next((n for n in plan.notities if n.soort == soort and n.sleutel == sleutel), None)
    if row is None:
        row = StappenplanNotitie(soort=soort, sleutel=sleutel, instrument_versie=versie)
        plan.notities.append(row)
    return row


def update_thema(
    session: Session,
    plan_id: int,
    sleutel: str,
    *,
    afgevinkt: bool | None = None,
    keuze: str | None = None,
    notities: str | None = None,
) -> None:
    checklist = load_thema_checklist()
    thema = next((t for t in checklist.themas if t.key == sleutel), None)
    if thema is None:
        raise UserError(f"Onbekend thema '{sleutel}'.")
    if keuze and thema.opties and keuze not in thema.opties:
        raise UserError(f"Kies bij '{thema.titel}' een van de gegeven mogelijkheden.")
    row = _notitie(get_plan(session, plan_id), "thema", sleutel, checklist.versie)
    if afgevinkt is not None:
        row.afgevinkt = afgevinkt
    if keuze is not None:
        row.keuze = keuze
    if notities is not None:
        row.notities = notities.strip()
    session.flush()


def update_s(session: Session, plan_id: int, sleutel: str, notities: str) -> None:
    vijf_s = load_vijf_s()
    if sleutel not in {s.key for s in vijf_s.s_en}:
        raise UserError(f"Onbekende S '{sleutel}'.")
    row = _notitie(get_plan(session, plan_id), "s", sleutel, vijf_s.versie)
    row.notities = notities.strip()
    session.flush()


def plan_overzicht(session: Session, plan_id: int) -> PlanOverzicht:
    plan = get_plan(session, plan_id)
    rows = {s.stap_key: s for s in plan.stappen}
    stappen = []
    for stap in load_stappenplan().stappen:
        row = rows.get(stap.key)
        stappen.append(
            StapWerk(
                stap,
                row.status if row else "niet begonnen",
                row.notities if row else "",
                row.eigenaar if row else "",
                row.datum if row else None,
            )
        )
    notes = {(n.soort, n.sleutel): n for n in plan.notities}
    themas = []
    for thema in load_thema_checklist().themas:
        n = notes.get(("thema", thema.key))
        themas.append(
            ThemaWerk(thema, bool(n and n.afgevinkt), n.keuze if n else "", n.notities if n else "")
        )
    s_en = [
        SWerk(s, notes[("s", s.key)].notities if ("s", s.key) in notes else "")
        for s in load_vijf_s().s_en
    ]
    return PlanOverzicht(plan.id, plan.naam, plan.ronde_id, stappen, themas, s_en)


def overdue_steps(session: Session, today: date) -> list[StapWerk]:
    """Steps of the current plan whose date has passed while they are not klaar."""
    plan = current_plan(session, create=False)
    if plan is None:
        return []
    return [w for w in plan_overzicht(session, plan.id).stappen if w.verlopen_op(today)]
