"""The aanbod editor: one aanbod with check lists for doelgroepen, basisfuncties,
prestatievelden and wijken."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from desktop.kaart import service
from desktop.kaart.form import CheckList, _error_label
from desktop.kaart.models import AANBOD_STATUS


class AanbodDialog(QDialog):
    """Editor for one aanbod, with check lists for doelgroepen, basisfuncties,
    prestatievelden and wijken."""

    def __init__(
        self, parent, store, *, aanbod_id: int | None = None, organisatie_id: int | None = None
    ) -> None:
        super().__init__(parent)
        from desktop.kaart.taxonomy import load_doelgroepen
        from desktop.store import wijken

        self.store = store
        self.aanbod_id = aanbod_id
        self.organisatie_id = organisatie_id
        self.setWindowTitle("Aanbod bewerken" if aanbod_id else "Nieuw aanbod")
        self._fit_to_screen(1080, 700)
        with store.session() as session:
            wijk_items = [(w.id, w.naam) for w in wijken.list_wijken(session)]
            values = (
                service.aanbod_values(service.get_aanbod(session, aanbod_id))
                if aanbod_id
                else {"naam": "", "beschrijving": "", "kosten": "", "aanmelden": "", "openingstijden": "",
                      "status": "actief", "wijk_ids": [], "doelgroepen": [], "basisfuncties": [], "prestatievelden": []}
            )  # fmt: skip
        self.naam = QLineEdit(values["naam"])
        self.naam.setAccessibleName("Naam van het aanbod")
        self.naam_error = _error_label()
        self.beschrijving = QPlainTextEdit(values["beschrijving"])
        self.beschrijving.setTabChangesFocus(True)
        self.beschrijving.setMaximumHeight(70)
        self.kosten = QLineEdit(values["kosten"])
        self.aanmelden = QLineEdit(values["aanmelden"])
        self.openingstijden = QLineEdit(values["openingstijden"])
        self.status = QComboBox()
        self.status.addItems(list(AANBOD_STATUS))
        self.status.setCurrentText(values["status"])
        doel = [(d.key, d.label) for d in load_doelgroepen().doelgroepen]
        self.doelgroepen = CheckList(doel, "Doelgroepen")
        self.basisfuncties = CheckList(
            [(k, f"{k} {v}") for k, v in service.basisfunctie_labels().items()], "Basisfuncties"
        )
        self.prestatievelden = CheckList(
            [(k, f"{k} {v}") for k, v in service.prestatieveld_labels().items()], "Prestatievelden"
        )
        self.wijken = CheckList(wijk_items, "Wijken")
        self.doelgroepen.set_values(values["doelgroepen"])
        self.basisfuncties.set_values(values["basisfuncties"])
        self.prestatievelden.set_values(values["prestatievelden"])
        self.wijken.set_values(values["wijk_ids"])
        form = QFormLayout()
        naam_box = QVBoxLayout()
        naam_box.addWidget(self.naam)
        naam_box.addWidget(self.naam_error)
        form.addRow("Naam *", naam_box)
        form.addRow("Beschrijving", self.beschrijving)
        form.addRow("Kosten", self.kosten)
        form.addRow("Hoe aanmelden", self.aanmelden)
        form.addRow("Bereikbaarheid / openingstijden", self.openingstijden)
        form.addRow("Status", self.status)
        # the lists side by side, wide enough for the longest labels (doelgroepen and
        # prestatievelden); basisfuncties and wijken are short and share the middle column
        lists = QGridLayout()
        for title, widget, row, col, rowspan in (
            ("Doelgroepen", self.doelgroepen, 0, 0, 2),
            ("Basisfuncties", self.basisfuncties, 0, 1, 2),
            ("Prestatievelden", self.prestatievelden, 0, 2, 1),
            ("Wijken (leeg: waar de organisatie werkt)", self.wijken, 1, 2, 1),
        ):
            box = QGroupBox(title)
            widget.setMaximumHeight(16777215)
            widget.setMinimumHeight(90)
            QVBoxLayout(box).addWidget(widget)
            lists.addWidget(box, row, col, rowspan, 1)
        lists.setColumnStretch(0, 5)
        lists.setColumnStretch(1, 4)
        lists.setColumnStretch(2, 5)
        lists.setRowStretch(0, 1)
        lists.setRowStretch(1, 1)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Opslaan")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(lists, 1)
        layout.addWidget(self.buttons)
        self.naam.textChanged.connect(self._validate)
        self._validate()

    def _fit_to_screen(self, width: int, height: int) -> None:
        """Open at ``width`` x ``height``, but never larger than the screen (1366x768)."""
        screen = self.screen() if self.parent() is None else self.parent().screen()
        if screen is not None:
            avail = screen.availableGeometry()
            width = min(width, avail.width() - 20)
            height = min(height, avail.height() - 40)
        self.resize(width, height)

    def values(self) -> dict[str, Any]:
        return {
            "naam": self.naam.text(),
            "beschrijving": self.beschrijving.toPlainText(),
            "kosten": self.kosten.text(),
            "aanmelden": self.aanmelden.text(),
            "openingstijden": self.openingstijden.text(),
            "status": self.status.currentText(),
            "doelgroepen": self.doelgroepen.values(),
            "basisfuncties": self.basisfuncties.values(),
            "prestatievelden": self.prestatievelden.values(),
            "wijk_ids": self.wijken.values(),
        }

    def _validate(self) -> None:
        errors = service.clean_aanbod(
            {"naam": self.naam.text(), "kosten": self.kosten.text()}
        ).errors
        msg = errors.get("naam") or errors.get("kosten") or ""
        self.naam_error.setText(msg)
        self.naam_error.setVisible(bool(msg))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not msg)

    def save(self) -> None:
        from desktop.errors import UserError
        from desktop.ui.errors import show_user_error

        try:
            with self.store.session() as session:
                service.save_aanbod(
                    session,
                    self.values(),
                    aanbod_id=self.aanbod_id,
                    organisatie_id=self.organisatie_id,
                )
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.accept()
