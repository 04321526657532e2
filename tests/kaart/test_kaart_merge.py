"""Merging organisations moves every reference other features hold, not just the kaart's."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from desktop.basisfuncties import service as bf
from desktop.basisfuncties.models import meting_item_organisatie
from desktop.kaart import duplicates, service
from desktop.kaart.models import Organisatie
from desktop.mantelzorg.models import Mantelzorger, Ondersteuningsplan, Verwijzing
from desktop.store.models import Wijziging


def _setup(store):
    with store.session() as s:
        keep = service.save_organisatie(s, {"naam": "Zonnebloem"}).id
        other = service.save_organisatie(s, {"naam": "Stichting Zonnebloem"}).id
        third = service.save_organisatie(s, {"naam": "Zonnebloem Oost"}).id
        aanbod = service.save_aanbod(s, {"naam": "Uitjes"}, organisatie_id=other).id
        meting = bf.create_meting(s, soort="nulmeting", domeinen="beide", datum=dt.date(2024, 1, 1))
        instrument = bf.instrument_for(meting)
        keys = [i.key for i in instrument.items() if i.function_key in meting.function_keys][:3]
        # item 0: only the merged one; item 1: both (collision); item 2: the kept one.
        bf.save_item(s, meting.id, keys[0], uitvoerder_ids=[other])
        bf.save_item(s, meting.id, keys[1], uitvoerder_ids=[keep, other])
        bf.save_item(s, meting.id, keys[2], uitvoerder_ids=[keep])
        m = Mantelzorger(naam="Anna")
        s.add(m)
        s.flush()
        plan = Ondersteuningsplan(mantelzorger_id=m.id, datum=dt.date(2024, 2, 1))
        plan.verwijzingen.append(Verwijzing(aanbod_id=aanbod, omschrijving="Uitjes"))
        s.add(plan)
        s.flush()
        return keep, other, third, aanbod, meting.id, keys


def test_merge_moves_uitvoerders_and_keeps_verwijzingen(store):
    keep, other, third, aanbod, meting_id, keys = _setup(store)
    with store.session() as s:
        duplicates.merge_organisaties(s, keep, [other])
    with store.session() as s:
        rows = s.execute(select(meting_item_organisatie.c.organisatie_id)).scalars().all()
        assert other not in rows
        assert sorted(rows) == [keep, keep, keep]  # the duplicate on item 1 was dropped
        antwoorden = bf.answers(s, meting_id)
        for key in keys:
            assert [o for o, _ in antwoorden[key].uitvoerders] == [keep]
        verwijzing = s.scalar(select(Verwijzing))
        assert verwijzing.aanbod_id == aanbod
        assert service.get_aanbod(s, aanbod).organisatie_id == keep
        log = [w.veld for w in s.scalars(select(Wijziging).where(Wijziging.actie == "samenvoeg"))]
        assert "meting_item_organisatie.organisatie_id" in log
        # nothing in any table still points at the merged organisation, except its own
        # "samengevoegd in" trail
        for table, col in duplicates.references("organisatie"):
            where = col == other
            if table.name == "organisatie":
                continue
            assert s.scalar(select(func.count()).select_from(table).where(where)) == 0, table


def test_a_chain_of_merges_points_at_the_last_one(store):
    keep, other, third, *_ = _setup(store)
    with store.session() as s:
        duplicates.merge_organisaties(s, other, [third])
    with store.session() as s:
        duplicates.merge_organisaties(s, keep, [other])
    with store.session() as s:
        assert s.get(Organisatie, third).samengevoegd_in_id == keep
        assert s.get(Organisatie, other).samengevoegd_in_id == keep


def test_restoring_a_merged_organisation_brings_back_its_aanbod_and_contacts(store):
    keep, other, third, aanbod, meting_id, keys = _setup(store)
    with store.session() as s:
        service.save_organisatie(s, {"contactpersonen": [{"naam": "Piet"}]}, organisatie_id=other)
        own = service.save_aanbod(s, {"naam": "Eigen aanbod"}, organisatie_id=keep).id
    with store.session() as s:
        duplicates.merge_organisaties(s, keep, [other])
    with store.session() as s:
        assert service.get_aanbod(s, aanbod).organisatie_id == keep
        org, undone = service.restore_organisatie_info(s, other)
        assert org.gearchiveerd_op is None and org.samengevoegd_in_id is None
        assert (undone.aanbod, undone.contactpersonen, undone.van) == (1, 1, "Zonnebloem")
    with store.session() as s:
        assert service.get_aanbod(s, aanbod).organisatie_id == other
        assert service.get_aanbod(s, own).organisatie_id == keep  # keep's own aanbod stays
        contacts = [c.naam for c in service.get_organisatie(s, other).contactpersonen]
        assert contacts == ["Piet"]
        assert not service.get_organisatie(s, keep).contactpersonen
        # the verwijzing in the ondersteuningsplan still points at the same aanbod
        assert s.scalar(select(Verwijzing)).aanbod_id == aanbod
        herstel = s.scalars(
            select(Wijziging.veld).where(Wijziging.actie == "herstel", Wijziging.tabel == "aanbod")
        ).all()
        assert herstel == ["organisatie_id"]
    from desktop.kaart.views import restore_message

    msg = restore_message("Stichting Zonnebloem", undone)
    assert "1 aanbod en 1 contactpersoon terug van Zonnebloem" in msg and "blijven bij" in msg


def test_restore_after_a_chain_of_merges(store):
    keep, other, third, *_ = _setup(store)
    with store.session() as s:
        chained = service.save_aanbod(s, {"naam": "Wandelen"}, organisatie_id=third).id
    with store.session() as s:
        duplicates.merge_organisaties(s, other, [third])
    with store.session() as s:
        duplicates.merge_organisaties(s, keep, [other])
    with store.session() as s:
        service.restore_organisatie(s, third)
    with store.session() as s:
        assert service.get_aanbod(s, chained).organisatie_id == third
