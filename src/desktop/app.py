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
        from desktop.ui.icons import app_icon

        app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def build_sections(ctx: AppContext) -> list[Section]:
    from desktop.ui.settings_view import SettingsSection
    from desktop.ui.start import StartSection

    sections: list[Section] = [StartSection(ctx)]
    for module in feature_modules("views"):
        try:
            made = module.create_section(ctx)
        except UserError as exc:
            # e.g. a section that writes while it is built, on a read-only store (another
            # Elkaar has the database): leave that section out instead of failing to start
            if not ctx.store.readonly:
                raise
            log.warning("section %s left out (read-only): %s", module.__name__, exc.message)
            continue
        if made is None:
            continue
        sections.extend(made if isinstance(made, list) else [made])
    from desktop.rapporten.views import ReportsSection

    sections.append(ReportsSection(ctx))
    sections.append(SettingsSection(ctx))
    return sections


def ask_locked(exc) -> str:
    """Another Elkaar has the database: 'readonly', 'force' or 'quit'."""
    from desktop.store import lock

    box = QMessageBox(QMessageBox.Icon.Warning, "Database is al in gebruik", exc.message)
    box.setObjectName("lockedBox")
    readonly = box.addButton("&Alleen-lezen openen", QMessageBox.ButtonRole.AcceptRole)
    force = None
    if not lock.is_stale(exc.info) and exc.info.host != __import__("socket").gethostname():
        box.setInformativeText(
            "Het slot komt van een andere computer. Weet u zeker dat daar niemand meer met "
            "Elkaar werkt, dan kunt u het slot overnemen."
        )
        force = box.addButton("Slot &overnemen", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("A&fsluiten", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is readonly:
        return "readonly"
    if force is not None and clicked is force:
        return "force"
    return "quit"


def offer_restore(path: Path, message: str, candidate) -> str:
    """A damaged database: 'restore' (candidate), 'other' (choose a file) or 'quit'."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Database kan niet worden geopend", message)
    box.setObjectName("openErrorBox")
    restore = None
    if candidate is not None:
        box.setInformativeText(
            f"Er is een goede reservekopie van {candidate.created:%d-%m-%Y %H:%M} "
            f"({candidate.summary()}). Terugzetten bewaart het huidige bestand apart."
        )
        restore = box.addButton("&Reservekopie terugzetten", QMessageBox.ButtonRole.AcceptRole)
    other = box.addButton("Ander bestand &kiezen…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("&Afsluiten", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if restore is not None and clicked is restore:
        return "restore"
    if clicked is other:
        return "other"
    return "quit"


def _damaged(message: str) -> bool:
    text = message.lower()
    return any(
        word in text
        for word in ("beschadigd", "geen bruikbare", "geen database", "niet van elkaar")
    )


def open_store_interactive(target: str | None) -> Store | None:
    """Open the store for writing (taking the lock), asking what to do when that fails.

    * encrypted: ask for the passphrase (again when wrong);
    * in use by another Elkaar: offer read-only access (or taking over a remote lock);
    * damaged/foreign: never write to it; offer the newest good backup or another file;
    * a backup is made before a schema migration (``before_migrate``).
    """
    from desktop.store import backup, lock
    from desktop.ui.backup_view import remembered_folders
    from desktop.ui.passphrase import ask_passphrase

    passphrase = os.environ.get("ELKAAR_PASSPHRASE") or None
    retry = False
    readonly = False
    force = False
    while True:
        path = None
        try:
            _, path = store_engine.resolve_target(target)
            if (
                passphrase is None
                and path is not None
                and store_engine.file_kind(path) == "other"
                and backup.looks_encrypted(path)  # random bytes; zeros or text: damaged
            ):
                passphrase = ask_passphrase(None, path.name, retry)
                if passphrase is None:
                    return None
            if readonly:
                store = store_engine.open_store(
                    target, passphrase=passphrase, readonly=True, migrate=False
                )
            else:
                store = store_engine.open_store(
                    target,
                    passphrase=passphrase,
                    lock=True,
                    force_lock=force,
                    before_migrate=backup.migration_hook(passphrase),
                )
            _warn_network(store)
            return store
        except lock.DatabaseLocked as exc:
            choice = ask_locked(exc)
            if choice == "quit":
                return None
            readonly, force = choice == "readonly", choice == "force"
            continue
        except UserError as exc:
            wrong_key = passphrase is not None and "wachtwoord" in exc.message.lower()
            if wrong_key and not os.environ.get("ELKAAR_PASSPHRASE"):
                passphrase, retry = None, True
                continue
            candidate = None
            if path is not None and path.exists() and _damaged(exc.message):
                try:
                    candidate = backup.newest_good_backup(
                        path, passphrase, remembered_folders(path)
                    )
                except Exception:  # looking for backups must not hide the real message
                    log.exception("looking for backups failed")
            choice = offer_restore(path, exc.message, candidate)
            if choice == "restore" and candidate is not None and path is not None:
                try:
                    result = backup.restore(candidate.path, path, passphrase)
                except UserError as err:
                    QMessageBox.warning(None, "Terugzetten niet gelukt", err.message)
                    return None
                QMessageBox.information(
                    None,
                    "Reservekopie teruggezet",
                    f"De reservekopie van {candidate.created:%d-%m-%Y %H:%M} is teruggezet."
                    + (
                        f"\n\nHet beschadigde bestand is bewaard als:\n{result.kept_aside}"
                        if result.kept_aside
                        else ""
                    ),
                )
                continue
            if choice != "other":
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
            target, passphrase, retry, readonly, force = chosen, None, False, False, False


def _warn_network(store: Store) -> None:
    from desktop.store import lock

    if store.path is None:
        return
    warning = lock.network_warning(store.path)
    if warning:
        QMessageBox.warning(None, "Database op een netwerkschijf", warning)


def sign_in(store: Store) -> bool:
    """Sign in when the database has accounts; an alleen-lezen user gets a read-only store."""
    from desktop.privacy import accounts
    from desktop.ui.login import sign_in_at_start

    if store.path is None:
        return True
    try:
        if not sign_in_at_start(store):
            return False
    except Exception:  # pragma: no cover - a database from before accounts existed
        log.exception("sign-in check failed")
        return True
    account = accounts.current_account()
    if account is not None and not account.can_write and not store.readonly:
        readonly = store_engine.open_store(
            store.path, passphrase=store.passphrase, readonly=True, migrate=False
        )
        store.adopt(readonly)
    return True


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
        if not sign_in(store):
            return 0
        if not store.readonly and not first_run(store):
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
