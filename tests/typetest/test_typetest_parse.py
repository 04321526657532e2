"""parse_answers: what a group types or pastes is read as the handreiking means it, or
refused with a Dutch message that says what is wrong and where (never another exception).

Accepted: 14 letters a/b in any case, one per question, with spaces, commas, semicolons,
full stops, slashes or bars between them; or numbered answers ("1a 2b", "1: a, 2: b") in
any order. Refused: other characters (with their position), 13 or 15 letters, digits in
place of letters (the form uses a and b), open questions ("-", "?", "_"), numbered answers
with a question missing, twice or outside 1-14.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.typetest.scoring import format_answers, parse_answers, score

WHITESPACE = " \t\n\r\u00a0\u2003"
SEPARATORS = WHITESPACE + ",;./|"
letters_14 = st.lists(st.sampled_from("aAbB"), min_size=14, max_size=14)
separators = st.text(alphabet=SEPARATORS, max_size=3)


def expected(letters: list[str]) -> dict[int, str]:
    return {n: letter.lower() for n, letter in enumerate(letters, 1)}


@given(letters=letters_14, gaps=st.lists(separators, min_size=15, max_size=15))
def test_valid_answers_are_accepted(letters: list[str], gaps: list[str]) -> None:
    text = gaps[0] + "".join(letter + gap for letter, gap in zip(letters, gaps[1:], strict=True))
    assert parse_answers(text) == expected(letters)


@given(
    letters=letters_14,
    order=st.permutations(list(range(1, 15))),
    marks=st.lists(st.sampled_from(["", ".", ":", ")", "="]), min_size=14, max_size=14),
    spaces=st.lists(st.sampled_from(["", " "]), min_size=14, max_size=14),
    joins=st.lists(st.sampled_from([" ", ", ", ";", "\n", " / "]), min_size=14, max_size=14),
)
def test_numbered_answers_in_any_order_are_accepted(
    letters: list[str], order: list[int], marks: list[str], spaces: list[str], joins: list[str]
) -> None:
    parts = [f"{n}{marks[i]}{spaces[i]}{letters[n - 1]}{joins[i]}" for i, n in enumerate(order)]
    assert parse_answers("".join(parts)) == expected(letters)


@given(st.text())
def test_arbitrary_text_is_parsed_or_a_user_error(text: str) -> None:
    try:
        result = parse_answers(text)
    except UserError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert list(result) == list(range(1, 15))
        assert set(result.values()) <= {"a", "b"}
        if not any(c.isdigit() for c in text):
            # letter mode: exactly the a/b letters of the text, in order, nothing else
            assert "".join(result.values()) == "".join(c for c in text.lower() if c in "ab")
            assert all(c in "aAbB" or c.isspace() or c in ",;./|" for c in text)


bad_chars = st.characters().filter(
    lambda c: c not in "aAbB-?_,;./|" and not c.isspace() and not c.isdigit()
)


@given(letters=letters_14, bad=bad_chars, where=st.integers(min_value=0, max_value=14))
def test_one_invalid_character_is_reported_with_its_position(
    letters: list[str], bad: str, where: int
) -> None:
    text = "".join(letters[:where]) + bad + "".join(letters[where:])
    with pytest.raises(UserError, match=f"Ongeldig teken .* op positie {where + 1}:"):
        parse_answers(text)


@given(count=st.integers(min_value=1, max_value=40).filter(lambda n: n != 14), data=st.data())
def test_wrong_number_of_letters_says_how_many(count: int, data: st.DataObject) -> None:
    text = " ".join(data.draw(st.lists(st.sampled_from("ab"), min_size=count, max_size=count)))
    found = "1 antwoord" if count == 1 else f"{count} antwoorden"
    with pytest.raises(UserError, match=f"Er zijn {found} gevonden.*14 vragen") as info:
        parse_answers(text)
    if count == 13:
        assert "er ontbreekt 1 antwoord" in str(info.value)
    if count == 15:
        assert "er is 1 antwoord te veel" in str(info.value)


@given(letters=letters_14, open_at=st.sets(st.integers(1, 14), min_size=1, max_size=3))
def test_open_questions_are_named(letters: list[str], open_at: set[int]) -> None:
    text = "".join("-" if n in open_at else letters[n - 1] for n in range(1, 15))
    with pytest.raises(UserError, match="niet beantwoord") as info:
        parse_answers(text)
    message = str(info.value)
    for n in open_at:
        assert f"{n}" in message.split("niet beantwoord")[0]


def test_an_exported_incomplete_row_names_the_open_question() -> None:
    answers = {n: "a" for n in range(1, 15) if n != 9}
    with pytest.raises(UserError, match=r"^Vraag 9 is niet beantwoord"):
        parse_answers(format_answers(answers))


@pytest.mark.parametrize("text", ["", "   ", "\n\t", ", ; ."])
def test_empty_input(text: str) -> None:
    with pytest.raises(UserError, match="Geen antwoorden gevonden"):
        parse_answers(text)


def test_examples() -> None:
    assert parse_answers("AABBABABABABAB")[3] == "b"
    assert parse_answers("aabb abab abab ab") == parse_answers("AABBABABABABAB")
    assert parse_answers("a, a, b, b, a, b, a, b, a, b, a, b, a, b") == parse_answers(
        "AABBABABABABAB"
    )
    assert parse_answers("a;a;b;b;a;b;a;b;a;b;a;b;a;b") == parse_answers("AABBABABABABAB")
    with pytest.raises(UserError, match="Ongeldig teken '1' op positie 1"):
        parse_answers("1abababababababa")
    with pytest.raises(UserError, match="Er staan 2 ongeldige tekens"):
        parse_answers("a+b+ababababababab")
    with pytest.raises(UserError, match=r"U\+0000"):
        parse_answers("ababababababab\x00")


def test_digits_1_and_2_are_the_grid_keys_for_a_and_b() -> None:
    """The grid and fill-in accept the keys 1 and 2; so does the CLI for a whole answer."""
    assert parse_answers("12121212121212") == parse_answers("abababababababab"[:14])
    assert parse_answers("1122 1212 1212 12") == parse_answers("AABBABABABABAB")
    assert parse_answers("1,1,2,2,1,2,1,2,1,2,1,2,1,2") == parse_answers("AABBABABABABAB")
    # numbered answers keep their meaning: the digits are question numbers
    numbered = "1a 2b 3a 4b 5a 6b 7a 8b 9a 10b 11a 12b 13a 14b"
    assert parse_answers(numbered) == parse_answers("abababababababab"[:14])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1212121212121", "Er zijn 13 cijfers gevonden"),
        ("121212121212121", "Er zijn 15 cijfers gevonden"),
        ("1", "Er is 1 cijfer gevonden"),
        ("12121212121213", "Ongeldig teken '3' op positie 14"),
        ("ab12ababababab", "Ongeldig teken '1' op positie 3.*hele antwoord uit 14 cijfers"),
    ],
)
def test_digit_answers_that_do_not_fit_are_refused(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_answers(text)


@given(st.lists(st.sampled_from("12"), min_size=14, max_size=14))
def test_any_fourteen_digits_score_as_their_letters(keys: list[str]) -> None:
    digits = "".join(keys)
    letters = digits.replace("1", "a").replace("2", "b")
    assert parse_answers(digits) == parse_answers(letters)


def test_numbered_answers() -> None:
    text = "1a 2b 3a 4b 5a 6b 7a 8b 9a 10b 11a 12b 13a 14b"
    assert parse_answers(text) == parse_answers("abababababababab"[:14])
    assert parse_answers(
        "1: A, 2: B, 3: A, 4: B, 5: A, 6: B, 7: A, 8: B, 9: A, 10: B, 11: A, 12: B, 13: A, 14: B"
    ) == parse_answers(text)
    with pytest.raises(UserError, match="ontbreekt: vraag 14"):
        parse_answers(text.rsplit(" ", 1)[0])
    with pytest.raises(UserError, match="Vraag 3 staat er twee keer in"):
        parse_answers(text + " 3b")
    with pytest.raises(UserError, match="Onbekende vraag 15"):
        parse_answers(text.replace("14b", "15b"))
    with pytest.raises(UserError, match="Vraag 5 is niet beantwoord"):
        parse_answers(text.replace("5a", "5-"))


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("a" * 14, "I"),
        ("b" * 14, "IV"),
        ("A A A A A A A A A A A A A A", "I"),
        ("b,b,b,b,b,b,b,b,b,b,b,b,b,b", "IV"),
        # even questions all a (smal), odd all b (op afstand)
        ("babababababab a", "III"),
        # even all b (breed), odd all a (dirigent)
        ("ab ab ab ab ab ab ab", "II"),
    ],
)
def test_parsed_patterns_score_by_the_scorekaart(text: str, code: str) -> None:
    assert score(parse_answers(text)).type == code
