"""Command line: `typetest score`, `export typetest` and `report typetest` in a subprocess."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.typetest.scoring import JSON_KEYS


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.fixture(scope="module")
def typetest_db(tmp_path_factory) -> Path:
    """A database with only the typetest demo (independent of other features' demos)."""
    from desktop.demo import DemoContext
    from desktop.store import open_store, settings
    from desktop.typetest import demo

    path = tmp_path_factory.mktemp("typetest") / "typetest.db"
    store = open_store(path)
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        demo.load_demo(s, DemoContext(random.Random(1), date(2026, 11, 23), [], False))
    store.close()
    return path


SCORES = [
    ("AABBABABABABAB", (1, 6, "breed", "dirigent", "II", "Een behouden koers")),
    ("aaaa aaaa aaaa aa", (7, 7, "smal", "dirigent", "I", "De ambitie voorbij")),
    ("bababababababa", (7, 0, "smal", "op afstand", "III", "Op hoop van zegen")),
    ("bbbbbbbbbbbbbb", (0, 0, "breed", "op afstand", "IV", "De leunstoel")),
    ("11221212121212", (1, 6, "breed", "dirigent", "II", "Een behouden koers")),
]
BAD = [
    ("ABAB", "4 antwoorden"),
    ("ABABABABABABABA", "15 antwoorden"),
    ("ABABABABABABAX", "Ongeldig teken 'X'"),
    ("", "Geen antwoorden"),
    ("1212121212121", "13 cijfers"),
]


def check_json(stdout: str, expected) -> None:
    lines = stdout.strip().splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert tuple(data) == JSON_KEYS == ("even_a", "odd_a", "beleid", "regie", "type", "naam")
    assert tuple(data.values()) == expected


def test_score_in_a_subprocess(cli):
    """The contract end to end: exit codes, one JSON line, a Dutch one-line error."""
    answers, expected = SCORES[0]
    proc = cli("typetest", "score", "--answers", answers)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    check_json(proc.stdout, expected)
    answers, fragment = BAD[2]
    proc = cli("typetest", "score", "--answers", answers)
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith("Fout:") and fragment in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    no_traceback(proc)


@pytest.mark.parametrize(("answers", "expected"), SCORES)
def test_score_prints_exactly_one_json_object(capsys, answers, expected):
    from desktop.cli import main

    assert main(["typetest", "score", "--answers", answers]) == 0
    out = capsys.readouterr()
    assert out.err == ""
    check_json(out.out, expected)


@pytest.mark.parametrize(("answers", "fragment"), BAD)
def test_score_bad_answers_exit_1_with_dutch_message(capsys, answers, fragment):
    from desktop.cli import main

    assert main(["typetest", "score", "--answers", answers]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("Fout:") and fragment in out.err
    assert len(out.err.strip().splitlines()) == 1


def test_score_without_answers_is_usage_error(cli):
    proc = cli("typetest", "score")
    assert proc.returncode == 2
    assert "--answers" in proc.stderr
    no_traceback(proc)


def test_export_typetest(cli, typetest_db, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "ronde.xlsx"
    proc = cli("export", "typetest", "--db", str(typetest_db), "--ronde", "2", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    rows = list(load_workbook(out)["Respondenten"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Nr", "Naam", "Rol", "Vraag 1")
    assert len(rows) - 1 == 9
    assert {r[2] for r in rows[1:]} >= {"Ambtenaar", "Wethouder", "Raadslid"}
    # bad ronde: exit 1, Dutch message, no file
    missing = tmp_path / "nee.xlsx"
    proc = cli(
        "export", "typetest", "--db", str(typetest_db), "--ronde", "99", "--out", str(missing)
    )
    assert proc.returncode == 1
    assert "bestaat niet" in proc.stderr
    assert not missing.exists()
    no_traceback(proc)
    proc = cli("export", "typetest", "--db", str(typetest_db), "--ronde", "x", "--out", "y.xlsx")
    assert proc.returncode == 2
    no_traceback(proc)


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_report_typetest_via_cli(cli, typetest_db, tmp_path):
    from desktop.rapporten import catalogue

    assert {"typetest", "plan-van-aanpak"} <= {r.key for r in catalogue.all_reports()}
    out = tmp_path / "typetest.pdf"
    proc = cli("report", "typetest", "--db", str(typetest_db), "--ronde", "2", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    text = pdf_text(out)
    assert "Typetest Wmo en vrijwillige inzet" in text
    assert "Herhaling na een jaar" in text
    assert "Marieke Jansen" in text
    proc = cli("report", "typetest", "--db", str(typetest_db), "--ronde", "77", "--out", str(out))
    assert proc.returncode == 1 and "bestaat niet" in proc.stderr
    no_traceback(proc)
