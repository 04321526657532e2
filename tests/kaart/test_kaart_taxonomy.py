"""The shipped soorten and doelgroepen taxonomies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.kaart.taxonomy import (
    Soort,
    SoortGroep,
    TaxonomyError,
    load_doelgroepen,
    load_soorten,
    read_doelgroepen,
    read_soorten,
)

_BRON = re.compile(
    r"^00[0-4] regel \d+(-\d+)?(, \d+(-\d+)?)*(; 00[0-4] regel \d+(-\d+)?(, \d+(-\d+)?)*)*$"
)


def test_soorten_cover_the_seed_organisation_types() -> None:
    taxonomy = load_soorten()
    for key in [
        "vrijwilligersorganisatie",
        "sportvereniging",
        "vrijwillige_thuishulp",
        "burenhulp",
        "buddyzorg",
        "welzijnswerk",
        "steunpunt_mantelzorg",
        "vrijwilligerscentrale",
        "zorginstelling",
        "kerk",
        "moskee",
        "woningcorporatie",
        "school",
        "bedrijf",
        "clientenraad",
        "overige_organisatie",
    ]:
        assert isinstance(taxonomy.soort(key), Soort), key
    assert len(taxonomy.groepen) >= 6
    assert taxonomy.soort("buddyzorg").groep == "vrijwillige_inzet"
    assert taxonomy.groep("zorg").label == "Zorgaanbieders"


def test_every_entry_has_a_valid_key_label_and_source() -> None:
    taxonomy = load_soorten()
    keys: list[str] = []
    for groep in taxonomy.groepen:
        keys.append(groep.key)
        assert groep.soorten
        for soort in groep.soorten:
            keys.append(soort.key)
            assert soort.label
            assert soort.groep == groep.key
            if soort.bron:
                assert _BRON.match(soort.bron), soort.bron
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", k) and len(k) <= 60 for k in keys)
    with_source = [s for s in taxonomy.soorten if s.bron]
    assert len(with_source) >= len(taxonomy.soorten) - 2


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Woningbouwvereniging", "woningcorporatie"),
        ("KERKEN", "kerk"),
        ("Moskeeën", "moskee"),
        ("cliëntenraad", "clientenraad"),
        ("Buurthulp", "burenhulp"),
        ("Vrijwilligersbureau", "vrijwilligerscentrale"),
        ("vrijwillige thuishulp", "vrijwillige_thuishulp"),
        ("Zorgaanbieders", "zorginstelling"),
        ("Maatschappelijke partners", "maatschappelijke_partners"),
    ],
)
def test_find_soort_by_label_or_synonym(text: str, key: str) -> None:
    found = load_soorten().find(text)
    assert found is not None and found.key == key


def test_find_returns_group_or_none() -> None:
    taxonomy = load_soorten()
    assert isinstance(taxonomy.find("Welzijn en maatschappelijke dienstverlening"), SoortGroep)
    assert taxonomy.find("ruimteschip") is None


def test_doelgroepen() -> None:
    taxonomy = load_doelgroepen()
    assert taxonomy.get("jonge_mantelzorgers").ouder == "mantelzorgers"
    assert {d.key for d in taxonomy.children("mantelzorgers")} >= {"jonge_mantelzorgers"}
    for text, key in [
        ("Ouderen", "ouderen"),
        ("senioren", "ouderen"),
        ("GGZ", "psychische_problemen"),
        ("allochtonen", "migratieachtergrond"),
        ("Mensen met een beperking", "mensen_met_beperking"),
        ("Jonge mantelzorgers", "jonge_mantelzorgers"),
    ]:
        found = taxonomy.find(text)
        assert found is not None and found.key == key, text
    keys = [d.key for d in taxonomy.doelgroepen]
    assert len(keys) == len(set(keys))


def test_loaders_are_cached() -> None:
    assert load_soorten() is load_soorten()
    assert load_doelgroepen() is load_doelgroepen()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("versie = 1\n", "groep"),
        ('versie = 1\n[[groep]]\nkey = "a"\nlabel = "A"\n', "soort"),
        (
            'versie = 1\n[[groep]]\nkey = "a"\nlabel = "A"\n[[groep.soort]]\nkey = "a"\nlabel = "B"\n',
            "duplicate",
        ),
        (
            'versie = 1\n[[groep]]\nkey = "A b"\nlabel = "A"\n[[groep.soort]]\nkey = "b"\nlabel = "B"\n',
            "key",
        ),
        ('versie = 1\n[[groep]]\nkey = "a"\n[[groep.soort]]\nkey = "b"\nlabel = "B"\n', "label"),
        ("versie = ", "soorten.toml"),
    ],
)
def test_malformed_soorten_file(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "soorten.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=problem):
        read_soorten(path)


def test_malformed_doelgroepen_file(tmp_path: Path) -> None:
    path = tmp_path / "doelgroepen.toml"
    path.write_text(
        'versie = 1\n[[doelgroep]]\nkey = "a"\nlabel = "A"\nouder = "b"\n', encoding="utf-8"
    )
    with pytest.raises(TaxonomyError, match="ouder"):
        read_doelgroepen(path)
