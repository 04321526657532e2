"""Risk flags of overbelasting derived from a care situation."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.mantelzorg.instrument import load_mantelzorg
from desktop.mantelzorg.risk import (
    AANDACHTSPUNT,
    ATTENTION_KEYS,
    RISICOGROEP,
    RISK_GROUP_KEYS,
    CareSituation,
    assess,
    effective_keys,
)

TODAY = date(2026, 3, 1)


def flags(situation: CareSituation) -> set[str]:
    return set(assess(situation, today=TODAY).keys)


# A situation where nothing applies and nothing is missing.
CALM = CareSituation(
    carer_age=50,
    relation="kind",
    care_receiver_age=80,
    living_together=False,
    hours_per_week=4,
    care_since=date(2025, 1, 1),
    informal_helpers=2,
    professional_helpers=1,
    works=False,
    studies=False,
    conditions=frozenset({"lg"}),
    migration_background=False,
    self_rated_burden=3,
)


def test_calm_situation_has_no_flags_and_nothing_undetermined() -> None:
    result = assess(CALM, today=TODAY)
    assert result.flags == ()
    assert result.undetermined == ()


def test_rg2_seventy_five_plus_caring_for_a_partner() -> None:
    result = assess(
        CareSituation(carer_age=78, relation="partner", care_receiver_age=81), today=TODAY
    )
    flag = result.flag("rg2")
    assert flag.kind == RISICOGROEP
    assert flag.label == "vijfenzeventig plussers die voor een partner zorgen"
    assert flag.reason == "De mantelzorger is 78 jaar en zorgt voor de partner (81 jaar)."
    assert flag.source is not None and flag.source.first == 373
    assert "rg2" not in flags(CareSituation(carer_age=74, relation="partner"))
    assert "rg2" in flags(CareSituation(carer_age=75, relation="partner"))
    assert "rg2" not in flags(CareSituation(carer_age=80, relation="kind"))


def test_rg1_central_carer_without_several_other_helpers() -> None:
    alone = assess(
        CareSituation(informal_helpers=0, professional_helpers=0, living_together=True),
        today=TODAY,
    )
    assert alone.flag("rg1").reason == (
        "Er zijn geen andere helpers naast deze mantelzorger. "
        "De mantelzorger woont samen met de zorgvrager."
    )
    one = assess(CareSituation(informal_helpers=0, professional_helpers=1), today=TODAY)
    assert one.flag("rg1").reason == "Er is maar één andere helper naast deze mantelzorger."
    assert "rg1" not in flags(CareSituation(informal_helpers=1, professional_helpers=1))
    assert "rg1" not in flags(
        CareSituation(informal_helpers=0, professional_helpers=0, central_carer=False)
    )
    # Two informal helpers already decide it, even without the professional count.
    result = assess(CareSituation(informal_helpers=2), today=TODAY)
    assert not result.has("rg1") and not result.is_undetermined("rg1")
    assert assess(CareSituation(informal_helpers=1), today=TODAY).is_undetermined("rg1")


def test_rg3_parents_and_partners_of_people_with_psychiatric_conditions() -> None:
    parent = assess(CareSituation(relation="ouder", conditions={"psy"}), today=TODAY)
    assert parent.flag("rg3").reason == (
        "De mantelzorger zorgt als ouder voor een kind met een psychiatrische stoornis."
    )
    assert "rg3" in flags(CareSituation(relation="partner", conditions={"psy", "som"}))
    assert "rg3" not in flags(CareSituation(relation="kind", conditions={"psy"}))
    assert "rg3" not in flags(CareSituation(relation="ouder", conditions={"vg"}))


def test_rg4_working_carer_of_partner_or_child_with_chronic_condition() -> None:
    result = assess(
        CareSituation(works=True, relation="ouder", conditions={"vg", "anders"}), today=TODAY
    )
    assert result.flag("rg4").reason == (
        "De mantelzorger werkt en zorgt voor een kind met een chronische ziekte of handicap "
        "(mensen met een verstandelijke handicap (VG))."
    )
    assert "rg4" in flags(CareSituation(works=True, relation="partner", conditions={"som"}))
    assert "rg4" not in flags(CareSituation(works=False, relation="partner", conditions={"som"}))
    assert "rg4" not in flags(CareSituation(works=True, relation="kind", conditions={"som"}))
    assert "rg4" not in flags(CareSituation(works=True, relation="partner", conditions={"anders"}))
    assert "rg4" not in flags(CareSituation(studies=True, relation="partner", conditions={"som"}))


def test_rg5_only_when_recorded() -> None:
    assert "rg5" in flags(CareSituation(migration_background=True))
    assert "rg5" not in flags(CareSituation(migration_background=False))
    result = assess(CareSituation(), today=TODAY)
    assert result.is_undetermined("rg5")
    assert not result.has("rg5")


def test_rg6_young_carers() -> None:
    result = assess(CareSituation(carer_age=16, studies=True), today=TODAY)
    assert result.flag("rg6").reason == (
        "De mantelzorger is 16 jaar (jonge mantelzorgers: jonger dan 25) en gaat naar school "
        "of studeert."
    )
    assert "rg6" in flags(CareSituation(carer_age=24))
    assert "rg6" not in flags(CareSituation(carer_age=25))


def test_long_and_intensive_care() -> None:
    result = assess(CareSituation(hours_per_week=12.5, care_since=date(2024, 12, 15)), today=TODAY)
    flag = result.flag("intensief")
    assert flag.kind == AANDACHTSPUNT
    assert flag.reason == "De mantelzorger zorgt 12,5 uur per week, al 14 maanden."
    assert flag.label == "mensen die langdurig en intensief zorg verlenen"
    two_years = assess(CareSituation(hours_per_week=40, care_since=date(2023, 2, 1)), today=TODAY)
    assert two_years.flag("intensief").reason.endswith("al 3 jaar en 1 maand.")
    assert "intensief" not in flags(CareSituation(hours_per_week=8, care_since=date(2020, 1, 1)))
    # 3 months is not yet "longer than 3 months".
    assert "intensief" not in flags(CareSituation(hours_per_week=20, care_since=date(2025, 12, 1)))
    assert "intensief" in flags(CareSituation(hours_per_week=20, care_since=date(2025, 11, 1)))
    assert assess(CareSituation(hours_per_week=20), today=TODAY).is_undetermined("intensief")


def test_self_rated_burden_signals_and_dementia() -> None:
    result = assess(
        CareSituation(
            self_rated_burden=8,
            signals={"depressie", "oververmoeidheid"},
            conditions={"pg"},
        ),
        today=TODAY,
    )
    assert result.flag("beleefd").reason == (
        "De mantelzorger geeft de eigen belasting een 8 (0 = niet, 10 = zwaar belast)."
    )
    assert result.flag("signalen").reason == (
        "Signalen van overbelasting: oververmoeidheid, depressie."
    )
    assert result.flag("dementie").reason == (
        "De zorgvrager heeft psychogeriatrische problematiek, zoals dementie."
    )
    assert "beleefd" not in flags(CareSituation(self_rated_burden=6))
    assert "beleefd" in flags(CareSituation(self_rated_burden=7))


def test_flags_are_ordered_risk_groups_first() -> None:
    result = assess(
        CareSituation(
            carer_age=80,
            relation="partner",
            informal_helpers=0,
            professional_helpers=0,
            self_rated_burden=9,
        ),
        today=TODAY,
    )
    assert result.keys == ("rg1", "rg2", "beleefd")
    assert [f.key for f in result.risk_groups] == ["rg1", "rg2"]


def test_unknown_data_is_reported_as_undetermined_with_what_to_fill_in() -> None:
    result = assess(CareSituation(), today=TODAY)
    assert result.flags == ()
    undetermined = {u.key: u.missing for u in result.undetermined}
    assert set(undetermined) == set(RISK_GROUP_KEYS) | (set(ATTENTION_KEYS) - {"signalen"})
    assert undetermined["rg6"] == "Vul de leeftijd van de mantelzorger in."


def test_officer_can_confirm_and_override_flags() -> None:
    result = assess(CareSituation(carer_age=17), today=TODAY)
    assert effective_keys(result) == {"rg6"}
    assert effective_keys(result, {"rg6": False, "rg5": True}) == {"rg5"}


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        (dict(carer_age=-1), "leeftijd van de mantelzorger"),
        (dict(care_receiver_age=130), "leeftijd van de zorgvrager"),
        (dict(hours_per_week=169), "168"),
        (dict(hours_per_week=-2), "168"),
        (dict(informal_helpers=-1), "negatief"),
        (dict(self_rated_burden=11), "0 tot en met 10"),
    ],
)
def test_impossible_values_are_user_errors(situation: dict, message: str) -> None:
    with pytest.raises(UserError, match=message):
        CareSituation(**situation)


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        (CareSituation(relation="oom"), "relatie 'oom'"),
        (CareSituation(conditions={"griep"}), "aandoening 'griep'"),
        (CareSituation(signals={"moe"}), "signaal"),
        (CareSituation(care_since=date(2027, 1, 1)), "toekomst"),
    ],
)
def test_unknown_vocabulary_is_a_user_error(situation: CareSituation, message: str) -> None:
    with pytest.raises(UserError, match=message):
        assess(situation, today=TODAY)


def test_every_flag_names_a_source_group() -> None:
    instrument = load_mantelzorg()
    everything = CareSituation(
        carer_age=18,
        relation="partner",
        hours_per_week=60,
        care_since=date(2020, 1, 1),
        informal_helpers=0,
        professional_helpers=0,
        works=True,
        conditions={"psy", "pg"},
        migration_background=True,
        self_rated_burden=10,
        signals={"gezondheidsklachten"},
    )
    result = assess(everything, today=TODAY, instrument=instrument)
    assert set(result.keys) == set(RISK_GROUP_KEYS) - {"rg2"} | set(ATTENTION_KEYS)
    for flag in result.flags:
        assert flag.source is not None
        assert flag.reason.endswith(".")


relations = st.none() | st.sampled_from([r.key for r in load_mantelzorg().relations])
conditions = st.none() | st.frozensets(
    st.sampled_from([c.key for c in load_mantelzorg().conditions])
)


@settings(max_examples=200, deadline=None)
@given(
    carer_age=st.none() | st.integers(0, 120),
    relation=relations,
    hours=st.none() | st.floats(0, 168, allow_nan=False),
    since=st.none() | st.dates(date(1950, 1, 1), TODAY),
    informal=st.none() | st.integers(0, 10),
    professional=st.none() | st.integers(0, 10),
    works=st.none() | st.booleans(),
    conditions=conditions,
    burden=st.none() | st.integers(0, 10),
)
def test_every_rule_decides_or_says_what_is_missing(
    carer_age, relation, hours, since, informal, professional, works, conditions, burden
) -> None:  # type: ignore[no-untyped-def]
    situation = CareSituation(
        carer_age=carer_age,
        relation=relation,
        hours_per_week=hours,
        care_since=since,
        informal_helpers=informal,
        professional_helpers=professional,
        works=works,
        conditions=conditions,
        self_rated_burden=burden,
    )
    result = assess(situation, today=TODAY)
    flagged = set(result.keys)
    open_ = {u.key for u in result.undetermined}
    assert not flagged & open_
    assert len(result.keys) == len(flagged)
    assert all(f.reason for f in result.flags)
    assert all(u.missing for u in result.undetermined)
    if carer_age is not None:
        assert ("rg6" in flagged) == (carer_age < 25)
