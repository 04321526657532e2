"""Import the sociale kaart from a spreadsheet (.xlsx or .csv).

Both layouts work: one row per organisatie, or one row per aanbod where the
organisation's columns repeat (or are left empty after the first row). Rows are grouped
by organisation identity: the Organisatie-id (uuid) when present, else the normalised
name plus postcode. Existing records are updated instead of duplicated (same keys).

Every row is validated with Dutch reasons ("rij 7: postcode '123' ..."). Modes:

* ``geldig`` (alleen geldige rijen): rejected rows are skipped, the rest is stored;
* ``alles`` (alles of niets): one rejected row and nothing is stored.

Everything happens in ONE transaction with bulk statements (executemany, no ORM
objects per row): a cancel, a failure, a dry run or "alles of niets" with a rejected
row rolls it back, so the database is exactly as it was. The row-level result can be
saved as .xlsx (``save_result``). ``write_template`` writes the blank intake template.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.kaart import search
from desktop.kaart.bulk import bulk_insert
from desktop.kaart.columns import (
    FIELDS_BY_KEY,
    match_columns,
)
from desktop.kaart.import_rows import _cell, _Lookups, _parse_row, _RowError
from desktop.kaart.models import (
    Aanbod,
    AanbodKenmerk,
    Contactpersoon,
    Organisatie,
    aanbod_wijk,
    organisatie_wijk,
)
from desktop.kaart.template import write_template
from desktop.kaart.text import fold, normalise_name
from desktop.store import changelog
from desktop.store.base import new_uuid
from desktop.store.models import Wijziging

__all__ = [
    "MODI",
    "ImportCancelled",
    "ImportResult",
    "RowResult",
    "auto_mapping",
    "import_file",
    "read_file",
    "run_import",
    "save_result",
    "write_template",
]

MODI = {"geldig": "Alleen geldige rijen", "alles": "Alles of niets"}
Progress = Callable[[int, int, str], None]

TOEGEVOEGD, BIJGEWERKT, AFGEWEZEN, NIET = "toegevoegd", "bijgewerkt", "afgewezen", "niet ingelezen"


class ImportCancelled(UserError):
    def __init__(self) -> None:
        super().__init__("Het inlezen is afgebroken; er is niets veranderd.")


@dataclass
class RowResult:
    rij: int
    resultaat: str
    blad: str = ""
    organisatie: str = ""
    aanbod: str = ""
    reden: str = ""


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False
    modus: str = "geldig"
    stored: bool = False
    warnings: list[str] = field(default_factory=list)
    bestand: str = ""

    def count(self, what: str) -> int:
        return sum(1 for r in self.rows if r.resultaat == what)

    @property
    def toegevoegd(self) -> int:
        return self.count(TOEGEVOEGD)

    @property
    def bijgewerkt(self) -> int:
        return self.count(BIJGEWERKT)

    @property
    def afgewezen(self) -> int:
        return self.count(AFGEWEZEN)

    def summary(self) -> str:
        return f"toegevoegd: {self.toegevoegd}, bijgewerkt: {self.bijgewerkt}, afgewezen: {self.afgewezen}"


# --------------------------------------------------------------------------- reading


def read_file(
    path: str | Path, *, sheet: str | None = None, progress: Progress | None = None, cancel=None
):
    """The table in the file (``spreadsheet.read_table``); UserError when unusable."""
    from desktop.kaart.spreadsheet import read_table

    def prog(done: int, total: int) -> None:
        if progress:
            progress(done, total, "Bestand lezen")

    is_cancelled = (
        (cancel.is_set if isinstance(cancel, threading.Event) else cancel) if cancel else None
    )
    if sheet is None:
        from desktop.kaart.spreadsheet import list_sheets

        names = list_sheets(path)
        if EXPORT_SHEETS[0] in names and EXPORT_SHEETS[1] in names:
            tables = [
                read_table(path, sheet=n, progress=prog, cancel=is_cancelled) for n in EXPORT_SHEETS
            ]
            return _combine(tables)
    return read_table(path, sheet=sheet, progress=prog, cancel=is_cancelled)


#: The sheets of our own Excel export; a workbook with both is read as one table.
EXPORT_SHEETS = ("Organisaties", "Aanbod")


@dataclass
class CombinedTable:
    headers: list[str]
    rows: list[Any]
    sheet_name: str
    sheet_of: dict[int, str]
    warnings: list[str] = field(default_factory=list)


def _combine(tables) -> CombinedTable:
    headers: list[str] = []
    rows: list[Any] = []
    sheet_of: dict[int, str] = {}
    warnings: list[str] = []
    for t in tables:
        headers += [h for h in t.headers if h not in headers]
        for r in t.rows:
            sheet_of[len(rows)] = t.sheet_name
            rows.append(r)
        warnings += t.warnings
    return CombinedTable(
        headers, rows, " + ".join(t.sheet_name for t in tables), sheet_of, warnings
    )


def auto_mapping(headers: list[str]) -> dict[str, str]:
    """Field key -> header, by automatic matching of the headers."""
    return dict(match_columns(headers).fields)


def check_mapping(mapping: Mapping[str, str]) -> None:
    if "organisatie_naam" not in mapping and "organisatie_id" not in mapping:
        raise UserError(
            "Geen bruikbare kolommen gevonden: het bestand heeft geen kolom met de naam van de "
            "organisatie. Geef in de koppeling aan welke kolom 'Naam organisatie' is, of gebruik "
            "het invulsjabloon."
        )


# --------------------------------------------------------------------------- planning


@dataclass
class _Org:
    key: str
    row: int
    values: dict[str, Any]
    existing_id: int | None = None
    uuid: str | None = None
    wijk_ids: list[int] | None = None
    contacts: list[dict] = field(default_factory=list)
    aanbod: dict[str, _Aanbod] = field(default_factory=dict)
    new_id: int | None = None


@dataclass
class _Aanbod:
    key: str
    values: dict[str, Any]
    existing_id: int | None = None
    uuid: str | None = None
    new_id: int | None = None


_ORG_FIELDS = (
    "naam", "soort_id", "beschrijving", "straat", "huisnummer", "postcode", "plaats", "telefoon",
    "email", "website", "werkgebied", "status", "niet_publiceren", "gecontroleerd_op",
    "gecontroleerd_door", "bron", "notities",
)  # fmt: skip
_AANBOD_FIELDS = ("naam", "beschrijving", "kosten", "aanmelden", "openingstijden", "status")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class _Existing:
    """Live organisations and their aanbod, indexed for matching."""

    def __init__(self, session: Session) -> None:
        self.by_uuid: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        self.rows: dict[int, dict[str, Any]] = {}
        cols = [Organisatie.id, Organisatie.uuid, *(getattr(Organisatie, f) for f in _ORG_FIELDS)]
        for row in session.execute(select(*cols).where(Organisatie.samengevoegd_in_id.is_(None))):
            oid, uuid = row[0], row[1]
            values = dict(zip(_ORG_FIELDS, row[2:], strict=True))
            self.rows[oid] = values
            self.by_uuid[uuid] = oid
            self.by_name.setdefault(normalise_name(values["naam"]), []).append(
                (oid, values["postcode"] or "")
            )
        self.aanbod_by_uuid: dict[str, tuple[int, int]] = {}
        self.aanbod_by_name: dict[tuple[int, str], int] = {}
        self.aanbod_rows: dict[int, dict[str, Any]] = {}
        acols = [
            Aanbod.id,
            Aanbod.uuid,
            Aanbod.organisatie_id,
            *(getattr(Aanbod, f) for f in _AANBOD_FIELDS),
        ]
        for row in session.execute(select(*acols)):
            aid, uuid, oid = row[0], row[1], row[2]
            self.aanbod_by_uuid[uuid] = (aid, oid)
            values = dict(zip(_AANBOD_FIELDS, row[3:], strict=True))
            self.aanbod_rows[aid] = values
            self.aanbod_by_name.setdefault((oid, fold(values["naam"])), aid)
        self.org_uuids = {v: k for k, v in self.by_uuid.items()}

    def match_org(self, name_key: str, postcode: str) -> int | None:
        cands = self.by_name.get(name_key, [])
        exact = [oid for oid, pc in cands if pc and postcode and pc == postcode]
        if exact:
            return exact[0]
        loose = [oid for oid, pc in cands if not pc or not postcode]
        return loose[0] if len(cands) == 1 and loose else (loose[0] if len(loose) == 1 else None)


def _plan(session, table, mapping, lk, existing, result, progress, cancel) -> dict[str, _Org]:
    orgs: dict[str, _Org] = {}
    by_name: dict[str, list[_Org]] = {}
    seen_rows: dict[tuple, int] = {}
    total = len(table.rows)
    for i, row in enumerate(table.rows):
        if i % 500 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress:
                progress(i, total, f"Rij {i} van {total} controleren")
        rr = RowResult(row.row_number, "", getattr(table, "sheet_of", {}).get(i, ""))
        result.rows.append(rr)
        signature = tuple(sorted((k, v) for k, v in row.values.items() if v))
        if signature in seen_rows:
            rr.resultaat = AFGEWEZEN
            rr.reden = f"Dubbele rij: gelijk aan rij {seen_rows[signature]}."
            rr.organisatie = _cell(row.values, mapping, "organisatie_naam")
            continue
        seen_rows[signature] = row.row_number
        try:
            org_vals, extras, aanbod = _parse_row(row.values, mapping, lk)
            uuid = extras.get("uuid", "")
            if uuid and not _UUID.match(uuid):
                raise _RowError(
                    f"Organisatie-id '{uuid}' is geen geldige id (laat de kolom leeg voor nieuwe organisaties)"
                )
            if aanbod and aanbod.get("uuid") and not _UUID.match(aanbod["uuid"]):
                raise _RowError(f"Aanbod-id '{aanbod['uuid']}' is geen geldige id")
            name = org_vals.get("naam", "")
            org = None
            if uuid and uuid.lower() in orgs:
                org = orgs[uuid.lower()]
            if org is None and name:
                nkey = normalise_name(name)
                pc = org_vals.get("postcode", "")
                for cand in by_name.get(nkey, []):
                    cpc = cand.values.get("postcode", "")
                    if (not uuid or not cand.uuid or cand.uuid == uuid.lower()) and (
                        not pc or not cpc or pc == cpc
                    ):
                        org = cand
                        break
            if org is None:
                if not name and not (uuid and uuid.lower() in existing.by_uuid):
                    raise _RowError("de naam van de organisatie ontbreekt")
                existing_id = existing.by_uuid.get(uuid.lower()) if uuid else None
                if existing_id is None and name:
                    existing_id = existing.match_org(
                        normalise_name(name), org_vals.get("postcode", "")
                    )
                if not name:
                    name = existing.rows[existing_id]["naam"]
                    org_vals["naam"] = name
                key = uuid.lower() if uuid else f"n{len(orgs)}"
                org = _Org(key, row.row_number, dict(org_vals), existing_id, uuid.lower() or None)
                orgs[key] = org
                by_name.setdefault(normalise_name(name), []).append(org)
                rr.resultaat = BIJGEWERKT if existing_id else TOEGEVOEGD
            else:
                for k, v in org_vals.items():
                    org.values.setdefault(k, v)
                rr.resultaat = BIJGEWERKT if org.existing_id else TOEGEVOEGD
            if "wijk_ids" in extras:
                org.wijk_ids = sorted(set(org.wijk_ids or []) | set(extras["wijk_ids"]))
            if "contact" in extras and all(
                fold(c["naam"]) != fold(extras["contact"]["naam"]) for c in org.contacts
            ):
                org.contacts.append(extras["contact"])
            rr.organisatie = org.values.get("naam", "")
            if aanbod:
                auuid = (aanbod.pop("uuid", "") or "").lower()
                akey = auuid or fold(aanbod["naam"])
                if akey in org.aanbod:
                    raise _RowError(
                        f"het aanbod '{aanbod['naam']}' staat al in rij {org.aanbod[akey].values['_rij']}"
                    )
                existing_aid = None
                if auuid and auuid in existing.aanbod_by_uuid:
                    existing_aid = existing.aanbod_by_uuid[auuid][0]
                elif org.existing_id:
                    existing_aid = existing.aanbod_by_name.get(
                        (org.existing_id, fold(aanbod["naam"]))
                    )
                aanbod["_rij"] = row.row_number
                org.aanbod[akey] = _Aanbod(akey, aanbod, existing_aid, auuid or None)
                rr.aanbod = aanbod["naam"]
                if existing_aid is None:
                    rr.resultaat = TOEGEVOEGD
        except _RowError as exc:
            rr.resultaat, rr.reden = AFGEWEZEN, _sentence(str(exc))
            rr.organisatie = rr.organisatie or _cell(row.values, mapping, "organisatie_naam")
            rr.aanbod = rr.aanbod or _cell(row.values, mapping, "aanbod_naam")
    return orgs


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


# --------------------------------------------------------------------------- writing


def _apply(session: Session, orgs: dict[str, _Org], existing: _Existing, progress) -> set[int]:
    now = datetime.now(UTC)
    who = changelog.current_user()
    next_org = (session.scalar(select(func.max(Organisatie.id))) or 0) + 1
    next_aanbod = (session.scalar(select(func.max(Aanbod.id))) or 0) + 1
    new_orgs, upd_orgs, new_aanbod, upd_aanbod = [], [], [], []
    kenmerken, del_kenmerk_ids, org_w, del_org_w, aanbod_w, del_aanbod_w = [], [], [], [], [], []
    contacts, log = [], []
    touched: set[int] = set()
    existing_contacts: dict[int, set[str]] = {}
    if any(o.existing_id for o in orgs.values()):
        for oid, naam in session.execute(
            select(Contactpersoon.organisatie_id, Contactpersoon.naam)
        ):
            existing_contacts.setdefault(oid, set()).add(fold(naam))
    defaults = {
        "soort_id": None, "beschrijving": "", "straat": "", "huisnummer": "", "postcode": "",
        "plaats": "", "telefoon": "", "email": "", "website": "", "werkgebied": "gemeente",
        "status": "actief", "niet_publiceren": False, "gecontroleerd_op": None,
        "gecontroleerd_door": "", "bron": "", "notities": "",
    }  # fmt: skip
    a_defaults = {
        "beschrijving": "",
        "kosten": "",
        "aanmelden": "",
        "openingstijden": "",
        "status": "actief",
    }

    def logrow(tabel, rid, ruuid, actie, veld="", oud=None, nieuw=None):
        log.append({"tijd": now, "gebruiker": who, "tabel": tabel, "record_id": rid, "record_uuid": ruuid,
                    "actie": actie, "veld": veld, "oud": oud, "nieuw": nieuw})  # fmt: skip

    for org in orgs.values():
        if org.existing_id:
            oid = org.existing_id
            old = existing.rows[oid]
            changes = {k: v for k, v in org.values.items() if k in _ORG_FIELDS and old.get(k) != v}
            if changes:
                upd_orgs.append(
                    {
                        "b_id": oid,
                        **{k: changes.get(k, old[k]) for k in _ORG_FIELDS},
                        "gewijzigd_op": now,
                    }
                )
                for k, v in changes.items():
                    logrow(
                        "organisatie",
                        oid,
                        existing.org_uuids[oid],
                        "wijzig",
                        k,
                        changelog._fmt(old[k]),
                        changelog._fmt(v),
                    )
                touched.add(oid)
            if org.wijk_ids is not None:
                del_org_w.append({"b_id": oid})
                org_w.extend({"organisatie_id": oid, "wijk_id": w} for w in org.wijk_ids)
                touched.add(oid)
        else:
            oid = next_org
            next_org += 1
            uuid = org.uuid or new_uuid()
            row = {**defaults, **{k: v for k, v in org.values.items() if k in _ORG_FIELDS}}
            new_orgs.append({"id": oid, "uuid": uuid, **row, "gearchiveerd_op": None, "samengevoegd_in_id": None,
                             "aangemaakt_op": now, "gewijzigd_op": now})  # fmt: skip
            logrow("organisatie", oid, uuid, "nieuw")
            org_w.extend({"organisatie_id": oid, "wijk_id": w} for w in org.wijk_ids or ())
            touched.add(oid)
        org.new_id = oid
        known = existing_contacts.get(oid, set())
        for c in org.contacts:
            if fold(c["naam"]) not in known:
                contacts.append({"uuid": new_uuid(), "organisatie_id": oid, **c})
                touched.add(oid)
        for a in org.aanbod.values():
            v = {k: val for k, val in a.values.items() if not k.startswith("_")}
            if a.existing_id:
                aid = a.existing_id
                old = existing.aanbod_rows[aid]
                changes = {
                    k: val for k, val in v.items() if k in _AANBOD_FIELDS and old.get(k) != val
                }
                if changes:
                    upd_aanbod.append({"b_id": aid, **{k: changes.get(k, old[k]) for k in _AANBOD_FIELDS},
                                       "organisatie_id": oid, "gewijzigd_op": now})  # fmt: skip
                    for k, val in changes.items():
                        logrow(
                            "aanbod",
                            aid,
                            "",
                            "wijzig",
                            k,
                            changelog._fmt(old[k]),
                            changelog._fmt(val),
                        )
                    touched.add(oid)
            else:
                aid = next_aanbod
                next_aanbod += 1
                uuid = a.uuid or new_uuid()
                new_aanbod.append({"id": aid, "uuid": uuid, "organisatie_id": oid,
                                   **a_defaults, **{k: v[k] for k in _AANBOD_FIELDS if k in v},
                                   "gearchiveerd_op": None, "aangemaakt_op": now, "gewijzigd_op": now})  # fmt: skip
                logrow("aanbod", aid, uuid, "nieuw")
                touched.add(oid)
            for soort, key in (
                ("doelgroep", "doelgroepen"),
                ("basisfunctie", "basisfuncties"),
                ("prestatieveld", "prestatievelden"),
            ):
                if key in v:
                    if a.existing_id:
                        del_kenmerk_ids.append({"b_id": aid, "b_soort": soort})
                        touched.add(oid)
                    kenmerken.extend(
                        {"aanbod_id": aid, "soort": soort, "sleutel": k} for k in v[key]
                    )
            if "wijk_ids" in v:
                if a.existing_id:
                    del_aanbod_w.append({"b_id": aid})
                aanbod_w.extend({"aanbod_id": aid, "wijk_id": w} for w in v["wijk_ids"])
                touched.add(oid)
    if progress:
        progress(0, 0, "Opslaan")
    O, A = Organisatie.__table__, Aanbod.__table__  # noqa: N806, E741
    if new_orgs:
        bulk_insert(session, O, new_orgs)
    if upd_orgs:
        session.execute(
            update(O)
            .where(O.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in (*_ORG_FIELDS, "gewijzigd_op")}),
            upd_orgs,
        )
    if new_aanbod:
        bulk_insert(session, A, new_aanbod)
    if upd_aanbod:
        session.execute(
            update(A)
            .where(A.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in (*_AANBOD_FIELDS, "organisatie_id", "gewijzigd_op")}),
            upd_aanbod,
        )
    K = AanbodKenmerk.__table__  # noqa: N806
    if del_kenmerk_ids:
        session.execute(
            K.delete().where(K.c.aanbod_id == bindparam("b_id"), K.c.soort == bindparam("b_soort")),
            del_kenmerk_ids,
        )
    if kenmerken:
        bulk_insert(session, K, kenmerken)
    if del_org_w:
        session.execute(
            organisatie_wijk.delete().where(organisatie_wijk.c.organisatie_id == bindparam("b_id")),
            del_org_w,
        )
    if org_w:
        bulk_insert(session, organisatie_wijk, org_w)
    if del_aanbod_w:
        session.execute(
            aanbod_wijk.delete().where(aanbod_wijk.c.aanbod_id == bindparam("b_id")), del_aanbod_w
        )
    if aanbod_w:
        bulk_insert(session, aanbod_wijk, aanbod_w)
    if contacts:
        bulk_insert(session, Contactpersoon.__table__, contacts)
    if log:
        bulk_insert(session, Wijziging.__table__, log)
    return touched


# --------------------------------------------------------------------------- entry points


def run_import(
    session: Session,
    table,
    mapping: Mapping[str, str] | None = None,
    *,
    dry_run: bool = False,
    modus: str = "geldig",
    progress: Progress | None = None,
    cancel: Any = None,
) -> ImportResult:
    """Validate, match and store ``table`` in ``session`` (the caller's transaction).

    With ``dry_run``, or ``modus="alles"`` and a rejected row, nothing is written and
    the session is left clean. Raises ``ImportCancelled`` when cancelled (the caller
    rolls back; ``import_file`` does)."""
    if modus not in MODI:
        raise UserError(f"Onbekende modus '{modus}': kies 'geldig' of 'alles'.")
    mapping = dict(mapping if mapping is not None else auto_mapping(table.headers))
    unknown = [k for k in mapping if k not in FIELDS_BY_KEY]
    if unknown:
        raise UserError(f"Onbekend veld in de koppeling: {', '.join(unknown)}.")
    check_mapping(mapping)
    is_cancelled = (
        (cancel.is_set if isinstance(cancel, threading.Event) else cancel) if cancel else None
    )
    result = ImportResult(
        dry_run=dry_run, modus=modus, warnings=list(getattr(table, "warnings", []))
    )
    lk = _Lookups(session)
    existing = _Existing(session)
    orgs = _plan(session, table, mapping, lk, existing, result, progress, is_cancelled)
    if modus == "alles" and result.afgewezen:
        for r in result.rows:
            if r.resultaat != AFGEWEZEN:
                r.resultaat, r.reden = (
                    NIET,
                    "Niet ingelezen: alles of niets, en er zijn afgewezen rijen.",
                )
        return result
    if is_cancelled and is_cancelled():
        raise ImportCancelled()
    if dry_run:
        return result
    touched = _apply(session, orgs, existing, progress)
    if is_cancelled and is_cancelled():
        raise ImportCancelled()
    if progress:
        progress(0, 0, "Zoekindex bijwerken")
    if len(touched) > 2000:
        search.rebuild_index(session)
    else:
        search.reindex(session, touched)
    if is_cancelled and is_cancelled():
        raise ImportCancelled()
    result.stored = True
    return result


def import_file(
    store,
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    modus: str = "geldig",
    progress: Progress | None = None,
    cancel: Any = None,
) -> ImportResult:
    """Read ``path`` and import it in one transaction (rolled back on dry run, cancel,
    failure or "alles of niets" with rejected rows)."""
    table = read_file(path, sheet=sheet, progress=progress, cancel=cancel)
    if not table.rows:
        raise UserError("Het bestand bevat geen rijen met gegevens onder de kopregel.")
    session = store.new_session()
    try:
        result = run_import(
            session, table, mapping, dry_run=dry_run, modus=modus, progress=progress, cancel=cancel
        )
        if result.stored:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    result.bestand = str(path)
    return result


def save_result(result: ImportResult, path: str | Path) -> Path:
    """The row-level result as .xlsx (Resultaat sheet + Toelichting)."""
    from desktop.rapporten.excel import SheetSpec, write_workbook

    rows = [(r.blad, r.rij, r.resultaat, r.organisatie, r.aanbod, r.reden) for r in result.rows]
    info = [
        f"Bestand: {result.bestand}" if result.bestand else "",
        f"Samenvatting: {result.summary()}",
        "Proefimport: er is niets opgeslagen." if result.dry_run else "",
        f"Modus: {MODI.get(result.modus, result.modus)}.",
        *result.warnings,
    ]
    return write_workbook(
        path,
        [
            SheetSpec(
                "Resultaat", ["Blad", "Rij", "Resultaat", "Organisatie", "Aanbod", "Reden"], rows
            )
        ],
        info=[p for p in info if p],
        info_heading="Resultaat van het inlezen",
    )
