"""The detail pane of the sociale kaart: the organisation form with inline validation,
its contactpersonen and aanbod, and the aanbod editor dialog.

Validation messages appear under the field while typing (``service.clean_organisatie``
on one field at a time); Opslaan stays disabled until the form is valid and changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.kaart import service
from desktop.kaart.models import ORGANISATIE_STATUS, WERKGEBIED

ERROR_STYLE = "color: #B00020;"


def _error_label() -> QLabel:
    label = QLabel()
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    label.setVisible(False)
    return label


class CheckList(QListWidget):
    """A list of check boxes: (value, label) items; ``values()`` gives the ticked ones."""

    changed = Signal()

    def __init__(
        self, items: list[tuple[Any, str]], name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        # long labels ("pv2 Preventieve ondersteuning van jeugd en ouders") wrap instead of
        # being cut off behind a horizontal scroll bar; the tooltip has the full text too
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        for value, label in items:
            item = QListWidgetItem(label)
            item.setToolTip(label)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.addItem(item)
        self.itemChanged.connect(lambda _i: self.changed.emit())
        self.setMaximumHeight(max(60, min(150, 20 * len(items) + 6)))

    def values(self) -> list[Any]:
        return [
            self.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.count())
            if self.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_values(self, values) -> None:
        wanted = set(values or ())
        self.blockSignals(True)
        for i in range(self.count()):
            item = self.item(i)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and self.currentItem() is not None:
            item = self.currentItem()
            on = item.checkState() != Qt.CheckState.Checked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            return
        super().keyPressEvent(event)


class OrganisatieForm(QWidget):
    """Edit one organisation. Signals: ``saved(id)``, ``dirty_changed(bool)``."""

    saved = Signal(int)
    cancelled = Signal()
    archive_requested = Signal(int)
    checked_requested = Signal(int)
    print_requested = Signal(int)

    TEXT_FIELDS = (
        ("naam", "Naam *"),
        ("straat", "Straat"),
        ("huisnummer", "Huisnummer"),
        ("postcode", "Postcode"),
        ("plaats", "Plaats"),
        ("telefoon", "Telefoon"),
        ("email", "E-mail"),
        ("website", "Website"),
        ("bron", "Bron"),
    )

    def __init__(self, store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.organisatie_id: int | None = None
        self._loaded: dict[str, Any] = {}
        self._errors: dict[str, str] = {}
        self._loading = False

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.title.setWordWrap(True)
        self.controle_label = QLabel()
        self.controle_label.setWordWrap(True)

        self.edits: dict[str, QLineEdit] = {}
        self.error_labels: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        def add_field(key: str, label: str, widget: QWidget) -> None:
            box = QVBoxLayout()
            box.setSpacing(1)
            box.setContentsMargins(0, 0, 0, 0)
            box.addWidget(widget)
            err = _error_label()
            err.setObjectName(f"fout_{key}")
            box.addWidget(err)
            self.error_labels[key] = err
            holder = QWidget()
            holder.setLayout(box)
            form.addRow(label, holder)
            widget.setAccessibleName(label.rstrip(" *"))

        for key, label in self.TEXT_FIELDS[:1]:
            edit = QLineEdit()
            edit.setObjectName(f"veld_{key}")
            self.edits[key] = edit
            add_field(key, label, edit)
        self.soort_combo = QComboBox()
        self.soort_combo.setObjectName("veld_soort")
        self.soort_button = QPushButton("Nieuwe soort…")
        self.soort_button.setToolTip("Een soort toevoegen die nog niet in de lijst staat")
        self.soort_button.clicked.connect(self.add_soort)
        soort_row = QWidget()
        sr = QHBoxLayout(soort_row)
        sr.setContentsMargins(0, 0, 0, 0)
        sr.addWidget(self.soort_combo, 1)
        sr.addWidget(self.soort_button)
        self.soort_combo.setAccessibleName("Soort")
        add_field("soort_id", "Soort", soort_row)
        self.beschrijving = QPlainTextEdit()
        self.beschrijving.setObjectName("veld_beschrijving")
        self.beschrijving.setTabChangesFocus(True)
        self.beschrijving.setMaximumHeight(80)
        add_field("beschrijving", "Beschrijving", self.beschrijving)
        for key, label in self.TEXT_FIELDS[1:]:
            edit = QLineEdit()
            edit.setObjectName(f"veld_{key}")
            self.edits[key] = edit
            add_field(key, label, edit)
        self.edits["postcode"].setPlaceholderText("1234 AB")
        self.edits["telefoon"].setPlaceholderText("010 123 4567")
        self.edits["email"].setPlaceholderText("naam@voorbeeld.nl")
        self.edits["website"].setPlaceholderText("www.voorbeeld.nl")
        self.werkgebied = QComboBox()
        self.werkgebied.addItems(list(WERKGEBIED))
        add_field("werkgebied", "Werkgebied", self.werkgebied)
        self.wijken = CheckList([], "Wijken")
        add_field("wijk_ids", "Wijken en kernen", self.wijken)
        self.status = QComboBox()
        self.status.addItems(list(ORGANISATIE_STATUS))
        add_field("status", "Status", self.status)
        self.niet_publiceren = QCheckBox("Niet publiceren (niet in de wegwijzer)")
        add_field("niet_publiceren", "", self.niet_publiceren)
        self.notities = QPlainTextEdit()
        self.notities.setTabChangesFocus(True)
        self.notities.setMaximumHeight(70)
        add_field("notities", "Notities", self.notities)

        # contactpersonen
        self.contacts = QTableWidget(0, 4)
        self.contacts.setAccessibleName("Contactpersonen")
        self.contacts.setHorizontalHeaderLabels(["Naam", "Functie", "Telefoon", "E-mail"])
        self.contacts.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.contacts.verticalHeader().hide()
        self.contacts.setMaximumHeight(120)
        self.contacts.itemChanged.connect(lambda _i: self._on_changed())
        add_contact = QPushButton("Contactpersoon toevoegen")
        add_contact.clicked.connect(self.add_contact_row)
        del_contact = QPushButton("Verwijderen")
        del_contact.clicked.connect(self.remove_contact_row)
        self.contact_error = _error_label()
        contact_box = QGroupBox("Contactpersonen")
        cl = QVBoxLayout(contact_box)
        cl.addWidget(self.contacts)
        cl.addWidget(self.contact_error)
        row = QHBoxLayout()
        row.addWidget(add_contact)
        row.addWidget(del_contact)
        row.addStretch(1)
        cl.addLayout(row)

        # aanbod
        self.aanbod_list = QListWidget()
        self.aanbod_list.setAccessibleName("Aanbod")
        self.aanbod_list.itemActivated.connect(lambda _i: self.edit_aanbod())
        self.new_aanbod_button = QPushButton("Nieuw aanbod")
        self.new_aanbod_button.clicked.connect(self.new_aanbod)
        self.edit_aanbod_button = QPushButton("Bewerken")
        self.edit_aanbod_button.clicked.connect(self.edit_aanbod)
        self.archive_aanbod_button = QPushButton("Naar prullenbak")
        self.archive_aanbod_button.clicked.connect(self.archive_aanbod)
        aanbod_box = QGroupBox("Aanbod")
        al = QVBoxLayout(aanbod_box)
        al.addWidget(self.aanbod_list)
        arow = QHBoxLayout()
        for b in (self.new_aanbod_button, self.edit_aanbod_button, self.archive_aanbod_button):
            arow.addWidget(b)
        arow.addStretch(1)
        al.addLayout(arow)
        self.aanbod_hint = QLabel("Sla de organisatie eerst op; daarna kunt u aanbod toevoegen.")
        self.aanbod_hint.setWordWrap(True)
        al.addWidget(self.aanbod_hint)

        # buttons
        self.save_button = QPushButton("Opslaan")
        self.save_button.setObjectName("opslaan")
        self.save_button.setToolTip("Opslaan (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton("Annuleren")
        self.cancel_button.setToolTip("Wijzigingen ongedaan maken (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.checked_button = QPushButton("Gecontroleerd")
        self.checked_button.setToolTip("Vandaag gecontroleerd: zet de datum op vandaag")
        self.checked_button.clicked.connect(
            lambda: self.organisatie_id and self.checked_requested.emit(self.organisatie_id)
        )
        self.archive_button = QPushButton("Naar prullenbak")
        self.archive_button.setToolTip("Archiveren (Delete); terug te zetten uit de prullenbak")
        self.archive_button.clicked.connect(
            lambda: self.organisatie_id and self.archive_requested.emit(self.organisatie_id)
        )
        self.print_button = QPushButton("Fiche afdrukken")
        self.print_button.clicked.connect(
            lambda: self.organisatie_id and self.print_requested.emit(self.organisatie_id)
        )
        buttons = QHBoxLayout()
        for b in (self.save_button, self.cancel_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        for b in (self.checked_button, self.print_button, self.archive_button):
            buttons.addWidget(b)

        details = QWidget()
        dl = QVBoxLayout(details)
        dl.addLayout(form)
        dl.addWidget(contact_box)
        tabs = QTabWidget()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        tabs.addTab(scroll, "Gegevens")
        tabs.addTab(aanbod_box, "Aanbod")
        self.history = QListWidget()
        self.history.setAccessibleName("Wijzigingen")
        tabs.addTab(self.history, "Wijzigingen")
        self.tabs = tabs

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.controle_label)
        layout.addWidget(tabs, 1)
        layout.addLayout(buttons)

        for key, edit in self.edits.items():
            edit.textChanged.connect(lambda _t, k=key: self._validate_field(k))
        for w in (self.soort_combo, self.werkgebied, self.status):
            w.currentIndexChanged.connect(lambda _i: self._on_changed())
        self.beschrijving.textChanged.connect(self._on_changed)
        self.notities.textChanged.connect(self._on_changed)
        self.niet_publiceren.toggled.connect(lambda _b: self._on_changed())
        self.wijken.changed.connect(self._on_changed)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.cancel)
        self.setEnabled(False)

    # ------------------------------------------------------------------ loading

    def load_choices(self) -> None:
        from desktop.store import wijken

        with self.store.session() as session:
            soorten = [(s.id, s.naam) for s in service.list_soorten(session)]
            wijk_items = [(w.id, w.naam) for w in wijken.list_wijken(session)]
        # Reloading the lists (e.g. when the section is shown again) must keep what the
        # form shows: the soort and wijken of the organisation on screen stay selected.
        current_soort = self.soort_combo.currentData()
        checked = {
            self.wijken.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.wijken.count())
            if self.wijken.item(row).checkState() == Qt.CheckState.Checked
        }
        self.soort_combo.blockSignals(True)
        self.soort_combo.clear()
        self.soort_combo.addItem("(geen soort)", None)
        for sid, naam in soorten:
            self.soort_combo.addItem(naam, sid)
        index = self.soort_combo.findData(current_soort)
        self.soort_combo.setCurrentIndex(max(index, 0))
        self.soort_combo.blockSignals(False)
        self.wijken.blockSignals(True)
        self.wijken.clear()
        for wid, naam in wijk_items:
            item = QListWidgetItem(naam)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if wid in checked else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, wid)
            self.wijken.addItem(item)
        self.wijken.blockSignals(False)

    def load(self, organisatie_id: int | None) -> None:
        """Show an organisation (None: an empty form for a new one)."""
        self._loading = True
        self.organisatie_id = organisatie_id
        if self.soort_combo.count() == 0:
            self.load_choices()
        if organisatie_id is None:
            values: dict[str, Any] = {
                "naam": "", "soort_id": None, "beschrijving": "", "straat": "", "huisnummer": "",
                "postcode": "", "plaats": "", "telefoon": "", "email": "", "website": "",
                "werkgebied": "gemeente", "status": "actief", "niet_publiceren": False, "bron": "",
                "notities": "", "wijk_ids": [], "contactpersonen": [],
            }  # fmt: skip
            self.title.setText("Nieuwe organisatie")
            self.controle_label.setText("")
            aanbod: list[tuple[int, str]] = []
            history: list[str] = []
        else:
            with self.store.session() as session:
                org = service.get_organisatie(session, organisatie_id)
                values = service.organisatie_values(org)
                self.title.setText(
                    org.naam + (" (in de prullenbak)" if org.gearchiveerd_op else "")
                )
                # the number is what "Selectie voor een inwoner" and the fiche ask for
                nummer = f"Nr. {org.id} · "
                if org.gecontroleerd_op:
                    self.controle_label.setText(
                        nummer
                        + f"Laatst gecontroleerd op {org.gecontroleerd_op.strftime('%d-%m-%Y')}"
                        + (f" door {org.gecontroleerd_door}" if org.gecontroleerd_door else "")
                    )
                else:
                    self.controle_label.setText(nummer + "Nog nooit gecontroleerd.")
                aanbod = [
                    (a.id, a.naam + ("" if a.status == "actief" else f" ({a.status})"))
                    for a in org.aanbod
                    if a.gearchiveerd_op is None
                ]
                history = [
                    f"{w.tijd.astimezone().strftime('%d-%m-%Y %H:%M')}  {w.gebruiker}: {w.actie}"
                    + (f" {w.veld}: {w.oud or '—'} → {w.nieuw or '—'}" if w.veld else "")
                    for w in service.history(session, organisatie_id)[:200]
                ]
        for key, edit in self.edits.items():
            edit.setText(values.get(key) or "")
        i = self.soort_combo.findData(values.get("soort_id"))
        self.soort_combo.setCurrentIndex(max(0, i))
        self.beschrijving.setPlainText(values.get("beschrijving") or "")
        self.notities.setPlainText(values.get("notities") or "")
        self.werkgebied.setCurrentText(values.get("werkgebied") or "gemeente")
        self.status.setCurrentText(values.get("status") or "actief")
        self.niet_publiceren.setChecked(bool(values.get("niet_publiceren")))
        self.wijken.set_values(values.get("wijk_ids"))
        self.contacts.blockSignals(True)
        self.contacts.setRowCount(0)
        for c in values.get("contactpersonen") or []:
            self._append_contact(c)
        self.contacts.blockSignals(False)
        self.aanbod_list.clear()
        for aid, naam in aanbod:
            item = QListWidgetItem(naam)
            item.setData(Qt.ItemDataRole.UserRole, aid)
            self.aanbod_list.addItem(item)
        self.history.clear()
        self.history.addItems(history or ["Nog geen wijzigingen."])
        for label in self.error_labels.values():
            label.setVisible(False)
        self.contact_error.setVisible(False)
        self._errors = {}
        self._loaded = self.values()
        self._loading = False
        is_new = organisatie_id is None
        for b in (self.new_aanbod_button, self.edit_aanbod_button, self.archive_aanbod_button):
            b.setEnabled(not is_new)
        self.aanbod_hint.setVisible(is_new)
        for b in (self.checked_button, self.archive_button, self.print_button):
            b.setEnabled(not is_new)
        self.setEnabled(True)
        self._update_buttons()

    def add_soort(self) -> None:
        """Ask for the name of a new soort, add it (eigen soort) and select it."""
        from PySide6.QtWidgets import QInputDialog

        from desktop.errors import UserError
        from desktop.ui.errors import show_user_error

        naam, ok = QInputDialog.getText(self, "Nieuwe soort", "Naam van de soort organisatie:")
        if not ok or not naam.strip():
            return
        try:
            with self.store.session() as session:
                soort_id = service.add_soort(session, naam).id
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.load_choices()
        self.soort_combo.setCurrentIndex(max(0, self.soort_combo.findData(soort_id)))

    def _append_contact(self, c: dict[str, Any]) -> None:
        row = self.contacts.rowCount()
        self.contacts.insertRow(row)
        for col, key in enumerate(("naam", "functie", "telefoon", "email")):
            item = QTableWidgetItem(c.get(key) or "")
            if col == 0:
                item.setData(Qt.ItemDataRole.UserRole, c.get("id"))
            self.contacts.setItem(row, col, item)

    def add_contact_row(self) -> None:
        self._append_contact({})
        self.contacts.setCurrentCell(self.contacts.rowCount() - 1, 0)
        self.contacts.editItem(self.contacts.item(self.contacts.rowCount() - 1, 0))
        self._on_changed()

    def remove_contact_row(self) -> None:
        row = self.contacts.currentRow()
        if row >= 0:
            self.contacts.removeRow(row)
            self._on_changed()

    # ------------------------------------------------------------------ values

    def values(self) -> dict[str, Any]:
        v: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()}
        v["soort_id"] = self.soort_combo.currentData()
        v["beschrijving"] = self.beschrijving.toPlainText()
        v["notities"] = self.notities.toPlainText()
        v["werkgebied"] = self.werkgebied.currentText()
        v["status"] = self.status.currentText()
        v["niet_publiceren"] = self.niet_publiceren.isChecked()
        v["wijk_ids"] = sorted(self.wijken.values())
        contacts = []
        for row in range(self.contacts.rowCount()):
            cells = [self.contacts.item(row, c) for c in range(4)]
            texts = [c.text().strip() if c else "" for c in cells]
            if not any(texts):
                continue
            contact = dict(zip(("naam", "functie", "telefoon", "email"), texts, strict=True))
            if cells[0] is not None and cells[0].data(Qt.ItemDataRole.UserRole):
                contact["id"] = cells[0].data(Qt.ItemDataRole.UserRole)
            contacts.append(contact)
        v["contactpersonen"] = contacts
        return v

    def is_dirty(self) -> bool:
        return self.isEnabled() and self.values() != self._loaded

    def is_valid(self) -> bool:
        return not service.clean_organisatie(self.values()).errors

    def _validate_field(self, key: str) -> None:
        if self._loading:
            return
        cleaned = service.clean_organisatie({key: self.edits[key].text()})
        message = cleaned.errors.get(key, "")
        label = self.error_labels[key]
        label.setText(message)
        label.setVisible(bool(message))
        self._on_changed()

    def _on_changed(self) -> None:
        if self._loading:
            return
        cleaned = service.clean_organisatie({"contactpersonen": self.values()["contactpersonen"]})
        msg = next(iter(cleaned.errors.values()), "")
        self.contact_error.setText(msg)
        self.contact_error.setVisible(bool(msg))
        self._update_buttons()

    def _update_buttons(self) -> None:
        dirty = self.is_dirty()
        self.save_button.setEnabled(dirty and self.is_valid())
        self.cancel_button.setEnabled(dirty or self.organisatie_id is None)

    # ------------------------------------------------------------------ actions

    def save(self) -> bool:
        """Save; returns True when saved. Duplicates are checked for new organisations."""
        from desktop.errors import UserError
        from desktop.ui.errors import show_user_error

        if not self.save_button.isEnabled():
            return False
        values = self.values()
        try:
            if self.organisatie_id is None:
                from desktop.kaart.dialogs import confirm_not_duplicate

                if not confirm_not_duplicate(self, self.store, values):
                    return False
            with self.store.session() as session:
                org = service.save_organisatie(session, values, self.organisatie_id)
                new_id = org.id
        except service.FormError as exc:
            for key, message in exc.errors.items():
                label = self.error_labels.get(key.split(".")[0])
                if label is not None:
                    label.setText(message)
                    label.setVisible(True)
            return False
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.load(new_id)
        self.saved.emit(new_id)
        return True

    def cancel(self) -> None:
        if self.organisatie_id is None:
            self.setEnabled(False)
            self.cancelled.emit()
            return
        self.load(self.organisatie_id)
        self.cancelled.emit()

    def _current_aanbod(self) -> int | None:
        item = self.aanbod_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def new_aanbod(self) -> None:
        if self.organisatie_id is None:
            return
        from desktop.kaart.aanbod_dialog import AanbodDialog

        dialog = AanbodDialog(self, self.store, organisatie_id=self.organisatie_id)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load(self.organisatie_id)
            self.saved.emit(self.organisatie_id)

    def edit_aanbod(self) -> None:
        aid = self._current_aanbod()
        if aid is None:
            return
        from desktop.kaart.aanbod_dialog import AanbodDialog

        dialog = AanbodDialog(self, self.store, aanbod_id=aid)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.load(self.organisatie_id)
            self.saved.emit(self.organisatie_id)

    def archive_aanbod(self) -> None:
        aid = self._current_aanbod()
        if aid is None or self.organisatie_id is None:
            return
        with self.store.session() as session:
            service.archive_aanbod(session, aid)
        self.load(self.organisatie_id)
        self.saved.emit(self.organisatie_id)


def today() -> date:
    return date.today()
