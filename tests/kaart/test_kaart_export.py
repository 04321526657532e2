"""HSDS 3.0 export structure and the demo gemeente's kaart."""

from __future__ import annotations

import json
import uuid
from datetime import date

from sqlalchemy import func, select

from desktop.kaart import duplicates, export, search, service
from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie, Soort

HSDS_FIELDS = {
    "organization": {"id", "name", "description", "email", "website"},
    "service": {"id", "organization_id", "name", "description", "status", "application_process",
                "fees_description", "assured_date", "last_modified"},
    "location": {"id", "location_type", "organization_id", "name"},
    "address": {"id", "location_id", "address_1", "city", "postal_code", "country", "address_type", "state_province"},
    "phone": {"id", "number", "type"},
    "contact": {"id", "organization_id", "name", "title", "email"},
    "taxonomy": {"id", "name", "description"},
    "taxonomy_term": {"id", "code", "name", "description", "taxonomy_id"},
    "attribute": {"id", "link_id", "link_entity", "link_type", "taxonomy_term_id"},
    "service_area": {"id", "service_id", "name"},
}  # fmt: skip


def test_hsds_tables_have_standard_fields_and_valid_references(demo_store, tmp_path):
    out = export.export_kaart(demo_store, "hsds", tmp_path / "hsds")[0]
    tables = {
        name: json.loads((out / f"{name}.json").read_text(encoding="utf-8")) for name in HSDS_FIELDS
    }
    for name, fields in HSDS_FIELDS.items():
        assert tables[name], name
        for row in tables[name]:
            assert fields <= set(row), (name, fields - set(row))
            uuid.UUID(row["id"])
    orgs = {o["id"] for o in tables["organization"]}
    services = {s["id"] for s in tables["service"]}
    terms = {t["id"] for t in tables["taxonomy_term"]}
    assert all(s["organization_id"] in orgs for s in tables["service"])
    assert all(a["taxonomy_term_id"] in terms for a in tables["attribute"])
    assert all(a["link_id"] in orgs | services for a in tables["attribute"])
    assert {s["status"] for s in tables["service"]} <= {
        "active",
        "inactive",
        "defunct",
        "temporarily closed",
    }
    codes = {t["code"] for t in tables["taxonomy_term"]}
    assert {f"vw{i}" for i in range(1, 6)} | {f"mz{i}" for i in range(1, 9)} <= codes
    with demo_store.session() as s:
        assert orgs == set(
            s.scalars(select(Organisatie.uuid).where(Organisatie.gearchiveerd_op.is_(None)))
        )


def test_demo_kaart_tells_a_story(demo_store):
    with demo_store.session() as s:
        counts = service.counts(s)
        assert counts["organisaties"] >= 120 and counts["aanbod"] >= 300
        used_soorten = set(s.scalars(select(Organisatie.soort_id).distinct()))
        assert set(s.scalars(select(Soort.id).where(Soort.eigen.is_(False)))) <= used_soorten
        bf = set(
            s.scalars(select(AanbodKenmerk.sleutel).where(AanbodKenmerk.soort == "basisfunctie"))
        )
        assert bf == {f"vw{i}" for i in range(1, 6)} | {f"mz{i}" for i in range(1, 9)}
        assert service.te_controleren_count(s) >= 5
        assert len(duplicates.duplicate_groups(s)) >= 2
        emails = s.scalars(select(Organisatie.email).where(Organisatie.email != ""))
        assert all(e.endswith(".example") for e in emails)
        assert s.scalar(select(func.count()).select_from(Aanbod)) >= 300
        # a gap: no respijtzorg in the kern Ter Aar aan de Vliet
        wijk = next(
            w
            for w in __import__("desktop.store.wijken", fromlist=["x"]).list_wijken(s)
            if w.naam == "Ter Aar aan de Vliet"
        )
        hits = search.search(
            s, "", search.SearchFilters(wijk_ids=[wijk.id], basisfuncties=["mz6"]), level="aanbod"
        )
        assert hits == []
        assert search.search(s, "respijt", level="aanbod")
    assert date.today()
