"""Dialogs to pick aanbod or organisations from the sociale kaart, for other features
(a doorverwijzing in a gesprek, the providers of a basisfunctie).

    hits = pick_aanbod(parent, store, basisfunctie="mz6")   # list[SearchHit] or None
    hits = pick_organisaties(parent, store, multi=False)

Keyboard driven: type to search (results while typing), Down moves into the list, Space
ticks an entry (multi), Enter takes the ticked entries (or the current one), Esc cancels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.kaart.search import SearchFilters, SearchHit, search

if TYPE_CHECKING:
    from desktop.store.engine import Store

__all__ = ["HitsModel", "PickerDialog", "pick_aanbod", "pick_organisaties"]

_Index = QModelIndex | QPersistentModelIndex


class HitsModel(QAbstractTableModel):
    """A list of SearchHits, optionally with a check box in the first column."""

    def __init__(self, level: str, checkable: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.level = level
        self.checkable = checkable
        self.hits: list[SearchHit] = []
        self.checked: dict[tuple[int, int | None], SearchHit] = {}
        if level == "aanbod":
            self.headers = ["Aanbod", "Organisatie", "Soort", "Plaats"]
        else:
            self.headers = ["Organisatie", "Soort", "Plaats"]

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    @staticmethod
    def key(hit: SearchHit) -> tuple[int, int | None]:
        return (hit.organisatie_id, hit.aanbod_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def _values(self, hit: SearchHit) -> list[str]:
        if self.level == "aanbod":
            return [hit.aanbod_naam or "", hit.organisatie_naam, hit.soort, hit.plaats]
        return [hit.organisatie_naam, hit.soort, hit.plaats]

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._values(hit)[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and self.checkable and index.column() == 0:
            return (
                Qt.CheckState.Checked if self.key(hit) in self.checked else Qt.CheckState.Unchecked
            )
        if role == Qt.ItemDataRole.UserRole:
            return hit
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if self.checkable and index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: _Index, value: Any, role: int = 0) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not self.checkable:
            return False
        self.toggle(index.row(), Qt.CheckState(value) == Qt.CheckState.Checked)
        return True

    def toggle(self, row: int, on: bool | None = None) -> None:
        hit = self.hits[row]
        key = self.key(hit)
        if on is None:
            on = key not in self.checked
        if on:
            self.checked[key] = hit
        else:
            self.checked.pop(key, None)
        idx = self.index(row, 0)
        self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.CheckStateRole])


class _ResultsView(QTableView):
    def __init__(self, dialog: PickerDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if (
            key == Qt.Key.Key_Space
            and self.dialog.model.checkable
            and self.currentIndex().isValid()
        ):
            self.dialog.model.toggle(self.currentIndex().row())
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dialog.accept()
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.dialog.search_edit.setFocus()
            return
        super().keyPressEvent(event)


class _SearchEdit(QLineEdit):
    def __init__(self, dialog: PickerDialog) -> None:
        super().__init__(dialog)
        self.dialog = dialog

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.dialog.model.hits:
            self.dialog.focus_results()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dialog.run_search()
            if self.dialog.model.hits:
                self.dialog.focus_results()
            return
        super().keyPressEvent(event)


class PickerDialog(QDialog):
    """Search box + results; ``selected_hits()`` after ``exec()``."""

    def __init__(
        self,
        parent: QWidget | None,
        store: Store,
        *,
        level: str = "aanbod",
        multi: bool = True,
        basisfunctie: str | None = None,
        title: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.level = level
        self.multi = multi
        self.setWindowTitle(
            title or ("Aanbod kiezen" if level == "aanbod" else "Organisatie kiezen")
        )
        self.resize(760, 520)

        self.search_edit = _SearchEdit(self)
        self.search_edit.setPlaceholderText(
            "Zoek op naam, aanbod, beschrijving, contactpersoon of plaats"
        )
        self.search_edit.setAccessibleName("Zoeken in de sociale kaart")
        self.search_edit.setClearButtonEnabled(True)

        self.basis_combo = QComboBox(self)
        self.basis_combo.setAccessibleName("Basisfunctie")
        self.basis_combo.addItem("Alle basisfuncties", None)
        for key, label in _basisfunctie_choices():
            self.basis_combo.addItem(f"{key} {label}", key)
        if basisfunctie:
            i = self.basis_combo.findData(basisfunctie)
            if i >= 0:
                self.basis_combo.setCurrentIndex(i)
        self.basis_combo.setVisible(level == "aanbod")

        self.model = HitsModel(level, multi, self)
        self.view = _ResultsView(self)
        self.view.setModel(self.model)
        self.view.setAccessibleName("Resultaten")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.doubleClicked.connect(lambda _i: self.accept())

        self.count_label = QLabel(self)
        hint = (
            "Pijl omlaag: naar de lijst. Spatie: aanvinken. Enter: kiezen. Esc: annuleren."
            if multi
            else "Pijl omlaag: naar de lijst. Enter: kiezen. Esc: annuleren."
        )
        self.hint_label = QLabel(hint, self)
        self.hint_label.setWordWrap(True)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Kiezen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 3)
        top.addWidget(self.basis_combo, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.hint_label)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(25)
        self._timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.basis_combo.currentIndexChanged.connect(lambda _i: self.run_search())
        self.search_edit.setFocus()
        self.run_search()

    def filters(self) -> SearchFilters:
        basis = self.basis_combo.currentData() if self.level == "aanbod" else None
        return SearchFilters(basisfuncties=(basis,) if basis else ())

    def run_search(self) -> None:
        self._timer.stop()
        with self.store.session() as session:
            hits = search(session, self.search_edit.text(), self.filters(), level=self.level)
        self.model.set_hits(hits)
        n = len(hits)
        if n == 0:
            self.count_label.setText("Niets gevonden. Probeer een ander woord of minder letters.")
        elif n >= 200:
            self.count_label.setText("De eerste 200 resultaten; typ meer om te verfijnen.")
        else:
            self.count_label.setText(f"{n} gevonden")
        if hits:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def focus_results(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.hits:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def selected_hits(self) -> list[SearchHit]:
        if self.multi and self.model.checked:
            return list(self.model.checked.values())
        index = self.view.currentIndex()
        if index.isValid():
            return [self.model.hits[index.row()]]
        return []


def _basisfunctie_choices() -> list[tuple[str, str]]:
    try:
        from desktop.basisfuncties.instrument import load_basisfuncties

        return [(f.key, f.short_name) for f in load_basisfuncties().functions]
    except Exception:  # pragma: no cover - instrument file missing
        return []


def _pick(parent, store, *, level, multi, basisfunctie=None) -> list[SearchHit] | None:
    dialog = PickerDialog(parent, store, level=level, multi=multi, basisfunctie=basisfunctie)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.selected_hits()
    finally:
        dialog.deleteLater()


def pick_aanbod(
    parent: QWidget | None, store: Store, *, basisfunctie: str | None = None, multi: bool = True
) -> list[SearchHit] | None:
    """Let the user pick aanbod (optionally pre-filtered on a basisfunctie key such as
    "mz6"). ``None`` when cancelled."""
    return _pick(parent, store, level="aanbod", multi=multi, basisfunctie=basisfunctie)


def pick_organisaties(
    parent: QWidget | None, store: Store, *, multi: bool = True
) -> list[SearchHit] | None:
    """Let the user pick organisations. ``None`` when cancelled."""
    return _pick(parent, store, level="organisatie", multi=multi)
