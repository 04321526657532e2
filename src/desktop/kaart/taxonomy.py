"""The shipped taxonomies of the sociale kaart: soorten (two levels) and doelgroepen.

Both live as TOML in ``resources/taxonomies/``. ``load_soorten()`` and
``load_doelgroepen()`` read them once per process (cached); ``read_soorten(path)`` and
``read_doelgroepen(path)`` read any file without caching (tests, alternative sets).

Keys are stable: the database and exports store them, labels may change. A malformed
file raises ``TaxonomyError`` -- a packaging bug, not something a user can cause.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from desktop.kaart.text import fold
from desktop.paths import resource_path

__all__ = [
    "Doelgroep",
    "DoelgroepTaxonomy",
    "Soort",
    "SoortGroep",
    "SoortTaxonomy",
    "TaxonomyError",
    "load_doelgroepen",
    "load_soorten",
    "read_doelgroepen",
    "read_soorten",
]

_KEY = re.compile(r"^[a-z][a-z0-9_]{0,59}$")


class TaxonomyError(ValueError):
    """A taxonomy file is missing or malformed (a packaging error)."""


@dataclass(frozen=True, slots=True)
class Soort:
    """One kind of organisation, e.g. ``buddyzorg`` in group ``vrijwillige_inzet``."""

    key: str
    label: str
    groep: str
    bron: str = ""
    beschrijving: str = ""
    synoniemen: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SoortGroep:
    """First level of the soorten taxonomy."""

    key: str
    label: str
    bron: str = ""
    beschrijving: str = ""
    soorten: tuple[Soort, ...] = ()


@dataclass(frozen=True, slots=True)
class Doelgroep:
    """A target group; ``ouder`` is the key of a broader doelgroep or ``None``."""

    key: str
    label: str
    ouder: str | None = None
    bron: str = ""
    beschrijving: str = ""
    synoniemen: tuple[str, ...] = ()


def _names(key: str, label: str, synoniemen: tuple[str, ...]) -> Iterator[str]:
    yield key.replace("_", " ")
    yield label
    yield from synoniemen


def _build_index(entries: Iterator[tuple[str, Iterator[str]]]) -> dict[str, str]:
    """Folded name -> key. The first entry to claim a name wins (file order)."""
    index: dict[str, str] = {}
    for key, names in entries:
        for name in names:
            index.setdefault(fold(name), key)
    return index


@dataclass(frozen=True)
class SoortTaxonomy:
    versie: int
    groepen: tuple[SoortGroep, ...]
    _soorten: dict[str, Soort] = field(repr=False)
    _groepen: dict[str, SoortGroep] = field(repr=False)
    _index: dict[str, str] = field(repr=False)

    @property
    def soorten(self) -> tuple[Soort, ...]:
        """All soorten in file order (grouped)."""
        return tuple(self._soorten.values())

    def soort(self, key: str) -> Soort:
        """The soort with this key; ``KeyError`` if unknown."""
        return self._soorten[key]

    def groep(self, key: str) -> SoortGroep:
        """The group with this key; ``KeyError`` if unknown."""
        return self._groepen[key]

    def __contains__(self, key: object) -> bool:
        return key in self._soorten or key in self._groepen

    def find(self, text: str) -> Soort | SoortGroep | None:
        """Soort (or group) whose key, label or synonym equals ``text`` after folding,
        e.g. "Woningbouwvereniging" -> woningcorporatie; ``None`` when nothing matches."""
        key = self._index.get(fold(text))
        if key is None:
            return None
        return self._soorten.get(key) or self._groepen[key]


@dataclass(frozen=True)
class DoelgroepTaxonomy:
    versie: int
    doelgroepen: tuple[Doelgroep, ...]
    _by_key: dict[str, Doelgroep] = field(repr=False)
    _index: dict[str, str] = field(repr=False)

    def get(self, key: str) -> Doelgroep:
        """The doelgroep with this key; ``KeyError`` if unknown."""
        return self._by_key[key]

    def __contains__(self, key: object) -> bool:
        return key in self._by_key

    def children(self, key: str) -> tuple[Doelgroep, ...]:
        """Doelgroepen whose ``ouder`` is ``key``."""
        return tuple(d for d in self.doelgroepen if d.ouder == key)

    def find(self, text: str) -> Doelgroep | None:
        """Doelgroep whose key, label or synonym equals ``text`` after folding."""
        key = self._index.get(fold(text))
        return None if key is None else self._by_key[key]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise TaxonomyError(f"{path}: {exc}") from exc


def _text(entry: Mapping[str, Any], name: str, where: str, *, required: bool = False) -> str:
    value = entry.get(name, "")
    if not isinstance(value, str):
        raise TaxonomyError(f"{where}: '{name}' must be text")
    if required and not value.strip():
        raise TaxonomyError(f"{where}: '{name}' is required")
    return value.strip()


def _key(entry: Mapping[str, Any], where: str, seen: set[str]) -> str:
    key = _text(entry, "key", where, required=True)
    if not _KEY.match(key):
        raise TaxonomyError(f"{where}: key {key!r} must be lower-case ascii, digits and _")
    if key in seen:
        raise TaxonomyError(f"{where}: duplicate key {key!r}")
    seen.add(key)
    return key


def _synonyms(entry: Mapping[str, Any], where: str) -> tuple[str, ...]:
    value = entry.get("synoniemen", [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise TaxonomyError(f"{where}: 'synoniemen' must be a list of text")
    return tuple(v.strip() for v in value)


def _version(data: Mapping[str, Any], path: Path) -> int:
    versie = data.get("versie")
    if not isinstance(versie, int) or versie < 1:
        raise TaxonomyError(f"{path}: 'versie' must be a positive integer")
    return versie


def read_soorten(path: Path) -> SoortTaxonomy:
    """Read and check a soorten file (see resources/taxonomies/soorten.toml)."""
    data = _read_toml(path)
    seen: set[str] = set()
    groepen: list[SoortGroep] = []
    raw_groepen = data.get("groep")
    if not isinstance(raw_groepen, list) or not raw_groepen:
        raise TaxonomyError(f"{path}: no [[groep]] entries")
    for gi, raw in enumerate(raw_groepen, 1):
        where = f"{path.name} groep {gi}"
        gkey = _key(raw, where, seen)
        soorten: list[Soort] = []
        raw_soorten = raw.get("soort", [])
        if not isinstance(raw_soorten, list) or not raw_soorten:
            raise TaxonomyError(f"{where}: a group needs at least one [[groep.soort]]")
        for si, sraw in enumerate(raw_soorten, 1):
            swhere = f"{where} soort {si}"
            soorten.append(
                Soort(
                    key=_key(sraw, swhere, seen),
                    label=_text(sraw, "label", swhere, required=True),
                    groep=gkey,
                    bron=_text(sraw, "bron", swhere),
                    beschrijving=_text(sraw, "beschrijving", swhere),
                    synoniemen=_synonyms(sraw, swhere),
                )
            )
        groepen.append(
            SoortGroep(
                key=gkey,
                label=_text(raw, "label", where, required=True),
                bron=_text(raw, "bron", where),
                beschrijving=_text(raw, "beschrijving", where),
                soorten=tuple(soorten),
            )
        )
    by_key = {s.key: s for g in groepen for s in g.soorten}
    # Soorten first so that a synonym shared with a group label resolves to the soort.
    index = _build_index((s.key, _names(s.key, s.label, s.synoniemen)) for s in by_key.values())
    for g in groepen:
        for name in _names(g.key, g.label, ()):
            index.setdefault(fold(name), g.key)
    return SoortTaxonomy(
        versie=_version(data, path),
        groepen=tuple(groepen),
        _soorten=by_key,
        _groepen={g.key: g for g in groepen},
        _index=index,
    )


def read_doelgroepen(path: Path) -> DoelgroepTaxonomy:
    """Read and check a doelgroepen file (see resources/taxonomies/doelgroepen.toml)."""
    data = _read_toml(path)
    raw_list = data.get("doelgroep")
    if not isinstance(raw_list, list) or not raw_list:
        raise TaxonomyError(f"{path}: no [[doelgroep]] entries")
    seen: set[str] = set()
    doelgroepen: list[Doelgroep] = []
    for i, raw in enumerate(raw_list, 1):
        where = f"{path.name} doelgroep {i}"
        ouder = _text(raw, "ouder", where) or None
        doelgroepen.append(
            Doelgroep(
                key=_key(raw, where, seen),
                label=_text(raw, "label", where, required=True),
                ouder=ouder,
                bron=_text(raw, "bron", where),
                beschrijving=_text(raw, "beschrijving", where),
                synoniemen=_synonyms(raw, where),
            )
        )
    by_key = {d.key: d for d in doelgroepen}
    for d in doelgroepen:
        if d.ouder is not None and (d.ouder not in by_key or d.ouder == d.key):
            raise TaxonomyError(f"{path.name}: {d.key}: unknown ouder {d.ouder!r}")
        if d.ouder is not None and by_key[d.ouder].ouder is not None:
            raise TaxonomyError(f"{path.name}: {d.key}: only two levels are allowed")
    index = _build_index((d.key, _names(d.key, d.label, d.synoniemen)) for d in doelgroepen)
    return DoelgroepTaxonomy(
        versie=_version(data, path),
        doelgroepen=tuple(doelgroepen),
        _by_key=by_key,
        _index=index,
    )


@cache
def load_soorten() -> SoortTaxonomy:
    """The shipped soorten taxonomy (read once per process)."""
    return read_soorten(resource_path("taxonomies", "soorten.toml"))


@cache
def load_doelgroepen() -> DoelgroepTaxonomy:
    """The shipped doelgroepen taxonomy (read once per process)."""
    return read_doelgroepen(resource_path("taxonomies", "doelgroepen.toml"))
