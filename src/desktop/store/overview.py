"""Facts about an opened store: counts per table, schema version, last backup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, inspect, select, table
from sqlalchemy.orm import Session

from desktop.store import migrations, settings
from desktop.store.engine import Store

# Dutch labels for tables; features may extend this mapping from their models module.
TABLE_LABELS: dict[str, str] = {
    "instelling": "Instellingen",
    "wijk": "Wijken en kernen",
    "wijk_alias": "Oude wijknamen",
    "wijziging": "Wijzigingslog",
}


@dataclass(frozen=True)
class TableCount:
    table: str
    label: str
    rows: int


@dataclass(frozen=True)
class Overview:
    gemeente: str
    location: str
    encrypted: bool
    size_bytes: int | None
    schema_version: str
    last_backup: datetime | None
    tables: list[TableCount]


def table_counts(session: Session) -> list[TableCount]:
    names = sorted(
        n
        for n in inspect(session.get_bind()).get_table_names()
        if n != "alembic_version" and not n.startswith(("sqlite_", "fts_"))
    )
    result = []
    for name in names:
        count = session.scalar(select(func.count()).select_from(table(name))) or 0
        result.append(
            TableCount(name, TABLE_LABELS.get(name, name.replace("_", " ").capitalize()), count)
        )
    return result


def last_backup(session: Session) -> datetime | None:
    raw = settings.get(session, settings.LAATSTE_BACKUP)
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None


def overview(store: Store) -> Overview:
    with store.session() as session:
        size = None
        if store.path is not None and store.path.exists():
            size = store.path.stat().st_size
            wal = store.path.with_name(store.path.name + "-wal")
            if wal.exists():
                size += wal.stat().st_size
        return Overview(
            gemeente=settings.gemeente_naam(session),
            location=str(store.path) if store.path else store.info.url,
            encrypted=store.encrypted,
            size_bytes=size,
            schema_version=migrations.schema_version(store),
            last_backup=last_backup(session),
            tables=table_counts(session),
        )
