"""The "Actieplan" tab: actions per basisfunctie with owner, date and status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.basisfuncties import service
from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.basisfuncties.models import ACTIE_STATUS
from desktop.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.widgets import DateField


class _Item(QTableWidgetItem):
    """A cell that sorts by its sort key (a date as ISO text) when it has one."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine = self.data(Qt.ItemDataRole.UserRole + 1)
        theirs = other.data(Qt.ItemDataRole.UserRole + 1)
        if mine is not None or theirs is not None:
            return (mine or "9999") < (theirs or "9999")
        return super().__lt__(other)


class ActieplanView(QWidget):
    def __init__(
        self, store: Any, status: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.status_message = status
        self.actie_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.new_button = QPushButton("Nieuwe actie")
        self.new_button.setObjectName("nieuweActie")
        self.delete_button = QPushButton("Verwijderen")
        self.delete_button.setObjectName("verwijderActie")
        self.show_done = QCheckBox("ook afgeronde acties")
        self.show_done.setChecked(True)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        bar.addWidget(self.show_done)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("actieTable")
        self.table.setAccessibleName("Acties van het actieplan")
        self.table.setHorizontalHeaderLabels(
            ["Basisfunctie", "Actie", "Eigenaar", "Datum", "Status"]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.empty = QLabel(
            "Nog geen acties. Maak er een met <b>Nieuwe actie</b>, of klik bij Witte vlekken "
            "op een rode cel en kies <b>Maak een actie</b>."
        )
        self.empty.setWordWrap(True)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.empty)
        ll.addWidget(self.table, 1)
        splitter.addWidget(left)

        form_host = QWidget()
        outer = QVBoxLayout(form_host)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)
        self.functie = QComboBox()
        self.functie.setObjectName("actieFunctie")
        self.functie.setAccessibleName("Basisfunctie")
        for f in load_basisfuncties().functions:
            self.functie.addItem(f"{f.code} {f.name}", f.key)
        self.omschrijving = QPlainTextEdit()
        self.omschrijving.setObjectName("actieOmschrijving")
        self.omschrijving.setAccessibleName("Omschrijving van de actie")
        self.omschrijving.setTabChangesFocus(True)
        self.omschrijving.setMaximumHeight(90)
        self.error = QLabel("Beschrijf de actie.")
        self.error.setStyleSheet("color: #B00020")
        self.eigenaar = QLineEdit()
        self.eigenaar.setObjectName("actieEigenaar")
        self.eigenaar.setAccessibleName("Eigenaar")
        self.eigenaar.setMaxLength(200)
        self.heeft_datum = QCheckBox("datum")
        self.datum = DateField()
        self.datum.setDate(QDate.currentDate().addMonths(6))
        self.datum.setObjectName("actieDatum")
        self.datum.setAccessibleName("Datum")
        drow = QHBoxLayout()
        drow.addWidget(self.heeft_datum)
        drow.addWidget(self.datum, 1)
        self.status = QComboBox()
        self.status.setObjectName("actieStatus")
        self.status.setAccessibleName("Status")
        for s in ACTIE_STATUS:
            self.status.addItem(s, s)
        self.save_button = QPushButton("Op&slaan")
        self.save_button.setObjectName("actieOpslaan")
        self.save_button.setToolTip("Actie opslaan (Ctrl+S)")
        form.addRow("&Basisfunctie *", self.functie)
        form.addRow("&Actie *", self.omschrijving)
        form.addRow("", self.error)
        form.addRow("&Eigenaar", self.eigenaar)
        form.addRow("Datum", drow)
        form.addRow("S&tatus", self.status)
        form.addRow("", self.save_button)
        splitter.addWidget(form_host)
        splitter.setSizes([700, 380])
        layout.addWidget(splitter, 1)

        self.new_button.clicked.connect(self.new_actie)
        self.delete_button.clicked.connect(self.delete_actie)
        self.save_button.clicked.connect(self.save)
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.omschrijving.textChanged.connect(self._validate)
        self.heeft_datum.toggled.connect(self.datum.setEnabled)
        self.table.itemSelectionChanged.connect(self._on_select)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.new_actie()

    def refresh(self, select: int | None = None) -> None:
        with self.store.session() as session:
            acties = service.list_acties(session)
        if not self.show_done.isChecked():
            acties = [a for a in acties if a.status != "klaar"]
        today = date.today()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(acties))
        for row, a in enumerate(acties):
            values = [
                a.functie,
                a.omschrijving,
                a.eigenaar,
                a.datum.strftime("%d-%m-%Y") if a.datum else "",
                a.status,
            ]
            for col, value in enumerate(values):
                item = _Item(value)
                item.setData(Qt.ItemDataRole.UserRole, a.id)
                if col == 3 and a.datum:
                    item.setData(Qt.ItemDataRole.UserRole + 1, a.datum.isoformat())
                if col == 3 and a.te_laat(today):
                    item.setText(value + " (te laat)")
                    item.setForeground(QBrush(QColor("#B00020")))
                self.table.setItem(row, col, item)
        self.table.setSortingEnabled(True)
        self.table.resizeRowsToContents()
        self.empty.setVisible(not acties)
        if select is not None:
            for row in range(self.table.rowCount()):
                if self.table.item(row, 0).data(Qt.ItemDataRole.UserRole) == select:
                    self.table.selectRow(row)
                    break

    def _validate(self) -> None:
        ok = bool(self.omschrijving.toPlainText().strip())
        self.error.setVisible(not ok)
        self.save_button.setEnabled(ok)

    def new_actie(self) -> None:
        self.table.clearSelection()
        self.actie_id = None
        self.omschrijving.setPlainText("")
        self.eigenaar.setText("")
        self.heeft_datum.setChecked(True)
        self.datum.setDate(QDate.currentDate().addMonths(6))
        self.status.setCurrentIndex(0)
        self.delete_button.setEnabled(False)
        self._validate()
        self.omschrijving.setFocus()

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        actie_id = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        with self.store.session() as session:
            a = service.get_actie(session, actie_id)
            values = (a.functie_key, a.omschrijving, a.eigenaar, a.datum, a.status)
        self.actie_id = actie_id
        self.functie.setCurrentIndex(max(0, self.functie.findData(values[0])))
        self.omschrijving.setPlainText(values[1])
        self.eigenaar.setText(values[2])
        self.heeft_datum.setChecked(values[3] is not None)
        self.datum.setEnabled(values[3] is not None)
        if values[3] is not None:
            self.datum.setDate(QDate(values[3]))
        self.status.setCurrentIndex(max(0, self.status.findData(values[4])))
        self.delete_button.setEnabled(True)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        fields = dict(
            functie_key=self.functie.currentData(),
            omschrijving=self.omschrijving.toPlainText(),
            eigenaar=self.eigenaar.text(),
            datum=self.datum.date().toPython() if self.heeft_datum.isChecked() else None,
            status=self.status.currentData(),
        )
        try:
            with self.store.session() as session:
                if self.actie_id is None:
                    actie = service.create_actie(session, **fields)
                else:
                    actie = service.update_actie(session, self.actie_id, **fields)
                self.actie_id = actie.id
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.status_message("Actie opgeslagen")
        self.refresh(select=self.actie_id)

    def delete_actie(self) -> None:
        if self.actie_id is None:
            return
        answer = QMessageBox.question(
            self, "Actie verwijderen", "Deze actie uit het actieplan verwijderen?"
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.store.session() as session:
            service.delete_actie(session, self.actie_id)
        self.status_message("Actie verwijderd")
        self.refresh()
        self.new_actie()
