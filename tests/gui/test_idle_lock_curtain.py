"""While Elkaar is locked, no window shows its content (an open gesprek included)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout

from desktop.app import create_main_window
from desktop.privacy import accounts
from desktop.store import settings
from desktop.ui.login import Curtain

PW = "paarse olifant 7"


@pytest.fixture(autouse=True)
def signed_out():
    accounts._set_current(None)
    yield
    accounts._set_current(None)


def test_lock_covers_every_window_and_uncovers_after_unlock(qtbot, store):
    with store.session() as s:
        settings.put(s, settings.WELKOM_GEDAAN, "1")
        accounts.create_user(s, "anna", PW, "beheerder")
    accounts._set_current(None)
    accounts.sign_in(store, "anna", PW)
    window = create_main_window(store)
    qtbot.addWidget(window)
    window.show()
    gesprek = QDialog(window)  # stands in for an open keukentafelgesprek
    QVBoxLayout(gesprek).addWidget(QLabel("Geheime notitie over de zorgvrager"))
    gesprek.resize(500, 300)
    gesprek.show()
    qtbot.waitExposed(gesprek)

    window.idle_lock.lock()
    lock_dialog = window.idle_lock.dialog
    assert lock_dialog.isVisible()
    for host in (window, gesprek):
        curtains = host.findChildren(Curtain, options=Qt.FindChildOption.FindDirectChildrenOnly)
        assert len(curtains) == 1 and curtains[0].isVisible()
        assert curtains[0].geometry() == host.rect()
        center = host.rect().center()
        hit = host.childAt(center)
        assert hit is curtains[0] or curtains[0].isAncestorOf(hit)
    assert gesprek.isVisible()  # covered, not closed: its work is kept
    assert not lock_dialog.findChildren(Curtain)

    qtbot.keyClicks(lock_dialog.wachtwoord, PW)
    lock_dialog.try_unlock()
    qtbot.waitUntil(
        lambda: (
            not window.findChildren(Curtain)
            or not any(c.isVisible() for c in window.findChildren(Curtain))
        )
    )
    assert not any(c.isVisible() for c in gesprek.findChildren(Curtain))
    gesprek.close()
    window.close()
