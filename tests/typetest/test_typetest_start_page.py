"""Start page items of the Typetest and Basisfuncties open the right place, through the
real main window (desktop.app.create_main_window) and the Start page list."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop import app as app_module
from desktop.basisfuncties import service as bf_service
from desktop.store import settings
from desktop.typetest import plan as plan_service
from desktop.typetest import service as tt_service


@pytest.fixture
def window(qtbot, store):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def start_rows(window) -> dict[str, object]:
    window.open_section("start")
    start = window.current_section()
    start.refresh()
    rows = {}
    for i in range(start.items.count()):
        row = start.items.item(i)
        rows[row.data(Qt.ItemDataRole.UserRole).titel] = row
    return rows


def activate(window, title_start: str) -> None:
    rows = start_rows(window)
    title = next(t for t in rows if t.startswith(title_start))
    start = window.current_section()
    start.items.setCurrentItem(rows[title])
    start.items.setFocus()
    from PySide6.QtTest import QTest

    QTest.keyClick(start.items, Qt.Key.Key_Return)


def test_overdue_stappenplan_step_opens_the_stappenplan_at_that_step(window, store):
    today = date.today()
    with store.session() as s:
        plan = plan_service.current_plan(s)
        plan_service.update_stap(s, plan.id, 6, status="bezig", datum=today - timedelta(days=2))
        ronde = tt_service.create_ronde(s, "Najaar", today - timedelta(days=5), "")
        tt_service.add_respondent(s, ronde.id)
        ronde_id = ronde.id
    activate(window, "Stappenplan: stap 6")
    section = window.current_section()
    assert section.key == "typetest"
    assert section.page.tabs.currentWidget() is section.page.werkplaats
    assert section.page.werkplaats.steps.currentRow() == 5
    # the ronde item goes back to the Rondes tab with that ronde selected
    activate(window, "Typetest 'Najaar'")
    section = window.current_section()
    assert section.page.tabs.currentIndex() == 0
    assert section.page.current_ronde() == ronde_id


def test_overdue_action_opens_the_actieplan_with_the_action_selected(window, store):
    today = date.today()
    with store.session() as s:
        bf_service.create_actie(s, functie_key="vw2", omschrijving="Eerst", datum=today)
        late = bf_service.create_actie(
            s, functie_key="vw1", omschrijving="Visie schrijven", datum=today - timedelta(days=9)
        )
        late_id = late.id
    activate(window, "Actieplan basisfuncties: 1 actie")
    section = window.current_section()
    assert section.key == "basisfuncties"
    assert section.tabs.currentWidget() is section.actieplan
    selected = section.actieplan.table.selectedItems()
    assert selected and selected[0].data(Qt.ItemDataRole.UserRole) == late_id


def test_old_meting_opens_the_meting(window, store):
    old = date.today().replace(year=date.today().year - 3)
    with store.session() as s:
        meting = bf_service.create_meting(s, soort="nulmeting", domeinen="beide", datum=old)
        meting_id = meting.id
    activate(window, "De laatste meting van de basisfuncties")
    section = window.current_section()
    assert section.tabs.currentWidget() is section.metingen
    assert section.metingen.current_id() == meting_id


def test_unknown_doel_just_shows_the_section(window):
    window.open_section("basisfuncties", None, "bestaat_niet")
    assert window.current_section().key == "basisfuncties"
    window.open_section("typetest", None, "bestaat_niet")
    assert window.current_section().key == "typetest"


def focused():
    from PySide6.QtWidgets import QApplication

    return QApplication.focusWidget()


def test_start_items_put_the_keyboard_on_the_thing_they_are_about(window, store, qtbot):
    today = date.today()
    with store.session() as s:
        plan = plan_service.current_plan(s)
        plan_service.update_stap(s, plan.id, 3, status="bezig", datum=today - timedelta(days=2))
        ronde = tt_service.create_ronde(s, "Najaar", today - timedelta(days=5), "")
        done = tt_service.add_respondent(s, ronde.id, "Klaar")
        tt_service.set_answers(s, done.id, {n: "a" for n in range(1, 15)})
        open_one = tt_service.add_respondent(s, ronde.id, "Half")
        tt_service.set_answers(s, open_one.id, {n: "b" for n in range(1, 6)})
    window.activateWindow()
    activate(window, "Stappenplan: stap 3")
    section = window.current_section()
    werkplaats = section.page.werkplaats
    assert werkplaats.steps.currentRow() == 2
    qtbot.waitUntil(lambda: focused() is werkplaats.status)
    # the typetest item: the cursor on question 6 of the respondent who stopped there
    activate(window, "Typetest 'Najaar': 1 respondent heeft")
    grid = window.current_section().page.detail.grid
    qtbot.waitUntil(lambda: focused() is grid)
    index = grid.currentIndex()
    assert (index.row(), index.column()) == (1, 3 + 5)


def test_old_typetest_item_puts_the_cursor_on_new_ronde(window, store, qtbot):
    with store.session() as s:
        tt_service.create_ronde(s, "Lang geleden", date.today() - timedelta(days=400), "")
    window.activateWindow()
    activate(window, "De laatste typetest is meer dan een jaar geleden")
    page = window.current_section().page
    qtbot.waitUntil(lambda: focused() is page.new_button)


def test_old_meting_item_puts_the_cursor_on_new_meting(window, store, qtbot):
    old = date.today().replace(year=date.today().year - 3)
    with store.session() as s:
        bf_service.create_meting(s, soort="nulmeting", domeinen="beide", datum=old)
    window.activateWindow()
    activate(window, "De laatste meting van de basisfuncties")
    section = window.current_section()
    qtbot.waitUntil(lambda: focused() is section.metingen.new_button)


def test_start_page_titles_name_the_step_in_plain_dutch(store):
    from desktop.typetest.attention import attention_items

    today = date.today()
    with store.session() as s:
        plan = plan_service.current_plan(s)
        plan_service.update_stap(s, plan.id, 6, datum=today - timedelta(days=1))
        (item,) = attention_items(s, today)
        assert (
            item.titel == "Stappenplan: stap 6 ‘Maken integraal plan van aanpak’ is over de datum"
        )
        plan_service.update_stap(s, plan.id, 2, datum=today - timedelta(days=1))
        plan_service.update_stap(s, plan.id, 9, datum=today - timedelta(days=3))
        (item,) = attention_items(s, today)
    assert item.titel.startswith("Stappenplan: stappen 2, 6 en 9 zijn over de datum")
    assert "(" not in item.titel.split("(eerst")[0]
    for text in (item.titel, item.toelichting):
        assert "(en)" not in text and "(s)" not in text
    assert "nog geen eigenaar" in item.toelichting
