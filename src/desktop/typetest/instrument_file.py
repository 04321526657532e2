"""Reading instrument TOML files: source references and validated, typed table access.

Every problem in an instrument file becomes an :class:`InstrumentError`, a
:class:`~desktop.errors.UserError` with one Dutch sentence naming the file and the place.
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

T = TypeVar("T", bound=str)

_BRON_RE = re.compile(r"^(?P<seed>\S+\.txt) regel (?P<eerste>\d+)(?:-(?P<laatste>\d+))?$")


class InstrumentError(UserError):
    """An instrument file is missing or does not have the expected content."""


@dataclass(frozen=True)
class Bron:
    """Source of a text: a seed file and an inclusive range of (1-based) line numbers."""

    seed: str
    eerste: int
    laatste: int

    def __str__(self) -> str:
        if self.eerste == self.laatste:
            return f"{self.seed} regel {self.eerste}"
        return f"{self.seed} regel {self.eerste}-{self.laatste}"

    @classmethod
    def parse(cls, text: str) -> Bron:
        match = _BRON_RE.match(text)
        if not match:
            raise ValueError(text)
        eerste = int(match["eerste"])
        laatste = int(match["laatste"] or eerste)
        if eerste < 1 or laatste < eerste:
            raise ValueError(text)
        return cls(match["seed"], eerste, laatste)


class InstrumentTable:
    """Typed, path-aware access to one TOML table; every problem becomes an InstrumentError."""

    def __init__(self, data: Any, path: str, file: str) -> None:
        self.file = file
        self.path = path
        if not isinstance(data, Mapping):
            self.fail(path, "is geen tabel")
        self.data: Mapping[str, Any] = data

    def fail(self, where: str, problem: str) -> NoReturn:
        raise InstrumentError(
            f"Het instrumentbestand {self.file} is ongeldig: {where} {problem}. "
            "Installeer het programma opnieuw of neem contact op met de beheerder."
        )

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str) -> str:
        value = self.data.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(self._where(key), "ontbreekt of is geen tekst")
        return value

    def integer(self, key: str) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(self._where(key), "ontbreekt of is geen geheel getal")
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.fail(self._where(key), "is geen true/false")
        return value

    def texts(self, key: str, *, allow_empty: bool = False) -> tuple[str, ...]:
        value = self.data.get(key)
        if (
            not isinstance(value, list)
            or (not value and not allow_empty)
            or not all(isinstance(v, str) and v.strip() for v in value)
        ):
            self.fail(self._where(key), "ontbreekt of is geen lijst met teksten")
        return tuple(value)

    def choice(self, key: str, allowed: tuple[T, ...]) -> T:
        value = self.text(key)
        for option in allowed:
            if value == option:
                return option
        self.fail(self._where(key), f"heeft een onbekende waarde ({value!r})")

    def table(self, key: str) -> InstrumentTable:
        return InstrumentTable(self.data.get(key), self._where(key), self.file)

    def tables(self, key: str) -> list[InstrumentTable]:
        value = self.data.get(key)
        if not isinstance(value, list) or not value:
            self.fail(self._where(key), "ontbreekt of is leeg")
        return [
            InstrumentTable(v, f"{self._where(key)}[{i}]", self.file) for i, v in enumerate(value)
        ]

    def bron(self, key: str = "bron") -> Bron:
        raw = self.text(key)
        try:
            return Bron.parse(raw)
        except ValueError:
            self.fail(self._where(key), f"heeft geen geldige bronvermelding ({raw!r})")

    def own_text(self, key: str) -> str:
        """A text we wrote ourselves: an inline table ``{ tekst = ..., eigen_tekst = true }``."""
        sub = self.table(key)
        if not sub.flag("eigen_tekst"):
            sub.fail(sub.path, "moet eigen_tekst = true hebben")
        return sub.text("tekst")


def read_instrument(name: str) -> InstrumentTable:
    """The root table of ``resources/instruments/<name>``."""
    path = resource_path("instruments", name)
    return InstrumentTable(read_toml(path), "", name)


def read_toml(path: Path) -> dict[str, Any]:
    """Read a TOML instrument file, turning I/O and syntax problems into an InstrumentError."""
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


def check_header(root: InstrumentTable, expected_id: str) -> tuple[str, str]:
    if root.text("id") != expected_id:
        root.fail("id", f"moet {expected_id!r} zijn")
    return root.text("versie"), root.text("titel")


def check_sequence(owner: InstrumentTable, key: str, numbers: list[int]) -> None:
    if numbers != list(range(1, len(numbers) + 1)):
        owner.fail(key, "zijn niet doorlopend genummerd vanaf 1")


def check_unique(owner: InstrumentTable, key: str, values: list[str]) -> None:
    if len(set(values)) != len(values):
        owner.fail(key, "bevat dubbele sleutels")
