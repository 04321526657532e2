"""The detail pane of the fill-in screen: uitvoerders (organisations from the sociale
kaart and/or de gemeente zelf), wijken reached, note and ambitie of the current activity.
Every change is emitted as the fields to save; the editor saves them at once."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.basisfuncties import service
from desktop.basisfuncties.models import PRIORITEITEN
from desktop.ui.widgets import DateField


def pick_uitvoerders(parent: QWidget, store: Any) -> list[tuple[int, str]] | None:
    """Organisations from the sociale kaart chosen by the user, ``None`` when cancelled.
    The one place that knows the picker: ``desktop.kaart.picker`` when it is there, else
    a simple list of organisation names from our own service query."""
    try:
        from desktop.kaart.picker import pick_organisaties
    except ImportError:  # pragma: no cover - the kaart picker ships with the app
        return _simple_pick(parent, store)
    hits = pick_organisaties(parent, store, multi=True)
    if hits is None:
        return None
    return [(h.organisatie_id, h.organisatie_naam) for h in hits]


def _simple_pick(parent: QWidget, store: Any) -> list[tuple[int, str]] | None:
    from PySide6.QtWidgets import QInputDialog

    with store.session() as session:
        choices = service.organisatie_keuzes(session)
    if not choices:
        return []
    names = [n for _, n in choices]
    name, ok = QInputDialog.getItem(parent, "Organisatie kiezen", "Organisatie:", names, 0, True)
    if not ok:
        return None
    return [c for c in choices if c[1] == name][:1]


class ItemDetail(QWidget):
    """Uitvoerders, wijken, note and ambitie of the current activity."""

    changed = Signal(str, dict)  # item key, fields to save
    action_requested = Signal()  # "Actie maken" for the current activity

    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._loading = False
        self.item_key: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("itemText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.status = QComboBox()
        self.status.setObjectName("itemStatus")
        self.status.setAccessibleName("Status van de activiteit")
        form.addRow("&Status", self.status)

        self.uitvoerders = QListWidget()
        self.uitvoerders.setObjectName("itemUitvoerders")
        self.uitvoerders.setAccessibleName("Uitvoerders")
        self.uitvoerders.setMaximumHeight(70)
        self.gemeente_zelf = QCheckBox("De gemeente zelf")
        self.gemeente_zelf.setObjectName("itemGemeenteZelf")
        self.add_uitv = QPushButton("Kies uit de sociale &kaart…")
        self.add_uitv.setObjectName("addUitvoerder")
        self.remove_uitv = QPushButton("Weghalen")
        self.remove_uitv.setAccessibleName("Gekozen uitvoerder weghalen")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_uitv)
        buttons.addWidget(self.remove_uitv)
        box = QVBoxLayout()
        box.addWidget(self.uitvoerders)
        box.addLayout(buttons)
        box.addWidget(self.gemeente_zelf)
        form.addRow("Uitvoerders", box)

        self.wijken = QListWidget()
        self.wijken.setObjectName("itemWijken")
        self.wijken.setAccessibleName("Bereikte wijken (geen vinkje: hele gemeente)")
        self.wijken.setMaximumHeight(96)
        self.wijken.setToolTip(
            "Vink de wijken aan die de activiteit bereikt. Geen vinkje: de hele gemeente."
        )
        form.addRow("&Wijken", self.wijken)

        self.notitie = QPlainTextEdit()
        self.notitie.setObjectName("itemNotitie")
        self.notitie.setAccessibleName("Notitie")
        self.notitie.setTabChangesFocus(True)
        self.notitie.setMaximumHeight(64)
        form.addRow("&Notitie", self.notitie)

        self.prioriteit = QComboBox()
        self.prioriteit.setObjectName("itemPrioriteit")
        self.prioriteit.setAccessibleName("Ambitie: prioriteit")
        for p in PRIORITEITEN:
            self.prioriteit.addItem(p or "geen ambitie", p)
        self.streef_aan = QCheckBox("streefdatum")
        self.streefdatum = DateField()
        self.streefdatum.setDate(QDate.currentDate().addYears(1))
        self.streefdatum.setObjectName("itemStreefdatum")
        self.streefdatum.setAccessibleName("Ambitie: streefdatum")
        amb = QHBoxLayout()
        amb.addWidget(self.prioriteit)
        amb.addWidget(self.streef_aan)
        amb.addWidget(self.streefdatum)
        form.addRow("Ambitie", amb)
        layout.addLayout(form)
        self.make_action = QPushButton("Actie &maken voor deze activiteit")
        self.make_action.setObjectName("itemActie")
        self.make_action.setToolTip("Zet deze activiteit als actie in het actieplan")
        self.make_action.clicked.connect(self.action_requested.emit)
        layout.addWidget(self.make_action, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)

        self._note_timer = QTimer(self)
        self._note_timer.setSingleShot(True)
        self._note_timer.setInterval(700)
        self._note_timer.timeout.connect(self._save_note)
        self.status.activated.connect(lambda _i: self._emit(status=self.status.currentData()))
        self.gemeente_zelf.toggled.connect(lambda on: self._emit(gemeente_zelf=on))
        self.add_uitv.clicked.connect(self._add_uitvoerders)
        self.remove_uitv.clicked.connect(self._remove_uitvoerder)
        self.wijken.itemChanged.connect(lambda _i: self._emit(wijk_ids=self.checked_wijken()))
        self.notitie.textChanged.connect(
            lambda: None if self._loading else self._note_timer.start()
        )
        self.prioriteit.activated.connect(
            lambda _i: self._emit(prioriteit=self.prioriteit.currentData())
        )
        self.streef_aan.toggled.connect(self._streef_toggled)
        self.streefdatum.dateChanged.connect(
            lambda d: self._emit(streefdatum=d.toPython()) if self.streef_aan.isChecked() else None
        )

    # -- filling
    def set_scale(self, statuses: list[tuple[str, str]]) -> None:
        self.status.clear()
        self.status.addItem("(nog niet ingevuld)", None)
        for i, (key, name) in enumerate(statuses, start=1):
            self.status.addItem(f"{i} {name}", key)

    def set_wijken(self, wijken: list[tuple[int, str]]) -> None:
        self._loading = True
        self.wijken.clear()
        for wid, naam in wijken:
            it = QListWidgetItem(naam)
            it.setData(Qt.ItemDataRole.UserRole, wid)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
            self.wijken.addItem(it)
        self._loading = False

    def show_item(self, html: str, answer: service.Antwoord | None, item_key: str) -> None:
        self.flush_note()  # a note typed for the previous activity goes to that activity
        self.item_key = item_key
        self._loading = True
        self.text.setText(html)
        status = answer.status if answer else None
        self.status.setCurrentIndex(max(0, self.status.findData(status)))
        self.uitvoerders.clear()
        for oid, naam in answer.uitvoerders if answer else ():
            it = QListWidgetItem(naam)
            it.setData(Qt.ItemDataRole.UserRole, oid)
            self.uitvoerders.addItem(it)
        self.gemeente_zelf.setChecked(bool(answer and answer.gemeente_zelf))
        chosen = {wid for wid, _ in answer.wijken} if answer else set()
        for i in range(self.wijken.count()):
            it = self.wijken.item(i)
            on = it.data(Qt.ItemDataRole.UserRole) in chosen
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.notitie.setPlainText(answer.notitie if answer else "")
        self.prioriteit.setCurrentIndex(
            max(0, self.prioriteit.findData(answer.prioriteit if answer else ""))
        )
        has_date = bool(answer and answer.streefdatum)
        self.streef_aan.setChecked(has_date)
        self.streefdatum.setEnabled(has_date)
        if answer and answer.streefdatum:
            self.streefdatum.setDate(QDate(answer.streefdatum))
        self._loading = False

    def checked_wijken(self) -> list[int]:
        return [
            self.wijken.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.wijken.count())
            if self.wijken.item(i).checkState() == Qt.CheckState.Checked
        ]

    def uitvoerder_ids(self) -> list[int]:
        return [
            self.uitvoerders.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.uitvoerders.count())
        ]

    # -- saving
    def _emit(self, **fields: Any) -> None:
        if not self._loading and self.item_key is not None:
            self.changed.emit(self.item_key, fields)

    def _save_note(self) -> None:
        self._emit(notitie=self.notitie.toPlainText())

    def flush_note(self) -> None:
        if self._note_timer.isActive():
            self._note_timer.stop()
            self._save_note()

    def _streef_toggled(self, on: bool) -> None:
        self.streefdatum.setEnabled(on)
        self._emit(streefdatum=self.streefdatum.date().toPython() if on else None)

    def _add_uitvoerders(self) -> None:
        picked = pick_uitvoerders(self, self.store)
        if not picked:
            return
        ids = self.uitvoerder_ids()
        for oid, _naam in picked:
            if oid not in ids:
                ids.append(oid)
        self._emit(uitvoerder_ids=ids)

    def _remove_uitvoerder(self) -> None:
        row = self.uitvoerders.currentRow()
        if row < 0:
            return
        ids = self.uitvoerder_ids()
        del ids[row]
        self._emit(uitvoerder_ids=ids)
