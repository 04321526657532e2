"""'Aandacht nodig' items for the Start page. Features provide ``attention_items(session)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from desktop.features import feature_modules
from desktop.store import overview, settings


@dataclass(frozen=True)
class AttentionItem:
    titel: str
    toelichting: str = ""
    ernst: str = "info"  # info | waarschuwing | urgent
    sectie: str | None = None  # section key to open
    record_id: int | None = None
    aantal: int | None = None


def core_items(session: Session, now: datetime | None = None) -> list[AttentionItem]:
    now = now or datetime.now(UTC)
    items: list[AttentionItem] = []
    last = overview.last_backup(session)
    if last is None:
        items.append(
            AttentionItem(
                "Er is nog geen reservekopie gemaakt",
                "Elkaar maakt automatisch een reservekopie bij het afsluiten.",
                "waarschuwing",
                "instellingen",
            )
        )
    elif now - last > timedelta(days=7):
        items.append(
            AttentionItem(
                "De laatste reservekopie is ouder dan een week",
                f"Laatste reservekopie: {last.astimezone().strftime('%d-%m-%Y')}",
                "waarschuwing",
                "instellingen",
            )
        )
    if not settings.gemeente_naam(session):
        items.append(AttentionItem("Vul de naam van de gemeente in", "", "info", "instellingen"))
    return items


def all_items(session: Session) -> list[AttentionItem]:
    items = core_items(session)
    for module in feature_modules("attention"):
        items.extend(module.attention_items(session))
    order = {"urgent": 0, "waarschuwing": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.ernst, 3))
