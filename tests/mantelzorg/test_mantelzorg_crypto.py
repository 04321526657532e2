"""Encryption conversion, wrong passphrases and the recovery key (desktop.store.crypto)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.store import crypto, open_store, wijken
from desktop.store.engine import file_kind

PASS = "mijn lange wachtwoord zin"


def _plain_db(path: Path) -> Path:
    s = open_store(path)
    with s.session() as session:
        wijken.add_wijk(session, "Centrum")
        wijken.add_wijk(session, "Molenwijk")
    s.close()
    return path


@pytest.fixture(scope="module")
def converted(tmp_path_factory) -> tuple[Path, str]:
    """A plain database converted once; tests get a copy (database and key file)."""
    db = _plain_db(tmp_path_factory.mktemp("conv") / "elkaar.db")
    key = crypto.encrypt_database(db, PASS)
    return db, key


@pytest.fixture
def enc_copy(converted, tmp_path) -> tuple[Path, str]:
    import shutil

    db, key = converted
    target = tmp_path / "elkaar.db"
    shutil.copy2(db, target)
    shutil.copy2(crypto.key_file_path(db), crypto.key_file_path(target))
    return target, key


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_conversion_keeps_data_and_removes_the_plain_copy(converted):
    db, key = converted
    assert file_kind(db) == "other"  # no SQLite header: encrypted
    assert b"Molenwijk" not in db.read_bytes()
    assert sorted(p.name for p in db.parent.iterdir()) == ["elkaar.db", "elkaar.db.herstel"]
    assert len(crypto.normalise_recovery_key(key)) == 39
    s = open_store(db, passphrase=PASS)
    try:
        assert s.encrypted
        with s.session() as session:
            assert [w.naam for w in wijken.list_wijken(session)] == ["Centrum", "Molenwijk"]
    finally:
        s.close()


def test_wrong_passphrase_is_a_clear_message_and_no_lockout(enc_copy):
    db, _key = enc_copy
    before = _digest(db)
    for _ in range(3):  # no lock-out after repeated attempts
        with pytest.raises(UserError, match="wachtwoord klopt niet"):
            open_store(db, passphrase="dit is het verkeerde wachtwoord")
    assert _digest(db) == before
    with pytest.raises(UserError, match="versleuteld"):
        open_store(db)  # no passphrase at all
    s = open_store(db, passphrase=PASS)
    s.close()


def test_weak_passphrase_and_double_conversion_are_refused(tmp_path):
    db = _plain_db(tmp_path / "elkaar.db")
    before = _digest(db)
    with pytest.raises(UserError, match="niet geschikt"):
        crypto.encrypt_database(db, "kort")
    assert _digest(db) == before and file_kind(db) == "sqlite"
    assert not crypto.key_file_path(db).exists()


def test_converting_twice_is_refused(enc_copy):
    db, _key = enc_copy
    with pytest.raises(UserError, match="al versleuteld"):
        crypto.encrypt_database(db, PASS)


def test_recovery_key_sets_a_new_passphrase(enc_copy):
    db, key = enc_copy
    with pytest.raises(UserError, match="herstelsleutel klopt niet"):
        crypto.reset_passphrase(db, crypto.new_recovery_key(), "een heel nieuw wachtwoord")
    with pytest.raises(UserError, match="geen geldige herstelsleutel"):
        crypto.reset_passphrase(db, "ABC", "een heel nieuw wachtwoord")
    new_key = crypto.reset_passphrase(
        db, key.lower().replace("-", " "), "een heel nieuw wachtwoord"
    )
    assert new_key != key
    assert not crypto.verify_passphrase(db, PASS)
    assert crypto.verify_passphrase(db, "een heel nieuw wachtwoord")
    with pytest.raises(UserError):  # the old recovery key stopped working
        crypto.read_key_file(db, key)
    assert crypto.read_key_file(db, new_key) == "een heel nieuw wachtwoord"


def test_change_passphrase(enc_copy):
    db, _key = enc_copy
    with pytest.raises(UserError, match="huidige wachtwoord klopt niet"):
        crypto.change_passphrase(db, "fout fout fout fout", "nog een ander wachtwoord")
    key = crypto.change_passphrase(db, PASS, "nog een ander wachtwoord")
    s = open_store(db, passphrase="nog een ander wachtwoord")
    s.close()
    assert crypto.read_key_file(db, key) == "nog een ander wachtwoord"


def test_strength_hint():
    assert not crypto.check_strength("abc").acceptable
    assert not crypto.check_strength("aaaaaaaaaaaa").acceptable
    weak, strong = (
        crypto.check_strength("abcdefghij"),
        crypto.check_strength("Vier woorden zijn sterk 2026!"),
    )
    assert weak.acceptable and strong.score > weak.score


def test_cli_herstel_sets_a_new_passphrase(enc_copy, monkeypatch, capsys):
    from desktop.cli import main

    db, key = enc_copy
    monkeypatch.setenv("ELKAAR_HERSTELSLEUTEL", "fout-" + key[5:])
    monkeypatch.setenv("ELKAAR_NIEUW_WACHTWOORD", "weer een nieuw wachtwoord")
    assert main(["privacy", "herstel", "--db", str(db)]) == 1
    assert "Fout:" in capsys.readouterr().err
    monkeypatch.setenv("ELKAAR_HERSTELSLEUTEL", key)
    assert main(["privacy", "herstel", "--db", str(db)]) == 0
    assert "Nieuwe herstelsleutel" in capsys.readouterr().out
    assert crypto.verify_passphrase(db, "weer een nieuw wachtwoord")
