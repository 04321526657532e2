"""What a new user meets at 1366x768 with the keyboard: one follow-up date per person
everywhere, Enter opens the form, every Alt-key is unique in its window and does what it
says, no literal '&' and no text cut off in the section, the forms and the gesprek."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: F401
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QGroupBox,
    QLabel,
    QTabBar,
    QWidget,
)

from desktop.mantelzorg import gesprekken, plannen, service
from desktop.mantelzorg.detail import dossier_html, plan_tab_html
from desktop.mantelzorg.instrument import load_mantelzorg
from desktop.ui.section import AppContext

SIZE = (1366, 768)


@pytest.fixture
def section(qtbot, enc_store):
    from desktop.mantelzorg.views import MantelzorgSection

    sec = MantelzorgSection(AppContext(store=enc_store))
    sec._drafts_offered = True  # no question about drafts during these tests
    qtbot.addWidget(sec)
    sec.resize(*SIZE)
    sec.show()
    return sec


def _two_plans(store, *, same_day: bool = False) -> tuple[int, date, date]:
    """A mantelzorger with an older plan whose follow-up was never marked done (overdue)
    and a newer plan with its own follow-up."""
    today = date.today()
    with store.session() as s:
        m = register(s, "Piet Prins")
        old_day = today - timedelta(days=2 if same_day else 40)
        old_followup = today - timedelta(days=1 if same_day else 8)
        plannen.save_plan(
            s,
            m.id,
            plannen.PlanData(
                datum=old_day,
                vervolgdatum=old_followup,
                afspraken=[plannen.AfspraakData("Oud plan")],
            ),
        )
        plannen.save_plan(
            s,
            m.id,
            plannen.PlanData(
                datum=today - timedelta(days=2),
                vervolgdatum=today + timedelta(days=3),
                afspraken=[plannen.AfspraakData("Nieuw plan")],
            ),
        )
        return m.id, old_followup, today + timedelta(days=3)


# --------------------------------------------------------------------------- follow-up


@pytest.mark.parametrize("same_day", [False, True])
def test_one_follow_up_date_in_the_list_dossier_plan_tab_and_start_page(
    section, enc_store, same_day
):
    mid, old, new = _two_plans(enc_store, same_day=same_day)
    with enc_store.session() as s:
        [row] = service.find(s, "Piet")
        m = service.get(s, mid, log_view=False)
        dossier = dossier_html(m, load_mantelzorg())
        tab = plan_tab_html(plannen.latest_plan(s, mid))
        due = plannen.followups_due(s, within_days=7)
        newest_id = plannen.latest_plan(s, mid).id
    assert row.vervolgdatum == new  # the list used the oldest open follow-up
    shown = service.format_day(new)
    assert f"Vervolg: {shown}" in dossier and service.format_day(old) not in dossier
    assert f"Vervolgcontact: {shown}" in tab and "Nieuw plan" in tab
    # the Start page: one follow-up this week, none overdue from the replaced plan
    assert [(f.mantelzorger_id, f.vervolgdatum, f.overdue) for f in due] == [(mid, new, False)]
    # the section shows the same date in the list, the dossier and the Plan tab
    section.reload()
    section.select(mid)
    assert section.table.item(0, 4).text() == shown
    assert f"Vervolg: {shown}" in section.detail.toPlainText()
    assert f"Vervolgcontact: {shown}" in section.plan_view.toPlainText()
    # and "Vervolgcontact is gedaan" ends exactly that follow-up, everywhere
    assert section.followup_plan_id == newest_id
    section.followup_done()
    assert section.table.item(0, 4).text() == ""
    assert not section.followup_button.isEnabled()
    with enc_store.session() as s:
        assert plannen.followups_due(s, within_days=7) == []


def test_a_newer_plan_without_follow_up_replaces_the_older_follow_up(enc_store):
    today = date.today()
    with enc_store.session() as s:
        m = register(s, "Karin Kok")
        plannen.save_plan(
            s, m.id, plannen.PlanData(datum=today - timedelta(days=60), vervolgdatum=today)
        )
        assert [f.vervolgdatum for f in plannen.followups_due(s)] == [today]
        plannen.save_plan(
            s,
            m.id,
            plannen.PlanData(
                datum=today - timedelta(days=1), afspraken=[plannen.AfspraakData("Bellen")]
            ),
        )
        assert plannen.followups_due(s) == []
        [row] = service.find(s, "Karin")
        assert row.vervolgdatum is None
        assert plannen.open_followup([]) is None


# --------------------------------------------------------------------------- Enter


def test_enter_in_the_list_opens_the_form(section, enc_store, monkeypatch, qtbot):
    from desktop.mantelzorg import forms

    opened: list[int | None] = []

    def fake_exec(dialog) -> int:
        opened.append(dialog.mantelzorger_id)
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(forms.MantelzorgerDialog, "exec", fake_exec)
    with enc_store.session() as s:
        mid = register(s, "Els Enter").id
    section.reload()
    section.select(mid)
    section.table.setFocus()
    section.table.setCurrentCell(0, 0)
    qtbot.keyClick(section.table, Qt.Key.Key_Return)
    assert opened == [mid]
    qtbot.keyClick(section.table, Qt.Key.Key_Enter)  # the key on the number pad
    assert opened == [mid, mid]
    cell = section.table.visualItemRect(section.table.item(0, 0)).center()
    qtbot.mouseClick(section.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(section.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert opened == [mid, mid, mid]  # double-click still opens it, once


# --------------------------------------------------------------------------- Alt-keys


_MNEMONIC = re.compile(r"&(.)")


def _mnemonic(text: str) -> str | None:
    found = _MNEMONIC.findall(text.replace("&&", ""))
    return found[0].lower() if found else None


def _visible(window: QWidget, kind):
    return [w for w in window.findChildren(kind) if w.isVisible() and w.window() is window]


def _mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Mnemonic -> the texts that use it, among what the window shows now."""
    found: dict[str, list[str]] = {}

    def add(text: str) -> None:
        key = _mnemonic(text)
        if key is not None:
            found.setdefault(key, []).append(text)

    for b in _visible(window, QAbstractButton):
        if not isinstance(b.parent(), QTabBar):
            add(b.text())
    for label in _visible(window, QLabel):
        if label.buddy() is not None:
            add(label.text())
    for box in _visible(window, QGroupBox):
        add(box.title())
    for bar in _visible(window, QTabBar):
        for i in range(bar.count()):
            add(bar.tabText(i))
    return found


def _problems(window: QWidget, where: str) -> list[str]:
    """Clashing Alt-keys, labels showing a literal '&', and labels cut off."""
    QApplication.processEvents()
    out = [
        f"{where}: Alt+{key.upper()} used by {texts}"
        for key, texts in _mnemonics(window).items()
        if len(texts) > 1
    ]
    for label in _visible(window, QLabel):
        text = label.text()
        rich = label.textFormat() == Qt.TextFormat.RichText or (
            label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
        )
        if rich or not text:
            continue
        if label.buddy() is None and _mnemonic(text) is not None:
            out.append(f"{where}: '{text}' shows a literal & (no buddy)")
        if label.wordWrap():
            if label.height() < label.heightForWidth(label.width()) - 2:
                out.append(f"{where}: '{text}' cut off ({label.height()} px high)")
        elif label.width() < label.sizeHint().width() - 2:
            out.append(f"{where}: '{text}' cut off ({label.width()} px wide)")
    for b in _visible(window, QAbstractButton):
        tab = isinstance(b.parent(), QTabBar)
        if b.text() and not tab and b.width() < b.sizeHint().width() - 2:
            out.append(f"{where}: button '{b.text()}' cut off")
    return out


def test_section_alt_keys_are_unique_and_nothing_is_cut_off(section, enc_store):
    with enc_store.session() as s:
        mid = register(s, "Ada Alt").id
    section.reload()
    section.select(mid)
    problems = []
    for i in range(section.tabs.count()):
        section.tabs.setCurrentIndex(i)
        problems += _problems(section, f"tab {section.tabs.tabText(i)}")
    assert problems == []


def test_alt_keys_in_the_section_click_their_buttons(section, enc_store, monkeypatch, qtbot):
    from desktop.mantelzorg import privacy_actions

    with enc_store.session() as s:
        mid = register(s, "Ada Alt").id
    section.reload()
    section.select(mid)
    done: list[str] = []
    monkeypatch.setattr(privacy_actions, "bewaartermijn", lambda _sec: done.append("bewaar"))
    monkeypatch.setattr(privacy_actions, "inzage", lambda _sec: done.append("inzage"))
    section.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is section.window(), timeout=2000)
    section.table.setFocus()
    # a unique Alt-key clicks its button (released 100 ms later, Qt's animateClick);
    # a clashing one only moved the focus between the two buttons
    qtbot.keyClick(section.table, Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: done == ["bewaar"], timeout=2000)
    qtbot.keyClick(section.table, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: done == ["bewaar", "inzage"], timeout=2000)
    flags = []
    monkeypatch.setattr(type(section), "decide_flag", lambda _sec, v: flags.append(v))
    section.flags.setFocus()
    for key in (Qt.Key.Key_V, Qt.Key.Key_U):
        qtbot.keyClick(section.flags, key, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: flags == [True, None], timeout=2000)


def _forms(ctx, mid: int, relatie_id: int):
    from desktop.mantelzorg.forms import MantelzorgerDialog, RelatieDialog

    return [
        ("nieuwe mantelzorger", MantelzorgerDialog(ctx)),
        ("mantelzorger wijzigen", MantelzorgerDialog(ctx, None, mid)),
        ("zorgvrager toevoegen", RelatieDialog(ctx, mid)),
        ("zorgrelatie wijzigen", RelatieDialog(ctx, mid, None, relatie_id)),
    ]


def test_forms_alt_keys_are_unique_and_nothing_is_cut_off(qtbot, enc_store):
    ctx = AppContext(store=enc_store)
    with enc_store.session() as s:
        m = register(s, "Fleur Form")
        mid, relatie_id = m.id, m.relaties[0].id
    problems = []
    for where, dialog in _forms(ctx, mid, relatie_id):
        qtbot.addWidget(dialog)
        dialog.show()
        problems += _problems(dialog, where)
        for b in _visible(dialog, QAbstractButton):
            assert b.text() not in ("Save", "Cancel", "&Save", "&Cancel"), where
        dialog.hide()
    assert problems == []


def test_alt_w_and_alt_u_in_the_form_reach_their_fields(qtbot, enc_store):
    from desktop.mantelzorg.forms import MantelzorgerDialog

    dialog = MantelzorgerDialog(AppContext(store=enc_store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=2000)
    for key, field in (
        (Qt.Key.Key_W, dialog.wijk),
        (Qt.Key.Key_U, dialog.uren),
        (Qt.Key.Key_K, dialog.werkt),
        (Qt.Key.Key_S, dialog.studeert),
    ):
        qtbot.keyClick(dialog.focusWidget(), key, Qt.KeyboardModifier.AltModifier)
        focus = dialog.focusWidget()
        assert focus is field or field.isAncestorOf(focus), key
    dialog._dirty = False
    dialog.reject()


# --------------------------------------------------------------------------- gesprek


def _gesprek_dialogs(qtbot, enc_store):
    from desktop.mantelzorg.gesprek_view import GesprekDialog

    ctx = AppContext(store=enc_store)
    with enc_store.session() as s:
        m = register(s, "Gijs Gesprek")
        g = gesprekken.save_gesprek(s, m.id, gesprekken.GesprekData(datum=date.today()))
        mid, gid = m.id, g.id
    for where, kw in (("gesprek", {}), ("correctie", {"gesprek_id": gid})):
        dialog = GesprekDialog(ctx, mid, autosave_ms=10**8, **kw)
        # never the "close the gesprek?" question at teardown, also when a test fails
        qtbot.addWidget(dialog, before_close_func=lambda d: (d.timer.stop(), d.hide()))
        dialog.resize(*SIZE)
        dialog.show()
        yield where, dialog
        dialog.timer.stop()
        dialog.hide()


def test_gesprek_alt_keys_are_unique_and_nothing_is_cut_off(qtbot, enc_store):
    problems = []
    for where, dialog in _gesprek_dialogs(qtbot, enc_store):
        for row in range(dialog.stack.count()):
            dialog.nav.setCurrentRow(row)
            problems += _problems(dialog, f"{where}, {dialog.titles[row]}")
    assert problems == []


def test_gesprek_first_page_labels_move_focus_without_showing_ampersands(qtbot, enc_store):
    for _where, dialog in _gesprek_dialogs(qtbot, enc_store):
        dialog.nav.setCurrentRow(0)
        labels = {lab.text(): lab for lab in _visible(dialog, QLabel) if lab.buddy() is not None}
        for widget in (
            dialog.datum,
            dialog.soort,
            dialog.waar,
            dialog.aanwezigen,
            dialog.zorgvrager,
        ):
            assert any(lab.buddy() is widget for lab in labels.values())
        dialog.activateWindow()
        qtbot.waitUntil(lambda d=dialog: QApplication.activeWindow() is d, timeout=2000)
        qtbot.keyClick(
            dialog.focusWidget() or dialog, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier
        )
        assert dialog.focusWidget() is dialog.aanwezigen
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.AltModifier)
        assert dialog.focusWidget() is dialog.zorgvrager


def test_gesprek_navigation_shows_every_name_whole(qtbot, enc_store):
    for _where, dialog in _gesprek_dialogs(qtbot, enc_store):
        metrics = QFontMetrics(dialog.nav.font())
        for row, title in enumerate(dialog.titles):
            item = dialog.nav.item(row)
            dialog.nav.setCurrentRow(row)  # the selected item is where it was cut short
            rect = dialog.nav.visualItemRect(item)
            lines = item.text().split("\n")
            assert " ".join(lines) == title  # all words, none elided
            assert all(metrics.horizontalAdvance(line) <= rect.width() - 8 for line in lines)
            assert rect.height() >= len(lines) * metrics.lineSpacing()
            assert rect.height() <= (len(lines) + 1) * metrics.lineSpacing()  # no empty line
