"""Sign-in at start, the idle lock, and the dialog for a new account."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.privacy import accounts


class LoginDialog(QDialog):
    """Name + password; ``account`` is set when signed in."""

    def __init__(self, store, parent: QWidget | None = None, *, title: str = "Aanmelden") -> None:
        super().__init__(parent)
        self.store = store
        self.account: accounts.Account | None = None
        self.setWindowTitle(f"Elkaar — {title}")
        self.setObjectName("loginDialog")
        layout = QVBoxLayout(self)
        intro = QLabel("Meld u aan met uw eigen gebruikersnaam en wachtwoord.")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.naam = QLineEdit()
        self.naam.setObjectName("loginNaam")
        self.naam.setAccessibleName("Gebruikersnaam")
        self.wachtwoord = QLineEdit()
        self.wachtwoord.setObjectName("loginWachtwoord")
        self.wachtwoord.setAccessibleName("Wachtwoord")
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Gebruikersnaam", self.naam)
        form.addRow("&Wachtwoord", self.wachtwoord)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet("color: #b00020")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("&Aanmelden", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("A&fsluiten", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def try_sign_in(self) -> None:
        try:
            self.account = accounts.sign_in(self.store, self.naam.text(), self.wachtwoord.text())
        except UserError as exc:
            self.message.setText(exc.message)
            self.wachtwoord.clear()
            self.wachtwoord.setFocus()
            return
        self.accept()


class LockDialog(QDialog):
    """Shown after idle time: the signed-in user re-enters the password (or quits)."""

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        account = accounts.current_account()
        self.setWindowTitle("Elkaar is vergrendeld")
        self.setObjectName("lockDialog")
        self.setModal(True)
        layout = QVBoxLayout(self)
        who = account.label if account else ""
        text = QLabel(
            f"Elkaar is vergrendeld omdat er een tijd niet mee is gewerkt.\n"
            f"Geef het wachtwoord van {who} om verder te gaan."
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.wachtwoord = QLineEdit()
        self.wachtwoord.setObjectName("lockWachtwoord")
        self.wachtwoord.setAccessibleName("Wachtwoord")
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.wachtwoord)
        self.message = QLabel("")
        self.message.setStyleSheet("color: #b00020")
        layout.addWidget(self.message)
        buttons = QDialogButtonBox()
        ok = buttons.addButton("&Ontgrendelen", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("unlockButton")
        quit_button = QPushButton("Elkaar &afsluiten")
        buttons.addButton(quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.try_unlock)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def try_unlock(self) -> None:
        try:
            with self.store.session() as s:
                ok = accounts.unlock(s, self.wachtwoord.text(), log=not self.store.readonly)
        except UserError as exc:
            self.message.setText(exc.message)
            return
        if ok:
            self.accept()
        else:
            self.message.setText("Het wachtwoord klopt niet.")
            self.wachtwoord.clear()


class Curtain(QWidget):
    """An opaque cover over a window while Elkaar is locked, so the personal data on it
    (a dossier, an open gesprek) cannot be read. The window itself stays as it is:
    hiding a dialog would end its exec() and with it the work in it."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("lockCurtain")
        self.setAutoFillBackground(True)
        layout = QVBoxLayout(self)
        label = QLabel("Elkaar is vergrendeld.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)
        self.setGeometry(host.rect())
        host.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Resize, QEvent.Type.ChildAdded):
            self.setGeometry(obj.rect())
            self.raise_()
        return False


class IdleLock(QObject):
    """Locks the window after ``minutes`` without keyboard or mouse input."""

    INPUT_EVENTS = {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
    }

    def __init__(self, window, minutes: int) -> None:
        super().__init__(window)
        self.window = window
        self.minutes = minutes
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        if minutes > 0:
            self.timer.start(minutes * 60 * 1000)
            QApplication.instance().installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if not self.locked and event.type() in self.INPUT_EVENTS:
            self.timer.start()
        return False

    def lock(self) -> None:
        if self.locked or accounts.current_account() is None:
            return
        self.locked = True
        store = self.window.ctx.store
        if not store.readonly:
            try:
                with store.session() as s:
                    accounts.log_locked(s)
            except UserError:
                pass
        dialog = LockDialog(store, self.window)
        # above an open modal window (a gesprek) too
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.dialog = dialog
        self.curtains = [
            Curtain(w)
            for w in QApplication.topLevelWidgets()
            if w.isVisible() and w is not dialog and w.isWindow() and not w.inherits("QMenu")
        ]
        dialog.finished.connect(self._after)
        dialog.open()

    def _after(self, result: int) -> None:
        self.locked = False
        for curtain in getattr(self, "curtains", []):
            curtain.parentWidget().removeEventFilter(curtain)
            curtain.hide()
            curtain.deleteLater()
        self.curtains = []
        if result == QDialog.DialogCode.Accepted:
            self.timer.start()
        else:
            self.window.close()


class NewUserDialog(QDialog):
    """Name, full name, role and the password twice."""

    def __init__(self, parent: QWidget | None = None, *, first: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Eerste beheerder aanmaken" if first else "Gebruiker toevoegen")
        self.setObjectName("newUserDialog")
        layout = QVBoxLayout(self)
        if first:
            note = QLabel(
                "Met accounts meldt iedereen zich voortaan aan met een eigen naam en "
                "wachtwoord, en staat in het auditlog wie wat heeft gedaan. Het eerste "
                "account is de beheerder. Vergeet het wachtwoord niet: zonder beheerder "
                "kunnen geen accounts worden hersteld."
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.naam = QLineEdit()
        self.naam.setObjectName("newUserNaam")
        self.volledig = QLineEdit()
        self.rol = QComboBox()
        for key, label in accounts.ROLES.items():
            self.rol.addItem(label, key)
        if first:
            self.rol.setEnabled(False)
        else:
            self.rol.setCurrentIndex(1)
        self.pw1 = QLineEdit()
        self.pw1.setObjectName("newUserPw1")
        self.pw1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pw2 = QLineEdit()
        self.pw2.setObjectName("newUserPw2")
        self.pw2.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("&Gebruikersnaam *", self.naam)
        form.addRow("&Volledige naam", self.volledig)
        form.addRow("&Rol", self.rol)
        form.addRow("&Wachtwoord *", self.pw1)
        form.addRow("&Nogmaals *", self.pw2)
        layout.addLayout(form)
        self.message = QLabel(
            f"Het wachtwoord heeft ten minste {accounts.MIN_PASSWORD_LENGTH} tekens."
        )
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("&Opslaan")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for w in (self.naam, self.pw1, self.pw2):
            w.textChanged.connect(self._validate)
        self._validate()

    def _validate(self) -> None:
        problem = ""
        if not self.naam.text().strip():
            problem = "Vul een gebruikersnaam in."
        elif len(self.pw1.text()) < accounts.MIN_PASSWORD_LENGTH:
            problem = f"Het wachtwoord heeft ten minste {accounts.MIN_PASSWORD_LENGTH} tekens."
        elif self.pw1.text() != self.pw2.text():
            problem = "De twee wachtwoorden zijn niet gelijk."
        self.message.setText(problem or "In orde.")
        self.message.setStyleSheet("color: #b00020" if problem else "")
        self.ok.setEnabled(not problem)

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.naam.text().strip(),
            self.pw1.text(),
            self.rol.currentData(),
            self.volledig.text().strip(),
        )


def sign_in_at_start(store, parent: QWidget | None = None) -> bool:
    """Ask for a sign-in when the database has accounts. False when the user gave up."""
    with store.session() as s:
        enabled = accounts.accounts_enabled(s)
    if not enabled:
        return True
    dialog = LoginDialog(store, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    return bool(dialog.exec()) and dialog.account is not None
