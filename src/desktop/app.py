"""QApplication bootstrap: settings, open/unlock the store, first-run welcome, main window.

Start-up order (``run_gui``), so the window is on screen as soon as Qt is:

1. the main window appears as a shell: the navigation from ``features.navigation()`` and
   "Database openen…", no data and no SQLAlchemy;
2. a thread imports SQLAlchemy and the models and configures the mappers (``preload``),
   plain Python, while the event loop paints the window;
3. back on the GUI thread: open the store (passphrase, lock, damaged-file dialogs over the
   shell), sign in, the first-run welcome, then ``window.attach`` builds the Start page.
   The other sections are built when first shown.

Keep this module light: no SQLAlchemy, reportlab, openpyxl or feature views at import.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from desktop import __version__
from desktop.errors import UserError
from desktop.features import navigation
from desktop.ui.section import AppContext

if TYPE_CHECKING:
    from desktop.store.engine import Store

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
    install_dutch(app)
    if app.property("elkaar_tab_leaves_views") is None:
        app.setProperty("elkaar_tab_leaves_views", True)
        app.focusChanged.connect(_tab_leaves_views)
    return app  # type: ignore[return-value]


def _tab_leaves_views(_old, new) -> None:
    """Tab and Shift+Tab move on to the next control, out of lists and tables too (Qt's
    tables keep Tab inside, which traps keyboard users; arrow keys move between cells).
    A view that wants Tab between its cells sets the property "tab_in_cells"."""
    from PySide6.QtWidgets import QAbstractItemView

    if (
        isinstance(new, QAbstractItemView)
        and new.tabKeyNavigation()
        and not new.property("tab_in_cells")
    ):
        new.setTabKeyNavigation(False)


def install_dutch(app: QApplication) -> bool:
    """Dutch for Qt's own texts (Ja/Nee, Annuleren, file dialogs) and Dutch dates and
    numbers. Once per application; False when Qt's Dutch translation is not found."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    if app.property("elkaar_dutch") is not None:
        return bool(app.property("elkaar_dutch"))
    dutch = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
    QLocale.setDefault(dutch)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = translator.load(dutch, "qtbase", "_", folder)
    if loaded:
        app.installTranslator(translator)
    else:
        log.warning("Qt's Dutch translation (qtbase_nl.qm) not found in %s", folder)
    app.setProperty("elkaar_dutch", loaded)
    return loaded


def preload() -> None:
    """What opening the store needs, done ahead: SQLAlchemy, every model, mapper set-up and
    the modules behind the Start page. Plain Python without Qt objects, so it may run in
    a thread while the window is painted."""
    from sqlalchemy.orm import configure_mappers

    import desktop.attention  # noqa: F401
    from desktop.features import feature_modules, import_all_models
    from desktop.store import backup, engine, lock, overview  # noqa: F401

    import_all_models()
    configure_mappers()
    for _ in feature_modules("attention"):
        pass


class _Preloader(QObject):
    """Runs ``preload`` in a thread and reports back on the GUI thread."""

    done = Signal(str)  # "" when all went well, else what went wrong (also in the log)

    def start(self) -> None:
        threading.Thread(target=self._run, name="elkaar-preload", daemon=True).start()

    def _run(self) -> None:
        try:
            preload()
        except BaseException as exc:  # opening the store will raise it again, with a message
            log.error("preloading failed", exc_info=exc)
            self.done.emit(f"{exc.__class__.__name__}: {exc}")
        else:
            self.done.emit("")


def ask_locked(exc, parent: QWidget | None = None) -> str:
    """Another Elkaar has the database: 'readonly', 'force' or 'quit'."""
    from desktop.store import lock

    box = QMessageBox(
        QMessageBox.Icon.Warning, "Database is al in gebruik", exc.message, parent=parent
    )
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


def offer_restore(path: Path, message: str, candidate, parent: QWidget | None = None) -> str:
    """A damaged database: 'restore' (candidate), 'other' (choose a file) or 'quit'."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Database kan niet worden geopend", message, parent=parent
    )
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


def open_store_interactive(target: str | None, parent: QWidget | None = None) -> Store | None:
    """Open the store for writing (taking the lock), asking what to do when that fails.

    * encrypted: ask for the passphrase (again when wrong);
    * in use by another Elkaar: offer read-only access (or taking over a remote lock);
    * damaged/foreign: never write to it; offer the newest good backup or another file;
    * a backup is made before a schema migration (``before_migrate``).
    """
    from desktop.store import backup, lock
    from desktop.store import engine as store_engine
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
                passphrase = ask_passphrase(parent, path.name, retry)
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
            _warn_network(store, parent)
            return store
        except lock.DatabaseLocked as exc:
            choice = ask_locked(exc, parent)
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
            choice = offer_restore(path, exc.message, candidate, parent)
            if choice == "restore" and candidate is not None and path is not None:
                try:
                    result = backup.restore(candidate.path, path, passphrase)
                except UserError as err:
                    QMessageBox.warning(parent, "Terugzetten niet gelukt", err.message)
                    return None
                QMessageBox.information(
                    parent,
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
                parent,
                "Database kiezen of nieuw maken",
                "",
                "Elkaar-database (*.db);;Alle bestanden (*)",
                options=QFileDialog.Option.DontConfirmOverwrite,
            )
            if not chosen:
                return None
            target, passphrase, retry, readonly, force = chosen, None, False, False, False


def _warn_network(store: Store, parent: QWidget | None = None) -> None:
    from desktop.store import lock

    if store.path is None:
        return
    warning = lock.network_warning(store.path)
    if warning:
        QMessageBox.warning(parent, "Database op een netwerkschijf", warning)


def sign_in(store: Store, parent: QWidget | None = None) -> bool:
    """Sign in when the database has accounts; an alleen-lezen user gets a read-only store."""
    from desktop.privacy import accounts
    from desktop.ui.login import sign_in_at_start

    if store.path is None:
        return True
    try:
        if not sign_in_at_start(store, parent):
            return False
    except Exception:  # pragma: no cover - a database from before accounts existed
        log.exception("sign-in check failed")
        return True
    accounts.restrict_store(store)
    return True


def first_run(store: Store, parent: QWidget | None = None) -> bool:
    """Show the welcome when the database has not been set up. False when cancelled."""
    from desktop.store import settings

    with store.session() as s:
        done = settings.get(s, settings.WELKOM_GEDAAN)
    if done:
        return True
    from desktop import demo
    from desktop.ui.welcome import WelcomeDialog

    dialog = WelcomeDialog(parent)
    if not dialog.exec():
        return False
    naam = dialog.gemeente_naam()
    if dialog.choice == WelcomeDialog.DEMO:
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            demo.load_demo(store, gemeente=naam or demo.DEMO_GEMEENTE)
            return True
        except UserError as exc:  # the database already holds data: leave it as it is
            problem = exc
        finally:
            QApplication.restoreOverrideCursor()
        from desktop.ui.errors import show_user_error

        show_user_error(parent, problem)
    with store.session() as s:
        if naam:
            settings.set_gemeente_naam(s, naam)
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    return True


def create_main_window(store: Store):
    """The main window on an open store (the Start page built, other sections on demand)."""
    from desktop.ui.main_window import MainWindow

    return MainWindow(navigation(), AppContext(store=store))


def run_gui(db: str | None = None) -> int:
    """Show the window, then open the store (see the module docstring for the order)."""
    from desktop.ui.errors import install_excepthook
    from desktop.ui.main_window import MainWindow

    app = make_app()
    smoke = bool(os.environ.get("ELKAAR_SMOKE"))
    opened: list[Store] = []
    window = None

    def open_database(preload_problem: str) -> None:
        # queued: runs in the event loop, after the window below is shown; a preload
        # problem (logged) comes back with a proper message when the store is opened
        code = _open_into(window, db, opened)
        if code is not None:
            app.exit(code)  # the window closes below, once the loop has stopped
        elif smoke:  # benchmarks/selftest: the Start page is filled and the loop idle
            QTimer.singleShot(0, lambda: (print("ready", flush=True), app.exit(0)))

    # started before the window is built, so SQLAlchemy loads while Qt sets up and paints
    preloader = _Preloader()
    preloader.done.connect(open_database, Qt.ConnectionType.QueuedConnection)
    preloader.start()
    install_excepthook()
    window = MainWindow(navigation())
    window.show()
    if smoke:  # benchmarks: the window is on screen and the event loop idle
        QTimer.singleShot(0, lambda: print("shown", flush=True))
    try:
        return app.exec()
    finally:
        if window.isVisible():  # the user gave up, or ELKAAR_SMOKE quit the loop
            # closed after the loop: closing the last window inside it would post a quit
            # event that outlives this loop
            window.close()
        for store in opened:
            store.close()


def _open_into(window, db: str | None, opened: list) -> int | None:
    """Open the store into the shown window; an exit code when the user gave up."""
    store = open_store_interactive(db, window)
    if store is None:
        return 1
    opened.append(store)
    if not sign_in(store, window):
        return 0
    if not store.readonly and not first_run(store, window):
        return 0
    window.attach(AppContext(store=store))
    return None


def run_selftest_window(store: Store) -> list[str]:
    """Open the main window offscreen, build and show every section, close. Returns the
    section titles; a section that cannot be built raises (no silent skip)."""
    from desktop.ui.main_window import Unavailable

    app = make_app()
    window = create_main_window(store)
    window.show()
    app.processEvents()
    titles = []
    for info in window.entries:
        section = window.section(info.key)  # raises what building it raises
        if section is None or isinstance(section, Unavailable) or section.key != info.key:
            raise UserError(f"Het onderdeel {info.title} kon niet worden geopend.")
        window.open_section(info.key)
        app.processEvents()
        if window.current_section() is not section:
            raise UserError(f"Het onderdeel {info.title} kon niet worden getoond.")
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
