"""Reading .xlsx and .csv files: normal files, awkward files and hostile files."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from kaart_xlsx_helpers import header_row, inline, lying_zip, sheet_xml, write_xlsx
from openpyxl import Workbook

from desktop.errors import UserError
from desktop.kaart import spreadsheet
from desktop.kaart.spreadsheet import ReadCancelled, Table, list_sheets, read_table

UNEXPECTED = "onverwachte fout"


@pytest.fixture(params=["calamine", "stream"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with python-calamine and with the streaming reader."""
    if request.param == "stream":
        monkeypatch.setattr(spreadsheet, "_calamine", None)
    return str(request.param)


def _workbook(path: Path) -> Path:
    """A realistic kaart sheet: title rows above the header, typed cells, a merge."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Organisaties"
    ws["A1"] = "Sociale kaart gemeente Elkaar"
    ws["A2"] = "Stand: maart 2024"
    ws.append([])
    ws.append(["Naam organisatie", "Telefoon", "Postcode", "Gecontroleerd", "Actief", "Kosten"])
    ws.append(["Stichting De Brug", 612345678, "1234 AB", dt.date(2024, 3, 1), True, 3.5])
    ws.append(
        ["  Buurthulp Oost  ", "010-1234567", "1234ab", dt.datetime(2024, 3, 1, 9, 30), False, 0]
    )
    ws.append([])
    ws.append(['=HYPERLINK("x")', None, None, None, None, None])
    ws["A8"].data_type = "s"  # text that starts with '=': a string, not a formula
    ws.append(["Zonnebloem", 1234.0, None, None, None, 12.25])
    wb.create_sheet("Leeg")
    wb.save(path)
    return path


def _values(table: Table) -> list[dict[str, str]]:
    return [row.values for row in table.rows]


def test_reads_a_normal_workbook(tmp_path: Path, engine: str) -> None:
    table = read_table(_workbook(tmp_path / "kaart.xlsx"))
    assert table.sheet_name == "Organisaties"
    assert table.header_row == 4
    assert table.headers == [
        "Naam organisatie",
        "Telefoon",
        "Postcode",
        "Gecontroleerd",
        "Actief",
        "Kosten",
    ]
    assert table.columns["Postcode"] == "C"
    assert [r.row_number for r in table.rows] == [5, 6, 8, 9]
    first, second, third, fourth = _values(table)
    assert first == {
        "Naam organisatie": "Stichting De Brug",
        "Telefoon": "612345678",  # a number in Excel: no ".0", the lost 0 stays lost
        "Postcode": "1234 AB",
        "Gecontroleerd": "01-03-2024",
        "Actief": "ja",
        "Kosten": "3,5",
    }
    assert second["Naam organisatie"] == "Buurthulp Oost"
    assert second["Gecontroleerd"] == "01-03-2024 09:30"
    assert second["Actief"] == "nee"
    assert second["Kosten"] == "0"
    assert third["Naam organisatie"] == '=HYPERLINK("x")'  # kept as text, not run
    assert fourth["Telefoon"] == "1234"
    assert fourth["Kosten"] == "12,25"
    assert table.warnings == []


def test_both_engines_give_the_same_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _workbook(tmp_path / "kaart.xlsx")
    with_calamine = read_table(path)
    monkeypatch.setattr(spreadsheet, "_calamine", None)
    streamed = read_table(path)
    assert streamed == with_calamine


def test_formulas_give_stored_values_only(tmp_path: Path, engine: str) -> None:
    sheet = sheet_xml(
        header_row("Naam", "Aantal", "Tekst")
        + '<row r="2">'
        + inline("A2", "Stichting A")
        + '<c r="B2"><f>1+1</f><v>2</v></c>'
        + '<c r="C2" t="str"><f>UPPER("x")</f><v>X</v></c></row>'
        + '<row r="3">'
        + inline("A3", "Stichting B")
        + '<c r="B3"><f>WEBSERVICE("http://example.com")</f></c></row>'
    )
    path = write_xlsx(tmp_path / "f.xlsx", {"Blad1": sheet})
    rows = _values(read_table(path))
    assert rows[0] == {"Naam": "Stichting A", "Aantal": "2", "Tekst": "X"}
    assert rows[1]["Aantal"] == ""  # no stored value: nothing is evaluated


def test_shared_strings_styles_and_escapes(tmp_path: Path, engine: str) -> None:
    styles = (
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" '
        'formatCode="dd\\-mm\\-yyyy"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
        '<xf numFmtId="164"/><xf numFmtId="20"/></cellXfs></styleSheet>'
    )
    sheet = sheet_xml(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" s="1"><v>45352</v></c>'
        '<c r="C2" s="2"><v>0.5</v></c></row>'
    )
    path = write_xlsx(
        tmp_path / "s.xlsx",
        {"Blad1": sheet},
        shared_strings=["Naam", "Datum", "Tijd", "Regel_x000D_een"],
        styles=styles,
    )
    (row,) = _values(read_table(path))
    assert row == {"Naam": "Regel\neen", "Datum": "01-03-2024", "Tijd": "12:00"}


def test_merged_cells(tmp_path: Path, engine: str) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Organisatie", "Aanbod", "Adres", None])
    ws.merge_cells("C1:D1")  # horizontally merged header
    ws.append(["Stichting A", "Maatjes", "Dorpsstraat", "1"])
    ws.append([None, "Klussen", None, None])
    ws.append([None, "Vervoer", None, None])
    ws.merge_cells("A2:A4")  # one organisation over three aanbod rows
    ws.append(["Stichting B", "Bezoek", "Kerkweg", "2"])
    path = tmp_path / "m.xlsx"
    wb.save(path)
    table = read_table(path)
    assert table.headers == ["Organisatie", "Aanbod", "Adres", "Kolom D"]
    assert [v["Organisatie"] for v in _values(table)] == [
        "Stichting A",
        "Stichting A",
        "Stichting A",
        "Stichting B",
    ]
    assert [v["Adres"] for v in _values(table)] == ["Dorpsstraat", "", "", "Kerkweg"]


def test_duplicate_and_missing_headers(tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("Naam;Naam;;Plaats\nA;B;C;D\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["Naam", "Naam (2)", "Kolom C", "Plaats"]
    assert _values(table) == [{"Naam": "A", "Naam (2)": "B", "Kolom C": "C", "Plaats": "D"}]


def test_csv_semicolon_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "kaart.csv"
    text = 'Naam;Adres;Telefoon\r\nCliëntenraad Één;"Dorpsstraat 1; achterom";="0612345678"\r\n\r\n'
    path.write_bytes(text.encode("cp1252"))
    table = read_table(path)
    assert table.sheet_name == ""
    assert _values(table) == [
        {"Naam": "Cliëntenraad Één", "Adres": "Dorpsstraat 1; achterom", "Telefoon": "0612345678"}
    ]


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ","), ("utf-8", "\t"), ("utf-16", ";"), ("cp1252", "|")],
)
def test_csv_encodings_and_delimiters(tmp_path: Path, encoding: str, delimiter: str) -> None:
    lines = [["Naam", "Plaats", "Notities"], ["Café de Hoek, ’t", "Elkaar", "=1+1"]]
    if delimiter == ",":
        lines[1][0] = '"' + lines[1][0] + '"'
    path = tmp_path / "x.csv"
    path.write_bytes("\n".join(delimiter.join(r) for r in lines).encode(encoding))
    (row,) = _values(read_table(path))
    assert row == {"Naam": "Café de Hoek, ’t", "Plaats": "Elkaar", "Notities": "=1+1"}


def test_sheet_choice_and_listing(tmp_path: Path, engine: str) -> None:
    data = sheet_xml(header_row("Naam", "Plaats") + header_row("A", "B", row=2))
    other = sheet_xml(header_row("Aanbod", "Kosten") + header_row("Maatje", "gratis", row=2))
    path = write_xlsx(
        tmp_path / "w.xlsx",
        {"Leeg": sheet_xml(""), "Geheim": other, "Kaart": data, "Aanbod": other},
        hidden=("Geheim",),
    )
    assert list_sheets(path) == ["Leeg", "Kaart", "Aanbod"]
    assert read_table(path).sheet_name == "Kaart"  # first visible sheet with content
    assert read_table(path, sheet="aanbod").headers == ["Aanbod", "Kosten"]
    with pytest.raises(UserError, match="bestaat niet") as err:
        read_table(path, sheet="Organisaties")
    assert "'Kaart'" in str(err.value)


def test_too_many_rows(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Naam;Plaats\n" + "A;B\n" * 11, encoding="utf-8")
    assert len(read_table(path, max_rows=11).rows) == 11
    with pytest.raises(UserError, match="meer dan 10 rijen"):
        read_table(path, max_rows=10)


def test_progress_and_cancel(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "kaart.xlsx")
    seen: list[tuple[int, int]] = []
    read_table(path, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    with pytest.raises(ReadCancelled, match="afgebroken"):
        read_table(path, cancel=lambda: True)


# --- files that are not what they claim ----------------------------------------------


def _error(path: Path) -> str:
    with pytest.raises(UserError) as err:
        read_table(path)
    message = str(err.value)
    assert UNEXPECTED not in message
    return message


def test_renamed_docx(tmp_path: Path) -> None:
    path = tmp_path / "kaart.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    assert "Word-document" in _error(path)


def test_ods_and_plain_zip(tmp_path: Path) -> None:
    ods = tmp_path / "kaart.ods"
    with zipfile.ZipFile(ods, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    assert "OpenDocument" in _error(ods)
    plain = tmp_path / "foto.xlsx"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("foto.jpg", b"\xff\xd8")
    assert "zip-archief" in _error(plain)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".txt"])
def test_random_bytes(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ruis{suffix}"
    path.write_bytes(os.urandom(20_000))
    message = _error(path)
    assert "geen" in message or "beschadigd" in message


def test_ole2_files(tmp_path: Path) -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted = tmp_path / "geheim.xlsx"
    encrypted.write_bytes(header + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    assert "wachtwoord" in _error(encrypted)
    legacy = tmp_path / "oud.xls"
    legacy.write_bytes(header + "Workbook".encode("utf-16-le") + b"\0" * 100)
    assert ".xls" in _error(legacy)
    word = tmp_path / "brief.xlsx"
    word.write_bytes(header + "WordDocument".encode("utf-16-le") + b"\0" * 100)
    assert "Office-bestand" in _error(word)


def test_html_pdf_and_empty_files(tmp_path: Path) -> None:
    html = tmp_path / "export.xls"
    html.write_text("<html><body><table><tr><td>Naam</td></tr></table></body></html>")
    assert "webpagina" in _error(html)
    pdf = tmp_path / "kaart.csv"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert "PDF" in _error(pdf)
    empty = tmp_path / "leeg.csv"
    empty.write_bytes(b"")
    assert "leeg" in _error(empty)
    assert "bestaat niet" in _error(tmp_path / "weg.xlsx")
    assert "map" in _error(tmp_path)


def test_truncated_workbook(tmp_path: Path) -> None:
    good = _workbook(tmp_path / "kaart.xlsx").read_bytes()
    bad = tmp_path / "half.xlsx"
    bad.write_bytes(good[: len(good) // 2])
    assert "beschadigd" in _error(bad)


def test_zip_bomb_by_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (64 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    assert "zip-bom" in _error(path)


def test_zip_bomb_by_total_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spreadsheet, "MAX_UNCOMPRESSED_BYTES", 1024 * 1024)
    path = tmp_path / "groot.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(3):  # incompressible: a normal ratio, but too big together
            zf.writestr(f"xl/media/image{i}.png", os.urandom(400 * 1024))
    assert "zip-bom" in _error(path)


def test_member_that_inflates_past_its_declared_size(tmp_path: Path) -> None:
    path = lying_zip(tmp_path / "lieg.xlsx", real_size=20 * 1024 * 1024, declared_size=1000)
    zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")  # plain zipfile is fooled
    assert "zip-bom" in _error(path)


def test_dtd_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    path = write_xlsx(tmp_path / "dtd.xlsx", {"Blad1": bomb})
    assert "DTD" in _error(path)


# --- huge sheets ---------------------------------------------------------------------


def test_cell_in_the_far_corner_does_not_crash(tmp_path: Path, engine: str) -> None:
    """calamine would try to allocate 17 billion cells (and abort the process)."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Naam", "Plaats"])
    ws.append(["Stichting A", "Elkaar"])
    ws.cell(row=1_048_576, column=16_384, value="x")
    path = tmp_path / "ver.xlsx"
    wb.save(path)
    started = time.monotonic()
    table = read_table(path)
    assert time.monotonic() - started < 30
    assert _values(table) == [{"Naam": "Stichting A", "Plaats": "Elkaar"}]
    assert any("lege rijen" in w for w in table.warnings)


def test_normal_files_use_calamine_and_far_cells_do_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    normal = _workbook(tmp_path / "kaart.xlsx")
    wb = Workbook()
    wb.active.append(["Naam", "Plaats"])
    wb.active.cell(row=1_048_576, column=3, value="x")
    far = tmp_path / "ver.xlsx"
    wb.save(far)

    def no_stream(*_args: object) -> None:
        raise AssertionError("stream reader used")

    def no_calamine(*_args: object) -> None:
        raise AssertionError("calamine used")

    with monkeypatch.context() as patch:
        patch.setattr(spreadsheet, "_stream_rows", no_stream)
        assert len(read_table(normal).rows) == 4
    with monkeypatch.context() as patch:
        patch.setattr(spreadsheet, "_calamine_rows", no_calamine)
        assert read_table(far).headers == ["Naam", "Plaats"]


@pytest.fixture(
    scope="module",
    params=[
        '<c r="A{i}" s="0"/>',  # styled but empty
        '<c r="A{i}" t="inlineStr"><is><t></t></is></c>',  # empty strings
        "",  # bare rows
    ],
    ids=["styled", "empty-strings", "bare"],
)
def million_rows(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A header, one data row and a million empty rows (built once per kind)."""
    cell = str(request.param)
    rows = "".join(f'<row r="{i}">{cell.format(i=i)}</row>' for i in range(3, 1_000_003))
    data = header_row("Naam", "Plaats") + header_row("Stichting A", "Elkaar", row=2) + rows
    path = tmp_path_factory.mktemp("miljoen") / "miljoen.xlsx"
    write_xlsx(path, {"Blad1": sheet_xml(data)})
    return path


def test_a_million_empty_rows(
    million_rows: Path, engine: str, request: pytest.FixtureRequest
) -> None:
    started = time.monotonic()
    table = read_table(million_rows)
    assert time.monotonic() - started < 60
    assert _values(table) == [{"Naam": "Stichting A", "Plaats": "Elkaar"}]
    if engine == "stream" and "empty-strings" in request.node.callspec.id:
        # The stream reader does not parse a million rows just to be sure they hold
        # only "": it warns that something may follow.
        assert len(table.warnings) == 1
    else:
        assert table.warnings == []


def test_reading_stops_after_a_long_run_of_empty_rows(tmp_path: Path, engine: str) -> None:
    rows = header_row("Naam", "Plaats") + header_row("A", "B", row=2)
    rows += header_row("C", "D", row=12)  # a short gap is fine
    rows += header_row("E", "F", row=5000)  # after >1000 empty rows: not read
    path = write_xlsx(tmp_path / "gat.xlsx", {"Blad1": sheet_xml(rows)})
    table = read_table(path)
    assert [v["Naam"] for v in _values(table)] == ["A", "C"]
    assert table.warnings and "rij 12" in table.warnings[0]


def test_no_header(tmp_path: Path) -> None:
    path = tmp_path / "getallen.csv"
    path.write_text("1;2;3\n4;5;6\n", encoding="utf-8")
    assert "kopregel" in _error(path)
    single = tmp_path / "een.csv"
    single.write_text("Naam\nA\nB\n", encoding="utf-8")
    assert "één kolom" in _error(single)


def test_unclosed_quote_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "q.csv"
    path.write_bytes(b'Naam;Plaats\n"abc;def\n' + b"x" * 200_000)
    assert "aanhalingsteken" in _error(path)


# --- fuzzing -------------------------------------------------------------------------

_FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _read_or_user_error(path: Path) -> None:
    try:
        result = read_table(path)
    except UserError as exc:
        assert UNEXPECTED not in str(exc), exc.detail
        assert str(exc)
    else:
        assert isinstance(result, Table)


@_FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from([".xlsx", ".csv", ".xls", ".txt"]))
def test_fuzz_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    _read_or_user_error(path)


@_FUZZ
@given(text=st.text(max_size=2000))
def test_fuzz_csv_text(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.csv"
    path.write_bytes(text.encode("utf-8"))
    _read_or_user_error(path)


@functools.cache
def _small_workbook() -> bytes:
    sheet = sheet_xml(header_row("Naam", "Plaats") + header_row("Stichting A", "Elkaar", row=2))
    buffer = io.BytesIO()
    write_xlsx(buffer, {"Blad1": sheet}, shared_strings=["x"])
    return buffer.getvalue()


@_FUZZ
@given(
    flips=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8)
)
@example(flips=[(12367, 0)])  # found by this test: a zip member whose name became empty
def test_fuzz_damaged_workbook(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(_small_workbook())
    for position, value in flips:
        data[position % len(data)] = value
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(bytes(data))
    _read_or_user_error(path)
