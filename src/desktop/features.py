"""The feature packages and the optional modules each may provide.

A feature package ``desktop.<name>`` can offer any of these modules:

* ``models``   SQLAlchemy models (imported before migrations/metadata checks)
* ``views``    the Section widget named by the package's ``SECTION`` (see below)
* ``cli``      ``register(groups)`` adding subcommands (see desktop.cli)
* ``demo``     ``load_demo(session, ctx)`` filling the demo gemeente
* ``attention````attention_items(session) -> list[AttentionItem]`` for the Start page
* ``reports``  registers reports in desktop.rapporten.catalogue

A module that does not exist is skipped; one that exists but fails to import raises.

A feature with a page in the main window names it in its package ``__init__`` as
``SECTION = SectionInfo(...)``. The window shows the navigation from these before the
store is open and builds a section only when it is first shown, so start-up imports no
feature views (and no SQLAlchemy) before the window is on screen.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

FEATURES: tuple[str, ...] = ("kaart", "mantelzorg", "typetest", "basisfuncties", "privacy")


def _exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def feature_modules(kind: str) -> Iterator[ModuleType]:
    """Import and yield ``desktop.<feature>.<kind>`` for every feature that has it."""
    for feature in FEATURES:
        name = f"desktop.{feature}.{kind}"
        if _exists(f"desktop.{feature}") and _exists(name):
            yield importlib.import_module(name)


@dataclass(frozen=True)
class SectionInfo:
    """A page of the main window, known without importing its (heavy) view module."""

    key: str
    title: str
    icon: str  # name of a QStyle.StandardPixmap
    order: int
    factory: str  # "module:callable" that builds the Section from an AppContext

    def load(self):
        module, _, name = self.factory.partition(":")
        return getattr(importlib.import_module(module), name)


CORE_SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo("start", "Start", "SP_DirHomeIcon", 0, "desktop.ui.start:StartSection"),
    SectionInfo(
        "rapporten",
        "Rapporten",
        "SP_FileDialogContentsView",
        80,
        "desktop.rapporten.views:ReportsSection",
    ),
    SectionInfo(
        "instellingen",
        "Instellingen",
        "SP_FileDialogDetailedView",
        90,
        "desktop.ui.settings_view:SettingsSection",
    ),
)


def core_section(key: str) -> SectionInfo:
    return next(info for info in CORE_SECTIONS if info.key == key)


def navigation() -> list[SectionInfo]:
    """Every page of the main window in navigation order (imports only package inits)."""
    found = list(CORE_SECTIONS)
    for feature in FEATURES:
        if _exists(f"desktop.{feature}"):
            info = getattr(importlib.import_module(f"desktop.{feature}"), "SECTION", None)
            if info is not None:
                found.append(info)
    return sorted(found, key=lambda info: info.order)


def import_all_models() -> None:
    importlib.import_module("desktop.store.models")
    for _ in feature_modules("models"):
        pass
