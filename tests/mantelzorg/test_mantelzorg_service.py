"""Services: register/find, validation, gesprekken, risk flags, plans, follow-ups."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

from datetime import date, timedelta

import pytest
from mz_helpers import (  # noqa: F401
    add_aanbod,
    add_wijk,
    enc_db,
    enc_store,
    enc_template,
    mantelzorger_data,
    register,
)
from sqlalchemy import func, select

from desktop.errors import UserError
from desktop.mantelzorg import gesprekken, plannen, service
from desktop.mantelzorg.models import GesprekConcept, Mantelzorger
from desktop.privacy import audit

TODAY = date.today()


def test_register_and_find_by_name_wijk_and_zorgvrager(enc_store):
    with enc_store.session() as s:
        wijk = add_wijk(s, "Molenwijk")
        register(s, "Anna de Vries", "Piet de Vries", wijk_id=wijk.id)
        register(s, "Bram Jansen", "Truus Bakker")
    with enc_store.session() as s:
        assert [r.naam for r in service.find(s, "anna")] == ["Anna de Vries"]
        assert [r.naam for r in service.find(s, "molenw")] == ["Anna de Vries"]
        assert [r.naam for r in service.find(s, "truus")] == ["Bram Jansen"]
        assert [r.naam for r in service.find(s, "")] == ["Anna de Vries", "Bram Jansen"]
        assert service.find(s, "anna truus") == []
        assert [r.naam for r in service.find(s, "", wijk_id=wijk.id)] == ["Anna de Vries"]


def test_plain_store_refuses_personal_data(store):
    with pytest.raises(UserError, match="versleutelde database"), store.session() as s:
        register(s)
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Mantelzorger)) == 0


INVALID_MANTELZORGER = [
    ({"geboortedatum": TODAY + timedelta(days=1)}, "toekomst"),
    ({"toestemming_datum": None}, "toestemming"),
    ({"toestemming_waarvoor": " "}, "waarvoor"),
    ({"toestemming_hoe": "geheim"}, "vastgelegd"),
    ({"postcode": "12AB"}, "postcode"),
    ({"email": "geen-adres"}, "e-mailadres"),
    ({"naam": " "}, "naam"),
]


def test_invalid_mantelzorger_is_refused_in_dutch(enc_store):
    for changes, message in INVALID_MANTELZORGER:
        with pytest.raises(UserError, match=message), enc_store.session() as s:
            service.register(s, mantelzorger_data(**{"naam": "X Y", **changes}))
    for hours in (-1, 168.5, 500):
        rel = service.RelatieData(zorgvrager_naam="Z Z", relatie="kind", uren_per_week=hours)
        with pytest.raises(UserError, match="168"), enc_store.session() as s:
            register(s, rel=rel)
    with enc_store.session() as s:
        assert service.count(s) == 0
        register(s, "Goed Genoeg", postcode="1234ab")
        assert service.count(s) == 1


def test_update_detects_a_change_made_elsewhere(enc_store):
    with enc_store.session() as s:
        m = register(s)
        mid, seen = m.id, m.gewijzigd_op
    with enc_store.session() as s:  # another window saves first
        service.update(s, mid, mantelzorger_data("Andere Naam"), seen=seen)
    with pytest.raises(UserError, match="elders gewijzigd"), enc_store.session() as s:
        service.update(s, mid, mantelzorger_data("Mijn Naam"), seen=seen)
    with enc_store.session() as s:
        assert service.get(s, mid).naam == "Andere Naam"


def test_views_and_changes_are_audited_without_names(enc_store):
    with enc_store.session() as s:
        mid = register(s, "Geheime Naam").id
    with enc_store.session() as s:
        service.get(s, mid)
        service.update(s, mid, mantelzorger_data("Geheime Naam", telefoon="06-12345678"))
    with enc_store.session() as s:
        acties = [
            e.actie for e in audit.entries(s, onderwerp_soort="mantelzorger", onderwerp_id=mid)
        ]
        assert acties == ["wijzig", "bekijk", "nieuw"]
        assert all("Geheime" not in e.omschrijving for e in audit.entries(s))
        assert audit.verify(s).ok


def _gesprek(**kw) -> gesprekken.GesprekData:
    values = dict(
        datum=TODAY,
        vraaggebieden={"vg4": gesprekken.VraaggebiedNotitie(True, "Wil respijtzorg")},
        signalen=["oververmoeidheid"],
        belasting=8,
    )
    values.update(kw)
    return gesprekken.GesprekData(**values)


def test_gesprek_keeps_vraaggebied_key_and_version_and_removes_draft(enc_store):
    with enc_store.session() as s:
        mid = register(s).id
        draft = gesprekken.save_draft(s, mid, {"x": 1})
    with enc_store.session() as s:
        g = gesprekken.save_gesprek(
            s, mid, _gesprek(datum=TODAY - timedelta(days=1)), draft_id=draft
        )
        gid = g.id
    with enc_store.session() as s:
        g = gesprekken.get_gesprek(s, gid)
        [v] = g.vraaggebieden
        assert (v.sleutel, v.notitie, v.instrument_versie) == (
            "vg4",
            "Wil respijtzorg",
            g.instrument_versie,
        )
        assert g.instrument_versie
        assert s.get(Mantelzorger, mid).laatste_contact == TODAY - timedelta(days=1)
        assert s.scalar(select(func.count()).select_from(GesprekConcept)) == 0


def test_invalid_gesprek_is_refused(enc_store):
    with enc_store.session() as s:
        mid = register(s).id
    for changes, message in (
        ({"datum": TODAY + timedelta(days=2)}, "toekomst"),
        ({"belasting": 11}, "0 tot en met 10"),
        ({"soort": "chat"}, "soort"),
        ({"signalen": ["moe"]}, "signaal"),
    ):
        with pytest.raises(UserError, match=message), enc_store.session() as s:
            gesprekken.save_gesprek(s, mid, _gesprek(**changes))
    with enc_store.session() as s:
        assert s.get(Mantelzorger, mid).gesprekken == []


def test_risk_flags_derived_and_overridden(enc_store):
    born = TODAY.replace(year=TODAY.year - 78)
    rel = service.RelatieData(
        zorgvrager_naam="Partner", relatie="partner", informele_helpers=0, professionele_helpers=0
    )
    with enc_store.session() as s:
        mid = register(s, geboortedatum=born, rel=rel).id
    with enc_store.session() as s:
        overview = gesprekken.assess_mantelzorger(service.get(s, mid))
        assert {"rg1", "rg2"} <= overview.effective_keys
        assert "78 jaar" in next(f for f in overview.flags if f.key == "rg2").reason
    with pytest.raises(UserError, match="Licht toe"), enc_store.session() as s:
        gesprekken.decide_flag(s, mid, "rg1", False)
    with enc_store.session() as s:
        gesprekken.decide_flag(s, mid, "rg1", False, "dochter helpt dagelijks")
        gesprekken.decide_flag(s, mid, "rg5", True, "zelf verteld")
    with enc_store.session() as s:
        overview = gesprekken.assess_mantelzorger(service.get(s, mid))
        assert "rg1" not in overview.effective_keys
        assert {"rg2", "rg5"} <= overview.effective_keys
        assert "dochter helpt" in next(f for f in overview.flags if f.key == "rg1").reason
    with enc_store.session() as s:
        gesprekken.decide_flag(s, mid, "rg1", None)
    with enc_store.session() as s:
        assert "rg1" in gesprekken.assess_mantelzorger(service.get(s, mid)).effective_keys


def test_plan_with_referral_and_followups(enc_store):
    with enc_store.session() as s:
        mid = register(s).id
        aanbod = add_aanbod(s)
        g = gesprekken.save_gesprek(s, mid, _gesprek(datum=TODAY - timedelta(days=30)))
        gid, aid = g.id, aanbod.id
    assert [c.aanbod_id for c in _search(enc_store, "respijt")] == [aid]
    with (
        pytest.raises(UserError, match="voor het gesprek|voor de datum"),
        enc_store.session() as s,
    ):
        plannen.save_plan(
            s,
            mid,
            plannen.PlanData(
                datum=TODAY - timedelta(days=30),
                vervolgdatum=TODAY - timedelta(days=40),
                gesprek_id=gid,
            ),
        )
    data = plannen.PlanData(
        datum=TODAY - timedelta(days=30),
        vervolgdatum=TODAY - timedelta(days=1),
        gesprek_id=gid,
        afspraken=[plannen.AfspraakData("Aanmelden respijt", "mantelzorger")],
        verwijzingen=[plannen.VerwijzingData(aid, "mz6")],
    )
    with enc_store.session() as s:
        plan = plannen.save_plan(s, mid, data)
        assert plan.verwijzingen[0].omschrijving == "Respijthuis (Stichting Respijthuis)"
        assert plan.verwijzingen[0].soort_sleutel == "welzijn-test"
    with enc_store.session() as s:
        [due] = plannen.followups_due(s)
        assert due.overdue and due.mantelzorger_id == mid
        plannen.mark_followup_done(s, due.plan_id)
    with enc_store.session() as s:
        assert plannen.followups_due(s) == []


def _search(store, text):
    with store.session() as s:
        return plannen.search_aanbod(s, text, basisfunctie="mz6")


def test_attention_items_for_start_page(enc_store):
    from desktop.mantelzorg.attention import attention_items

    with enc_store.session() as s:
        mid = register(s).id
        gesprekken.save_draft(s, mid, {"datum": TODAY.isoformat()})
        plannen.save_plan(
            s,
            mid,
            plannen.PlanData(
                datum=TODAY - timedelta(days=5), vervolgdatum=TODAY - timedelta(days=1)
            ),
        )
        register(s, "Oud Dossier", toestemming_datum=TODAY - timedelta(days=800))
    with enc_store.session() as s:
        titles = [i.titel for i in attention_items(s)]
    assert any("te laat" in t for t in titles)
    assert any("bewaartermijn" in t for t in titles)
    assert any("niet afgemaakt" in t for t in titles)


def test_attention_is_empty_and_quiet_on_a_plain_store(store):
    from desktop.mantelzorg.attention import attention_items

    with store.session() as s:
        assert attention_items(s) == []
