"""Inzage: everything stored about a mantelzorger, incl. the audit entries about them."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mantelzorg"))

import pytest  # noqa: E402
from mz_helpers import add_aanbod, enc_db, enc_store, enc_template, register  # noqa: E402, F401

from desktop.errors import UserError  # noqa: E402
from desktop.mantelzorg import gesprekken, plannen, service  # noqa: E402
from desktop.privacy import inzage  # noqa: E402
from desktop.store.base import Base  # noqa: E402


def _person(store) -> int:
    with store.session() as s:
        m = register(s, "Ineke Inzage", "Zorg Vrager", telefoon="06-11112222")
        a = add_aanbod(s)
        g = gesprekken.save_gesprek(
            s,
            m.id,
            gesprekken.GesprekData(
                datum=date.today() - timedelta(days=3),
                vraaggebieden={"vg8": gesprekken.VraaggebiedNotitie(True, "Vraag over toeslag")},
            ),
        )
        plannen.save_plan(
            s,
            m.id,
            plannen.PlanData(
                datum=date.today() - timedelta(days=3),
                gesprek_id=g.id,
                afspraken=[plannen.AfspraakData("Formulier invullen", "consulent")],
                verwijzingen=[plannen.VerwijzingData(a.id, "mz7")],
            ),
        )
        gesprekken.decide_flag(s, m.id, "rg5", True, "zelf verteld")
        gesprekken.save_draft(s, m.id, {"datum": date.today().isoformat()})
        mid = m.id
    with store.session() as s:
        service.update(s, mid, _renamed(s, mid))
    return mid


def _renamed(session, mid):
    data = service.mantelzorger_data(service.get(session, mid, log_view=False))
    data.telefoon = "06-33334444"
    return data


def test_inzage_contains_every_part_and_the_audit_entries(enc_store):
    mid = _person(enc_store)
    with enc_store.session() as s:
        data = inzage.collect(s, mid)
    assert data["mantelzorger"]["naam"] == "Ineke Inzage"
    assert data["zorgrelaties"][0]["zorgvrager"]["naam"] == "Zorg Vrager"
    assert data["gesprekken"][0]["vraaggebieden"][0]["notitie"] == "Vraag over toeslag"
    assert data["ondersteuningsplannen"][0]["afspraken"][0]["wat"] == "Formulier invullen"
    assert data["ondersteuningsplannen"][0]["verwijzingen"][0]["basisfunctie"] == "mz7"
    assert data["risicobeoordelingen"][0]["vlag"] == "rg5"
    assert len(data["concepten"]) == 1
    changes = {(w["veld"], w["oud"], w["nieuw"]) for w in data["wijzigingen"]}
    assert ("telefoon", "06-11112222", "06-33334444") in changes
    acties = [e["actie"] for e in data["auditlog"]]
    assert acties[0] == "nieuw" and "wijzig" in acties and acties[-1] == "export"


def test_every_table_about_a_mantelzorger_is_in_the_inzage():
    import desktop.features

    desktop.features.import_all_models()
    person_tables = {"mantelzorger"}
    changed = True
    while changed:  # tables pointing (indirectly) at a mantelzorger
        changed = False
        for table in Base.metadata.sorted_tables:
            if table.name in person_tables or table.name.startswith("mantelzorg_statistiek"):
                continue
            if any(
                fk.column.table.name in person_tables - {"zorgvrager"} for fk in table.foreign_keys
            ):
                person_tables.add(table.name)
                changed = True
    person_tables.add("zorgvrager")
    assert person_tables <= set(inzage.PERSON_TABLES), person_tables - set(inzage.PERSON_TABLES)


def test_inzage_files_pdf_json_excel(enc_store, tmp_path):
    mid = _person(enc_store)
    with enc_store.session() as s:
        paths = inzage.write(s, mid, tmp_path / "uit")
    assert sorted(p.suffix for p in paths) == [".json", ".pdf", ".xlsx"]
    data = json.loads(next(p for p in paths if p.suffix == ".json").read_text("utf-8"))
    assert data["mantelzorger"]["id"] == mid
    from openpyxl import load_workbook

    wb = load_workbook(next(p for p in paths if p.suffix == ".xlsx"), read_only=True)
    assert "Persoonsgegevens" in wb.sheetnames and len(wb.sheetnames) >= 8
    assert next(p for p in paths if p.suffix == ".pdf").read_bytes().startswith(b"%PDF")


def test_inzage_refused_on_a_plain_store(store):
    with pytest.raises(UserError, match="versleutelde"), store.session() as s:
        inzage.collect(s, 1)
