"""The demo gemeente: a fictional gemeente every feature adds its part to."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.features import feature_modules
from desktop.store import settings, wijken
from desktop.store.engine import Store
from desktop.store.models import Wijk

DEMO_GEMEENTE = "Lindewaard"
DEMO_WIJKEN: tuple[tuple[str, str], ...] = (
    ("Centrum", "wijk"),
    ("De Akkers", "wijk"),
    ("Molenwijk", "wijk"),
    ("Oosterpark", "wijk"),
    ("Zuidhoek", "wijk"),
    ("Hoogeveld", "kern"),
    ("Broekhuizen", "kern"),
    ("Ter Aar aan de Vliet", "kern"),
)


@dataclass
class DemoContext:
    """What a feature's ``load_demo(session, ctx)`` gets."""

    rng: random.Random
    today: date
    wijken: list[Wijk]
    encrypted: bool
    messages: list[str] = field(default_factory=list)


def load_demo(
    store: Store,
    *,
    gemeente: str = DEMO_GEMEENTE,
    today: date | None = None,
    seed: int = 20261123,
    progress: Callable[[str], None] | None = None,
) -> list[str]:
    """Fill an empty store with the demo gemeente. Returns notes for the user.

    A store that already holds organisations, mantelzorgers, rondes or metingen is
    refused (UserError): made-up data must never mix with a gemeente's real data."""
    with store.session() as session:
        _refuse_if_filled(session)
        _load(session, store, gemeente, today or date.today(), seed, progress)
        ctx_messages = session.info.pop("demo_messages", [])
    return ctx_messages


#: Tables whose rows are a gemeente's own data (settings, wijken and logs are not).
_OWN_DATA = {
    "organisatie": "organisaties",
    "mantelzorger": "mantelzorgers",
    "typetest_ronde": "typetest-rondes",
    "meting": "metingen",
}


def _refuse_if_filled(session: Session) -> None:
    from desktop.store.overview import table_counts

    filled = [
        f"{c.rows} {_OWN_DATA[c.table]}"
        for c in table_counts(session)
        if c.table in _OWN_DATA and c.rows
    ]
    if filled:
        raise UserError(
            "Voorbeeldgegevens gaan alleen in een lege database; deze bevat al "
            + ", ".join(filled)
            + ". Maak voor de voorbeeldgegevens een nieuwe database (een ander --db)."
        )


def _load(session: Session, store: Store, gemeente: str, today: date, seed: int, progress) -> None:
    settings.set_gemeente_naam(session, gemeente)
    settings.put(session, settings.WELKOM_GEDAAN, "1")
    existing = {w.naam for w in wijken.list_wijken(session)}
    for naam, soort in DEMO_WIJKEN:
        if naam not in existing:
            wijken.add_wijk(session, naam, soort)
    ctx = DemoContext(
        rng=random.Random(seed),
        today=today,
        wijken=wijken.list_wijken(session),
        encrypted=store.encrypted,
    )
    for module in feature_modules("demo"):
        feature = module.__name__.split(".")[1]
        if progress:
            progress(feature)
        # Each feature draws from its own random stream, so one feature's demo (e.g. the
        # mantelzorgers, only in an encrypted store) never changes another's.
        ctx.rng = random.Random(f"{seed}-{feature}")
        module.load_demo(session, ctx)
        session.flush()
    session.info["demo_messages"] = ctx.messages
