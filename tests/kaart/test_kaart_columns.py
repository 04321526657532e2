"""Matching spreadsheet headers to import fields, and splitting addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.kaart.columns import (
    FIELDS,
    AddressParts,
    match_columns,
    match_header,
    split_address,
    split_postcode_plaats,
)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            [
                "Naam organisatie",
                "Soort",
                "Adres",
                "Postcode",
                "Plaats",
                "Tel.",
                "E-mailadres",
                "Web",
            ],
            {
                "organisatie_naam": "Naam organisatie",
                "soort": "Soort",
                "adres": "Adres",
                "postcode": "Postcode",
                "plaats": "Plaats",
                "telefoon": "Tel.",
                "email": "E-mailadres",
                "website": "Web",
            },
        ),
        (
            [
                "Organisatienaam",
                "Straat",
                "Huisnr",
                "Toev.",
                "PC",
                "Woonplaats",
                "Telefoonnummer",
                "Email",
                "Internet",
            ],
            {
                "organisatie_naam": "Organisatienaam",
                "straat": "Straat",
                "huisnummer": "Huisnr",
                "toevoeging": "Toev.",
                "postcode": "PC",
                "plaats": "Woonplaats",
                "telefoon": "Telefoonnummer",
                "email": "Email",
                "website": "Internet",
            },
        ),
        (
            [
                "INSTELLING",
                "Type organisatie",
                "Bezoekadres",
                "Postcode + plaats",
                "Naam contactpersoon",
                "E-mail contactpersoon",
                "Telefoon contactpersoon",
            ],
            {
                "organisatie_naam": "INSTELLING",
                "soort": "Type organisatie",
                "adres": "Bezoekadres",
                "postcode_plaats": "Postcode + plaats",
                "contactpersoon": "Naam contactpersoon",
                "contactpersoon_email": "E-mail contactpersoon",
                "contactpersoon_telefoon": "Telefoon contactpersoon",
            },
        ),
        (
            [
                "Naam van de organisatie *",
                "Omschrijving",
                "Aanbod",
                "Omschrijving aanbod",
                "Voor wie?",
                "Basisfunctie(s)",
                "Wmo-prestatieveld",
                "Prijs",
                "Openingstijden / bereikbaarheid",
                "Wijken",
                "Status aanbod",
                "Notities (intern)",
                "Laatst gecontroleerd op",
                "Bron",
            ],
            {
                "organisatie_naam": "Naam van de organisatie *",
                "beschrijving": "Omschrijving",
                "aanbod_naam": "Aanbod",
                "aanbod_beschrijving": "Omschrijving aanbod",
                "doelgroepen": "Voor wie?",
                "basisfuncties": "Basisfunctie(s)",
                "prestatievelden": "Wmo-prestatieveld",
                "kosten": "Prijs",
                "openingstijden": "Openingstijden / bereikbaarheid",
                "aanbod_wijken": "Wijken",
                "aanbod_status": "Status aanbod",
                "notities": "Notities (intern)",
                "laatst_gecontroleerd": "Laatst gecontroleerd op",
                "bron": "Bron",
            },
        ),
        (
            ["Telefoonumer", "Webiste", "Postcde", "Huisnumer", "Organisatie type"],
            {
                "telefoon": "Telefoonumer",
                "website": "Webiste",
                "postcode": "Postcde",
                "huisnummer": "Huisnumer",
                "soort": "Organisatie type",
            },
        ),
    ],
)
def test_real_world_headers(headers: list[str], expected: dict[str, str]) -> None:
    mapping = match_columns(headers)
    assert (
        mapping.fields == {k: expected[k] for k in mapping.fields}
        and mapping.fields.keys() == expected.keys()
    )
    assert mapping.unmatched == [h for h in headers if h not in expected.values()]


def test_strong_synonym_wins_over_weak_one() -> None:
    mapping = match_columns(["Mobiel", "Telefoon", "Gemeente", "Plaats"])
    assert mapping.fields == {"plaats": "Plaats", "telefoon": "Telefoon"}
    assert mapping.unmatched == ["Mobiel", "Gemeente"]
    assert match_columns(["Mobiel"]).fields == {"telefoon": "Mobiel"}


def test_unknown_headers_stay_unmatched() -> None:
    mapping = match_columns(["Xyz", "Kolom C", "", "Extra info", "12"])
    assert mapping.fields == {}
    assert mapping.unmatched == ["Xyz", "Kolom C", "", "Extra info", "12"]
    assert match_header("Xyz") is None


def test_our_own_labels_round_trip() -> None:
    labels = [f.label for f in FIELDS]
    mapping = match_columns(labels)
    assert mapping.fields == {f.key: f.label for f in FIELDS}
    assert all(score == 1.0 for score in mapping.scores.values())


def test_match_header_alone() -> None:
    assert match_header("E-mail") == ("email", 1.0)
    key, score = match_header("Telefoon nummer") or ("", 0)
    assert key == "telefoon" and score >= 0.95


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(st.text(max_size=30), st.sampled_from([f.label for f in FIELDS])), max_size=25
    )
)
def test_mapping_is_a_deterministic_partial_matching(headers: list[str]) -> None:
    mapping = match_columns(headers)
    assert mapping == match_columns(list(headers))
    assert len(set(mapping.fields.values())) == len(mapping.fields)
    matched_positions = len(headers) - len(mapping.unmatched)
    assert matched_positions == len(mapping.fields)
    assert all(h in headers for h in mapping.fields.values())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dorpsstraat 12a", AddressParts("Dorpsstraat", "12a")),
        ("Dorpsstraat 12 a", AddressParts("Dorpsstraat", "12 a")),
        ("Dorpsstraat 12-2", AddressParts("Dorpsstraat", "12-2")),
        ("Dorpsstraat 12 hs", AddressParts("Dorpsstraat", "12 hs")),
        ("Dorpsstraat12", AddressParts("Dorpsstraat", "12")),
        ("Laan 1940-1945 12", AddressParts("Laan 1940-1945", "12")),
        ("1e Hogeweg 20", AddressParts("1e Hogeweg", "20")),
        ("Straat van de 4e Mei 5 bis", AddressParts("Straat van de 4e Mei", "5 bis")),
        ("St. Jansstraat 4", AddressParts("St. Jansstraat", "4")),
        ("Dorpsstraat", AddressParts("Dorpsstraat")),
        ("", AddressParts()),
        (
            "Dorpsstraat 12a, 1234 AB  Elkaar",
            AddressParts("Dorpsstraat", "12a", "1234 AB", "Elkaar"),
        ),
        ("Kerkweg 3\n1234ab Elkaar", AddressParts("Kerkweg", "3", "1234 AB", "Elkaar")),
        ("Kerkweg 3, Elkaar", AddressParts("Kerkweg", "3", "", "Elkaar")),
    ],
)
def test_split_address(text: str, expected: AddressParts) -> None:
    assert split_address(text) == expected


def test_split_postcode_plaats() -> None:
    assert split_postcode_plaats("1234AB  Elkaar") == ("1234 AB", "Elkaar")
    assert split_postcode_plaats("1234 ab, Elkaar") == ("1234 AB", "Elkaar")
    assert split_postcode_plaats("Elkaar") == ("", "Elkaar")
    assert split_postcode_plaats("1234 AB") == ("1234 AB", "")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_split_address_never_fails(text: str) -> None:
    parts = split_address(text)
    assert isinstance(parts, AddressParts)
    assert split_postcode_plaats(text)[1] == split_postcode_plaats(text)[1].strip(" ,")
