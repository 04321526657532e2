"""One typetest ronde in the window: the new-ronde dialog, and the detail pane with the
ronde's name, date and purpose, the respondents (paper-entry grid, full-screen fill-in,
Excel export) and the group result."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.typetest import service
from desktop.typetest.grid import COL_NAAM, FIRST_Q, AnswersGridModel, PaperGrid
from desktop.typetest.groep_view import GroupResultView
from desktop.typetest.models import ROLLEN
from desktop.ui.errors import show_user_error
from desktop.ui.widgets import DateField


class RondeDialog(QDialog):
    """New ronde: naam (required), datum, doel. OK is disabled until the form is valid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nieuwe typetest-ronde")
        self.setObjectName("rondeDialog")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.naam = QLineEdit()
        self.naam.setObjectName("rondeNaam")
        self.naam.setAccessibleName("Naam van de ronde")
        self.naam.setMaxLength(200)
        self.naam.setPlaceholderText("bijvoorbeeld: Visiebijeenkomst voorjaar")
        self.naam_error = QLabel("Vul een naam in.")
        self.naam_error.setStyleSheet("color: #B00020")
        self.datum = DateField()
        self.datum.setDate(QDate.currentDate())
        self.datum.setObjectName("rondeDatum")
        self.datum.setAccessibleName("Datum")
        self.doel = QPlainTextEdit()
        self.doel.setObjectName("rondeDoel")
        self.doel.setAccessibleName("Doel")
        self.doel.setTabChangesFocus(True)
        self.doel.setMaximumHeight(90)
        form.addRow("&Naam *", self.naam)
        form.addRow("", self.naam_error)
        form.addRow("&Datum", self.datum)
        form.addRow("D&oel", self.doel)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Opslaan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Annuleren")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.naam.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        ok = bool(self.naam.text().strip())
        self.naam_error.setVisible(not ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)

    def values(self) -> tuple[str, date, str]:
        return self.naam.text(), self.datum.date().toPython(), self.doel.toPlainText()


class RondeDetail(QWidget):
    """One ronde: its details, the respondents grid and the group result."""

    def __init__(self, page: Any) -> None:
        super().__init__()
        self.page = page
        self.store = page.ctx.store
        self.ronde_id: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.naam = QLineEdit()
        self.naam.setObjectName("detailNaam")
        self.naam.setAccessibleName("Naam van de ronde")
        self.naam.setMaxLength(200)
        self.datum = DateField()
        self.datum.setObjectName("detailDatum")
        self.datum.setAccessibleName("Datum van de ronde")
        self.doel = QLineEdit()
        self.doel.setObjectName("detailDoel")
        self.doel.setAccessibleName("Doel van de ronde")
        self.save_button = QPushButton("Op&slaan")
        self.save_button.setObjectName("saveRonde")
        self.save_button.setToolTip("Naam, datum en doel opslaan (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        for text, widget, stretch in (
            ("Naam:", self.naam, 3),
            ("Datum:", self.datum, 0),
            ("Doel:", self.doel, 4),
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            head.addWidget(label)
            head.addWidget(widget, stretch)
        head.addWidget(self.save_button)
        layout.addLayout(head)
        self.naam.textEdited.connect(self._dirty)
        self.doel.textEdited.connect(self._dirty)
        self.datum.dateChanged.connect(self._dirty)
        self.dirty = False

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rondeTabs")
        respondents = QWidget()
        rl = QVBoxLayout(respondents)
        bar = QHBoxLayout()
        self.add_button = QPushButton("Respondent &toevoegen")
        self.add_button.setObjectName("addRespondent")
        self.add_button.setToolTip("Ctrl+Shift+N")
        self.add_button.clicked.connect(self.add_respondent)
        self.rol_combo = QComboBox()
        self.rol_combo.setObjectName("newRol")
        self.rol_combo.setAccessibleName("Rol van de nieuwe respondent")
        self.rol_combo.setToolTip("Rol van de nieuwe respondent")
        self.rol_combo.setMaximumWidth(240)
        for key, label in ROLLEN:
            self.rol_combo.addItem(label, key)
        self.fill_button = QPushButton("&Invullen op het scherm…")
        self.fill_button.setObjectName("fillIn")
        self.fill_button.setToolTip("De gekozen respondent vult de test zelf in (F5)")
        self.fill_button.clicked.connect(self.fill_in)
        self.delete_button = QPushButton("Respondent &verwijderen")
        self.delete_button.setObjectName("deleteRespondent")
        self.delete_button.clicked.connect(self.delete_respondent)
        self.export_button = QPushButton("E&xcel…")
        self.export_button.setObjectName("exportRonde")
        self.export_button.setToolTip("Deze ronde exporteren naar Excel")
        self.export_button.clicked.connect(self.export)
        bar.addWidget(self.add_button)
        bar.addWidget(self.rol_combo)
        bar.addWidget(self.fill_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        rl.addLayout(bar)
        hint = QLabel(
            "Antwoorden van papier: klik op vraag 1 van een respondent en typ a of b "
            "(of 1 of 2); de cursor gaat vanzelf verder. Backspace wist."
        )
        hint.setWordWrap(True)
        rl.addWidget(hint)
        self.model = AnswersGridModel(self.store, self)
        self.model.failed.connect(lambda exc: show_user_error(self, exc))
        self.model.changed.connect(self._answers_changed)
        self.grid = PaperGrid(self.model)
        rl.addWidget(self.grid, 1)
        self.empty = QLabel(
            "Nog geen respondenten. Voeg er een toe met <b>Respondent toevoegen</b> (Ctrl+Shift+N)."
        )
        self.empty.setObjectName("respondentsEmpty")
        rl.addWidget(self.empty)
        self.tabs.addTab(respondents, "&Respondenten")
        self.group_view = GroupResultView(self.store)
        self.tabs.addTab(self.group_view, "&Groepsuitslag")
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)

        QShortcut(QKeySequence("Ctrl+Shift+N"), self, activated=self.add_respondent)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.fill_in)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

    # ------------------------------------------------------------------ loading
    def set_ronde(self, ronde_id: int | None) -> None:
        self.ronde_id = ronde_id
        if ronde_id is not None:
            with self.store.session() as session:
                ronde = service.get_ronde(session, ronde_id)
                naam, datum, doel = ronde.naam, ronde.datum, ronde.doel
            self.naam.setText(naam)
            self.datum.blockSignals(True)
            self.datum.setDate(QDate(datum.year, datum.month, datum.day))
            self.datum.blockSignals(False)
            self.doel.setText(doel)
            self.doel.setCursorPosition(0)
            self.naam.setCursorPosition(0)
        self.dirty = False
        self.save_button.setEnabled(False)
        self.model.set_ronde(ronde_id)
        self._update_empty()
        if self.tabs.currentWidget() is self.group_view:
            self.group_view.set_ronde(ronde_id)
        else:
            self.group_view.ronde_id = ronde_id

    def _update_empty(self) -> None:
        has_rows = self.model.rowCount() > 0
        self.empty.setVisible(not has_rows)
        self.fill_button.setEnabled(has_rows)
        self.delete_button.setEnabled(has_rows)

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.group_view:
            self.group_view.set_ronde(self.ronde_id)

    def _answers_changed(self) -> None:
        self.page.refresh_list(keep=self.ronde_id)

    def _dirty(self, *_args: Any) -> None:
        self.dirty = True
        self.save_button.setEnabled(bool(self.naam.text().strip()))

    # ------------------------------------------------------------------ actions
    def save(self) -> bool:
        if self.ronde_id is None or not self.dirty:
            return True
        try:
            with self.store.session() as session:
                service.update_ronde(
                    session,
                    self.ronde_id,
                    naam=self.naam.text(),
                    datum=self.datum.date().toPython(),
                    doel=self.doel.text(),
                )
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.dirty = False
        self.save_button.setEnabled(False)
        self.page.refresh_list(keep=self.ronde_id)
        self.page.ctx.status("Ronde opgeslagen.")
        return True

    def selected_respondent(self) -> int | None:
        index = self.grid.currentIndex()
        if not index.isValid() or not self.model.rows:
            return None
        return self.model.rows[index.row()].id

    def add_respondent(self) -> None:
        if self.ronde_id is None:
            return
        try:
            with self.store.session() as session:
                respondent = service.add_respondent(
                    session, self.ronde_id, "", self.rol_combo.currentData()
                )
                new_id = respondent.id
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.model.reload()
        self._update_empty()
        row = self.model.row_of(new_id)
        self.tabs.setCurrentIndex(0)
        if row is not None:
            self.grid.go_to(row, FIRST_Q)
        self.grid.setFocus()
        self.page.refresh_list(keep=self.ronde_id)
        self.page.ctx.status(
            "Respondent toegevoegd. Typ de antwoorden (a of b), of kies Invullen op het scherm."
        )

    def delete_respondent(self) -> None:
        respondent_id = self.selected_respondent()
        if respondent_id is None:
            return
        row = self.model.row_of(respondent_id)
        label = self.model.rows[row].label() if row is not None else str(respondent_id)
        answer = QMessageBox.question(
            self,
            "Respondent verwijderen?",
            f"Respondent {label} en de antwoorden verwijderen? Dit kan niet ongedaan "
            "worden gemaakt.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.store.session() as session:
            service.delete_respondent(session, respondent_id)
        self.model.reload()
        self._update_empty()
        self.page.refresh_list(keep=self.ronde_id)
        self.page.ctx.status("Respondent verwijderd.")

    def fill_in(self) -> None:
        respondent_id = self.selected_respondent()
        if respondent_id is None:
            if not self.model.rows:
                return
            respondent_id = self.model.rows[0].id
        dialog = self.open_fill_in(respondent_id)
        dialog.exec()

    def open_fill_in(self, respondent_id: int):
        """Create the full-screen fill-in dialog (shown by the caller)."""
        from desktop.typetest.fillin import FillInDialog

        dialog = FillInDialog(self.store, respondent_id, self)
        dialog.setWindowState(Qt.WindowState.WindowFullScreen)
        dialog.finished.connect(lambda _r: self._after_fill_in(respondent_id))
        return dialog

    def _after_fill_in(self, respondent_id: int) -> None:
        self.model.reload()
        row = self.model.row_of(respondent_id)
        if row is not None:
            self.grid.go_to(row, COL_NAAM)
        self.page.refresh_list(keep=self.ronde_id)

    def export(self) -> None:
        if self.ronde_id is None:
            return
        from pathlib import Path

        suggested = str(Path.home() / f"typetest-ronde-{self.ronde_id}.xlsx")
        target, _ = QFileDialog.getSaveFileName(
            self, "Exporteren naar Excel", suggested, "Excel (*.xlsx)"
        )
        if not target:
            return
        if not target.lower().endswith(".xlsx"):
            target += ".xlsx"
        from desktop.typetest.export import export_ronde
        from desktop.ui.tasks import run_task

        store, ronde_id = self.store, self.ronde_id

        def work(progress, cancel):
            return export_ronde(store, ronde_id, target, progress=progress, cancel=cancel)

        self._task = run_task(
            self,
            "Exporteren…",
            work,
            lambda path: self.page.ctx.status(f"Geëxporteerd naar {path}"),
        )
