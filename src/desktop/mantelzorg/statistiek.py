"""Anonymous yearly figures (jaaroverzicht mantelzorgondersteuning, Wmo prestatieveld 4).

One *year fact* per mantelzorger per year in which they had contact (registration, a
gesprek or a plan): wijk, leeftijdsgroep (age on 31 December), relaties, urenklasse (all
care hours a week together), vraaggebieden discussed that year, effective risk groups
and attention points, basisfuncties of referrals made that year and the types of the
organisations referred to, and the numbers of gesprekken and referrals.

The same function (``person_facts``) feeds the live jaaroverzicht and, at erasure time,
the rows of ``MantelzorgStatistiek`` (see ``desktop.privacy.erasure``), so erasing a
person never changes a published number.

Suppression: every count between 1 and 4 is shown as "< 5" (``None``), so nobody can be
recognised in a small group. Where each person falls in exactly one category (wijk,
leeftijdsgroep, urenklasse) and only one cell of a table is suppressed, the smallest
other non-zero cell is suppressed too, so the hidden number cannot be worked out from the
total. When fewer than 5 people are counted in total, nothing is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.mantelzorg.gesprekken import assess_mantelzorger
from desktop.mantelzorg.instrument import load_mantelzorg, load_vraaggebieden
from desktop.mantelzorg.models import (
    Mantelzorger,
    MantelzorgStatistiek,
    Ondersteuningsplan,
    Zorgrelatie,
)
from desktop.mantelzorg.service import age_on, join_keys, split_keys
from desktop.store.models import Wijk

THRESHOLD = 5
AGE_GROUPS = ("jonger dan 18", "18-24", "25-44", "45-64", "65-74", "75 en ouder", "onbekend")
HOUR_CLASSES = ("tot 8 uur", "8 tot 20 uur", "20 tot 40 uur", "40 uur of meer", "onbekend")


@dataclass(frozen=True)
class YearFact:
    jaar: int
    wijk_id: int | None
    leeftijdsgroep: str
    relaties: tuple[str, ...]
    urenklasse: str
    vraaggebieden: tuple[str, ...]
    risicogroepen: tuple[str, ...]
    basisfuncties: tuple[str, ...]
    soorten: tuple[str, ...]
    gesprekken: int
    verwijzingen: int


def age_group(age: int | None) -> str:
    if age is None:
        return "onbekend"
    for limit, label in (
        (18, AGE_GROUPS[0]),
        (25, AGE_GROUPS[1]),
        (45, AGE_GROUPS[2]),
        (65, AGE_GROUPS[3]),
        (75, AGE_GROUPS[4]),
    ):
        if age < limit:
            return label
    return AGE_GROUPS[5]


def hour_class(hours: float | None) -> str:
    if hours is None:
        return "onbekend"
    if hours < 8:
        return HOUR_CLASSES[0]
    if hours < 20:
        return HOUR_CLASSES[1]
    if hours < 40:
        return HOUR_CLASSES[2]
    return HOUR_CLASSES[3]


def _years(m: Mantelzorger) -> set[int]:
    years = {g.datum.year for g in m.gesprekken}
    years |= {p.datum.year for p in m.plannen}
    if m.toestemming_datum:
        years.add(m.toestemming_datum.year)
    return years


def person_facts(m: Mantelzorger, years: set[int] | None = None) -> list[YearFact]:
    """The year facts of one mantelzorger (loaded with relaties, gesprekken, plannen)."""
    facts = []
    wanted = _years(m) if years is None else _years(m) & years
    for jaar in sorted(wanted):
        end = date(jaar, 12, 31)
        day = min(end, date.today())
        hours = [r.uren_per_week for r in m.relaties if r.uren_per_week is not None]
        gesprekken = [g for g in m.gesprekken if g.datum.year == jaar]
        plannen = [p for p in m.plannen if p.datum.year == jaar]
        areas = sorted({v.sleutel for g in gesprekken for v in g.vraaggebieden if v.besproken})
        refs = [v for p in plannen for v in p.verwijzingen]
        facts.append(
            YearFact(
                jaar=jaar,
                wijk_id=m.wijk_id,
                leeftijdsgroep=age_group(age_on(m.geboortedatum, end)),
                relaties=tuple(sorted({r.relatie or "onbekend" for r in m.relaties}))
                or ("onbekend",),
                urenklasse=hour_class(sum(hours) if hours else None),
                vraaggebieden=tuple(areas),
                risicogroepen=tuple(sorted(assess_mantelzorger(m, day).effective_keys)),
                basisfuncties=tuple(sorted({v.basisfunctie for v in refs if v.basisfunctie})),
                soorten=tuple(sorted({v.soort_sleutel for v in refs if v.soort_sleutel})),
                gesprekken=len(gesprekken),
                verwijzingen=len(refs),
            )
        )
    return facts


def fact_to_row(fact: YearFact) -> MantelzorgStatistiek:
    return MantelzorgStatistiek(
        jaar=fact.jaar,
        wijk_id=fact.wijk_id,
        leeftijdsgroep=fact.leeftijdsgroep,
        relaties=join_keys(fact.relaties),
        urenklasse=fact.urenklasse,
        vraaggebieden=join_keys(fact.vraaggebieden),
        risicogroepen=join_keys(fact.risicogroepen),
        basisfuncties=join_keys(fact.basisfuncties),
        soorten=join_keys(fact.soorten),
        gesprekken=fact.gesprekken,
        verwijzingen=fact.verwijzingen,
    )


def _row_to_fact(row: MantelzorgStatistiek) -> YearFact:
    return YearFact(
        jaar=row.jaar,
        wijk_id=row.wijk_id,
        leeftijdsgroep=row.leeftijdsgroep,
        relaties=tuple(split_keys(row.relaties)),
        urenklasse=row.urenklasse,
        vraaggebieden=tuple(split_keys(row.vraaggebieden)),
        risicogroepen=tuple(split_keys(row.risicogroepen)),
        basisfuncties=tuple(split_keys(row.basisfuncties)),
        soorten=tuple(split_keys(row.soorten)),
        gesprekken=row.gesprekken,
        verwijzingen=row.verwijzingen,
    )


def _load(session: Session):
    return session.scalars(
        select(Mantelzorger).options(
            selectinload(Mantelzorger.relaties).selectinload(Zorgrelatie.zorgvrager),
            selectinload(Mantelzorger.gesprekken),
            selectinload(Mantelzorger.plannen).selectinload(Ondersteuningsplan.verwijzingen),
            selectinload(Mantelzorger.beoordelingen),
        )
    ).unique()


def year_facts(session: Session, jaar: int) -> list[YearFact]:
    """Live facts of current mantelzorgers plus the anonymous facts of erased ones."""
    from desktop.mantelzorg.service import is_encrypted

    facts: list[YearFact] = []
    if is_encrypted(session):
        for m in _load(session):
            facts.extend(person_facts(m, {jaar}))
    for row in session.scalars(
        select(MantelzorgStatistiek).where(MantelzorgStatistiek.jaar == jaar)
    ):
        facts.append(_row_to_fact(row))
    return facts


def available_years(session: Session) -> list[int]:
    from desktop.mantelzorg.service import is_encrypted

    years: set[int] = set()
    if is_encrypted(session):
        for m in _load(session):
            years |= _years(m)
    years |= set(session.scalars(select(MantelzorgStatistiek.jaar).distinct()))
    return sorted(years, reverse=True)


# --------------------------------------------------------------------------- overview


@dataclass
class Tabel:
    """One breakdown: rows of (label, count or None when suppressed)."""

    titel: str
    eenheid: str  # "mantelzorgers" or "verwijzingen"
    rijen: list[tuple[str, int | None]]
    exclusief: bool  # each person in exactly one row
    toelichting: str = ""

    @property
    def onderdrukt(self) -> int:
        return sum(1 for _, n in self.rijen if n is None)


@dataclass
class Jaaroverzicht:
    jaar: int
    mantelzorgers: int | None
    gesprekken: int | None
    verwijzingen: int | None
    tabellen: list[Tabel] = field(default_factory=list)

    @property
    def te_klein(self) -> bool:
        return self.mantelzorgers is None


def suppress(counts: list[tuple[str, int]], exclusive: bool) -> list[tuple[str, int | None]]:
    """Hide counts 1..4; with ``exclusive`` also one complementary cell (module doc)."""
    hidden = {label for label, n in counts if 0 < n < THRESHOLD}
    if exclusive and len(hidden) == 1:
        others = sorted(
            ((n, label) for label, n in counts if n >= THRESHOLD and label not in hidden)
        )
        if others:
            hidden.add(others[0][1])
    return [(label, None if label in hidden else n) for label, n in counts]


def _counted(values: list[str], order: list[tuple[str, str]]) -> list[tuple[str, int]]:
    c = Counter(values)
    rows = [(label, c.get(key, 0)) for key, label in order]
    extra = sorted(k for k in c if k not in {key for key, _ in order})
    rows += [(k, c[k]) for k in extra]
    return [(label, n) for label, n in rows if n or label in {lbl for _, lbl in order}]


def build(session: Session, jaar: int) -> Jaaroverzicht:
    facts = year_facts(session, jaar)
    total = len(facts)
    gesprekken = sum(f.gesprekken for f in facts)
    refs = sum(f.verwijzingen for f in facts)
    if total < THRESHOLD:
        return Jaaroverzicht(jaar, None, None, None)
    mz = load_mantelzorg()
    wijken = {
        w.id: w.naam for w in session.scalars(select(Wijk).order_by(Wijk.volgorde, Wijk.naam))
    }
    soort_names = _soort_names(session)
    from desktop.basisfuncties.instrument import load_basisfuncties

    bf = load_basisfuncties()
    tabellen = [
        Tabel(
            "Wijk of kern",
            "mantelzorgers",
            _counted(
                [wijken.get(f.wijk_id, "onbekend") if f.wijk_id else "onbekend" for f in facts],
                [(n, n) for n in wijken.values()] + [("onbekend", "onbekend")],
            ),
            True,
        ),
        Tabel(
            "Leeftijd van de mantelzorger",
            "mantelzorgers",
            _counted([f.leeftijdsgroep for f in facts], [(g, g) for g in AGE_GROUPS]),
            True,
        ),
        Tabel(
            "De mantelzorger is … van de zorgvrager",
            "mantelzorgers",
            _counted(
                [r for f in facts for r in f.relaties],
                [(r.key, r.text) for r in mz.relations] + [("onbekend", "onbekend")],
            ),
            False,
            "Wie voor meer mensen zorgt, telt bij elke relatie mee.",
        ),
        Tabel(
            "Uren zorg per week",
            "mantelzorgers",
            _counted([f.urenklasse for f in facts], [(h, h) for h in HOUR_CLASSES]),
            True,
        ),
        Tabel(
            "Besproken vraaggebieden",
            "mantelzorgers",
            _counted(
                [v for f in facts for v in f.vraaggebieden],
                [(a.key, f"{a.number}. {a.name}") for a in load_vraaggebieden().areas],
            ),
            False,
        ),
        Tabel(
            "Risicogroepen en aandachtspunten",
            "mantelzorgers",
            _counted(
                [k for f in facts for k in f.risicogroepen],
                [(g.key, g.text) for g in mz.risk_groups]
                + [(a.key, a.text) for a in mz.attention_points],
            ),
            False,
        ),
        Tabel(
            "Basisfunctie van de verwijzingen",
            "mantelzorgers",
            _counted(
                [k for f in facts for k in f.basisfuncties],
                [(fn.key, fn.name) for fn in bf.functions_in("mantelzorg")],
            ),
            False,
            "Aantal mantelzorgers met minstens één verwijzing voor deze basisfunctie.",
        ),
        Tabel(
            "Soort organisatie waarnaar is verwezen",
            "mantelzorgers",
            _counted(
                [soort_names.get(k, k) for f in facts for k in f.soorten],
                [],
            ),
            False,
        ),
    ]
    for t in tabellen:
        t.rijen = suppress([(label, n or 0) for label, n in t.rijen], t.exclusief)
    return Jaaroverzicht(jaar, total, gesprekken, refs, tabellen)


def _soort_names(session: Session) -> dict[str, str]:
    from desktop.kaart.models import Soort

    return {s.sleutel: s.naam for s in session.scalars(select(Soort))}
