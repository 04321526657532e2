"""Setting up encryption from the window, the recovery key, and the idle lock.

``EncryptionDialog``: passphrase twice with a strength hint; converts the open database
with ``desktop.store.crypto.encrypt_database``, shows the recovery key once
(``RecoveryKeyDialog``: copy, print or save) and reopens the store encrypted
(``Store.adopt`` so every section sees the new connection).

``IdleGuard``: after the configured idle time (``accounts.idle_minutes``, the setting the
window's account lock uses) the mantelzorg section hides its data and asks for the
database passphrase again. When a user is signed in with an account, the window-wide
account lock (``desktop.ui.login.IdleLock``) does this already and the guard stays out.
A wrong passphrase only says so: no lock-out, the data stays intact.
"""

from __future__ import annotations

import hmac
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.store import crypto
from desktop.ui.widgets import big, error_label

WHY = (
    "<h2>Mantelzorgers: eerst versleutelen</h2>"
    "<p>Over mantelzorgers leggen we persoonsgegevens en gezondheidsgegevens vast. De AVG "
    "eist dat die goed beveiligd zijn. Elkaar bewaart ze daarom alleen in een "
    "<b>versleutelde</b> database: zonder wachtwoord is het bestand onleesbaar, ook als de "
    "laptop kwijtraakt.</p>"
    "<p>Deze database is nog niet versleuteld. Met <b>Versleuteling instellen</b> kiest u "
    "een wachtwoord; Elkaar maakt een versleutelde kopie, controleert die, zet haar op de "
    "plaats van de oude en wist de onversleutelde versie. U krijgt één keer een "
    "<b>herstelsleutel</b> om af te drukken en veilig op te bergen: daarmee kunt u een "
    "nieuw wachtwoord instellen als u het wachtwoord vergeet.</p>"
)


class EncryptionDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.recovery_key: str | None = None
        self.setWindowTitle("Versleuteling instellen")
        self.setObjectName("encryptionDialog")
        form = QFormLayout()
        self.pass1 = QLineEdit()
        self.pass1.setObjectName("wachtwoord1")
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setAccessibleName("Wachtwoord")
        self.pass2 = QLineEdit()
        self.pass2.setObjectName("wachtwoord2")
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2.setAccessibleName("Wachtwoord herhalen")
        form.addRow("&Wachtwoord *", self.pass1)
        form.addRow("&Herhaal wachtwoord *", self.pass2)
        self.hint = QLabel(
            f"Minstens {crypto.MIN_LENGTH} tekens; een zin van vier woorden is sterk en goed te onthouden."
        )
        self.hint.setWordWrap(True)
        self.melding = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Versleutelen")
        self.ok.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.convert)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Kies een wachtwoord voor deze database. Iedereen die met Elkaar op deze "
            "database werkt, heeft het nodig. Schrijf het niet op de laptop."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.hint)
        layout.addWidget(self.melding)
        layout.addWidget(buttons)
        self.pass1.textChanged.connect(self._check)
        self.pass2.textChanged.connect(self._check)

    def _check(self) -> None:
        s = crypto.check_strength(self.pass1.text())
        self.hint.setText(f"Sterkte: {s.hint}")
        problem = ""
        if not s.acceptable:
            problem = ""
        elif self.pass1.text() != self.pass2.text():
            problem = "De twee wachtwoorden zijn niet gelijk." if self.pass2.text() else ""
        self.melding.setText(problem)
        self.ok.setEnabled(s.acceptable and self.pass1.text() == self.pass2.text())

    def convert(self) -> None:
        from desktop.store.engine import open_store

        store = self.ctx.store
        path: Path | None = store.path
        if path is None:
            self.melding.setText(
                "Alleen een databasebestand op deze computer kan worden versleuteld."
            )
            return
        passphrase = self.pass1.text()
        had_lock = store.file_lock is not None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            store.close()
            try:
                key = crypto.encrypt_database(path, passphrase)
            except UserError as exc:
                store.adopt(open_store(path, lock=had_lock, before_migrate=None))
                self.melding.setText(exc.message)
                return
            store.adopt(open_store(path, passphrase=passphrase, lock=had_lock, before_migrate=None))
        finally:
            QApplication.restoreOverrideCursor()
        self.recovery_key = key
        RecoveryKeyDialog(key, path, self).exec()
        self.accept()


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once, with copy, print and save."""

    def __init__(self, key: str, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.setWindowTitle("Herstelsleutel — één keer getoond")
        self.setObjectName("recoveryKeyDialog")
        layout = QVBoxLayout(self)
        text = QLabel(
            "De database is versleuteld. Dit is uw <b>herstelsleutel</b>. Druk hem af of "
            "schrijf hem over en berg hem veilig op, los van de laptop. Hij wordt niet "
            f"opnieuw getoond. Met de herstelsleutel en het bestand "
            f"<i>{crypto.key_file_path(db_path).name}</i> (naast de database; kopieer het mee "
            "met elke reservekopie) kunt u een nieuw wachtwoord instellen."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        shown = big(QLabel(key), 20)
        shown.setObjectName("herstelsleutel")
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        shown.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(shown)
        buttons = QDialogButtonBox()
        copy = QPushButton("&Kopiëren")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(key))
        printb = QPushButton("&Afdrukken…")
        printb.clicked.connect(self.print_key)
        save = QPushButton("Op&slaan als PDF…")
        save.clicked.connect(self.save_pdf)
        done = QPushButton("Ik heb hem &bewaard")
        done.clicked.connect(self.accept)
        for b in (copy, printb, save):
            buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(done, QDialogButtonBox.ButtonRole.AcceptRole)
        layout.addWidget(buttons)

    def _document(self):
        from PySide6.QtGui import QTextDocument

        doc = QTextDocument()
        doc.setHtml(
            "<h1>Elkaar — herstelsleutel</h1><p>Bewaar dit blad veilig, los van de laptop.</p>"
            f"<p style='font-size:20pt'><b>{self.key}</b></p>"
        )
        return doc

    def print_key(self) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        if QPrintDialog(printer, self).exec() == QDialog.DialogCode.Accepted:
            self._document().print_(printer)

    def save_pdf(self) -> None:
        from PySide6.QtPrintSupport import QPrinter

        name, _ = QFileDialog.getSaveFileName(
            self, "Herstelsleutel opslaan", "herstelsleutel.pdf", "PDF (*.pdf)"
        )
        if name:
            printer = QPrinter()
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(name)
            self._document().print_(printer)


class LockPanel(QWidget):
    """Covers the section while locked: re-enter the passphrase."""

    unlocked = Signal()

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("mantelzorgLock")
        col = QVBoxLayout(self)
        col.addStretch(1)
        col.addWidget(big(QLabel("Vergrendeld"), 18), alignment=Qt.AlignmentFlag.AlignHCenter)
        text = QLabel(
            "Na een tijd zonder gebruik zijn de mantelzorggegevens verborgen. Geef het wachtwoord van de database."
        )
        text.setWordWrap(True)
        col.addWidget(text, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("ontgrendelWachtwoord")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Wachtwoord")
        self.passphrase.setMaximumWidth(360)
        self.passphrase.returnPressed.connect(self.try_unlock)
        col.addWidget(self.passphrase, alignment=Qt.AlignmentFlag.AlignHCenter)
        self.melding = error_label()
        col.addWidget(self.melding, alignment=Qt.AlignmentFlag.AlignHCenter)
        button = QPushButton("&Ontgrendelen")
        button.clicked.connect(self.try_unlock)
        col.addWidget(button, alignment=Qt.AlignmentFlag.AlignHCenter)
        col.addStretch(2)

    def try_unlock(self) -> None:
        expected = self.ctx.store.passphrase or ""
        given = self.passphrase.text()
        self.passphrase.clear()
        if expected and hmac.compare_digest(given.encode(), expected.encode()):
            self.melding.setText("")
            self.unlocked.emit()
        else:
            self.melding.setText("Het wachtwoord klopt niet. Probeer het opnieuw.")


class IdleGuard(QObject):
    """Emits ``lock`` after ``minutes`` without keyboard or mouse input (0 = never)."""

    lock = Signal()
    INPUT = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }

    def __init__(self, parent: QObject, minutes: float) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock.emit)
        self.set_minutes(minutes)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: float) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(int(minutes * 60 * 1000))
        else:
            self.timer.stop()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if self.minutes > 0 and event.type() in self.INPUT:
            self.timer.start()
        return False
