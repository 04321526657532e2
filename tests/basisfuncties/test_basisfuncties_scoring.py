"""Scores, comparison between metingen and the witte-vlekken matrix."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.basisfuncties.instrument import (
    STATUS_KEYS,
    BasisfunctiesInstrument,
    load_basisfuncties,
    parse_basisfuncties,
)
from desktop.basisfuncties.scoring import (
    CellState,
    Change,
    MetingData,
    compare,
    gap_matrix,
    score_function,
    score_meting,
)
from desktop.errors import UserError
from desktop.paths import resource_path

GEBORGD, AANWEZIG, ONTW, NIET, NVT, ONBEKEND = STATUS_KEYS


def raw() -> dict[str, Any]:
    with resource_path("instruments", "basisfuncties.toml").open("rb") as handle:
        return tomllib.load(handle)


@pytest.fixture(scope="module")
def v1() -> BasisfunctiesInstrument:
    return load_basisfuncties()


# --------------------------------------------------------------------------- hand-checked


def test_function_score_by_hand(v1: BasisfunctiesInstrument) -> None:
    # mz4 has three items: geborgd (1) + in ontwikkeling (0.25); n.v.t. does not count.
    statuses = {"mz4.01": GEBORGD, "mz4.02": ONTW, "mz4.03": NVT}
    score = score_function(v1, "mz4", statuses)
    assert (score.items, score.applicable, score.not_applicable) == (3, 2, 1)
    assert score.points == pytest.approx(1.25)
    assert score.score == pytest.approx(0.625)
    assert score.in_place == 1
    assert score.in_place_share == pytest.approx(0.5)
    assert score.counts == {GEBORGD: 1, ONTW: 1, NVT: 1}


def test_unanswered_items_count_as_onbekend(v1: BasisfunctiesInstrument) -> None:
    # vw4 has four items: aanwezig, aanwezig, niet aanwezig, and one without a status.
    statuses = {"vw4.01": AANWEZIG, "vw4.02": AANWEZIG, "vw4.03": NIET}
    score = score_function(v1, "vw4", statuses)
    assert score.applicable == 4
    assert score.score == pytest.approx(1.5 / 4)
    assert (score.unknown, score.unanswered) == (1, 1)
    assert score.in_place_share == pytest.approx(0.5)


def test_onbekend_counts_as_applicable_but_not_in_place(v1: BasisfunctiesInstrument) -> None:
    statuses = {"mz4.01": GEBORGD, "mz4.02": ONBEKEND, "mz4.03": ONBEKEND}
    score = score_function(v1, "mz4", statuses)
    assert score.applicable == 3
    assert score.score == pytest.approx(1 / 3)
    assert score.unknown == 2
    assert score.unanswered == 0


def test_all_not_applicable_function_has_no_score(v1: BasisfunctiesInstrument) -> None:
    statuses = {item.key: NVT for item in v1.function("vw5").items}
    score = score_function(v1, "vw5", statuses)
    assert score.applicable == 0
    assert score.score is None
    assert score.in_place_share is None


def test_meting_scores_by_hand(v1: BasisfunctiesInstrument) -> None:
    statuses = {
        "vw4.01": AANWEZIG,
        "vw4.02": AANWEZIG,
        "vw4.03": NIET,
        **{item.key: NVT for item in v1.function("vw5").items},
        "mz4.01": GEBORGD,
        "mz4.02": ONTW,
        "mz4.03": NVT,
    }
    result = score_meting(v1, statuses, selected={"vw4", "vw5", "mz4"})
    assert list(result.functions) == ["vw4", "vw5", "mz4"]
    vw = result.domains["vrijwilligerswerk"]
    assert vw.function_keys == ("vw4", "vw5")
    assert vw.scored == 1  # vw5 is all n.v.t.: left out, no division by zero
    assert vw.score == pytest.approx(0.375)
    assert result.domains["mantelzorg"].score == pytest.approx(0.625)
    assert result.score == pytest.approx(0.5)  # each domain weighs the same
    assert result.version == "2008.1"


def test_each_function_weighs_the_same_in_its_domain(v1: BasisfunctiesInstrument) -> None:
    # mz6 (23 items) fully in place, mz4 (3 items) not at all: the domain is 0.5, not 23/26.
    statuses = {i.key: GEBORGD for i in v1.function("mz6").items}
    statuses |= {i.key: NIET for i in v1.function("mz4").items}
    result = score_meting(v1, statuses, selected=["mz4", "mz6"])
    assert result.domains["mantelzorg"].score == pytest.approx(0.5)
    assert result.domains["vrijwilligerswerk"].score is None
    assert result.score == pytest.approx(0.5)  # only mantelzorg has a score


def test_empty_meting_scores_zero_and_everything_nvt_scores_none(
    v1: BasisfunctiesInstrument,
) -> None:
    empty = score_meting(v1, {})
    assert all(s.score == 0 for s in empty.functions.values())
    assert empty.score == 0
    nvt = score_meting(v1, {item.key: NVT for item in v1.items()})
    assert all(s.score is None for s in nvt.functions.values())
    assert all(d.score is None for d in nvt.domains.values())
    assert nvt.score is None


def test_unknown_status_is_a_user_error(v1: BasisfunctiesInstrument) -> None:
    with pytest.raises(UserError, match="Onbekende status 'misschien' bij activiteit vw1.01"):
        score_meting(v1, {"vw1.01": "misschien"})


def test_unknown_selected_function_is_a_user_error(v1: BasisfunctiesInstrument) -> None:
    with pytest.raises(UserError, match="vw9"):
        score_meting(v1, {}, selected={"vw9"})


def test_statuses_of_items_from_another_edition_are_ignored(v1: BasisfunctiesInstrument) -> None:
    assert score_meting(v1, {"vw1.99": GEBORGD}).score == 0


# --------------------------------------------------------------------------- comparison


def edition_two() -> BasisfunctiesInstrument:
    """A later edition: vw1.04 dropped, vw1.08 added, vw1.01 reworded, aanwezig 0.8."""
    data = copy.deepcopy(raw())
    data["versie"] = "2026.1"
    vw1 = data["functies"][0]
    vw1["items"] = [i for i in vw1["items"] if i["key"] != "vw1.04"]
    vw1["items"][0]["tekst"] = "Duiden van autonome ontwikkelingen"
    vw1["items"].append(
        {
            "key": "vw1.08",
            "tekst": "Nieuwe activiteit",
            "afgeleid": False,
            "bron": "004_a1b5e4b93066bbbc.txt regel 90",
        }
    )
    next(s for s in data["statussen"] if s["key"] == AANWEZIG)["gewicht"] = 0.8
    return parse_basisfuncties(data, "basisfuncties-2026.1.toml")


def test_compare_same_meting_is_all_same(v1: BasisfunctiesInstrument) -> None:
    meting = MetingData(v1, {"vw1.01": AANWEZIG, "mz4.01": NVT})
    result = compare(meting, meting)
    assert result.same_version
    assert all(f.change is Change.SAME for f in result.functions)
    assert all(i.change is Change.SAME for i in result.items)
    assert result.total.delta == 0


def test_compare_per_function_and_item(v1: BasisfunctiesInstrument) -> None:
    before = MetingData(v1, {"vw4.01": NIET, "vw4.02": AANWEZIG, "vw4.03": NIET, "vw4.04": NVT})
    after = MetingData(v1, {"vw4.01": AANWEZIG, "vw4.02": ONTW, "vw4.03": ONBEKEND, "vw4.04": NIET})
    result = compare(before, after)
    vw4 = result.function("vw4")
    assert vw4.previous is not None and vw4.current is not None
    assert vw4.previous.score == pytest.approx(0.75 / 3)
    assert vw4.current.score == pytest.approx(1.0 / 4)
    assert vw4.change is Change.SAME  # 0.25 both times
    changes = {i.item_key: i.change for i in vw4.items}
    assert changes == {
        "vw4.01": Change.BETTER,
        "vw4.02": Change.WORSE,
        "vw4.03": Change.CHANGED,  # same weight, different status
        "vw4.04": Change.CHANGED,  # from n.v.t.
    }
    assert result.function("vw1").change is Change.SAME  # both 0: nothing answered
    assert result.item("vw4.01").previous_status == NIET


def test_compare_across_instrument_versions(v1: BasisfunctiesInstrument) -> None:
    v2 = edition_two()
    before = MetingData(v1, {"vw1.01": NIET, "vw1.02": AANWEZIG, "vw1.04": GEBORGD})
    after = MetingData(v2, {"vw1.01": AANWEZIG, "vw1.02": AANWEZIG, "vw1.08": GEBORGD})
    result = compare(before, after)
    assert (result.previous_version, result.current_version) == ("2008.1", "2026.1")
    assert not result.same_version
    assert [i.item_key for i in result.removed_items] == ["vw1.04"]
    assert result.item("vw1.04").previous_status == GEBORGD
    assert [i.item_key for i in result.added_items] == ["vw1.08"]
    assert result.item("vw1.08").current_status == GEBORGD
    assert result.item("vw1.01").change is Change.BETTER
    assert result.item("vw1.01").text_changed
    assert result.item("vw1.01").text == "Duiden van autonome ontwikkelingen"
    assert result.item("vw1.02").change is Change.SAME  # same status, even if its weight changed
    vw1 = result.function("vw1")
    assert vw1.previous is not None and vw1.current is not None
    # Each side is scored with its own edition: 7 items before, 7 after.
    assert vw1.previous.score == pytest.approx((0.75 + 1.0) / 7)
    assert vw1.current.score == pytest.approx((0.8 + 0.8 + 1.0) / 7)
    assert vw1.change is Change.BETTER
    assert vw1.score.delta == pytest.approx(2.6 / 7 - 1.75 / 7)


def test_compare_functions_chosen_in_one_meting_only(v1: BasisfunctiesInstrument) -> None:
    before = MetingData(v1, {"vw1.01": GEBORGD}, selected=frozenset({"vw1", "vw2"}))
    after = MetingData(v1, {"mz1.01": GEBORGD}, selected={"vw2", "mz1"})
    result = compare(before, after)
    assert [f.function_key for f in result.functions] == ["vw2", "mz1", "vw1"]
    assert result.function("mz1").change is Change.ADDED
    assert result.function("mz1").previous is None
    assert result.function("vw1").change is Change.REMOVED
    assert all(i.change is Change.ADDED for i in result.function("mz1").items)
    assert all(i.change is Change.REMOVED for i in result.function("vw1").items)
    domains = {d.key: d for d in result.domains}
    assert domains["mantelzorg"].previous is None
    assert domains["mantelzorg"].change is Change.CHANGED


def test_compare_rejects_unknown_statuses(v1: BasisfunctiesInstrument) -> None:
    with pytest.raises(UserError):
        compare(MetingData(v1, {"vw1.01": "ja"}), MetingData(v1, {}))


# --------------------------------------------------------------------------- witte vlekken


def test_gap_matrix_from_a_small_sociale_kaart(v1: BasisfunctiesInstrument) -> None:
    wijken = {1: "Centrum", 2: "Noord", 3: "Buitengebied"}
    kaart = [  # organisation, basisfuncties of its aanbod, wijken it serves
        ("Steunpunt Mantelzorg", {"mz1", "mz2", "mz3"}, {1, 2, 3}),
        ("Alzheimer Café Centrum", {"mz3"}, {1}),
        ("Zorgboerderij De Hoeve", {"mz6"}, {3}),
        ("Vrijwilligerscentrale", {"vw2"}, {1, 2}),
        ("Stichting Welzijn", {"vw2"}, {1}),
    ]
    coverage: dict[tuple[str, int], list[str]] = {}
    for name, functions, served in kaart:
        for function in functions:
            for wijk in served:
                coverage.setdefault((function, wijk), []).append(name)
    coverage[("mz6", 99)] = ["Ergens anders"]  # a wijk that is not asked for: ignored
    functions = [v1.function("vw2"), "mz1", "mz3", "mz6", "mz7"]
    matrix = gap_matrix(functions, list(wijken), coverage, not_chosen={"mz7"})
    assert matrix.function_keys == ("vw2", "mz1", "mz3", "mz6", "mz7")
    assert matrix.wijk_ids == (1, 2, 3)
    cell = matrix.cell("vw2", 1)
    assert cell.organisations == ("Stichting Welzijn", "Vrijwilligerscentrale")
    assert (cell.state, cell.count) == (CellState.SEVERAL_PROVIDERS, 2)
    assert matrix.cell("vw2", 2).state is CellState.ONE_PROVIDER
    assert matrix.cell("vw2", 3).state is CellState.NO_OFFER
    assert matrix.cell("vw2", 3).organisations == ()
    assert matrix.cell("mz3", 1).count == 2
    assert matrix.cell("mz6", 3).organisations == ("Zorgboerderij De Hoeve",)
    assert matrix.cell("mz7", 1).state is CellState.NOT_CHOSEN
    assert str(CellState.NO_OFFER) == "geen aanbod"
    assert [(c.function_key, c.wijk_id) for c in matrix.gaps()] == [
        ("vw2", 3),
        ("mz6", 1),
        ("mz6", 2),
    ]
    assert matrix.gap_count("mz6") == 2
    assert matrix.uncovered_functions() == ()
    assert [c.wijk_id for c in matrix.row("mz1")] == [1, 2, 3]
    assert [c.function_key for c in matrix.column(2)] == list(matrix.function_keys)


def test_gap_matrix_deduplicates_and_sorts_names() -> None:
    coverage = {("mz1", 1): ["Één Loket", "aanbieder", " Één Loket ", "", "Zorg"]}
    matrix = gap_matrix(["mz1", "mz2"], [1], coverage)
    assert matrix.cell("mz1", 1).organisations == ("aanbieder", "Één Loket", "Zorg")
    assert matrix.uncovered_functions() == ("mz2",)


def test_gap_matrix_without_wijken_has_no_cells() -> None:
    matrix = gap_matrix(["mz1"], [], {})
    assert matrix.gaps() == ()
    assert matrix.uncovered_functions() == ()


# --------------------------------------------------------------------------- properties

ITEM_KEYS = [i.key for i in load_basisfuncties().items()]
statuses_strategy = st.dictionaries(
    st.sampled_from(ITEM_KEYS), st.sampled_from(STATUS_KEYS), max_size=len(ITEM_KEYS)
)


def _in_range(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 1.0


@settings(max_examples=200, deadline=None)
@given(
    statuses=statuses_strategy,
    selected=st.none() | st.sets(st.sampled_from(["vw1", "vw5", "mz4", "mz6"])),
)
def test_scores_stay_between_zero_and_one(
    statuses: dict[str, str], selected: set[str] | None
) -> None:
    result = score_meting(load_basisfuncties(), statuses, selected)
    for score in result.functions.values():
        assert _in_range(score.score) and _in_range(score.in_place_share)
        assert (score.score is None) == (score.applicable == 0)
        assert score.applicable + score.not_applicable == score.items
        assert score.unknown >= score.unanswered
    assert all(_in_range(d.score) for d in result.domains.values())
    assert _in_range(result.score)


weights_strategy = st.lists(
    st.floats(min_value=0.0, max_value=1.0, allow_nan=False), min_size=5, max_size=5
)


@settings(max_examples=100, deadline=None)
@given(weights=weights_strategy, statuses=statuses_strategy)
def test_scores_stay_between_zero_and_one_for_any_weights(
    weights: list[float], statuses: dict[str, str]
) -> None:
    data = raw()
    counting = [s for s in data["statussen"] if s["telt_mee"]]
    for status, weight in zip(counting, weights, strict=True):
        status["gewicht"] = weight
    result = score_meting(parse_basisfuncties(data), statuses)
    assert all(_in_range(s.score) for s in result.functions.values())
    assert all(_in_range(d.score) for d in result.domains.values())
    assert _in_range(result.score)


@settings(max_examples=100, deadline=None)
@given(before=statuses_strategy, after=statuses_strategy)
def test_comparison_is_consistent_with_the_scores(
    before: dict[str, str], after: dict[str, str]
) -> None:
    instrument = load_basisfuncties()
    result = compare(MetingData(instrument, before), MetingData(instrument, after))
    assert len(result.items) == len(ITEM_KEYS)
    assert not result.added_items and not result.removed_items
    for function in result.functions:
        delta = function.score.delta
        if function.change is Change.BETTER:
            assert delta is not None and delta > 0
        elif function.change is Change.WORSE:
            assert delta is not None and delta < 0
    back = compare(MetingData(instrument, after), MetingData(instrument, before))
    flipped = {Change.BETTER: Change.WORSE, Change.WORSE: Change.BETTER}
    for there, here in zip(result.items, back.items, strict=True):
        assert flipped.get(there.change, there.change) == here.change
