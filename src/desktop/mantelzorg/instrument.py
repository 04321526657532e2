"""Load and validate the mantelzorg reference instruments.

* ``vraaggebieden.toml``: the nine vraaggebieden mantelzorg with their example questions
  (seed 004), the prompts of the keukentafelgesprek.
* ``mantelzorg.toml``: the omschrijving of mantelzorg, draaglast/draagkracht factors, the
  six risk groups of overbelasting, signals, relaties, aandoeningen and the thresholds of
  the risk rules in ``desktop.mantelzorg.risk``.
* ``prestatievelden.toml``: the nine Wmo prestatievelden (seed 000, bijlage 1).

Texts are verbatim from the seeds and name their lines in ``bron``; texts we wrote
ourselves are marked ``eigen_tekst``. Loaders are cached and take an optional ``versie``
(an archived edition, see ``desktop.basisfuncties.instrument.read_instrument``); the
``parse_*`` functions take already-parsed TOML data.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from desktop.instruments import (
    InstrumentError,
    SourceRef,
    TomlTable,
    check_header,
    read_instrument,
    unique,
)

AREA_COUNT = 9
RISK_GROUP_COUNT = 6
PRESTATIEVELD_COUNT = 9
SOURCE_RELATIONS = ("partner", "ouder", "kind", "kleinkind", "familie", "vriend")

_T = TypeVar("_T", bound="Term")


@dataclass(frozen=True)
class Term:
    """One entry of a reference list: verbatim from a source, derived from it, or our own."""

    key: str
    text: str
    source: SourceRef | None  # None for our own text
    derived: bool = False  # from running text; ``quote`` holds the exact source words
    quote: str | None = None

    @property
    def own(self) -> bool:
        return self.source is None


def parse_term(t: TomlTable) -> Term:
    key = t.key()
    text = t.text("tekst")
    if t.flag("eigen_tekst", False):
        if t.has("bron"):
            t.fail(t.path, "heeft eigen_tekst = true en toch een bron")
        return Term(key, text, None)
    derived = t.flag("afgeleid", False)
    quote = t.optional_text("citaat")
    if derived != (quote is not None):
        t.fail(t.path, "heeft een citaat als en alleen als afgeleid = true")
    return Term(key, text, t.source(), derived, quote)


def _terms(owner: TomlTable, key: str) -> tuple[Term, ...]:
    terms = tuple(parse_term(t) for t in owner.tables(key))
    unique(owner, owner.where(key), [term.key for term in terms])
    return terms


# --------------------------------------------------------------------------- vraaggebieden


@dataclass(frozen=True)
class Vraag:
    key: str
    area_key: str
    text: str
    source: SourceRef


@dataclass(frozen=True)
class Vraaggebied:
    key: str
    number: int
    name: str
    source: SourceRef
    questions: tuple[Vraag, ...]
    suggested_functions: tuple[str, ...]  # basisfunctie keys; our own reading


@dataclass(frozen=True)
class VraaggebiedenInstrument:
    version: str
    title: str
    intro: str
    source: SourceRef
    areas: tuple[Vraaggebied, ...]

    def area(self, key: str) -> Vraaggebied:
        for area in self.areas:
            if area.key == key:
                return area
        raise KeyError(key)

    def question(self, key: str) -> Vraag:
        for area in self.areas:
            for question in area.questions:
                if question.key == key:
                    return question
        raise KeyError(key)


def parse_vraaggebieden(
    data: Mapping[str, Any], file: str = "vraaggebieden.toml"
) -> VraaggebiedenInstrument:
    root = TomlTable(data, "", file)
    version, title, source = check_header(root, "vraaggebieden")
    areas = []
    for t in root.tables("vraaggebieden"):
        key, number = t.key(), t.integer("nummer")
        if key != f"vg{number}":
            t.fail(t.where("key"), f"moet vg{number} zijn")
        suggestion = t.table("suggestie_basisfuncties")
        if not suggestion.flag("eigen_tekst", False):
            suggestion.fail(suggestion.path, "moet eigen_tekst = true hebben")
        functions = suggestion.data.get("keys")
        if not isinstance(functions, list) or not all(
            isinstance(f, str) and f.startswith("mz") for f in functions
        ):
            suggestion.fail(suggestion.where("keys"), "is geen lijst met basisfuncties mantelzorg")
        questions = []
        for q in t.tables("vragen"):
            q_key = q.text("key")
            if not q_key.startswith(f"{key}.") or not q_key.partition(".")[2].isdigit():
                q.fail(q.where("key"), f"moet de vorm {key}.NN hebben")
            questions.append(Vraag(q_key, key, q.text("tekst"), q.source()))
        areas.append(
            Vraaggebied(
                key=key,
                number=number,
                name=t.text("naam"),
                source=t.source(),
                questions=tuple(questions),
                suggested_functions=tuple(functions),
            )
        )
    if [a.number for a in areas] != list(range(1, AREA_COUNT + 1)):
        root.fail("vraaggebieden", f"moeten de {AREA_COUNT} gebieden 1 tot en met 9 zijn")
    unique(root, "vraaggebieden.vragen", [q.key for a in areas for q in a.questions])
    return VraaggebiedenInstrument(
        version=version,
        title=title,
        intro=root.text("inleiding"),
        source=source,
        areas=tuple(areas),
    )


@functools.lru_cache(maxsize=4)
def load_vraaggebieden(version: str | None = None) -> VraaggebiedenInstrument:
    data, file = read_instrument("vraaggebieden", version)
    return parse_vraaggebieden(data, file)


# --------------------------------------------------------------------------- mantelzorg


@dataclass(frozen=True)
class Condition(Term):
    """A category of aandoening or beperking of the zorgvrager."""

    long_lasting: bool = False  # counts as "een chronische ziekte of handicap" (rg4)


@dataclass(frozen=True)
class Thresholds:
    """Numbers of the risk rules; see ``[grenswaarden]`` in mantelzorg.toml."""

    old_from_age: int  # "vijfenzeventig plussers"
    young_below_age: int  # jonge mantelzorgers
    intensive_above_hours: float  # hours a week
    long_above_months: int
    burden_from: int  # self-rated belasting on 0..10
    help: str


@dataclass(frozen=True)
class MantelzorgInstrument:
    version: str
    title: str
    source: SourceRef
    definition: str
    definition_source: SourceRef
    definition_intro: str
    elements: tuple[Term, ...]
    definition_variant: Term  # the differently worded glossary definition of seed 003
    relations: tuple[Term, ...]  # role of the mantelzorger towards the zorgvrager
    care_forms: tuple[Term, ...]
    load_indicator: str
    load_principle: str
    load_factors: tuple[Term, ...]  # draaglast/draagkracht factors
    risk_intro: str
    risk_groups: tuple[Term, ...]  # rg1..rg6
    target_groups: tuple[Term, ...]  # risk groups of the doelgroepbenadering
    signals_intro: str
    why_no_question: str
    signals: tuple[Term, ...]
    reasons_no_question: tuple[Term, ...]
    conditions: tuple[Condition, ...]
    attention_points: tuple[Term, ...]  # flags besides the six risk groups
    thresholds: Thresholds

    def risk_group(self, key: str) -> Term:
        return _find(self.risk_groups, key)

    def attention_point(self, key: str) -> Term:
        return _find(self.attention_points, key)

    def relation(self, key: str) -> Term:
        return _find(self.relations, key)

    def relation_phrase(self, key: str) -> str:
        """The relation with its direction, e.g. "ouder van de zorgvrager": the source's
        bare words ("ouder", "kind") read both ways."""
        return f"{self.relation(key).text} van de zorgvrager"

    def condition(self, key: str) -> Condition:
        return _find(self.conditions, key)

    def signal(self, key: str) -> Term:
        return _find(self.signals, key)


def _find(terms: tuple[_T, ...], key: str) -> _T:
    for term in terms:
        if term.key == key:
            return term
    raise KeyError(key)


def parse_mantelzorg(
    data: Mapping[str, Any], file: str = "mantelzorg.toml"
) -> MantelzorgInstrument:
    root = TomlTable(data, "", file)
    version, title, source = check_header(root, "mantelzorg")
    omschrijving = root.table("omschrijving")
    variant = omschrijving.table("variant")
    load = root.table("draaglast_draagkracht")
    risk = root.table("risico")
    signalering = root.table("signalering")
    risk_groups = _terms(root, "risicogroepen")
    if [g.key for g in risk_groups] != [f"rg{n}" for n in range(1, RISK_GROUP_COUNT + 1)]:
        root.fail("risicogroepen", "moeten rg1 tot en met rg6 zijn")
    relations = _terms(root, "relaties")
    missing = [r for r in SOURCE_RELATIONS if r not in {t.key for t in relations}]
    if missing:
        root.fail("relaties", f"missen {', '.join(missing)}")
    conditions = tuple(
        Condition(**vars(parse_term(t)), long_lasting=t.flag("langdurig"))
        for t in root.tables("aandoeningen")
    )
    unique(root, "aandoeningen", [c.key for c in conditions])
    attention = _terms(root, "aandachtspunten")
    for key in ("intensief", "beleefd", "signalen", "dementie"):
        if key not in {t.key for t in attention}:
            root.fail("aandachtspunten", f"missen {key}")
    return MantelzorgInstrument(
        version=version,
        title=title,
        source=source,
        definition=omschrijving.text("definitie"),
        definition_source=omschrijving.source("definitie_bron"),
        definition_intro=omschrijving.text("inleiding"),
        elements=_terms(omschrijving, "elementen"),
        definition_variant=Term("variant", variant.text("tekst"), variant.source()),
        relations=relations,
        care_forms=_terms(root, "zorgvormen"),
        load_indicator=load.text("indicator"),
        load_principle=load.text("uitgangspunt"),
        load_factors=_terms(load, "factoren"),
        risk_intro=risk.text("inleiding"),
        risk_groups=risk_groups,
        target_groups=_terms(root, "doelgroepen"),
        signals_intro=signalering.text("inleiding"),
        why_no_question=signalering.text("waarom_geen_vraag"),
        signals=_terms(root, "signalen"),
        reasons_no_question=_terms(root, "redenen_geen_hulpvraag"),
        conditions=conditions,
        attention_points=attention,
        thresholds=_parse_thresholds(root.table("grenswaarden")),
    )


def _parse_thresholds(t: TomlTable) -> Thresholds:
    thresholds = Thresholds(
        old_from_age=t.integer("oud_vanaf"),
        young_below_age=t.integer("jong_tot"),
        intensive_above_hours=t.number("intensief_meer_dan_uren"),
        long_above_months=t.integer("langdurig_meer_dan_maanden"),
        burden_from=t.integer("beleefde_belasting_vanaf"),
        help=t.own_text("uitleg"),
    )
    if not 0 < thresholds.young_below_age < thresholds.old_from_age < 130:
        t.fail(t.path, "heeft onmogelijke leeftijdsgrenzen")
    if not 0 <= thresholds.intensive_above_hours < 168 or thresholds.long_above_months < 0:
        t.fail(t.path, "heeft onmogelijke grenzen voor uren of maanden")
    if not 0 <= thresholds.burden_from <= 10:
        t.fail(t.where("beleefde_belasting_vanaf"), "moet tussen 0 en 10 liggen")
    return thresholds


@functools.lru_cache(maxsize=4)
def load_mantelzorg(version: str | None = None) -> MantelzorgInstrument:
    data, file = read_instrument("mantelzorg", version)
    return parse_mantelzorg(data, file)


# --------------------------------------------------------------------------- prestatievelden


@dataclass(frozen=True)
class Prestatieveld:
    key: str
    number: int
    official: str  # wording of the list in bijlage 1
    official_source: SourceRef
    short: str  # wording of the schema "prestatievelden en relatie met vrijwillige inzet"
    short_source: SourceRef
    label: str  # our own very short name
    explanation: tuple[str, ...]
    explanation_source: SourceRef


@dataclass(frozen=True)
class PrestatieveldenInstrument:
    version: str
    title: str
    intro: str
    source: SourceRef
    fields: tuple[Prestatieveld, ...]

    def field(self, key: str) -> Prestatieveld:
        for item in self.fields:
            if item.key == key:
                return item
        raise KeyError(key)


def parse_prestatievelden(
    data: Mapping[str, Any], file: str = "prestatievelden.toml"
) -> PrestatieveldenInstrument:
    root = TomlTable(data, "", file)
    version, title, source = check_header(root, "prestatievelden")
    fields = []
    for t in root.tables("prestatievelden"):
        key, number = t.key(), t.integer("nummer")
        if key != f"pv{number}":
            t.fail(t.where("key"), f"moet pv{number} zijn")
        fields.append(
            Prestatieveld(
                key=key,
                number=number,
                official=t.text("officieel"),
                official_source=t.source("officieel_bron"),
                short=t.text("kort"),
                short_source=t.source("kort_bron"),
                label=t.own_text("label"),
                explanation=t.texts("toelichting"),
                explanation_source=t.source("toelichting_bron"),
            )
        )
    if [f.number for f in fields] != list(range(1, PRESTATIEVELD_COUNT + 1)):
        root.fail("prestatievelden", "moeten de 9 velden 1 tot en met 9 zijn")
    return PrestatieveldenInstrument(
        version=version,
        title=title,
        intro=root.text("inleiding"),
        source=source,
        fields=tuple(fields),
    )


@functools.lru_cache(maxsize=4)
def load_prestatievelden(version: str | None = None) -> PrestatieveldenInstrument:
    data, file = read_instrument("prestatievelden", version)
    return parse_prestatievelden(data, file)


__all__ = [
    "Condition",
    "InstrumentError",
    "MantelzorgInstrument",
    "Prestatieveld",
    "PrestatieveldenInstrument",
    "Term",
    "Thresholds",
    "Vraag",
    "Vraaggebied",
    "VraaggebiedenInstrument",
    "load_mantelzorg",
    "load_prestatievelden",
    "load_vraaggebieden",
    "parse_mantelzorg",
    "parse_prestatievelden",
    "parse_vraaggebieden",
]
