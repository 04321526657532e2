"""Messy intake spreadsheets as other organisations send them: titles above the header,
merged cells, header synonyms, several sheets, CSV dialects, numbers that lost their
leading zero, odd booleans and dates, formulas. Each either imports correctly or gives a
Dutch row-level reason; nothing is ever half written."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kaart_xlsx_helpers import header_row, inline, sheet_xml, write_xlsx
from sqlalchemy import select

from desktop.errors import UserError
from desktop.kaart import importer, search
from desktop.kaart.columns import FIELDS, header_score, match_columns
from desktop.kaart.models import Aanbod, AanbodKenmerk, Contactpersoon, Organisatie
from desktop.kaart.spreadsheet import RowData, Table
from desktop.store import open_store, wijken


@pytest.fixture(scope="module")
def _migrated(tmp_path_factory):
    path = tmp_path_factory.mktemp("intake") / "leeg.db"
    s = open_store(path)
    with s.session() as session:
        for naam in ("De Akkers", "Molenwijk", "Oosterkern"):
            wijken.add_wijk(session, naam)
    s.close()
    return path


@pytest.fixture
def kstore(_migrated, tmp_path):
    target = tmp_path / "elkaar.db"
    shutil.copy2(_migrated, target)
    s = open_store(target)
    yield s
    s.close()


def orgs(store) -> dict[str, dict]:
    """Organisations by name with their fields, wijken and aanbod (name -> doelgroepen)."""
    out = {}
    with store.session() as s:
        for o in s.scalars(select(Organisatie)):
            out[o.naam] = {
                "straat": o.straat,
                "huisnummer": o.huisnummer,
                "postcode": o.postcode,
                "plaats": o.plaats,
                "telefoon": o.telefoon,
                "email": o.email,
                "website": o.website,
                "niet_publiceren": o.niet_publiceren,
                "gecontroleerd_op": o.gecontroleerd_op,
                "wijken": sorted(w.naam for w in o.wijken),
                "aanbod": {a.naam: sorted(a.keys("doelgroep")) for a in o.aanbod},
            }
    return out


def db_hash(store) -> str:
    with store.session() as s:
        parts = []
        for model in (Organisatie, Aanbod, AanbodKenmerk, Contactpersoon):
            parts += [repr(tuple(r)) for r in s.execute(select(model.__table__)).all()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def rejected(result) -> dict[int, str]:
    return {r.rij: r.reden for r in result.rows if r.resultaat == "afgewezen"}


# --------------------------------------------------------------------------- xlsx layouts


def test_titles_merged_cells_synonyms_and_lost_zeros(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sociale kaart"
    ws["A1"] = "Sociale kaart gemeente Lindewaard"
    ws.merge_cells("A1:H1")
    ws["A2"], ws["B2"] = "Versie", "maart 2024"
    ws["A3"] = "Toelichting: vul per organisatie één rij in. Velden met * zijn verplicht."
    ws.append([])
    ws.append(["Organisatienaam *", "Adres", "Postcode + plaats", "Telefoonnummer",
               "E-mailadres", "Website/URL", "Wijk/kern", "Doelgroep(en)", "Kleur"])  # fmt: skip
    ws.append(["  De Linde\u00a0", "Kerkstraat 12a", "1234ab  Lindewaard", 612345678,
               "mailto:info@linde.example", "linde.example", "De Akkers / Molenwijk",
               "Ouderen; Mantelzorgers", "rood"])  # fmt: skip
    ws.append([])
    ws.append(["Het Anker", "Dorpsstraat 1", "1235 AC Lindewaard", 201234567,
               "info@anker.example ", "http://anker.example/", "Molenwijk",
               "Jongeren\nOuderen", ""])  # fmt: skip
    path = tmp_path / "intake.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    assert any("'Kleur'" in w and "niet ingelezen" in w for w in result.warnings)
    got = orgs(kstore)
    linde, anker = got["De Linde"], got["Het Anker"]
    assert (linde["straat"], linde["huisnummer"], linde["postcode"], linde["plaats"]) == (
        "Kerkstraat", "12a", "1234 AB", "Lindewaard")  # fmt: skip
    assert linde["telefoon"] == "06 12345678" and anker["telefoon"] == "020 123 4567"
    assert linde["email"] == "info@linde.example"
    assert linde["website"] == "https://linde.example"
    assert linde["wijken"] == ["De Akkers", "Molenwijk"]
    assert linde["aanbod"] == {"De Linde": ["mantelzorgers", "ouderen"]}
    assert anker["aanbod"] == {"Het Anker": ["jongeren", "ouderen"]}


def test_header_in_row_ten_below_an_explanation_table(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Uitleg bij de kolommen"])
    for kolom, uitleg in [("Naam", "de naam van de organisatie"), ("Tel.", "algemeen nummer"),
                          ("Adres", "straat en huisnummer"), ("Wijk", "de kern"),
                          ("Let op", "één rij per organisatie")]:  # fmt: skip
        ws.append([kolom, uitleg])
    ws.append([])
    ws.append(["Ingevuld door", "J. de Vries", "Datum", "01-03-2024"])
    ws.append([])
    ws.append(["", "Wijk", "Aanbieder", "", "Tel.", "Adres", "Opmerkingen"])
    ws.append(["", "Oosterkern", "Stichting Welzijn", "", "0612345678", "Markt 3", "x"])
    ws.append([])
    ws.append(["", "", "Buurthuis Oost", "", "", "Markt 5", ""])
    path = tmp_path / "uitleg.xlsx"
    wb.save(path)

    table = importer.read_file(path)
    assert table.header_row == 10
    result = importer.import_file(kstore, path)
    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    got = orgs(kstore)
    assert got["Stichting Welzijn"]["wijken"] == ["Oosterkern"]
    assert got["Buurthuis Oost"]["straat"] == "Markt"


def test_sheet_with_recognisable_headers_is_chosen_and_named(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Toelichting"
    ws.append(["Uitleg bij het invullen"])
    ws.append(["Kolom A", "de naam"])
    ws.append(["Kolom B", "het adres"])
    data = wb.create_sheet("Gegevens")
    data.append(["Naam organisatie", "Straat", "Huisnr", "Postcode", "Plaats", "Tel."])
    data.append(["Buurtzorg", "Markt", 3, "1234 AB", "Lindewaard", "0101234567"])
    wb.create_sheet("Keuzelijsten").append(["Ouderen", "Jongeren", "Mantelzorgers"])
    path = tmp_path / "bladen.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 1, bijgewerkt: 0, afgewezen: 0"
    assert any("Werkblad 'Gegevens' is ingelezen" in w for w in result.warnings)
    assert orgs(kstore)["Buurtzorg"]["huisnummer"] == "3"


def test_no_sheet_with_recognisable_headers_is_a_clear_message(kstore, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Appels", "Peren"])
    wb.active.append(["3", "4"])
    wb.create_sheet("Blad2").append(["Kilo", "Gewicht"])
    path = tmp_path / "fruit.xlsx"
    wb.save(path)
    before = db_hash(kstore)
    with pytest.raises(UserError, match="naam van de organisatie"):
        importer.import_file(kstore, path)
    assert db_hash(kstore) == before


def test_grouped_two_row_header(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "Naam organisatie"
    ws.merge_cells("A1:A2")
    ws["B1"] = "Bezoekadres"
    ws.merge_cells("B1:D1")
    ws["E1"] = "Contact"
    ws.merge_cells("E1:F1")
    ws.append(["", "Straat", "Huisnummer", "Postcode", "Telefoon", "E-mail"])
    ws.append(["Org Een", "Kerkstraat", "1", "1234AB", "0612345678", "a@een.example"])
    path = tmp_path / "groep.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 1, bijgewerkt: 0, afgewezen: 0"
    een = orgs(kstore)["Org Een"]
    assert (een["straat"], een["postcode"], een["email"]) == (
        "Kerkstraat", "1234 AB", "a@een.example")  # fmt: skip


def test_any_column_order_empty_columns_and_merged_organisation(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Doelgroep", None, "Aanbod", "Naam organisatie", None, "Telefoon"])
    ws.append(["Ouderen", None, "Koffieochtend", "Het Trefpunt", None, "0201234567"])
    ws.append(["- Jongeren\n- Ouderen", None, "Huiswerkklas", None, None, None])
    ws.merge_cells("D2:D3")
    path = tmp_path / "volgorde.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    assert orgs(kstore)["Het Trefpunt"]["aanbod"] == {
        "Koffieochtend": ["ouderen"],
        "Huiswerkklas": ["jongeren", "ouderen"],
    }


def test_list_in_blocks_with_repeated_headers(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Zorg en welzijn"])
    ws.append(["Naam organisatie", "Telefoon", "Plaats"])
    ws.append(["Thuiszorg Noord", "0501234567", "Lindewaard"])
    ws.append(["Thuiszorg Zuid", "0501234568", "Lindewaard"])
    ws.append([])
    ws.append(["Sport en bewegen"])
    ws.append(["Naam organisatie ", "Telefoon", "Plaats"])
    ws.append(["Sportclub Lindewaard", "0502345678", "Lindewaard"])
    ws.append(["Zwembad De Put", "0502345679", "Lindewaard"])
    path = tmp_path / "blokken.xlsx"
    wb.save(path)
    result = importer.import_file(kstore, path, modus="alles")
    assert result.summary() == "toegevoegd: 4, bijgewerkt: 0, afgewezen: 0"
    assert "Sport en bewegen" not in orgs(kstore) and len(orgs(kstore)) == 4
    (heading,) = [r for r in result.rows if r.resultaat == "niet ingelezen"]
    assert heading.organisatie == "Sport en bewegen" and "tussenkop" in heading.reden


def test_a_list_of_bare_names_is_imported(kstore, tmp_path):
    path = tmp_path / "namen.csv"
    path.write_text("Naam organisatie;Telefoon;Website\nA;;\nB;;\nC;;\nD;;\n", encoding="utf-8")
    assert importer.import_file(kstore, path).toegevoegd == 4


def test_formulas_use_the_stored_values(kstore, tmp_path):
    sheet = sheet_xml(
        header_row("Naam organisatie", "Plaats", "Telefoon")
        + '<row r="2">'
        + inline("A2", "Stichting A")
        + '<c r="B2" t="str"><f>PROPER("lindewaard")</f><v>Lindewaard</v></c>'
        + '<c r="C2"><f>612345678</f><v>612345678</v></c></row>'
    )
    path = write_xlsx(tmp_path / "formules.xlsx", {"Blad1": sheet})
    result = importer.import_file(kstore, path)
    assert result.summary() == "toegevoegd: 1, bijgewerkt: 0, afgewezen: 0"
    a = orgs(kstore)["Stichting A"]
    assert (a["plaats"], a["telefoon"]) == ("Lindewaard", "06 12345678")


def write_ods(path: Path, tables: dict[str, str], manifest: str = "") -> Path:
    """A minimal OpenDocument spreadsheet; ``tables`` maps sheet name -> table:table-row XML."""
    import zipfile

    body = "".join(
        f'<table:table table:name="{n}">{rows}</table:table>' for n, rows in tables.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:spreadsheet>{body}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        if manifest:
            zf.writestr("META-INF/manifest.xml", manifest)
    return path


def _c(text: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("__", ":").replace("_", "-")}="{v}"' for k, v in attrs.items())
    inner = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n")) if text else ""
    return f"<table:table-cell{extra}>{inner}</table:table-cell>"


def _r(*cells: str, repeat: int = 1) -> str:
    rep = f' table:number-rows-repeated="{repeat}"' if repeat > 1 else ""
    return f"<table:table-row{rep}>{''.join(cells)}</table:table-row>"


def test_ods_from_libreoffice(kstore, tmp_path):
    uitleg = _r(_c("Uitleg")) + _r(_c("Kolom A"), _c("de naam"))
    data = (
        _r(_c("Sociale kaart Lindewaard", table__number_columns_spanned="4"),
           '<table:covered-table-cell table:number-columns-repeated="3"/>')
        + _r('<table:table-cell table:number-columns-repeated="1024"/>', repeat=3)
        + _r(_c("Naam organisatie"), _c("Telefoon"), _c("Doelgroepen"), _c("Aanbod"),
             _c("Laatst gecontroleerd"), _c("Niet publiceren"))
        + _r(_c("De Linde", table__number_rows_spanned="2"),
             _c("612345678", office__value_type="float", office__value="612345678"),
             _c("Ouderen\nJongeren"), _c("Koffie"),
             _c("01-03-2024", office__value_type="date", office__date_value="2024-03-01"),
             _c("ONWAAR", office__value_type="boolean", office__boolean_value="false"))
        + _r('<table:covered-table-cell/>', _c(""), _c("Ouderen"), _c("Soep"))
        + _r(_c("Het Anker"), "<table:table-cell><office:annotation><text:p>bellen na 9 uur"
             "</text:p></office:annotation><text:p>010-1234567</text:p></table:table-cell>")
        + _r('<table:table-cell table:number-columns-repeated="16384"/>', repeat=1048500)
    )  # fmt: skip
    path = write_ods(tmp_path / "kaart.ods", {"Toelichting": uitleg, "Gegevens": data})

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 3, bijgewerkt: 0, afgewezen: 0"
    assert any("Werkblad 'Gegevens'" in w for w in result.warnings)
    got = orgs(kstore)
    linde = got["De Linde"]
    assert linde["telefoon"] == "06 12345678"
    assert linde["aanbod"] == {"Koffie": ["jongeren", "ouderen"], "Soep": ["ouderen"]}
    assert linde["gecontroleerd_op"] == dt.date(2024, 3, 1)
    assert linde["niet_publiceren"] is False
    assert got["Het Anker"]["telefoon"] == "010 123 4567"  # the comment is not in the value


def test_ods_problems_are_dutch_messages(kstore, tmp_path):
    before = db_hash(kstore)
    locked = write_ods(tmp_path / "geheim.ods", {"Blad1": _r(_c("x"), _c("y"))},
                       manifest="<manifest:encryption-data/>")  # fmt: skip
    with pytest.raises(UserError, match="wachtwoord"):
        importer.import_file(kstore, locked)
    empty = write_ods(tmp_path / "leeg.ods", {"Blad1": _r("<table:table-cell/>", repeat=5)})
    with pytest.raises(UserError, match="leeg"):
        importer.import_file(kstore, empty)
    broken = write_ods(tmp_path / "kapot.ods", {"Blad1": "<table:table-row><table:table-cell>"})
    with pytest.raises(UserError, match="beschadigd"):
        importer.import_file(kstore, broken)
    assert db_hash(kstore) == before


# --------------------------------------------------------------------------- values


def test_postcode_variants_and_row_messages(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Naam organisatie", "Postcode", "Letters postcode", "Huisnummer"])
    ws.append(["A", 1234, "ab", 12])
    ws.append(["B", "1235cd", None, "3 a"])
    ws.append(["C", "1236 EF Lindewaard", None, "1"])
    ws.append(["D", 123, None, "1"])
    ws.append(["E", 1237, None, "1"])
    ws.append(["F", None, "GH", "1"])
    path = tmp_path / "postcodes.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    got = orgs(kstore)
    assert got["A"]["postcode"] == "1234 AB"
    assert (got["B"]["postcode"], got["B"]["huisnummer"]) == ("1235 CD", "3a")
    assert (got["C"]["postcode"], got["C"]["plaats"]) == ("1236 EF", "Lindewaard")
    reasons = rejected(result)
    assert set(reasons) == {5, 6, 7}
    assert "geen geldige postcode" in reasons[5]
    assert "letters van de postcode ontbreken" in reasons[6]
    assert "cijfers van de postcode ontbreken" in reasons[7]
    assert {r.organisatie for r in result.rows if r.resultaat == "afgewezen"} == {"D", "E", "F"}


def test_booleans_dates_and_their_messages(kstore, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Naam organisatie", "Niet publiceren", "Datum laatste controle"])
    cases = [("ja", dt.date(2024, 3, 1)), ("x", 45352), ("1", "1 maart 2024"),
             ("waar", "01/03/24"), ("nee", "2024-03-01"), ("0", "1-3-2024"),
             ("onwaar", None), ("misschien", None), ("", "gisteren")]  # fmt: skip
    for i, (flag, when) in enumerate(cases):
        ws.append([f"Org {i}", flag, when])
    path = tmp_path / "waarden.xlsx"
    wb.save(path)

    result = importer.import_file(kstore, path)

    got = orgs(kstore)
    flags = [got[f"Org {i}"]["niet_publiceren"] for i in range(7)]
    assert flags == [True, True, True, True, False, False, False]
    assert {got[f"Org {i}"]["gecontroleerd_op"] for i in range(6)} == {dt.date(2024, 3, 1)}
    reasons = rejected(result)
    assert set(reasons) == {9, 10}
    assert "'misschien' is geen ja of nee" in reasons[9]
    assert "'gisteren' is geen datum" in reasons[10]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_dialects(kstore, tmp_path, encoding, delimiter):
    rows = [
        ["Sociale kaart Lindewaard", "", "", ""],
        ["Naam organisatie", "Adres", "Telefoonnummer", "Wijk/kern"],
        ["Café De Zon", "Hoofdstraat 1", "612345678", "De Akkers"],
        ["Zorg, Welzijn & Meer", "Kerkweg 2", "010-1234567", "Molenwijk; Oosterkern"],
    ]
    path = tmp_path / "intake.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    got = orgs(kstore)
    assert got["Café De Zon"]["telefoon"] == "06 12345678"
    assert got["Zorg, Welzijn & Meer"]["wijken"] == ["Molenwijk", "Oosterkern"]


def test_unknown_list_item_is_a_row_message(kstore, tmp_path):
    path = tmp_path / "lijst.csv"
    path.write_text(
        "Naam organisatie;Aanbod;Doelgroepen;Wijk\n"
        "A;Koffie;Ouderen / Jongeren;De Akkers\n"
        "B;Thee;Ouderen / Marsmannetjes;De Akkers\n"
        "C;Soep;Ouderen;Atlantis\n",
        encoding="utf-8",
    )
    result = importer.import_file(kstore, path)
    reasons = rejected(result)
    assert set(reasons) == {3, 4}
    assert "Doelgroep 'Ouderen / Marsmannetjes' is onbekend" in reasons[3]
    assert "'Atlantis' bestaat niet" in reasons[4]
    assert orgs(kstore)["A"]["aanbod"] == {"Koffie": ["jongeren", "ouderen"]}


def test_header_variants_people_use(kstore, tmp_path):
    head = ["Naam instelling/organisatie", "Straat + nr", "Huisnummer + toevoeging",
            "PC + Woonplaats", "Tel.nr.", "E-mail adres", "Web-site", "Tonen in wegwijzer",
            "Dorp/kern", "Dienst/activiteit", "Voor wie?", "Datum laatste update"]  # fmt: skip
    rows = [
        ["Org Een", "Kerkstraat 1", "", "1234 AB Lindewaard", "0101234567", "a@een.example",
         "een.example", "ja", "Oosterkern", "Koffie", "Ouderen", "01-03-2024"],
        ["Org Twee", "", "7b", "1235 AC Lindewaard", "", "", "", "nee", "", "", "", ""],
    ]  # fmt: skip
    path = tmp_path / "varianten.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=";").writerows([head, *rows])

    result = importer.import_file(kstore, path)

    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    assert not any("niet herkend" in w for w in result.warnings)
    got = orgs(kstore)
    een, twee = got["Org Een"], got["Org Twee"]
    assert (een["straat"], een["huisnummer"], een["postcode"], een["plaats"]) == (
        "Kerkstraat", "1", "1234 AB", "Lindewaard")  # fmt: skip
    assert een["niet_publiceren"] is False and twee["niet_publiceren"] is True  # not inverted
    assert twee["huisnummer"] == "7b"
    assert een["wijken"] == ["Oosterkern"] and een["aanbod"] == {"Koffie": ["ouderen"]}
    assert een["gecontroleerd_op"] == dt.date(2024, 3, 1)


def test_contact_cells_with_labels_remarks_and_two_values(kstore, tmp_path):
    path = tmp_path / "contact.csv"
    path.write_text(
        "Naam organisatie;Telefoon;E-mail;Website;Opmerkingen\n"
        "A;Tel.: 010-1234567 (ma-vr 9-17);E-mail: <info@a.example>;Website: www.a.example;\n"
        'B;010-1234567 / 06-12345678;"b@b.example; c@b.example";b.example, c.example;eigen notitie\n'
        "C;6,12345678E+08;mailto:Info@C.example;http://c.example/;\n",
        encoding="utf-8",
    )
    result = importer.import_file(kstore, path)
    assert result.summary() == "toegevoegd: 3, bijgewerkt: 0, afgewezen: 0"
    got = orgs(kstore)
    assert (got["A"]["telefoon"], got["A"]["email"], got["A"]["website"]) == (
        "010 123 4567", "info@a.example", "https://www.a.example")  # fmt: skip
    assert (got["B"]["telefoon"], got["B"]["email"], got["B"]["website"]) == (
        "010 123 4567", "b@b.example", "https://b.example")  # fmt: skip
    assert got["C"]["telefoon"] == "06 12345678" and got["C"]["email"] == "Info@c.example"
    with kstore.session() as s:
        notes = {o.naam: o.notities for o in s.scalars(select(Organisatie))}
    assert "ma-vr 9-17" in notes["A"]
    assert notes["B"].startswith("eigen notitie") and "06-12345678" in notes["B"]
    assert "c@b.example" in notes["B"] and "c.example" in notes["B"]
    remarks = {r.organisatie: r.opmerking for r in result.rows}
    assert "06-12345678 staat bij de notities" in remarks["B"]
    assert remarks["C"] == "" and all(r.reden == "" for r in result.rows)
    saved = importer.save_result(result, tmp_path / "resultaat.xlsx")
    cells = [c.value for row in openpyxl.load_workbook(saved)["Resultaat"].iter_rows() for c in row]
    assert "Opmerking" in cells and any("staat bij de notities" in str(c) for c in cells)


def test_placeholders_and_werkgebied_words(kstore, tmp_path):
    from desktop.store import settings

    with kstore.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
    path = tmp_path / "gebied.csv"
    path.write_text(
        "Naam organisatie;Postcode;Telefoon;E-mail;Wijk/kern;Werkgebied;Kosten;Aanbod\n"
        "A;n.v.t.;-;onbekend;Hele gemeente;;geen;Koffie\n"
        "B;1234 AB;?;;Gemeente Lindewaard;;;\n"
        "C;;;;De Akkers, alle wijken;;;\n"
        "D;;;;;Regionaal;;\n"
        "E;;;;Molenwijk;wijkgericht;;\n"
        "F;;;;;op de maan;;\n",
        encoding="utf-8",
    )
    result = importer.import_file(kstore, path)
    assert rejected(result).keys() == {7}
    assert "Werkgebied 'op de maan' is onbekend" in rejected(result)[7]
    with kstore.session() as s:
        got = {o.naam: o for o in s.scalars(select(Organisatie))}
        assert (got["A"].postcode, got["A"].telefoon, got["A"].email) == ("", "", "")
        assert got["A"].werkgebied == "gemeente" and got["A"].wijken == []
        assert got["A"].aanbod[0].kosten == "geen"  # free text keeps "geen"
        assert got["B"].werkgebied == "gemeente" and got["B"].wijken == []
        assert [w.naam for w in got["C"].wijken] == ["De Akkers"]
        assert got["D"].werkgebied == "regio"
        assert got["E"].werkgebied == "wijken"
        assert [w.naam for w in got["E"].wijken] == ["Molenwijk"]


# --------------------------------------------------------------------------- one transaction


def test_all_or_nothing_and_failure_leave_the_database_as_it_was(kstore, tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text("Naam organisatie;Postcode\nGoed;1234 AB\nFout;12\n", encoding="utf-8")
    before = db_hash(kstore)
    result = importer.import_file(kstore, path, modus="alles")
    assert not result.stored and rejected(result) == {3: rejected(result)[3]}
    assert db_hash(kstore) == before

    def broken(*_a, **_k):
        raise UserError("De schijf is vol.")

    monkeypatch.setattr(search, "reindex", broken)
    with pytest.raises(UserError, match="schijf is vol"):
        importer.import_file(kstore, path)
    assert db_hash(kstore) == before


# --------------------------------------------------------------------------- hypothesis

_NOISE = st.sampled_from(["", " ", "  ", "\u00a0", " *", ":", " (verplicht)", "*"])


def _messy(text: str, draw) -> str:
    cased = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
    return draw(_NOISE) + cased + draw(_NOISE)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_labels_match_in_any_order_and_dress(data):
    keys = data.draw(
        st.lists(st.sampled_from([f.key for f in FIELDS]), min_size=1, max_size=8, unique=True)
    )
    labels = {k: next(f.label for f in FIELDS if f.key == k) for k in keys}
    headers = [_messy(labels[k], data.draw) for k in keys]
    extra = data.draw(st.sampled_from(["Kleur", "Volgnummer intern", "Xyzzy"]))
    at = data.draw(st.integers(0, len(headers)))
    headers.insert(at, extra)
    mapping = match_columns(headers)
    for k, h in zip(keys, [h for h in headers if h != extra], strict=True):
        assert mapping.fields.get(k) == h
    assert extra in mapping.unmatched


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=60), min_size=2, max_size=6))
def test_header_score_of_a_title_never_beats_the_real_header(title):
    real = ["Naam organisatie", "Adres", "Telefoon", "E-mail", "Website"]
    assert header_score(real) > header_score(title) or len(match_columns(title).fields) >= 4


def _table(rows: list[dict[str, str]]) -> Table:
    headers = list(rows[0])
    return Table(headers, [RowData(i + 2, r) for i, r in enumerate(rows)], "Blad1")


@pytest.fixture(scope="module")
def parse_session(_migrated, tmp_path_factory):
    target = tmp_path_factory.mktemp("parse") / "p.db"
    shutil.copy2(_migrated, target)
    s = open_store(target)
    session = s.new_session()
    yield session
    session.rollback()
    session.close()
    s.close()


def _imported(session, row: dict[str, str]):
    """Import one row in ``session`` and roll back; the result and the stored values."""
    try:
        result = importer.run_import(session, _table([{"Naam organisatie": "X", **row}]))
        org = session.scalar(select(Organisatie))
        values = None
        if org is not None:
            values = {
                "postcode": org.postcode,
                "gecontroleerd_op": org.gecontroleerd_op,
                "doelgroepen": sorted(k for a in org.aanbod for k in a.keys("doelgroep")),
            }
        return result, values
    finally:
        session.rollback()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    digits=st.integers(1000, 9999),
    letters=st.text("ABCDEFGHIJKLMNOPQRTUVWXYZ", min_size=2, max_size=2),
    form=st.sampled_from(["{d}{l}", "{d} {l}", "{d}{low}", " {d}\u00a0{l} ", "split"]),
)
def test_postcode_forms_normalise(parse_session, digits, letters, form):
    if form == "split":
        row = {"Postcode": str(digits), "Letters postcode": letters.lower()}
    else:
        row = {"Postcode": form.format(d=digits, l=letters, low=letters.lower())}
    _result, org = _imported(parse_session, row)
    assert org["postcode"] == f"{digits} {letters}"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(dt.date(1960, 1, 1), dt.date(2100, 12, 31)),
    form=st.sampled_from(["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "serial"]),
)
def test_dates_in_every_form(parse_session, day, form):
    text = str((day - dt.date(1899, 12, 30)).days) if form == "serial" else day.strftime(form)
    _result, org = _imported(parse_session, {"Laatst gecontroleerd": text})
    assert org["gecontroleerd_op"] == day


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    names=st.lists(
        st.sampled_from(["Ouderen", "Jongeren", "Mantelzorgers"]), min_size=1, unique=True
    ),
    sep=st.sampled_from([", ", ";", " / ", "\n", "\n- ", " | ", "; "]),
)
def test_list_separators(parse_session, names, sep):
    cell = ("- " if sep == "\n- " else "") + sep.join(names)
    result, org = _imported(parse_session, {"Aanbod": "A", "Doelgroepen": cell})
    assert result.afgewezen == 0
    assert org["doelgroepen"] == sorted(n.lower() for n in names)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=30))
def test_any_cell_gives_a_result_never_a_traceback(parse_session, text):
    row = {k: text for k in ("Postcode", "Telefoon", "E-mail", "Website", "Niet publiceren",
                             "Laatst gecontroleerd", "Doelgroepen", "Wijk", "Huisnummer")}  # fmt: skip
    result, org = _imported(parse_session, row)
    (r,) = result.rows
    assert r.resultaat in ("toegevoegd", "afgewezen")
    assert (org is None) == (r.resultaat == "afgewezen")
    if r.resultaat == "afgewezen":
        assert r.reden and r.reden.endswith(".")


_MESSY_VALUES = st.sampled_from(
    ["", " ", "n.v.t.", "-", "0612345678", "612345678", "1234ab", "1234", "x", "ja", "nee",
     "Ouderen; Jongeren", "De Akkers / Molenwijk", "Atlantis", "mailto:a@b.example",
     "www.voorbeeld.nl", "=SUM(A1)", "01-03-2024", "45352", "\u00a0", "Kerkstraat 12a",
     "1234 AB Lindewaard", "hele gemeente", "???", "a" * 300, "Tel.: 010-1234567 (ma)"]
) | st.integers(-10, 10**10) | st.floats(allow_nan=True, allow_infinity=True) | st.dates()  # fmt: skip
_HEADERS = ["Naam organisatie", "Organisatienaam", "Aanbieder", "Telefoonnummer", "Tel.",
            "E-mailadres", "Website/URL", "Postcode + plaats", "Adres", "Wijk/kern",
            "Doelgroep(en)", "Postcode", "Letters postcode", "Aanbod", "Niet publiceren",
            "Laatst gecontroleerd", "Kleur", "Volgnummer", ""]  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    titles=st.lists(
        st.lists(st.sampled_from(["Sociale kaart", "Versie 2", "", "Toelichting"]), max_size=3),
        max_size=4,
    ),
    headers=st.lists(st.sampled_from(_HEADERS), min_size=1, max_size=8),
    rows=st.lists(st.lists(_MESSY_VALUES, max_size=9), max_size=8),
    csv_instead=st.booleans(),
)
def test_any_messy_intake_file_gives_row_results_never_a_traceback(
    kstore, tmp_path, titles, headers, rows, csv_instead
):
    if csv_instead:
        path = tmp_path / "fuzz.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, delimiter=";")
            for r in [*titles, headers, *rows]:
                w.writerow(["" if v is None else str(v) for v in r])
    else:
        wb = openpyxl.Workbook()
        ws = wb.active
        for r in [*titles, headers, *rows]:
            ws.append(
                [v if not isinstance(v, str) or not v.startswith("=") else "'" + v for v in r]
            )
        path = tmp_path / "fuzz.xlsx"
        wb.save(path)
    try:
        result = importer.import_file(kstore, path, dry_run=True)
    except UserError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert not result.stored
    for r in result.rows:
        assert r.resultaat in ("toegevoegd", "bijgewerkt", "afgewezen", "niet ingelezen")
        if r.resultaat in ("afgewezen", "niet ingelezen"):
            assert r.reden.endswith(".")
