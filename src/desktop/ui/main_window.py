"""The main window: navigation list on the left, the current section on the right."""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from PySide6.QtCore import QSettings, QSize, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.features import SectionInfo
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


class Unavailable(Section):
    """Stands in for a section that cannot be built (e.g. one that writes, read-only)."""

    def __init__(self, ctx: AppContext, info: SectionInfo, message: str) -> None:
        self.key, self.title, self.icon, self.order = info.key, info.title, info.icon, info.order
        super().__init__(ctx)
        label = QLabel(
            f"<b>{html.escape(info.title)}</b> is nu niet beschikbaar.<br><br>"
            + html.escape(message)
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        QVBoxLayout(self).addWidget(label)


class MainWindow(QMainWindow):
    """Navigation list on the left, the current section on the right.

    The window can be shown before the database is open (``MainWindow(entries)``): it then
    shows the navigation, disabled, and "Database openen…". ``attach(ctx)`` hands it the
    store. Each section is built the first time it is shown, so opening the window costs
    only the Start page.
    """

    def __init__(self, entries: Sequence[SectionInfo], ctx: AppContext | None = None) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.setWindowTitle("Elkaar")
        self.setObjectName("mainWindow")
        self.setMinimumSize(QSize(960, 600))

        self.entries: list[SectionInfo] = sorted(entries, key=lambda e: e.order)
        self._pages: dict[str, Section] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName("Onderdelen")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setSpacing(2)
        self.nav.setFixedWidth(200)
        for info in self.entries:
            icon = self.style().standardIcon(getattr(QStyle.StandardPixmap, info.icon))
            item = QListWidgetItem(icon, info.title)
            item.setData(Qt.ItemDataRole.UserRole, info.key)
            item.setToolTip(info.title)
            self.nav.addItem(item)
        self.nav.setEnabled(False)
        self.stack = QStackedWidget()
        self.opening = QLabel("Database openen…")
        self.opening.setObjectName("opening")
        self.opening.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.opening)
        self._current = -1
        self.nav.currentRowChanged.connect(self._on_nav)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage("Database openen…")

        for i in range(min(9, len(self.entries))):
            sc = QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self)
            sc.activated.connect(lambda row=i: self._go(row))
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self._focus_search)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self, activated=self.show_help)

        self._restore_state()
        self.auto_backup = None
        self.idle_lock = None
        if ctx is not None:
            self.attach(ctx)

    def attach(self, ctx: AppContext) -> None:
        """The store is open: enable the navigation and show the Start page."""
        self.ctx = ctx
        ctx.window = self
        self.setWindowTitle("Elkaar — alleen-lezen" if ctx.store.readonly else "Elkaar")
        where = ctx.store.path or ctx.store.info.url
        self.statusBar().showMessage(f"Database: {where}", 10000)
        self.nav.setEnabled(True)
        if self.entries:
            self.nav.setCurrentRow(0)
            self.nav.setFocus()

        # Data safety: daily backup while running and one on close; idle lock for accounts.
        from desktop.ui.backup_view import AutoBackup

        self.auto_backup = AutoBackup(ctx, self)
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

    # ------------------------------------------------------------------ sections
    def _build(self, info: SectionInfo) -> Section:
        page = self._pages.get(info.key)
        if page is not None and not isinstance(page, Unavailable):
            return page
        assert self.ctx is not None, "the store is not open yet"
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            built = info.load()(self.ctx)
        except UserError as exc:
            # e.g. a section that writes while it is built, on a read-only store (another
            # Elkaar has the database): say so in its place, and try again next time
            log.warning("section %s unavailable: %s", info.key, exc.message)
            built = Unavailable(self.ctx, info, exc.message)
        finally:
            QApplication.restoreOverrideCursor()
        if page is not None:
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages[info.key] = built
        self.stack.addWidget(built)
        return built

    def section(self, key: str) -> Section | None:
        """The section with this key, built now if it has not been shown yet."""
        info = next((e for e in self.entries if e.key == key), None)
        if info is None or self.ctx is None:
            return None
        return self._build(info)

    def built_sections(self) -> list[Section]:
        return [
            self._pages[e.key]
            for e in self.entries
            if e.key in self._pages and not isinstance(self._pages[e.key], Unavailable)
        ]

    def current_section(self) -> Section | None:
        w = self.stack.currentWidget()
        return w if isinstance(w, Section) else None

    def _go(self, row: int) -> None:
        if self.ctx is not None:
            self.nav.setCurrentRow(row)

    def _on_nav(self, row: int) -> None:
        if row < 0 or self.ctx is None:
            return
        if row == self._current and not isinstance(self.current_section(), Unavailable):
            return
        current = self.current_section()
        if current is not None and self._current >= 0 and not current.can_leave():
            self._select_row(self._current)
            return
        try:
            section = self._build(self.entries[row])
        except BaseException:
            self._select_row(self._current)
            raise
        self._current = row
        self.stack.setCurrentWidget(section)
        section.refresh()

    def _select_row(self, row: int) -> None:
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def open_section(self, key: str, record_id: int | None = None, doel: str | None = None) -> None:
        """Go to a section and, when given, to a record or place inside it."""
        for row, info in enumerate(self.entries):
            if info.key == key:
                self._go(row)
                section = self.current_section()
                if self._current == row and section is not None and section.key == key:
                    if doel is not None:
                        section.open_target(doel, record_id)
                    elif record_id is not None:
                        section.open_record(record_id)
                return

    def refresh_section(self, key: str) -> None:
        section = self._pages.get(key)
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
        if self.ctx is None:  # closed while the database was being opened
            self.save_state()
            event.accept()
            return
        section = self.current_section()
        if section is not None and not section.can_leave():
            event.ignore()
            return
        self.save_state()
        for section in self.built_sections():
            closer = getattr(section, "on_app_close", None)
            if callable(closer):
                try:
                    closer()
                except Exception:  # a failing hook must not block closing
                    log.exception("on_app_close failed for %s", section.key)
        if self.auto_backup is not None:
            self.auto_backup.on_close(self)
        self._sign_out()
        event.accept()

    def _sign_out(self) -> None:
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
