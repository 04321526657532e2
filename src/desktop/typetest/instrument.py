"""Load and validate the typetest and beleidswerkplaats instruments.

Each instrument is a TOML file in ``resources/instruments``. Item texts are verbatim from
seed 000 and every part names its source lines in ``bron``. Loading validates the file
(14 questions on the right axes, four types covering the four axis combinations, ...) so a
damaged installation fails with one clear Dutch message instead of a wrong result later.

The ``load_*`` functions are cached: the files are read once per process. The ``parse_*``
functions take already-parsed TOML data and are what the loaders use; tests call them with
edited data. The stappenplan, 5 S-en and thema-checklist live in
:mod:`desktop.typetest.werkplaats` and are re-exported here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from desktop.instruments import (
    Bron,
    InstrumentError,
    TomlTable,
    check_header,
    check_sequence,
    read_instrument,
    read_toml,
)
from desktop.typetest.werkplaats import (
    Blok,
    Kader,
    Noot,
    S,
    Stap,
    Stappenplan,
    Thema,
    ThemaChecklist,
    ThemaGroep,
    VijfS,
    load_stappenplan,
    load_thema_checklist,
    load_vijf_s,
    parse_stappenplan,
    parse_thema_checklist,
    parse_vijf_s,
)

__all__ = [
    "ANTWOORDEN",
    "BELEID_POLEN",
    "DIMENSIES",
    "QUESTION_COUNT",
    "REGIE_POLEN",
    "TYPE_CODES",
    "VRAAGGROEPEN",
    "Beleid",
    "Blok",
    "Bron",
    "Dimensie",
    "DimensieTekst",
    "GemeenteType",
    "InstrumentError",
    "Interpretatie",
    "Kader",
    "Noot",
    "Pool",
    "Regie",
    "S",
    "Scorekaart",
    "Stap",
    "Stappenplan",
    "Thema",
    "ThemaChecklist",
    "ThemaGroep",
    "TypeCode",
    "Typetest",
    "VijfS",
    "Vraag",
    "load_stappenplan",
    "load_thema_checklist",
    "load_typetest",
    "load_vijf_s",
    "parse_stappenplan",
    "parse_thema_checklist",
    "parse_typetest",
    "parse_vijf_s",
    "read_toml",
]

Dimensie = Literal["beleid", "regie"]
Beleid = Literal["smal", "breed"]
Regie = Literal["dirigent", "op afstand"]
TypeCode = Literal["I", "II", "III", "IV"]

QUESTION_COUNT = 14
DIMENSIES: tuple[Dimensie, ...] = ("beleid", "regie")
TYPE_CODES: tuple[TypeCode, ...] = ("I", "II", "III", "IV")
BELEID_POLEN: tuple[Beleid, ...] = ("smal", "breed")
REGIE_POLEN: tuple[Regie, ...] = ("dirigent", "op afstand")
ANTWOORDEN: tuple[Literal["a", "b"], ...] = ("a", "b")
VRAAGGROEPEN: tuple[Literal["even", "oneven"], ...] = ("even", "oneven")


# --------------------------------------------------------------------------- typetest


@dataclass(frozen=True)
class Vraag:
    """One typetest question; ``a`` and ``b`` complete the stem ``tekst``."""

    key: str
    nummer: int
    dimensie: Dimensie
    tekst: str
    a: str
    b: str
    bron: Bron

    def optie(self, letter: str) -> str:
        return {"a": self.a, "b": self.b}[letter]


@dataclass(frozen=True)
class Pool:
    """One pole of a dimension (smal, breed, dirigent, op afstand) with its texts."""

    key: str
    antwoord: Literal["a", "b"]
    naam: str
    tekst: str
    aandachtspunten: str
    bron: Bron


@dataclass(frozen=True)
class DimensieTekst:
    """One of the two axes: which questions count, its explanation and its two poles."""

    key: Dimensie
    vragen: Literal["even", "oneven"]
    kop: str
    uitleg: tuple[str, ...]
    polen: tuple[Pool, Pool]
    bron: Bron

    def pool(self, key: str) -> Pool:
        return next(p for p in self.polen if p.key == key)


@dataclass(frozen=True)
class GemeenteType:
    """One of the four types; ``naam`` is the display name, ``titel`` as printed in bijlage 2."""

    code: TypeCode
    nummer: int
    naam: str
    titel: str
    kop: str
    aliassen: tuple[str, ...]
    beleid: Beleid
    regie: Regie
    beschrijving: str
    bron: Bron
    bron_hoofdstuk_3: Bron


@dataclass(frozen=True)
class Scorekaart:
    kop: str
    uitleg: str
    as_y: str
    as_x: str
    label_smal: str
    label_breed: str
    label_dirigent: str
    label_op_afstand: str
    ticks: tuple[str, ...]
    drempel: int
    regel: str  # own words (eigen_tekst)
    bron: Bron


@dataclass(frozen=True)
class Interpretatie:
    kop: str
    tekst: str
    discussievragen: tuple[str, ...]
    slot: str
    bron: Bron


@dataclass(frozen=True)
class Typetest:
    id: str
    versie: str
    titel: str
    kop: str
    ondertitel: str
    vooraf_kop: str
    vooraf: tuple[str, ...]
    vragenlijst_kop: str
    instructie: str
    vragen: tuple[Vraag, ...]
    scorekaart: Scorekaart
    interpretatie: Interpretatie
    uitslag_kop: str
    uitslag_inleiding: str
    typen_kop: str
    typen_inleiding: str
    dimensies: tuple[DimensieTekst, DimensieTekst]
    typen: tuple[GemeenteType, ...]
    bron: Bron

    def vraag(self, nummer: int) -> Vraag:
        return self.vragen[nummer - 1]

    def vragen_voor(self, dimensie: Dimensie) -> tuple[int, ...]:
        """Numbers of the questions that count for ``dimensie``."""
        return tuple(v.nummer for v in self.vragen if v.dimensie == dimensie)

    def dimensie(self, key: Dimensie) -> DimensieTekst:
        return next(d for d in self.dimensies if d.key == key)

    def type(self, code: str) -> GemeenteType:
        for gemeentetype in self.typen:
            if gemeentetype.code == code:
                return gemeentetype
        raise KeyError(code)

    def type_voor(self, beleid: Beleid, regie: Regie) -> GemeenteType:
        return next(t for t in self.typen if t.beleid == beleid and t.regie == regie)

    def zoek_type(self, naam: str) -> GemeenteType | None:
        """Find a type by code ("IV", "Type 4"), name or alias, ignoring case, quotes and '!'."""
        wanted = _name_key(naam)
        for gemeentetype in self.typen:
            names = (
                gemeentetype.code,
                f"type {gemeentetype.code}",
                f"type {gemeentetype.nummer}",
                gemeentetype.naam,
                gemeentetype.titel,
                gemeentetype.kop,
                *gemeentetype.aliassen,
            )
            if wanted in {_name_key(n) for n in names}:
                return gemeentetype
        return None


def _name_key(name: str) -> str:
    return " ".join(name.replace("!", " ").replace("'", " ").replace(":", " ").split()).casefold()


def parse_typetest(data: Mapping[str, Any], file: str = "typetest.toml") -> Typetest:
    """Build and validate the typetest from parsed TOML data."""
    root = TomlTable(data, "", file)
    versie, titel, _ = check_header(root, "typetest")

    vragen: list[Vraag] = []
    for t in root.tables("vragen"):
        nummer = t.integer("nummer")
        dimensie = t.choice("dimensie", DIMENSIES)
        # The scorekaart counts the even questions for beleid and the odd ones for regie.
        if dimensie != ("beleid" if nummer % 2 == 0 else "regie"):
            t.fail(t.path, "telt voor de verkeerde as (even = beleid, oneven = regie)")
        if t.text("key") != f"q{nummer}":
            t.fail(t.path, f"moet sleutel 'q{nummer}' hebben")
        vragen.append(
            Vraag(
                t.text("key"), nummer, dimensie, t.text("tekst"), t.text("a"), t.text("b"), t.bron()
            )
        )
    if len(vragen) != QUESTION_COUNT:
        root.fail("vragen", f"moet precies {QUESTION_COUNT} vragen bevatten, niet {len(vragen)}")
    check_sequence(root, "vragen", [v.nummer for v in vragen])

    sk = root.table("scorekaart")
    regel = sk.table("regel")
    per_axis = QUESTION_COUNT // 2
    drempel = regel.integer("drempel")
    # "voornamelijk"/"vooral" a: a majority of the questions on the axis.
    if drempel != per_axis // 2 + 1:
        regel.fail(
            "scorekaart.regel.drempel",
            f"moet {per_axis // 2 + 1} zijn (een meerderheid van {per_axis} vragen)",
        )
    ticks = sk.texts("ticks")
    if len(ticks) != per_axis + 1:
        sk.fail("scorekaart.ticks", f"moet {per_axis + 1} labels hebben")
    scorekaart = Scorekaart(
        kop=sk.text("kop"),
        uitleg=sk.text("uitleg"),
        as_y=sk.text("as_y"),
        as_x=sk.text("as_x"),
        label_smal=sk.text("label_smal"),
        label_breed=sk.text("label_breed"),
        label_dirigent=sk.text("label_dirigent"),
        label_op_afstand=sk.text("label_op_afstand"),
        ticks=ticks,
        drempel=drempel,
        regel=root.table("scorekaart").own_text("regel"),
        bron=sk.bron(),
    )

    it = root.table("interpretatie")
    interpretatie = Interpretatie(
        it.text("kop"), it.text("tekst"), it.texts("discussievragen"), it.text("slot"), it.bron()
    )

    dimensies = tuple(_parse_dimensie(t) for t in root.tables("dimensies"))
    if sorted(d.key for d in dimensies) != list(DIMENSIES):
        root.fail("dimensies", "moeten precies 'beleid' en 'regie' zijn")

    typen = tuple(_parse_type(t) for t in root.tables("typen"))
    if [t.code for t in typen] != list(TYPE_CODES):
        root.fail("typen", "moeten precies de typen I, II, III en IV zijn, in die volgorde")
    check_sequence(root, "typen", [t.nummer for t in typen])
    combinations = {(t.beleid, t.regie) for t in typen}
    if len(combinations) != len(TYPE_CODES):
        root.fail("typen", "moeten elk een andere combinatie van beleid en regie hebben")
    seen: set[str] = set()
    for gemeentetype in typen:
        keys = {
            _name_key(n) for n in (gemeentetype.naam, gemeentetype.titel, *gemeentetype.aliassen)
        }
        if keys & seen:
            root.fail("typen", "hebben dubbele namen")
        seen |= keys

    vooraf = root.table("vooraf")
    vragenlijst = root.table("vragenlijst")
    uitslag = root.table("uitslag")
    beleid, regie = sorted(dimensies, key=lambda d: d.key)
    return Typetest(
        id="typetest",
        versie=versie,
        titel=titel,
        kop=root.text("kop"),
        ondertitel=root.text("ondertitel"),
        vooraf_kop=vooraf.text("kop"),
        vooraf=vooraf.texts("alineas"),
        vragenlijst_kop=vragenlijst.text("kop"),
        instructie=vragenlijst.text("instructie"),
        vragen=tuple(vragen),
        scorekaart=scorekaart,
        interpretatie=interpretatie,
        uitslag_kop=uitslag.text("kop"),
        uitslag_inleiding=uitslag.text("inleiding"),
        typen_kop=uitslag.text("kop_typen"),
        typen_inleiding=uitslag.text("inleiding_typen"),
        dimensies=(beleid, regie),
        typen=typen,
        bron=root.bron(),
    )


def _parse_dimensie(t: TomlTable) -> DimensieTekst:
    key = t.choice("key", DIMENSIES)
    vragen = t.choice("vragen", VRAAGGROEPEN)
    if (key == "beleid") != (vragen == "even"):
        t.fail(t.path, "koppelt de as aan de verkeerde vragen (beleid = even, regie = oneven)")
    polen_keys: tuple[str, ...] = BELEID_POLEN if key == "beleid" else REGIE_POLEN
    polen: list[Pool] = []
    for p in t.tables("polen"):
        pool_key = p.choice("key", polen_keys)
        antwoord = p.choice("antwoord", ANTWOORDEN)
        # Answer a counts for smal (even) and dirigent (odd), see the scorekaart.
        if (antwoord == "a") != (pool_key in ("smal", "dirigent")):
            p.fail(p.path, "koppelt het antwoord aan de verkeerde pool")
        polen.append(
            Pool(
                pool_key,
                antwoord,
                p.text("naam"),
                p.text("tekst"),
                p.text("aandachtspunten"),
                p.bron(),
            )
        )
    if sorted(p.key for p in polen) != sorted(polen_keys):
        t.fail(t.path, f"moet precies de polen {' en '.join(polen_keys)} hebben")
    return DimensieTekst(
        key=key,
        vragen=vragen,
        kop=t.text("kop"),
        uitleg=t.texts("uitleg"),
        polen=(polen[0], polen[1]),
        bron=t.bron(),
    )


def _parse_type(t: TomlTable) -> GemeenteType:
    return GemeenteType(
        code=t.choice("code", TYPE_CODES),
        nummer=t.integer("nummer"),
        naam=t.text("naam"),
        titel=t.text("titel"),
        kop=t.text("kop"),
        aliassen=t.texts("aliassen", allow_empty=True),
        beleid=t.choice("beleid", BELEID_POLEN),
        regie=t.choice("regie", REGIE_POLEN),
        beschrijving=t.text("beschrijving"),
        bron=t.bron(),
        bron_hoofdstuk_3=t.bron("bron_hoofdstuk_3"),
    )


@functools.cache
def load_typetest() -> Typetest:
    """The shipped typetest (``resources/instruments/typetest.toml``), validated."""
    return parse_typetest(read_instrument("typetest")[0])
