"""'Aandacht nodig' items for the Start page. Features provide ``attention_items(session)``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

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
    # where inside the section: a tab or list the section's ``open_target`` knows
    # (e.g. "te_controleren"); None opens the section (and the record, if any)
    doel: str | None = None


def core_items(session: Session, now: datetime | None = None) -> list[AttentionItem]:
    now = now or datetime.now(UTC)
    items: list[AttentionItem] = []
    last = overview.last_backup(session)
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
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
    items.extend(_second_location_items(session, now))
    items.extend(_network_items(session))
    if not settings.gemeente_naam(session):
        items.append(AttentionItem("Vul de naam van de gemeente in", "", "info", "instellingen"))
    return items


def _second_location_items(session: Session, now: datetime) -> list[AttentionItem]:
    second = settings.get(session, settings.BACKUP_TWEEDE_MAP) or ""
    if not second:
        return [
            AttentionItem(
                "Kies een tweede locatie voor reservekopieën",
                "Bijvoorbeeld een USB-stick: dan bent u ook beschermd als deze computer kapotgaat.",
                "info",
                "instellingen",
            )
        ]
    if not Path(second).is_dir():
        return [
            AttentionItem(
                "De tweede locatie voor reservekopieën ontbreekt",
                f"{second} is niet bereikbaar. Sluit de USB-stick aan of kies een andere map.",
                "waarschuwing",
                "instellingen",
            )
        ]
    raw = settings.get(session, "backup.tweede_laatste")
    last = None
    if raw:
        try:
            last = datetime.fromisoformat(raw)
        except ValueError:
            last = None
    if last is not None and last.tzinfo is None:
        last = last.replace(tzinfo=UTC)
    if last is None or now - last > timedelta(days=7):
        return [
            AttentionItem(
                "Op de tweede locatie staat geen recente reservekopie",
                "Laatste kopie daar: "
                + (last.astimezone().strftime("%d-%m-%Y") if last else "nog nooit"),
                "waarschuwing",
                "instellingen",
            )
        ]
    return []


def _network_items(session: Session) -> list[AttentionItem]:
    from desktop.store import lock

    try:
        bind = session.get_bind()
        db = bind.url.database if bind.url.get_backend_name() == "sqlite" else None
    except Exception:
        return []
    if not db:
        # engines created with a creator (our file stores) have no path in the URL
        db = session.info.get("db_path")
    if not db:
        return []
    warning = lock.network_warning(Path(db))
    if not warning:
        return []
    return [AttentionItem("De database staat op een netwerkschijf", warning, "urgent", None)]


def all_items(session: Session) -> list[AttentionItem]:
    items = core_items(session)
    for module in feature_modules("attention"):
        items.extend(module.attention_items(session))
    order = {"urgent": 0, "waarschuwing": 1, "info": 2}
    return sorted(items, key=lambda i: order.get(i.ernst, 3))
