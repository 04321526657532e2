"""The demo metingen, the basisfuncties and witte-vlekken reports (text checked with
pypdf, pages rendered with pdftoppm) and the command line, in a subprocess."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from desktop.basisfuncties import service
from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.rapporten import catalogue


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_demo_tells_a_story_of_progress(demo_store) -> None:
    with demo_store.session() as s:
        vervolg, nul = service.list_metingen(s)
        assert (nul.soort, vervolg.soort) == ("nulmeting", "vervolgmeting")
        assert 700 <= (vervolg.datum - nul.datum).days <= 731
        assert vervolg.score > nul.score
        assert vervolg.beantwoord == vervolg.items == 110
        _, comparison = service.comparison(s, vervolg.id)
        assert sum(1 for i in comparison.items if i.change.value == "verbeterd") > 10
        vlekken = service.witte_vlekken(s, vervolg.id)
        assert 0 < len(vlekken.matrix.gaps()) < len(vlekken.functions) * len(vlekken.wijken)
        assert len(service.list_acties(s)) >= 4
        assert service.overdue_acties(s)


def test_basisfuncties_report_rendered_and_looked_at(demo_store, tmp_path) -> None:
    out = tmp_path / "basisfuncties.pdf"
    catalogue.get("basisfuncties").run(demo_store, {"meting": "2"}, out)
    text = _text(out)
    for expected in (
        "Basisfuncties vrijwilligerswerk en mantelzorg",
        "Scores per basisfunctie",
        "De cyclus van de vijf basisfuncties vrijwilligerswerk",
        "Vergelijking met de vorige meting",
        "Witte vlekken",
        "Actieplan",
        "Hoe de score wordt berekend",
    ):
        assert expected in text, expected
    for function in load_basisfuncties().functions:
        assert function.code in text
    assert "Vorige meting" in text and "Deze meting" in text  # the bar chart legend
    if shutil.which("pdftoppm") is None:  # pragma: no cover - poppler is in the dev image
        pytest.skip("pdftoppm ontbreekt")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(out), str(tmp_path / "p")], check=True)
    pages = sorted(tmp_path.glob("p-*.png"))
    assert len(pages) == len(PdfReader(out).pages) >= 3
    for page in pages:  # every page has ink on it, not only the header and footer
        low, _ = Image.open(page).convert("L").getextrema()
        assert low < 128


def test_witte_vlekken_report_lists_what_is_nearby(demo_store, tmp_path) -> None:
    out = tmp_path / "wv.pdf"
    catalogue.get("witte-vlekken").run(demo_store, {}, out)
    text = _text(out)
    assert "Matrix basisfuncties per wijk" in text
    assert "Per witte vlek" in text
    with demo_store.session() as s:
        vlekken = service.witte_vlekken(s, 2)
    for _, naam in vlekken.wijken:
        assert naam.split()[0] in text


def test_cli_export_meting_and_reports(cli, demo_db, tmp_path) -> None:
    out = tmp_path / "meting.xlsx"
    result = cli("export", "meting", "--db", str(demo_db), "--meting", "2", "--out", str(out))
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    ws = wb["Activiteiten"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("Code", "Basisfunctie", "Activiteit (sleutel)", "Activiteit", "Status")
    assert len(rows) == 1 + 110
    assert {r[4] for r in rows[1:]} <= {s.name for s in load_basisfuncties().statuses}
    assert any(r[5] for r in rows[1:])  # uitvoerders
    assert "Scores" in wb.sheetnames and "Toelichting" in wb.sheetnames

    pdf2 = tmp_path / "wv.pdf"
    result = cli(
        "report", "witte-vlekken", "--db", str(demo_db), "--meting", "1", "--out", str(pdf2)
    )
    assert result.returncode == 0, result.stderr
    assert "Met nulmeting van" in _text(pdf2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "meting", "--meting", "99", "--out", "x.xlsx"], "Meting 99 bestaat niet"),
        (["export", "meting", "--meting", "1", "--out", "x.csv"], ".xlsx"),
        (["report", "basisfuncties", "--meting", "99", "--out", "x.pdf"], "bestaat niet"),
    ],
)
def test_cli_bad_input_is_one_dutch_line(cli, demo_db, tmp_path, args, message) -> None:
    result = cli(*args[:2], "--db", str(demo_db), *args[2:], cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("Fout:") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("x.*"))


def test_report_of_a_first_mantelzorg_meting_without_kaart(store, tmp_path) -> None:
    from datetime import date

    with store.session() as s:
        m = service.create_meting(
            s, soort="nulmeting", domeinen="mantelzorg", datum=date(2025, 2, 1)
        )
        for item in load_basisfuncties().function("mz4").items:
            service.save_item(s, m.id, item.key, status="niet_van_toepassing")
        meting_id = m.id
    out = tmp_path / "eerste.pdf"
    catalogue.get("basisfuncties").run(store, {"meting": meting_id}, out)
    text = _text(out)
    assert "geen score" in text  # all n.v.t.: no score, no division by zero
    assert "De cyclus" not in text  # no vrijwilligerswerk in this meting
    assert "Vergelijking met de vorige meting" not in text
    assert "Nog geen acties in het actieplan." in text
    assert "Er zijn nog geen wijken of kernen ingevuld" in " ".join(text.split())
    assert "Er zijn geen witte vlekken" not in text
