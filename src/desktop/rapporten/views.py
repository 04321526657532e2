"""Rapporten: the catalogue with options, in-app preview (PDFium), print and save as PDF."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.features import core_section
from desktop.ui.errors import show_user_error
from desktop.ui.section import AppContext, Section
from desktop.ui.tasks import run_task


def option_choices(opt: Any, store: Any) -> list[tuple[Any, str]] | None:
    """Choices of a report option: a static sequence, or a callable ``fn(store)``
    returning (value, label) pairs (e.g. the metingen or rondes in the database)."""
    choices = getattr(opt, "choices", None)
    if choices is None:
        return None
    if callable(choices):
        return list(choices(store))
    return [(c, str(c)) if not isinstance(c, tuple) else c for c in choices]


TMP_PREFIX = "elkaar-rapport-"


def _remove_stale_report_folders(max_age_s: float = 12 * 3600) -> None:
    """Report folders left by an Elkaar that crashed (reports can hold personal data).
    Only old ones: a second Elkaar that is running keeps its folder fresh."""
    import time

    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(TMP_PREFIX + "*"):
        try:
            if folder.is_dir() and now - folder.stat().st_mtime > max_age_s:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


class ReportsSection(Section):
    info = core_section("rapporten")
    help_text = (
        "<p>Kies links een rapport, vul de keuzes in en klik op <b>Voorbeeld</b>. Daarna "
        "kunt u het rapport <b>opslaan als PDF</b> of <b>afdrukken</b>. Rapporten met "
        "persoonsgegevens zijn alleen beschikbaar in een versleutelde database.</p>"
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        _remove_stale_report_folders()
        self._tmpdir = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
        self._task = None
        self._loaded = False
        self._editors: dict[str, QWidget] = {}

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(QLabel("<b>Beschikbare rapporten</b>"))
        self.list = QListWidget()
        self.list.setObjectName("reportList")
        self.list.setAccessibleName("Beschikbare rapporten")
        self.list.currentRowChanged.connect(self._on_select)
        ll.addWidget(self.list, 1)
        self.description = QLabel("")
        self.description.setWordWrap(True)
        ll.addWidget(self.description)
        self.form_host = QWidget()
        self.form = QFormLayout(self.form_host)
        ll.addWidget(self.form_host)
        buttons = QHBoxLayout()
        self.preview_btn = QPushButton("&Voorbeeld")
        self.preview_btn.setObjectName("previewButton")
        self.preview_btn.setDefault(True)
        self.preview_btn.clicked.connect(self.preview)
        self.save_btn = QPushButton("Opslaan als &PDF…")
        self.save_btn.setObjectName("saveButton")
        self.save_btn.clicked.connect(self.save_pdf)
        self.print_btn = QPushButton("&Afdrukken…")
        self.print_btn.setObjectName("printButton")
        self.print_btn.clicked.connect(self.print_pdf)
        for b in (self.preview_btn, self.save_btn, self.print_btn):
            buttons.addWidget(b)
        ll.addLayout(buttons)
        splitter.addWidget(left)

        self.viewer_host = QWidget()
        self.viewer_layout = QVBoxLayout(self.viewer_host)
        self.viewer_layout.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("Kies een rapport en klik op Voorbeeld.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.viewer_layout.addWidget(self.placeholder)
        self.viewer = None
        splitter.addWidget(self.viewer_host)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._update_buttons()

    # ------------------------------------------------------------------ catalogue
    def refresh(self) -> None:
        if self._loaded:
            return
        from desktop.rapporten import catalogue

        self._loaded = True
        self.list.clear()
        for report in catalogue.all_reports():
            item = QListWidgetItem(report.title)
            item.setData(Qt.ItemDataRole.UserRole, report.key)
            item.setToolTip(report.description)
            if getattr(report, "needs_encrypted", False) and not self.ctx.store.encrypted:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip("Alleen beschikbaar in een versleutelde database.")
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def current_report(self):
        from desktop.rapporten import catalogue

        item = self.list.currentItem()
        return catalogue.get(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select_report(self, key: str) -> None:
        self.refresh()
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                self.list.setCurrentRow(row)
                return

    def _on_select(self, _row: int) -> None:
        report = self.current_report()
        while self.form.rowCount():
            self.form.removeRow(0)
        self._editors.clear()
        # the preview belongs to the report it was made for
        if self.viewer is not None:
            self.viewer.clear()
            self.viewer.hide()
            self.placeholder.show()
        if report is None:
            return
        self.description.setText(report.description)
        previous: QWidget = self.list
        for opt in report.options:
            editor = self._editor_for(opt)
            editor.setAccessibleName(opt.label)
            editor.setToolTip(opt.help or opt.label)
            self._editors[opt.name] = editor
            self.form.addRow(opt.label + (" *" if opt.required else ""), editor)
            QWidget.setTabOrder(previous, editor)
            previous = editor
        # Tab: the list, the report's options, then Voorbeeld / Opslaan / Afdrukken
        for button in (self.preview_btn, self.save_btn, self.print_btn):
            QWidget.setTabOrder(previous, button)
            previous = button
        self._update_buttons()

    def _editor_for(self, opt: Any) -> QWidget:
        choices = option_choices(opt, self.ctx.store)
        if choices is not None:
            combo = QComboBox()
            if not opt.required:
                combo.addItem("(geen)", None)
            for value, label in choices:
                combo.addItem(label, value)
            if opt.default is not None:
                idx = combo.findData(opt.default)
                if idx >= 0:
                    combo.setCurrentIndex(idx)
            return combo
        if opt.kind == "bool":
            box = QCheckBox()
            box.setChecked(bool(opt.default))
            return box
        if opt.kind in ("int", "year"):
            spin = QSpinBox()
            spin.setRange(
                1900 if opt.kind == "year" else 0, 2200 if opt.kind == "year" else 10_000_000
            )
            if opt.default is not None:
                spin.setValue(int(opt.default))
            elif opt.kind == "year":
                from datetime import date

                spin.setValue(date.today().year)
            return spin
        line = QLineEdit()
        if opt.default is not None:
            line.setText(str(opt.default))
        return line

    def options(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, editor in self._editors.items():
            if isinstance(editor, QComboBox):
                values[name] = editor.currentData()
            elif isinstance(editor, QCheckBox):
                values[name] = editor.isChecked()
            elif isinstance(editor, QSpinBox):
                values[name] = editor.value()
            elif isinstance(editor, QLineEdit):
                values[name] = editor.text().strip() or None
        return values

    # ------------------------------------------------------------------ build
    def _update_buttons(self) -> None:
        has_report = self.list.currentItem() is not None
        self.preview_btn.setEnabled(has_report and self._task is None)
        self.save_btn.setEnabled(has_report and self._task is None)
        self.print_btn.setEnabled(has_report and self._task is None)

    def build(self, then, purpose: str = "opslaan") -> None:
        report = self.current_report()
        if report is None:
            return
        if getattr(report, "needs_encrypted", False) and not self.ctx.store.encrypted:
            show_user_error(
                self,
                "Dit rapport bevat persoonsgegevens en kan alleen uit een versleutelde "
                "database worden gemaakt.",
            )
            return
        try:
            options = report.resolve_options(
                {k: v for k, v in self.options().items() if v is not None}
            )
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._tmpdir.mkdir(parents=True, exist_ok=True)  # may have been cleaned meanwhile
        out = self._tmpdir / f"{report.key}.pdf"
        store = self.ctx.store

        def work(progress, cancel):
            report.run(store, options, out, progress, cancel, purpose=purpose)
            return out

        def done(path: Path) -> None:
            self._task = None
            self._update_buttons()
            try:
                then(path)
            finally:
                # a report can hold personal data: no copy stays behind in the temp folder
                # (the preview keeps the pages in memory)
                path.unlink(missing_ok=True)

        def failed(exc: BaseException) -> None:
            self._task = None
            self._update_buttons()
            if isinstance(exc, UserError):
                show_user_error(self, exc)
            else:
                from desktop.ui.errors import show_unexpected

                show_unexpected(self, exc)

        self._task = run_task(self, f"{report.title} maken…", work, done, failed)
        self._update_buttons()

    def preview(self) -> None:
        self.build(self._show, "bekijken")

    def _show(self, path: Path) -> None:
        from desktop.ui.pdfpages import PdfPreview

        if self.viewer is None:
            self.viewer = PdfPreview(self)
            self.placeholder.hide()
            self.viewer_layout.addWidget(self.viewer)
        try:
            count = self.viewer.load(path)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.placeholder.hide()
        self.viewer.show()
        self.ctx.status(f"Voorbeeld: {count} pagina('s).")

    def save_pdf(self) -> None:
        report = self.current_report()
        if report is None:
            return
        suggested = str(Path.home() / f"{report.key}.pdf")
        target, _ = QFileDialog.getSaveFileName(self, "Opslaan als PDF", suggested, "PDF (*.pdf)")
        if not target:
            return
        if not target.lower().endswith(".pdf"):
            target += ".pdf"

        def copy(path: Path) -> None:
            try:
                shutil.copyfile(path, target)
            except OSError as exc:
                show_user_error(
                    self,
                    f"Opslaan in {target} lukte niet ({exc.strerror}). Er is niets opgeslagen.",
                )
                return
            self.ctx.status(f"Rapport opgeslagen: {target}")

        self.build(copy)

    def print_pdf(self) -> None:
        """Choose the printer first, then make the report (so a cancelled print is not
        logged as printed) and print it."""
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        if self.current_report() is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return
        self.build(lambda path: self._print(path, printer), "afdrukken")

    def _print(self, path: Path, printer) -> None:
        from desktop.ui.pdfpages import print_pdf

        try:
            count = print_pdf(path, printer)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.ctx.status(f"Rapport naar de printer gestuurd ({count} pagina's).")

    def focus_search(self) -> None:
        self.list.setFocus()

    def on_app_close(self) -> None:
        if self.viewer is not None:
            self.viewer.clear()
        shutil.rmtree(self._tmpdir, ignore_errors=True)
