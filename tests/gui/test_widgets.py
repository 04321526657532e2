from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from desktop.ui.widgets import DateField


def test_tab_leaves_an_empty_optional_date(qtbot):
    host = QWidget()
    layout = QVBoxLayout(host)
    before, field, after = QLineEdit(), DateField(optional=True), QLineEdit()
    for w in (before, field, after):
        layout.addWidget(w)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    field.setFocus()
    assert field.value() is None
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert after.hasFocus()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert before.hasFocus()
