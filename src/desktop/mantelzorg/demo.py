"""Demo mantelzorgers (fictional people) for the demo gemeente; only in an encrypted store.

64 mantelzorgers with zorgvragers, gesprekken over the last two years along the
vraaggebieden, ondersteuningsplannen with referrals to demo aanbod of the sociale kaart
(the kaart demo runs first), some follow-ups due or overdue, and three records past the
bewaartermijn. Names are made up from common Dutch first and last names.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.mantelzorg.instrument import load_mantelzorg, load_vraaggebieden
from desktop.mantelzorg.models import (
    AANMELDERS,
    Afspraak,
    Gesprek,
    GesprekVraaggebied,
    Mantelzorger,
    Ondersteuningsplan,
    Verwijzing,
    Zorgrelatie,
    Zorgvrager,
)
from desktop.mantelzorg.service import DEFAULT_TOESTEMMING

COUNT = 64
FIRST = [
    "Anna",
    "Bram",
    "Carla",
    "Daan",
    "Els",
    "Frank",
    "Gerda",
    "Hans",
    "Ilse",
    "Jan",
    "Karin",
    "Lucas",
    "Marja",
    "Nico",
    "Olga",
    "Piet",
    "Ria",
    "Sander",
    "Tineke",
    "Umut",
    "Vera",
    "Wim",
    "Yvonne",
    "Zeynep",
    "Fatima",
    "Mohamed",
    "Sanne",
    "Kees",
    "Joke",
    "Ahmed",
    "Lotte",
    "Ruud",
    "Henk",
    "Truus",
    "Priya",
    "Mila",
]
LAST = [
    "de Vries",
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "Haan",
    "Vermeulen",
    "van den Berg",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Yilmaz",
]
STREETS = ("Lindelaan", "Molenweg", "Kerkstraat", "Akkerpad", "Oosterhof", "Dorpsstraat")
AFSPRAKEN = (
    ("Aanmelden bij de respijtvoorziening", "mantelzorger"),
    ("Informatie sturen over mantelzorgwaardering", "consulent"),
    ("Gesprek met de werkgever over flexibele werktijden", "mantelzorger"),
    ("Contact opnemen met de praatgroep", "consulent"),
    ("Aanvraag hulpmiddelen bespreken met de huisarts", "mantelzorger"),
    ("Een vaste oppasdag regelen met de buren", "mantelzorger"),
)
RELATION_WEIGHTS = (
    ("partner", 30),
    ("kind", 35),
    ("ouder", 15),
    ("kleinkind", 4),
    ("familie", 6),
    ("vriend", 4),
    ("buur", 6),
)


def _pick_weighted(rng, items):
    total = sum(w for _, w in items)
    x = rng.uniform(0, total)
    for value, w in items:
        x -= w
        if x <= 0:
            return value
    return items[-1][0]


def _birth(rng, today: date, age: int) -> date:
    return today - timedelta(days=age * 365 + rng.randint(0, 364))


def _aanbod_by_function(session: Session) -> dict[str, list]:
    from desktop.kaart.models import Aanbod

    result: dict[str, list] = {}
    for a in session.scalars(select(Aanbod).options(selectinload(Aanbod.kenmerken))):
        for key in a.keys("basisfunctie"):
            if key.startswith("mz"):
                result.setdefault(key, []).append(a)
    return result


def load_demo(session: Session, ctx) -> None:
    if not ctx.encrypted:
        ctx.messages.append(
            "Geen voorbeeld-mantelzorgers geladen: mantelzorggegevens worden alleen in een "
            "versleutelde database bewaard. Zet ELKAAR_PASSPHRASE (of stel in het venster "
            "versleuteling in) en laad de demo opnieuw om ze te zien."
        )
        return
    if session.scalar(select(Mantelzorger.id).limit(1)) is not None:
        return
    rng, today = ctx.rng, ctx.today
    mz = load_mantelzorg()
    areas = load_vraaggebieden()
    conditions = [c.key for c in mz.conditions]
    care_forms = [c.key for c in mz.care_forms]
    signals = [s.key for s in mz.signals]
    aanbod = _aanbod_by_function(session)
    for n in range(COUNT):
        relatie = _pick_weighted(rng, RELATION_WEIGHTS)
        if n % 16 == 3:
            relatie, age = "kind", rng.randint(14, 22)  # jonge mantelzorger
        elif relatie == "partner":
            age = rng.randint(55, 88)
        elif relatie == "kind":
            age = rng.randint(35, 66)
        elif relatie == "ouder":
            age = rng.randint(30, 60)
        else:
            age = rng.randint(25, 75)
        first, last = rng.choice(FIRST), rng.choice(LAST)
        wijk = rng.choice(ctx.wijken) if ctx.wijken else None
        old_record = n in (7, 29, 51)  # past the bewaartermijn
        start = today - timedelta(
            days=rng.randint(800, 1000) if old_record else rng.randint(20, 700)
        )
        m = Mantelzorger(
            naam=f"{first} {last}",
            telefoon=f"06-{rng.randint(10000000, 99999999)}",
            email=f"{first.lower()}.{last.replace(' ', '').lower()}@voorbeeld.nl",
            adres=f"{rng.choice(STREETS)} {rng.randint(1, 140)}",
            postcode=f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRST')}{rng.choice('ABCDEFGHJKLMNPRST')}",
            plaats="Lindewaard",
            wijk_id=wijk.id if wijk else None,
            geboortedatum=_birth(rng, today, age),
            werkt=age < 67 and age >= 18 and rng.random() < 0.6,
            studeert=age < 25,
            aanmelder=rng.choice(AANMELDERS),
            toestemming_datum=start,
            toestemming_waarvoor=DEFAULT_TOESTEMMING,
            toestemming_hoe=rng.choice(("mondeling", "schriftelijk", "digitaal")),
            toestemming_door="consulent (demo)",
            laatste_contact=start,
        )
        session.add(m)
        session.flush()
        zv_age = {
            "partner": age + rng.randint(-4, 6),
            "kind": age + rng.randint(24, 34),
            "ouder": max(2, age - rng.randint(22, 32)),
        }.get(relatie, rng.randint(60, 95))
        zv = Zorgvrager(
            naam=f"{rng.choice(FIRST)} {last if relatie in ('partner', 'kind', 'ouder') else rng.choice(LAST)}",
            geboortedatum=_birth(rng, today, min(max(zv_age, 1), 105)),
            aandoeningen=",".join(sorted(set(rng.sample(conditions, rng.choice((1, 1, 2)))))),
        )
        session.add(zv)
        session.flush()
        hours = rng.choice((4, 6, 10, 12, 16, 20, 24, 30, 40, 50))
        session.add(
            Zorgrelatie(
                mantelzorger_id=m.id,
                zorgvrager_id=zv.id,
                relatie=relatie,
                samenwonend=relatie == "partner" or rng.random() < 0.2,
                zorgtaken=",".join(rng.sample(care_forms, rng.randint(1, 4))),
                uren_per_week=float(hours),
                sinds=start - timedelta(days=rng.randint(90, 3000)),
                informele_helpers=rng.choice((0, 0, 1, 2, 3)),
                professionele_helpers=rng.choice((0, 1, 1, 2)),
                centrale_mantelzorger=True,
            )
        )
        if old_record:
            continue
        # gesprekken: an intake, and for about half a vervolggesprek
        dates = [start + timedelta(days=rng.randint(0, 14))]
        if rng.random() < 0.5 and (today - dates[0]).days > 120:
            dates.append(
                dates[0] + timedelta(days=rng.randint(90, min(360, (today - dates[0]).days)))
            )
        for i, day in enumerate(d for d in dates if d <= today):
            g = Gesprek(
                mantelzorger_id=m.id,
                zorgvrager_id=zv.id,
                datum=day,
                soort="keukentafelgesprek"
                if i == 0
                else rng.choice(("vervolggesprek", "telefonisch")),
                waar="bij de mantelzorger thuis" if i == 0 else "telefonisch",
                aanwezigen="mantelzorger, consulent",
                instrument_versie=areas.version,
                factoren=json.dumps(
                    {"df6": "Weinig mensen om op terug te vallen."}, ensure_ascii=False
                )
                if rng.random() < 0.4
                else "{}",
                draaglast="Zorgt dagelijks; weinig tijd voor zichzelf.",
                draagkracht="Steun van familie in het weekend.",
                signalen=",".join(rng.sample(signals, rng.choice((0, 0, 1, 2)))),
                belasting=rng.randint(2, 9),
                conclusies="Samen afspraken gemaakt over ondersteuning.",
                status="afgerond",
                gevoerd_door="consulent (demo)",
            )
            for area in rng.sample(list(areas.areas), rng.randint(2, 5)):
                g.vraaggebieden.append(
                    GesprekVraaggebied(
                        sleutel=area.key,
                        instrument_versie=areas.version,
                        besproken=True,
                        notitie=f"Besproken: {area.questions[0].text}",
                    )
                )
            session.add(g)
            session.flush()
            m.laatste_contact = max(m.laatste_contact or day, day)
            plan = Ondersteuningsplan(
                mantelzorger_id=m.id,
                gesprek_id=g.id,
                datum=day,
                vervolgdatum=day + timedelta(days=rng.choice((60, 90, 180))),
                toelichting="",
            )
            plan.vervolg_gedaan = plan.vervolgdatum < today or i < len(dates) - 1
            if n % 9 == 0:  # some follow-ups due in the coming days or overdue
                plan.vervolgdatum = today + timedelta(days=rng.randint(-10, 5))
                plan.vervolg_gedaan = False
            for j, (wat, wie) in enumerate(rng.sample(AFSPRAKEN, rng.randint(1, 3))):
                plan.afspraken.append(
                    Afspraak(
                        volgorde=j,
                        wat=wat,
                        wie=wie,
                        wanneer=day + timedelta(days=rng.randint(7, 45)),
                        klaar=rng.random() < 0.5,
                    )
                )
            for key in rng.sample(list(aanbod), min(len(aanbod), rng.randint(1, 2))):
                a = rng.choice(aanbod[key])
                org = a.organisatie
                plan.verwijzingen.append(
                    Verwijzing(
                        aanbod_id=a.id,
                        omschrijving=f"{a.naam} ({org.naam})",
                        basisfunctie=key,
                        soort_sleutel=org.soort.sleutel if org.soort else "",
                    )
                )
            session.add(plan)
    session.flush()
    ctx.messages.append(f"{COUNT} voorbeeld-mantelzorgers geladen (versleutelde database).")
