"""First-run welcome: gemeente name, and demo data or an empty start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)


class WelcomeDialog(QDialog):
    DEMO = 1
    EMPTY = 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welkom bij Elkaar")
        self.setObjectName("welcomeDialog")
        self.choice = 0
        layout = QVBoxLayout(self)
        intro = QLabel(
            "<h2>Welkom bij Elkaar</h2>"
            "<p>Elkaar helpt u de sociale kaart bij te houden, mantelzorgers te ondersteunen "
            "en het beleid voor vrijwillige inzet te toetsen. Alles blijft op deze computer.</p>"
            "<p>Voor welke gemeente werkt u?</p>"
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.gemeente = QLineEdit()
        self.gemeente.setObjectName("gemeenteNaam")
        self.gemeente.setAccessibleName("Naam van de gemeente")
        self.gemeente.setPlaceholderText("bijvoorbeeld Lindewaard")
        form.addRow("Naam van de &gemeente:", self.gemeente)
        layout.addLayout(form)
        self.hint = QLabel("")
        self.hint.setObjectName("welcomeHint")
        layout.addWidget(self.hint)
        buttons = QDialogButtonBox()
        self.demo_button = QPushButton("Starten met &voorbeeldgegevens")
        self.demo_button.setObjectName("demoButton")
        self.empty_button = QPushButton("&Leeg beginnen")
        self.empty_button.setObjectName("emptyButton")
        self.empty_button.setDefault(True)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.demo_button.clicked.connect(lambda: self._choose(self.DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(self.EMPTY))
        layout.addWidget(buttons)
        note = QLabel(
            "<small>Met voorbeeldgegevens vult Elkaar een verzonnen gemeente, zodat u alles "
            "kunt uitproberen. U kunt later altijd een nieuwe, lege database beginnen.</small>"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.resize(520, 320)

    def _choose(self, choice: int) -> None:
        naam = " ".join(self.gemeente.text().split())
        if choice == self.EMPTY and not naam:
            self.hint.setText("Vul eerst de naam van de gemeente in.")
            self.gemeente.setFocus()
            return
        self.choice = choice
        self.accept()

    def gemeente_naam(self) -> str:
        return " ".join(self.gemeente.text().split())
