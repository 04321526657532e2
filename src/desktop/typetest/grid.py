"""The paper-entry grid: one row per respondent, 14 a/b cells, keyboard only.

Typing a or b in a question cell saves the answer and moves to the next cell (after
question 14 to question 1 of the next respondent); Backspace clears the cell and moves
back, Delete clears it. The counts and the type update as soon as a cell changes.
Every change is saved at once through :mod:`desktop.typetest.service`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QTableView,
    QWidget,
)

from desktop.errors import UserError
from desktop.typetest import service
from desktop.typetest.instrument import QUESTION_COUNT, load_typetest
from desktop.typetest.models import ROLLEN, rol_label
from desktop.typetest.service import RespondentUitslag

COL_NR, COL_NAAM, COL_ROL = 0, 1, 2
FIRST_Q = 3
LAST_Q = FIRST_Q + QUESTION_COUNT - 1
COL_EVEN, COL_ODD, COL_TYPE = LAST_Q + 1, LAST_Q + 2, LAST_Q + 3
COLUMN_COUNT = COL_TYPE + 1

A_BRUSH = QColor("#DCEAF7")
B_BRUSH = QColor("#FBE9D0")

AnyIndex = QModelIndex | QPersistentModelIndex


def question_of(column: int) -> int | None:
    """Question number (1-14) of a grid column, None for other columns."""
    return column - FIRST_Q + 1 if FIRST_Q <= column <= LAST_Q else None


class AnswersGridModel(QAbstractTableModel):
    """Respondents of one ronde as rows; writes go straight to the database."""

    failed = Signal(object)  # UserError
    changed = Signal()

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.ronde_id: int | None = None
        self.rows: list[RespondentUitslag] = []
        self.test = load_typetest()

    # ------------------------------------------------------------------ loading
    def set_ronde(self, ronde_id: int | None) -> None:
        self.ronde_id = ronde_id
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self.ronde_id is None:
            self.rows = []
        else:
            with self.store.session() as session:
                self.rows = service.respondent_results(session, self.ronde_id)
        self.endResetModel()

    def row_of(self, respondent_id: int) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r.id == respondent_id), None)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        nummer = question_of(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if nummer is not None:
                return str(nummer)
            return {
                COL_NR: "Nr",
                COL_NAAM: "Naam",
                COL_ROL: "Rol",
                COL_EVEN: "Even",
                COL_ODD: "Oneven",
                COL_TYPE: "Uitslag",
            }.get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == COL_ROL:
                return "Rol (F2 of dubbelklik om te wijzigen)"
            if nummer is not None:
                vraag = self.test.vraag(nummer)
                return f"Vraag {nummer}: {vraag.tekst}\na. {vraag.a}\nb. {vraag.b}"
            return {
                COL_EVEN: "Aantal keer a bij de even vragen (4-7 = smal, 0-3 = breed beleid)",
                COL_ODD: "Aantal keer a bij de oneven vragen (4-7 = dirigent, 0-3 = op afstand)",
                COL_TYPE: "Type, zodra alle 14 vragen zijn beantwoord",
            }.get(section)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (COL_NAAM, COL_ROL):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        nummer = question_of(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if nummer is not None:
                return r.answers.get(nummer, "")
            if col == COL_NR:
                return r.volgnummer
            if col == COL_NAAM:
                return r.naam
            if col == COL_ROL:
                return r.rol if role == Qt.ItemDataRole.EditRole else r.rol_label_kort
            if col == COL_EVEN:
                return r.result.even_a if r.result else r.a_even_tot_nu
            if col == COL_ODD:
                return r.result.odd_a if r.result else r.a_oneven_tot_nu
            if col == COL_TYPE:
                if r.result:
                    return f"{r.result.type} {r.result.naam}"
                return f"{r.beantwoord} van {QUESTION_COUNT}"
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_ROL:
            return r.rol_label
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_NAAM and r.naam:
            return r.naam
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TYPE:
            if r.result:
                return f"Type {r.result.type} {r.result.naam} ({r.result.beleid}, {r.result.regie})"
            return f"Onvolledig: {r.beantwoord} van {QUESTION_COUNT} vragen beantwoord"
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            nummer is not None or col in (COL_NR, COL_EVEN, COL_ODD)
        ):
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole and nummer is not None:
            letter = r.answers.get(nummer)
            if letter == "a":
                return QBrush(A_BRUSH)
            if letter == "b":
                return QBrush(B_BRUSH)
        incomplete_result = col in (COL_EVEN, COL_ODD, COL_TYPE) and not r.result
        if role == Qt.ItemDataRole.ForegroundRole and incomplete_result:
            return QBrush(QColor("#5A5A5A"))
        if role == Qt.ItemDataRole.AccessibleTextRole and nummer is not None:
            letter = r.answers.get(nummer)
            return f"Respondent {r.volgnummer}, vraag {nummer}: " + (
                f"antwoord {letter}" if letter else "niet beantwoord"
            )
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        r = self.rows[index.row()]
        try:
            with self.store.session() as session:
                if index.column() == COL_NAAM:
                    service.update_respondent(session, r.id, naam=str(value or ""))
                elif index.column() == COL_ROL:
                    service.update_respondent(session, r.id, rol=str(value))
                else:
                    return False
                updated = service.respondent_result(service.get_respondent(session, r.id))
        except UserError as exc:
            self.failed.emit(exc)
            return False
        self._replace(index.row(), updated)
        return True

    # ------------------------------------------------------------------ answers
    def set_answer(self, row: int, nummer: int, letter: str | None) -> bool:
        r = self.rows[row]
        if r.answers.get(nummer) == letter:
            return True
        try:
            with self.store.session() as session:
                updated = service.set_answer(session, r.id, nummer, letter)
        except UserError as exc:
            self.failed.emit(exc)
            return False
        self._replace(row, updated)
        return True

    def _replace(self, row: int, updated: RespondentUitslag) -> None:
        self.rows[row] = updated
        self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))
        self.changed.emit()


class RolDelegate(QStyledItemDelegate):
    """A combo box with the roles for the Rol column."""

    def createEditor(self, parent: QWidget, option, index) -> QWidget:  # type: ignore[override]
        combo = QComboBox(parent)
        combo.setAccessibleName("Rol")
        for key, label in ROLLEN:
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index) -> None:  # type: ignore[override]
        assert isinstance(editor, QComboBox)
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor: QWidget, model, index) -> None:  # type: ignore[override]
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def column_widths(fm: QFontMetrics, test: Any) -> dict[int, int]:
    """Widths of every column but Naam, measured in the font the grid is drawn with, so
    the longest result and rol fit whatever font size the user has."""
    pad = 12
    results = [f"{t.code} {t.naam}" for t in test.typen] + [
        f"{QUESTION_COUNT} van {QUESTION_COUNT}"
    ]
    widths = {
        COL_NR: fm.horizontalAdvance("Nr") + pad,
        COL_ROL: max(fm.horizontalAdvance(rol_label(k, kort=True)) for k, _ in ROLLEN) + pad + 4,
        COL_EVEN: fm.horizontalAdvance("Even") + pad,
        COL_ODD: fm.horizontalAdvance("Oneven") + pad,
        COL_TYPE: max(fm.horizontalAdvance(r) for r in results) + pad + 4,
    }
    question = max(fm.horizontalAdvance(str(QUESTION_COUNT)), fm.horizontalAdvance("b")) + 8
    for col in range(FIRST_Q, LAST_Q + 1):
        widths[col] = question
    return widths


class PaperGrid(QTableView):
    """Keyboard-first entry of answers collected on paper."""

    def __init__(self, model: AnswersGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("paperGrid")
        self.setAccessibleName("Antwoorden invoeren: één rij per respondent")
        self.setModel(model)
        self.setItemDelegateForColumn(COL_ROL, RolDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(False)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setMinimumSectionSize(10)
        for col, width in column_widths(self.fontMetrics(), model.test).items():
            self.setColumnWidth(col, width)
        # The result is never cut off ("II Een behouden koers"); the name takes the rest
        # (elided, full name in the tooltip) and a narrow window scrolls sideways.
        header.setSectionResizeMode(COL_NAAM, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)

    def minimum_width_for_results(self) -> int:
        """The width the fixed columns need: below it the grid scrolls sideways."""
        return sum(self.columnWidth(c) for c in range(COLUMN_COUNT) if c != COL_NAAM)

    def grid_model(self) -> AnswersGridModel:
        model = self.model()
        assert isinstance(model, AnswersGridModel)
        return model

    def go_to(self, row: int, column: int) -> None:
        index = self.model().index(row, column)
        if index.isValid():
            self.setCurrentIndex(index)
            self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        nummer = question_of(index.column()) if index.isValid() else None
        if nummer is None or event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            super().keyPressEvent(event)
            return
        key = event.key()
        letter = {Qt.Key.Key_A: "a", Qt.Key.Key_B: "b", Qt.Key.Key_1: "a", Qt.Key.Key_2: "b"}
        row, col = index.row(), index.column()
        if key in letter:
            if self.grid_model().set_answer(row, nummer, letter[key]):
                if col < LAST_Q:
                    self.go_to(row, col + 1)
                elif row + 1 < self.model().rowCount():
                    self.go_to(row + 1, FIRST_Q)
                else:
                    self.go_to(row, COL_TYPE)
            event.accept()
            return
        if key == Qt.Key.Key_Backspace:
            self.grid_model().set_answer(row, nummer, None)
            if col > FIRST_Q:
                self.go_to(row, col - 1)
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Space):
            self.grid_model().set_answer(row, nummer, None)
            event.accept()
            return
        if event.text() and event.text().isprintable() and not event.text().isspace():
            # Any other letter: no editor opens on answer cells; say what works.
            window = self.window()
            bar = getattr(window, "statusBar", None)
            if callable(bar):
                bar().showMessage("Typ a of b (of 1 of 2); Backspace wist het antwoord.", 4000)
            event.accept()
            return
        super().keyPressEvent(event)
