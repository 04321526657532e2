"""Metingen stored in a real SQLite file: scores, copying, comparison across instrument
editions, witte vlekken on a small sociale kaart, the actieplan and the Start page."""

from __future__ import annotations

import copy
import tomllib
from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.basisfuncties import attention, service
from desktop.basisfuncties.instrument import (
    STATUS_KEYS,
    load_basisfuncties,
    parse_basisfuncties,
)
from desktop.basisfuncties.scoring import CellState, Change
from desktop.errors import UserError
from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie
from desktop.paths import resource_path
from desktop.store import wijken

GEBORGD, AANWEZIG, ONTW, NIET, NVT, ONBEKEND = STATUS_KEYS


def _meting(session, **kw):
    values = dict(soort="nulmeting", domeinen="beide", datum=date(2024, 3, 1), ingevuld_door="Els")
    values.update(kw)
    return service.create_meting(session, **values)


# --------------------------------------------------------------------------- scores


def test_hand_checked_meting_including_an_all_nvt_function(store) -> None:
    with store.session() as s:
        m = _meting(s, functies=["vw4", "vw5", "mz4"])
        for key, status in {"vw4.01": AANWEZIG, "vw4.02": AANWEZIG, "vw4.03": NIET}.items():
            service.save_item(s, m.id, key, status=status)
        for item in load_basisfuncties().function("vw5").items:
            service.save_item(s, m.id, item.key, status=NVT)
        service.save_item(s, m.id, "mz4.01", status=GEBORGD)
        service.save_item(s, m.id, "mz4.02", status=ONTW)
        service.save_item(s, m.id, "mz4.03", status=NVT)
        meting_id = m.id
    with store.session() as s:
        score = service.meting_score(s, meting_id)
        # vw4: (0.75 + 0.75 + 0 + unanswered 0) / 4
        assert score.function("vw4").score == pytest.approx(0.375)
        assert score.function("vw5").score is None  # all n.v.t.: no division by zero
        assert score.function("mz4").score == pytest.approx(0.625)  # (1 + 0.25) / 2
        assert score.domains["vrijwilligerswerk"].score == pytest.approx(0.375)
        assert score.score == pytest.approx(0.5)
        (overzicht,) = service.list_metingen(s)
        assert overzicht.score == pytest.approx(0.5)
        assert (overzicht.beantwoord, overzicht.items) == (3 + 4 + 3, 4 + 4 + 3)


def test_vervolgmeting_starts_from_previous_answers_but_not_the_ambitie(store) -> None:
    with store.session() as s:
        noord = wijken.add_wijk(s, "Noord")
        org = Organisatie(naam="Steunpunt Mantelzorg", werkgebied="gemeente")
        s.add(org)
        s.flush()
        nul = _meting(s)
        service.save_item(
            s,
            nul.id,
            "mz6.01",
            status=AANWEZIG,
            notitie="Via het steunpunt",
            uitvoerder_ids=[org.id],
            wijk_ids=[noord.id],
            prioriteit="hoog",
            streefdatum=date(2025, 1, 1),
        )
        vervolg = service.create_meting(
            s, soort="vervolgmeting", domeinen="beide", datum=date(2026, 3, 1)
        )
        assert vervolg.vorige_id == nul.id
        copied = service.answers(s, vervolg.id)["mz6.01"]
        assert copied.status == AANWEZIG
        assert copied.notitie == "Via het steunpunt"
        assert copied.uitvoerders == ((org.id, "Steunpunt Mantelzorg"),)
        assert copied.wijken == ((noord.id, "Noord"),)
        assert (copied.prioriteit, copied.streefdatum) == ("", None)
        # changing the copy leaves the nulmeting alone
        service.save_item(s, vervolg.id, "mz6.01", status=GEBORGD, uitvoerder_ids=[])
        assert service.answers(s, nul.id)["mz6.01"].status == AANWEZIG
        assert service.answers(s, nul.id)["mz6.01"].uitvoerders
        prev, comparison = service.comparison(s, vervolg.id)
        assert prev.id == nul.id
        assert comparison.item("mz6.01").change is Change.BETTER
        assert comparison.function("mz6").score.change is Change.BETTER


def test_vervolgmeting_without_earlier_meting_is_refused(store) -> None:
    with store.session() as s, pytest.raises(UserError, match="nulmeting"):
        _meting(s, soort="vervolgmeting")


def test_bad_input_gives_dutch_messages_and_keeps_data(store) -> None:
    with store.session() as s:
        m = _meting(s, domeinen="mantelzorg")
        service.save_item(s, m.id, "mz1.01", status=AANWEZIG)
        meting_id = m.id
    cases = [
        (dict(item_key="mz1.01", status="misschien"), "Onbekende status"),
        (dict(item_key="vw1.01", status=AANWEZIG), "niet is gekozen"),
        (dict(item_key="mz99.01", status=AANWEZIG), "bestaat niet"),
        (dict(item_key="mz1.01", prioriteit="dringend"), "prioriteit"),
        (dict(item_key="mz1.01", uitvoerder_ids=[999]), "bestaat niet"),
        (dict(item_key="mz1.01", wijk_ids=[999]), "wijk"),
    ]
    for kwargs, message in cases:
        with pytest.raises(UserError, match=message), store.session() as s:
            service.save_item(s, meting_id, **kwargs)
    with store.session() as s:
        assert service.answers(s, meting_id)["mz1.01"].status == AANWEZIG
        with pytest.raises(UserError, match="^De basisfunctie VW1 Vertalen .* hoort niet bij"):
            _meting(s, domeinen="mantelzorg", functies=["vw1"])
        with pytest.raises(UserError, match="^De basisfuncties VW1 .*, VW2 .* horen niet bij"):
            _meting(s, domeinen="mantelzorg", functies=["vw2", "vw1"])
        with pytest.raises(UserError, match="ten minste één"):
            _meting(s, functies=[])
        with pytest.raises(UserError, match="bestaat niet"):
            service.get_meting(s, 42)


# --------------------------------------------------------------------------- editions


def _old_edition():
    """Edition 2007.9: without item mz4.03, with an extra item mz4.04, weights as now."""
    with resource_path("instruments", "basisfuncties.toml").open("rb") as handle:
        data = tomllib.load(handle)
    data = copy.deepcopy(data)
    data["versie"] = "2007.9"
    mz4 = next(f for f in data["functies"] if f["key"] == "mz4")
    extra = dict(mz4["items"][-1])
    mz4["items"] = [i for i in mz4["items"] if i["key"] != "mz4.03"]
    extra["key"] = "mz4.04"
    extra["tekst"] = "een activiteit die later is vervallen"
    mz4["items"].append(extra)
    return parse_basisfuncties(data, "basisfuncties-2007.9.toml")


def test_comparison_across_instrument_versions(store, monkeypatch) -> None:
    old = _old_edition()
    current = load_basisfuncties()

    def fake_instrument_for(meting):
        return old if meting.instrument_versie == old.version else current

    monkeypatch.setattr(service, "instrument_for", fake_instrument_for)
    with store.session() as s:
        nul = _meting(s, domeinen="mantelzorg", functies=["mz4"])
        nul.instrument_versie = old.version  # filled in under the older edition
        for key in ("mz4.01", "mz4.02", "mz4.04"):
            service.save_item(s, nul.id, key, status=NIET)
        vervolg = service.create_meting(
            s, soort="vervolgmeting", domeinen="mantelzorg", datum=date(2026, 1, 1)
        )
        assert vervolg.instrument_versie == current.version
        # mz4.04 is not in the current edition: not copied
        assert set(service.answers(s, vervolg.id)) == {"mz4.01", "mz4.02"}
        service.save_item(s, vervolg.id, "mz4.01", status=GEBORGD)
        service.save_item(s, vervolg.id, "mz4.03", status=AANWEZIG)
        _, comparison = service.comparison(s, vervolg.id)
    assert not comparison.same_version
    assert comparison.previous_version == "2007.9"
    assert [i.item_key for i in comparison.added_items] == ["mz4.03"]
    assert [i.item_key for i in comparison.removed_items] == ["mz4.04"]
    assert comparison.item("mz4.01").change is Change.BETTER
    assert comparison.item("mz4.02").change is Change.SAME
    fc = comparison.function("mz4")
    assert fc.score.previous == pytest.approx(0.0)
    assert fc.score.current == pytest.approx((1 + 0 + 0.75) / 3)


# --------------------------------------------------------------------------- witte vlekken


@pytest.fixture
def kaart(store):
    """Three wijken and a small sociale kaart with every case of the rule."""
    with store.session() as s:
        noord, zuid, dorp = (wijken.add_wijk(s, n) for n in ("Noord", "Zuid", "Dorp"))

        def org(naam, werkgebied="gemeente", status="actief", wijken=(), archived=False):
            o = Organisatie(naam=naam, werkgebied=werkgebied, status=status, wijken=list(wijken))
            if archived:
                o.gearchiveerd_op = datetime.now(UTC)
            s.add(o)
            return o

        def aanbod(o, naam, functies, wijken=(), status="actief", archived=False):
            a = Aanbod(
                naam=naam,
                status=status,
                wijken=list(wijken),
                kenmerken=[AanbodKenmerk(soort="basisfunctie", sleutel=k) for k in functies]
                + [AanbodKenmerk(soort="doelgroep", sleutel="ouderen")],
            )
            if archived:
                a.gearchiveerd_op = datetime.now(UTC)
            o.aanbod.append(a)
            return a

        steunpunt = org("Steunpunt Mantelzorg")  # werkgebied gemeente: all wijken
        aanbod(steunpunt, "Mantelzorgspreekuur", ["mz1", "mz2"])
        buurthuis = org("Buurthuis Noord", werkgebied="wijken", wijken=[noord])
        aanbod(buurthuis, "Lotgenotengroep", ["mz3"])  # via the organisation's wijken
        aanbod(buurthuis, "Cursus", ["mz4"], wijken=[zuid])  # the aanbod's own wijk wins
        aanbod(buurthuis, "Oude cursus", ["mz4"], wijken=[dorp], status="gestopt")
        aanbod(buurthuis, "Gearchiveerd", ["mz5"], archived=True)
        regio = org("Respijthuis Regio", werkgebied="regio")
        aanbod(regio, "Logeerhuis", ["mz6"])
        aanbod(org("Opgeheven stichting", status="opgeheven"), "Klussendienst", ["mz5"])
        aanbod(org("Oud archief", archived=True), "Klussendienst", ["mz5"])
        aanbod(org("Vrijwilligerscentrale"), "Vacaturebank", ["vw2"])
        s.flush()
        return {
            "wijken": (noord.id, zuid.id, dorp.id),
            "steunpunt": steunpunt.id,
            "buurthuis": buurthuis.id,
        }


def test_witte_vlekken_from_the_sociale_kaart(store, kaart) -> None:
    noord, zuid, dorp = kaart["wijken"]
    with store.session() as s:
        v = service.witte_vlekken(s)
    assert len(v.functions) == 13 and [w for w, _ in v.wijken] == [noord, zuid, dorp]
    for w in (noord, zuid, dorp):
        assert v.cell("mz1", w).organisations == ("Steunpunt Mantelzorg",)
        assert v.cell("mz6", w).organisations == ("Respijthuis Regio",)
        assert v.cell("mz5", w).is_gap  # archived, opgeheven and archived-org aanbod
        assert v.cell("mz8", w).state is CellState.NO_OFFER
    assert v.cell("mz3", noord).organisations == ("Buurthuis Noord",)
    assert v.cell("mz3", zuid).is_gap
    assert v.cell("mz4", zuid).organisations == ("Buurthuis Noord",)
    assert v.cell("mz4", noord).is_gap  # the aanbod names Zuid only
    assert v.cell("mz4", dorp).is_gap  # the aanbod in Dorp has stopped
    (entry,) = v.entries("mz4", zuid)
    assert (entry.bron, entry.wat) == ("sociale kaart", ("Cursus",))
    assert "mz5" in v.matrix.uncovered_functions()
    assert dict(service.nearby_offer(v, "mz3", zuid)) == {"Buurthuis Noord": ["Noord"]}


def test_witte_vlekken_combined_with_a_meting(store, kaart) -> None:
    noord, zuid, dorp = kaart["wijken"]
    with store.session() as s:
        m = _meting(s, domeinen="mantelzorg", functies=["mz1", "mz3", "mz5", "mz8"])
        # in place, for Zuid only, by the buurthuis: fills mz3 in Zuid
        service.save_item(
            s, m.id, "mz3.01", status=AANWEZIG, uitvoerder_ids=[kaart["buurthuis"]], wijk_ids=[zuid]
        )
        # in place, no wijken named: the whole gemeente, by the gemeente itself
        service.save_item(s, m.id, "mz8.02", status=GEBORGD, gemeente_zelf=True)
        # not in place: adds nothing
        service.save_item(s, m.id, "mz5.01", status=ONTW, gemeente_zelf=True)
        v = service.witte_vlekken(s, m.id)
    assert [f.key for f in v.functions] == [f"mz{i}" for i in range(1, 9)]
    assert v.cell("mz3", zuid).organisations == ("Buurthuis Noord",)
    assert not v.cell("mz3", zuid).is_gap
    assert v.cell("mz3", dorp).is_gap
    for w in (noord, zuid, dorp):
        assert v.cell("mz8", w).organisations == ("de gemeente zelf",)
        assert v.cell("mz5", w).is_gap
        assert v.cell("mz2", w).state is CellState.NOT_CHOSEN  # not chosen in this meting
        assert not v.cell("mz2", w).is_gap
    bronnen = {e.bron for e in v.entries("mz3", noord)}
    assert bronnen == {"sociale kaart"}
    assert {e.bron for e in v.entries("mz3", zuid)} == {"meting"}


# --------------------------------------------------------------------------- actieplan


def test_actieplan_crud_gap_to_action_and_start_page(store, kaart) -> None:
    noord, _, _ = kaart["wijken"]
    today = date(2026, 11, 23)
    with store.session() as s:
        m = _meting(s, datum=date(2024, 1, 1))
        first = service.actie_from_gap(s, "mz8", noord, meting_id=m.id, today=today)
        assert "Noord" in first.omschrijving and first.status == "open"
        assert first.datum == today + timedelta(days=182)
        assert service.actie_from_gap(s, "mz8", noord, today=today).id == first.id  # no dup
        late = service.create_actie(
            s, functie_key="vw1", omschrijving="Visie op vrijwilligerswerk", datum=date(2026, 1, 1)
        )
        service.update_actie(s, first.id, eigenaar="  Wmo   team ", status="bezig")
        with pytest.raises(UserError, match="Beschrijf"):
            service.update_actie(s, first.id, omschrijving="  ")
        with pytest.raises(UserError, match="status"):
            service.create_actie(s, functie_key="vw1", omschrijving="x", status="af")
        acties = service.list_acties(s)
        assert [a.id for a in acties] == [late.id, first.id]
        assert acties[1].eigenaar == "Wmo team" and acties[1].wijk == "Noord"
        assert [a.id for a in service.overdue_acties(s, today)] == [late.id]
        items = attention.attention_items(s, today)
        titles = [i.titel for i in items]
        assert any("1 actie is over de datum" in t for t in titles)
        assert any("ouder dan twee jaar" in t for t in titles)
        service.update_actie(s, late.id, status="klaar")
        service.delete_actie(s, first.id)
        assert [a.status for a in service.list_acties(s)] == ["klaar"]
        assert not any("over de datum" in i.titel for i in attention.attention_items(s, today))
        _meting(s, datum=date(2026, 6, 1))
        assert attention.attention_items(s, today) == []


def test_uitvoerder_merged_on_the_kaart_shows_as_the_organisation_it_joined(store) -> None:
    from desktop.kaart.duplicates import merge_organisaties

    with store.session() as s:
        wijken.add_wijk(s, "Noord")
        keep = Organisatie(naam="Steunpunt Mantelzorg Lindewaard")
        dup = Organisatie(naam="Steunpunt mantelzorg")
        s.add_all([keep, dup])
        s.flush()
        m = _meting(s, domeinen="mantelzorg")
        service.save_item(s, m.id, "mz2.01", status=AANWEZIG, uitvoerder_ids=[dup.id, keep.id])
        merge_organisaties(s, keep.id, [dup.id])
        answer = service.answers(s, m.id)["mz2.01"]
        assert answer.uitvoerders == ((keep.id, "Steunpunt Mantelzorg Lindewaard"),)
        v = service.witte_vlekken(s, m.id)
        (w,) = [w for w, _ in v.wijken]
        assert v.cell("mz2", w).organisations == ("Steunpunt Mantelzorg Lindewaard",)
