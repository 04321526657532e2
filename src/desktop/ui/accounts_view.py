"""Instellingen: accounts (optional) and the audit log viewer for a beheerder."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.privacy import accounts, audit
from desktop.ui.errors import show_user_error
from desktop.ui.section import AppContext


class AuditLogDialog(QDialog):
    """View, filter, verify and export the audit log."""

    COLUMNS = ["Tijd", "Gebruiker", "Actie", "Onderwerp", "Omschrijving"]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Auditlog")
        self.setObjectName("auditLogDialog")
        self.entries: list = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.user = QComboBox()
        self.user.setObjectName("auditUser")
        self.user.setAccessibleName("Gebruiker")
        self.action = QComboBox()
        self.action.setObjectName("auditAction")
        self.action.setAccessibleName("Actie")
        self.text = QLineEdit()
        self.text.setObjectName("auditText")
        self.text.setPlaceholderText("Zoeken in omschrijving…")
        self.text.setAccessibleName("Zoeken")
        self.van = QDateEdit()
        self.van.setCalendarPopup(True)
        self.van.setDisplayFormat("dd-MM-yyyy")
        self.van.setDate(QDate.currentDate().addYears(-1))
        self.tot = QDateEdit()
        self.tot.setCalendarPopup(True)
        self.tot.setDisplayFormat("dd-MM-yyyy")
        self.tot.setDate(QDate.currentDate())
        for label, widget in (
            ("&Gebruiker", self.user),
            ("&Actie", self.action),
            ("&Van", self.van),
            ("&Tot en met", self.tot),
        ):
            lab = QLabel(label)
            lab.setBuddy(widget)
            filters.addWidget(lab)
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        layout.addLayout(filters)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("auditTable")
        self.table.setAccessibleName("Regels van het auditlog")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(2, 170)
        layout.addWidget(self.table, 1)
        self.status = QLabel("")
        self.status.setObjectName("auditStatus")
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.verify_button = QPushButton("Keten &controleren")
        self.verify_button.setObjectName("auditVerify")
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton("&Exporteren naar Excel…")
        self.export_button.setObjectName("auditExport")
        self.export_button.clicked.connect(self.export)
        close = QPushButton("Sl&uiten")
        close.clicked.connect(self.accept)
        buttons.addWidget(self.verify_button)
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self._fill_filters()
        for sig in (
            self.user.currentIndexChanged,
            self.action.currentIndexChanged,
            self.text.textChanged,
            self.van.dateChanged,
            self.tot.dateChanged,
        ):
            sig.connect(self.reload)
        self.reload()
        self.resize(1000, 560)

    def _fill_filters(self) -> None:
        with self.ctx.store.session() as s:
            users = audit.distinct_values(s, "gebruiker")
            actions = audit.distinct_values(s, "actie")
        self.user.addItem("Alle gebruikers", "")
        for u in users:
            self.user.addItem(u, u)
        self.action.addItem("Alle acties", "")
        for a in actions:
            self.action.addItem(audit.ACTION_LABELS.get(a, a), a)

    def _filters(self) -> dict:
        van = self.van.date().toPython()
        tot = self.tot.date().toPython()
        return {
            "gebruiker": self.user.currentData() or None,
            "actie": self.action.currentData() or None,
            "tekst": self.text.text().strip() or None,
            "van": datetime.combine(van, time.min).astimezone().astimezone(UTC),
            "tot": datetime.combine(tot, time.max).astimezone().astimezone(UTC),
        }

    def describe_filters(self) -> str:
        parts = []
        if self.user.currentData():
            parts.append(f"gebruiker {self.user.currentData()}")
        if self.action.currentData():
            parts.append(f"actie {self.action.currentText()}")
        if self.text.text().strip():
            parts.append(f"tekst '{self.text.text().strip()}'")
        parts.append(f"{self.van.text()} t/m {self.tot.text()}")
        return ", ".join(parts)

    def reload(self) -> None:
        with self.ctx.store.session() as s:
            self.entries = audit.filtered(s, **self._filters())
        self.table.setRowCount(len(self.entries))
        for r, e in enumerate(self.entries):
            values = [
                e.tijd.astimezone().strftime("%d-%m-%Y %H:%M:%S"),
                e.gebruiker,
                audit.ACTION_LABELS.get(e.actie, e.actie),
                f"{e.onderwerp_soort} {e.onderwerp_id or ''}".strip(),
                e.omschrijving,
            ]
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        self.status.setText(f"{len(self.entries)} regels")

    def verify(self) -> audit.ChainCheck:
        with self.ctx.store.session() as s:
            check = audit.verify(s)
        if check.ok:
            text = f"De hash-keten is in orde: {check.checked} regels gecontroleerd."
        else:
            text = (
                f"De hash-keten is verbroken bij regel {check.first_broken_id}: het auditlog "
                "is buiten Elkaar om gewijzigd."
            )
        self.status.setText(text)
        return check

    def export(self, path: str | None = None) -> Path | None:
        if not path:
            path, _ = QFileDialog.getSaveFileName(
                self, "Auditlog exporteren", "auditlog.xlsx", "Excel-bestand (*.xlsx)"
            )
        if not path:
            return None
        try:
            with self.ctx.store.session() as s:
                entries = audit.filtered(s, **self._filters(), limit=None)
                out = audit.export_xlsx(s, path, entries, self.describe_filters())
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self.status.setText(f"Geëxporteerd naar {out}")
        return Path(out)


class AccountsPanel(QGroupBox):
    """Accounts on/off, the users, idle lock time, and the audit log button."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Gebruikers en auditlog", parent)
        self.ctx = ctx
        self.setObjectName("accountsPanel")
        layout = QVBoxLayout(self)
        self.explain = QLabel("")
        self.explain.setWordWrap(True)
        layout.addWidget(self.explain)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("userTable")
        self.table.setAccessibleName("Gebruikers")
        self.table.setHorizontalHeaderLabels(["Naam", "Rol", "Actief", "Laatst aangemeld"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setMaximumHeight(160)
        layout.addWidget(self.table)
        row = QHBoxLayout()
        self.enable_button = QPushButton("Accounts &aanzetten…")
        self.enable_button.setObjectName("accountsEnable")
        self.enable_button.clicked.connect(self.add_user)
        self.add_button = QPushButton("Gebruiker &toevoegen…")
        self.add_button.clicked.connect(self.add_user)
        self.pw_button = QPushButton("&Wachtwoord wijzigen…")
        self.pw_button.clicked.connect(self.change_password)
        self.role_button = QPushButton("&Rol wijzigen…")
        self.role_button.clicked.connect(self.change_role)
        self.active_button = QPushButton("Aan/&uit zetten")
        self.active_button.clicked.connect(self.toggle_active)
        self.audit_button = QPushButton("Auditlog &bekijken…")
        self.audit_button.setObjectName("auditOpen")
        self.audit_button.clicked.connect(self.open_audit)
        for b in (
            self.enable_button,
            self.add_button,
            self.pw_button,
            self.role_button,
            self.active_button,
        ):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.audit_button)
        layout.addLayout(row)
        idle = QHBoxLayout()
        self.idle_label = QLabel("&Vergrendelen na (minuten zonder gebruik, 0 = nooit)")
        self.idle = QSpinBox()
        self.idle.setObjectName("idleMinutes")
        self.idle.setRange(0, 240)
        self.idle_label.setBuddy(self.idle)
        self.idle.editingFinished.connect(self._save_idle)
        idle.addWidget(self.idle_label)
        idle.addWidget(self.idle)
        idle.addStretch(1)
        layout.addLayout(idle)
        self.user_ids: list[int] = []

    def refresh(self) -> None:
        store = self.ctx.store
        with store.session() as s:
            enabled = accounts.accounts_enabled(s)
            users = [
                (u.id, u.naam, u.volledige_naam, u.rol, u.actief, u.laatst_aangemeld)
                for u in accounts.list_users(s)
            ]
            minutes = accounts.idle_minutes(s)
        admin = accounts.may_administer()
        me = accounts.current_account()
        if enabled:
            self.explain.setText(
                f"Iedereen meldt zich aan met een eigen account. U bent aangemeld als "
                f"{me.label if me else '?'} ({accounts.ROLES.get(me.rol, '') if me else ''})."
            )
        else:
            self.explain.setText(
                "Er zijn geen accounts: Elkaar opent zonder aanmelden. Zet accounts aan als "
                "meer mensen deze computer gebruiken; het auditlog noemt dan ieders naam."
            )
        self.table.setVisible(enabled)
        self.table.setRowCount(len(users))
        self.user_ids = [u[0] for u in users]
        for r, (_id, naam, volledig, rol, actief, laatst) in enumerate(users):
            values = [
                f"{naam} ({volledig})" if volledig else naam,
                accounts.ROLES.get(rol, rol),
                "ja" if actief else "nee",
                laatst.astimezone().strftime("%d-%m-%Y %H:%M") if laatst else "",
            ]
            for c, v in enumerate(values):
                self.table.setItem(r, c, QTableWidgetItem(v))
        writable = not store.readonly
        self.enable_button.setVisible(not enabled)
        self.enable_button.setEnabled(writable)
        for b in (self.add_button, self.role_button, self.active_button):
            b.setVisible(enabled)
            b.setEnabled(admin and writable)
        self.pw_button.setVisible(enabled)
        self.pw_button.setEnabled(writable)
        self.audit_button.setEnabled(admin)
        self.idle.blockSignals(True)
        self.idle.setValue(minutes)
        self.idle.blockSignals(False)
        self.idle.setEnabled(enabled and admin and writable)
        self.idle_label.setVisible(enabled)
        self.idle.setVisible(enabled)

    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            me = accounts.current_account()
            return me.id if me else None
        return self.user_ids[rows[0].row()]

    def _run(self, fn, message: str) -> bool:
        try:
            with self.ctx.store.session() as s:
                fn(s)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.ctx.status(message)
        self.refresh()
        return True

    def add_user(self) -> None:
        from desktop.ui.login import NewUserDialog

        with self.ctx.store.session() as s:
            first = not accounts.accounts_enabled(s)
        dialog = NewUserDialog(self, first=first)
        if not dialog.exec():
            return
        naam, pw, rol, volledig = dialog.values()
        self._run(
            lambda s: accounts.create_user(s, naam, pw, "beheerder" if first else rol, volledig),
            f"Gebruiker {naam} toegevoegd."
            + (" Accounts staan nu aan; u bent aangemeld als beheerder." if first else ""),
        )

    def change_password(self) -> None:
        uid = self._selected_id()
        if uid is None:
            return
        me = accounts.current_account()
        old = None
        if me is not None and me.id == uid and not me.is_beheerder:
            old, ok = QInputDialog.getText(
                self, "Wachtwoord wijzigen", "Huidig wachtwoord:", QLineEdit.EchoMode.Password
            )
            if not ok:
                return
        new, ok = QInputDialog.getText(
            self,
            "Wachtwoord wijzigen",
            f"Nieuw wachtwoord (ten minste {accounts.MIN_PASSWORD_LENGTH} tekens):",
            QLineEdit.EchoMode.Password,
        )
        if ok:
            self._run(lambda s: accounts.change_password(s, uid, new, old), "Wachtwoord gewijzigd.")

    def change_role(self) -> None:
        uid = self._selected_id()
        if uid is None:
            return
        labels = list(accounts.ROLES.values())
        label, ok = QInputDialog.getItem(self, "Rol wijzigen", "Nieuwe rol:", labels, 1, False)
        if ok:
            rol = next(k for k, v in accounts.ROLES.items() if v == label)
            self._run(lambda s: accounts.set_role(s, uid, rol), "Rol gewijzigd.")

    def toggle_active(self) -> None:
        uid = self._selected_id()
        if uid is None:
            return
        with self.ctx.store.session() as s:
            user = s.get(accounts.Gebruiker, uid)
            actief = bool(user and user.actief)
        if actief:
            answer = QMessageBox.question(
                self, "Gebruiker uitzetten", "Deze gebruiker kan zich dan niet meer aanmelden."
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._run(lambda s: accounts.set_active(s, uid, not actief), "Gebruiker bijgewerkt.")

    def _save_idle(self) -> None:
        value = self.idle.value()
        self._run(lambda s: accounts.set_idle_minutes(s, value), "Vergrendeltijd opgeslagen.")

    def open_audit(self) -> None:
        if not accounts.may_administer():
            show_user_error(self, "Alleen een beheerder mag het auditlog bekijken.")
            return
        dialog = AuditLogDialog(self.ctx, self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.exec()
