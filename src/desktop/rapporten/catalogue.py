"""Registry of the reports a user can make (window: Rapporten; CLI: ``elkaar report``).

A feature registers its reports in ``desktop/<feature>/reports.py``::

    from desktop.rapporten.catalogue import Report, ReportOption, register

    register(Report(
        key="wegwijzer",
        title="Wegwijzer sociale kaart",
        description="Alle organisaties en hun aanbod per categorie.",
        options=[ReportOption("wijk", "Wijk of kern", "str")],
        build=build_wegwijzer,   # build(ctx, options, out_path, progress, cancel)
    ))

The catalogue imports those modules lazily (first call of :func:`get` or
:func:`all_reports`), so importing it stays cheap. A module that is not there yet is
skipped; a module that is there but fails to import raises, so a broken report is never
silently missing from the list.
"""

from __future__ import annotations

import contextvars
import importlib
import importlib.util
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from desktop.errors import UserError
from desktop.rapporten.progress import CancelArg, ProgressFn

#: What a report is made for: shown in the window's preview, saved as a file (also the
#: command line), or printed. A build that logs access to personal data reads it with
#: :func:`current_purpose`, so a preview is not logged as a print.
Purpose = Literal["bekijken", "opslaan", "afdrukken"]
PURPOSES: tuple[str, ...] = ("bekijken", "opslaan", "afdrukken")
_purpose: contextvars.ContextVar[str] = contextvars.ContextVar("report_purpose", default="opslaan")


def current_purpose() -> str:
    """The purpose of the report being built in this thread ("opslaan" by default)."""
    return _purpose.get()


OptionKind = Literal["int", "str", "choice", "bool", "year", "path"]
OPTION_KINDS: tuple[str, ...] = ("int", "str", "choice", "bool", "year", "path")
YEAR_MIN, YEAR_MAX = 1900, 2100
SQLITE_INT_MAX = 2**63 - 1

REPORT_MODULES: list[str] = [
    "desktop.rapporten.databaseoverzicht",
    "desktop.kaart.reports",
    "desktop.typetest.reports",
    "desktop.basisfuncties.reports",
    "desktop.mantelzorg.reports",
]

#: build(ctx, options, out_path, progress, cancel). ``ctx`` is what the caller has open
#: (a store session or an object holding one); ``options`` are already parsed and
#: complete (defaults filled in).
BuildFn = Callable[[Any, dict[str, Any], Path, ProgressFn | None, CancelArg], None]

_TRUE = {"ja", "j", "true", "waar", "1", "yes", "y", "aan"}
_FALSE = {"nee", "n", "false", "onwaar", "0", "no", "uit"}


@dataclass(frozen=True)
class ReportOption:
    """One option of a report, shown as a form field and as ``--name`` on the CLI."""

    name: str
    label: str
    kind: OptionKind
    choices: Sequence[str] | None = None
    required: bool = False
    default: Any = None
    help: str = ""

    def __post_init__(self) -> None:
        if self.kind not in OPTION_KINDS:
            raise ValueError(f"unknown option kind {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"choice option {self.name!r} needs choices")
        if not self.name.isidentifier():
            raise ValueError(f"option name {self.name!r} must be an identifier")

    @property
    def flag(self) -> str:
        """The command-line flag, ``--peiljaar`` for ``peiljaar``."""
        return "--" + self.name.replace("_", "-")

    def parse(self, raw: Any) -> Any:
        """A typed value from user input (text from the CLI or a form, or a value of the
        right type already); ``UserError`` with a Dutch message when it does not fit."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None
        text = raw.strip() if isinstance(raw, str) else raw
        if self.kind == "str":
            return str(text)
        if self.kind == "path":
            return Path(text).expanduser()
        if self.kind == "bool":
            if isinstance(text, bool):
                return text
            word = str(text).casefold()
            if word in _TRUE:
                return True
            if word in _FALSE:
                return False
            raise UserError(f"{self.label}: kies ja of nee (niet '{raw}').")
        if self.kind in ("int", "year"):
            if isinstance(text, bool):
                raise UserError(f"{self.label}: vul een geheel getal in.")
            try:
                number = int(text)
            except (TypeError, ValueError):
                raise UserError(f"{self.label}: '{raw}' is geen geheel getal.") from None
            if abs(number) > SQLITE_INT_MAX:
                raise UserError(f"{self.label}: {raw} is te groot; dat nummer bestaat niet.")
            if self.kind == "year" and not YEAR_MIN <= number <= YEAR_MAX:
                raise UserError(
                    f"{self.label}: {number} is geen geldig jaartal "
                    f"(tussen {YEAR_MIN} en {YEAR_MAX})."
                )
            return number
        # choice: case-insensitive, the canonical spelling is returned
        assert self.choices is not None
        for choice in self.choices:
            if str(choice).casefold() == str(text).casefold():
                return choice
        raise UserError(
            f"{self.label}: '{raw}' is geen geldige keuze. Kies uit: {', '.join(self.choices)}."
        )


@dataclass(frozen=True)
class Report:
    """A report in the catalogue. ``needs_encrypted`` marks reports that read personal
    data (the caller must have unlocked the encrypted store)."""

    key: str
    title: str
    description: str
    options: Sequence[ReportOption]
    build: BuildFn
    needs_encrypted: bool = False
    _option_index: dict[str, ReportOption] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        for option in self.options:
            if option.name in self._option_index:
                raise ValueError(f"report {self.key!r}: duplicate option {option.name!r}")
            self._option_index[option.name] = option

    def option(self, name: str) -> ReportOption:
        return self._option_index[name]

    def resolve_options(self, given: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Parse the given values, fill in defaults and check required ones.

        Unknown names, bad values and missing required options raise ``UserError``.
        Every option of the report is a key in the result (``None`` when not given).
        """
        given = dict(given or {})
        unknown = sorted(set(given) - set(self._option_index))
        if unknown:
            known = ", ".join(self._option_index) or "geen"
            raise UserError(
                f"Het rapport '{self.title}' kent de optie {', '.join(unknown)} niet. "
                f"Opties: {known}."
            )
        resolved: dict[str, Any] = {}
        missing: list[str] = []
        for option in self.options:
            value = option.parse(given.get(option.name))
            if value is None:
                value = option.default
            if value is None and option.required:
                missing.append(option.label)
            resolved[option.name] = value
        if missing:
            raise UserError(f"Vul in voor '{self.title}': {', '.join(missing)}.")
        return resolved

    def run(
        self,
        ctx: Any,
        options: Mapping[str, Any] | None,
        out_path: Path | str,
        progress: ProgressFn | None = None,
        cancel: CancelArg = None,
        purpose: Purpose = "opslaan",
    ) -> Path:
        """Resolve the options and build the report at ``out_path`` (``purpose``: see
        :func:`current_purpose`)."""
        if purpose not in PURPOSES:
            raise ValueError(f"unknown purpose {purpose!r}")
        out = Path(out_path).expanduser()
        token = _purpose.set(purpose)
        try:
            self.build(ctx, self.resolve_options(options), out, progress, cancel)
        finally:
            _purpose.reset(token)
        return out


_registry: dict[str, Report] = {}
_lock = threading.RLock()
_loaded = False


def register(report: Report) -> Report:
    """Add a report. Two different reports with one key are a programming error; the
    same report registered again (same build function, e.g. after a module reload)
    replaces the old entry. Returns the report: ``REPORT = register(Report(...))``."""
    with _lock:
        existing = _registry.get(report.key)
        if existing is not None and _origin(existing) != _origin(report):
            raise ValueError(f"report key {report.key!r} is already registered")
        _registry[report.key] = report
    return report


def _origin(report: Report) -> tuple[str, str]:
    build = report.build
    return (getattr(build, "__module__", ""), getattr(build, "__qualname__", repr(build)))


def unregister(key: str) -> None:
    """Remove a report (for tests)."""
    with _lock:
        _registry.pop(key, None)


def _module_exists(name: str) -> bool:
    """Whether ``name`` can be imported, without importing it; parents are imported
    (as importing the module would), and their errors are not hidden."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        if importlib.util.find_spec(".".join(parts[:i])) is None:
            return False
    return True


def load_report_modules(modules: Sequence[str] | None = None) -> None:
    """Import the feature report modules (once). Missing modules are skipped; a module
    that exists and fails to import raises its error."""
    global _loaded
    with _lock:
        if _loaded and modules is None:
            return
        for name in modules if modules is not None else REPORT_MODULES:
            if _module_exists(name):
                importlib.import_module(name)
        if modules is None:
            _loaded = True


def _sort_key(title: str) -> str:
    # Dutch readers sort "Één" with "Een": drop diacritics, ignore case.
    decomposed = unicodedata.normalize("NFKD", title)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def all_reports() -> list[Report]:
    """All registered reports, sorted by title."""
    load_report_modules()
    with _lock:
        return sorted(_registry.values(), key=lambda r: (_sort_key(r.title), r.key))


def get(key: str) -> Report:
    """The report with ``key``; ``UserError`` listing the available keys otherwise."""
    load_report_modules()
    with _lock:
        report = _registry.get(key)
        if report is None:
            report = _registry.get(key.strip().casefold())
        if report is not None:
            return report
        available = ", ".join(sorted(_registry)) or "geen"
    raise UserError(f"Onbekend rapport '{key}'. Beschikbaar: {available}.")


__all__ = [
    "REPORT_MODULES",
    "BuildFn",
    "OptionKind",
    "Report",
    "ReportOption",
    "all_reports",
    "get",
    "load_report_modules",
    "register",
    "unregister",
]
