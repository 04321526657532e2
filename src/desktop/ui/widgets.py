"""Small shared Qt widgets: optional Dutch dates, ja/nee/onbekend, Dutch-aware sorting."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QTableWidgetItem, QWidget

_EMPTY = QDate(1900, 1, 1)


class DateField(QDateEdit):
    """dd-mm-jjjj with a calendar popup; ``optional`` allows an empty value (None)."""

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setCalendarPopup(True)
        self.optional = optional
        if optional:
            self.setMinimumDate(_EMPTY)
            self.setSpecialValueText("leeg (dd-mm-jjjj)")
            self.setDate(_EMPTY)
        else:
            self.setDate(QDate.currentDate())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        # QDateTimeEdit swallows Tab while it shows the special (empty) text, which would
        # trap keyboard users in an empty optional date: move focus on instead.
        if (
            self.optional
            and self.date() == _EMPTY
            and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
        ):
            forward = event.key() == Qt.Key.Key_Tab and not (
                event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            )
            QWidget.focusNextPrevChild(self, forward)
            event.accept()
            return
        super().keyPressEvent(event)

    def value(self) -> date | None:
        d = self.date()
        if self.optional and d == _EMPTY:
            return None
        return date(d.year(), d.month(), d.day())

    def set_value(self, value: date | None) -> None:
        if value is None:
            self.setDate(_EMPTY if self.optional else QDate.currentDate())
        else:
            self.setDate(QDate(value.year, value.month, value.day))


class TriState(QComboBox):
    """onbekend / ja / nee -> None / True / False."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("onbekend", None)
        self.addItem("ja", True)
        self.addItem("nee", False)

    def value(self) -> bool | None:
        return self.currentData()

    def set_value(self, value: bool | None) -> None:
        self.setCurrentIndex({None: 0, True: 1, False: 2}[value])


class SortItem(QTableWidgetItem):
    """A table cell that sorts by ``key`` (Dutch-aware text, or a date/number)."""

    def __init__(self, text: str, key: object = None) -> None:
        super().__init__(text)
        self.key = key if key is not None else _collator_key(text)
        self.setFlags(self.flags() & ~Qt.ItemFlag.ItemIsEditable)

    def __lt__(self, other: QTableWidgetItem) -> bool:  # type: ignore[override]
        if isinstance(other, SortItem):
            try:
                return self.key < other.key  # type: ignore[operator]
            except TypeError:
                return str(self.key) < str(other.key)
        return super().__lt__(other)


_collator = None


def _collator_key(text: str):
    global _collator
    if _collator is None:
        from PySide6.QtCore import QCollator, QLocale

        _collator = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
        _collator.setNumericMode(True)
        _collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return _collator.sortKey(text)


def required(label: str) -> str:
    return f"{label} *"


def big(widget: QWidget, points: int = 14) -> QWidget:
    f = QFont(widget.font())
    f.setPointSize(points)
    widget.setFont(f)
    return widget


def error_label() -> QLabel:
    label = QLabel("")
    label.setObjectName("validatie")
    label.setStyleSheet("color: #a4262c;")
    label.setWordWrap(True)
    label.setAccessibleName("Melding")
    return label
