"""Start page items of the mantelzorg feature lead to the right mantelzorger and tab (real
MainWindow on an encrypted store), and the ondersteuningsplan report logs what really
happened to it (bekeken / opgeslagen / afgedrukt)."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

from datetime import date, timedelta

import pytest
from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: F401
from PySide6.QtCore import Qt

from desktop.mantelzorg import gesprekken, plannen
from desktop.mantelzorg.models import Ondersteuningsplan
from desktop.privacy import audit
from desktop.store import settings

TODAY = date.today()


def _plan(s, mid: int, vervolg: date) -> int:
    data = plannen.PlanData(
        datum=TODAY - timedelta(days=30),
        vervolgdatum=vervolg,
        afspraken=[plannen.AfspraakData("Aanmelden bij de praatgroep", "mantelzorger")],
    )
    return plannen.save_plan(s, mid, data).id


@pytest.fixture
def window(qtbot, enc_store):
    from desktop.app import create_main_window

    with enc_store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    w = create_main_window(enc_store)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    return w


def _enter_on(qtbot, window, words: str):
    from PySide6.QtWidgets import QApplication

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    start = window.current_section()
    assert start.key == "start"
    items = start.items
    rows = [i for i in range(items.count()) if words in items.item(i).text()]
    assert rows, [items.item(i).text() for i in range(items.count())]
    items.setFocus()
    items.setCurrentRow(rows[0])
    qtbot.keyClick(items, Qt.Key.Key_Return)
    return window.current_section()


def test_enter_on_an_overdue_follow_up_opens_the_plan_of_that_mantelzorger(qtbot, window):
    store = window.ctx.store
    with store.session() as s:
        register(s, "Anna Aarts")  # listed first: the right one must be chosen
        mid = register(s, "Zeger Zijlstra", zorgvrager="Zus Zijlstra").id
        plan_id = _plan(s, mid, TODAY - timedelta(days=3))
    window.show()
    window.open_section("start")
    window.current_section().refresh()
    section = _enter_on(qtbot, window, "te laat")
    assert section.key == "mantelzorg"
    assert section.current_id == mid
    assert section.tabs.currentIndex() == 2  # "Plan en vervolg"
    assert "Zeger Zijlstra" in section.detail.toPlainText()
    assert "Aanmelden bij de praatgroep" in section.plan_view.toPlainText()
    assert "te laat" in section.plan_view.toPlainText()
    assert section.followup_button.hasFocus()
    qtbot.keyClick(section.followup_button, Qt.Key.Key_Space)  # mark the follow-up done
    with store.session() as s:
        assert s.get(Ondersteuningsplan, plan_id).vervolg_gedaan
    assert not section.followup_button.isEnabled()
    window.open_section("start")
    start = window.current_section()
    texts = [start.items.item(i).text() for i in range(start.items.count())]
    assert not any("te laat" in t for t in texts)


def test_enter_on_a_draft_opens_the_gesprekken_tab_with_the_draft(qtbot, window):
    store = window.ctx.store
    with store.session() as s:
        register(s, "Anna Aarts")
        mid = register(s, "Bram Bos").id
        gesprekken.save_draft(s, mid, {"datum": TODAY.isoformat()})
    window.show()
    window.current_section().refresh()
    section = _enter_on(qtbot, window, "niet afgemaakt")
    assert section.key == "mantelzorg" and section.current_id == mid
    assert section.tabs.currentIndex() == 1
    assert section.gesprek_list.hasFocus()
    assert section.gesprek_list.currentItem().text().startswith("Concept (nieuw gesprek)")
    assert section._no_draft_question  # no second question about the same draft


def test_a_filtered_list_does_not_hide_the_target(qtbot, window):
    store = window.ctx.store
    with store.session() as s:
        mid = register(s, "Carla Cox").id
        register(s, "Dirk Dekker")
        _plan(s, mid, TODAY + timedelta(days=2))
    window.show()
    window.open_section("mantelzorg")
    section = window.current_section()
    section.search.setText("Dekker")
    section.reload()
    window.open_section("start")
    window.current_section().refresh()
    assert _enter_on(qtbot, window, "deze week") is section
    assert section.current_id == mid and section.tabs.currentIndex() == 2
    assert "Carla Cox" in section.detail.toPlainText()


@pytest.mark.parametrize(
    ("purpose", "actie", "words"),
    [
        ("bekijken", "bekijk", "bekeken (voorbeeld in het venster)"),
        ("opslaan", "export", "opgeslagen als bestand"),
        ("afdrukken", "print", "afgedrukt"),
    ],
)
def test_plan_report_logs_what_happened(enc_store, tmp_path, purpose, actie, words):
    from desktop.rapporten import catalogue

    with enc_store.session() as s:
        mid = register(s, "Eva Evers").id
        plan_id = _plan(s, mid, TODAY + timedelta(days=30))
    out = catalogue.get("ondersteuningsplan").run(
        enc_store, {"mantelzorger": mid}, tmp_path / "plan.pdf", purpose=purpose
    )
    assert out.stat().st_size > 1000
    with enc_store.session() as s:
        [entry] = [
            e
            for e in audit.entries(s, onderwerp_id=mid)
            if "ondersteuningsplan" in e.omschrijving and e.actie not in ("nieuw",)
        ]
        assert (entry.actie, entry.omschrijving) == (actie, f"ondersteuningsplan {plan_id} {words}")
        assert "Eva" not in entry.omschrijving


def test_a_failed_plan_report_is_not_logged(enc_store, tmp_path):
    from desktop.errors import UserError
    from desktop.rapporten import catalogue

    with enc_store.session() as s:
        mid = register(s, "Fien Fokkema").id
        before = len(audit.entries(s))
    with pytest.raises(UserError, match="nog geen ondersteuningsplan"):
        catalogue.get("ondersteuningsplan").run(
            enc_store, {"mantelzorger": mid}, tmp_path / "plan.pdf", purpose="afdrukken"
        )
    with enc_store.session() as s:
        assert len(audit.entries(s)) == before


def test_enter_on_records_past_the_term_opens_the_bewaartermijn_list(qtbot, window):
    import time

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QListWidget

    store = window.ctx.store
    with store.session() as s:
        register(s, "Oud Dossier", toestemming_datum=TODAY - timedelta(days=800))
    window.show()
    window.current_section().refresh()
    seen: dict = {}
    start = time.monotonic()

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if time.monotonic() - start < 20:
                QTimer.singleShot(30, look)
            return
        seen["title"] = dialog.windowTitle()
        seen["rows"] = [
            lst.item(i).text()
            for lst in dialog.findChildren(QListWidget)
            for i in range(lst.count())
        ]
        dialog.done(0)

    QTimer.singleShot(0, look)
    section = _enter_on(qtbot, window, "bewaartermijn")
    qtbot.waitUntil(lambda: "title" in seen, timeout=20_000)
    assert section.key == "mantelzorg"
    assert seen["title"] == "Bewaartermijn"
    assert any(r.startswith("Oud Dossier") for r in seen["rows"])
