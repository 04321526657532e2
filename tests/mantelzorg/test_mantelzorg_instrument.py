"""Vraaggebieden, mantelzorg reference and prestatievelden: loading, validation and
proofreading against the seeds (skipped when ../shared/seeds is absent)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from typing import Any

import pytest

from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.instruments import InstrumentError, SourceRef
from desktop.mantelzorg.instrument import (
    Term,
    load_mantelzorg,
    load_prestatievelden,
    load_vraaggebieden,
    parse_mantelzorg,
    parse_prestatievelden,
    parse_vraaggebieden,
)
from desktop.paths import bundle_root, resource_path

SEEDS = bundle_root().parent / "shared" / "seeds"


def raw(name: str) -> dict[str, Any]:
    with resource_path("instruments", f"{name}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def seed_lines(name: str) -> tuple[str, ...]:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found in {SEEDS}")
    return tuple(path.read_text(encoding="utf-8").splitlines())


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.replace("*", "").split())


def assert_verbatim(text: str, source: SourceRef) -> None:
    lines = seed_lines(source.seed)
    hay = normalise("\n".join(lines[source.first - 1 : source.last]))
    assert normalise(text) in hay, f"{text!r} is not verbatim at {source}"


def assert_term(term: Term) -> None:
    if term.own:
        return
    assert term.source is not None
    assert_verbatim(term.quote if term.derived else term.text, term.source)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- vraaggebieden


def test_nine_vraaggebieden_with_their_example_questions() -> None:
    instrument = load_vraaggebieden()
    assert [a.key for a in instrument.areas] == [f"vg{n}" for n in range(1, 10)]
    assert [a.name for a in instrument.areas] == [
        "Omgaan met de zieke en de ziekte(beelden)",
        "Combineren van mantelzorg en werk",
        "Omgaan met veranderingen in relatie en rollen",
        "Ontspannen en tijd voor jezelf scheppen",
        "Uitvoeren van zorgtaken",
        "Regelen en afstemmen van zorg en ondersteuning",
        "Samenwerken met beroepsmatige en vrijwillige zorg",
        "Financiële situatie",
        "Materiële voorzieningen",
    ]
    assert [len(a.questions) for a in instrument.areas] == [5, 6, 5, 9, 8, 5, 5, 5, 5]
    assert instrument.question("vg4.04").text == (
        "Hoe vind en regel ik goede vervangende mantelzorg/respijtzorg?"
    )
    assert instrument.area("vg8").questions[1].area_key == "vg8"
    assert instrument.version == "2008.1"


def test_suggested_basisfuncties_exist() -> None:
    basisfuncties = load_basisfuncties()
    for area in load_vraaggebieden().areas:
        assert area.suggested_functions
        for key in area.suggested_functions:
            assert basisfuncties.function(key).domain == "mantelzorg"


def test_vraaggebieden_are_verbatim_and_complete() -> None:
    instrument = load_vraaggebieden()
    assert_verbatim(instrument.intro, instrument.source)
    for area in instrument.areas:
        assert_verbatim(f"{area.number}. {area.name}", area.source)
        for question in area.questions:
            assert_verbatim(question.text, question.source)
    # Count the table of the seed: numbered headings and the bullets under them.
    first, last = instrument.source.first, instrument.source.last
    lines = [normalise(line) for line in seed_lines(instrument.source.seed)[first - 1 : last]]
    headings = [line for line in lines if re.match(r"^\d\. ", line)]
    bullets = [line.lstrip("· ").strip() for line in lines if line.startswith("·")]
    assert len(headings) == 9
    assert len(bullets) == 53
    assert bullets == [q.text for a in instrument.areas for q in a.questions]


def test_vraaggebieden_validation() -> None:
    data = raw("vraaggebieden")
    data["vraaggebieden"].pop()
    with pytest.raises(InstrumentError, match="1 tot en met 9"):
        parse_vraaggebieden(data)
    data = raw("vraaggebieden")
    data["vraaggebieden"][0]["vragen"][1]["key"] = "vg1.01"
    with pytest.raises(InstrumentError, match="twee keer"):
        parse_vraaggebieden(data)
    data = raw("vraaggebieden")
    data["vraaggebieden"][0]["suggestie_basisfuncties"]["eigen_tekst"] = False
    with pytest.raises(InstrumentError, match="eigen_tekst"):
        parse_vraaggebieden(data)


# --------------------------------------------------------------------------- mantelzorg


def test_mantelzorg_reference_content() -> None:
    m = load_mantelzorg()
    assert m.definition.startswith("Mantelzorg is de extra zorg")
    assert len(m.elements) == 4
    assert [r.key for r in m.relations][:6] == [
        "partner",
        "ouder",
        "kind",
        "kleinkind",
        "familie",
        "vriend",
    ]
    assert [t.key for t in m.relations if t.own] == ["buur", "anders"]
    assert len(m.load_factors) == 7
    assert [g.text for g in m.risk_groups] == [
        "centrale mantelzorgers zonder meerdere andere helpers",
        "vijfenzeventig plussers die voor een partner zorgen",
        "ouders en partners van mensen met psychiatrische aandoeningen",
        "werkende mantelzorgers die zorg voor een partner of kind met een chronische ziekte of handicap",
        "allochtone mantelzorgers",
        "jonge mantelzorgers",
    ]
    assert [s.key for s in m.signals] == ["oververmoeidheid", "depressie", "gezondheidsklachten"]
    assert [c.key for c in m.conditions if c.long_lasting] == ["som", "pg", "psy", "vg", "lg", "zg"]
    assert len(m.care_forms) == 7
    assert len(m.reasons_no_question) == 4
    assert m.thresholds.old_from_age == 75
    assert m.thresholds.young_below_age == 25


def test_mantelzorg_texts_are_verbatim() -> None:
    m = load_mantelzorg()
    assert_verbatim(m.definition, m.definition_source)
    assert_verbatim(m.definition_variant.text, m.definition_variant.source)  # type: ignore[arg-type]
    for group in (
        m.elements,
        m.relations,
        m.care_forms,
        m.load_factors,
        m.risk_groups,
        m.target_groups,
        m.signals,
        m.reasons_no_question,
        m.conditions,
        m.attention_points,
    ):
        for term in group:
            assert_term(term)
    for text in (m.load_indicator, m.load_principle, m.risk_intro, m.signals_intro):
        assert_verbatim(text, m.source)
    assert_verbatim(m.why_no_question, m.source)


def test_mantelzorg_validation() -> None:
    data = raw("mantelzorg")
    data["risicogroepen"].pop()
    with pytest.raises(InstrumentError, match="rg1 tot en met rg6"):
        parse_mantelzorg(data)
    data = raw("mantelzorg")
    data["relaties"] = [r for r in data["relaties"] if r["key"] != "kleinkind"]
    with pytest.raises(InstrumentError, match="kleinkind"):
        parse_mantelzorg(data)
    data = raw("mantelzorg")
    data["grenswaarden"]["jong_tot"] = 90
    with pytest.raises(InstrumentError, match="leeftijdsgrenzen"):
        parse_mantelzorg(data)
    data = raw("mantelzorg")
    data["signalen"][0]["eigen_tekst"] = True
    with pytest.raises(InstrumentError, match="eigen_tekst"):
        parse_mantelzorg(data)


# --------------------------------------------------------------------------- prestatievelden


def test_nine_prestatievelden() -> None:
    p = load_prestatievelden()
    assert [f.key for f in p.fields] == [f"pv{n}" for n in range(1, 10)]
    pv4 = p.field("pv4")
    assert pv4.short == "Het ondersteunen van mantelzorgers en vrijwilligers."
    assert pv4.official.startswith("Het ondersteunen van mantelzorgers daar onder begrepen")
    assert pv4.label == "Mantelzorgers en vrijwilligers"
    assert p.field("pv9").official == "Het bevorderen van verslavingsbeleid."


def test_prestatievelden_are_verbatim() -> None:
    p = load_prestatievelden()
    assert_verbatim(p.intro, p.source)
    for field in p.fields:
        assert_verbatim(field.official, field.official_source)
        assert_verbatim(field.short, field.short_source)
        for paragraph in field.explanation:
            assert_verbatim(paragraph, field.explanation_source)


def test_prestatievelden_validation() -> None:
    data = raw("prestatievelden")
    data["prestatievelden"][3]["key"] = "pv5"
    with pytest.raises(InstrumentError, match="pv4"):
        parse_prestatievelden(data)
