"""Jaaroverzicht: counts, suppression of groups smaller than 5, erasure keeps counts."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from mz_helpers import add_wijk, enc_db, enc_store, enc_template, register  # noqa: F401

from desktop.mantelzorg import gesprekken, service, statistiek

YEAR = date.today().year


def test_suppress_hides_small_groups_and_a_complement():
    rows = statistiek.suppress([("a", 12), ("b", 3), ("c", 7), ("d", 0)], exclusive=True)
    assert rows == [("a", 12), ("b", None), ("c", None), ("d", 0)]
    rows = statistiek.suppress([("a", 12), ("b", 3), ("c", 7)], exclusive=False)
    assert rows == [("a", 12), ("b", None), ("c", 7)]


@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8), st.booleans())
def test_suppress_never_shows_a_count_below_five(counts, exclusive):
    rows = statistiek.suppress([(str(i), n) for i, n in enumerate(counts)], exclusive)
    assert all(n is None or n == 0 or n >= statistiek.THRESHOLD for _, n in rows)
    hidden = [label for label, n in rows if n is None]
    if exclusive and hidden:
        # one hidden cell could be worked out from the total; there are never exactly one
        # hidden cell when another non-zero cell exists
        others = [n for _, n in rows if n]
        assert len(hidden) >= 2 or not others


def _people(store, n: int, wijk_name: str = "Centrum") -> list[int]:
    ids = []
    with store.session() as s:
        wijk = add_wijk(s, wijk_name)
        for i in range(n):
            rel = service.RelatieData(zorgvrager_naam=f"Zorg {i}", relatie="kind", uren_per_week=10)
            m = register(
                s,
                f"Persoon {wijk_name} {i}",
                rel=rel,
                wijk_id=wijk.id,
                geboortedatum=date(1970, 1, 1),
            )
            gesprekken.save_gesprek(
                s,
                m.id,
                gesprekken.GesprekData(
                    datum=date.today() - timedelta(days=1)
                    if date.today().month > 1 or date.today().day > 1
                    else date.today(),
                    vraaggebieden={"vg2": gesprekken.VraaggebiedNotitie(True, "")},
                ),
            )
            ids.append(m.id)
    return ids


def test_fewer_than_five_people_shows_nothing(enc_store):
    _people(enc_store, 4)
    with enc_store.session() as s:
        o = statistiek.build(s, YEAR)
    assert o.te_klein and o.mantelzorgers is None


def test_counts_and_small_wijk_suppressed(enc_store):
    _people(enc_store, 6, "Centrum")
    _people(enc_store, 2, "Molenwijk")
    with enc_store.session() as s:
        o = statistiek.build(s, YEAR)
    assert o.mantelzorgers == 8 and o.gesprekken == 8
    wijk = dict(next(t for t in o.tabellen if t.titel == "Wijk of kern").rijen)
    assert wijk["Molenwijk"] is None  # 2 people: suppressed
    assert wijk["Centrum"] is None  # the complement, else 8 - 6 = 2 is visible
    areas = dict(next(t for t in o.tabellen if t.titel == "Besproken vraaggebieden").rijen)
    assert areas["2. Combineren van mantelzorg en werk"] == 8
    leeftijd = dict(next(t for t in o.tabellen if t.titel.startswith("Leeftijd")).rijen)
    assert leeftijd["45-64"] == 8


def test_erasure_keeps_the_yearly_counts(enc_store):
    from desktop.privacy import erasure

    ids = _people(enc_store, 7)
    with enc_store.session() as s:
        before = statistiek.build(s, YEAR)
    with enc_store.session() as s:
        erasure.forget(s, ids[0])
        erasure.forget(s, ids[1])
    with enc_store.session() as s:
        after = statistiek.build(s, YEAR)
        assert service.count(s) == 5
    assert (
        (after.mantelzorgers, after.gesprekken)
        == (before.mantelzorgers, before.gesprekken)
        == (7, 7)
    )
    assert [t.rijen for t in after.tabellen] == [t.rijen for t in before.tabellen]
