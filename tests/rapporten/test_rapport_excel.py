import os
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from rapport_helpers import files_in

from desktop.errors import UserError
from desktop.rapporten import _files
from desktop.rapporten.excel import (
    SheetSpec,
    neutralise,
    restore_text,
    sanitise_sheet_title,
    write_workbook,
)
from desktop.rapporten.progress import Cancelled

ROWS = [
    ["=SUM(A1:A2)", 12, date(2026, 11, 23), "gewone tekst"],
    ["+31 6 1234", -5, datetime(2026, 7, 1, 10, 5, tzinfo=UTC), "@gebruiker"],
    ["-geen-", 3.5, None, "\tmet tab"],
    ["Cliëntenraad – €", True, date(2026, 1, 2), "a" * 200],
]


def write(tmp_path, rows=ROWS, **kw):
    spec = SheetSpec("Organisaties", ["Naam", "Aantal", "Datum", "Opmerking"], rows)
    return write_workbook(tmp_path / "export.xlsx", [spec], **kw)


def test_round_trip_neutralises_formulas_and_keeps_types(tmp_path):
    out = write(tmp_path, info=["Bron: Elkaar.", "=geen formule"], info_heading="Over dit bestand")
    wb = load_workbook(out)
    ws = wb["Organisaties"]
    assert ws["A1"].value == "Naam" and ws["A1"].font.b
    assert ws["A1"].fill.fgColor.rgb.endswith("1F4E79")
    # formula-like text is stored as text with a leading apostrophe
    assert ws["A2"].value == "'=SUM(A1:A2)" and ws["A2"].data_type == "s"
    assert ws["A3"].value == "'+31 6 1234"
    assert ws["D3"].value == "'@gebruiker"
    assert ws["A4"].value == "'-geen-"
    assert ws["D4"].value == "'\tmet tab"
    assert ws["D2"].value == "gewone tekst"
    assert ws["A5"].value == "Cliëntenraad – €"
    # no cell anywhere is a formula
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            assert all(c.data_type != "f" for c in row)
    # numbers stay numbers (a negative number is not neutralised)
    assert ws["B2"].value == 12 and ws["B3"].value == -5 and ws["B4"].value == 3.5
    assert ws["B5"].value == "ja"
    # real dates with a Dutch format; aware datetimes converted to Amsterdam time
    assert ws["C2"].is_date and ws["C2"].value.date() == date(2026, 11, 23)
    assert ws["C2"].number_format == "DD-MM-YYYY"
    assert ws["C3"].value == datetime(2026, 7, 1, 12, 5)
    assert ws["C3"].number_format == "DD-MM-YYYY HH:MM"
    # frozen header, auto-filter over the data, capped widths
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D5"
    assert ws.column_dimensions["D"].width == 60
    assert 8 <= ws.column_dimensions["B"].width < 20
    # info sheet last
    assert wb.sheetnames == ["Organisaties", "Toelichting"]
    info = wb["Toelichting"]
    assert info["A1"].value == "Over dit bestand"
    assert info["A3"].value == "Bron: Elkaar."
    assert info["A4"].value == "'=geen formule"


def test_explicit_column_widths(tmp_path):
    spec = SheetSpec("Blad", ["a", "b"], [[1, 2]], column_widths=[30, 12])
    out = write_workbook(tmp_path / "w.xlsx", [spec])
    ws = load_workbook(out)["Blad"]
    assert ws.column_dimensions["A"].width == 30
    assert ws.column_dimensions["B"].width == 12


def test_control_characters_are_dropped(tmp_path):
    out = write(tmp_path, rows=[["a\x00b\x07c", 1, None, None]])
    assert load_workbook(out)["Organisaties"]["A2"].value == "abc"


@given(st.text(max_size=40))
def test_neutralise_round_trips_and_is_never_a_formula(text):
    safe = neutralise(text)
    assert not safe.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert restore_text(safe) == text


def test_sheet_titles_are_sanitised_and_unique():
    assert sanitise_sheet_title("Wijk: Noord/Zuid [2026]?*") == "Wijk Noord Zuid 2026"
    long = "Een heel erg lange titel voor een werkblad in Excel"
    assert len(sanitise_sheet_title(long)) <= 31
    assert sanitise_sheet_title("'quoted'") == "quoted"
    assert sanitise_sheet_title("") == "Blad"
    assert sanitise_sheet_title("History") != "History"
    first = sanitise_sheet_title(long)
    second = sanitise_sheet_title(long, [first])
    assert second != first and len(second) <= 31 and second.endswith("(2)")
    assert sanitise_sheet_title("blad", ["Blad"]) == "blad (2)"


def test_two_sheets_with_the_same_title(tmp_path):
    specs = [SheetSpec("Data", ["a"], [[1]]), SheetSpec("Data", ["b"], [[2]])]
    out = write_workbook(tmp_path / "w.xlsx", specs)
    assert load_workbook(out).sheetnames == ["Data", "Data (2)"]


def test_unwritable_folder_gives_user_error_and_no_temp_file(tmp_path, monkeypatch):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # running as root: simulate the refusal

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(_files.tempfile, "mkstemp", refuse)
        with pytest.raises(UserError, match="Kan niet opslaan"):
            write_workbook(folder / "x.xlsx", [SheetSpec("a", ["a"], [])])
        assert files_in(folder) == []
    finally:
        folder.chmod(0o700)


def test_cancel_writes_nothing(tmp_path):
    rows = ([i, i, None, None] for i in range(2000))
    with pytest.raises(Cancelled):
        write(tmp_path, rows=rows, cancel=lambda: True)
    assert files_in(tmp_path) == []


def test_progress_reports_rows(tmp_path):
    calls = []
    rows = [[i, i, None, None] for i in range(1200)]
    write(tmp_path, rows=rows, progress=lambda d, t, m: calls.append((d, m)))
    assert (1000, "Rijen schrijven (Organisaties)") in calls
    assert calls[-1][1] == "Opslaan"
