"""The main window: navigation list on the left, the current section on the right."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop.ui.section import AppContext, Section

log = logging.getLogger(__name__)

GENERAL_HELP = (
    "<p><b>Sneltoetsen</b></p>"
    "<ul>"
    "<li>Ctrl+1 … Ctrl+9: ga naar een onderdeel in de lijst links</li>"
    "<li>Ctrl+F: zoeken in het huidige onderdeel</li>"
    "<li>Ctrl+N: nieuw, Ctrl+S: opslaan, Esc: annuleren</li>"
    "<li>F1: deze hulp</li>"
    "</ul>"
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext, sections: list[Section]) -> None:
        super().__init__()
        self.ctx = ctx
        ctx.window = self
        self.setWindowTitle("Elkaar — alleen-lezen" if ctx.store.readonly else "Elkaar")
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(960, 600))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Onderdelen")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(200)
        self.stack = QStackedWidget()
        self.sections: list[Section] = sorted(sections, key=lambda s: s.order)
        for section in self.sections:
            icon = self.style().standardIcon(getattr(QStyle.StandardPixmap, section.icon))
            item = QListWidgetItem(icon, section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.key)
            item.setToolTip(section.title)
            self.nav.addItem(item)
            self.stack.addWidget(section)
        self._current = -1
        self.nav.currentRowChanged.connect(self._on_nav)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        where = ctx.store.path or ctx.store.info.url
        self.statusBar().showMessage(f"Database: {where}", 10000)

        for i in range(min(9, len(self.sections))):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.activated.connect(lambda row=i: self.nav.setCurrentRow(row))
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=self.show_help)

        self._restore_state()
        if self.sections:
            self.nav.setCurrentRow(0)

        # Data safety: daily backup while running and one on close; idle lock for accounts.
        from desktop.ui.backup_view import AutoBackup

        self.auto_backup = AutoBackup(ctx, self)
        self.idle_lock = None
        if ctx.store.path is not None:
            self._start_idle_lock()

    def _start_idle_lock(self) -> None:
        from desktop.privacy import accounts
        from desktop.ui.login import IdleLock

        if accounts.current_account() is None:
            return
        try:
            with self.ctx.store.session() as s:
                minutes = accounts.idle_minutes(s)
        except Exception:  # a database without the accounts table
            return
        self.idle_lock = IdleLock(self, minutes)

    # ------------------------------------------------------------------ navigation
    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def current_section(self) -> Section | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, Section) else None

    def _on_nav(self, row: int) -> None:
        if row == self._current or row < 0:
            return
        current = self.current_section()
        if current is not None and self._current >= 0 and not current.can_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self._current)
            self.nav.blockSignals(False)
            return
        self._current = row
        section = self.sections[row]
        self.stack.setCurrentWidget(section)
        section.refresh()

    def open_section(self, key: str, record_id: int | None = None) -> None:
        for row, section in enumerate(self.sections):
            if section.key == key:
                self.nav.setCurrentRow(row)
                if record_id is not None and self._current == row:
                    section.open_record(record_id)
                return

    def refresh_section(self, key: str) -> None:
        section = self.section(key)
        if section is not None and section is self.current_section():
            section.refresh()

    def _focus_search(self) -> None:
        section = self.current_section()
        if section is not None:
            section.focus_search()

    def show_help(self) -> None:
        section = self.current_section()
        title = section.title if section else "Elkaar"
        body = (section.help_text if section and section.help_text else "") + GENERAL_HELP
        box = QMessageBox(
            QMessageBox.Icon.Information,
            f"Hulp — {title}",
            body,
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setObjectName("helpBox")
        box.open()

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        qs = QSettings()
        geometry = qs.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry() if self.screen() else None
            if screen is not None:
                self.resize(min(1280, screen.width() - 40), min(760, screen.height() - 40))
            else:
                self.resize(1280, 720)
        state = qs.value("window/state")
        if state is not None:
            self.restoreState(state)

    def save_state(self) -> None:
        qs = QSettings()
        qs.setValue("window/geometry", self.saveGeometry())
        qs.setValue("window/state", self.saveState())
        qs.setValue("window/section", self.current_section().key if self.current_section() else "")

    def closeEvent(self, event: QCloseEvent) -> None:
        for section in self.sections:
            if section is self.current_section() and not section.can_leave():
                event.ignore()
                return
        self.save_state()
        for section in self.sections:
            closer = getattr(section, "on_app_close", None)
            if callable(closer):
                try:
                    closer()
                except Exception:  # a failing hook must not block closing
                    log.exception("on_app_close failed for %s", section.key)
        self.auto_backup.on_close(self)
        self._sign_out()
        event.accept()

    def _sign_out(self) -> None:
        from desktop.errors import UserError
        from desktop.privacy import accounts

        if accounts.current_account() is None:
            return
        try:
            if self.ctx.store.readonly:
                accounts._set_current(None)
            else:
                with self.ctx.store.session() as s:
                    accounts.sign_out(s)
        except UserError:
            accounts._set_current(None)
