"""Search over the sociale kaart: diacritics, prefixes, ranking, facets, both engines."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desktop.kaart import search as S
from desktop.kaart import search_index, service
from desktop.store import settings, wijken


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


@pytest.fixture
def kaart(store):
    with store.session() as s:
        akkers = wijken.add_wijk(s, "De Akkers").id
        molen = wijken.add_wijk(s, "Molenwijk").id
        burenhulp = service.find_soort(s, "burenhulp").id
        kerk = service.find_soort(s, "kerk").id
        raad = service.save_organisatie(
            s, {"naam": "Cliëntenraad Lindewaard", "plaats": "Lindewaard", "soort_id": None}
        )
        buren = service.save_organisatie(
            s,
            {
                "naam": "Burenhulp De Akkers",
                "soort_id": burenhulp,
                "plaats": "Broekhuizen",
                "beschrijving": "Buren helpen buren, ook cliënten van de thuiszorg.",
                "wijk_ids": [akkers],
                "contactpersonen": [{"naam": "Fatima El Amrani"}],
            },
        )
        service.save_aanbod(
            s,
            {
                "naam": "Respijtzorg aan huis",
                "basisfuncties": ["mz6"],
                "doelgroepen": ["jonge_mantelzorgers"],
            },
            organisatie_id=buren.id,
        )
        kerkorg = service.save_organisatie(
            s,
            {
                "naam": "Parochie Sint Jan",
                "soort_id": kerk,
                "beschrijving": "Zorgcafé voor respijt",
                "status": "tijdelijk gesloten",
            },
        )
        service.save_aanbod(
            s,
            {"naam": "Inloop", "wijk_ids": [molen], "basisfuncties": ["mz3"]},
            organisatie_id=kerkorg.id,
        )
        ids = {"raad": raad.id, "buren": buren.id, "kerk": kerkorg.id, "akkers": akkers, "molen": molen,
               "burenhulp": burenhulp}  # fmt: skip
    return store, ids


def names(hits):
    return [h.organisatie_naam for h in hits]


def run(store, query, filters=None, **kw):
    with store.session() as s:
        return S.search(s, query, filters, **kw)


def test_diacritics_and_case_are_ignored(kaart):
    store, _ = kaart
    assert "Cliëntenraad Lindewaard" in names(run(store, "clientenraad"))
    assert "Cliëntenraad Lindewaard" in names(run(store, "CLIËNTENRAAD"))
    # "cliente" finds "cliënten" in a description too
    assert set(names(run(store, "cliente"))) == {"Cliëntenraad Lindewaard", "Burenhulp De Akkers"}


def test_prefix_contact_and_place(kaart):
    store, _ = kaart
    assert names(run(store, "bure")) == ["Burenhulp De Akkers"]
    assert names(run(store, "mrani")) == []  # middle of a word: no match
    assert names(run(store, "el amr")) == ["Burenhulp De Akkers"]  # contact name
    assert names(run(store, "broekh")) == ["Burenhulp De Akkers"]  # place
    assert names(run(store, "akkers")) == ["Burenhulp De Akkers"]  # wijk


def test_name_match_ranks_first(kaart):
    store, _ = kaart
    with store.session() as s:
        service.save_organisatie(s, {"naam": "Respijthuis De Adem"})
    hits = run(store, "respijt")
    assert hits[0].organisatie_naam == "Respijthuis De Adem"
    assert set(names(hits)) == {"Respijthuis De Adem", "Burenhulp De Akkers", "Parochie Sint Jan"}
    assert hits[0].score >= hits[-1].score


def test_aanbod_level(kaart):
    store, ids = kaart
    hits = run(store, "respijt", level="aanbod")
    assert [(h.aanbod_naam, h.organisatie_id) for h in hits] == [
        ("Respijtzorg aan huis", ids["buren"])
    ]
    assert (
        run(store, "", S.SearchFilters(basisfuncties=["mz3"]), level="aanbod")[0].aanbod_naam
        == "Inloop"
    )


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (dict(basisfuncties=["mz6"]), {"Burenhulp De Akkers"}),
        (
            dict(doelgroepen=["mantelzorgers"]),
            {"Burenhulp De Akkers"},
        ),  # includes jonge mantelzorgers
        (dict(statussen=["tijdelijk gesloten"]), {"Parochie Sint Jan"}),
        (
            dict(te_controleren=True),
            {"Cliëntenraad Lindewaard", "Burenhulp De Akkers", "Parochie Sint Jan"},
        ),
    ],
)
def test_facets(kaart, filters, expected):
    store, _ = kaart
    assert set(names(run(store, "", S.SearchFilters(**filters)))) == expected


def test_wijk_and_soort_facets(kaart):
    store, ids = kaart
    # the Cliëntenraad names no wijk: it works in the whole gemeente
    akkers = run(store, "", S.SearchFilters(wijk_ids=[ids["akkers"]]))
    assert {(h.organisatie_naam, h.hele_gemeente) for h in akkers} == {
        ("Burenhulp De Akkers", False),
        ("Cliëntenraad Lindewaard", True),
    }
    assert names(run(store, "", S.SearchFilters(wijk_ids=[ids["molen"]]))) == [
        "Cliëntenraad Lindewaard",
        "Parochie Sint Jan",
    ]  # via aanbod
    assert names(run(store, "", S.SearchFilters(soort_ids=[ids["burenhulp"]]))) == [
        "Burenhulp De Akkers"
    ]
    assert names(run(store, "respijt", S.SearchFilters(wijk_ids=[ids["akkers"]]))) == [
        "Burenhulp De Akkers"
    ]


def test_checked_leaves_worklist_and_archive_hides(kaart):
    store, ids = kaart
    with store.session() as s:
        service.mark_checked(s, [ids["raad"]])
    assert "Cliëntenraad Lindewaard" not in names(
        run(store, "", S.SearchFilters(te_controleren=True))
    )
    with store.session() as s:
        service.archive_organisatie(s, ids["buren"])
    assert names(run(store, "burenhulp")) == []
    assert names(run(store, "burenhulp", S.SearchFilters(include_archived=True))) == [
        "Burenhulp De Akkers"
    ]


def test_index_follows_edits(kaart):
    store, ids = kaart
    with store.session() as s:
        service.save_organisatie(s, {"naam": "Buurtkracht Akkers"}, ids["buren"])
    assert names(run(store, "buurtkr")) == ["Buurtkracht Akkers"]
    assert names(run(store, "burenhulp")) == ["Buurtkracht Akkers"]  # soort still matches
    with store.session() as s:
        service.save_organisatie(s, {"soort_id": None}, ids["buren"])
    assert names(run(store, "burenhulp")) == []


def test_rebuild_index_and_offset(kaart):
    store, _ = kaart
    with store.session() as s:
        S.rebuild_index(s)
    all_ = names(run(store, ""))
    assert len(all_) == 3
    assert names(run(store, "", limit=1, offset=1)) == all_[1:2]


def test_wijk_merge_elsewhere_rebuilds_facets(kaart):
    store, ids = kaart
    with store.session() as s:
        wijken.merge_wijken(s, ids["akkers"], ids["molen"])
    S._FRESH_CHECKED.clear()
    assert set(names(run(store, "", S.SearchFilters(wijk_ids=[ids["molen"]])))) == {
        "Burenhulp De Akkers",
        "Cliëntenraad Lindewaard",
        "Parochie Sint Jan",
    }


def test_portable_twin_gives_the_same_answers(store, monkeypatch):
    """The ILIKE engine used on PostgreSQL, exercised on SQLite."""
    from desktop.kaart import search_index

    monkeypatch.setattr(S, "_is_sqlite", lambda session: False)
    monkeypatch.setattr(search_index, "_is_sqlite", lambda session: False)
    with store.session() as s:
        org = service.save_organisatie(
            s, {"naam": "Cliëntenraad Lindewaard", "beschrijving": "raad"}
        )
        service.save_aanbod(
            s, {"naam": "Spreekuur", "basisfuncties": ["mz2"]}, organisatie_id=org.id
        )
        service.save_organisatie(s, {"naam": "Wijkteam", "beschrijving": "ook voor cliënten"})
    assert names(run(store, "cliente")) == ["Cliëntenraad Lindewaard", "Wijkteam"]
    assert names(run(store, "spreek")) == ["Cliëntenraad Lindewaard"]
    assert names(run(store, "", S.SearchFilters(basisfuncties=["mz2"]))) == [
        "Cliëntenraad Lindewaard"
    ]
    assert [h.aanbod_naam for h in run(store, "spre", level="aanbod")] == ["Spreekuur"]


def test_query_words():
    assert S.query_words("  Cliënt-raad, 't Hof!") == ["client", "raad", "t", "hof"]
    assert S.query_words('"; DROP TABLE') == ["drop", "table"]


@pytest.mark.parametrize("portable", [False, True])
def test_hele_gemeente_under_every_wijk(store, monkeypatch, portable):
    from desktop.kaart import search_index

    if portable:
        monkeypatch.setattr(S, "_is_sqlite", lambda session: False)
        monkeypatch.setattr(search_index, "_is_sqlite", lambda session: False)
    with store.session() as s:
        akkers = wijken.add_wijk(s, "De Akkers").id
        molen = wijken.add_wijk(s, "Molenwijk").id
        service.save_organisatie(
            s, {"naam": "Regio Zorg", "werkgebied": "regio", "wijk_ids": [akkers]}
        )
        service.save_organisatie(s, {"naam": "Landelijke Hulplijn", "werkgebied": "landelijk"})
        service.save_organisatie(
            s, {"naam": "Buurthuis Molen", "werkgebied": "wijken", "wijk_ids": [molen]}
        )
        service.save_organisatie(s, {"naam": "Wijkteam Akkers", "wijk_ids": [akkers]})
        heel = service.save_organisatie(s, {"naam": "Gemeentehuis"}).id
        service.save_aanbod(s, {"naam": "Loket"}, organisatie_id=heel)
        service.save_aanbod(
            s, {"naam": "Spreekuur Molen", "wijk_ids": [molen]}, organisatie_id=heel
        )
    got = {
        (h.organisatie_naam, h.hele_gemeente)
        for h in run(store, "", S.SearchFilters(wijk_ids=[molen]))
    }
    assert got == {
        ("Regio Zorg", True),
        ("Landelijke Hulplijn", True),
        ("Buurthuis Molen", False),
        ("Gemeentehuis", False),  # it names Molenwijk through its aanbod
    }
    got = {
        (h.organisatie_naam, h.hele_gemeente)
        for h in run(store, "", S.SearchFilters(wijk_ids=[akkers]))
    }
    assert got == {("Regio Zorg", True), ("Landelijke Hulplijn", True), ("Wijkteam Akkers", False)}
    aanbod = run(store, "", S.SearchFilters(wijk_ids=[molen]), level="aanbod")
    assert {(h.aanbod_naam, h.hele_gemeente) for h in aanbod} == {("Spreekuur Molen", False)}
    with store.session() as s:
        service.save_organisatie(s, {"werkgebied": "regio"}, heel)
    aanbod = run(store, "", S.SearchFilters(wijk_ids=[akkers]), level="aanbod")
    assert {(h.aanbod_naam, h.hele_gemeente) for h in aanbod} == {("Loket", True)}
    assert all(not h.hele_gemeente for h in run(store, ""))  # only under a wijk filter


def test_an_old_index_is_rebuilt_for_the_wijk_filter(kaart):
    store, ids = kaart
    with store.session() as s:
        s.execute(text("UPDATE fts_kaart_organisatie SET facet = replace(facet, 'xwk', 'xold')"))
        settings.put(s, search_index._WIJK_FINGERPRINT, "2:0:0")
    S._FRESH_CHECKED.clear()
    assert "Cliëntenraad Lindewaard" in names(
        run(store, "", S.SearchFilters(wijk_ids=[ids["akkers"]]))
    )
