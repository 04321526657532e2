"""The command line asks for a sign-in on a database with accounts, as the window does."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.privacy import accounts
from desktop.privacy.models import AuditEntry
from desktop.store import open_store, settings

PW = "paarse olifant 7"
LEZER_PW = "groene tulp 42"


@pytest.fixture
def db_with_accounts(db_path):
    store = open_store(db_path)
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        accounts.create_user(s, "anna", PW, "beheerder")
        accounts.create_user(s, "lezer", LEZER_PW, "alleen-lezen")
    accounts._set_current(None)
    store.close()
    return db_path


def test_without_a_sign_in_nothing_is_opened(cli, db_with_accounts):
    proc = cli("check", "--db", str(db_with_accounts))
    assert proc.returncode == 1
    assert "ELKAAR_GEBRUIKER" in proc.stderr and "Traceback" not in proc.stderr


def test_wrong_password_is_refused_and_logged(cli, db_with_accounts):
    env = {"ELKAAR_GEBRUIKER": "anna", "ELKAAR_WACHTWOORD": "fout"}
    proc = cli("check", "--db", str(db_with_accounts), env=env)
    assert proc.returncode == 1 and "klopt niet" in proc.stderr
    store = open_store(db_with_accounts)
    try:
        with store.session() as s:
            acties = s.scalars(select(AuditEntry.actie)).all()
    finally:
        store.close()
    assert "aanmelden-mislukt" in acties


def test_signed_in_command_runs_and_is_logged_under_the_user(cli, db_with_accounts):
    env = {"ELKAAR_GEBRUIKER": "anna", "ELKAAR_WACHTWOORD": PW}
    proc = cli("init", "--db", str(db_with_accounts), "--gemeente", "Nieuwdorp", env=env)
    assert proc.returncode == 0, proc.stderr
    store = open_store(db_with_accounts)
    try:
        with store.session() as s:
            assert settings.gemeente_naam(s) == "Nieuwdorp"
            rows = s.execute(select(AuditEntry.actie, AuditEntry.gebruiker)).all()
    finally:
        store.close()
    assert ("aanmelden", "anna") in [(a, g) for a, g in rows]


def test_alleen_lezen_account_cannot_change_anything(cli, db_with_accounts):
    env = {"ELKAAR_GEBRUIKER": "lezer", "ELKAAR_WACHTWOORD": LEZER_PW}
    assert cli("check", "--db", str(db_with_accounts), env=env).returncode == 0
    proc = cli("init", "--db", str(db_with_accounts), "--gemeente", "Anders", env=env)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "alleen-lezen" in proc.stderr.lower() or "alleen lezen" in proc.stderr.lower()
    store = open_store(db_with_accounts)
    try:
        with store.session() as s:
            assert settings.gemeente_naam(s) == "Lindewaard"
    finally:
        store.close()
