"""Service: validation, change log, archive/restore, te controleren, soorten, merge."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.kaart import duplicates, service
from desktop.kaart.models import Aanbod, Contactpersoon, Organisatie
from desktop.store import changelog, wijken
from desktop.store.models import Wijziging


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


def test_validation_messages_are_dutch_and_nothing_is_saved(store):
    with store.session() as s, pytest.raises(service.FormError) as info:
        service.save_organisatie(
            s, {"naam": " ", "postcode": "123", "email": "a@", "website": "ftp://x.nl"}
        )
    errors = info.value.errors
    assert set(errors) == {"naam", "postcode", "email", "website"}
    assert "postcode" in errors["postcode"].lower()
    with store.session() as s:
        assert s.scalar(select(Organisatie.id)) is None


def test_values_are_normalised(store):
    with store.session() as s:
        org = service.save_organisatie(
            s,
            {
                "naam": " Zorgcafé ",
                "postcode": "1234ab",
                "telefoon": "0612345678",
                "website": "www.X.nl",
            },
        )
        assert (org.naam, org.postcode, org.telefoon, org.website) == (
            "Zorgcafé",
            "1234 AB",
            "06 12345678",
            "https://www.x.nl",
        )


def test_change_log_records_every_field(store):
    changelog.set_current_user("tester")
    try:
        with store.session() as s:
            w = wijken.add_wijk(s, "Centrum")
            org = service.save_organisatie(s, {"naam": "A", "contactpersonen": [{"naam": "Piet"}]})
            oid = org.id
        with store.session() as s:
            service.save_organisatie(
                s,
                {
                    "naam": "B",
                    "telefoon": "010 123 4567",
                    "wijk_ids": [w.id],
                    "contactpersonen": [],
                },
                oid,
            )
            aanbod = service.save_aanbod(s, {"naam": "Inloop"}, organisatie_id=oid)
            service.save_aanbod(s, {"basisfuncties": ["mz1", "mz3"]}, aanbod_id=aanbod.id)
        with store.session() as s:
            log = [(w.actie, w.veld, w.oud, w.nieuw, w.gebruiker) for w in service.history(s, oid)]
    finally:
        changelog.set_current_user(None)
    assert ("wijzig", "naam", "A", "B", "tester") in log
    assert ("wijzig", "telefoon", "", "010 123 4567", "tester") in log
    assert ("wijzig", "wijken", "", "Centrum", "tester") in log
    assert ("wijzig", "contactpersonen", "Piet", "", "tester") in log
    assert ("wijzig", "basisfuncties", "", "mz1, mz3", "tester") in log
    assert sum(1 for e in log if e[0] == "nieuw") == 2


def test_archive_and_restore(store):
    with store.session() as s:
        oid = service.save_organisatie(s, {"naam": "Buurthuis"}).id
        service.save_aanbod(s, {"naam": "Koffie"}, organisatie_id=oid)
    with store.session() as s:
        service.archive_organisatie(s, oid)
    with store.session() as s:
        assert [i.naam for i in service.prullenbak(s)] == ["Buurthuis"]
        assert service.counts(s) == {"organisaties": 0, "aanbod": 0}
        with pytest.raises(UserError):
            service.archive_organisatie(s, oid)
    with store.session() as s:
        service.restore_organisatie(s, oid)
    with store.session() as s:
        assert service.prullenbak(s) == []
        assert service.counts(s) == {"organisaties": 1, "aanbod": 1}
        acties = [w.actie for w in service.history(s, oid)]
        assert "archiveer" in acties and "herstel" in acties
        # nothing was deleted
        assert s.scalar(select(Aanbod.naam)) == "Koffie"


def test_te_controleren_and_setting(store):
    today = date.today()
    with store.session() as s:
        old = service.save_organisatie(s, {"naam": "Oud"}).id
        new = service.save_organisatie(s, {"naam": "Nieuw"}).id
        s.get(Organisatie, old).gecontroleerd_op = today - timedelta(days=400)
        s.get(Organisatie, new).gecontroleerd_op = today - timedelta(days=200)
    with store.session() as s:
        assert service.te_controleren_count(s) == 1
        service.set_controle_maanden(s, 6)
    with store.session() as s:
        assert service.te_controleren_count(s) == 2
        service.mark_checked(s, [old, new], door="controleur")
    with store.session() as s:
        assert service.te_controleren_count(s) == 0
        assert s.get(Organisatie, old).gecontroleerd_door == "controleur"
        with pytest.raises(UserError):
            service.set_controle_maanden(s, 0)


def test_soorten_synced_and_user_can_add(store):
    with store.session() as s:
        soorten = service.list_soorten(s)
        assert {"burenhulp", "steunpunt_mantelzorg", "kerk", "woningcorporatie"} <= {
            x.sleutel for x in soorten
        }
        eigen = service.add_soort(s, "Repair café")
        assert eigen.eigen and eigen.sleutel.startswith("eigen_")
        with pytest.raises(UserError):
            service.add_soort(s, "repair cafe")
        assert service.find_soort(s, "Woningbouwvereniging").sleutel == "woningcorporatie"
        assert service.sync_soorten(s) == 0


def test_unknown_kenmerk_is_refused(store):
    with store.session() as s:
        oid = service.save_organisatie(s, {"naam": "X"}).id
        with pytest.raises(service.FormError) as info:
            service.save_aanbod(s, {"naam": "Y", "basisfuncties": ["mz99"]}, organisatie_id=oid)
        assert "mz99" in str(info.value)


def test_duplicates_found_on_name_address_phone_and_website(store):
    with store.session() as s:
        a = service.save_organisatie(
            s,
            {"naam": "Stichting De Zonnebloem", "postcode": "1234 AB", "huisnummer": "5",
             "telefoon": "010 123 4567", "website": "https://zonnebloem.example"},
        )  # fmt: skip
        cands = duplicates.find_duplicates(s, {"naam": "Zonnebloem"})
        assert [(c.organisatie_id, c.redenen) for c in cands] == [(a.id, ("dezelfde naam",))]
        assert duplicates.find_duplicates(
            s, {"naam": "Anders", "postcode": "1234ab", "huisnummer": "5"}
        )
        assert duplicates.find_duplicates(s, {"naam": "Anders", "telefoon": "+31 10 1234567"})
        assert duplicates.find_duplicates(
            s, {"naam": "Anders", "website": "http://www.zonnebloem.example/"}
        )
        assert duplicates.find_duplicates(s, {"naam": "Anders"}) == []
        assert duplicates.find_duplicates(s, {"naam": "Zonnebloem"}, exclude_id=a.id) == []


def test_merge_moves_aanbod_and_contacts_and_can_be_undone(store):
    with store.session() as s:
        keep = service.save_organisatie(s, {"naam": "Zonnebloem", "telefoon": ""}).id
        other = service.save_organisatie(
            s,
            {
                "naam": "Stichting Zonnebloem",
                "telefoon": "010 123 4567",
                "contactpersonen": [{"naam": "Els"}],
            },
        ).id
        service.save_aanbod(s, {"naam": "Uitjes"}, organisatie_id=other)
        assert len(duplicates.duplicate_groups(s)) == 1
    with store.session() as s:
        merged = duplicates.merge_organisaties(s, keep, [other])
        assert [a.naam for a in merged.aanbod] == ["Uitjes"]
        assert [c.naam for c in merged.contactpersonen] == ["Els"]
        assert merged.telefoon == "010 123 4567"  # filled from the other
    with store.session() as s:
        gone = s.get(Organisatie, other)
        assert gone.samengevoegd_in_id == keep and gone.gearchiveerd_op is not None
        assert duplicates.duplicate_groups(s) == []
        assert any(w.actie == "samenvoeg" for w in s.scalars(select(Wijziging)))
        assert s.scalar(select(Contactpersoon.organisatie_id)) == keep
        with pytest.raises(UserError):
            duplicates.merge_organisaties(s, keep, [other])
    with store.session() as s:
        service.restore_organisatie(s, other)
    with store.session() as s:
        assert s.get(Organisatie, other).samengevoegd_in_id is None


def test_merge_refuses_nonsense(store):
    with store.session() as s:
        oid = service.save_organisatie(s, {"naam": "A"}).id
        with pytest.raises(UserError):
            duplicates.merge_organisaties(s, oid, [oid])
        with pytest.raises(UserError):
            duplicates.merge_organisaties(s, oid, [9999])


def test_soorten_on_a_read_only_new_store_do_not_fail(tmp_path):
    from desktop.kaart import service as kaart_service
    from desktop.store import open_store

    path = tmp_path / "nieuw.db"
    open_store(path).close()
    ro = open_store(path, readonly=True)
    try:
        with ro.session() as s:
            assert kaart_service.list_soorten(s) == []
    finally:
        ro.close()
    rw = open_store(path)
    with rw.session() as s:
        assert kaart_service.list_soorten(s)
    rw.close()
