"""Start-up: the window is shown before the store is opened, sections are built on demand."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop import app as app_module
from desktop.errors import UserError
from desktop.features import SectionInfo, navigation
from desktop.store import open_store, settings
from desktop.ui.main_window import MainWindow, Unavailable


def _welcomed(store) -> None:
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")


def test_window_is_shown_before_the_database_is_ready(cli, demo_db):
    done = cli("--db", str(demo_db), env={"ELKAAR_SMOKE": "1"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["shown", "ready"]
    assert "Traceback" not in done.stderr


def test_the_shell_imports_no_sqlalchemy_and_no_feature_views():
    code = (
        "import sys\n"
        "from desktop.app import make_app\n"
        "from desktop.features import navigation\n"
        "from desktop.ui.main_window import MainWindow\n"
        "app = make_app()\n"
        "w = MainWindow(navigation()); w.show(); app.processEvents()\n"
        "heavy = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'reportlab',"
        " 'openpyxl') or m.endswith('.views')]\n"
        "print(heavy)\n"
    )
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout


def test_shell_before_attach_shows_navigation_but_no_data(qtbot, store):
    _welcomed(store)
    window = MainWindow(navigation())
    qtbot.addWidget(window)
    window.show()
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        e.title for e in navigation()
    ]
    assert not window.nav.isEnabled()
    assert window.current_section() is None
    assert window.stack.currentWidget() is window.opening
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() is None and window.section("kaart") is None
    window.attach(app_module.AppContext(store=store))
    assert window.nav.isEnabled()
    assert window.current_section().key == "start"
    assert "Lindewaard" in window.current_section().heading.text()


def test_closing_the_shell_while_opening_needs_no_store(qtbot):
    window = MainWindow(navigation())
    qtbot.addWidget(window)
    window.show()
    assert window.close()


def test_sections_are_built_when_first_shown(qtbot, store):
    _welcomed(store)
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    window.show()
    assert [s.key for s in window.built_sections()] == ["start"]
    window.open_section("typetest")
    assert window.current_section().key == "typetest"
    assert [s.key for s in window.built_sections()] == ["start", "typetest"]
    first = window.current_section()
    window.open_section("start")
    window.open_section("typetest")
    assert window.current_section() is first  # built once, kept


def test_section_that_cannot_open_read_only_says_so(qtbot, db_path, monkeypatch):
    writable = open_store(db_path)
    _welcomed(writable)
    writable.close()
    store = open_store(db_path, readonly=True, migrate=False)
    real_load = SectionInfo.load

    def load(info):
        if info.key != "typetest":
            return real_load(info)

        def build(ctx):
            raise UserError("De database is alleen-lezen geopend.")

        return build

    monkeypatch.setattr(SectionInfo, "load", load)
    try:
        window = app_module.create_main_window(store)
        qtbot.addWidget(window)
        window.open_section("typetest")
        page = window.current_section()
        assert isinstance(page, Unavailable) and page.key == "typetest"
        assert "alleen-lezen" in page.findChild(type(window.opening)).text()
    finally:
        store.close()


def test_a_section_that_fails_to_open_is_tried_again(qtbot, store, monkeypatch):
    _welcomed(store)
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    real_load = SectionInfo.load

    def broken(info):
        def build(ctx):
            raise UserError("De schijf is vol.")

        return build

    monkeypatch.setattr(SectionInfo, "load", broken)
    window.open_section("typetest")
    assert isinstance(window.current_section(), Unavailable)
    assert window.built_sections() == [window.section("start")]
    monkeypatch.setattr(SectionInfo, "load", real_load)
    window.open_section("start")
    window.open_section("typetest")
    assert window.current_section().key == "typetest"
    assert not isinstance(window.current_section(), Unavailable)


def test_an_unexpected_error_leaves_the_navigation_where_it_was(qtbot, store, monkeypatch):
    _welcomed(store)
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)

    def broken(info):
        def build(ctx):
            raise RuntimeError("fout in de code")

        return build

    monkeypatch.setattr(SectionInfo, "load", broken)
    with qtbot.captureExceptions() as caught:
        window.nav.setCurrentRow(2)
    assert caught and isinstance(caught[0][1], RuntimeError)
    assert window.nav.currentRow() == 0
    assert window.current_section().key == "start"


def test_run_gui_quits_with_1_when_the_user_gives_up(qtbot, tmp_path, monkeypatch):
    damaged = tmp_path / "kapot.db"
    damaged.write_bytes(b"dit is geen database" * 100)
    before = damaged.read_bytes()
    offered = []
    monkeypatch.setattr(
        app_module, "offer_restore", lambda p, m, c, parent=None: offered.append(parent) or "quit"
    )
    monkeypatch.delenv("ELKAAR_SMOKE", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run_gui installs its own
    assert app_module.run_gui(str(damaged)) == 1
    # the question was asked over the (shown) window, and the file was not touched
    assert offered and isinstance(offered[0], MainWindow)
    assert not any(
        isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets()
    )
    assert damaged.read_bytes() == before


def test_open_section_passes_a_place_inside_it(qtbot, store, monkeypatch):
    from desktop.typetest.views import TypetestSection

    _welcomed(store)
    window = app_module.create_main_window(store)
    qtbot.addWidget(window)
    asked = []
    monkeypatch.setattr(
        TypetestSection, "open_target", lambda self, doel, rid=None: asked.append((doel, rid))
    )
    window.ctx.open_section("typetest", None, "stappenplan")
    assert window.current_section().key == "typetest"
    assert asked == [("stappenplan", None)]


def test_first_start_asks_the_welcome_over_the_window(qtbot, tmp_path, monkeypatch, capsys):
    from desktop.ui.welcome import WelcomeDialog

    seen = []

    def fake_exec(dialog):
        seen.append(dialog.parentWidget())
        dialog.gemeente.setText("Nieuwdorp")
        dialog.choice = WelcomeDialog.EMPTY
        return 1

    monkeypatch.setattr(WelcomeDialog, "exec", fake_exec)
    monkeypatch.setenv("ELKAAR_SMOKE", "1")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    db = tmp_path / "nieuw.db"
    assert app_module.run_gui(str(db)) == 0
    assert capsys.readouterr().out.split() == ["shown", "ready"]
    assert seen and isinstance(seen[0], MainWindow)
    store = open_store(db)
    try:
        with store.session() as s:
            assert settings.gemeente_naam(s) == "Nieuwdorp"
            assert settings.get(s, settings.WELKOM_GEDAAN)
    finally:
        store.close()


def test_encrypted_database_asks_the_passphrase_again_when_wrong(
    qtbot, tmp_path, monkeypatch, capsys
):
    db = tmp_path / "geheim.db"
    store = open_store(db, passphrase="juist-wachtwoord-42")
    _welcomed(store)
    store.close()
    answers = iter(["fout", "juist-wachtwoord-42"])
    asked = []

    def fake_ask(parent, filename, retry=False):
        asked.append((type(parent).__name__, filename, retry))
        return next(answers)

    monkeypatch.setattr("desktop.ui.passphrase.ask_passphrase", fake_ask)
    monkeypatch.delenv("ELKAAR_PASSPHRASE", raising=False)
    monkeypatch.setenv("ELKAAR_SMOKE", "1")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    assert app_module.run_gui(str(db)) == 0
    assert capsys.readouterr().out.split() == ["shown", "ready"]
    assert asked == [("MainWindow", "geheim.db", False), ("MainWindow", "geheim.db", True)]
