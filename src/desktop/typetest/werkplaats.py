"""The beleidswerkplaats instruments: stappenplan, 5 S-en and thema-checklist.

Verbatim texts from seed 000 (chapter 6, paragraph 2.6, paragraph 3.5) with their sources;
see :mod:`desktop.typetest.instrument` for the typetest itself.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from desktop.instruments import (
    Bron,
    TomlTable,
    check_header,
    check_sequence,
    read_instrument,
    unique,
)

STAP_SOORTEN = ("alinea", "uitgangspunten", "vragen", "tips", "aandachtspunten")
STAPPEN = 9
AANTAL_S = 5


# --------------------------------------------------------------------------- stappenplan


@dataclass(frozen=True)
class Blok:
    """Part of a step: a paragraph (``soort == "alinea"``) or a list with its lead-in."""

    soort: str
    tekst: str  # the paragraph, or the lead-in sentence of a list
    items: tuple[str, ...]
    bron: Bron


@dataclass(frozen=True)
class Stap:
    key: str
    nummer: int
    titel: str
    blokken: tuple[Blok, ...]
    bron: Bron

    @property
    def vragen(self) -> tuple[str, ...]:
        return tuple(i for b in self.blokken if b.soort == "vragen" for i in b.items)

    @property
    def aandachtspunten(self) -> tuple[str, ...]:
        """Every listed item that is not a question (uitgangspunten, tips, aandachtspunten)."""
        return tuple(
            i for b in self.blokken if b.soort not in ("alinea", "vragen") for i in b.items
        )


@dataclass(frozen=True)
class Stappenplan:
    id: str
    versie: str
    titel: str
    kop: str
    inleiding: str
    stappen: tuple[Stap, ...]
    bron: Bron

    def stap(self, nummer: int) -> Stap:
        return self.stappen[nummer - 1]


def parse_stappenplan(data: Mapping[str, Any], file: str = "stappenplan.toml") -> Stappenplan:
    root = TomlTable(data, "", file)
    versie, titel, _ = check_header(root, "stappenplan")
    stappen: list[Stap] = []
    for s in root.tables("stappen"):
        nummer = s.integer("nummer")
        if s.text("key") != f"stap{nummer}":
            s.fail(s.path, f"moet sleutel 'stap{nummer}' hebben")
        blokken: list[Blok] = []
        for b in s.tables("blokken"):
            soort = b.choice("soort", STAP_SOORTEN)
            if soort == "alinea":
                blokken.append(Blok(soort, b.text("tekst"), (), b.bron()))
            else:
                blokken.append(Blok(soort, b.text("inleiding"), b.texts("items"), b.bron()))
        stappen.append(Stap(s.text("key"), nummer, s.text("titel"), tuple(blokken), s.bron()))
    if len(stappen) != STAPPEN:
        root.fail("stappen", f"moet precies {STAPPEN} stappen bevatten, niet {len(stappen)}")
    check_sequence(root, "stappen", [s.nummer for s in stappen])
    return Stappenplan(
        "stappenplan",
        versie,
        titel,
        root.text("kop"),
        root.text("inleiding"),
        tuple(stappen),
        root.bron(),
    )


@functools.cache
def load_stappenplan() -> Stappenplan:
    """The nine steps of chapter 6 (``resources/instruments/stappenplan.toml``)."""
    return parse_stappenplan(read_instrument("stappenplan")[0])


# --------------------------------------------------------------------------- 5 S-en


@dataclass(frozen=True)
class Kader:
    titel: str
    tekst: str
    bron: Bron


@dataclass(frozen=True)
class S:
    """One of the 5 S-en: short definition, elaboration and boxed texts."""

    key: str
    nummer: int
    naam: str
    kop: str
    definitie: str
    definitie_bron: Bron
    uitwerking: tuple[str, ...]
    kaders: tuple[Kader, ...]
    bron: Bron


@dataclass(frozen=True)
class Noot:
    nummer: int
    tekst: str
    bron: Bron


@dataclass(frozen=True)
class VijfS:
    id: str
    versie: str
    titel: str
    kop: str
    inleiding: str
    s_en: tuple[S, ...]
    slotcitaat: str
    noten: tuple[Noot, ...]
    bron: Bron

    def s(self, key: str) -> S:
        return next(s for s in self.s_en if s.key == key)


def parse_vijf_s(data: Mapping[str, Any], file: str = "vijf_s.toml") -> VijfS:
    root = TomlTable(data, "", file)
    versie, titel, _ = check_header(root, "vijf_s")
    s_en: list[S] = []
    for t in root.tables("s_en"):
        kaders = (
            tuple(Kader(k.text("titel"), k.text("tekst"), k.bron()) for k in t.tables("kaders"))
            if t.has("kaders")
            else ()
        )
        s_en.append(
            S(
                key=t.text("key"),
                nummer=t.integer("nummer"),
                naam=t.text("naam"),
                kop=t.text("kop"),
                definitie=t.text("definitie"),
                definitie_bron=t.bron("definitie_bron"),
                uitwerking=t.texts("uitwerking"),
                kaders=kaders,
                bron=t.bron(),
            )
        )
    if len(s_en) != AANTAL_S:
        root.fail("s_en", f"moet precies {AANTAL_S} S-en bevatten, niet {len(s_en)}")
    check_sequence(root, "s_en", [s.nummer for s in s_en])
    unique(root, "s_en", [s.key for s in s_en])
    noten = tuple(
        Noot(n.integer("nummer"), n.text("tekst"), n.bron()) for n in root.tables("noten")
    )
    return VijfS(
        "vijf_s",
        versie,
        titel,
        root.text("kop"),
        root.text("inleiding"),
        tuple(s_en),
        root.table("slotcitaat").text("tekst"),
        noten,
        root.bron(),
    )


@functools.cache
def load_vijf_s() -> VijfS:
    """De regierol: de 5 S-en (``resources/instruments/vijf_s.toml``)."""
    return parse_vijf_s(read_instrument("vijf_s")[0])


# --------------------------------------------------------------------------- thema-checklist


@dataclass(frozen=True)
class Thema:
    key: str
    nummer: int
    titel: str
    tekst: str
    opties: tuple[str, ...]
    toelichting: str | None
    vraag: str  # working question in our own words (eigen_tekst)
    bron: Bron


@dataclass(frozen=True)
class ThemaGroep:
    key: str
    naam: str
    themas: tuple[Thema, ...]
    bron: Bron


@dataclass(frozen=True)
class ThemaChecklist:
    id: str
    versie: str
    titel: str
    kop: str
    inleiding: str
    groepen: tuple[ThemaGroep, ...]
    bron: Bron

    @property
    def themas(self) -> tuple[Thema, ...]:
        return tuple(t for g in self.groepen for t in g.themas)


def parse_thema_checklist(
    data: Mapping[str, Any], file: str = "thema_checklist.toml"
) -> ThemaChecklist:
    root = TomlTable(data, "", file)
    versie, titel, _ = check_header(root, "thema_checklist")
    groepen: list[ThemaGroep] = []
    for g in root.tables("groepen"):
        themas = tuple(
            Thema(
                key=t.text("key"),
                nummer=t.integer("nummer"),
                titel=t.text("titel"),
                tekst=t.text("tekst"),
                opties=t.texts("opties") if t.has("opties") else (),
                toelichting=t.text("toelichting") if t.has("toelichting") else None,
                vraag=t.own_text("vraag"),
                bron=t.bron(),
            )
            for t in g.tables("themas")
        )
        groepen.append(ThemaGroep(g.text("key"), g.text("naam"), themas, g.bron()))
    if [g.key for g in groepen] != ["A", "B"]:
        root.fail("groepen", "moeten precies de groepen A en B zijn")
    checklist = ThemaChecklist(
        "thema_checklist",
        versie,
        titel,
        root.text("kop"),
        root.text("inleiding"),
        tuple(groepen),
        root.bron(),
    )
    check_sequence(root, "themas", [t.nummer for t in checklist.themas])
    unique(root, "themas", [t.key for t in checklist.themas])
    return checklist


@functools.cache
def load_thema_checklist() -> ThemaChecklist:
    """Checklist belangrijke thema's (``resources/instruments/thema_checklist.toml``)."""
    return parse_thema_checklist(read_instrument("thema_checklist")[0])
