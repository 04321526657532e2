"""The ReportContext for a store: gemeente name and logo from the database settings."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from desktop.rapporten.document import ReportContext
from desktop.store import settings

_LOGO_DIR = Path(tempfile.gettempdir()) / "elkaar-logo"


def _logo_file(data: bytes | None) -> Path | None:
    if not data:
        return None
    digest = hashlib.sha256(data).hexdigest()[:16]
    suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
    path = _LOGO_DIR / f"logo-{digest}{suffix}"
    if not path.exists():
        _LOGO_DIR.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return path


def report_context(store, title: str, subtitle: str | None = None) -> ReportContext:
    with store.session() as session:
        naam = settings.gemeente_naam(session)
        logo = settings.logo_bytes(session)
    gemeente = (
        f"Gemeente {naam}"
        if naam and not naam.lower().startswith("gemeente")
        else (naam or "Gemeente")
    )
    return ReportContext(
        gemeente=gemeente, logo_path=_logo_file(logo), title=title, subtitle=subtitle
    )
