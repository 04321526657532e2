from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop.errors import UserError
from desktop.features import import_all_models
from desktop.store import changelog, migrations, open_store, settings, wijken
from desktop.store.base import Base
from desktop.store.models import Wijk


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_store_has_pragmas_and_heads(store, db_path):
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    assert migrations.current_revisions(store) == migrations.head_revisions()
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    return not (type_ == "table" and name is not None and name.startswith("fts_"))


def test_models_and_migrations_agree(store):
    import_all_models()
    with store.engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(ctx, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_reopen_keeps_data(db_path):
    s = open_store(db_path)
    with s.session() as session:
        settings.set_gemeente_naam(session, "  Lindewaard  ")
    s.close()
    s = open_store(db_path, create=False)
    with s.session() as session:
        assert settings.gemeente_naam(session) == "Lindewaard"
    s.close()


def test_missing_file_without_create(tmp_path):
    with pytest.raises(UserError, match="bestaat niet"):
        open_store(tmp_path / "nope.db", create=False)
    assert not (tmp_path / "nope.db").exists()


def test_newer_database_is_refused_untouched(db_path):
    s = open_store(db_path)
    s.close()
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO alembic_version VALUES ('9999_future')")
    con.commit()
    con.close()
    before = sha(db_path)
    with pytest.raises(UserError, match="nieuwere versie"):
        open_store(db_path)
    assert sha(db_path) == before


@pytest.mark.parametrize(
    "damage",
    ["garbage", "truncated", "zero_header", "foreign_sqlite"],
)
def test_damaged_files_are_refused_untouched(db_path, tmp_path, damage):
    s = open_store(db_path)
    with s.session() as session:
        for i in range(200):
            session.add(Wijk(naam=f"wijk {i} " + "x" * 150))
    s.close()
    data = db_path.read_bytes()
    if damage == "garbage":
        db_path.write_bytes(os.urandom(8192))
    elif damage == "truncated":
        db_path.write_bytes(data[: len(data) // 3])
    elif damage == "zero_header":
        db_path.write_bytes(b"\x00" * 100 + data[100:])
    else:
        db_path.unlink()
        con = sqlite3.connect(db_path)
        con.execute("CREATE TABLE klanten (id INTEGER)")
        con.commit()
        con.close()
    before = sha(db_path)
    listing = sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(UserError) as exc:
        open_store(db_path)
    assert (
        "niets aan het bestand veranderd" in exc.value.message or "beschadigd" in exc.value.message
    )
    assert sha(db_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


def test_readonly_folder(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root ignores folder permissions")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError, match="alleen-lezen"):
            open_store(folder / "x.db")
    finally:
        folder.chmod(0o700)


def test_encrypted_store_roundtrip_and_wrong_key(tmp_path):
    path = tmp_path / "enc.db"
    s = open_store(path, passphrase="geheim 'met' quotes")
    assert s.encrypted
    with s.session() as session:
        settings.set_gemeente_naam(session, "Versleuteld")
    s.close()
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    before = sha(path)
    with pytest.raises(UserError, match="wachtwoord"):
        open_store(path, passphrase="fout")
    with pytest.raises(UserError, match="versleuteld"):
        open_store(path)
    assert sha(path) == before
    s = open_store(path, passphrase="geheim 'met' quotes")
    with s.session() as session:
        assert settings.gemeente_naam(session) == "Versleuteld"
    s.close()


def test_wijken_add_rename_merge_remove(store):
    with store.session() as s:
        a = wijken.add_wijk(s, "Centrum")
        b = wijken.add_wijk(s, "Oost", "kern")
        with pytest.raises(UserError, match="al een wijk"):
            wijken.add_wijk(s, "centrum")
        wijken.rename_wijk(s, b.id, "Oosterpark")
        target = wijken.merge_wijken(s, b.id, a.id)
        assert target.id == a.id
        assert wijken.find_by_name(s, "Oosterpark").id == a.id  # old name kept as alias
        wijken.remove_wijk(s, a.id)
        assert wijken.list_wijken(s) == []
    with store.session() as s, pytest.raises(UserError):
        wijken.add_wijk(s, "   ")


def test_settings_logo_validation(store):
    with store.session() as s:
        with pytest.raises(UserError, match="PNG"):
            settings.set_logo(s, b"GIF89a....")
        settings.set_logo(s, b"\x89PNG\r\n\x1a\n" + b"0" * 10)
        assert settings.logo_bytes(s).startswith(b"\x89PNG")
        with pytest.raises(UserError):
            settings.set_gemeente_naam(s, "  ")


def test_changelog_records_field_changes(store):
    with store.session() as s:
        w = wijken.add_wijk(s, "Centrum")
        s.flush()
        changelog.record(s, w, actie="nieuw", user="tester")
        w.naam = "Binnenstad"
        assert changelog.record(s, w, user="tester") == 1
    with store.session() as s:
        entries = changelog.history(s, "wijk", w.id)
        assert [(e.actie, e.veld, e.oud, e.nieuw) for e in entries][0] == (
            "wijzig",
            "naam",
            "Centrum",
            "Binnenstad",
        )
        assert all(e.gebruiker == "tester" for e in entries)


def test_session_rolls_back_on_error(store):
    with pytest.raises(RuntimeError), store.session() as s:
        wijken.add_wijk(s, "Weg")
        raise RuntimeError("boom")
    with store.session() as s:
        assert wijken.list_wijken(s) == []
        assert s.execute(text("SELECT count(*) FROM wijk")).scalar() == 0


def test_fast_revision_parser_agrees_with_alembic():
    script = migrations.script()
    assert migrations.head_revisions() == set(script.get_heads())
    assert migrations.known_revisions() == {r.revision for r in script.walk_revisions()}
