"""Demo gemeente: two typetest rondes a year apart and a partly worked stappenplan.

The first ronde leans to 'De leunstoel' (breed beleid, regie op afstand); a year later
the college has chosen a more directing role, so the second ronde moves towards the
dirigent side. One respondent of the second ronde has not finished. The answers are
made with a local, fixed random generator so they do not change when other features
change their demo data.
"""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.models import TypetestRonde

EVEN = (2, 4, 6, 8, 10, 12, 14)
ODD = (1, 3, 5, 7, 9, 11, 13)
# How readily respondents choose a on each question (some are near consensus, others
# divide people): question number -> weight.
A_WEIGHT = {
    1: 9.0, 3: 3.0, 5: 2.0, 7: 1.5, 9: 2.5, 11: 0.4, 13: 2.0,
    2: 4.0, 4: 3.0, 6: 1.2, 8: 1.5, 10: 0.5, 12: 2.0, 14: 2.5,
}  # fmt: skip

# (naam, rol, a's on the even questions, a's on the odd questions, answered questions)
RONDE_1 = (
    ("Marieke Jansen", "ambtenaar", 2, 2, 14),
    ("", "ambtenaar", 3, 3, 14),
    ("Henk Bosman", "wethouder", 5, 3, 14),
    ("Fatima El Idrissi", "raadslid", 5, 5, 14),
    ("Joost van Dam", "raadslid", 1, 2, 14),
    ("Anja de Boer", "steunpunt", 2, 1, 14),
    ("Ria Smit", "steunpunt", 3, 2, 14),
    ("", "anders", 3, 4, 14),
)
RONDE_2 = (
    ("Marieke Jansen", "ambtenaar", 3, 5, 14),
    ("Peter Kok", "ambtenaar", 4, 5, 14),
    ("Henk Bosman", "wethouder", 5, 6, 14),
    ("Fatima El Idrissi", "raadslid", 6, 5, 14),
    ("Joost van Dam", "raadslid", 2, 4, 14),
    ("Anja de Boer", "steunpunt", 2, 3, 14),
    ("Ria Smit", "steunpunt", 3, 4, 14),
    ("Kees Vermeulen", "anders", 4, 2, 14),
    ("", "raadslid", 4, 4, 9),
)


def _weighted_pick(rng: random.Random, questions: tuple[int, ...], k: int) -> set[int]:
    pool = list(questions)
    chosen: set[int] = set()
    for _ in range(k):
        weights = [A_WEIGHT[q] for q in pool]
        q = rng.choices(pool, weights=weights)[0]
        chosen.add(q)
        pool.remove(q)
    return chosen


def answer_pattern(rng: random.Random, even_a: int, odd_a: int) -> dict[int, str]:
    """Answers with exactly ``even_a``/``odd_a`` a's, popular questions picked first."""
    a = _weighted_pick(rng, EVEN, even_a) | _weighted_pick(rng, ODD, odd_a)
    return {n: ("a" if n in a else "b") for n in range(1, 15)}


def _fill(session: Session, ronde_id: int, people, rng: random.Random) -> None:
    for naam, rol, even_a, odd_a, answered in people:
        respondent = service.add_respondent(session, ronde_id, naam, rol)
        answers = answer_pattern(rng, even_a, odd_a)
        keep = sorted(answers)[:answered]
        service.set_answers(session, respondent.id, {n: answers[n] for n in keep})


def load_demo(session: Session, ctx) -> None:
    if session.scalars(select(TypetestRonde).limit(1)).first() is not None:
        return
    rng = random.Random(20070408)
    today = ctx.today
    eerste = today - timedelta(days=400)
    tweede = today - timedelta(days=35)
    r1 = service.create_ronde(
        session,
        f"Visiebijeenkomst {eerste.year}",
        eerste,
        "Startpunt voor de nota vrijwillige inzet: ambtenaren, college, raad en het "
        "steunpunt vullen de test apart in en bespreken de verschillen.",
    )
    _fill(session, r1.id, RONDE_1, rng)
    r2 = service.create_ronde(
        session,
        f"Herhaling na een jaar ({tweede.year})",
        tweede,
        "Is de koers van het college herkenbaar bij raad en veld? Vergelijk met de eerste ronde.",
    )
    _fill(session, r2.id, RONDE_2, rng)

    plan = plan_service.create_plan(session, ronde_id=r2.id)
    stappen = {
        1: ("klaar", "Marieke Jansen", tweede + timedelta(days=14),
            "Visie besproken in de raadscommissie; gekozen voor een dirigerende rol met "
            "ruimte voor eigen initiatief van het veld."),
        2: ("klaar", "Peter Kok", tweede + timedelta(days=21),
            "Overzicht van subsidies en lopende projecten gemaakt met welzijn en jeugd."),
        3: ("bezig", "Anja de Boer", today + timedelta(days=30),
            "Enquête onder vrijwilligersorganisaties loopt; twee gespreksavonden gepland."),
        4: ("bezig", "Marieke Jansen", today - timedelta(days=10),
            "Seniorenraad en wijkplatforms nog uitnodigen."),
        5: ("niet begonnen", "Henk Bosman", today + timedelta(days=90), ""),
    }  # fmt: skip
    for nummer, (status, eigenaar, datum, notities) in stappen.items():
        plan_service.update_stap(
            session,
            plan.id,
            nummer,
            status=status,
            eigenaar=eigenaar,
            datum=datum,
            notities=notities,
        )
    plan_service.update_thema(
        session,
        plan.id,
        "loket",
        afgevinkt=True,
        notities="Eén loket in het gemeentehuis samen met het steunpunt mantelzorg.",
    )
    plan_service.update_thema(session, plan.id, "informele_zorg", afgevinkt=True)
    from desktop.typetest.instrument import load_thema_checklist

    positie = next(t for t in load_thema_checklist().themas if t.key == "positie")
    plan_service.update_thema(
        session,
        plan.id,
        "positie",
        keuze=positie.opties[1],
        notities="Geen aparte beleidsmedewerker; elk team neemt vrijwillige inzet mee.",
    )
    plan_service.update_s(
        session,
        plan.id,
        "situeren",
        "Sociale kaart bijwerken; vrijwilligersmonitor in het voorjaar.",
    )
    plan_service.update_s(
        session, plan.id, "stimuleren", "Jaarlijkse vrijwilligersbijeenkomst met de wethouder."
    )
    plan_service.update_s(
        session,
        plan.id,
        "sturen",
        "Visie vastleggen in de nota; prestatieafspraken vanaf 1 januari.",
    )
    ctx.messages.append(
        "Typetest: twee rondes met "
        f"{len(RONDE_1)} en {len(RONDE_2)} respondenten en een stappenplan in uitvoering."
    )
