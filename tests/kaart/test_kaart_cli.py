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
    assert r.stdout == (
        "Proefimport, er is niets opgeslagen. Bij echt inlezen: "
        "toegevoegd: 1, bijgewerkt: 0, afgewezen: 1\n"
    )
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


def _count_orgs(db) -> int:
    import sqlite3

    with sqlite3.connect(db) as con:
        return con.execute("SELECT count(*) FROM organisatie").fetchone()[0]


def test_import_with_unwritable_report_changes_nothing(cli, tmp_path):
    """A report that cannot be written is refused BEFORE the import: data and report come
    both or neither (the QA finding: "De map bestaat niet" after the rows were stored)."""
    from desktop.store import open_store

    db = tmp_path / "k.db"
    open_store(db).close()
    good = _xlsx(tmp_path / "in.xlsx", [["Buurthuis", "1234 AB", "Koffie", "mz3"]])
    before = _count_orgs(db)
    target = tmp_path / "geen-map" / "r.xlsx"
    r = cli("import", "kaart", str(good), "--db", str(db), "--report", str(target))
    assert r.returncode == 1 and r.stdout == ""
    assert "Traceback" not in r.stderr and "bestaat niet" in r.stderr
    assert _count_orgs(db) == before  # nothing imported
    assert not (tmp_path / "geen-map").exists()


def test_report_failing_while_writing_rolls_the_import_back(store, tmp_path):
    import pytest

    from desktop.errors import UserError
    from desktop.kaart.importer import check_output_file, import_file

    good = _xlsx(tmp_path / "in.xlsx", [["Buurthuis", "1234 AB", "Koffie", "mz3"]])

    def broken_report(result):
        assert result.stored and result.toegevoegd == 1
        raise UserError("De schijf is vol.")

    with pytest.raises(UserError, match="schijf is vol"):
        import_file(store, good, before_commit=broken_report)
    assert import_file(store, good, dry_run=True).toegevoegd == 1  # still new: nothing stored
    with pytest.raises(UserError, match="bestaat niet"):
        check_output_file(tmp_path / "nee" / "r.xlsx")
    with pytest.raises(UserError, match="is een map"):
        check_output_file(tmp_path)
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(UserError, match="geen map"):
        check_output_file(tmp_path / "bestand" / "r.xlsx")
    assert check_output_file(tmp_path / "r.xlsx") == tmp_path / "r.xlsx"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left


def test_dry_run_result_and_report_say_nothing_was_saved(store, tmp_path):
    import openpyxl as ox

    from desktop.kaart.importer import import_file, save_result

    good = _xlsx(tmp_path / "in.xlsx", [["Buurthuis", "1234 AB", "Koffie", "mz3"]])
    result = import_file(store, good, dry_run=True)
    assert result.summary_line().startswith("Proefimport, er is niets opgeslagen.")
    out = save_result(result, tmp_path / "r.xlsx")
    texts = [c.value for row in ox.load_workbook(out)["Toelichting"].iter_rows() for c in row]
    assert any(t and "Proefimport, er is niets opgeslagen" in str(t) for t in texts)
    assert import_file(store, good).summary_line() == "toegevoegd: 1, bijgewerkt: 0, afgewezen: 0"
