from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.app import create_main_window
from desktop.store import settings, wijken
from desktop.ui.welcome import WelcomeDialog


def make_window(qtbot, store):
    with store.session() as s:
        settings.set_gemeente_naam(s, "Lindewaard")
        settings.put(s, settings.WELKOM_GEDAAN, "1")
    window = create_main_window(store)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def test_navigation_by_keyboard(qtbot, store):
    window = make_window(qtbot, store)
    assert window.current_section().key == "start"
    assert "Lindewaard" in window.current_section().heading.text()
    keys = [e.key for e in window.entries]
    assert keys[0] == "start" and keys[-1] == "instellingen" and "rapporten" in keys
    digits = [getattr(Qt.Key, f"Key_{n}") for n in range(1, 10)]
    for digit, key in reversed(list(zip(digits, keys, strict=False))):
        qtbot.keyClick(window, digit, Qt.KeyboardModifier.ControlModifier)
        assert window.current_section().key == key
    # no empty placeholder pages: every section has a title and help
    sections = [window.section(key) for key in keys]
    assert all(s.title and s.help_text for s in sections)
    assert [s.key for s in sections] == keys


def test_help_opens_for_current_section(qtbot, store):
    window = make_window(qtbot, store)
    window.open_section("instellingen")
    qtbot.keyClick(window, Qt.Key.Key_F1)
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert boxes and "Instellingen" in boxes[0].windowTitle()
    boxes[0].close()


def test_settings_page_shows_wijken_and_saves_name(qtbot, store):
    with store.session() as s:
        wijken.add_wijk(s, "Centrum")
        wijken.add_wijk(s, "Hoogeveld", "kern")
    window = make_window(qtbot, store)
    window.open_section("instellingen")
    page = window.current_section()
    assert page.wijk_list.count() == 2
    page.naam.clear()
    assert not page.save_naam.isEnabled()
    qtbot.keyClicks(page.naam, "Nieuw-Lindewaard")
    qtbot.keyClick(page.naam, Qt.Key.Key_Return)
    with store.session() as s:
        assert settings.gemeente_naam(s) == "Nieuw-Lindewaard"
    assert "opgeslagen" in window.statusBar().currentMessage()


def test_window_geometry_is_remembered(qtbot, store):
    window = make_window(qtbot, store)
    window.resize(960, 700)  # the offscreen screen is 800x800: stay at minimum width
    window.close()
    from PySide6.QtCore import QSettings

    assert QSettings().value("window/geometry") is not None
    again = create_main_window(store)
    qtbot.addWidget(again)
    assert (again.size().width(), again.size().height()) == (960, 700)


def test_welcome_requires_name_for_empty_start(qtbot):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == 0 and "naam" in dialog.hint.text()
    qtbot.keyClicks(dialog.gemeente, "Lindewaard")
    qtbot.mouseClick(dialog.empty_button, Qt.MouseButton.LeftButton)
    assert dialog.choice == WelcomeDialog.EMPTY
    assert dialog.gemeente_naam() == "Lindewaard"


def test_enter_in_the_welcome_starts_empty_never_with_demo_data(qtbot):
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.gemeente.setFocus()
    qtbot.keyClicks(dialog.gemeente, "Ons Dorp")
    qtbot.keyClick(dialog.gemeente, Qt.Key.Key_Return)
    assert dialog.choice == WelcomeDialog.EMPTY and dialog.gemeente_naam() == "Ons Dorp"
    # both choices can be reached with Tab
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    dialog.gemeente.setFocus()
    qtbot.keyClick(dialog.gemeente, Qt.Key.Key_Tab)
    assert dialog.empty_button.hasFocus()
    qtbot.keyClick(dialog.empty_button, Qt.Key.Key_Tab)
    assert dialog.demo_button.hasFocus()


def test_fits_1366x768(qtbot, store):
    window = make_window(qtbot, store)
    window.resize(1366, 768)
    for row in range(window.nav.count()):
        window.nav.setCurrentRow(row)
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= 1366


def test_qt_own_buttons_speak_dutch(qtbot):
    from desktop.app import make_app

    app = make_app()
    assert app.property("elkaar_dutch") is True
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Opslaan?",
        "Wijzigingen opslaan?",
        QMessageBox.StandardButton.Yes
        | QMessageBox.StandardButton.No
        | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"Ja", "Nee", "Annuleren"}


def test_tab_moves_out_of_tables(qtbot):
    from PySide6.QtWidgets import QLineEdit, QTableWidget, QVBoxLayout, QWidget

    from desktop.app import make_app

    make_app()
    host = QWidget()
    layout = QVBoxLayout(host)
    table, after = QTableWidget(3, 3), QLineEdit()
    layout.addWidget(table)
    layout.addWidget(after)
    qtbot.addWidget(host)
    host.show()
    host.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is host)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert after.hasFocus()
