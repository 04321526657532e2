"""Demo gemeente: a nulmeting and, two years later, a vervolgmeting, plus an actieplan.

Runs after the kaart demo (FEATURES order), so the sociale kaart is already in the
session. Uitvoerders of an activity are organisations with active aanbod tagged with the
activity's basisfunctie, and the wijken named for them are the wijken that aanbod serves
(the witte-vlekken rule in ``dekking``), so the meting and the kaart tell one story.
Functions without any aanbod on the kaart stay weak, so some witte vlekken remain.
Deterministic: everything random comes from ``ctx.rng``.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.basisfuncties import service
from desktop.basisfuncties.dekking import kaart_dekking
from desktop.basisfuncties.instrument import (
    AANWEZIG,
    GEBORGD,
    IN_ONTWIKKELING,
    NIET_AANWEZIG,
    NIET_VAN_TOEPASSING,
    ONBEKEND,
    load_basisfuncties,
)
from desktop.basisfuncties.models import Meting, MetingItem
from desktop.kaart.models import Organisatie
from desktop.store.models import Wijk

#: Functions the gemeente itself carries out (policy, anchoring).
GEMEENTE_FUNCTIES = {"vw1", "vw5"}

#: Items that no longer apply, with the reason (regulations that were abolished).
NIET_VAN_TOEPASSING_ITEMS = {
    "mz7.03": "De TOG-regeling is in 2015 opgegaan in de kinderbijslag.",
    "mz7.06": "Het landelijke Mantelzorgcompliment is in 2015 vervangen door de "
    "gemeentelijke mantelzorgwaardering.",
}

WORSE_NOTE = "Project gestopt toen de subsidie afliep; opnieuw zoeken naar een uitvoerder."


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _first_status(rng, has_offer: bool, gemeente: bool) -> str:
    r = rng.random()
    if has_offer or gemeente:
        table = [(0.12, GEBORGD), (0.50, AANWEZIG), (0.62, IN_ONTWIKKELING), (0.86, NIET_AANWEZIG)]
    else:
        table = [(0.0, GEBORGD), (0.10, AANWEZIG), (0.25, IN_ONTWIKKELING), (0.75, NIET_AANWEZIG)]
    for limit, status in table:
        if r < limit:
            return status
    return ONBEKEND


def _next_status(rng, status: str, has_offer: bool) -> str:
    r = rng.random()
    if status == AANWEZIG:
        if r < 0.05:
            return NIET_AANWEZIG  # a project that ended
        return GEBORGD if r < 0.40 else AANWEZIG
    if status == IN_ONTWIKKELING:
        return AANWEZIG if r < (0.70 if has_offer else 0.35) else IN_ONTWIKKELING
    if status == ONBEKEND:
        return AANWEZIG if r < 0.45 else NIET_AANWEZIG if r < 0.75 else ONBEKEND
    if status == NIET_AANWEZIG:
        if not has_offer:
            return IN_ONTWIKKELING if r < 0.30 else NIET_AANWEZIG
        return AANWEZIG if r < 0.35 else IN_ONTWIKKELING if r < 0.55 else NIET_AANWEZIG
    return status


class _Writer:
    """Writes answers straight into the models: the demo fills 220 items at once, which
    through ``service.save_item`` (one query and flush per item) would take seconds."""

    def __init__(self, session: Session, wijk_ids: list[int]) -> None:
        self.session = session
        self.wijken = {w.id: w for w in session.scalars(select(Wijk).where(Wijk.id.in_(wijk_ids)))}
        self.orgs: dict[int, Organisatie] = {}

    def org(self, org_id: int) -> Organisatie:
        if org_id not in self.orgs:
            self.orgs[org_id] = self.session.get(Organisatie, org_id)
        return self.orgs[org_id]

    def put(self, meting: Meting, key: str, **fields) -> None:
        with self.session.no_autoflush:
            self._put(meting, key, fields)

    def _put(self, meting: Meting, key: str, fields: dict) -> None:
        item = next((i for i in meting.items if i.item_key == key), None)
        if item is None:
            item = MetingItem(item_key=key, instrument_versie=meting.instrument_versie)
            meting.items.append(item)
        for name, value in fields.items():
            if name == "uitvoerder_ids":
                item.uitvoerders = [self.org(o) for o in value]
            elif name == "wijk_ids":
                item.wijken = [self.wijken[w] for w in value]
            else:
                setattr(item, name, value)


def load_demo(session: Session, ctx) -> None:
    instrument = load_basisfuncties()
    rng = ctx.rng
    wijk_ids = [w.id for w in ctx.wijken]
    dekking = kaart_dekking(session, wijk_ids)
    # per function: organisation id -> wijken where it offers the function
    offer: dict[str, dict[int, set[int]]] = {}
    for (fkey, wijk_id), entries in dekking.items():
        for e in entries:
            if e.organisatie_id is not None:
                offer.setdefault(fkey, {}).setdefault(e.organisatie_id, set()).add(wijk_id)

    vervolg_datum = ctx.today - timedelta(days=45)
    nul_datum = _years_before(vervolg_datum, 2)
    nul = service.create_meting(
        session,
        soort="nulmeting",
        domeinen="beide",
        datum=nul_datum,
        ingevuld_door="Beleidsmedewerker Wmo met steunpunt mantelzorg en vrijwilligerscentrale",
        notities="Nulmeting in het kader van Goed voor Elkaar.",
    )

    def uitvoerders(fkey: str) -> tuple[list[int], list[int], bool]:
        orgs = offer.get(fkey, {})
        gemeente = fkey in GEMEENTE_FUNCTIES or not orgs
        if not orgs:
            return [], [], gemeente
        chosen = sorted(orgs)[:3]
        picked = [o for o in chosen if rng.random() < 0.8] or chosen[:1]
        served = set().union(*(orgs[o] for o in picked))
        wijken = [] if served >= set(wijk_ids) else sorted(served)
        return picked, wijken, fkey in GEMEENTE_FUNCTIES

    writer = _Writer(session, wijk_ids)
    nul_status: dict[str, str] = {}
    for function in instrument.functions:
        has_offer = bool(offer.get(function.key))
        gemeente = function.key in GEMEENTE_FUNCTIES
        for item in function.items:
            if item.key in NIET_VAN_TOEPASSING_ITEMS:
                status = NIET_VAN_TOEPASSING
            else:
                status = _first_status(rng, has_offer, gemeente)
            nul_status[item.key] = status
            fields: dict = {"status": status}
            if status == NIET_VAN_TOEPASSING:
                fields["notitie"] = NIET_VAN_TOEPASSING_ITEMS[item.key]
            elif status in (AANWEZIG, GEBORGD):
                orgs, wijken, zelf = uitvoerders(function.key)
                if orgs or zelf:
                    fields.update(uitvoerder_ids=orgs, wijk_ids=wijken, gemeente_zelf=zelf)
            writer.put(nul, item.key, **fields)

    session.flush()
    # Vervolgmeting: starts from the nulmeting's answers, then shows progress.
    vervolg = service.create_meting(
        session,
        soort="vervolgmeting",
        domeinen="beide",
        datum=vervolg_datum,
        ingevuld_door="Beleidsmedewerker Wmo",
        vorige_id=nul.id,
        notities="Vervolgmeting twee jaar na de nulmeting.",
    )
    ambities = 0
    for function in instrument.functions:
        has_offer = bool(offer.get(function.key))
        for item in function.items:
            old = nul_status[item.key]
            new = _next_status(rng, old, has_offer)
            fields = {}
            if new != old:
                fields["status"] = new
                if old in (AANWEZIG, GEBORGD) and new == NIET_AANWEZIG:
                    fields.update(notitie=WORSE_NOTE, uitvoerder_ids=[], gemeente_zelf=False)
                elif new in (AANWEZIG, GEBORGD) and old not in (AANWEZIG, GEBORGD):
                    orgs, wijken, zelf = uitvoerders(function.key)
                    if orgs or zelf:
                        fields.update(uitvoerder_ids=orgs, wijk_ids=wijken, gemeente_zelf=zelf)
            if new in (NIET_AANWEZIG, IN_ONTWIKKELING) and ambities < 10 and rng.random() < 0.3:
                ambities += 1
                fields.update(
                    prioriteit="hoog" if ambities <= 4 else "middel",
                    streefdatum=ctx.today + timedelta(days=365 if ambities <= 4 else 730),
                )
            if fields:
                writer.put(vervolg, item.key, **fields)

    session.flush()
    # Actieplan: two gaps turned into actions, one in progress, one done, one overdue.
    vlekken = service.witte_vlekken(session, vervolg.id)
    gaps = list(vlekken.matrix.gaps())
    rng.shuffle(gaps)
    for cell in gaps[:2]:
        service.actie_from_gap(
            session, cell.function_key, int(cell.wijk_id), meting_id=vervolg.id, today=ctx.today
        )
    service.create_actie(
        session,
        functie_key="mz6",
        omschrijving="Logeervoorziening voor respijtzorg in de regio verkennen met buurgemeenten",
        eigenaar="Beleidsmedewerker Wmo",
        datum=ctx.today + timedelta(days=120),
        status="bezig",
        meting_id=vervolg.id,
    )
    service.create_actie(
        session,
        functie_key="vw3",
        omschrijving="Deskundigheidsbevordering voor vrijwilligersorganisaties inkopen",
        eigenaar="Vrijwilligerscentrale",
        datum=nul_datum + timedelta(days=300),
        status="klaar",
        meting_id=nul.id,
    )
    service.create_actie(
        session,
        functie_key="mz1",
        omschrijving="Informatie voor mantelzorgers op de gemeentelijke website bijwerken",
        eigenaar="Communicatie",
        datum=ctx.today - timedelta(days=20),
        status="open",
        meting_id=vervolg.id,
    )
    score_nul = service.score_of(nul).score
    score_vervolg = service.score_of(vervolg).score
    ctx.messages.append(
        f"Basisfuncties: nulmeting ({nul_datum:%d-%m-%Y}, {round((score_nul or 0) * 100)}%) en "
        f"vervolgmeting ({vervolg_datum:%d-%m-%Y}, {round((score_vervolg or 0) * 100)}%), "
        f"{len(vlekken.matrix.gaps())} witte vlekken, 5 acties."
    )
