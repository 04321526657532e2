"""Settings that belong to the data (stored in the database, table ``instelling``)."""

from __future__ import annotations

import base64
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.store.models import Instelling

GEMEENTE_NAAM = "gemeente.naam"
GEMEENTE_LOGO = "gemeente.logo"  # base64 PNG/JPEG, travels with the database
BACKUP_MAP = "backup.map"
BACKUP_TWEEDE_MAP = "backup.tweede_map"
LAATSTE_BACKUP = "backup.laatste"  # ISO timestamp UTC
WELKOM_GEDAAN = "welkom.gedaan"

MAX_LOGO_BYTES = 2_000_000


def get(session: Session, key: str, default: str | None = None) -> str | None:
    row = session.get(Instelling, key)
    return row.waarde if row is not None else default


def put(session: Session, key: str, value: str) -> None:
    row = session.get(Instelling, key)
    if row is None:
        session.add(Instelling(sleutel=key, waarde=value))
    else:
        row.waarde = value


def get_json(session: Session, key: str, default: Any = None) -> Any:
    raw = get(session, key)
    if raw is None or raw == "":
        return default
    try:
        return json.loads(raw)
    except ValueError:
        return default


def put_json(session: Session, key: str, value: Any) -> None:
    put(session, key, json.dumps(value, ensure_ascii=False))


def all_settings(session: Session) -> dict[str, str]:
    return {r.sleutel: r.waarde for r in session.scalars(select(Instelling))}


def gemeente_naam(session: Session) -> str:
    return get(session, GEMEENTE_NAAM) or ""


def set_gemeente_naam(session: Session, naam: str) -> None:
    naam = " ".join(naam.split())
    if not naam:
        raise UserError("Vul de naam van de gemeente in.")
    if len(naam) > 120:
        raise UserError("De naam van de gemeente is te lang (hoogstens 120 tekens).")
    put(session, GEMEENTE_NAAM, naam)


def logo_bytes(session: Session) -> bytes | None:
    raw = get(session, GEMEENTE_LOGO)
    if not raw:
        return None
    try:
        return base64.b64decode(raw)
    except ValueError:
        return None


def set_logo(session: Session, data: bytes | None) -> None:
    if data is None:
        put(session, GEMEENTE_LOGO, "")
        return
    if len(data) > MAX_LOGO_BYTES:
        raise UserError("Het logo is te groot (hoogstens 2 MB).")
    if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
        raise UserError("Het logo moet een PNG- of JPEG-afbeelding zijn.")
    put(session, GEMEENTE_LOGO, base64.b64encode(data).decode("ascii"))
