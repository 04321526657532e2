"""Reading instrument files (resources/instruments/*.toml), shared by every feature.

Instruments are data: item texts verbatim from the seed documents, each part naming its
source lines in ``bron`` ("004_....txt regel 65-70"); texts we wrote ourselves are inline
tables ``{ tekst = ..., eigen_tekst = true }``. Every problem in a file becomes an
:class:`InstrumentError` (a UserError) with one Dutch sentence naming the file and the
place, so a damaged installation fails clearly instead of giving wrong results later.

Editions: the current edition is ``<id>.toml``; an older one lives in
``archief/<id>-<versie>.toml`` and is read with ``read_instrument(id, versie)``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TypeVar

from desktop.errors import UserError
from desktop.paths import resource_path

ARCHIVE_DIR = "archief"

_BRON_RE = re.compile(r"^(?P<seed>\S+\.txt) regel (?P<first>\d+)(?:-(?P<last>\d+))?$")
_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_VERSION_RE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")

T = TypeVar("T", bound=str)


class InstrumentError(UserError):
    """An instrument file is missing, unreadable or does not have the expected content."""


@dataclass(frozen=True)
class SourceRef:
    """Where a text comes from: a seed file and an inclusive range of 1-based lines."""

    seed: str
    first: int
    last: int

    @property
    def eerste(self) -> int:
        return self.first

    @property
    def laatste(self) -> int:
        return self.last

    @property
    def citation(self) -> str:
        """The source as a person would cite it: the document's title and the chapter,
        paragraph or step (with its page where known), e.g. "Wmo en vrijwillige inzet, een
        handreiking voor gemeenten (DSP-groep, 2007), hoofdstuk 6 Stappenplan, stap 3,
        vanaf p. 38". For users; ``str()`` stays the machine reference (file and lines)."""
        return cite(self)

    vindplaats = citation  # Dutch name

    def __str__(self) -> str:
        if self.first == self.last:
            return f"{self.seed} regel {self.first}"
        return f"{self.seed} regel {self.first}-{self.last}"

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        match = _BRON_RE.match(text)
        if not match:
            raise ValueError(text)
        first = int(match["first"])
        last = int(match["last"] or first)
        if first < 1 or last < first:
            raise ValueError(text)
        return cls(match["seed"], first, last)


Bron = SourceRef  # the Dutch name used by the typetest modules

SOURCES_FILE = "bronnen.toml"
UNKNOWN_DOCUMENT = "het brondocument"


@dataclass(frozen=True)
class SourcePart:
    """A chapter, paragraph or step of a document, from line ``first`` of its text file."""

    first: int
    heading: str
    page: int | None


@dataclass(frozen=True)
class SourceDocument:
    """A document as users know it; ``first``-``last`` are its lines in ``seed``."""

    seed: str
    first: int
    last: int | None
    title: str
    parts: tuple[SourcePart, ...]

    def covers(self, line: int) -> bool:
        return self.first <= line and (self.last is None or line <= self.last)

    def part(self, line: int) -> SourcePart | None:
        found = None
        for part in self.parts:
            if part.first <= line:
                found = part
        return found


def read_sources() -> tuple[SourceDocument, ...]:
    """The documents of ``resources/instruments/bronnen.toml`` (display data only)."""
    path = resource_path("instruments", SOURCES_FILE)
    root = TomlTable(read_toml(path), "", SOURCES_FILE)
    documents = []
    for d in root.tables("document"):
        parts = []
        for p in d.tables("deel", optional=True):
            page = p.integer("pagina") if p.has("pagina") else None
            parts.append(SourcePart(p.integer("vanaf"), p.text("kop"), page))
        firsts = [p.first for p in parts]
        if firsts != sorted(firsts):
            d.fail(d.where("deel"), "staan niet op volgorde van regel")
        documents.append(
            SourceDocument(
                d.text("bestand"),
                d.integer("eerste") if d.has("eerste") else 1,
                d.integer("laatste") if d.has("laatste") else None,
                d.text("titel"),
                tuple(parts),
            )
        )
    return tuple(documents)


_sources_cache: tuple[SourceDocument, ...] | None = None


def _sources() -> tuple[SourceDocument, ...]:
    global _sources_cache
    if _sources_cache is None:
        try:
            _sources_cache = read_sources()
        except InstrumentError:
            _sources_cache = ()  # display only: fall back to a plain description
    return _sources_cache


def source_document(ref: SourceRef) -> SourceDocument | None:
    """The document a reference points into, or None when bronnen.toml does not know it."""
    for document in _sources():
        if document.seed == ref.seed and document.covers(ref.first):
            return document
    return None


def cite(ref: SourceRef | str) -> str:
    """A source reference (or its text) as users read it; never the name of a text file."""
    if isinstance(ref, str):
        try:
            ref = SourceRef.parse(ref)
        except ValueError:
            return UNKNOWN_DOCUMENT
    document = source_document(ref)
    if document is None:
        return UNKNOWN_DOCUMENT
    part = document.part(ref.first)
    if part is None:
        return document.title
    text = f"{document.title}, {part.heading}"
    if part.page is not None:
        text += f", vanaf p. {part.page}"
    return text


class TomlTable:
    """Typed, path-aware access to one TOML table; every problem becomes an InstrumentError."""

    def __init__(self, data: Any, path: str, file: str) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, Mapping):
            self.fail(path or "het bestand", "is geen tabel")
        self.data: Mapping[str, Any] = data

    def fail(self, where: str, problem: str) -> NoReturn:
        raise InstrumentError(
            f"Het instrumentbestand {self.file} is ongeldig: {where} {problem}. "
            "Installeer het programma opnieuw of neem contact op met de beheerder."
        )

    def where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(self.where(key), "ontbreekt of is geen tekst")
        return value

    def optional_text(self, key: str) -> str | None:
        return self.text(key) if key in self.data else None

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if (
            not isinstance(value, list)
            or (not value and not allow_empty)
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.fail(self.where(key), "ontbreekt of is geen lijst met teksten")
        return tuple(value)

    def key(self, key: str = "key") -> str:
        value = self.text(key)
        if not _KEY_RE.match(value):
            self.fail(self.where(key), f"is geen geldige sleutel ({value!r})")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(self.where(key), "ontbreekt of is geen geheel getal")
        return value

    def number(self, key: str) -> float:
        value = self.data.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            self.fail(self.where(key), "ontbreekt of is geen getal")
        return float(value)

    def flag(self, key: str, default: bool | None = None) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(self.where(key), "ontbreekt of is geen true/false")
        return value

    def choice(self, key: str, allowed: tuple[T, ...]) -> T:
        value = self.text(key)
        for option in allowed:
            if value == option:
                return option
        self.fail(self.where(key), f"heeft een onbekende waarde ({value!r})")

    def table(self, key: str) -> TomlTable:
        return TomlTable(self.data.get(key), self.where(key), self.file)

    def tables(self, key: str, *, optional: bool = False) -> list[TomlTable]:
        value = self.data.get(key)
        if value is None and optional:
            return []
        if not isinstance(value, list) or not value:
            self.fail(self.where(key), "ontbreekt of is leeg")
        return [TomlTable(v, f"{self.where(key)}[{i}]", self.file) for i, v in enumerate(value)]

    def source(self, key: str = "bron") -> SourceRef:
        raw = self.text(key)
        try:
            return SourceRef.parse(raw)
        except ValueError:
            self.fail(self.where(key), f"heeft geen geldige bronvermelding ({raw!r})")

    bron = source  # Dutch name used by the typetest modules

    def own_text(self, key: str) -> str:
        """A text we wrote ourselves: an inline table ``{ tekst = ..., eigen_tekst = true }``."""
        sub = self.table(key)
        if not sub.flag("eigen_tekst", False):
            sub.fail(sub.path, "moet eigen_tekst = true hebben")
        return sub.text("tekst")

    def optional_own_text(self, key: str) -> str | None:
        return self.own_text(key) if key in self.data else None


def unique(owner: TomlTable, what: str, values: list[str]) -> None:
    """Fail when ``values`` holds a duplicate."""
    seen: set[str] = set()
    for value in values:
        if value in seen:
            owner.fail(what, f"bevat de sleutel {value!r} twee keer")
        seen.add(value)


def check_sequence(owner: TomlTable, key: str, numbers: list[int]) -> None:
    """Fail unless ``numbers`` is 1, 2, 3, ... in order."""
    if numbers != list(range(1, len(numbers) + 1)):
        owner.fail(key, "zijn niet doorlopend genummerd vanaf 1")


def check_header(root: TomlTable, expected_id: str) -> tuple[str, str, SourceRef]:
    """Check ``id`` and return ``versie``, ``titel`` and ``bron`` of an instrument file."""
    if root.data.get("id") != expected_id:
        root.fail("id", f"moet {expected_id!r} zijn")
    return root.text("versie"), root.text("titel"), root.source()


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML file, turning I/O and syntax problems into an InstrumentError."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError as exc:
        raise InstrumentError(
            f"Het instrumentbestand {path.name} ontbreekt. Installeer het programma opnieuw."
        ) from exc
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InstrumentError(
            f"Het instrumentbestand {path.name} kan niet worden gelezen.", detail=str(exc)
        ) from exc


def read_instrument(instrument_id: str, version: str | None = None) -> tuple[dict[str, Any], str]:
    """Data and file name of an edition of an instrument.

    ``version=None`` is the current edition, ``resources/instruments/<id>.toml``. Another
    version is that file when its ``versie`` matches, else the archived edition
    ``resources/instruments/archief/<id>-<versie>.toml``.
    """
    current_name = f"{instrument_id}.toml"
    data = read_toml(resource_path("instruments", current_name))
    if version is None or data.get("versie") == version:
        return data, current_name
    if not _VERSION_RE.match(version):
        raise InstrumentError(f"'{version}' is geen geldige versie van een instrument.")
    archived = f"{instrument_id}-{version}.toml"
    path = resource_path("instruments", ARCHIVE_DIR, archived)
    if not path.is_file():
        raise InstrumentError(
            f"Versie {version} van het instrument '{instrument_id}' is niet beschikbaar in "
            "deze installatie; de antwoorden uit die versie kunnen niet worden getoond."
        )
    return read_toml(path), archived
