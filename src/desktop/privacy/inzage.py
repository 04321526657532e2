"""Inzage (AVG art. 15) and portability (art. 20): everything stored about a mantelzorger.

``collect`` gathers every record about the person: the mantelzorger, their zorgvragers
and care relations, gesprekken with vraaggebieden, the officer's risk decisions,
ondersteuningsplannen with afspraken and verwijzingen, unfinished drafts, the change log
of these records and the audit entries about them (who looked at, changed, exported or
printed the file, and when). ``write`` produces three files in a folder:

* ``.pdf`` to read (in Dutch, one section per part);
* ``.xlsx`` in the same plain Dutch as the PDF (one sheet per part);
* ``.json`` for portability (complete and machine-readable: raw field names, ISO values).

The inzage itself is logged first (actie "export"), so it appears in its own list.
``PERSON_TABLES`` names every table that holds data about a mantelzorger; a test checks
that every table with a foreign key to ``mantelzorger`` is in it.
"""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.mantelzorg import service
from desktop.mantelzorg.models import GesprekConcept
from desktop.privacy import audit
from desktop.privacy import inzage_labels as L
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
    # the audit time is cut to milliseconds
    since = m.aangemaakt_op - timedelta(milliseconds=1) if m.aangemaakt_op else None
    audit_rows = audit.about(session, service.SOORT, m.id, since)
    current = {
        "mantelzorger": {m.id: m.uuid},
        "zorgrelatie": {r.id: r.uuid for r in m.relaties},
        "zorgvrager": {r.zorgvrager_id: r.zorgvrager.uuid for r in m.relaties},
        "gesprek": {g.id: g.uuid for g in m.gesprekken},
        "ondersteuningsplan": {p.id: p.uuid for p in m.plannen},
    }
    condition = audit.person_changes(session, service.SOORT, m.id, current, since)
    data["wijzigingen"] = [
        _row(w, ("record_uuid",))
        for w in session.scalars(select(Wijziging).where(condition).order_by(Wijziging.id))
    ]
    data["auditlog"] = [_row(e, ("vorige_hash", "hash")) for e in audit_rows]
    return data


# --------------------------------------------------------------------------- files


def readable_sections(data: dict[str, Any], lookups: L.Lookups | None = None):
    """The inzage as the person reads it: Dutch labels and values, no internal ids."""
    lookups = lookups or L.Lookups()
    for r in data["zorgrelaties"]:
        zv = r.get("zorgvrager") or {}
        if zv.get("id") is not None:
            lookups.zorgvragers.setdefault(zv["id"], zv.get("naam", ""))
    m = {k: v for k, v in data["mantelzorger"].items() if k != "wijk"}
    if m.get("wijk_id") is not None and data["mantelzorger"].get("wijk"):
        lookups.wijken.setdefault(m["wijk_id"], data["mantelzorger"]["wijk"])
    _record_titles(data, lookups)
    out: dict[str, list[L.Block]] = {key: [] for key, _ in SECTIONS}
    out["mantelzorger"].append(L.block("mantelzorger", m, "Persoonsgegevens", lookups))
    for r in data["zorgrelaties"]:
        zv = r.get("zorgvrager") or {}
        b = L.block("zorgvrager", zv, f"Zorg voor {zv.get('naam', '')}".strip(), lookups)
        rel = L.block("zorgrelatie", r, "", lookups)
        b.pairs += rel.pairs
        b.values = {f"zorgvrager.{k}": v for k, v in b.values.items()} | rel.values
        b.table = "zorgrelatie"
        out["zorgrelaties"].append(b)
    for g in data["gesprekken"]:
        out["gesprekken"].append(L.block("gesprek", g, L._date_title("Gesprek", g), lookups))
        for v in g.get("vraaggebieden", []):
            title = f"Vraaggebied {L.vraaggebied_name(v['sleutel'], v.get('instrument_versie'))}"
            b = L.block("gesprek_vraaggebied", v, title, lookups)
            b.values["gesprek"] = L._date_title("Gesprek", g)
            out["gesprekken"].append(b)
    for b in data["risicobeoordelingen"]:
        out["risicobeoordelingen"].append(
            L.block(
                "risico_beoordeling",
                b,
                f"Risicovlag: {L.show('risico_beoordeling', 'vlag', b['vlag'])}",
                lookups,
            )
        )
    for p in data["ondersteuningsplannen"]:
        plan_title = L._date_title("Ondersteuningsplan", p)
        out["ondersteuningsplannen"].append(L.block("ondersteuningsplan", p, plan_title, lookups))
        for n, a in enumerate(p.get("afspraken", []), 1):
            b = L.block("afspraak", a, f"Afspraak {n} ({plan_title.lower()})", lookups)
            b.values["plan"] = plan_title
            out["ondersteuningsplannen"].append(b)
        for n, v in enumerate(p.get("verwijzingen", []), 1):
            b = L.block("verwijzing", v, f"Verwijzing {n} ({plan_title.lower()})", lookups)
            b.values["plan"] = plan_title
            out["ondersteuningsplannen"].append(b)
    for c in data["concepten"]:
        out["concepten"].append(L.block("gesprek_concept", c, "Concept van een gesprek", lookups))
    for w in data["wijzigingen"]:
        row = dict(w)
        row["waarover"] = lookups.record_title(w.get("tabel", ""), w.get("record_id"))
        out["wijzigingen"].append(L.block("wijziging", row, "", lookups))
    for e in data["auditlog"]:
        out["auditlog"].append(L.block("audit_log", e, "", lookups))
    return [L.ReadableSection(key, title, out[key]) for key, title in SECTIONS]


def _record_titles(data: dict[str, Any], lookups: L.Lookups) -> None:
    """What each record of the person is, in plain Dutch, for the rows of the change log
    and the audit log ("Gesprek van 03-11-2026 over Wim Rijnders")."""
    records = lookups.records
    mz = data["mantelzorger"]
    records[("mantelzorger", mz["id"])] = "Persoonsgegevens"
    for r in data["zorgrelaties"]:
        zv = r.get("zorgvrager") or {}
        naam = zv.get("naam", "")
        if zv.get("id") is not None:
            records[("zorgvrager", zv["id"])] = f"Gegevens van zorgvrager {naam}".strip()
        if r.get("id") is not None:
            records[("zorgrelatie", r["id"])] = f"Zorg voor {naam}".strip()
    for g in data["gesprekken"]:
        title = L._date_title("Gesprek", g)
        zv = g.get("zorgvrager_id")
        if zv is not None and zv in lookups.zorgvragers:
            title += f" over {lookups.zorgvragers[zv]}"
        records[("gesprek", g["id"])] = title
    for p in data["ondersteuningsplannen"]:
        records[("ondersteuningsplan", p["id"])] = L._date_title("Ondersteuningsplan", p)


def _lookups(session: Session) -> L.Lookups:
    from desktop.store.models import Wijk

    return L.Lookups(wijken={w.id: w.naam for w in session.scalars(select(Wijk))})


_SHEET_NAMES = {
    "gesprek_vraaggebied": "Vraaggebieden van gesprekken",
    "afspraak": "Afspraken",
    "verwijzing": "Verwijzingen",
    "wijzigingen": "Wijzigingen",
    "auditlog": "Auditlog",
}
_EXTRA_COLUMNS = {"gesprek": "Hoort bij", "plan": "Hoort bij"}


def _sheets(sections):
    """One sheet per part (nested records get their own sheet), Dutch column headers."""
    from desktop.rapporten.excel import SheetSpec

    specs = []
    for section in sections:
        groups: dict[str, list[L.Block]] = {}
        for b in section.blocks:
            groups.setdefault(b.table, []).append(b)
        if not groups:
            title = _SHEET_NAMES.get(section.key, section.title)
            specs.append(SheetSpec(title[:31], ["Gegevens"], [["Niets vastgelegd."]]))
            continue
        for n, (table, blocks) in enumerate(groups.items()):
            columns: list[str] = []
            for b in blocks:
                columns += [c for c in b.values if c not in columns]
            headers = []
            for c in columns:
                if c in _EXTRA_COLUMNS:
                    headers.append(_EXTRA_COLUMNS[c])
                elif c.startswith("zorgvrager."):
                    headers.append(L.label("zorgvrager", c.partition(".")[2]))
                else:
                    headers.append(L.label(table, c))
            rows = [[b.values.get(c) or L.EMPTY for c in columns] for b in blocks]
            title = _SHEET_NAMES.get(table if n else section.key, section.title)
            specs.append(SheetSpec(title[:31], headers, rows))
    return specs


def _pdf_story(data: dict[str, Any], lookups: L.Lookups | None = None):
    from desktop.rapporten.document import Heading
    from desktop.rapporten.styles import key_value_table, make_table, para

    story: list[Any] = [
        para(
            "Dit overzicht bevat alle gegevens die over u zijn vastgelegd, en wie ze heeft "
            "bekeken of gewijzigd. U hebt het recht ze te laten verbeteren of te laten wissen. "
            "Lege velden zijn weggelaten. Tijden zijn Nederlandse tijd."
        ),
        para(f"Samengesteld op {L.plain(data['samengesteld_op'])}."),
    ]
    for section in readable_sections(data, lookups):
        story.append(Heading(section.title, 1))
        if not section.blocks:
            story.append(para("Niets vastgelegd."))
            continue
        if section.key in ("wijzigingen", "auditlog"):
            table = "wijziging" if section.key == "wijzigingen" else "audit_log"
            # "Waarover" says the kind and which one; the bare number means nothing
            columns = [c for c, _l, _k in L.FIELDS[table] if c not in ("record_id", "tabel")]
            rows = [[b.values.get(c, "") for c in columns] for b in section.blocks]
            story.append(make_table([L.label(table, c) for c in columns], rows, repeat_header=True))
            continue
        for b in section.blocks:
            if b.title and section.key != "mantelzorger":
                story.append(Heading(b.title, 2))
            story.append(key_value_table(b.pairs or [("", "Niets ingevuld.")]))
    return story


def write(session: Session, mantelzorger_id: int, out_dir: Path | str, store=None) -> list[Path]:
    """Write PDF, JSON and Excel for one mantelzorger into ``out_dir``."""

    out = Path(out_dir).expanduser()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"De map {out} kan niet worden aangemaakt ({exc.strerror}).") from exc
    data = collect(session, mantelzorger_id)
    stem = f"inzage-mantelzorger-{mantelzorger_id}-{date.today().isoformat()}"
    written: list[Path] = []
    try:
        return _write_files(session, data, mantelzorger_id, out, stem, written)
    except BaseException:
        # all three or none: no half inzage with personal data left in the folder
        for path in written:
            path.unlink(missing_ok=True)
        raise


def _write_files(session, data, mantelzorger_id, out: Path, stem: str, written: list[Path]):
    from desktop.rapporten.document import ReportContext, build_pdf
    from desktop.rapporten.excel import write_workbook

    def claim(path: Path) -> Path:  # removed again on failure, unless it was there before
        if not path.exists():
            written.append(path)
        return path

    json_path = claim(out / f"{stem}.json")
    try:
        json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{json_path} kan niet worden geschreven ({exc.strerror}).") from exc
    lookups = _lookups(session)
    sections = readable_sections(data, lookups)
    xlsx_path = write_workbook(claim(out / f"{stem}.xlsx"), _sheets(sections))
    from desktop.store import settings

    naam = settings.gemeente_naam(session)
    context = ReportContext(
        gemeente=f"Gemeente {naam}" if naam else "Gemeente",
        logo_path=None,
        title="Inzage: uw gegevens",
        subtitle=f"{data['mantelzorger']['naam']} (nummer {mantelzorger_id})",
    )
    pdf_path = build_pdf(claim(out / f"{stem}.pdf"), context, _pdf_story(data, lookups))
    return [pdf_path, json_path, xlsx_path]
