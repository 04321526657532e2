"""Reservekopieën in the window: the Instellingen panel and the automatic backups.

* ``BackupPanel``: folders, the list of backups (date, size, contents), "Nu een
  reservekopie maken", preview of a backup's counts and "Terugzetten…".
* ``AutoBackup``: a backup at most once a day while the window runs (off the GUI
  thread) and one when the window closes.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QSettings, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.store import backup, settings
from desktop.ui.errors import show_user_error
from desktop.ui.section import AppContext

log = logging.getLogger(__name__)

CHECK_INTERVAL_MS = 60 * 60 * 1000  # look every hour whether a daily backup is due
FIRST_CHECK_MS = 60 * 1000


def _folders_key(db_path: Path | None) -> str:
    """Per database file: a damaged file must never be offered another database's backup."""
    ident = (
        hashlib.sha1(str(Path(db_path).absolute()).encode("utf-8")).hexdigest()[:16]
        if db_path
        else "x"
    )
    return f"backup/folders/{ident}"


def remember_folders(db_path: Path | None, folders: list[Path | None]) -> None:
    """Remember backup folders outside the database, so a damaged file can find them."""
    if db_path is None:
        return
    qs = QSettings()
    known = [str(f) for f in _as_list(qs.value(_folders_key(db_path), []))]
    for folder in folders:
        if folder is not None and str(folder) not in known:
            known.append(str(folder))
    qs.setValue(_folders_key(db_path), known[-10:])


def remembered_folders(db_path: Path | None) -> list[Path]:
    if db_path is None:
        return []
    return [Path(v) for v in _as_list(QSettings().value(_folders_key(db_path), []))]


def _as_list(value: object) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]  # type: ignore[union-attr]


def _fmt_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"


# --------------------------------------------------------------------------- background


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _BackupJob(QRunnable):
    def __init__(self, store, tag: str = "") -> None:
        super().__init__()
        self.store = store
        self.tag = tag
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = backup.make_backup(self.store, tag=self.tag)
        except BaseException as exc:  # reported in the GUI thread
            self._emit(self.signals.failed, exc)
        else:
            self._emit(self.signals.done, result)

    @staticmethod
    def _emit(signal, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the program is shutting down: nobody is listening any more
            log.info("backup finished after the window closed")


class AutoBackup(QObject):
    """Daily backup while the window runs, and one when it closes."""

    finished = Signal(object)  # BackupResult or exception

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.running: _BackupJob | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        if self.enabled:
            self.timer.start()
            # first look a minute after start; bound to self so it dies with the window
            QTimer.singleShot(FIRST_CHECK_MS, self, self.check)

    @property
    def enabled(self) -> bool:
        store = self.ctx.store
        return store.path is not None and not store.readonly

    def check(self) -> bool:
        """Start a background backup when the last one is a day old. True when started."""
        if not self.enabled or self.running is not None:
            return False
        try:
            due = backup.backup_due(self.ctx.store)
        except Exception:  # never disturb the user for the automatic check
            log.exception("backup_due failed")
            return False
        if not due:
            return False
        return self.start()

    def start(self) -> bool:
        job = _BackupJob(self.ctx.store)
        job.setAutoDelete(False)
        job.signals.done.connect(self._done)
        job.signals.failed.connect(self._failed)
        self.running = job
        self.pool.start(job)
        return True

    def _done(self, result: backup.BackupResult) -> None:
        self.running = None
        remember_folders(
            self.ctx.store.path,
            [result.info.path.parent, result.second.parent if result.second else None],
        )
        message = f"Automatische reservekopie gemaakt: {result.info.path.name}"
        if result.second_problem:
            message += f" (let op: {result.second_problem})"
        self.ctx.status(message)
        self.ctx.refresh_start()
        self.finished.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.running = None
        text = exc.message if isinstance(exc, UserError) else f"{exc.__class__.__name__}: {exc}"
        log.warning("automatic backup failed: %s", text)
        self.ctx.status(f"De automatische reservekopie is niet gelukt: {text}", 20000)
        self.finished.emit(exc)

    def on_close(self, parent: QWidget | None = None) -> backup.BackupResult | None:
        """Backup when the window closes (waits for a running one first)."""
        self.timer.stop()
        self.pool.waitForDone(60000)
        if not self.enabled:
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            result = backup.make_backup(self.ctx.store)
        except UserError as exc:
            QApplication.restoreOverrideCursor()
            log.warning("backup on close failed: %s", exc.message)
            # offscreen = tests, CI and the bundle selftest: nobody to click the box away
            if QApplication.platformName() != "offscreen":
                show_user_error(parent, exc, "Reservekopie bij afsluiten niet gelukt")
            return None
        except Exception:
            QApplication.restoreOverrideCursor()
            log.exception("backup on close failed")
            return None
        QApplication.restoreOverrideCursor()
        remember_folders(
            self.ctx.store.path,
            [result.info.path.parent, result.second.parent if result.second else None],
        )
        return result


# --------------------------------------------------------------------------- panel


class BackupPreview(QDialog):
    """What a backup holds: counts per kind."""

    def __init__(self, info: backup.BackupInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Inhoud van de reservekopie van {info.created:%d-%m-%Y %H:%M}")
        self.setObjectName("backupPreview")
        layout = QVBoxLayout(self)
        head = QLabel(
            f"<b>{info.path.name}</b><br>{_fmt_size(info.size)}"
            + (", versleuteld" if info.encrypted else "")
            + ("<br>Gemaakt vóór het bijwerken van Elkaar." if info.tag == "voor-bijwerken" else "")
        )
        head.setWordWrap(True)
        layout.addWidget(head)
        rows = info.labelled_counts(skip_empty=True) if info.ok else []
        self.table = QTableWidget(len(rows), 2)
        self.table.setObjectName("backupPreviewTable")
        self.table.setAccessibleName("Aantallen in de reservekopie")
        self.table.setHorizontalHeaderLabels(["Soort", "Aantal"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for r, (label, count) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(str(count))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(r, 1, item)
        if not info.ok:
            layout.addWidget(QLabel(info.summary()))
        layout.addWidget(self.table)
        if info.ok:
            layout.addWidget(QLabel("Soorten zonder gegevens zijn weggelaten."))
        buttons = QDialogButtonBox()
        buttons.addButton("Sl&uiten", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.resize(460, 420)


class BackupPanel(QGroupBox):
    """The Reservekopieën box in Instellingen."""

    COLUMNS = ["Datum", "Grootte", "Inhoud", "Bestand"]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Reservekopieën", parent)
        self.ctx = ctx
        self.setObjectName("backupPanel")
        self.infos: list[backup.BackupInfo] = []
        self._task = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.last = QLabel("")
        self.last.setObjectName("backupLast")
        form.addRow("Laatste reservekopie", self.last)
        self.backup_dir = QLabel("")
        self.backup_dir.setObjectName("backupDir")
        self.backup_dir.setWordWrap(True)
        self.backup_dir.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        pick = QPushButton("&Map kiezen…")
        pick.clicked.connect(self._choose_backup_dir)
        row = QHBoxLayout()
        row.addWidget(self.backup_dir, 1)
        row.addWidget(pick)
        form.addRow("Map voor reservekopieën", row)
        self.second_dir = QLabel("")
        self.second_dir.setObjectName("backupSecondDir")
        self.second_dir.setWordWrap(True)
        pick2 = QPushButton("Tweede &locatie kiezen…")
        pick2.clicked.connect(self._choose_second_dir)
        clear2 = QPushButton("Geen tweede locatie")
        clear2.clicked.connect(self._clear_second_dir)
        row = QHBoxLayout()
        row.addWidget(self.second_dir, 1)
        row.addWidget(pick2)
        row.addWidget(clear2)
        form.addRow("Tweede locatie (USB-stick)", row)
        layout.addLayout(form)
        explain = QLabel(
            "Elkaar maakt zelf een reservekopie bij het afsluiten en ten minste één keer per "
            "dag. Bewaard worden de laatste 7 dagen, 4 weken en 12 maanden."
        )
        explain.setWordWrap(True)
        layout.addWidget(explain)

        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("backupTable")
        self.table.setAccessibleName("Reservekopieën")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 130)
        self.table.setColumnWidth(1, 70)
        self.table.setColumnWidth(3, 220)
        self.table.setMinimumHeight(170)
        self.table.itemActivated.connect(lambda _item: self.preview())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = QLabel(
            "Er zijn nog geen reservekopieën. Maak de eerste met de knop hieronder."
        )
        self.empty.setObjectName("backupEmpty")
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        buttons = QHBoxLayout()
        self.now_button = QPushButton("Nu een &reservekopie maken")
        self.now_button.setObjectName("backupNow")
        self.now_button.clicked.connect(self.backup_now)
        self.preview_button = QPushButton("&Inhoud bekijken…")
        self.preview_button.setObjectName("backupPreviewButton")
        self.preview_button.clicked.connect(self.preview)
        self.restore_button = QPushButton("&Terugzetten…")
        self.restore_button.setObjectName("backupRestore")
        self.restore_button.clicked.connect(self.restore)
        self.other_button = QPushButton("Ander &bestand terugzetten…")
        self.other_button.clicked.connect(self.restore_other)
        for b in (self.now_button, self.preview_button, self.restore_button, self.other_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._update_buttons()

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        store = self.ctx.store
        if store.path is None:
            self.setEnabled(False)
            self.last.setText("Reservekopieën horen bij een databasebestand.")
            return
        from desktop.store.overview import last_backup

        with store.session() as s:
            main = settings.get(s, settings.BACKUP_MAP) or ""
            second = settings.get(s, settings.BACKUP_TWEEDE_MAP) or ""
            last = last_backup(s)
        folder = Path(main) if main else backup.default_folder(store.path)
        self.folder = folder
        self.backup_dir.setText(str(folder) + ("" if main else "  (standaard)"))
        if second:
            reachable = Path(second).is_dir()
            self.second_dir.setText(second + ("" if reachable else "  — nu niet bereikbaar"))
        else:
            self.second_dir.setText("niet ingesteld")
        self.last.setText(
            last.astimezone().strftime("%d-%m-%Y %H:%M") if last else "nog geen reservekopie"
        )
        self.infos = backup.list_backups(folder, store.passphrase, stem=store.path.stem)
        self.table.setRowCount(len(self.infos))
        for r, info in enumerate(self.infos):
            values = [
                info.created.strftime("%d-%m-%Y %H:%M"),
                _fmt_size(info.size),
                info.summary(),
                info.path.name,
            ]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if info.ok is False:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(r, c, item)
        self.empty.setVisible(not self.infos)
        self.table.setVisible(bool(self.infos))
        self.now_button.setEnabled(not store.readonly)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.preview_button.setEnabled(has)
        self.restore_button.setEnabled(has and not self.ctx.store.readonly)
        self.other_button.setEnabled(not self.ctx.store.readonly)

    def selected(self) -> backup.BackupInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        row = rows[0].row()
        return self.infos[row] if 0 <= row < len(self.infos) else None

    # ------------------------------------------------------------------ actions
    def backup_now(self) -> None:
        from desktop.ui.tasks import run_task

        store = self.ctx.store

        def work(progress, cancel):
            return backup.make_backup(store, progress=progress, cancel=cancel)

        def done(result: backup.BackupResult) -> None:
            remember_folders(
                store.path,
                [result.info.path.parent, result.second.parent if result.second else None],
            )
            message = f"Reservekopie gemaakt en gecontroleerd: {result.info.path.name}"
            if result.second is not None:
                message += " (ook op de tweede locatie)"
            self.ctx.status(message)
            self.refresh()
            self.ctx.refresh_start()
            if result.second_problem:
                QMessageBox.warning(self, "Tweede locatie", result.second_problem)

        self._task = run_task(self, "Reservekopie maken…", work, done)

    def preview(self) -> None:
        info = self.selected()
        if info is None:
            return
        full = backup.inspect_backup(info.path, self.ctx.store.passphrase, full=False)
        BackupPreview(full, self).exec()

    def restore(self) -> None:
        info = self.selected()
        if info is not None:
            self.restore_path(info.path)

    def restore_other(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Reservekopie kiezen", str(getattr(self, "folder", "")), "Elkaar-database (*.db)"
        )
        if chosen:
            self.restore_path(Path(chosen))

    def confirm_restore(self, info: backup.BackupInfo) -> bool:
        answer = QMessageBox.question(
            self,
            "Reservekopie terugzetten",
            f"De reservekopie van {info.created:%d-%m-%Y %H:%M} ({info.summary()}) vervangt de "
            "gegevens waarmee u nu werkt. Wat u daarna hebt ingevoerd, staat er dan niet meer "
            "in. De huidige database wordt eerst apart bewaard.\n\nDoorgaan?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_path(self, path: Path) -> backup.RestoreResult | None:
        window = self.ctx.window
        section = window.current_section() if window is not None else None
        try:
            info = backup.inspect_backup(path, self.ctx.store.passphrase, full=True)
            if not info.ok:
                raise UserError(
                    f"De reservekopie {path.name} is niet bruikbaar "
                    f"({info.problem or 'versleuteld met een ander wachtwoord'})."
                )
            if not self.confirm_restore(info):
                return None
            if window is not None:
                for sec in window.built_sections():
                    if sec is not section and not sec.can_leave():
                        return None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                result = backup.restore_store(self.ctx.store, path)
            finally:
                QApplication.restoreOverrideCursor()
        except UserError as exc:
            show_user_error(self, exc, "Terugzetten niet gelukt")
            return None
        kept = (
            f"\n\nDe database van vóór het terugzetten is bewaard als:\n{result.kept_aside}"
            if result.kept_aside
            else ""
        )
        QMessageBox.information(
            self,
            "Reservekopie teruggezet",
            f"De reservekopie van {info.created:%d-%m-%Y %H:%M} is teruggezet.{kept}",
        )
        self.ctx.status("Reservekopie teruggezet.")
        self.refresh()
        return result

    def _choose_backup_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Map voor reservekopieën")
        if path:
            self._put(settings.BACKUP_MAP, path, "Map voor reservekopieën opgeslagen.")

    def _choose_second_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Tweede locatie voor reservekopieën")
        if path:
            self._put(settings.BACKUP_TWEEDE_MAP, path, "Tweede locatie opgeslagen.")

    def _clear_second_dir(self) -> None:
        self._put(settings.BACKUP_TWEEDE_MAP, "", "Geen tweede locatie meer.")

    def _put(self, key: str, value: str, message: str) -> None:
        try:
            with self.ctx.store.session() as s:
                settings.put(s, key, value)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.ctx.status(message)
        self.refresh()
        self.ctx.refresh_start()
