"""Import the sociale kaart from a spreadsheet (.xlsx, .ods or .csv).

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
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.kaart import search
from desktop.kaart.columns import (
    FIELDS_BY_KEY,
    match_columns,
)
from desktop.kaart.import_rows import _cell, _Lookups, _parse_row, _RowError
from desktop.kaart.import_store import _Aanbod, _apply, _Existing, _Org
from desktop.kaart.template import write_template
from desktop.kaart.text import fold, normalise_name
from desktop.rapporten._files import check_output_target as check_output_file

__all__ = [
    "MODI",
    "ImportCancelled",
    "ImportResult",
    "RowResult",
    "auto_mapping",
    "check_output_file",
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
    reden: str = ""  # why a row was rejected or not read
    opmerking: str = ""  # what was adjusted in an accepted row (e.g. moved to notities)


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

    def summary_line(self) -> str:
        """The one line for the command line and the saved result: the counts, and for a
        proefimport (dry run) plainly that nothing was saved."""
        if self.dry_run:
            return f"Proefimport, er is niets opgeslagen. Bij echt inlezen: {self.summary()}"
        return self.summary()


# --------------------------------------------------------------------------- reading


def read_file(
    path: str | Path, *, sheet: str | None = None, progress: Progress | None = None, cancel=None
):
    """The table in the file (``spreadsheet.read_table``); UserError when unusable.

    Without ``sheet`` the worksheet with the most recognisable column names is read, and
    in every sheet the header is the row that looks most like one (titles, explanations
    and empty rows above it are skipped)."""
    from desktop.kaart.columns import header_score
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
                read_table(
                    path, sheet=n, progress=prog, cancel=is_cancelled, header_score=header_score
                )
                for n in EXPORT_SHEETS
            ]
            return _combine(tables)
    return read_table(
        path, sheet=sheet, progress=prog, cancel=is_cancelled, header_score=header_score
    )


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


def _mapping_notes(table, mapping: Mapping[str, str]) -> list[str]:
    """Dutch remarks on the mapping: columns that are not read, and aanbod columns without
    an Aanbod column."""
    used = set(mapping.values())
    skipped = [
        h for h in table.headers if h not in used and any(r.values.get(h) for r in table.rows)
    ]
    notes = []
    if skipped:
        names = ", ".join(f"'{h}'" for h in skipped[:20]) + (" ..." if len(skipped) > 20 else "")
        notes.append(
            f"Deze kolommen zijn niet herkend en niet ingelezen: {names}. Koppel ze in de "
            "wizard aan een gegeven als ze wel nodig zijn."
        )
    aanbod_cols = [
        FIELDS_BY_KEY[k].label
        for k in mapping
        if FIELDS_BY_KEY[k].entity == "aanbod" and k not in ("aanbod_naam", "aanbod_id")
    ]
    if aanbod_cols and "aanbod_naam" not in mapping:
        notes.append(
            "Het bestand heeft geen kolom Aanbod: " + ", ".join(aanbod_cols) + " zijn "
            "opgeslagen bij één aanbod per organisatie, met de naam van de organisatie."
        )
    return notes


# --------------------------------------------------------------------------- planning


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def _plan(session, table, mapping, lk, existing, result, progress, cancel) -> dict[str, _Org]:
    orgs: dict[str, _Org] = {}
    by_name: dict[str, list[_Org]] = {}
    seen_rows: dict[tuple, int] = {}
    total = len(table.rows)
    headings = _heading_rows(table, mapping)
    for i, row in enumerate(table.rows):
        if i % 500 == 0:
            if cancel is not None and cancel():
                raise ImportCancelled()
            if progress:
                progress(i, total, f"Rij {i} van {total} controleren")
        rr = RowResult(row.row_number, "", getattr(table, "sheet_of", {}).get(i, ""))
        result.rows.append(rr)
        if i in headings:
            rr.resultaat = NIET
            rr.organisatie = _cell(row.values, mapping, "organisatie_naam")
            rr.reden = (
                "Alleen de naam is ingevuld, terwijl de andere rijen meer gegevens hebben: dit "
                "lijkt een tussenkop. Vul meer gegevens in als het een organisatie is."
            )
            continue
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
            if extras.get("notes") and org.row == row.row_number:
                rr.opmerking = _sentence("; ".join(extras["notes"]))
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


def _heading_rows(table, mapping: Mapping[str, str]) -> set[int]:
    """Indexes of rows that look like headings between blocks of a list ("Zorg en
    welzijn"): only the name cell is filled, while nearly all other rows (90 %) fill two
    or more of at least three mapped columns. A list of bare names is left alone."""
    name_col = mapping.get("organisatie_naam")
    columns = [h for k, h in mapping.items() if k != "organisatie_id"]
    if name_col is None or len(columns) < 3 or len(table.rows) < 4:
        return set()
    only_name = {
        i
        for i, r in enumerate(table.rows)
        if r.values.get(name_col) and not any(r.values.get(h) for h in columns if h != name_col)
    }
    if not only_name or len(only_name) > 0.1 * len(table.rows) + 1:
        return set()
    fuller = sum(1 for r in table.rows if sum(1 for h in columns if r.values.get(h)) >= 2)
    others = len(table.rows) - len(only_name)
    return only_name if fuller >= 0.9 * others else set()


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


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
    result.warnings += _mapping_notes(table, mapping)
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
    before_commit: Callable[[ImportResult], Any] | None = None,
) -> ImportResult:
    """Read ``path`` and import it in one transaction (rolled back on dry run, cancel,
    failure or "alles of niets" with rejected rows).

    ``before_commit(result)`` runs inside the transaction, before it is committed (e.g.
    writing the result report): when it raises, the import is rolled back, so the
    report and the stored data come both or neither."""
    table = read_file(path, sheet=sheet, progress=progress, cancel=cancel)
    if not table.rows:
        raise UserError("Het bestand bevat geen rijen met gegevens onder de kopregel.")
    session = store.new_session()
    try:
        result = run_import(
            session, table, mapping, dry_run=dry_run, modus=modus, progress=progress, cancel=cancel
        )
        result.bestand = str(path)
        if before_commit is not None:
            before_commit(result)
        if result.stored:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    return result


def save_result(result: ImportResult, path: str | Path) -> Path:
    """The row-level result as .xlsx (Resultaat sheet + Toelichting)."""
    from desktop.rapporten.excel import SheetSpec, write_workbook

    rows = [
        (r.blad, r.rij, r.resultaat, r.organisatie, r.aanbod, r.reden, r.opmerking)
        for r in result.rows
    ]
    info = [
        f"Bestand: {result.bestand}" if result.bestand else "",
        f"Samenvatting: {result.summary_line()}",
        "Proefimport: er is niets opgeslagen." if result.dry_run else "",
        f"Modus: {MODI.get(result.modus, result.modus)}.",
        *result.warnings,
    ]
    return write_workbook(
        path,
        [
            SheetSpec(
                "Resultaat",
                ["Blad", "Rij", "Resultaat", "Organisatie", "Aanbod", "Reden", "Opmerking"],
                rows,
            )
        ],
        info=[p for p in info if p],
        info_heading="Resultaat van het inlezen",
    )
