"""Instellingen: gemeente, logo for reports, wijken/kernen, backup folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.features import core_section
from desktop.store import settings, wijken
from desktop.ui.errors import show_user_error
from desktop.ui.section import AppContext, Section


class SettingsSection(Section):
    info = core_section("instellingen")
    help_text = (
        "<p>Hier staan de gegevens van de gemeente die in rapporten terugkomen (naam en logo), "
        "de lijst van wijken en kernen die overal in Elkaar wordt gebruikt, en de map voor "
        "reservekopieën. Een wijk die nog ergens wordt gebruikt, kunt u niet verwijderen; "
        "voeg haar dan samen met een andere wijk.</p>"
        "<p><b>Reservekopieën</b>: Elkaar maakt ze zelf (bij afsluiten en dagelijks). Kies "
        "een reservekopie in de lijst om de inhoud te bekijken of haar terug te zetten; de "
        "huidige database wordt dan eerst apart bewaard.</p>"
        "<p><b>Gebruikers</b>: optioneel persoonlijke accounts met een wachtwoord; een "
        "beheerder kan het auditlog bekijken, filteren, controleren en exporteren.</p>"
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(18, 12, 18, 12)

        # Gemeente
        box = QGroupBox("Gemeente")
        form = QFormLayout(box)
        self.naam = QLineEdit()
        self.naam.setObjectName("settingsGemeente")
        self.naam.setAccessibleName("Naam van de gemeente")
        self.naam_msg = QLabel("")
        self.naam_msg.setStyleSheet("color: #b00020")
        self.save_naam = QPushButton("Naam &opslaan")
        self.save_naam.setObjectName("saveGemeente")
        self.save_naam.clicked.connect(self._save_naam)
        self.naam.textChanged.connect(self._validate_naam)
        self.naam.returnPressed.connect(self._save_naam)
        row = QHBoxLayout()
        row.addWidget(self.naam, 1)
        row.addWidget(self.save_naam)
        naam_label = QLabel("&Naam van de gemeente *")
        naam_label.setBuddy(self.naam)  # Alt+N, and the & is not shown literally
        form.addRow(naam_label, row)
        form.addRow("", self.naam_msg)
        self.logo = QLabel("Geen logo")
        self.logo.setObjectName("logoPreview")
        self.logo.setFixedHeight(64)
        choose = QPushButton("Logo &kiezen…")
        choose.clicked.connect(self._choose_logo)
        remove = QPushButton("Logo verwijderen")
        remove.clicked.connect(self._remove_logo)
        row = QHBoxLayout()
        row.addWidget(self.logo, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        form.addRow("Logo voor rapporten", row)
        layout.addWidget(box)

        # Wijken
        box = QGroupBox("Wijken en kernen")
        wl = QHBoxLayout(box)
        self.wijk_list = QListWidget()
        self.wijk_list.setObjectName("wijkList")
        self.wijk_list.setAccessibleName("Wijken en kernen")
        self.wijk_list.setMinimumHeight(180)
        wl.addWidget(self.wijk_list, 1)
        buttons = QVBoxLayout()
        for text, slot, name in (
            ("&Toevoegen…", self._add_wijk, "addWijk"),
            ("&Hernoemen…", self._rename_wijk, "renameWijk"),
            ("&Samenvoegen met…", self._merge_wijk, "mergeWijk"),
            ("&Verwijderen", self._remove_wijk, "removeWijk"),
        ):
            b = QPushButton(text)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        wl.addLayout(buttons)
        QShortcut(QKeySequence(Qt.Key.Key_Delete), self.wijk_list, activated=self._remove_wijk)
        layout.addWidget(box)

        # Backups (desktop.ui.backup_view)
        from desktop.ui.backup_view import BackupPanel

        self.backups = BackupPanel(ctx)
        layout.addWidget(self.backups)
        # Accounts and audit log (only shown when they apply)
        from desktop.ui.accounts_view import AccountsPanel

        self.accounts = AccountsPanel(ctx)
        layout.addWidget(self.accounts)
        self.extra_box = QVBoxLayout()
        layout.addLayout(self.extra_box)
        layout.addStretch(1)

    # ------------------------------------------------------------------ data
    def refresh(self) -> None:
        with self.ctx.store.session() as s:
            self.naam.setText(settings.gemeente_naam(s))
            logo = settings.logo_bytes(s)
            items = [(w.id, w.naam, w.soort) for w in wijken.list_wijken(s)]
        self._show_logo(logo)
        self.wijk_list.clear()
        for wid, naam, soort in items:
            item = QListWidgetItem(f"{naam}  ({soort})")
            item.setData(Qt.ItemDataRole.UserRole, wid)
            self.wijk_list.addItem(item)
        self.backups.refresh()
        self.accounts.refresh()

    def _show_logo(self, data: bytes | None) -> None:
        if not data:
            self.logo.setText("Geen logo")
            self.logo.setPixmap(QPixmap())
            return
        pix = QPixmap()
        pix.loadFromData(data)
        self.logo.setPixmap(pix.scaledToHeight(60, Qt.TransformationMode.SmoothTransformation))

    def _run(self, fn, done_message: str) -> bool:
        try:
            with self.ctx.store.session() as s:
                fn(s)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.ctx.status(done_message)
        self.refresh()
        return True

    def _validate_naam(self, text: str) -> None:
        ok = bool(text.strip())
        self.save_naam.setEnabled(ok)
        self.naam_msg.setText("" if ok else "De naam van de gemeente is verplicht.")

    def _save_naam(self) -> None:
        naam = self.naam.text()
        self._run(lambda s: settings.set_gemeente_naam(s, naam), "Naam van de gemeente opgeslagen.")

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Logo kiezen", "", "Afbeeldingen (*.png *.jpg *.jpeg)"
        )
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            show_user_error(self, f"Het bestand kan niet worden gelezen ({exc.strerror}).")
            return
        self._run(lambda s: settings.set_logo(s, data), "Logo opgeslagen.")

    def _remove_logo(self) -> None:
        self._run(lambda s: settings.set_logo(s, None), "Logo verwijderd.")

    def _selected_wijk(self) -> tuple[int, str] | None:
        item = self.wijk_list.currentItem()
        if item is None:
            show_user_error(self, "Kies eerst een wijk in de lijst.", "Geen wijk gekozen")
            return None
        return item.data(Qt.ItemDataRole.UserRole), item.text().rsplit("  (", 1)[0]

    def _add_wijk(self) -> None:
        naam, ok = QInputDialog.getText(self, "Wijk of kern toevoegen", "Naam:")
        if ok:
            soort, ok2 = QInputDialog.getItem(
                self, "Soort", "Is het een wijk of een kern?", ["wijk", "kern"], 0, False
            )
            if ok2:
                self._run(
                    lambda s: wijken.add_wijk(s, naam, soort), f"'{naam.strip()}' toegevoegd."
                )

    def _rename_wijk(self) -> None:
        sel = self._selected_wijk()
        if sel is None:
            return
        naam, ok = QInputDialog.getText(self, "Hernoemen", "Nieuwe naam:", text=sel[1])
        if ok:
            self._run(lambda s: wijken.rename_wijk(s, sel[0], naam), "Wijk hernoemd.")

    def _merge_wijk(self) -> None:
        sel = self._selected_wijk()
        if sel is None:
            return
        others = [
            (
                self.wijk_list.item(i).data(Qt.ItemDataRole.UserRole),
                self.wijk_list.item(i).text().rsplit("  (", 1)[0],
            )
            for i in range(self.wijk_list.count())
            if self.wijk_list.item(i).data(Qt.ItemDataRole.UserRole) != sel[0]
        ]
        if not others:
            return
        name, ok = QInputDialog.getItem(
            self, "Samenvoegen", f"'{sel[1]}' samenvoegen met:", [o[1] for o in others], 0, False
        )
        if not ok:
            return
        target = next(o for o in others if o[1] == name)
        answer = QMessageBox.question(
            self,
            "Samenvoegen",
            f"Alles wat bij '{sel[1]}' hoort, gaat naar '{target[1]}'. '{sel[1]}' verdwijnt. Doorgaan?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(
                lambda s: wijken.merge_wijken(s, sel[0], target[0]),
                f"'{sel[1]}' samengevoegd met '{target[1]}'.",
            )

    def _remove_wijk(self) -> None:
        sel = self._selected_wijk()
        if sel is None:
            return
        self._run(lambda s: wijken.remove_wijk(s, sel[0]), f"'{sel[1]}' verwijderd.")
