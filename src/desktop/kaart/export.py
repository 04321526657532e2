"""Export the sociale kaart: Excel (round-trips through the import), CSV and Open
Referral HSDS 3.0 (JSON files per table, in a zip or a folder).

Formula-like text is neutralised: the Excel writer (``rapporten.excel``) and
``text.neutralise_formula`` for CSV put a quote in front of text starting with = + - @,
and the importer takes it off again.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.kaart.columns import FIELDS_BY_KEY
from desktop.kaart.models import Aanbod, Organisatie, Soort
from desktop.kaart.service import basisfunctie_labels, doelgroep_labels, prestatieveld_labels
from desktop.kaart.text import neutralise_formula

__all__ = [
    "FORMATS",
    "ORG_COLUMNS",
    "AANBOD_COLUMNS",
    "export_csv",
    "export_hsds",
    "export_kaart",
    "export_xlsx",
    "load_organisaties",
]

FORMATS = ("xlsx", "csv", "hsds")
Progress = Callable[[int, int, str], None]

ORG_COLUMNS = (
    "organisatie_id", "organisatie_naam", "soort", "beschrijving", "straat", "huisnummer",
    "postcode", "plaats", "wijk", "telefoon", "email", "website", "contactpersoon",
    "contactpersoon_functie", "contactpersoon_telefoon", "contactpersoon_email", "werkgebied",
    "status", "niet_publiceren", "laatst_gecontroleerd", "gecontroleerd_door", "bron", "notities",
)  # fmt: skip
AANBOD_COLUMNS = (
    "organisatie_id", "organisatie_naam", "aanbod_id", "aanbod_naam", "aanbod_beschrijving",
    "doelgroepen", "basisfuncties", "prestatievelden", "kosten", "aanmelden", "openingstijden",
    "aanbod_wijken", "aanbod_status",
)  # fmt: skip


def load_organisaties(
    session: Session, ids: Sequence[int] | None = None, *, include_archived: bool = False
) -> list[Organisatie]:
    """Organisations (all live ones, or ``ids`` in that order) with everything loaded."""
    stmt = select(Organisatie).options(
        selectinload(Organisatie.aanbod).selectinload(Aanbod.kenmerken),
        selectinload(Organisatie.aanbod).selectinload(Aanbod.wijken),
        selectinload(Organisatie.contactpersonen),
        selectinload(Organisatie.wijken),
    )
    if ids is not None:
        found = {o.id: o for o in session.scalars(stmt.where(Organisatie.id.in_(list(ids))))}
        return [found[i] for i in ids if i in found]
    if not include_archived:
        stmt = stmt.where(
            Organisatie.gearchiveerd_op.is_(None), Organisatie.samengevoegd_in_id.is_(None)
        )
    return list(session.scalars(stmt.order_by(Organisatie.naam, Organisatie.id)))


def _join(items: Iterable[str]) -> str:
    return ", ".join(items)


def org_row(org: Organisatie) -> dict[str, Any]:
    c = org.contactpersonen[0] if org.contactpersonen else None
    return {
        "organisatie_id": org.uuid,
        "organisatie_naam": org.naam,
        "soort": org.soort.naam if org.soort else "",
        "beschrijving": org.beschrijving,
        "straat": org.straat,
        "huisnummer": org.huisnummer,
        "postcode": org.postcode,
        "plaats": org.plaats,
        "wijk": _join(w.naam for w in org.wijken),
        "telefoon": org.telefoon,
        "email": org.email,
        "website": org.website,
        "contactpersoon": c.naam if c else "",
        "contactpersoon_functie": c.functie if c else "",
        "contactpersoon_telefoon": c.telefoon if c else "",
        "contactpersoon_email": c.email if c else "",
        "werkgebied": org.werkgebied,
        "status": org.status,
        "niet_publiceren": "ja" if org.niet_publiceren else "nee",
        "laatst_gecontroleerd": org.gecontroleerd_op.strftime("%d-%m-%Y")
        if org.gecontroleerd_op
        else "",
        "gecontroleerd_door": org.gecontroleerd_door,
        "bron": org.bron,
        "notities": org.notities,
    }


def aanbod_row(org: Organisatie, a: Aanbod) -> dict[str, Any]:
    return {
        "organisatie_id": org.uuid,
        "organisatie_naam": org.naam,
        "aanbod_id": a.uuid,
        "aanbod_naam": a.naam,
        "aanbod_beschrijving": a.beschrijving,
        "doelgroepen": _join(doelgroep_labels().get(k, k) for k in a.keys("doelgroep")),
        "basisfuncties": _join(a.keys("basisfunctie")),
        "prestatievelden": _join(a.keys("prestatieveld")),
        "kosten": a.kosten,
        "aanmelden": a.aanmelden,
        "openingstijden": a.openingstijden,
        "aanbod_wijken": _join(w.naam for w in a.wijken),
        "aanbod_status": a.status,
    }


def _live_aanbod(org: Organisatie) -> list[Aanbod]:
    return [a for a in org.aanbod if a.gearchiveerd_op is None]


def _labels(keys: Sequence[str]) -> list[str]:
    return [FIELDS_BY_KEY[k].label for k in keys]


def export_xlsx(
    orgs: Sequence[Organisatie], path: Path, progress: Progress | None = None, cancel=None
) -> Path:
    from desktop.rapporten.excel import SheetSpec, write_workbook

    org_rows = [[org_row(o)[k] for k in ORG_COLUMNS] for o in orgs]
    aanbod_rows = [
        [aanbod_row(o, a)[k] for k in AANBOD_COLUMNS] for o in orgs for a in _live_aanbod(o)
    ]
    info = [
        f"Export van de sociale kaart, gemaakt op {datetime.now().strftime('%d-%m-%Y %H:%M')}.",
        f"{len(org_rows)} organisaties en {len(aanbod_rows)} aanbod.",
        "Dit bestand kan weer worden ingelezen (Sociale kaart, Importeren): de kolommen "
        "Organisatie-id en Aanbod-id zorgen dat bestaande gegevens worden bijgewerkt in plaats "
        "van dubbel toegevoegd. Laat die kolommen leeg voor nieuwe organisaties of nieuw aanbod.",
        "Basisfuncties staan als code (vw1-vw5 vrijwilligerswerk, mz1-mz8 mantelzorg): "
        + ", ".join(f"{k} {v}" for k, v in basisfunctie_labels().items())
        + ".",
        "Prestatievelden: "
        + ", ".join(f"{k} {v}" for k, v in prestatieveld_labels().items())
        + ".",
        "Tekst die met =, +, - of @ begint, heeft een apostrof ervoor gekregen zodat Excel hem "
        "nooit als formule uitvoert.",
    ]
    return write_workbook(
        path,
        [
            SheetSpec("Organisaties", _labels(ORG_COLUMNS), org_rows),
            SheetSpec("Aanbod", _labels(AANBOD_COLUMNS), aanbod_rows),
        ],
        info=info,
        info_heading="Sociale kaart",
        progress=progress,
        cancel=cancel,
    )


def export_csv(orgs: Sequence[Organisatie], path: Path) -> Path:
    """One CSV (semicolon, UTF-8 with BOM): one row per aanbod, organisation columns
    repeated; an organisation without aanbod gets one row."""
    from desktop.rapporten._files import atomic_output

    keys = list(ORG_COLUMNS) + [k for k in AANBOD_COLUMNS if k not in ORG_COLUMNS]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(_labels(keys))
    for o in orgs:
        base = org_row(o)
        aanbod = _live_aanbod(o) or [None]
        for a in aanbod:
            row = dict(base)
            if a is not None:
                row.update(aanbod_row(o, a))
            writer.writerow([neutralise_formula(str(row.get(k, "") or "")) for k in keys])
    out = Path(path)
    with atomic_output(out) as tmp:
        Path(tmp).write_text(buf.getvalue(), encoding="utf-8-sig")
    return out


# --------------------------------------------------------------------------- HSDS 3.0

HSDS_TABLES = (
    "organization", "service", "location", "address", "phone", "contact", "taxonomy",
    "taxonomy_term", "attribute", "service_area", "service_at_location",
)  # fmt: skip
_HSDS_STATUS = {
    "actief": "active",
    "tijdelijk gestopt": "temporarily closed",
    "gestopt": "inactive",
}


@dataclass
class _Ids:
    """Stable UUID-shaped ids for records that have no uuid of their own."""

    def make(self, *parts: str) -> str:
        import uuid as _uuid

        return str(_uuid.uuid5(_uuid.NAMESPACE_URL, "elkaar:" + ":".join(parts)))


def hsds_tables(session: Session, orgs: Sequence[Organisatie]) -> dict[str, list[dict[str, Any]]]:
    """The HSDS 3.0 tables (lists of objects with the standard's field names)."""
    ids = _Ids()
    t: dict[str, list[dict[str, Any]]] = defaultdict(list)
    tax_ids = {
        "soort": ids.make("taxonomy", "soort"),
        "doelgroep": ids.make("taxonomy", "doelgroep"),
        "basisfunctie": ids.make("taxonomy", "basisfunctie"),
        "prestatieveld": ids.make("taxonomy", "prestatieveld"),
    }
    tax_names = {
        "soort": ("Soorten organisaties (Elkaar)", "Soort organisatie op de sociale kaart."),
        "doelgroep": ("Doelgroepen (Elkaar)", "Voor wie het aanbod is."),
        "basisfunctie": (
            "Basisfuncties lokale ondersteuning",
            "De 5 basisfuncties vrijwilligerswerk en 8 basisfuncties mantelzorg.",
        ),
        "prestatieveld": ("Wmo-prestatievelden", "De negen prestatievelden van de Wmo (2007)."),
    }
    for key, (name, descr) in tax_names.items():
        t["taxonomy"].append(
            {"id": tax_ids[key], "name": name, "description": descr, "uri": None, "version": None}
        )
    terms: dict[tuple[str, str], str] = {}

    def term(tax: str, code: str, name: str) -> str:
        if (tax, code) not in terms:
            tid = ids.make("term", tax, code)
            terms[(tax, code)] = tid
            t["taxonomy_term"].append(
                {"id": tid, "code": code, "name": name, "description": name, "parent_id": None,
                 "taxonomy": tax_names[tax][0], "language": "nl", "taxonomy_id": tax_ids[tax], "term_uri": None}
            )  # fmt: skip
        return terms[(tax, code)]

    def attribute(
        link_id: str, entity: str, tax: str, code: str, name: str, link_type: str
    ) -> None:
        t["attribute"].append(
            {"id": ids.make("attribute", link_id, tax, code), "link_id": link_id,
             "taxonomy_term_id": term(tax, code, name), "link_type": link_type,
             "link_entity": entity, "value": None, "label": name}
        )  # fmt: skip

    labels = {
        "doelgroep": doelgroep_labels(),
        "basisfunctie": basisfunctie_labels(),
        "prestatieveld": prestatieveld_labels(),
    }
    soorten = {s.id: s for s in session.scalars(select(Soort))}
    for o in orgs:
        t["organization"].append(
            {"id": o.uuid, "name": o.naam, "alternate_name": None, "description": o.beschrijving or o.naam,
             "email": o.email or None, "website": o.website or None, "tax_status": None, "tax_id": None,
             "year_incorporated": None, "legal_status": None, "logo": None, "uri": None,
             "parent_organization_id": None}
        )  # fmt: skip
        if o.soort_id in soorten:
            s = soorten[o.soort_id]
            attribute(o.uuid, "organization", "soort", s.sleutel, s.naam, "organization_type")
        loc_id = None
        if o.straat or o.postcode or o.plaats:
            loc_id = ids.make("location", o.uuid)
            t["location"].append(
                {"id": loc_id, "location_type": "physical", "url": None, "organization_id": o.uuid,
                 "name": o.naam, "alternate_name": None, "description": None, "transportation": None,
                 "latitude": None, "longitude": None, "external_identifier": None,
                 "external_identifier_type": None}
            )  # fmt: skip
            t["address"].append(
                {"id": ids.make("address", o.uuid), "location_id": loc_id, "attention": None,
                 "address_1": f"{o.straat} {o.huisnummer}".strip(), "address_2": None,
                 "city": o.plaats, "region": None, "state_province": "", "postal_code": o.postcode,
                 "country": "NL", "address_type": "physical"}
            )  # fmt: skip
        if o.telefoon:
            t["phone"].append(
                {"id": ids.make("phone", o.uuid), "location_id": None, "service_id": None,
                 "organization_id": o.uuid, "contact_id": None, "service_at_location_id": None,
                 "number": o.telefoon, "extension": None, "type": "voice", "description": None}
            )  # fmt: skip
        for c in o.contactpersonen:
            t["contact"].append(
                {"id": c.uuid, "organization_id": o.uuid, "service_id": None, "service_at_location_id": None,
                 "location_id": None, "name": c.naam, "title": c.functie or None, "department": None,
                 "email": c.email or None}
            )  # fmt: skip
            if c.telefoon:
                t["phone"].append(
                    {"id": ids.make("phone", c.uuid), "location_id": None, "service_id": None,
                     "organization_id": None, "contact_id": c.uuid, "service_at_location_id": None,
                     "number": c.telefoon, "extension": None, "type": "voice", "description": None}
                )  # fmt: skip
        for a in _live_aanbod(o):
            t["service"].append(
                {"id": a.uuid, "organization_id": o.uuid, "program_id": None, "name": a.naam,
                 "alternate_name": None, "description": a.beschrijving or None, "url": None, "email": None,
                 "status": _HSDS_STATUS.get(a.status, "active"), "interpretation_services": None,
                 "application_process": a.aanmelden or None, "fees_description": a.kosten or None,
                 "wait_time": None, "fees": None, "accreditations": None, "eligibility_description": None,
                 "minimum_age": None, "maximum_age": None,
                 "assured_date": o.gecontroleerd_op.isoformat() if o.gecontroleerd_op else None,
                 "assurer_email": None, "licenses": None, "alert": None,
                 "last_modified": (a.gewijzigd_op or datetime.now(UTC)).isoformat()}
            )  # fmt: skip
            if loc_id:
                t["service_at_location"].append(
                    {"id": ids.make("sal", a.uuid), "service_id": a.uuid, "location_id": loc_id,
                     "description": a.openingstijden or None}
                )  # fmt: skip
            for k in a.kenmerken:
                attribute(a.uuid, "service", k.soort, k.sleutel, labels[k.soort].get(k.sleutel, k.sleutel),
                          {"doelgroep": "audience", "basisfunctie": "basisfunctie", "prestatieveld": "prestatieveld"}[k.soort])  # fmt: skip
            area_wijken = a.wijken or (o.wijken if o.werkgebied == "wijken" else [])
            for w in area_wijken:
                t["service_area"].append(
                    {"id": ids.make("area", a.uuid, w.uuid), "service_id": a.uuid,
                     "service_at_location_id": None, "name": w.naam, "description": f"{w.soort} {w.naam}",
                     "extent": None, "extent_type": None, "uri": None}
                )  # fmt: skip
            if not area_wijken:
                t["service_area"].append(
                    {"id": ids.make("area", a.uuid, o.werkgebied), "service_id": a.uuid,
                     "service_at_location_id": None, "name": o.werkgebied, "description": f"werkgebied: {o.werkgebied}",
                     "extent": None, "extent_type": None, "uri": None}
                )  # fmt: skip
    return {name: t.get(name, []) for name in HSDS_TABLES}


def export_hsds(session: Session, orgs: Sequence[Organisatie], path: Path) -> Path:
    """HSDS JSON files (``organization.json``, ``service.json``, ...): in a zip when
    ``path`` ends in .zip, else in the folder ``path``."""
    from desktop.rapporten._files import atomic_output

    tables = hsds_tables(session, orgs)
    blobs = {
        f"{name}.json": json.dumps(rows, ensure_ascii=False, indent=1)
        for name, rows in tables.items()
    }
    out = Path(path)
    if out.suffix.lower() == ".zip":
        with atomic_output(out) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for name, blob in blobs.items():
                z.writestr(name, blob)
        return out
    if out.exists() and not out.is_dir():
        raise UserError(
            f"{out} is een bestand, geen map. Kies een map of een naam die eindigt op .zip."
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, blob in blobs.items():
            (out / name).write_text(blob, encoding="utf-8")
    except OSError as exc:
        raise UserError(f"De map {out} kan niet worden geschreven: {exc.strerror or exc}.") from exc
    return out


def export_kaart(
    store,
    fmt: str,
    path: str | Path,
    *,
    ids: Sequence[int] | None = None,
    progress: Progress | None = None,
    cancel=None,
) -> tuple[Path, int]:
    """Export (all live organisations, or ``ids``) in ``fmt``; returns (path, count)."""
    if fmt not in FORMATS:
        raise UserError(f"Onbekend formaat '{fmt}': kies xlsx, csv of hsds.")
    with store.session() as session:
        orgs = load_organisaties(session, ids)
        if fmt == "xlsx":
            out = export_xlsx(orgs, Path(path), progress, cancel)
        elif fmt == "csv":
            out = export_csv(orgs, Path(path))
        else:
            out = export_hsds(session, orgs, Path(path))
    return out, len(orgs)
