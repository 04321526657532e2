"""The import wizard: file, sheet and column mapping with preview, options (mode, dry
run), then the import in the background with progress and cancel, and the row-level
result that can be saved as .xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.ui.errors import show_user_error

NOT_USED = "(niet gebruiken)"


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bestand kiezen")
        self.setSubTitle(
            "Kies een Excel-bestand (.xlsx), een LibreOffice-bestand (.ods) of een "
            ".csv-bestand met organisaties en aanbod."
        )
        self.path = QLineEdit()
        self.path.setAccessibleName("Bestand")
        self.path.textChanged.connect(lambda _t: self.completeChanged.emit())
        browse = QPushButton("Bladeren…")
        browse.clicked.connect(self.browse)
        template = QPushButton("Leeg invulsjabloon opslaan…")
        template.clicked.connect(self.save_template)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        hint = QLabel(
            "Eén rij per organisatie of één rij per aanbod: allebei goed. Kolomnamen worden "
            "automatisch herkend; in de volgende stap kunt u de koppeling aanpassen. Er "
            "verandert niets tot u in de laatste stap op Inlezen klikt."
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(template, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Bestand kiezen",
            str(Path.home()),
            "Spreadsheets (*.xlsx *.ods *.csv);;Alle bestanden (*)",
        )
        if path:
            self.path.setText(path)

    def save_template(self) -> None:
        from desktop.kaart.importer import write_template

        path, _ = QFileDialog.getSaveFileName(
            self,
            "Invulsjabloon opslaan",
            str(Path.home() / "invulsjabloon-sociale-kaart.xlsx"),
            "Excel (*.xlsx)",
        )
        if path:
            try:
                write_template(path)
            except UserError as exc:
                show_user_error(self, exc)

    def isComplete(self) -> bool:  # noqa: N802
        return Path(self.path.text().strip()).is_file()

    def validatePage(self) -> bool:  # noqa: N802
        from desktop.kaart.importer import read_file
        from desktop.kaart.spreadsheet import list_sheets

        path = self.path.text().strip()
        try:
            self.w.sheets = list_sheets(path)
            self.w.table = read_file(path)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        if not self.w.table.rows:
            show_user_error(
                self, UserError("Het bestand bevat geen rijen met gegevens onder de kopregel.")
            )
            return False
        self.w.path = path
        return True


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Kolommen koppelen")
        self.setSubTitle(
            "Controleer welke kolom bij welk gegeven hoort. 'Naam organisatie' is nodig."
        )
        self.sheet = QComboBox()
        self.sheet.setAccessibleName("Werkblad")
        self.sheet.activated.connect(self._sheet_changed)
        self.sheet_row = QHBoxLayout()
        self.sheet_label = QLabel("Werkblad:")
        self.sheet_row.addWidget(self.sheet_label)
        self.sheet_row.addWidget(self.sheet, 1)
        self.mapping = QTableWidget(0, 2)
        self.mapping.setAccessibleName("Koppeling van kolommen")
        self.mapping.setHorizontalHeaderLabels(["Kolom in het bestand", "Gegeven in Elkaar"])
        self.mapping.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.mapping.verticalHeader().hide()
        self.preview = QTableWidget()
        self.preview.setAccessibleName("Voorbeeld van de eerste rijen")
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #B00020;")
        layout = QVBoxLayout(self)
        layout.addLayout(self.sheet_row)
        layout.addWidget(self.mapping, 2)
        layout.addWidget(QLabel("Voorbeeld:"))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.warning)

    def initializePage(self) -> None:  # noqa: N802
        self.sheet.clear()
        self.sheet.addItem("(automatisch)", None)
        for name in self.w.sheets:
            self.sheet.addItem(name, name)
        self.sheet.setVisible(bool(self.w.sheets))
        self.sheet_label.setVisible(bool(self.w.sheets))
        self._fill()

    def _sheet_changed(self, _i: int) -> None:
        from desktop.kaart.importer import read_file

        try:
            self.w.table = read_file(self.w.path, sheet=self.sheet.currentData())
            self.w.sheet = self.sheet.currentData()
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._fill()

    def _fill(self) -> None:
        from desktop.kaart.columns import FIELDS
        from desktop.kaart.importer import auto_mapping

        table = self.w.table
        auto = {header: key for key, header in auto_mapping(table.headers).items()}
        self.mapping.setRowCount(len(table.headers))
        self.combos: list[QComboBox] = []
        for row, header in enumerate(table.headers):
            self.mapping.setItem(row, 0, QTableWidgetItem(header))
            combo = QComboBox()
            combo.setAccessibleName(f"Gegeven voor kolom {header}")
            combo.addItem(NOT_USED, None)
            for f in FIELDS:
                combo.addItem(f.label, f.key)
            i = combo.findData(auto.get(header))
            combo.setCurrentIndex(max(0, i))
            combo.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
            self.mapping.setCellWidget(row, 1, combo)
            self.combos.append(combo)
        rows = table.rows[:8]
        self.preview.setColumnCount(len(table.headers))
        self.preview.setHorizontalHeaderLabels(table.headers)
        self.preview.setRowCount(len(rows))
        for r, data in enumerate(rows):
            for c, header in enumerate(table.headers):
                item = QTableWidgetItem(data.values.get(header, ""))
                item.setToolTip(item.text())
                self.preview.setItem(r, c, item)
        self._size_preview()
        self.completeChanged.emit()

    def _size_preview(self) -> None:
        """Every column header readable in full; long cell texts capped (tooltip)."""
        header = self.preview.horizontalHeader()
        self.preview.resizeColumnsToContents()
        hfm = header.fontMetrics()
        for c in range(self.preview.columnCount()):
            item = self.preview.horizontalHeaderItem(c)
            title = item.text() if item else ""
            need = hfm.horizontalAdvance(title) + 24
            header.resizeSection(c, max(need, min(header.sectionSize(c), 260)))

    def current_mapping(self) -> dict[str, str]:
        mapping: dict[str, str] = {}
        for row, combo in enumerate(self.combos):
            key = combo.currentData()
            if key and key not in mapping:
                mapping[key] = self.w.table.headers[row]
        return mapping

    def isComplete(self) -> bool:  # noqa: N802
        mapping = self.current_mapping() if hasattr(self, "combos") else {}
        ok = "organisatie_naam" in mapping or "organisatie_id" in mapping
        keys = [c.currentData() for c in getattr(self, "combos", []) if c.currentData()]
        dup = len(keys) != len(set(keys))
        self.warning.setText(
            "Koppel een kolom aan 'Naam organisatie'."
            if not ok
            else (
                "Een gegeven is aan twee kolommen gekoppeld; alleen de eerste telt." if dup else ""
            )
        )
        return ok

    def validatePage(self) -> bool:  # noqa: N802
        self.w.mapping = self.current_mapping()
        return True


class OptionsPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Hoe inlezen?")
        self.setSubTitle("Kies wat er gebeurt met rijen die niet kloppen.")
        self.geldig = QRadioButton(
            "Alleen geldige rijen inlezen (afgewezen rijen staan in het resultaat)"
        )
        self.geldig.setChecked(True)
        self.alles = QRadioButton("Alles of niets: als één rij niet klopt, wordt niets ingelezen")
        self.dry_run = QCheckBox("Eerst een proef: alleen controleren, niets opslaan")
        self.dry_run.setChecked(True)
        info = QLabel(
            "Bestaande organisaties worden bijgewerkt in plaats van dubbel toegevoegd (op "
            "Organisatie-id, of op naam en postcode). Lege cellen wissen niets."
        )
        info.setWordWrap(True)
        layout = QVBoxLayout(self)
        for w in (self.geldig, self.alles, self.dry_run, info):
            layout.addWidget(w)
        layout.addStretch(1)
        self.setButtonText(QWizard.WizardButton.NextButton, "Inlezen")

    def validatePage(self) -> bool:  # noqa: N802
        self.w.modus = "alles" if self.alles.isChecked() else "geldig"
        self.w.dry_run = self.dry_run.isChecked()
        return True


class ResultPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Resultaat")
        self.summary = QLabel("Bezig met inlezen…")
        self.summary.setWordWrap(True)
        self.summary.setObjectName("importSamenvatting")
        self.rows = QTableWidget(0, 5)
        self.rows.setAccessibleName("Resultaat per rij")
        self.rows.setHorizontalHeaderLabels(
            ["Rij", "Resultaat", "Organisatie", "Aanbod", "Reden of opmerking"]
        )
        self.rows.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.rows.verticalHeader().hide()
        self.rows.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.save_button = QPushButton("Resultaat opslaan als Excel…")
        self.save_button.clicked.connect(self.save_result)
        self.real_button = QPushButton("Nu echt inlezen")
        self.real_button.clicked.connect(self.run_for_real)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.real_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.rows, 1)
        layout.addLayout(row)
        self.done = False

    def initializePage(self) -> None:  # noqa: N802
        self.start(self.w.dry_run)

    def start(self, dry_run: bool) -> None:
        from desktop.ui.tasks import run_task

        self.done = False
        self.completeChanged.emit()
        self.summary.setText("Bezig met inlezen…")
        self.save_button.setEnabled(False)
        self.real_button.setVisible(False)
        w = self.w
        path, sheet, mapping, modus, store = w.path, w.sheet, dict(w.mapping), w.modus, w.store

        def work(progress, cancel):
            from desktop.kaart.importer import import_file

            return import_file(
                store,
                path,
                sheet=sheet,
                mapping=mapping,
                dry_run=dry_run,
                modus=modus,
                progress=progress,
                cancel=cancel,
            )

        self._task = run_task(self, "Sociale kaart inlezen", work, self.show_result, self.failed)

    def failed(self, exc: BaseException) -> None:
        from desktop.ui.errors import show_unexpected

        if isinstance(exc, UserError):
            self.summary.setText(f"{exc.message}\nEr is niets veranderd in de sociale kaart.")
        else:
            self.summary.setText(
                "Het inlezen is mislukt; er is niets veranderd in de sociale kaart."
            )
            show_unexpected(self, exc)
        self.done = True
        self.completeChanged.emit()

    def show_result(self, result: Any) -> None:
        self.w.result = result
        lines = [result.summary()]
        if result.dry_run:
            lines.append("Dit was een proef: er is nog niets opgeslagen.")
        elif result.stored:
            lines.append("De gegevens zijn opgeslagen.")
        elif result.modus == "alles" and result.afgewezen:
            lines.append("Alles of niets: er zijn afgewezen rijen, dus er is niets opgeslagen.")
        lines += result.warnings
        self.summary.setText("\n".join(lines))
        self.rows.setRowCount(len(result.rows))
        for r, row in enumerate(result.rows):
            for c, value in enumerate(
                (row.rij, row.resultaat, row.organisatie, row.aanbod, row.reden or row.opmerking)
            ):
                self.rows.setItem(r, c, QTableWidgetItem(str(value)))
        self.save_button.setEnabled(True)
        self.real_button.setVisible(result.dry_run)
        self.done = True
        self.completeChanged.emit()
        if result.stored:
            self.w.imported = True

    def run_for_real(self) -> None:
        self.start(False)

    def save_result(self) -> None:
        from desktop.kaart.importer import save_result

        if self.w.result is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Resultaat opslaan", str(Path.home() / "resultaat-inlezen.xlsx"), "Excel (*.xlsx)"
        )
        if path:
            try:
                save_result(self.w.result, path)
            except UserError as exc:
                show_user_error(self, exc)

    def isComplete(self) -> bool:  # noqa: N802
        return self.done


class ImportWizard(QWizard):
    def __init__(self, parent, store) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Sociale kaart importeren")
        self.resize(860, 620)
        self.path = ""
        self.sheet: str | None = None
        self.sheets: list[str] = []
        self.table: Any = None
        self.mapping: dict[str, str] = {}
        self.modus = "geldig"
        self.dry_run = True
        self.result: Any = None
        self.imported = False
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.options_page = OptionsPage(self)
        self.result_page = ResultPage(self)
        for page in (self.file_page, self.mapping_page, self.options_page, self.result_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, "Volgende")
        self.setButtonText(QWizard.WizardButton.BackButton, "Vorige")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Sluiten")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Annuleren")
