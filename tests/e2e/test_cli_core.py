from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop import __version__


def no_traceback(proc) -> None:
    assert "Traceback" not in proc.stderr
    assert "Traceback" not in proc.stdout


def test_version(cli):
    proc = cli("--version")
    assert proc.returncode == 0
    assert __version__ in proc.stdout


def test_init_check_and_report(cli, tmp_path: Path):
    db = tmp_path / "g.db"
    proc = cli("init", "--db", str(db), "--gemeente", "Lindewaard")
    assert proc.returncode == 0, proc.stderr
    assert db.exists()
    proc = cli("check", "--db", str(db))
    assert proc.returncode == 0, proc.stderr
    assert "in orde" in proc.stdout
    proc = cli("report", "list")
    assert proc.returncode == 0
    assert "databaseoverzicht" in proc.stdout
    out = tmp_path / "overzicht.pdf"
    proc = cli("report", "databaseoverzicht", "--db", str(db), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Databaseoverzicht" in text
    assert "Lindewaard" in text
    assert "Pagina 1 van" in text


def test_init_demo(cli, tmp_path: Path):
    db = tmp_path / "demo.db"
    proc = cli("init", "--db", str(db), "--demo")
    assert proc.returncode == 0, proc.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from wijk").fetchone()[0] >= 6
    organisaties = con.execute("select count(*) from organisatie").fetchone()[0]
    con.close()
    # demo data never goes into a database that already holds data
    again = cli("init", "--db", str(db), "--demo")
    assert again.returncode == 1 and "alleen in een lege database" in again.stderr
    no_traceback(again)
    assert "INSERT" not in again.stderr
    con = sqlite3.connect(db)
    assert con.execute("select count(*) from organisatie").fetchone()[0] == organisaties
    con.close()


def test_report_list_shows_the_options(cli):
    proc = cli("report", "list")
    assert proc.returncode == 0, proc.stderr
    assert "--ronde NUMMER" in proc.stdout and "(verplicht)" in proc.stdout
    assert "--indeling soort|basisfunctie|wijk" in proc.stdout


def test_a_huge_number_is_one_dutch_line(cli, demo_db):
    proc = cli("report", "organisatie", "--db", str(demo_db), "--out", "x.pdf", "--id", "9" * 25)
    assert proc.returncode == 1 and "te groot" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    no_traceback(proc)


def test_elkaar_db_env(cli, tmp_path: Path):
    db = tmp_path / "env.db"
    proc = cli("init", env={"ELKAAR_DB": str(db)})
    assert proc.returncode == 0, proc.stderr
    assert db.exists()


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100, os.urandom(4096)])
def test_check_bad_file_is_user_error(cli, tmp_path: Path, content: bytes):
    db = tmp_path / "bad.db"
    db.write_bytes(content)
    before = db.read_bytes()
    proc = cli("check", "--db", str(db))
    no_traceback(proc)
    if content:
        assert proc.returncode == 1
        assert proc.stderr.startswith("Fout: ")
        assert len(proc.stderr.strip().splitlines()) == 1
        assert db.read_bytes() == before


def test_check_missing_file(cli, tmp_path: Path):
    proc = cli("check", "--db", str(tmp_path / "nope.db"))
    assert proc.returncode == 1
    assert "bestaat niet" in proc.stderr
    no_traceback(proc)
    assert not (tmp_path / "nope.db").exists()


def test_usage_errors_exit_2(cli):
    proc = cli("report", "bestaat-niet", "--out", "x.pdf")
    assert proc.returncode == 2
    no_traceback(proc)
    proc = cli("init", "--onzin")
    assert proc.returncode == 2
    assert "onbekende argumenten" in proc.stderr


def test_newer_database_refused(cli, tmp_path: Path):
    db = tmp_path / "new.db"
    assert cli("init", "--db", str(db)).returncode == 0
    con = sqlite3.connect(db)
    con.execute("insert into alembic_version values ('zzzz_future')")
    con.commit()
    con.close()
    proc = cli("check", "--db", str(db))
    assert proc.returncode == 1
    assert "nieuwere versie" in proc.stderr
    no_traceback(proc)


def test_selftest(cli):
    proc = cli("selftest", timeout=300)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "selftest geslaagd" in proc.stdout
    assert "voorbeeld: ok" in proc.stdout  # PDF pages render (preview and printing)


def test_demo_story_does_not_depend_on_encryption(tmp_path: Path):
    """The basisfuncties and typetest demo are the same with and without mantelzorgers."""
    from sqlalchemy import text

    from desktop import demo
    from desktop.store import open_store

    def scores(store) -> list[str]:
        with store.session() as s:
            rows = s.execute(
                text("SELECT item_key, status FROM meting_item ORDER BY meting_id, item_key")
            ).fetchall()
        return [f"{a}={b}" for a, b in rows]

    plain = open_store(tmp_path / "plain.db")
    demo.load_demo(plain)
    enc = open_store(tmp_path / "enc.db", passphrase="geheim-demo")
    demo.load_demo(enc)
    assert scores(plain) == scores(enc) and scores(plain)
    plain.close()
    enc.close()
