"""Folding, name keys and formula neutralising."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.kaart.text import fold, neutralise_formula, normalise_name, restore_neutralised


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Cliënten", "clienten"),
        ("CAFÉ", "cafe"),
        ("  Huis   van\tde  Wijk ", "huis van de wijk"),
        ("IJsselmonde", "ijsselmonde"),
        ("Ĳsselmonde", "ijsselmonde"),
        ("Straße", "strasse"),
        ("Ærø", "aero"),
        ("café’s", "cafe's"),
        ("Buur–hulp", "buur-hulp"),
        ("ﬁets", "fiets"),
    ],
)
def test_fold(raw: str, expected: str) -> None:
    assert fold(raw) == expected


def test_fold_lets_a_search_without_accents_find_the_name() -> None:
    assert fold("cliente") in fold("Cliëntenraad Elkaar")
    assert fold("IJSSEL") == fold("ĳssel") == fold("Ijssel")
    assert fold("hobby") != fold("hobbij")  # y is not ij


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once
    assert once == once.strip()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Stichting De Zonnebloem", "Zonnebloem, de"),
        ("Zonnebloem", "ZONNEBLOEM"),
        ("Humanitas vereniging", "Vereniging Humanitas"),
        ("Buur & Co B.V.", "buur en co"),
        ("Zorg-coöperatie Hoogeloon U.A.", "zorg coöperatie hoogeloon"),
        ("Het Klokhuis", "Klokhuis"),
        ("'t Kruispunt", "Kruispunt"),
        ("Cliëntenraad", "clientenraad"),
        ("Welzijn v.o.f.", "Welzijn"),
    ],
)
def test_normalise_name_makes_look_alikes_equal(a: str, b: str) -> None:
    assert normalise_name(a) == normalise_name(b)


def test_normalise_name_keeps_what_distinguishes() -> None:
    assert normalise_name("Stichting Welzijn Oost") != normalise_name("Stichting Welzijn West")
    assert normalise_name("Stichting") == "stichting"  # nothing but a legal form
    assert normalise_name("De") == "de"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_normalise_name_is_idempotent(text: str) -> None:
    once = normalise_name(text)
    assert normalise_name(once) == once


@pytest.mark.parametrize(
    "dangerous",
    ["=SUM(A1)", "+31 6 12345678", "-2", "@cmd", "\t=1", "\r=1", "\n=1", "\0x", "  =1+1", " @x"],
)
def test_formula_is_neutralised(dangerous: str) -> None:
    safe = neutralise_formula(dangerous)
    assert safe == "'" + dangerous
    assert neutralise_formula(safe) == safe
    assert restore_neutralised(safe) == dangerous


@pytest.mark.parametrize("harmless", ["", "Stichting", "06 12345678", "a=b", "'quote", " tekst"])
def test_harmless_text_is_untouched(harmless: str) -> None:
    assert neutralise_formula(harmless) == harmless
    assert restore_neutralised(harmless) == harmless


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_neutralise_formula_properties(text: str) -> None:
    safe = neutralise_formula(text)
    assert neutralise_formula(safe) == safe
    assert not safe or safe[0] not in "=+-@\t\r\n\0"
    assert not safe.lstrip(" ") or safe.lstrip(" ")[0] not in "=+-@" or safe.startswith("'")
    if not (text.startswith("'") and neutralise_formula(text[1:]) != text[1:]):
        assert restore_neutralised(safe) == text
