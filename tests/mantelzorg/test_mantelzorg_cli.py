"""The command line: demo, privacy inzage/vergeet/bewaartermijn, reports.

The contract (exit codes, one Dutch line, no traceback, ELKAAR_PASSPHRASE) is checked in
real subprocesses; the remaining cases call ``desktop.cli.main`` in-process, the same
code without the start-up cost (each SQLCipher open derives its key, ~1 s)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

PASS = "demo wachtwoord voor de test"
ENV = {"ELKAAR_PASSPHRASE": PASS}


@pytest.fixture(scope="module")
def enc_demo(tmp_path_factory) -> Path:
    from conftest import run_elkaar

    db = tmp_path_factory.mktemp("cli") / "demo.db"
    r = run_elkaar("init", "--demo", "--db", str(db), env=ENV)
    assert r.returncode == 0, r.stderr
    assert "versleutelde database" in r.stdout
    assert "64 voorbeeld-mantelzorgers" in r.stdout
    return db


@pytest.fixture
def demo(enc_demo, tmp_path) -> Path:
    target = tmp_path / "demo.db"
    shutil.copy2(enc_demo, target)
    return target


def test_demo_without_passphrase_has_no_mantelzorgers_and_says_so(cli, store):
    import random
    from datetime import date

    from desktop.demo import DemoContext
    from desktop.mantelzorg import demo, service
    from desktop.store import wijken

    with store.session() as s:
        ctx = DemoContext(random.Random(1), date.today(), wijken.list_wijken(s), store.encrypted)
        demo.load_demo(s, ctx)
        assert service.count(s) == 0
    assert "Geen voorbeeld-mantelzorgers" in ctx.messages[0]
    db = store.path
    store.close()
    r = cli("privacy", "bewaartermijn", "--db", str(db))
    assert r.returncode == 1
    assert "versleutelde database" in r.stderr and "Traceback" not in r.stderr


def _main(monkeypatch, capsys, *args, passphrase=PASS):
    from desktop.cli import main

    monkeypatch.setenv("ELKAAR_PASSPHRASE", passphrase)
    rc = main(list(args))
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_inzage_writes_three_files(monkeypatch, capsys, demo, tmp_path):
    rc, _out, err = _main(
        monkeypatch,
        capsys,
        "privacy",
        "inzage",
        "--db",
        str(demo),
        "--mantelzorger",
        "5",
        "--out",
        str(tmp_path / "inzage"),
    )
    assert rc == 0, err
    files = sorted(p.suffix for p in (tmp_path / "inzage").iterdir())
    assert files == [".json", ".pdf", ".xlsx"]
    data = json.loads(next((tmp_path / "inzage").glob("*.json")).read_text("utf-8"))
    assert data["mantelzorger"]["id"] == 5 and data["auditlog"][-1]["actie"] == "export"


def test_vergeet_needs_confirmation_without_a_terminal(cli, monkeypatch, capsys, demo):
    r = cli("privacy", "vergeet", "--db", str(demo), "--mantelzorger", "5", env=ENV, input="")
    assert r.returncode == 1 and "--ja" in r.stderr
    r = cli("privacy", "vergeet", "--db", str(demo), "--mantelzorger", "5", "--ja", env=ENV)
    assert r.returncode == 0 and "gewist" in r.stdout
    rc, _out, err = _main(
        monkeypatch, capsys, "privacy", "vergeet", "--db", str(demo), "--mantelzorger", "5", "--ja"
    )
    assert rc == 1 and "bestaat niet" in err


def test_wrong_passphrase_is_one_dutch_line(cli, demo):
    r = cli(
        "privacy",
        "bewaartermijn",
        "--db",
        str(demo),
        env={"ELKAAR_PASSPHRASE": "verkeerd wachtwoord!"},
    )
    assert r.returncode == 1
    assert "wachtwoord klopt niet" in r.stderr and "Traceback" not in r.stderr


def test_bewaartermijn_lists_and_purges(monkeypatch, capsys, demo):
    rc, out, _ = _main(monkeypatch, capsys, "privacy", "bewaartermijn", "--db", str(demo))
    assert rc == 0 and "3 dossier(s) voorbij de bewaartermijn" in out
    rc, out, _ = _main(
        monkeypatch, capsys, "privacy", "bewaartermijn", "--db", str(demo), "--uitvoeren"
    )
    assert rc == 0 and "3 dossier(s) gewist" in out
    rc, out, _ = _main(monkeypatch, capsys, "privacy", "bewaartermijn", "--db", str(demo))
    assert "geen dossiers" in out


def test_reports_and_excel_export(cli, monkeypatch, capsys, demo, tmp_path):
    from datetime import date

    year = str(date.today().year)
    r = cli(
        "report",
        "jaaroverzicht",
        "--db",
        str(demo),
        "--jaar",
        year,
        "--out",
        str(tmp_path / "j.pdf"),
        "--xlsx",
        str(tmp_path / "j.xlsx"),
        env=ENV,
    )
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "j.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "j.xlsx").exists()
    rc, _out, err = _main(
        monkeypatch,
        capsys,
        "export",
        "jaaroverzicht",
        "--db",
        str(demo),
        "--jaar",
        year,
        "--out",
        str(tmp_path / "e.xlsx"),
    )
    assert rc == 0, err
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "e.xlsx")["Samenvatting"]
    assert ws["A2"].value == int(year) and ws["B2"].value >= 5
    rc, _out, err = _main(
        monkeypatch,
        capsys,
        "report",
        "ondersteuningsplan",
        "--db",
        str(demo),
        "--mantelzorger",
        "2",
        "--out",
        str(tmp_path / "o.pdf"),
    )
    assert rc == 0, err
    _main(
        monkeypatch,
        capsys,
        "privacy",
        "inzage",
        "--db",
        str(demo),
        "--mantelzorger",
        "2",
        "--out",
        str(tmp_path / "i"),
    )
    audit = json.loads(next((tmp_path / "i").glob("*.json")).read_text("utf-8"))["auditlog"]
    # the command line saves a file: logged as such, not as a print
    saved = [e for e in audit if "ondersteuningsplan" in e["omschrijving"]]
    assert [(e["actie"], e["omschrijving"].split(" ", 2)[2]) for e in saved][-1] == (
        "export",
        "opgeslagen als bestand",
    )
    assert "print" not in [e["actie"] for e in audit]


def test_jaaroverzicht_writes_both_files_or_neither(monkeypatch, capsys, demo, tmp_path):
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    rc, _out, err = _main(
        monkeypatch,
        capsys,
        "report",
        "jaaroverzicht",
        "--db",
        str(demo),
        "--jaar",
        "2026",
        "--out",
        str(tmp_path / "j.pdf"),
        "--xlsx",
        str(blocker / "j.xlsx"),
    )
    assert rc == 1 and "niets opgeslagen" in err
    assert not (tmp_path / "j.pdf").exists()
