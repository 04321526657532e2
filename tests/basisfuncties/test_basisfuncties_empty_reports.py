"""Reports and the witte-vlekken tab say something true and useful when there is nothing
to show: no wijken, no organisations, no meting, a meting nobody filled in yet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.basisfuncties import service
from desktop.basisfuncties.dekking import WitteVlekken
from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.basisfuncties.weergave import vlekken_summary
from desktop.basisfuncties.witte_vlekken import gap_matrix
from desktop.errors import UserError
from desktop.rapporten import catalogue
from desktop.store import wijken

NO_GAPS = "Er zijn geen witte vlekken"
NO_WIJKEN = "nog geen wijken of kernen"
NO_OFFER = "nog geen aanbod met een basisfunctie"


def _text(pdf: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def _build(store, key: str, out: Path, **options) -> str:
    catalogue.load_report_modules()
    catalogue.get(key).build(store, options, out, None, None)
    return _text(out)


def test_witte_vlekken_on_an_empty_database_does_not_contradict_itself(store, tmp_path) -> None:
    text = _build(store, "witte-vlekken", tmp_path / "v.pdf")
    assert NO_WIJKEN in text and "Instellingen" in text
    assert NO_GAPS not in text  # the old report claimed full coverage here
    assert "Per witte vlek" not in text and "Wijk of kern VW1" not in text


def test_wijken_without_any_offer_say_so_instead_of_a_list_of_nothing(store, tmp_path) -> None:
    with store.session() as s:
        wijken.add_wijk(s, "Centrum")
        wijken.add_wijk(s, "Noord")
    text = _build(store, "witte-vlekken", tmp_path / "v.pdf")
    assert NO_OFFER in text and "sociale kaart" in text
    assert NO_GAPS not in text
    assert "Ook in andere wijken is hiervoor niets te vinden" not in text
    assert "Centrum" in text  # the matrix itself is still shown


def test_an_unfilled_meting_report_explains_instead_of_zero_scores(store, tmp_path) -> None:
    with store.session() as s:
        m = service.create_meting(s, soort="nulmeting", domeinen="beide", datum=date(2026, 1, 5))
        meting_id = m.id
    text = _build(store, "basisfuncties", tmp_path / "b.pdf", meting=meting_id)
    assert "nog niet ingevuld: geen van de 110 activiteiten" in text
    assert "Totaalscore" not in text and "De cyclus" not in text
    assert NO_WIJKEN in text and NO_GAPS not in text
    assert "Nog geen acties in het actieplan" in text


def test_a_partly_filled_meting_says_how_much_is_open(store, tmp_path) -> None:
    with store.session() as s:
        m = service.create_meting(
            s, soort="nulmeting", domeinen="mantelzorg", datum=date(2026, 1, 5), functies=["mz4"]
        )
        service.save_item(s, m.id, "mz4.01", status="aanwezig")
        meting_id = m.id
    text = _build(store, "basisfuncties", tmp_path / "b.pdf", meting=meting_id)
    assert "Totaalscore" in text
    assert "Nog 2 van de 3 activiteiten hebben geen status" in text


def test_no_meting_at_all_tells_the_user_to_start_one(store, tmp_path) -> None:
    catalogue.load_report_modules()
    with pytest.raises(UserError, match="nog geen meting van de basisfuncties"):
        catalogue.get("basisfuncties").build(store, {}, tmp_path / "b.pdf", None, None)
    assert not (tmp_path / "b.pdf").exists()


def test_demo_report_counts_its_gaps(demo_store, tmp_path) -> None:
    text = _build(demo_store, "witte-vlekken", tmp_path / "v.pdf")
    assert "Er zijn " in text and "witte vlekken in " in text and "Per witte vlek" in text


def _vlekken(wijk_count: int, coverage: dict, meting_id=None) -> WitteVlekken:
    functions = load_basisfuncties().functions_in("mantelzorg")[:2]
    wijk_list = tuple((i, f"Wijk {i}") for i in range(1, wijk_count + 1))
    matrix = gap_matrix(functions, [w for w, _ in wijk_list], coverage)
    return WitteVlekken(matrix, tuple(functions), wijk_list, {}, meting_id)


@pytest.mark.parametrize(
    ("wijk_count", "coverage", "expected"),
    [
        (0, {}, NO_WIJKEN),
        (2, {}, NO_OFFER),
        (
            1,
            {("mz1", 1): ["A"], ("mz2", 1): ["B"]},
            "Er zijn geen witte vlekken: elke basisfunctie",
        ),
        (1, {("mz1", 1): ["A"]}, "Er is 1 witte vlek in 1 wijk of kern"),
        (2, {("mz1", 1): ["A"]}, "Er zijn 3 witte vlekken in 2 wijken en kernen"),
    ],
)
def test_summary_sentence_is_true_for_each_case(wijk_count, coverage, expected) -> None:
    assert expected in vlekken_summary(_vlekken(wijk_count, coverage))


def test_witte_vlekken_tab_on_an_empty_database(qtbot, store) -> None:
    from desktop.basisfuncties.vlekken_view import WitteVlekkenView

    view = WitteVlekkenView(store, lambda _msg: None)
    qtbot.addWidget(view)
    view.refresh()
    assert NO_WIJKEN in view.summary.text()
    assert "0 witte vlekken" not in view.summary.text()
