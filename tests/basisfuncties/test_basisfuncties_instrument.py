"""Loading and validation of resources/instruments/basisfuncties.toml."""

from __future__ import annotations

import copy
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop.basisfuncties.instrument import (
    DOMAINS,
    NIET_VAN_TOEPASSING,
    ONBEKEND,
    STATUS_KEYS,
    InstrumentError,
    load_basisfuncties,
    parse_basisfuncties,
    read_instrument,
)
from desktop.errors import UserError
from desktop.paths import resource_path


def raw() -> dict[str, Any]:
    with resource_path("instruments", "basisfuncties.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_loads_five_vrijwilligerswerk_and_eight_mantelzorg_functions() -> None:
    instrument = load_basisfuncties()
    assert [f.key for f in instrument.functions_in("vrijwilligerswerk")] == [
        "vw1",
        "vw2",
        "vw3",
        "vw4",
        "vw5",
    ]
    assert [f.name for f in instrument.functions_in("vrijwilligerswerk")] == [
        "Vertalen maatschappelijke ontwikkelingen",
        "Verbinden en makelen",
        "Versterken",
        "Verbreiden",
        "Verankeren",
    ]
    assert [f.name for f in instrument.functions_in("mantelzorg")] == [
        "Informatie",
        "Advies en begeleiding",
        "Emotionele steun",
        "Educatie",
        "Praktische hulp",
        "Respijtzorg",
        "Financiële tegemoetkoming",
        "Materiële hulp",
    ]
    assert tuple(d.key for d in instrument.domains) == DOMAINS


def test_item_counts_per_function() -> None:
    counts = {f.key: len(f.items) for f in load_basisfuncties().functions}
    assert counts == {
        "vw1": 7,
        "vw2": 6,
        "vw3": 7,
        "vw4": 4,
        "vw5": 4,
        "mz1": 16,
        "mz2": 11,
        "mz3": 9,
        "mz4": 3,
        "mz5": 8,
        "mz6": 23,
        "mz7": 6,
        "mz8": 6,
    }


def test_item_keys_are_stable_numbered_and_unique() -> None:
    instrument = load_basisfuncties()
    keys = [i.key for i in instrument.items()]
    assert len(keys) == len(set(keys)) == 110
    for function in instrument.functions:
        assert [i.key for i in function.items] == [
            f"{function.key}.{n:02d}" for n in range(1, len(function.items) + 1)
        ]
    assert instrument.item("vw2.03").text.startswith("Het makelen van vraag en aanbod")
    assert instrument.function("mz6").item("mz6.04").heading == "Aan huis, vrijwillig"


def test_derived_items_carry_their_source_words() -> None:
    for item in load_basisfuncties().items():
        assert item.derived == (item.quote is not None)
    # The vrijwilligerswerk activities are all list entries of the source.
    assert not any(i.derived for i in load_basisfuncties().items() if i.key.startswith("vw"))


def test_status_scale_and_weights() -> None:
    instrument = load_basisfuncties()
    assert tuple(s.key for s in instrument.statuses) == STATUS_KEYS
    weights = {s.key: s.weight for s in instrument.statuses}
    assert weights == {
        "aanwezig_en_geborgd": 1.0,
        "aanwezig": 0.75,
        "in_ontwikkeling": 0.25,
        "niet_aanwezig": 0.0,
        "niet_van_toepassing": None,
        "onbekend": 0.0,
    }
    assert [s.key for s in instrument.statuses if s.in_place] == ["aanwezig_en_geborgd", "aanwezig"]
    assert all(s.help for s in instrument.statuses)
    assert "gemiddelde" in instrument.weighting


def test_version_is_recorded() -> None:
    instrument = load_basisfuncties()
    assert instrument.version == "2008.1"
    assert load_basisfuncties("2008.1") == instrument


def test_unknown_version_is_a_clear_user_error() -> None:
    with pytest.raises(InstrumentError, match="Versie 1999.9 .* niet beschikbaar"):
        load_basisfuncties("1999.9")
    with pytest.raises(InstrumentError, match="geen geldige versie"):
        load_basisfuncties("../../etc/passwd")


def test_archived_edition_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    instruments = tmp_path / "resources" / "instruments"
    (instruments / "archief").mkdir(parents=True)
    shutil.copy(resource_path("instruments", "basisfuncties.toml"), instruments)
    old = (instruments / "basisfuncties.toml").read_text(encoding="utf-8")
    old = old.replace('versie = "2008.1"', 'versie = "2007.9"', 1)
    (instruments / "archief" / "basisfuncties-2007.9.toml").write_text(old, encoding="utf-8")
    monkeypatch.setenv("ELKAAR_ROOT", str(tmp_path))
    data, file = read_instrument("basisfuncties", "2007.9")
    assert file == "basisfuncties-2007.9.toml"
    assert parse_basisfuncties(data, file).version == "2007.9"
    _, current = read_instrument("basisfuncties", "2008.1")
    assert current == "basisfuncties.toml"


def test_missing_file_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ELKAAR_ROOT", str(tmp_path))
    with pytest.raises(UserError, match="ontbreekt"):
        read_instrument("basisfuncties")


def _expect_invalid(data: dict[str, Any], message: str) -> None:
    with pytest.raises(InstrumentError, match=message):
        parse_basisfuncties(data)


def test_rejects_a_missing_function() -> None:
    data = raw()
    data["functies"] = [f for f in data["functies"] if f["key"] != "mz8"]
    _expect_invalid(data, "8 basisfuncties mantelzorg")


def test_rejects_duplicate_item_keys() -> None:
    data = raw()
    data["functies"][0]["items"][1]["key"] = "vw1.01"
    _expect_invalid(data, "vw1.01.*twee keer")


def test_rejects_an_item_key_outside_its_function() -> None:
    data = raw()
    data["functies"][0]["items"][0]["key"] = "vw2.99"
    _expect_invalid(data, "vw1.NN")


def test_rejects_duplicate_function_keys() -> None:
    data = raw()
    data["functies"][1]["key"] = "vw1"
    for item in data["functies"][1]["items"]:
        item["key"] = item["key"].replace("vw2", "vw1").replace(".0", ".9")
    _expect_invalid(data, "twee keer")


def test_rejects_derived_item_without_quote() -> None:
    data = raw()
    item = data["functies"][5]["items"][0]
    assert item["afgeleid"] is True
    del item["citaat"]
    _expect_invalid(data, "citaat")


def test_rejects_weight_outside_zero_to_one() -> None:
    data = raw()
    data["statussen"][1]["gewicht"] = 1.5
    _expect_invalid(data, "tussen 0 en 1")


def test_rejects_counting_not_applicable() -> None:
    data = raw()
    nvt = next(s for s in data["statussen"] if s["key"] == NIET_VAN_TOEPASSING)
    nvt["telt_mee"] = True
    nvt["gewicht"] = 0.0
    _expect_invalid(data, "niet_van_toepassing")


def test_rejects_missing_status() -> None:
    data = raw()
    data["statussen"] = [s for s in data["statussen"] if s["key"] != ONBEKEND]
    _expect_invalid(data, "missen onbekend")


def test_rejects_bad_source_reference() -> None:
    data = copy.deepcopy(raw())
    data["functies"][2]["items"][0]["bron"] = "seed 004, ergens"
    _expect_invalid(data, "bronvermelding")


def test_rejects_wrong_id() -> None:
    data = raw()
    data["id"] = "typetest"
    _expect_invalid(data, "id")
