"""The feature packages and the optional modules each may provide.

A feature package ``desktop.<name>`` can offer any of these modules:

* ``models``   SQLAlchemy models (imported before migrations/metadata checks)
* ``views``    ``create_section(ctx) -> Section`` for the main window
* ``cli``      ``register(groups)`` adding subcommands (see desktop.cli)
* ``demo``     ``load_demo(session, ctx)`` filling the demo gemeente
* ``attention````attention_items(session) -> list[AttentionItem]`` for the Start page
* ``reports``  registers reports in desktop.rapporten.catalogue

A module that does not exist is skipped; one that exists but fails to import raises.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Iterator
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


def import_all_models() -> None:
    importlib.import_module("desktop.store.models")
    for _ in feature_modules("models"):
        pass
