"""QApplication bootstrap: settings, open/unlock the store, first-run welcome, main window.

Keep this path light: feature views are imported here, but reportlab, openpyxl and the
report catalogue are imported only when used.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from desktop import __version__
from desktop.errors import UserError
from desktop.features import feature_modules
from desktop.store import engine as store_engine
from desktop.store import settings
from desktop.store.engine import Store
from desktop.ui.section import AppContext, Section

log = logging.getLogger(__name__)


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("Elkaar")
        QCoreApplication.setApplicationName("Elkaar")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.setDesktopFileName("elkaar")
    return app  # type: ignore[return-value]


def build_sections(ctx: AppContext) -> list[Section]:
    from desktop.ui.settings_view import SettingsSection
    from desktop.ui.start import StartSection

    sections: list[Section] = [StartSection(ctx)]
    for module in feature_modules("views"):
        made = module.create_section(ctx)
        if made is None:
            continue
        sections.extend(made if isinstance(made, list) else [made])
    from desktop.rapporten.views import ReportsSection

    sections.append(ReportsSection(ctx))
    sections.append(SettingsSection(ctx))
    return sections


def open_store_interactive(target: str | None) -> Store | None:
    """Open the store, asking for a passphrase or another file when needed."""
    from desktop.ui.passphrase import ask_passphrase

    passphrase = os.environ.get("ELKAAR_PASSPHRASE") or None
    retry = False
    while True:
        try:
            _, path = store_engine.resolve_target(target)
            if passphrase is None and path is not None and store_engine.file_kind(path) == "other":
                passphrase = ask_passphrase(None, path.name, retry)
                if passphrase is None:
                    return None
            return store_engine.open_store(target, passphrase=passphrase)
        except UserError as exc:
            wrong_key = passphrase is not None and "wachtwoord" in exc.message.lower()
            if wrong_key and not os.environ.get("ELKAAR_PASSPHRASE"):
                passphrase, retry = None, True
                continue
            box = QMessageBox(
                QMessageBox.Icon.Warning, "Database kan niet worden geopend", exc.message
            )
            other = box.addButton("Ander bestand &kiezen…", QMessageBox.ButtonRole.AcceptRole)
            box.addButton("&Afsluiten", QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not other:
                return None
            chosen, _ = QFileDialog.getSaveFileName(
                None,
                "Database kiezen of nieuw maken",
                "",
                "Elkaar-database (*.db);;Alle bestanden (*)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not chosen:
                return None
            target, passphrase, retry = chosen, None, False


def first_run(store: Store) -> bool:
    """Show the welcome when the database has not been set up. False when cancelled."""
    from desktop import demo
    from desktop.ui.welcome import WelcomeDialog

    with store.session() as s:
        done = settings.get(s, settings.WELKOM_GEDAAN)
    if done:
        return True
    dialog = WelcomeDialog()
    if not dialog.exec():
        return False
    naam = dialog.gemeente_naam()
    if dialog.choice == WelcomeDialog.DEMO:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.load_demo(store, gemeente=naam or demo.DEMO_GEMEENTE)
        finally:
            QApplication.restoreOverrideCursor()
    else:
        with store.session() as s:
            settings.set_gemeente_naam(s, naam)
            settings.put(s, settings.WELKOM_GEDAAN, "1")
    return True


def create_main_window(store: Store):
    from desktop.ui.main_window import MainWindow

    ctx = AppContext(store=store)
    window = MainWindow(ctx, build_sections(ctx))
    return window


def run_gui(db: str | None = None) -> int:
    from desktop.ui.errors import install_excepthook

    app = make_app()
    install_excepthook()
    store = open_store_interactive(db)
    if store is None:
        return 1
    try:
        if not first_run(store):
            return 0
        window = create_main_window(store)
        window.show()
        if os.environ.get("ELKAAR_SMOKE"):
            # benchmarks/selftest: report when the window is shown and the event loop idle
            def _ready() -> None:
                print("ready", flush=True)
                app.quit()

            QTimer.singleShot(0, _ready)
        return app.exec()
    finally:
        store.close()


def run_selftest_window(store: Store) -> list[str]:
    """Open the main window offscreen, visit every section, close. Returns section titles."""
    app = make_app()
    window = create_main_window(store)
    window.show()
    app.processEvents()
    titles = []
    for row, section in enumerate(window.sections):
        window.nav.setCurrentRow(row)
        app.processEvents()
        titles.append(section.title)
    window.close()
    app.processEvents()
    return titles


def screenshot(
    store: Store, out: Path, section: str = "start", size: tuple[int, int] = (1366, 768)
) -> Path:
    """Developer aid: grab the main window at a given size (used for README screenshots)."""
    app = make_app()
    window = create_main_window(store)
    window.resize(*size)
    window.show()
    window.open_section(section)
    app.processEvents()
    window.grab().save(str(out))
    window.close()
    return out
