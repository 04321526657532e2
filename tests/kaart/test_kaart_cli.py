"""The command line: summary line, exit codes, export formats (real subprocesses)."""

from __future__ import annotations

import json
import zipfile

import openpyxl


def _xlsx(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Naam organisatie", "Postcode", "Aanbod", "Basisfuncties"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_import_summary_line_and_exit_codes(cli, tmp_path):
    from desktop.store import open_store

    db = tmp_path / "k.db"
    open_store(db).close()  # as `elkaar init` does, without another process
    good = _xlsx(
        tmp_path / "in.xlsx", [["Buurthuis", "1234 AB", "Koffie", "mz3"], ["Kapot", "99", "", ""]]
    )
    r = cli("import", "kaart", str(good), "--db", str(db), "--dry-run")
    assert r.returncode == 0, r.stderr
    assert r.stdout == "toegevoegd: 1, bijgewerkt: 0, afgewezen: 1\n"
    report = tmp_path / "rapport.xlsx"
    r = cli("import", "kaart", str(good), "--db", str(db), "--report", str(report))
    assert (r.returncode, r.stdout) == (0, "toegevoegd: 1, bijgewerkt: 0, afgewezen: 1\n")
    assert openpyxl.load_workbook(report)["Resultaat"].max_row == 3
    bad = tmp_path / "nep.xlsx"
    bad.write_bytes(b"dit is geen spreadsheet\x00\x01\x02" * 50)
    r = cli("import", "kaart", str(bad), "--db", str(db))
    assert r.returncode == 1 and r.stdout == ""
    assert "Traceback" not in r.stderr and r.stderr.strip()


def test_export_formats(cli, tmp_path, demo_db):
    out = tmp_path / "k.xlsx"
    r = cli("export", "kaart", "--db", str(demo_db), "--format", "xlsx", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["Organisaties", "Aanbod"]
    zip_out = tmp_path / "hsds.zip"
    assert (
        cli(
            "export", "kaart", "--db", str(demo_db), "--format", "hsds", "--out", str(zip_out)
        ).returncode
        == 0
    )
    with zipfile.ZipFile(zip_out) as z:
        assert {"organization.json", "service.json", "taxonomy_term.json"} <= set(z.namelist())
        assert len(json.loads(z.read("organization.json"))) >= 120
    r = cli("export", "kaart", "--db", str(demo_db), "--format", "pdf", "--out", str(out))
    assert r.returncode == 2


def test_export_and_import_modes_in_process(demo_store, tmp_path):
    """The same handlers the CLI calls, without a subprocess: csv, a missing folder,
    and "alles of niets"."""
    import pytest

    from desktop.errors import UserError
    from desktop.kaart.export import export_kaart
    from desktop.kaart.importer import import_file

    csv_out = tmp_path / "k.csv"
    export_kaart(demo_store, "csv", csv_out)
    assert csv_out.read_text(encoding="utf-8-sig").startswith("Organisatie-id;Naam organisatie;")
    with pytest.raises(UserError, match="bestaat niet"):
        export_kaart(demo_store, "xlsx", tmp_path / "geen" / "map.xlsx")
    good = _xlsx(
        tmp_path / "in.xlsx",
        [["Buurthuis Nieuw", "1234 AB", "Koffie", "mz3"], ["Kapot", "99", "", ""]],
    )
    assert (
        import_file(demo_store, good, modus="alles").summary()
        == "toegevoegd: 0, bijgewerkt: 0, afgewezen: 1"
    )
