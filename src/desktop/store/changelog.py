"""Field-level change log (who, when, which field, old -> new) for any model.

Call ``record(session, obj, user)`` before flushing changes to ``obj``; for new objects
call it after flush so the id is known (``actie="nieuw"``).
"""

from __future__ import annotations

import getpass
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from desktop.store.models import Wijziging

_IGNORED = {"gewijzigd_op", "aangemaakt_op", "id", "uuid"}
_current_user: str | None = None


def current_user() -> str:
    """The signed-in user, or the operating-system account name."""
    if _current_user:
        return _current_user
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no passwd entry
        return "onbekend"


def set_current_user(name: str | None) -> None:
    global _current_user
    _current_user = name


def _fmt(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return str(value)


def record(session: Session, obj: Any, *, actie: str | None = None, user: str | None = None) -> int:
    """Log changed column attributes of ``obj``. Returns the number of entries written."""
    state = inspect(obj)
    table = obj.__table__.name
    who = user or current_user()
    if actie in {"nieuw", "archiveer", "herstel", "samenvoeg", "verwijder"}:
        session.add(
            Wijziging(
                gebruiker=who,
                tabel=table,
                record_id=obj.id or 0,
                record_uuid=getattr(obj, "uuid", "") or "",
                actie=actie,
            )
        )
        return 1
    count = 0
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _IGNORED:
            continue
        hist = state.attrs[key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if _fmt(old) == _fmt(new):
            continue
        session.add(
            Wijziging(
                gebruiker=who,
                tabel=table,
                record_id=obj.id or 0,
                record_uuid=getattr(obj, "uuid", "") or "",
                actie=actie or "wijzig",
                veld=key,
                oud=_fmt(old),
                nieuw=_fmt(new),
            )
        )
        count += 1
    return count


def history(session: Session, table: str, record_id: int) -> list[Wijziging]:
    stmt = (
        select(Wijziging)
        .where(Wijziging.tabel == table, Wijziging.record_id == record_id)
        .order_by(Wijziging.tijd.desc(), Wijziging.id.desc())
    )
    return list(session.scalars(stmt))
