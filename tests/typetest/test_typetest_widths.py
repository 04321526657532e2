"""At 1366x768 the Typetest window shows every result and ronde name in full: the
Uitslag column fits the longest type, long ronde names wrap, tooltips carry the rest."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop import app as app_module
from desktop.store import settings
from desktop.typetest import service
from desktop.typetest.grid import COL_NAAM, COL_TYPE
from desktop.typetest.instrument import load_typetest

LONG_NAME = "Herhaling van de visiebijeenkomst met de gemeenteraad (najaar 2026)"


@pytest.fixture
def page(qtbot, store):
    with store.session() as s:
        settings.put(s, settings.WELKOM_GEDAAN, "1")
        ronde = service.create_ronde(s, LONG_NAME, date(2026, 10, 19))
        for i, answers in enumerate(("ab" * 7, "bbaabbaabbaabb", "b" * 14, "a" * 14)):
            r = service.add_respondent(s, ronde.id, f"Respondent met een lange naam {i}")
            service.set_answers(s, r.id, dict(zip(range(1, 15), answers, strict=True)))
        service.create_ronde(s, "Kort", date(2025, 10, 19))
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.open_section("typetest")
    page = window.current_section().page
    qtbot.wait(50)
    yield page
    window.close()


def test_every_result_fits_its_column(page) -> None:
    grid = page.detail.grid
    fm = grid.fontMetrics()
    longest = max(fm.horizontalAdvance(f"{t.code} {t.naam}") for t in load_typetest().typen)
    assert grid.columnWidth(COL_TYPE) >= longest + 8
    model = grid.grid_model()
    for row in range(model.rowCount()):
        text = model.index(row, COL_TYPE).data()
        assert fm.horizontalAdvance(text) + 8 <= grid.columnWidth(COL_TYPE), text
    # at 1366 wide nothing scrolls sideways and the names keep a readable width
    assert not grid.horizontalScrollBar().isVisible()
    assert grid.columnWidth(COL_NAAM) >= fm.horizontalAdvance("Fatima El Idrissi")
    name = model.index(0, COL_NAAM)
    assert name.data(Qt.ItemDataRole.ToolTipRole) == name.data()


def test_long_ronde_names_wrap_and_have_a_tooltip(page) -> None:
    tree = page.list
    long_item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(1) == LONG_NAME
    )
    short_item = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(1) == "Kort"
    )
    fm = tree.fontMetrics()
    needed = fm.boundingRect(
        0, 0, tree.header().sectionSize(1) - 10, 10_000, int(Qt.TextFlag.TextWordWrap), LONG_NAME
    ).height()
    assert tree.visualItemRect(long_item).height() >= needed
    assert tree.visualItemRect(long_item).height() > tree.visualItemRect(short_item).height()
    for col in range(3):
        assert LONG_NAME in long_item.toolTip(col)
    assert "4 van 4 respondenten volledig ingevuld" in long_item.toolTip(0)
    assert "Nog geen respondenten" in short_item.toolTip(2)
