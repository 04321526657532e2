"""Loading and validating the instrument files."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.paths import resource_path
from desktop.typetest.instrument import (
    Bron,
    InstrumentError,
    load_stappenplan,
    load_thema_checklist,
    load_typetest,
    load_vijf_s,
    parse_stappenplan,
    parse_thema_checklist,
    parse_typetest,
    parse_vijf_s,
    read_toml,
)


def raw(name: str) -> dict[str, Any]:
    with resource_path("instruments", name).open("rb") as handle:
        return tomllib.load(handle)


def test_typetest_structure() -> None:
    test = load_typetest()
    assert test.versie
    assert [v.key for v in test.vragen] == [f"q{n}" for n in range(1, 15)]
    assert test.vragen_voor("beleid") == (2, 4, 6, 8, 10, 12, 14)
    assert test.vragen_voor("regie") == (1, 3, 5, 7, 9, 11, 13)
    assert test.scorekaart.drempel == 4
    assert len(test.interpretatie.discussievragen) == 3
    assert [(t.code, t.beleid, t.regie) for t in test.typen] == [
        ("I", "smal", "dirigent"),
        ("II", "breed", "dirigent"),
        ("III", "smal", "op afstand"),
        ("IV", "breed", "op afstand"),
    ]
    assert [t.naam for t in test.typen] == [
        "De ambitie voorbij",
        "Een behouden koers",
        "Op hoop van zegen",
        "De leunstoel",
    ]
    assert test.dimensie("beleid").pool("smal").antwoord == "a"
    assert test.dimensie("regie").pool("op afstand").antwoord == "b"
    assert test.vraag(6).optie("b") == "Specifieke aandacht heeft."


def test_loaders_are_cached() -> None:
    assert load_typetest() is load_typetest()
    assert load_stappenplan() is load_stappenplan()


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("In de leunstoel", "IV"),
        ("DE LEUNSTOEL", "IV"),
        ("'De leunstoel'", "IV"),
        ("Type 4", "IV"),
        ("iii", "III"),
        ("de ambitie voorbij!", "I"),
        ("Type II EEN BEHOUDEN KOERS!", "II"),
    ],
)
def test_find_type_by_name_or_alias(name: str, code: str) -> None:
    found = load_typetest().zoek_type(name)
    assert found is not None
    assert found.code == code


def test_unknown_type_name() -> None:
    assert load_typetest().zoek_type("De luie stoel") is None


def test_stappenplan_structure() -> None:
    plan = load_stappenplan()
    assert [s.key for s in plan.stappen] == [f"stap{n}" for n in range(1, 10)]
    assert len(plan.stap(2).vragen) == 6
    assert len(plan.stap(3).vragen) == 9
    assert len(plan.stap(1).aandachtspunten) == 7  # uitgangspunten
    assert len(plan.stap(5).aandachtspunten) == 3  # tips
    assert len(plan.stap(6).aandachtspunten) == 15
    assert plan.stap(6).aandachtspunten[-1].startswith("borging")
    assert all(s.blokken for s in plan.stappen)


def test_vijf_s_structure() -> None:
    vijf = load_vijf_s()
    assert [s.naam for s in vijf.s_en] == [
        "situeren",
        "stimuleren",
        "steun creëren",
        "sturen",
        "structureren",
    ]
    assert vijf.s("steun_creeren").kaders[0].titel == "Oog hebben voor het dilemma"
    assert [n.nummer for n in vijf.noten] == [2, 3, 4, 5]


def test_thema_checklist_structure() -> None:
    checklist = load_thema_checklist()
    assert [(g.key, g.naam, len(g.themas)) for g in checklist.groepen] == [
        ("A", "Inhoudelijk", 4),
        ("B", "Organisatie en middelen", 2),
    ]
    positie = checklist.themas[4]
    assert positie.key == "positie"
    assert len(positie.opties) == 2
    assert positie.toelichting
    assert all(t.vraag for t in checklist.themas)


def test_bron_parse() -> None:
    assert Bron.parse("000_x.txt regel 12-14") == Bron("000_x.txt", 12, 14)
    assert str(Bron.parse("000_x.txt regel 7")) == "000_x.txt regel 7"
    for bad in ("000_x.txt regel 14-12", "regel 3", "000_x.txt regels 3"):
        with pytest.raises(ValueError):
            Bron.parse(bad)


# --------------------------------------------------------------------------- broken files


def broken_typetest(change) -> dict[str, Any]:
    data = copy.deepcopy(raw("typetest.toml"))
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["vragen"].pop(), "14 vragen"),
        (lambda d: d["vragen"][2].update(dimensie="beleid"), "verkeerde as"),
        (lambda d: d["vragen"][2].update(key="q33"), "sleutel 'q3'"),
        (lambda d: d["vragen"][4].pop("a"), r"vragen\[4\]\.a ontbreekt"),
        (lambda d: d["vragen"][0].update(bron="regel 1"), "bronvermelding"),
        (lambda d: d["typen"][0].update(regie="op afstand"), "combinatie"),
        (lambda d: d["typen"][3].update(regie="ergens"), "onbekende waarde"),
        (lambda d: d["typen"].pop(), "I, II, III en IV"),
        (lambda d: d["typen"][0].update(aliassen=["De leunstoel"]), "dubbele namen"),
        (lambda d: d["scorekaart"]["regel"].update(eigen_tekst=False), "eigen_tekst"),
        (lambda d: d["scorekaart"]["regel"].update(drempel=5), "meerderheid"),
        (lambda d: d["dimensies"][0]["polen"][0].update(antwoord="b"), "verkeerde pool"),
        (lambda d: d["dimensies"][0].update(vragen="oneven"), "verkeerde vragen"),
        (lambda d: d.update(id="iets"), "id"),
        (lambda d: d.update(versie=""), "versie"),
    ],
)
def test_broken_typetest_is_refused(change, message: str) -> None:
    with pytest.raises(InstrumentError, match=message) as info:
        parse_typetest(broken_typetest(change))
    assert isinstance(info.value, UserError)
    assert "typetest.toml is ongeldig" in str(info.value)


def test_broken_other_instruments_are_refused() -> None:
    plan = raw("stappenplan.toml")
    plan["stappen"].pop()
    with pytest.raises(InstrumentError, match="9 stappen"):
        parse_stappenplan(plan)
    plan = raw("stappenplan.toml")
    plan["stappen"][1]["blokken"][0]["soort"] = "gedicht"
    with pytest.raises(InstrumentError, match="onbekende waarde"):
        parse_stappenplan(plan)
    vijf = raw("vijf_s.toml")
    vijf["s_en"][4]["key"] = "situeren"
    with pytest.raises(InstrumentError, match="sleutel .situeren. twee keer"):
        parse_vijf_s(vijf)
    checklist = raw("thema_checklist.toml")
    del checklist["groepen"][0]["themas"][0]["vraag"]["eigen_tekst"]
    with pytest.raises(InstrumentError, match="eigen_tekst"):
        parse_thema_checklist(checklist)


def test_missing_and_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match="ontbreekt"):
        read_toml(tmp_path / "typetest.toml")
    bad = tmp_path / "typetest.toml"
    bad.write_text("id = = 3\n", encoding="utf-8")
    with pytest.raises(InstrumentError, match="kan niet worden gelezen"):
        read_toml(bad)
