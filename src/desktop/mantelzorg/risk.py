"""Risk flags of overbelasting, derived from plain data about one care situation.

Seed 004 names six categories of mantelzorgers with a higher risk of overbelasting
(``risicogroepen`` rg1..rg6 in mantelzorg.toml). Where the registered data allows it, a
rule below decides whether a group applies; each flag carries a Dutch reason that names
the facts it rests on, so the officer can confirm or override it (``effective_keys``).

The six risk groups (verbatim names in mantelzorg.toml):

* rg1 "centrale mantelzorgers zonder meerdere andere helpers": at most one other helper
  (informal and professional together). A registered mantelzorger is taken to be the
  central one unless ``central_carer`` is False.
* rg2 "vijfenzeventig plussers die voor een partner zorgen": age >= 75, relation partner.
* rg3 "ouders en partners van mensen met psychiatrische aandoeningen": relation ouder or
  partner, and the zorgvrager has the aandoening "psy".
* rg4 "werkende mantelzorgers die zorg voor een partner of kind met een chronische ziekte
  of handicap": works, relation partner or ouder (caring for a child), and an aandoening
  marked ``langdurig`` (the six AWBZ doelgroepen).
* rg5 "allochtone mantelzorgers": only when recorded explicitly (``migration_background``);
  never guessed from a name or a language.
* rg6 "jonge mantelzorgers": younger than 25 (the source gives no age; 25 is the usual
  Dutch bound).

Further flags (``aandachtspunten``): "intensief" (more than 8 hours a week for more than 3
months: "mensen die langdurig en intensief zorg verlenen"), "beleefd" (self-rated
belasting 7 or more out of 10), "signalen" (recorded signals such as oververmoeidheid) and
"dementie" (zorgvrager with psychogeriatrische problematiek; a risk group of the
doelgroepbenadering). All numbers come from ``[grenswaarden]`` in mantelzorg.toml.

``relation`` is the role of the mantelzorger towards the zorgvrager, as in the list of
seed 004 ("partner, ouder, kind, kleinkind, familie, vriend"): "ouder" cares for a child,
"kind" for a parent. Unknown values are ``None``; a rule that needs a missing value and is
not already decided by the known ones is reported in ``undetermined`` with what to fill in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date

from desktop.errors import UserError
from desktop.instruments import SourceRef
from desktop.mantelzorg.instrument import MantelzorgInstrument, Term, load_mantelzorg

RISICOGROEP = "risicogroep"
AANDACHTSPUNT = "aandachtspunt"

MAX_AGE = 120
HOURS_IN_WEEK = 168


@dataclass(frozen=True)
class CareSituation:
    """What is known about one mantelzorger caring for one zorgvrager; None = unknown."""

    carer_age: int | None = None
    relation: str | None = None  # key of mantelzorg.toml [[relaties]]
    care_receiver_age: int | None = None
    living_together: bool | None = None
    hours_per_week: float | None = None
    care_since: date | None = None
    informal_helpers: int | None = None  # other mantelzorgers and vrijwilligers
    professional_helpers: int | None = None
    central_carer: bool | None = None  # None: taken as the central one
    works: bool | None = None  # paid work
    studies: bool | None = None  # school or study
    conditions: frozenset[str] | None = None  # keys of [[aandoeningen]]; None: unknown
    migration_background: bool | None = None  # only when the mantelzorger tells it
    self_rated_burden: int | None = None  # 0 (niet belast) .. 10 (zwaar overbelast)
    signals: frozenset[str] = frozenset()  # keys of [[signalen]] observed

    def __post_init__(self) -> None:
        for name in ("conditions", "signals"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        for value, who in (
            (self.carer_age, "mantelzorger"),
            (self.care_receiver_age, "zorgvrager"),
        ):
            if value is not None and not 0 <= value <= MAX_AGE:
                raise UserError(f"De leeftijd van de {who} moet tussen 0 en {MAX_AGE} jaar liggen.")
        if self.hours_per_week is not None and not 0 <= self.hours_per_week <= HOURS_IN_WEEK:
            raise UserError("Het aantal uren zorg per week moet tussen 0 en 168 liggen.")
        for value in (self.informal_helpers, self.professional_helpers):
            if value is not None and value < 0:
                raise UserError("Het aantal andere helpers kan niet negatief zijn.")
        if self.self_rated_burden is not None and not 0 <= self.self_rated_burden <= 10:
            raise UserError("De ervaren belasting is een cijfer van 0 tot en met 10.")


@dataclass(frozen=True)
class RiskFlag:
    key: str  # rg1..rg6, or an aandachtspunt key
    kind: str  # RISICOGROEP or AANDACHTSPUNT
    label: str  # verbatim name from mantelzorg.toml
    reason: str  # Dutch: the facts the flag rests on
    source: SourceRef | None


@dataclass(frozen=True)
class Undetermined:
    key: str
    kind: str
    label: str
    missing: str  # Dutch: what to fill in to decide


@dataclass(frozen=True)
class RiskAssessment:
    flags: tuple[RiskFlag, ...]
    undetermined: tuple[Undetermined, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.flags)

    @property
    def risk_groups(self) -> tuple[RiskFlag, ...]:
        return tuple(f for f in self.flags if f.kind == RISICOGROEP)

    def has(self, key: str) -> bool:
        return any(f.key == key for f in self.flags)

    def flag(self, key: str) -> RiskFlag:
        for flag in self.flags:
            if flag.key == key:
                return flag
        raise KeyError(key)

    def is_undetermined(self, key: str) -> bool:
        return any(u.key == key for u in self.undetermined)


_Outcome = str | None  # a reason (flag set), None (not set); _Missing for undetermined


@dataclass(frozen=True)
class _Missing:
    text: str


def _hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _months(n: int) -> str:
    return f"{n} maand" if n == 1 else f"{n} maanden"


def _duration(months: int) -> str:
    if months < 24:
        return _months(months)
    years, rest = divmod(months, 12)
    return f"{years} jaar" + (f" en {_months(rest)}" if rest else "")


def _months_between(start: date, end: date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


class _Rules:
    """The rules, each returning a reason, None, or _Missing."""

    def __init__(
        self, situation: CareSituation, instrument: MantelzorgInstrument, today: date
    ) -> None:
        self.s = situation
        self.i = instrument
        self.t = instrument.thresholds
        self.today = today
        self._check_vocabulary()

    def _check_vocabulary(self) -> None:
        s, i = self.s, self.i
        if s.relation is not None and s.relation not in {r.key for r in i.relations}:
            raise UserError(f"Onbekende relatie '{s.relation}'.")
        for key in s.conditions or ():
            if key not in {c.key for c in i.conditions}:
                raise UserError(f"Onbekende aandoening '{key}'.")
        for key in s.signals:
            if key not in {c.key for c in i.signals}:
                raise UserError(f"Onbekend signaal van overbelasting '{key}'.")
        if s.care_since is not None and s.care_since > self.today:
            raise UserError("De zorg kan niet in de toekomst begonnen zijn.")

    # -- the six risk groups

    def rg1(self) -> _Outcome | _Missing:
        s = self.s
        if s.central_carer is False:
            return None
        known = [n for n in (s.informal_helpers, s.professional_helpers) if n is not None]
        if sum(known) > 1:
            return None
        if len(known) < 2:
            return _Missing("Vul in hoeveel andere helpers er zijn, informeel en professioneel.")
        total = sum(known)
        reason = (
            "Er zijn geen andere helpers naast deze mantelzorger."
            if total == 0
            else "Er is maar één andere helper naast deze mantelzorger."
        )
        if s.living_together:
            reason += " De mantelzorger woont samen met de zorgvrager."
        return reason

    def rg2(self) -> _Outcome | _Missing:
        s, limit = self.s, self.t.old_from_age
        if s.relation is not None and s.relation != "partner":
            return None
        if s.carer_age is not None and s.carer_age < limit:
            return None
        if s.relation is None or s.carer_age is None:
            return _Missing(
                "Vul de leeftijd van de mantelzorger en de relatie met de zorgvrager in."
            )
        reason = f"De mantelzorger is {s.carer_age} jaar en zorgt voor de partner"
        if s.care_receiver_age is not None:
            reason += f" ({s.care_receiver_age} jaar)"
        return reason + "."

    def rg3(self) -> _Outcome | _Missing:
        s = self.s
        if s.relation is not None and s.relation not in ("ouder", "partner"):
            return None
        if s.conditions is not None and "psy" not in s.conditions:
            return None
        if s.relation is None or s.conditions is None:
            return _Missing("Vul de relatie met de zorgvrager en de aard van de aandoening in.")
        if s.relation == "partner":
            return "De mantelzorger zorgt voor de partner, die een psychiatrische stoornis heeft."
        return "De mantelzorger zorgt als ouder voor een kind met een psychiatrische stoornis."

    def rg4(self) -> _Outcome | _Missing:
        s = self.s
        lasting = {c.key for c in self.i.conditions if c.long_lasting}
        if s.works is False:
            return None
        if s.relation is not None and s.relation not in ("partner", "ouder"):
            return None
        if s.conditions is not None and not (s.conditions & lasting):
            return None
        if s.works is None or s.relation is None or s.conditions is None:
            return _Missing(
                "Vul in of de mantelzorger werkt, de relatie met de zorgvrager en de aard "
                "van de aandoening."
            )
        whom = "de partner" if s.relation == "partner" else "een kind"
        names = ", ".join(self.i.condition(c).text for c in sorted(s.conditions & lasting))
        return (
            f"De mantelzorger werkt en zorgt voor {whom} met een chronische ziekte of "
            f"handicap ({names})."
        )

    def rg5(self) -> _Outcome | _Missing:
        if self.s.migration_background is None:
            return _Missing(
                "Alleen vast te leggen als de mantelzorger zelf vertelt een "
                "migratieachtergrond te hebben."
            )
        if not self.s.migration_background:
            return None
        return "De mantelzorger heeft zelf verteld een migratieachtergrond te hebben."

    def rg6(self) -> _Outcome | _Missing:
        s, limit = self.s, self.t.young_below_age
        if s.carer_age is None:
            return _Missing("Vul de leeftijd van de mantelzorger in.")
        if s.carer_age >= limit:
            return None
        reason = f"De mantelzorger is {s.carer_age} jaar (jonge mantelzorgers: jonger dan {limit})"
        if s.studies:
            reason += " en gaat naar school of studeert"
        return reason + "."

    # -- further flags

    def intensief(self) -> _Outcome | _Missing:
        s, t = self.s, self.t
        months = _months_between(s.care_since, self.today) if s.care_since else None
        if s.hours_per_week is not None and s.hours_per_week <= t.intensive_above_hours:
            return None
        if months is not None and months <= t.long_above_months:
            return None
        if s.hours_per_week is None or months is None:
            return _Missing("Vul het aantal uren zorg per week en de startdatum van de zorg in.")
        return (
            f"De mantelzorger zorgt {_hours(s.hours_per_week)} uur per week, al "
            f"{_duration(months)}."
        )

    def beleefd(self) -> _Outcome | _Missing:
        burden = self.s.self_rated_burden
        if burden is None:
            return _Missing(
                "Vraag de mantelzorger de eigen belasting een cijfer van 0 tot 10 te geven."
            )
        if burden < self.t.burden_from:
            return None
        return (
            f"De mantelzorger geeft de eigen belasting een {burden} (0 = niet, 10 = zwaar belast)."
        )

    def signalen(self) -> _Outcome | _Missing:
        if not self.s.signals:
            return None
        names = [sig.text for sig in self.i.signals if sig.key in self.s.signals]
        return "Signalen van overbelasting: " + ", ".join(names) + "."

    def dementie(self) -> _Outcome | _Missing:
        if self.s.conditions is None:
            return _Missing("Vul de aard van de aandoening van de zorgvrager in.")
        if "pg" not in self.s.conditions:
            return None
        return "De zorgvrager heeft psychogeriatrische problematiek, zoals dementie."


_RISK_RULES = ("rg1", "rg2", "rg3", "rg4", "rg5", "rg6")
_ATTENTION_RULES = ("intensief", "beleefd", "signalen", "dementie")


def assess(
    situation: CareSituation,
    *,
    today: date | None = None,
    instrument: MantelzorgInstrument | None = None,
) -> RiskAssessment:
    """Flags of overbelasting for ``situation``; ``today`` dates the duration of care."""
    instrument = instrument or load_mantelzorg()
    rules = _Rules(situation, instrument, today or date.today())
    flags: list[RiskFlag] = []
    undetermined: list[Undetermined] = []
    plan: list[tuple[str, str, Callable[[str], Term]]] = [
        (key, RISICOGROEP, instrument.risk_group) for key in _RISK_RULES
    ] + [(key, AANDACHTSPUNT, instrument.attention_point) for key in _ATTENTION_RULES]
    for key, kind, lookup in plan:
        term = lookup(key)
        outcome = getattr(rules, key)()
        if isinstance(outcome, _Missing):
            undetermined.append(Undetermined(key, kind, term.text, outcome.text))
        elif outcome is not None:
            flags.append(RiskFlag(key, kind, term.text, outcome, term.source))
    return RiskAssessment(tuple(flags), tuple(undetermined))


def effective_keys(
    assessment: RiskAssessment, overrides: Mapping[str, bool] | None = None
) -> frozenset[str]:
    """Flag keys after the officer's decisions: True confirms or adds, False removes."""
    keys = set(assessment.keys)
    for key, value in (overrides or {}).items():
        if value:
            keys.add(key)
        else:
            keys.discard(key)
    return frozenset(keys)


RISK_GROUP_KEYS: Collection[str] = _RISK_RULES
ATTENTION_KEYS: Collection[str] = _ATTENTION_RULES
