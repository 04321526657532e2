"""First-run welcome: gemeente name, and demo data or an empty start."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
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
        # Enter means "Leeg beginnen": made-up demo data must never land in a real
        # gemeente's database by a reflex (a QDialogButtonBox would make the first
        # accept button the default, so the buttons are laid out by hand).
        buttons = QHBoxLayout()
        self.empty_button = QPushButton("&Leeg beginnen")
        self.empty_button.setObjectName("emptyButton")
        self.empty_button.setDefault(True)
        self.demo_button = QPushButton("Starten met &voorbeeldgegevens")
        self.demo_button.setObjectName("demoButton")
        self.demo_button.setAutoDefault(False)
        self.demo_button.clicked.connect(lambda: self._choose(self.DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(self.EMPTY))
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)
        buttons.addWidget(self.empty_button)
        layout.addLayout(buttons)
        self.setTabOrder(self.gemeente, self.empty_button)
        self.setTabOrder(self.empty_button, self.demo_button)
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
