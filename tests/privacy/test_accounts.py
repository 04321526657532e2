from __future__ import annotations

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.privacy import accounts, audit
from desktop.privacy.models import Gebruiker
from desktop.store import changelog

PW = "paarse olifant 7"


@pytest.fixture(autouse=True)
def signed_out():
    accounts._set_current(None)
    yield
    accounts._set_current(None)


def test_accounts_are_off_by_default(store):
    with store.session() as s:
        assert not accounts.accounts_enabled(s)
    assert accounts.may_administer()


def test_first_account_is_beheerder_with_argon2id_hash(store):
    with store.session() as s, pytest.raises(UserError, match="beheerder"):
        accounts.create_user(s, "anna", PW, "medewerker")
    with store.session() as s:
        user = accounts.create_user(s, "anna", PW, "beheerder", "Anna de Vries")
    with store.session() as s:
        stored = s.scalar(select(Gebruiker.wachtwoord_hash))
    assert stored.startswith("$argon2id$") and PW not in stored
    assert accounts.current_account().naam == "anna" and changelog.current_user() == "anna"
    assert user.rol == "beheerder"


@pytest.mark.parametrize("pw", ["kort", "aaaaaaaaaaaaaa", "anna-is-de-baas"])
def test_weak_passwords_are_refused(store, pw):
    with store.session() as s, pytest.raises(UserError):
        accounts.create_user(s, "anna", pw, "beheerder")


def test_sign_in_out_and_failures_are_audited(store):
    with store.session() as s:
        accounts.create_user(s, "anna", PW, "beheerder")
        accounts.create_user(s, "bert", "groene tulp 42", "medewerker")
    accounts._set_current(None)
    with pytest.raises(UserError, match="klopt niet"):
        accounts.sign_in(store, "bert", "fout wachtwoord!")
    with pytest.raises(UserError, match="klopt niet"):
        accounts.sign_in(store, "niemand", PW)
    account = accounts.sign_in(store, "BERT", "groene tulp 42")
    assert account.naam == "bert" and account.can_write and not account.is_beheerder
    assert changelog.current_user() == "bert"
    with store.session() as s:
        accounts.sign_out(s)
    assert accounts.current_account() is None
    with store.session() as s:
        actions = [e.actie for e in reversed(audit.entries(s))]
        assert actions[-4:] == ["aanmelden-mislukt", "aanmelden-mislukt", "aanmelden", "afmelden"]
        assert audit.verify(s).ok
        bert = s.scalar(select(Gebruiker).where(Gebruiker.naam == "bert"))
        assert bert.mislukte_pogingen == 0 and bert.laatst_aangemeld is not None


def test_roles_and_last_beheerder_protection(store):
    with store.session() as s:
        anna = accounts.create_user(s, "anna", PW, "beheerder")
        bert = accounts.create_user(s, "bert", "groene tulp 42", "alleen-lezen")
    with store.session() as s, pytest.raises(UserError, match="ten minste één beheerder"):
        accounts.set_role(s, anna.id, "medewerker")
    with store.session() as s, pytest.raises(UserError, match="laatste beheerder"):
        accounts.set_active(s, anna.id, False)
    accounts.sign_in(store, "bert", "groene tulp 42")
    assert not accounts.current_account().can_write
    with store.session() as s, pytest.raises(UserError, match="Alleen een beheerder"):
        accounts.create_user(s, "carla", "rode roos 1234", "medewerker")
    with store.session() as s, pytest.raises(UserError, match="Alleen een beheerder"):
        accounts.set_role(s, bert.id, "beheerder")
    accounts.sign_in(store, "anna", PW)
    with store.session() as s:
        accounts.set_active(s, bert.id, False)
    with pytest.raises(UserError):
        accounts.sign_in(store, "bert", "groene tulp 42")


def test_unlock_and_change_password(store):
    with store.session() as s:
        accounts.create_user(s, "anna", PW, "beheerder")
        accounts.create_user(s, "bert", "groene tulp 42", "medewerker")
    accounts.sign_in(store, "bert", "groene tulp 42")
    with store.session() as s:
        assert not accounts.unlock(s, "verkeerd")
        assert accounts.unlock(s, "groene tulp 42")
    bert_id = accounts.current_account().id
    with store.session() as s, pytest.raises(UserError, match="huidige wachtwoord"):
        accounts.change_password(s, bert_id, "nieuw geheim 123", oud="fout")
    with store.session() as s:
        accounts.change_password(s, bert_id, "nieuw geheim 123", oud="groene tulp 42")
    accounts.sign_in(store, "bert", "nieuw geheim 123")


def test_idle_minutes_setting(store):
    with store.session() as s:
        assert accounts.idle_minutes(s) == accounts.DEFAULT_IDLE_MINUTES
        accounts.set_idle_minutes(s, 5)
        assert accounts.idle_minutes(s) == 5
        with pytest.raises(UserError):
            accounts.set_idle_minutes(s, 999)


def test_audit_filter_and_export(store, tmp_path):
    from openpyxl import load_workbook

    with store.session() as s:
        accounts.create_user(s, "anna", PW, "beheerder")
        audit.log(s, "bekijk", "mantelzorger", 7, "dossier geopend")
        audit.log(s, "export", "kaart", None, "=SOM(A1) sociale kaart")
    with store.session() as s:
        assert [e.onderwerp_id for e in audit.filtered(s, actie="bekijk")] == [7]
        assert len(audit.filtered(s, tekst="kaart")) == 1
        assert "anna" in audit.distinct_values(s, "gebruiker")
        out = audit.export_xlsx(s, tmp_path / "audit.xlsx", audit.filtered(s), "alles")
    wb = load_workbook(out)
    ws = wb["Auditlog"]
    values = [c.value for c in ws[1]]
    assert values[:4] == ["Nr", "Tijd", "Gebruiker", "Actie"]
    assert any("'=SOM" in str(c.value) for row in ws.iter_rows() for c in row)
    with store.session() as s:
        assert audit.entries(s, limit=1)[0].actie == "export"  # the export itself is logged
