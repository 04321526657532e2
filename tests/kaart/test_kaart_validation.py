"""Validation of Dutch contact data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.errors import UserError
from desktop.kaart.validation import (
    Huisnummer,
    ValidationError,
    normalise_email,
    normalise_huisnummer,
    normalise_phone,
    normalise_postcode,
    normalise_website,
    parse_huisnummer,
    phone_key,
    website_key,
)

Normaliser = Callable[[str], str]
NORMALISERS: list[Normaliser] = [
    normalise_postcode,
    normalise_huisnummer,
    normalise_phone,
    normalise_email,
    normalise_website,
]


def _rejects(func: Normaliser, value: str, field: str) -> str:
    with pytest.raises(ValidationError) as err:
        func(value)
    assert err.value.field == field
    assert isinstance(err.value, UserError)
    return str(err.value)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234ab", "1234 AB"),
        (" 1234 AB ", "1234 AB"),
        ("1234-ab", "1234 AB"),
        ("1234\u00a0ab", "1234 AB"),
        ("9999 ZZ", "9999 ZZ"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_postcode_normalised(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("0123 AB", "begint niet met 0"),
        ("1234 SA", "SA"),
        ("1234 sd", "SD"),
        ("1234 SS", "SS"),
        ("1234", "letters"),
        ("12345 AB", "postcode"),
        ("AB 1234", "postcode"),
        ("1234 ÄB", "postcode"),
    ],
)
def test_postcode_rejected(raw: str, word: str) -> None:
    assert word in _rejects(normalise_postcode, raw, "postcode")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", "12"),
        ("12a", "12a"),
        ("12 A", "12a"),
        ("12-2", "12-2"),
        ("12 bis", "12-bis"),
        ("12a-2", "12a-2"),
        ("12 hs", "12-hs"),
        ("12/3", "12-3"),
        ("12-II", "12-II"),
        ("nr. 7", "7"),
        ("99999", "99999"),
    ],
)
def test_huisnummer_normalised(raw: str, expected: str) -> None:
    assert normalise_huisnummer(raw) == expected


def test_huisnummer_parts() -> None:
    assert parse_huisnummer("12 A-3") == Huisnummer(12, "a", "3")
    assert parse_huisnummer(" ") is None
    assert str(Huisnummer(5, "", "bis")) == "5-bis"


@pytest.mark.parametrize("raw", ["0", "abc", "123456", "12 toevoeging", "12 #", "-5"])
def test_huisnummer_rejected(raw: str) -> None:
    assert "huisnummer" in _rejects(normalise_huisnummer, raw, "huisnummer").lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0612345678", "06 12345678"),
        ("06-12 34 56 78", "06 12345678"),
        ("+31 6 12345678", "06 12345678"),
        ("+31 (0)6 1234 5678", "06 12345678"),
        ("+31 06 12345678", "06 12345678"),
        ("0031 6 12345678", "06 12345678"),
        ("31612345678", "06 12345678"),
        ("612345678", "06 12345678"),  # leading zero lost in Excel
        ("010-1234567", "010 123 4567"),
        ("(020) 123 45 67", "020 123 4567"),
        ("088 123 4567", "088 123 4567"),
        ("0111 123456", "0111 123 456"),
        ("0800-1234", "0800 1234"),
        ("0800 0432", "0800 0432"),
        ("0900 1234567", "0900 123 4567"),
        ("0909-1234", "0909 1234"),
        ("14 020", "14 020"),
        ("14020", "14 020"),
        ("14 0111", "14 0111"),
        ("+32 2 123 45 67", "+3221234567"),
        ("0049 30 1234567", "+49301234567"),
        ("", ""),
    ],
)
def test_phone_normalised(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("06 1234", "tien cijfers"),
        ("061234567890", "tien cijfers"),
        ("0800 12345", "0800"),
        ("112", "Nederlands nummer"),
        ("tel: 010 1234567", "alleen cijfers"),
        ("010 123 4567 (ma-vr)", "alleen cijfers"),
        ("06 12345678 / 06 87654321", "tien cijfers"),
        ("+", "geen cijfers"),
        ("12+34", "telefoonnummer"),
    ],
)
def test_phone_rejected(raw: str, word: str) -> None:
    assert word in _rejects(normalise_phone, raw, "telefoon")


def test_phone_key_matches_variants() -> None:
    assert phone_key("+31 6 1234 5678") == phone_key("06-12345678") == "0612345678"
    assert phone_key("onzin") == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("info@voorbeeld.nl", "info@voorbeeld.nl"),
        ("Info@Voorbeeld.NL", "Info@voorbeeld.nl"),
        ("  mailto:jan.jansen+kaart@zorg-welzijn.nl ", "jan.jansen+kaart@zorg-welzijn.nl"),
        ("jan@café.nl", "jan@café.nl"),
        ("a@b.co.uk.", "a@b.co.uk"),
    ],
)
def test_email_normalised(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("info", "e-mailadres"),
        ("info@voorbeeld", "e-mailadres"),
        ("info@@voorbeeld.nl", "één"),
        ("a@b.nl; c@d.nl", "één"),
        ("jan jansen@voorbeeld.nl", "e-mailadres"),
        ("jan..jansen@voorbeeld.nl", "e-mailadres"),
        (".jan@voorbeeld.nl", "e-mailadres"),
        ("jan@-voorbeeld.nl", "e-mailadres"),
        ("jan@voorbeeld.123", "e-mailadres"),
        ("Jan <jan@voorbeeld.nl>", "e-mailadres"),
        ("x" * 190 + "@voorbeeld.nl", "e-mailadres"),
    ],
)
def test_email_rejected(raw: str, word: str) -> None:
    assert word in _rejects(normalise_email, raw, "email")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.voorbeeld.nl", "https://www.voorbeeld.nl"),
        ("voorbeeld.nl/", "https://voorbeeld.nl"),
        ("HTTP://WWW.Voorbeeld.NL/Pad?x=1", "http://www.voorbeeld.nl/Pad?x=1"),
        ("https://voorbeeld.nl:443/", "https://voorbeeld.nl"),
        ("voorbeeld.nl:8080/kaart", "https://voorbeeld.nl:8080/kaart"),
        ("//voorbeeld.nl", "https://voorbeeld.nl"),
        (
            "https://www.gemeente-elkaar.nl/zorg/#aanbod",
            "https://www.gemeente-elkaar.nl/zorg/#aanbod",
        ),
        ("café.nl", "https://café.nl"),
    ],
)
def test_website_normalised(raw: str, expected: str) -> None:
    assert normalise_website(raw) == expected


@pytest.mark.parametrize(
    ("raw", "word"),
    [
        ("javascript:alert(1)", "http of https"),
        ("ftp://voorbeeld.nl", "http of https"),
        ("mailto:info@voorbeeld.nl", "http of https"),
        ("www.zorg .nl", "webadres"),
        ("voorbeeld", "webadres"),
        ("https://", "webadres"),
        ("https://user:geheim@voorbeeld.nl", "webadres"),
        ("http://192.168.1.1", "webadres"),
        ("http://voorbeeld.nl:99999", "webadres"),
        ("zie website", "webadres"),
        ("<script>", "webadres"),
    ],
)
def test_website_rejected(raw: str, word: str) -> None:
    assert word in _rejects(normalise_website, raw, "website")


def test_website_key() -> None:
    assert website_key("https://www.voorbeeld.nl/") == website_key("voorbeeld.nl") == "voorbeeld.nl"
    assert website_key("http://voorbeeld.nl/kaart/") == "voorbeeld.nl/kaart"
    assert website_key("geen site") == ""


def test_long_input_is_rejected_politely() -> None:
    message = _rejects(normalise_email, "a" * 5000, "email")
    assert len(message) < 200


# --- properties ------------------------------------------------------------------

_SEPARATORS = st.sampled_from(["", " ", "-", ".", "  ", "/"])


@st.composite
def phone_like(draw: st.DrawFn) -> str:
    prefix = draw(st.sampled_from(["0", "+31", "0031", "+31 (0)", "", "+32", "00"]))
    digits = draw(st.text(alphabet="0123456789", min_size=0, max_size=13))
    sep = draw(_SEPARATORS)
    chunks = [digits[i : i + draw(st.integers(1, 4))] for i in range(0, len(digits), 3)]
    return prefix + sep.join(chunks)


@st.composite
def postcode_like(draw: st.DrawFn) -> str:
    if draw(st.booleans()):
        return draw(st.from_regex(r"\s?[0-9]{4}[ -]?[a-zA-Z]{2}\s?", fullmatch=True))
    digits = draw(st.text(alphabet="0123456789", min_size=3, max_size=5))
    letters = draw(st.text(alphabet="abcdsxyzABSDXZ", min_size=0, max_size=3))
    return digits + draw(_SEPARATORS) + letters


@st.composite
def email_like(draw: st.DrawFn) -> str:
    local = draw(st.from_regex(r"[a-zA-Z0-9.+_-]{0,12}", fullmatch=True))
    host = draw(st.from_regex(r"[a-zA-Z0-9.-]{0,12}", fullmatch=True))
    tld = draw(st.sampled_from(["nl", "com", "", "x", "123", "xn--p1ai"]))
    return f"{local}@{host}.{tld}"


@st.composite
def url_like(draw: st.DrawFn) -> str:
    scheme = draw(st.sampled_from(["", "http://", "https://", "HTTPS://", "ftp://", "//"]))
    host = draw(st.from_regex(r"[a-zA-Z0-9.-]{0,15}\.[a-z]{0,4}", fullmatch=True))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080", ":x"]))
    path = draw(st.from_regex(r"(/[a-zA-Z0-9%._~?=&#-]{0,8}){0,3}", fullmatch=True))
    return scheme + host + port + path


_STRATEGIES: dict[Normaliser, st.SearchStrategy[str]] = {
    normalise_postcode: postcode_like(),
    normalise_huisnummer: st.from_regex(
        r"\s?(nr\.? )?[0-9]{0,6}\s?[a-zA-Z]{0,3}[-/ ]?[a-zA-Z0-9]{0,5}", fullmatch=True
    ),
    normalise_phone: phone_like(),
    normalise_email: email_like(),
    normalise_website: url_like(),
}


def _check(func: Normaliser, value: str) -> None:
    try:
        result = func(value)
    except ValidationError as exc:
        assert str(exc)
        return
    assert isinstance(result, str)
    assert func(result) == result  # normalising is idempotent


@pytest.mark.parametrize("func", NORMALISERS, ids=lambda f: f.__name__)
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_normalisers_on_plausible_input(func: Normaliser, data: st.DataObject) -> None:
    _check(func, data.draw(_STRATEGIES[func]))


@pytest.mark.parametrize("func", NORMALISERS, ids=lambda f: f.__name__)
@settings(max_examples=400, deadline=None)
@given(value=st.text(max_size=80))
def test_normalisers_on_any_text(func: Normaliser, value: str) -> None:
    _check(func, value)


@settings(max_examples=300, deadline=None)
@given(value=phone_like())
def test_phone_key_agrees_with_normalised(value: str) -> None:
    try:
        normalised = normalise_phone(value)
    except ValidationError:
        assert phone_key(value) == ""
    else:
        assert phone_key(value) == phone_key(normalised)
