"""Import: both layouts, matching, dry run, modes, cancel, bad input, round trip."""

from __future__ import annotations

import hashlib
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop.errors import UserError
from desktop.kaart import export, importer, service
from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie
from desktop.store import wijken

HEAD = ["Naam organisatie", "Soort", "Postcode", "Huisnummer", "Telefoon", "E-mail", "Aanbod",
        "Doelgroepen", "Basisfuncties", "Wijk"]  # fmt: skip


@pytest.fixture(scope="module")
def _migrated(tmp_path_factory):
    """One migrated empty database per module; each test gets a copy (fast)."""
    from desktop.store import open_store

    path = tmp_path_factory.mktemp("kaart") / "leeg.db"
    open_store(path).close()
    return path


@pytest.fixture
def store(_migrated, tmp_path):
    import shutil

    from desktop.store import open_store

    target = tmp_path / "elkaar.db"
    shutil.copy2(_migrated, target)
    s = open_store(target)
    yield s
    s.close()


def xlsx(path: Path, rows, head=HEAD, title="Blad1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def csvfile(path: Path, rows, head=HEAD) -> Path:
    lines = [";".join(head)] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def db_hash(store) -> str:
    """Content of the kaart tables (not the file: WAL makes that useless)."""
    with store.session() as s:
        parts = []
        for model in (Organisatie, Aanbod, AanbodKenmerk):
            cols = [
                c
                for c in model.__table__.columns
                if c.name not in ("aangemaakt_op", "gewijzigd_op")
            ]
            parts += [
                repr(tuple(r))
                for r in s.execute(select(*cols).order_by(*model.__table__.primary_key.columns))
            ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@pytest.fixture
def kstore(store):
    with store.session() as s:
        wijken.add_wijk(s, "De Akkers")
        wijken.add_wijk(s, "Molenwijk")
    return store


PER_AANBOD = [
    ["Burenhulp De Akkers", "Burenhulp", "7941 AB", "12", "0612345678", "info@bh.example", "Klussendienst", "Ouderen", "mz5", "De Akkers"],
    ["Burenhulp De Akkers", "", "", "", "", "", "Boodschappen", "Ouderen, Mantelzorgers", "mz5", ""],
    ["Steunpunt Mantelzorg", "Steunpunt mantelzorg", "7942 CD", "1", "", "", "Respijtzorg", "Mantelzorgers", "Respijtzorg", ""],
]  # fmt: skip


def test_one_row_per_aanbod(kstore, tmp_path):
    result = importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", PER_AANBOD))
    assert result.summary() == "toegevoegd: 3, bijgewerkt: 0, afgewezen: 0"
    with kstore.session() as s:
        orgs = {o.naam: o for o in s.scalars(select(Organisatie))}
        assert set(orgs) == {"Burenhulp De Akkers", "Steunpunt Mantelzorg"}
        bh = service.get_organisatie(s, orgs["Burenhulp De Akkers"].id)
        assert sorted(a.naam for a in bh.aanbod) == ["Boodschappen", "Klussendienst"]
        assert bh.telefoon == "06 12345678" and bh.soort.sleutel == "burenhulp"
        assert [w.naam for w in bh.wijken] == ["De Akkers"]
        sp = service.get_organisatie(s, orgs["Steunpunt Mantelzorg"].id)
        assert sp.aanbod[0].keys("basisfunctie") == ["mz6"]


def test_one_row_per_organisatie(kstore, tmp_path):
    head = ["Naam", "Adres", "Postcode en plaats", "Tel.", "Website"]
    rows = [["De Linde", "Kerkstraat 12a", "1234 AB Lindewaard", "010-1234567", "www.linde.example"],
            ["Het Anker", "Dorpsstraat 1", "1235 AC Lindewaard", "", ""]]  # fmt: skip
    result = importer.import_file(kstore, csvfile(tmp_path / "o.csv", rows, head))
    assert result.summary() == "toegevoegd: 2, bijgewerkt: 0, afgewezen: 0"
    with kstore.session() as s:
        linde = s.scalar(select(Organisatie).where(Organisatie.naam == "De Linde"))
        assert (linde.straat, linde.huisnummer, linde.postcode, linde.plaats) == (
            "Kerkstraat",
            "12a",
            "1234 AB",
            "Lindewaard",
        )
        assert linde.website == "https://www.linde.example"


def test_reimport_updates_instead_of_duplicating(kstore, tmp_path):
    path = xlsx(tmp_path / "a.xlsx", PER_AANBOD)
    importer.import_file(kstore, path)
    changed = [list(r) for r in PER_AANBOD]
    changed[0][4] = "0101234567"
    result = importer.import_file(kstore, xlsx(tmp_path / "b.xlsx", changed))
    assert result.summary() == "toegevoegd: 0, bijgewerkt: 3, afgewezen: 0"
    with kstore.session() as s:
        assert s.scalar(select(func.count()).select_from(Organisatie)) == 2
        assert s.scalar(select(func.count()).select_from(Aanbod)) == 3
        org = s.scalar(select(Organisatie).where(Organisatie.naam == "Burenhulp De Akkers"))
        assert org.telefoon == "010 123 4567"
        log = [(w.veld, w.nieuw) for w in service.history(s, org.id)]
        assert ("telefoon", "010 123 4567") in log


def test_dry_run_changes_nothing(kstore, tmp_path):
    before = db_hash(kstore)
    result = importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", PER_AANBOD), dry_run=True)
    assert result.toegevoegd == 3 and not result.stored
    assert db_hash(kstore) == before


def test_all_or_nothing(kstore, tmp_path):
    rows = PER_AANBOD + [["Kapot", "", "123", "", "", "", "", "", "", ""]]
    before = db_hash(kstore)
    result = importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", rows), modus="alles")
    assert result.summary() == "toegevoegd: 0, bijgewerkt: 0, afgewezen: 1"
    assert db_hash(kstore) == before
    result = importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", rows), modus="geldig")
    assert result.summary() == "toegevoegd: 3, bijgewerkt: 0, afgewezen: 1"
    assert "postcode" in result.rows[-1].reden.lower()


def test_cancel_leaves_database_unchanged(kstore, tmp_path):
    rows = [
        [f"Organisatie {i}", "", "", "", "", "", f"Aanbod {i}", "", "", ""] for i in range(1200)
    ]
    path = xlsx(tmp_path / "big.xlsx", rows)
    before = db_hash(kstore)
    cancel = threading.Event()

    def progress(done, total, message):
        if message.startswith("Rij") and done >= 500:
            cancel.set()

    with pytest.raises(UserError, match="afgebroken"):
        importer.import_file(kstore, path, progress=progress, cancel=cancel)
    assert db_hash(kstore) == before


def test_failure_during_write_rolls_back(kstore, tmp_path, monkeypatch):
    before = db_hash(kstore)

    def boom(*a, **k):
        raise RuntimeError("schijf weg")

    monkeypatch.setattr(importer.search, "reindex", boom)
    with pytest.raises(RuntimeError):
        importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", PER_AANBOD))
    assert db_hash(kstore) == before


BAD_ROWS = [
    (["A", "", "", "", "", "geen-mail", "", "", "", ""], "e-mailadres"),
    (["B", "", "12345", "", "", "", "", "", "", ""], "postcode"),
    (["C", "", "", "", "12", "", "", "", "", ""], "nummer"),
    (["D", "", "", "twaalf", "", "", "", "", "", ""], "huisnummer"),
    (["E", "", "", "", "", "", "Inloop", "", "mz42", ""], "basisfunctie"),
    (["F", "", "", "", "", "", "Inloop", "Marsmannetjes", "", ""], "doelgroep"),
    (["G", "", "", "", "", "", "", "", "", "Atlantis"], "wijk"),
    (["", "", "1234 AB", "", "", "", "Los aanbod", "", "", ""], "naam"),
]


@pytest.mark.parametrize(("row", "word"), BAD_ROWS)
def test_bad_rows_are_rejected_with_a_dutch_reason(kstore, tmp_path, row, word):
    result = importer.import_file(kstore, xlsx(tmp_path / "bad.xlsx", [row, PER_AANBOD[2]]))
    assert result.afgewezen == 1 and result.toegevoegd == 1
    reden = next(r.reden for r in result.rows if r.resultaat == "afgewezen")
    assert word in reden.lower()
    assert reden.endswith(".")


def test_duplicate_and_empty_rows_and_formulas(kstore, tmp_path):
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Naam organisatie", "Beschrijving", "Huisnummer"])
    ws.append(['=HYPERLINK("http://x")', "+31 gevaarlijk", "5"])  # a formula: never evaluated
    ws.append([])
    ws.append(["@SUM(A1)", "-min", "7"])
    ws.append(["Tekst in getal", "x", "zeven"])
    ws.append(["Gewoon", "tekst", "3"])
    ws.append(["Gewoon", "tekst", "3"])
    ws.merge_cells("B10:C10")
    ws["A10"] = "Samengevoegd"
    ws["B10"] = "over twee cellen"
    wb.save(path)
    result = importer.import_file(kstore, path)
    reasons = [r.reden for r in result.rows if r.resultaat == "afgewezen"]
    assert any("Dubbele rij" in r for r in reasons)
    with kstore.session() as s:
        names = set(s.scalars(select(Organisatie.naam)))
    assert "@SUM(A1)" in names and "Gewoon" in names and "Samengevoegd" in names
    out = tmp_path / "uit.csv"
    export.export_kaart(kstore, "csv", out)
    text = out.read_text(encoding="utf-8-sig")
    assert ";'@SUM(A1);" in text and ";'-min;" in text
    # and the neutralised export reads back to the same names
    again = importer.import_file(kstore, out, dry_run=True)
    assert again.toegevoegd == 0 and again.afgewezen == 0


@pytest.mark.parametrize(
    "make",
    [
        lambda p: p.with_suffix(".xlsx").write_bytes(_docx_bytes()) or p.with_suffix(".xlsx"),
        lambda p: (
            p.with_suffix(".xlsx").write_bytes(bytes(range(256)) * 40) or p.with_suffix(".xlsx")
        ),
        lambda p: (
            p.with_suffix(".xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 300)
            or p.with_suffix(".xlsx")
        ),
        lambda p: (
            p.with_suffix(".xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
            or p.with_suffix(".xlsx")
        ),
        lambda p: _zip_bomb(p.with_suffix(".xlsx")),
        lambda p: _million_empty_rows(p.with_suffix(".xlsx")),
        lambda p: csvfile(p.with_suffix(".csv"), [["x", "y"]], ["Iets", "Anders"]),
    ],
    ids=["docx", "random", "corrupt", "encrypted-or-xls", "zip-bomb", "million-rows", "no-columns"],
)
def test_unusable_files_give_a_dutch_error_and_change_nothing(kstore, tmp_path, make):
    importer.import_file(kstore, xlsx(tmp_path / "ok.xlsx", PER_AANBOD))
    before = db_hash(kstore)
    path = make(tmp_path / "bad")
    with pytest.raises(UserError) as info:
        importer.import_file(kstore, path)
    assert info.value.message and "Traceback" not in info.value.message
    assert db_hash(kstore) == before


def _docx_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def _zip_bomb(path: Path) -> Path:
    from kaart_xlsx_helpers import header_row, sheet_xml, write_xlsx

    rows = header_row("Naam organisatie", "Beschrijving") + (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>' + "a" * 30_000_000 + "</t></is></c></row>"
    )
    write_xlsx(path, {"Blad1": sheet_xml(rows)})
    return path


def _million_empty_rows(path: Path) -> Path:
    from kaart_xlsx_helpers import header_row, inline, sheet_xml, write_xlsx

    data = (
        header_row("Naam organisatie", "Plaats")
        + f'<row r="1048000">{inline("A1048000", "x")}</row>'
    )
    write_xlsx(path, {"Blad1": sheet_xml(data)})
    return path


def test_export_xlsx_round_trip(kstore, tmp_path):
    importer.import_file(kstore, xlsx(tmp_path / "a.xlsx", PER_AANBOD))
    out = tmp_path / "export.xlsx"
    export.export_kaart(kstore, "xlsx", out)
    assert openpyxl.load_workbook(out).sheetnames == ["Organisaties", "Aanbod", "Toelichting"]
    before = db_hash(kstore)
    result = importer.import_file(kstore, out)
    assert result.summary() == "toegevoegd: 0, bijgewerkt: 5, afgewezen: 0"
    assert db_hash(kstore) == before
    # into an empty database: the same organisations, aanbod and uuids
    from desktop.store import open_store

    other = open_store(tmp_path / "leeg.db")
    try:
        with other.session() as s:
            wijken.add_wijk(s, "De Akkers")
        result = importer.import_file(other, out)
        assert result.summary() == "toegevoegd: 5, bijgewerkt: 0, afgewezen: 0"
        with kstore.session() as s1, other.session() as s2:
            q = select(Organisatie.uuid, Organisatie.naam, Organisatie.telefoon).order_by(
                Organisatie.uuid
            )
            assert s1.execute(q).all() == s2.execute(q).all()
            qa = select(Aanbod.uuid, Aanbod.naam).order_by(Aanbod.uuid)
            assert s1.execute(qa).all() == s2.execute(qa).all()
    finally:
        other.close()


def test_result_and_template_workbooks(kstore, tmp_path):
    result = importer.import_file(
        kstore, xlsx(tmp_path / "a.xlsx", PER_AANBOD + [["X", "", "1", "", "", "", "", "", "", ""]])
    )
    importer.save_result(result, tmp_path / "res.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "res.xlsx")
    rows = list(wb["Resultaat"].values)
    assert rows[0] == ("Blad", "Rij", "Resultaat", "Organisatie", "Aanbod", "Reden", "Opmerking")
    assert rows[-1][2] == "afgewezen"
    importer.write_template(tmp_path / "sjabloon.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "sjabloon.xlsx")
    assert "Toelichting" in wb.sheetnames
    headers = next(wb.worksheets[0].values)
    assert "Naam organisatie" in headers and "Basisfuncties" in headers
    # the template's example row imports cleanly
    assert importer.import_file(kstore, tmp_path / "sjabloon.xlsx", dry_run=True).afgewezen == 0


_name = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=0, max_size=30
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            _name,
            _name,
            st.sampled_from(["", "1234 AB", "12", "abcd"]),
            st.sampled_from(["", "mz1", "vw9", "Respijtzorg"]),
        ),
        max_size=12,
    )
)
def test_generated_rows_never_crash_and_counts_add_up(kstore, tmp_path, rows):
    head = ["Naam organisatie", "Aanbod", "Postcode", "Basisfuncties"]
    table = importer.CombinedTable(head, [], "x", {})
    from desktop.kaart.spreadsheet import RowData

    table.rows = [RowData(i + 2, dict(zip(head, r, strict=True))) for i, r in enumerate(rows)]
    with kstore.session() as s:
        result = importer.run_import(s, table, dry_run=True)
        s.rollback()
    assert len(result.rows) == len(rows)
    niet = result.count("niet ingelezen")  # a heading between blocks of the list
    assert result.toegevoegd + result.bijgewerkt + result.afgewezen + niet == len(rows)
    for r in result.rows:
        assert r.resultaat in ("toegevoegd", "bijgewerkt", "afgewezen", "niet ingelezen")
        assert (r.resultaat in ("afgewezen", "niet ingelezen")) == bool(r.reden)
