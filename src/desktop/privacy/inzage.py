"""Inzage (AVG art. 15) and portability (art. 20): everything stored about a mantelzorger.

``collect`` gathers every record about the person: the mantelzorger, their zorgvragers
and care relations, gesprekken with vraaggebieden, the officer's risk decisions,
ondersteuningsplannen with afspraken and verwijzingen, unfinished drafts, the change log
of these records and the audit entries about them (who looked at, changed, exported or
printed the file, and when). ``write`` produces three files in a folder:

* ``.pdf`` to read (in Dutch, one section per part);
* ``.json`` and ``.xlsx`` for portability (machine-readable, same content).

The inzage itself is logged first (actie "export"), so it appears in its own list.
``PERSON_TABLES`` names every table that holds data about a mantelzorger; a test checks
that every table with a foreign key to ``mantelzorger`` is in it.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.mantelzorg import service
from desktop.mantelzorg.models import GesprekConcept
from desktop.privacy import audit
from desktop.privacy.models import AuditEntry
from desktop.store.models import Wijziging

PERSON_TABLES = (
    "mantelzorger",
    "zorgrelatie",
    "zorgvrager",
    "gesprek",
    "gesprek_vraaggebied",
    "risico_beoordeling",
    "ondersteuningsplan",
    "afspraak",
    "verwijzing",
    "gesprek_concept",
)

SECTIONS = (
    ("mantelzorger", "Persoonsgegevens"),
    ("zorgrelaties", "Zorgvragers en zorgsituatie"),
    ("gesprekken", "Gesprekken"),
    ("risicobeoordelingen", "Beoordeelde risicovlaggen"),
    ("ondersteuningsplannen", "Ondersteuningsplannen"),
    ("concepten", "Niet afgemaakte concepten"),
    ("wijzigingen", "Wijzigingen (wie veranderde wat)"),
    ("auditlog", "Auditlog (wie bekeek, wijzigde, exporteerde of drukte af)"),
)


def _value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    return v


def _row(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {c.key: _value(getattr(obj, c.key)) for c in obj.__table__.columns if c.key not in skip}


def collect(session: Session, mantelzorger_id: int, *, log: bool = True) -> dict[str, Any]:
    service.require_encrypted(session)
    if log:
        audit.log(session, "export", service.SOORT, mantelzorger_id, "inzage samengesteld")
    m = service.get(session, mantelzorger_id, log_view=False)
    data: dict[str, Any] = {
        "samengesteld_op": _value(datetime.now().astimezone()),
        "mantelzorger": _row(m) | {"wijk": m.wijk.naam if m.wijk else ""},
    }
    data["zorgrelaties"] = [_row(r) | {"zorgvrager": _row(r.zorgvrager)} for r in m.relaties]
    data["gesprekken"] = [
        _row(g) | {"vraaggebieden": [_row(v) for v in g.vraaggebieden]} for g in m.gesprekken
    ]
    data["risicobeoordelingen"] = [_row(b) for b in m.beoordelingen]
    data["ondersteuningsplannen"] = [
        _row(p)
        | {
            "afspraken": [_row(a) for a in p.afspraken],
            "verwijzingen": [_row(v) for v in p.verwijzingen],
        }
        for p in m.plannen
    ]
    data["concepten"] = [
        _row(c)
        for c in session.scalars(
            select(GesprekConcept).where(GesprekConcept.mantelzorger_id == m.id)
        )
    ]
    refs = {
        "mantelzorger": [m.id],
        "zorgrelatie": [r.id for r in m.relaties],
        "zorgvrager": [r.zorgvrager_id for r in m.relaties],
        "gesprek": [g.id for g in m.gesprekken],
        "ondersteuningsplan": [p.id for p in m.plannen],
    }
    conds = [
        (Wijziging.tabel == table) & Wijziging.record_id.in_(ids)
        for table, ids in refs.items()
        if ids
    ]
    data["wijzigingen"] = [
        _row(w, ("record_uuid",))
        for w in session.scalars(select(Wijziging).where(or_(*conds)).order_by(Wijziging.id))
    ]
    data["auditlog"] = [
        _row(e, ("vorige_hash", "hash"))
        for e in session.scalars(
            select(AuditEntry)
            .where(AuditEntry.onderwerp_soort == service.SOORT, AuditEntry.onderwerp_id == m.id)
            .order_by(AuditEntry.id)
        )
    ]
    return data


# --------------------------------------------------------------------------- files


def _flatten(section: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of one section for Excel: nested lists become their own prefixed rows."""
    value = data[section]
    if isinstance(value, dict):
        return [value]
    rows: list[dict[str, Any]] = []
    for item in value:
        flat = {k: v for k, v in item.items() if not isinstance(v, list | dict)}
        for k, v in item.items():
            if isinstance(v, dict):
                flat.update({f"{k}.{kk}": vv for kk, vv in v.items()})
        rows.append(flat)
        for k, v in item.items():
            if isinstance(v, list):
                for sub in v:
                    rows.append({"onderdeel": k} | {f"{k}.{kk}": vv for kk, vv in sub.items()})
    return rows


def _sheets(data: dict[str, Any]):
    from desktop.rapporten.excel import SheetSpec

    specs = []
    for key, title in SECTIONS:
        rows = _flatten(key, data)
        headers: list[str] = []
        for row in rows:
            for h in row:
                if h not in headers:
                    headers.append(h)
        if not headers:
            headers = ["(geen gegevens)"]
        specs.append(
            SheetSpec(
                title[:31],
                headers,
                [[("" if row.get(h) is None else row.get(h)) for h in headers] for row in rows],
            )
        )
    return specs


def _pdf_story(data: dict[str, Any]):
    from desktop.rapporten.document import Heading
    from desktop.rapporten.styles import key_value_table, para

    story: list[Any] = [
        para(
            "Dit overzicht bevat alle gegevens die over u zijn vastgelegd, en wie ze heeft "
            "bekeken of gewijzigd. U hebt het recht ze te laten verbeteren of te laten wissen."
        )
    ]
    for key, title in SECTIONS:
        story.append(Heading(title, 1))
        rows = _flatten(key, data)
        if not rows:
            story.append(para("Niets vastgelegd."))
            continue
        for row in rows:
            pairs = [
                (k, "" if v is None else str(v)) for k, v in row.items() if v not in (None, "")
            ]
            story.append(key_value_table(pairs))
            story.append(para(""))
    return story


def write(session: Session, mantelzorger_id: int, out_dir: Path | str, store=None) -> list[Path]:
    """Write PDF, JSON and Excel for one mantelzorger into ``out_dir``."""
    from desktop.rapporten.document import ReportContext, build_pdf
    from desktop.rapporten.excel import write_workbook

    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"De map {out} kan niet worden aangemaakt ({exc.strerror}).") from exc
    data = collect(session, mantelzorger_id)
    stem = f"inzage-mantelzorger-{mantelzorger_id}-{date.today().isoformat()}"
    json_path = out / f"{stem}.json"
    try:
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{json_path} kan niet worden geschreven ({exc.strerror}).") from exc
    xlsx_path = write_workbook(out / f"{stem}.xlsx", _sheets(data))
    from desktop.store import settings

    naam = settings.gemeente_naam(session)
    context = ReportContext(
        gemeente=f"Gemeente {naam}" if naam else "Gemeente",
        logo_path=None,
        title="Inzage: uw gegevens",
        subtitle=f"{data['mantelzorger']['naam']} (nummer {mantelzorger_id})",
    )
    pdf_path = build_pdf(out / f"{stem}.pdf", context, _pdf_story(data))
    return [pdf_path, json_path, xlsx_path]
