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


# --------------------------------------------------------------------------- readable copy

_ISO = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?"


def _files(store, tmp_path, mid):
    with store.session() as s:
        paths = inzage.write(s, mid, tmp_path / "uit")
    return {p.suffix: p for p in paths}


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_inzage_pdf_is_plain_dutch(enc_store, tmp_path):
    import re

    mid = _person(enc_store)
    with enc_store.session() as s:
        from desktop.store import wijken

        w = wijken.add_wijk(s, "Oosterpark")
        m = service.get(s, mid, log_view=False)
        data = service.mantelzorger_data(m)
        data.wijk_id = w.id
        service.update(s, mid, data)
    files = _files(enc_store, tmp_path, mid)
    text = _pdf_text(files[".pdf"])
    flat = " ".join(text.split())
    for label in (
        "Persoonsgegevens",
        "Telefoon",
        "Wijk",
        "Oosterpark",
        "Vastgelegd op",
        "Naam zorgvrager",
        "Vraaggebied",
        "Besproken",
        "Verwezen naar",
        "Basisfunctie",
        "Risicovlag",
        "Bevestigd door de consulent",
        "Inhoud van het concept",
        "Formulier invullen",
        "Vraag over toeslag",
        "zelf verteld",
        "06-33334444",
        "Geëxporteerd",
    ):
        assert label in flat, label
    for raw in ("wijk_id", "uuid", "True", "False", "aangemaakt_op", "toestemming_datum", "{}"):
        assert raw not in text, raw
    assert not re.search(_ISO, text), re.search(_ISO, text)
    assert re.search(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}", text)  # Amsterdam time, dd-mm-jjjj
    # codes translated through the instruments
    from desktop.kaart.service import basisfunctie_labels
    from desktop.mantelzorg.instrument import load_mantelzorg, load_vraaggebieden

    assert load_vraaggebieden().area("vg8").name.split()[0] in flat
    assert load_mantelzorg().risk_group("rg5").text.split()[0] in flat
    assert basisfunctie_labels()["mz7"] in flat
    assert "rg5" not in text and "mz7" not in text


def test_inzage_excel_has_dutch_headers_and_values(enc_store, tmp_path):
    import re

    from openpyxl import load_workbook

    mid = _person(enc_store)
    files = _files(enc_store, tmp_path, mid)
    wb = load_workbook(files[".xlsx"], read_only=True)
    headers = {}
    values = []
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        headers[ws.title] = [h for h in rows[0] if h] if rows else []
        values += [str(v) for row in rows for v in row if v is not None]
    assert "Naam" in headers["Persoonsgegevens"]
    assert "Toestemming gegeven op" in headers["Persoonsgegevens"]
    assert "wijk_id" not in headers["Persoonsgegevens"]
    all_headers = {h for hs in headers.values() for h in hs}
    assert {"Datum", "Vraaggebied", "Wat", "Verwezen naar", "Risicovlag", "Gegeven"} <= (
        all_headers
    )
    for raw in ("uuid", "wijk_id", "aangemaakt_op", "mantelzorger_id", "hash", "True"):
        assert not any(raw == h for h in all_headers), raw
        assert raw not in values, raw
    assert not any(re.fullmatch(_ISO + ".*", v) for v in values)
    assert "ja" in values and "Gewijzigd" in values


def test_inzage_json_keeps_raw_fields(enc_store, tmp_path):
    from desktop.mantelzorg.models import Mantelzorger

    mid = _person(enc_store)
    data = json.loads(_files(enc_store, tmp_path, mid)[".json"].read_text("utf-8"))
    columns = {c.key for c in Mantelzorger.__table__.columns}
    assert columns | {"wijk"} == set(data["mantelzorger"])
    assert "T" in data["mantelzorger"]["aangemaakt_op"]  # ISO timestamp kept
    assert data["risicobeoordelingen"][0]["bevestigd"] is True
    assert data["gesprekken"][0]["vraaggebieden"][0]["sleutel"] == "vg8"
    assert set(data) == {"samengesteld_op"} | {key for key, _ in inzage.SECTIONS}


def test_every_column_has_a_dutch_label_or_is_hidden():
    import desktop.features
    from desktop.privacy import inzage_labels

    desktop.features.import_all_models()
    for name in (*inzage.PERSON_TABLES, "wijziging", "audit_log"):
        table = Base.metadata.tables[name]
        labelled = {c for c, _label, _kind in inzage_labels.FIELDS[name]}
        hidden = inzage_labels.HIDDEN.get(name, set())
        missing = {c.key for c in table.columns} - labelled - hidden
        assert not missing, (name, missing)


def test_codes_become_their_labels():
    from desktop.mantelzorg.instrument import load_mantelzorg
    from desktop.privacy import inzage_labels as labels

    mz = load_mantelzorg()
    text = labels.show("zorgvrager", "aandoeningen", "psy,som")
    assert text == f"{mz.condition('psy').text}, {mz.condition('som').text}"
    assert labels.show("gesprek", "factoren", "{}") == ""
    factor = labels.show("gesprek", "factoren", '{"df1": "zwaar"}')
    assert factor == f"{mz.load_factors[0].text}: zwaar"
    assert labels.show("zorgrelatie", "samenwonend", True) == "ja"
    assert labels.show("mantelzorger", "toestemming_datum", "2026-03-04") == "04-03-2026"
    # UTC in the data, Amsterdam time in the reading copy
    assert labels.show("audit_log", "tijd", "2026-11-23T03:39:31+00:00") == "23-11-2026 04:39"
    assert labels.show("audit_log", "tijd", "2026-07-01T10:00:00+00:00") == "01-07-2026 12:00"
    draft = labels.concept_text('{"datum": "2026-11-20", "signalen": [], "_pagina": 2}')
    assert draft == "Datum: 20-11-2026"
