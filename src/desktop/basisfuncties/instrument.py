"""Load and validate the basisfuncties checklist.

``resources/instruments/basisfuncties.toml`` holds the 5 basisfuncties vrijwilligerswerk
and the 8 basisfuncties mantelzorg of seed 004, each with its definition, source text,
typical providers and concrete activities (items), plus the status scale of a meting and
its score weights. Texts are verbatim from the seed and name their lines in ``bron``;
items from running text are marked ``afgeleid`` and carry the exact source words.

Loading validates the file (5 + 8 functions, unique keys, every item key under its
function, the six statuses, weights between 0 and 1, ...) so a damaged installation fails
with one clear Dutch message instead of a wrong score later.

Editions: a stored answer keeps item key and instrument ``versie``. The current edition
is ``basisfuncties.toml``; an older one lives in
``resources/instruments/archief/basisfuncties-<versie>.toml`` and is loaded with
``load_basisfuncties(version)``. ``parse_basisfuncties`` takes already-parsed TOML data;
tests use it to build editions of their own.

The TOML helpers (``TomlTable``, ``SourceRef``, ``read_instrument``) are shared with the
other instruments in :mod:`desktop.instruments`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.instruments import (
    InstrumentError,
    SourceRef,
    TomlTable,
    check_header,
    read_instrument,
    unique,
)

INSTRUMENT_ID = "basisfuncties"

VRIJWILLIGERSWERK = "vrijwilligerswerk"
MANTELZORG = "mantelzorg"
DOMAINS: tuple[str, ...] = (VRIJWILLIGERSWERK, MANTELZORG)
FUNCTION_COUNT: Mapping[str, int] = {VRIJWILLIGERSWERK: 5, MANTELZORG: 8}

GEBORGD = "aanwezig_en_geborgd"
AANWEZIG = "aanwezig"
IN_ONTWIKKELING = "in_ontwikkeling"
NIET_AANWEZIG = "niet_aanwezig"
NIET_VAN_TOEPASSING = "niet_van_toepassing"
ONBEKEND = "onbekend"
STATUS_KEYS: tuple[str, ...] = (
    GEBORGD,
    AANWEZIG,
    IN_ONTWIKKELING,
    NIET_AANWEZIG,
    NIET_VAN_TOEPASSING,
    ONBEKEND,
)


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class Status:
    """One step of the status scale of an activity in a meting."""

    key: str
    name: str
    help: str
    weight: float | None  # None: the activity does not count (niet van toepassing)
    in_place: bool  # counts as 'there now' for the plain share next to the score

    @property
    def applicable(self) -> bool:
        return self.weight is not None


@dataclass(frozen=True)
class Provider:
    """An organisation or role the source names as carrying out a function."""

    name: str
    role: str | None
    source: SourceRef


@dataclass(frozen=True)
class Item:
    """A concrete activity or form of a basisfunctie: one line of the checklist."""

    key: str
    function_key: str
    text: str
    source: SourceRef
    derived: bool  # from running text: ``quote`` holds the exact source words
    quote: str | None
    heading: str | None
    note: str | None


@dataclass(frozen=True)
class Basisfunctie:
    key: str
    code: str
    domain: str
    name: str
    short_name: str
    definition: str
    definition_source: str
    source: SourceRef
    explanation: tuple[str, ...]
    explanation_source: SourceRef
    providers: tuple[Provider, ...]
    items: tuple[Item, ...]

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)


@dataclass(frozen=True)
class Domain:
    key: str
    name: str
    title: str
    intro: str
    source: SourceRef


@dataclass(frozen=True)
class BasisfunctiesInstrument:
    version: str
    title: str
    source: SourceRef
    weighting: str
    statuses: tuple[Status, ...]
    domains: tuple[Domain, ...]
    functions: tuple[Basisfunctie, ...]

    @functools.cached_property
    def _functions(self) -> dict[str, Basisfunctie]:
        return {f.key: f for f in self.functions}

    @functools.cached_property
    def _items(self) -> dict[str, Item]:
        return {i.key: i for f in self.functions for i in f.items}

    @functools.cached_property
    def _statuses(self) -> dict[str, Status]:
        return {s.key: s for s in self.statuses}

    def function(self, key: str) -> Basisfunctie:
        return self._functions[key]

    def has_function(self, key: str) -> bool:
        return key in self._functions

    def item(self, key: str) -> Item:
        return self._items[key]

    def has_item(self, key: str) -> bool:
        return key in self._items

    def status(self, key: str) -> Status:
        return self._statuses[key]

    def has_status(self, key: str) -> bool:
        return key in self._statuses

    def domain(self, key: str) -> Domain:
        for domain in self.domains:
            if domain.key == key:
                return domain
        raise KeyError(key)

    def functions_in(self, domain: str) -> tuple[Basisfunctie, ...]:
        return tuple(f for f in self.functions if f.domain == domain)

    def items(self) -> Iterator[Item]:
        for function in self.functions:
            yield from function.items


# --------------------------------------------------------------------------- parsing


def parse_basisfuncties(
    data: Mapping[str, Any], file: str = "basisfuncties.toml"
) -> BasisfunctiesInstrument:
    """Validate parsed TOML data and build the instrument."""
    root = TomlTable(data, "", file)
    version, title, source = check_header(root, INSTRUMENT_ID)
    weighting_table = root.table("weging")
    if not weighting_table.flag("eigen_tekst", False):
        weighting_table.fail("weging", "moet eigen_tekst = true hebben")
    weighting = weighting_table.text("tekst")
    statuses = _parse_statuses(root)
    domains = tuple(
        Domain(
            key=t.key(),
            name=t.text("naam"),
            title=t.text("titel"),
            intro=t.text("inleiding"),
            source=t.source(),
        )
        for t in root.tables("domeinen")
    )
    if tuple(d.key for d in domains) != DOMAINS:
        root.fail("domeinen", f"moeten {', '.join(DOMAINS)} zijn, in die volgorde")
    functions = tuple(_parse_function(t) for t in root.tables("functies"))
    unique(root, "functies", [f.key for f in functions])
    unique(root, "functies (code)", [f.code for f in functions])
    unique(root, "functies.items", [i.key for f in functions for i in f.items])
    for domain, expected in FUNCTION_COUNT.items():
        found = sum(1 for f in functions if f.domain == domain)
        if found != expected:
            root.fail("functies", f"moeten {expected} basisfuncties {domain} hebben, niet {found}")
    return BasisfunctiesInstrument(
        version=version,
        title=title,
        source=source,
        weighting=weighting,
        statuses=statuses,
        domains=domains,
        functions=functions,
    )


def _parse_statuses(root: TomlTable) -> tuple[Status, ...]:
    statuses: list[Status] = []
    for t in root.tables("statussen"):
        counts = t.flag("telt_mee")
        if counts != t.has("gewicht"):
            t.fail(t.path, "heeft een gewicht als en alleen als telt_mee = true")
        weight = t.number("gewicht") if counts else None
        if weight is not None and not 0.0 <= weight <= 1.0:
            t.fail(t.where("gewicht"), "moet tussen 0 en 1 liggen")
        in_place = t.flag("aanwezig")
        if in_place and not counts:
            t.fail(t.path, "kan niet aanwezig zijn zonder mee te tellen")
        statuses.append(
            Status(
                key=t.key(),
                name=t.text("naam"),
                help=t.own_text("uitleg"),
                weight=weight,
                in_place=in_place,
            )
        )
    keys = [s.key for s in statuses]
    unique(root, "statussen", keys)
    missing = [k for k in STATUS_KEYS if k not in keys]
    if missing:
        root.fail("statussen", f"missen {', '.join(missing)}")
    by_key = {s.key: s for s in statuses}
    if by_key[NIET_VAN_TOEPASSING].applicable:
        root.fail("statussen", "niet_van_toepassing mag niet meetellen")
    if not by_key[ONBEKEND].applicable or by_key[ONBEKEND].in_place:
        root.fail("statussen", "onbekend moet meetellen als niet aanwezig")
    return tuple(statuses)


def _parse_function(t: TomlTable) -> Basisfunctie:
    key = t.key()
    domain = t.text("domein")
    if domain not in DOMAINS:
        t.fail(t.where("domein"), f"is onbekend ({domain!r})")
    providers = tuple(
        Provider(name=p.text("naam"), role=p.optional_own_text("rol"), source=p.source())
        for p in t.tables("aanbieders", optional=True)
    )
    items = tuple(_parse_item(i, key) for i in t.tables("items"))
    return Basisfunctie(
        key=key,
        code=t.text("code"),
        domain=domain,
        name=t.text("naam"),
        short_name=t.text("korte_naam"),
        definition=t.text("definitie"),
        definition_source=str(t.source("definitie_bron")),
        source=t.source(),
        explanation=t.texts("toelichting"),
        explanation_source=t.source("toelichting_bron"),
        providers=providers,
        items=items,
    )


def _parse_item(t: TomlTable, function_key: str) -> Item:
    key = t.text("key")
    prefix, _, number = key.partition(".")
    if prefix != function_key or not number.isdigit():
        t.fail(t.where("key"), f"moet de vorm {function_key}.NN hebben ({key!r})")
    derived = t.flag("afgeleid")
    quote = t.optional_text("citaat")
    if derived != (quote is not None):
        t.fail(t.path, "heeft een citaat als en alleen als afgeleid = true")
    return Item(
        key=key,
        function_key=function_key,
        text=t.text("tekst"),
        source=t.source(),
        derived=derived,
        quote=quote,
        heading=t.optional_text("kop"),
        note=t.optional_own_text("opmerking"),
    )


# --------------------------------------------------------------------------- loading


@functools.lru_cache(maxsize=8)
def load_basisfuncties(version: str | None = None) -> BasisfunctiesInstrument:
    """The basisfuncties instrument: the current edition, or the given ``versie``."""
    data, file = read_instrument(INSTRUMENT_ID, version)
    instrument = parse_basisfuncties(data, file)
    if version is not None and instrument.version != version:
        raise InstrumentError(
            f"Het instrumentbestand {file} bevat versie {instrument.version}, niet {version}."
        )
    return instrument
