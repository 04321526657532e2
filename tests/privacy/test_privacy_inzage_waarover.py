"""Inzage: each row of the change log and the audit log says in plain Dutch which
zorgvrager, zorgsituatie, gesprek or plan it was about (also for a record removed since)."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mantelzorg"))

from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: E402, F401

from desktop.mantelzorg import gesprekken, plannen, service  # noqa: E402
from desktop.privacy import inzage  # noqa: E402

DAG = date.today() - timedelta(days=4)
DAG_NL = DAG.strftime("%d-%m-%Y")


def _person(store) -> dict:
    with store.session() as s:
        m = register(s, "Wanda Waarover", zorgvrager="Opa Waarover")
        zid = m.relaties[0].zorgvrager_id
        tweede = service.add_relatie(
            s, m.id, service.RelatieData(zorgvrager_naam="Tante Toos", relatie="anders")
        )
        g = gesprekken.save_gesprek(
            s,
            m.id,
            gesprekken.GesprekData(
                datum=DAG,
                zorgvrager_id=zid,
                vraaggebieden={"vg8": gesprekken.VraaggebiedNotitie(True, "Vraag over toeslag")},
            ),
        )
        plannen.save_plan(s, m.id, plannen.PlanData(datum=DAG, vervolgdatum=date.today()))
        ids = {"m": m.id, "g": g.id, "rel": m.relaties[0].id, "tweede": tweede.id}
    with store.session() as s:
        data = gesprekken.gesprek_data(s.get(gesprekken.Gesprek, ids["g"]))
        data.vraaggebieden["vg8"].notitie = "Toeslag aangevraagd"
        data.belasting = 6
        gesprekken.save_gesprek(s, ids["m"], data, gesprek_id=ids["g"])
        rel = service.relatie_data(s.get(service.Zorgrelatie, ids["rel"]))
        rel.uren_per_week = 12
        service.update_relatie(s, ids["rel"], rel)
        tante = service.relatie_data(s.get(service.Zorgrelatie, ids["tweede"]))
        tante.uren_per_week = 3
        service.update_relatie(s, ids["tweede"], tante)
    with store.session() as s:
        service.remove_relatie(s, ids["tweede"])  # Tante Toos: no longer cared for
    return ids


def _files(store, tmp_path, mid):
    with store.session() as s:
        return {p.suffix: p for p in inzage.write(s, mid, tmp_path / "uit")}


def test_change_log_rows_say_what_they_were_about(enc_store, tmp_path):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    ids = _person(enc_store)
    files = _files(enc_store, tmp_path, ids["m"])

    wb = load_workbook(files[".xlsx"], read_only=True)
    rows = list(wb["Wijzigingen"].iter_rows(values_only=True))
    header = list(rows[0])
    about = header.index("Waarover")
    veld = header.index("Gegeven")
    table = {(r[about], r[veld]) for r in rows[1:]}
    gesprek = f"Gesprek van {DAG_NL} over Opa Waarover"
    assert (gesprek, "Ervaren belasting (0 tot 10)") in table
    assert any(
        w == gesprek and v.startswith("Vraaggebied 8.") and v.endswith("notitie") for w, v in table
    ), table
    assert ("Zorg voor Opa Waarover", "Uren zorg per week") in table
    # the relation with Tante Toos was removed: its changes are still shown, and named
    removed = [w for w, v in table if "inmiddels verwijderd" in str(w)]
    assert removed and all(w.startswith("Zorgsituatie") for w in removed)
    assert ("Verwijderd", removed[0]) in {(r[header.index("Actie")], r[about]) for r in rows[1:]}
    assert all(r[about] for r in rows[1:])  # every row says what it was about

    text = " ".join(" ".join(p.extract_text() for p in PdfReader(str(files[".pdf"])).pages).split())
    assert "Waarover" in text and gesprek in text and "Zorg voor Opa Waarover" in text
    assert "Toeslag aangevraagd" in text
    # the audit log names the gesprek too, not its internal number
    assert f"gesprek van {DAG_NL} over Opa Waarover gecorrigeerd" in text
    for what in ("vastgelegd", "bekeken", "gecorrigeerd"):
        assert f"gesprek {ids['g']} {what}" not in text

    # the JSON stays raw and complete: no added reading column
    data = json.loads(files[".json"].read_text("utf-8"))
    assert all("waarover" not in w for w in data["wijzigingen"])
    assert {w["record_id"] for w in data["wijzigingen"] if w["tabel"] == "zorgrelatie"} >= {
        ids["rel"],
        ids["tweede"],
    }


def test_an_unknown_record_in_the_change_log_is_named_not_hidden():
    from desktop.privacy import inzage_labels as L

    lookups = L.Lookups(records={("gesprek", 3): "Gesprek van 01-02-2026"})
    assert lookups.record_title("gesprek", 3) == "Gesprek van 01-02-2026"
    assert lookups.record_title("gesprek", 4) == "Gesprek (nummer 4, inmiddels verwijderd)"
    assert lookups.record_title("gesprek", "x") == "Gesprek"
    assert L.show("audit_log", "omschrijving", "vervolg plan 9 afgehandeld", lookups) == (
        "vervolg ondersteuningsplan (nummer 9, inmiddels verwijderd) afgehandeld"
    )
    lookups.records[("ondersteuningsplan", 9)] = "Ondersteuningsplan van 02-02-2026"
    assert L.show("audit_log", "omschrijving", "vervolg plan 9 afgehandeld", lookups) == (
        "vervolg ondersteuningsplan van 02-02-2026 afgehandeld"
    )


def test_a_failed_inzage_leaves_no_half_copy_behind(enc_store, tmp_path):
    import pytest

    from desktop.errors import UserError
    from desktop.privacy import audit

    with enc_store.session() as s:
        mid = register(s, "Half Weg").id
        before = len(audit.entries(s))
    folder = tmp_path / "uit"
    stem = f"inzage-mantelzorger-{mid}-{date.today().isoformat()}"
    (folder / f"{stem}.pdf").mkdir(parents=True)  # the PDF cannot be written
    with pytest.raises(UserError, match="map"), enc_store.session() as s:
        inzage.write(s, mid, folder)
    assert sorted(p.name for p in folder.iterdir()) == [f"{stem}.pdf"]  # only what was there
    with enc_store.session() as s:
        assert len(audit.entries(s)) == before  # nothing handed out, nothing logged
