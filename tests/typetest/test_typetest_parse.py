"""parse_answers: valid input in any case and spacing is accepted, anything else is a
UserError with a Dutch message (never another exception)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.typetest.scoring import parse_answers

WHITESPACE = " \t\n\r\u00a0\u2003"
letters_14 = st.lists(st.sampled_from("aAbB"), min_size=14, max_size=14)
separators = st.text(alphabet=WHITESPACE, max_size=3)


@given(letters=letters_14, gaps=st.lists(separators, min_size=15, max_size=15))
def test_valid_answers_are_accepted(letters: list[str], gaps: list[str]) -> None:
    text = gaps[0] + "".join(letter + gap for letter, gap in zip(letters, gaps[1:], strict=True))
    assert parse_answers(text) == {n: letter.lower() for n, letter in enumerate(letters, 1)}


@given(st.text())
def test_arbitrary_text_is_parsed_or_a_user_error(text: str) -> None:
    valid = all(c in "aAbB" or c.isspace() for c in text) and sum(c in "aAbB" for c in text) == 14
    try:
        result = parse_answers(text)
    except UserError as exc:
        assert not valid
        assert str(exc)
    else:
        assert valid
        assert set(result) == set(range(1, 15))
        assert set(result.values()) <= {"a", "b"}


bad_chars = st.characters().filter(lambda c: c not in "aAbB" and not c.isspace())


@given(letters=letters_14, bad=bad_chars, where=st.integers(min_value=0, max_value=14))
def test_one_invalid_character_is_reported_with_its_position(
    letters: list[str], bad: str, where: int
) -> None:
    text = "".join(letters[:where]) + bad + "".join(letters[where:])
    with pytest.raises(UserError, match=f"Ongeldig teken .* op positie {where + 1}:"):
        parse_answers(text)


@given(count=st.integers(min_value=1, max_value=40).filter(lambda n: n != 14), data=st.data())
def test_wrong_number_of_letters_says_how_many(count: int, data: st.DataObject) -> None:
    text = "".join(data.draw(st.lists(st.sampled_from("ab"), min_size=count, max_size=count)))
    found = "1 antwoord" if count == 1 else f"{count} antwoorden"
    with pytest.raises(UserError, match=f"Er zijn {found} gevonden.*14 vragen"):
        parse_answers(text)


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_input(text: str) -> None:
    with pytest.raises(UserError, match="Geen antwoorden gevonden"):
        parse_answers(text)


def test_examples() -> None:
    assert parse_answers("AABBABABABABAB")[3] == "b"
    assert parse_answers("aabb abab abab ab") == parse_answers("AABBABABABABAB")
    with pytest.raises(UserError, match="Ongeldig teken '1' op positie 1"):
        parse_answers("1abababababababa")
    with pytest.raises(UserError, match="Er staan 2 ongeldige tekens"):
        parse_answers("a,b,ababababababab")
    with pytest.raises(UserError, match=r"U\+0000"):
        parse_answers("ababababababab\x00")
