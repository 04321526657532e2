"""Scoring of the typetest: boundaries, all 2^14 answer patterns, group analysis."""

from __future__ import annotations

import itertools

import pytest

from desktop.errors import UserError
from desktop.typetest.scoring import (
    JSON_KEYS,
    QuestionSplit,
    TypetestResult,
    disagreement,
    format_answers,
    is_complete,
    score,
    score_partial,
    shift,
    type_spread,
)

EVEN = (2, 4, 6, 8, 10, 12, 14)
ODD = (1, 3, 5, 7, 9, 11, 13)
NAMES = {
    "I": "De ambitie voorbij",
    "II": "Een behouden koers",
    "III": "Op hoop van zegen",
    "IV": "De leunstoel",
}


def answers_with(even_a: int, odd_a: int, *, from_end: bool = False) -> dict[int, str]:
    """Answers with exactly ``even_a`` a's on the even and ``odd_a`` on the odd questions."""
    even = EVEN[::-1] if from_end else EVEN
    odd = ODD[::-1] if from_end else ODD
    answers = {n: "b" for n in range(1, 15)}
    for n in even[:even_a] + odd[:odd_a]:
        answers[n] = "a"
    return answers


# The scorekaart of bijlage 2, written down independently of the implementation:
# rows (even questions) 7..4 x a = "Smal beleid", 3..0 = "Breed beleid"; columns (odd
# questions) 0..3 x a = "regie op afstand", 4..7 = "gemeente als dirigent";
# Smal row: Type III (op afstand), Type I (dirigent); Breed row: Type IV, Type II.
GRID = {("Smal beleid", "op afstand"): "III", ("Smal beleid", "dirigent"): "I"}
GRID |= {("Breed beleid", "op afstand"): "IV", ("Breed beleid", "dirigent"): "II"}


@pytest.mark.parametrize(
    ("even_a", "odd_a", "expected"),
    [
        (4, 4, "I"),
        (4, 3, "III"),
        (3, 4, "II"),
        (3, 3, "IV"),
        (7, 7, "I"),
        (7, 0, "III"),
        (0, 7, "II"),
        (0, 0, "IV"),
        (4, 7, "I"),
        (7, 4, "I"),
        (3, 0, "IV"),
        (0, 3, "IV"),
    ],
)
@pytest.mark.parametrize("from_end", [False, True])
def test_boundaries(even_a: int, odd_a: int, expected: str, from_end: bool) -> None:
    result = score(answers_with(even_a, odd_a, from_end=from_end))
    assert (result.even_a, result.odd_a) == (even_a, odd_a)
    assert result.type == expected
    assert result.naam == NAMES[expected]
    assert result.beleid == ("smal" if even_a >= 4 else "breed")
    assert result.regie == ("dirigent" if odd_a >= 4 else "op afstand")


def test_all_answer_patterns_match_the_scorekaart() -> None:
    even_mask = sum(1 << (n - 1) for n in EVEN)
    odd_mask = sum(1 << (n - 1) for n in ODD)
    assert even_mask | odd_mask == (1 << 14) - 1
    seen = set()
    for pattern in range(1 << 14):
        answers = {n: "a" if pattern >> (n - 1) & 1 else "b" for n in range(1, 15)}
        even_a = (pattern & even_mask).bit_count()
        odd_a = (pattern & odd_mask).bit_count()
        row = "Smal beleid" if 2 * even_a > 7 else "Breed beleid"  # majority of 7
        column = "dirigent" if 2 * odd_a > 7 else "op afstand"
        expected = GRID[(row, column)]
        result = score(answers)
        assert (result.even_a, result.odd_a, result.type, result.naam) == (
            even_a,
            odd_a,
            expected,
            NAMES[expected],
        ), format_answers(answers)
        seen.add((even_a, odd_a))
    assert len(seen) == 64  # every cell of the 8x8 scorekaart is reachable


def test_letters_are_case_insensitive() -> None:
    upper = {n: v.upper() for n, v in answers_with(5, 2).items()}
    assert score(upper) == score(answers_with(5, 2))


def test_to_json_dict_has_exactly_the_contract_keys() -> None:
    result = score(answers_with(2, 6))
    data = result.to_json_dict()
    assert tuple(data) == JSON_KEYS == ("even_a", "odd_a", "beleid", "regie", "type", "naam")
    assert data == {
        "even_a": 2,
        "odd_a": 6,
        "beleid": "breed",
        "regie": "dirigent",
        "type": "II",
        "naam": "Een behouden koers",
    }


def test_gemeentetype_gives_the_description() -> None:
    gemeentetype = score(answers_with(0, 0)).gemeentetype()
    assert gemeentetype.code == "IV"
    assert gemeentetype.titel == "DE LEUNSTOEL"
    assert gemeentetype.beschrijving.startswith("Uw gemeente houdt haar rol en taak graag")


def test_near_boundary() -> None:
    assert score(answers_with(3, 0)).near_boundary
    assert score(answers_with(0, 4)).near_boundary
    assert not score(answers_with(2, 5)).near_boundary


def test_incomplete_answers_give_no_result() -> None:
    answers = answers_with(4, 4)
    del answers[7]
    del answers[12]
    assert score_partial(answers) is None
    assert not is_complete(answers)
    with pytest.raises(UserError, match="vraag 7 en 12"):
        score(answers)
    assert score_partial({}) is None


@pytest.mark.parametrize(
    "answers",
    [
        {**answers_with(1, 1), 15: "a"},
        {**answers_with(1, 1), 0: "a"},
        {**answers_with(1, 1), 3: "c"},
        {**answers_with(1, 1), 3: ""},
        {**answers_with(1, 1), 3: None},
        {**answers_with(1, 1), "3": "a"},
    ],
)
def test_invalid_answers_are_user_errors(answers: dict) -> None:
    with pytest.raises(UserError):
        score(answers)
    with pytest.raises(UserError):
        score_partial(answers)


def test_format_answers() -> None:
    answers = answers_with(7, 0)
    del answers[1]
    assert format_answers(answers) == "-ababababababa"
    assert format_answers({1: "A", 14: "b"}) == "a------------b"


# --------------------------------------------------------------------------- group analysis


def respondent(letters: str) -> dict[int, str]:
    return {n: letter for n, letter in enumerate(letters, start=1) if letter in "ab"}


def test_disagreement_orders_by_split_nearest_to_half() -> None:
    sets = [
        respondent("aaaaaaaaaaaaaa"),
        respondent("aabbaaaaaaaaaa"),
        respondent("aaabbaaaaaaaaa"),
        respondent("abbbbbaaaaaaaa"),
        respondent("ab-bbbbbbbbbbb"),  # incomplete: left out
    ]
    splits = disagreement(sets)
    # q3 and q5 split 2-2; q2, q4 and q6 split 3-1; the rest is unanimous.
    assert [s.nummer for s in splits[:5]] == [3, 5, 2, 4, 6]
    assert splits[0] == QuestionSplit(3, 2, 2)
    assert splits[1] == QuestionSplit(5, 2, 2)
    assert splits[3] == QuestionSplit(4, 1, 3)
    assert all(s.total == 4 for s in splits)
    assert sorted(s.nummer for s in splits) == list(range(1, 15))
    imbalances = [s.imbalance for s in splits]
    assert imbalances == sorted(imbalances)
    # Unanimous questions come last, in question order.
    assert [s.nummer for s in splits[5:]] == [1, 7, 8, 9, 10, 11, 12, 13, 14]
    assert splits[-1] == QuestionSplit(14, 4, 0)


def test_disagreement_without_complete_respondents() -> None:
    assert disagreement([]) == []
    assert disagreement([respondent("abab")]) == []


def test_question_split_properties() -> None:
    split = QuestionSplit(4, 3, 1)
    assert split.total == 4
    assert split.share_a == 0.75
    assert split.imbalance == 0.5


def test_type_spread_always_lists_four_types() -> None:
    results = [score(answers_with(e, o)) for e, o in [(7, 7), (6, 5), (0, 0), (5, 1)]]
    assert type_spread(results) == {"I": 2, "II": 0, "III": 1, "IV": 1}
    assert list(type_spread([])) == ["I", "II", "III", "IV"]


def test_shift_between_two_rondes() -> None:
    before = [score(answers_with(e, o)) for e, o in [(2, 2), (3, 1), (1, 3)]]
    after = [score(answers_with(e, o)) for e, o in [(5, 4), (4, 4)]]
    change = shift(before, after)
    assert (change.previous_count, change.current_count) == (3, 2)
    assert change.previous_mean_even_a == 2.0
    assert change.current_mean_even_a == 4.5
    assert change.delta_even_a == 2.5
    assert change.delta_odd_a == pytest.approx(4.0 - 2.0)
    assert change.previous_spread == {"I": 0, "II": 0, "III": 0, "IV": 3}
    assert change.spread_delta == {"I": 2, "II": 0, "III": 0, "IV": -3}


def test_shift_with_an_empty_ronde() -> None:
    change = shift([], [score(answers_with(0, 0))])
    assert change.previous_mean_odd_a is None
    assert change.delta_even_a is None
    assert change.spread_delta["IV"] == 1


def test_result_is_frozen() -> None:
    result = score(answers_with(1, 1))
    assert isinstance(result, TypetestResult)
    with pytest.raises(AttributeError):
        result.type = "I"  # type: ignore[misc]


def test_every_combination_of_two_axes_has_its_own_type() -> None:
    types = {score(answers_with(e, o)).type for e, o in itertools.product((0, 7), repeat=2)}
    assert types == {"I", "II", "III", "IV"}
