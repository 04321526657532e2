"""Section "Basisfuncties": metingen (nulmeting, vervolgmetingen) of the 5 + 8
basisfuncties, the fill-in screen, the witte vlekken per wijk and the actieplan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.basisfuncties import SECTION, service
from desktop.basisfuncties.actieplan_view import ActieplanView
from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.basisfuncties.invullen import MetingEditor
from desktop.basisfuncties.models import DOMEINEN, SOORTEN
from desktop.basisfuncties.vlekken_view import WitteVlekkenView
from desktop.basisfuncties.weergave import percent
from desktop.errors import UserError
from desktop.ui.errors import show_user_error
from desktop.ui.section import AppContext, Section
from desktop.ui.tasks import run_task
from desktop.ui.widgets import DateField

HELP = (
    "<p>Met een <b>meting</b> kijkt de gemeente of de <b>basisfuncties</b> van VNG, NOV en "
    "Mezzo er zijn: 5 voor de lokale ondersteuning van vrijwilligerswerk en 8 voor "
    "mantelzorg, elk met concrete activiteiten.</p>"
    "<ul><li><b>Nieuwe meting</b> (Ctrl+N): een nulmeting, of een vervolgmeting die begint "
    "met de antwoorden van de vorige meting.</li>"
    "<li>Kies links een basisfunctie. De definitie en de brontekst staan erboven. Geef per "
    "activiteit de <b>status</b>: typ 1 t/m 6 of de eerste letter; de cursor gaat naar de "
    "volgende activiteit. Rechts: uitvoerders (uit de sociale kaart of de gemeente zelf), "
    "bereikte wijken, een notitie en een ambitie. Alles wordt direct opgeslagen.</li>"
    "<li><b>Statussen</b>: aanwezig en geborgd (gewicht 1), aanwezig (0,75), in "
    "ontwikkeling (0,25), niet aanwezig (0), onbekend (0), niet van toepassing (telt niet "
    "mee). De score per basisfunctie is het gemiddelde gewicht; elke basisfunctie weegt "
    "even zwaar in het totaal. Klik op <i>Hoe telt de score?</i> voor de hele uitleg.</li>"
    "<li><b>Witte vlekken</b>: per basisfunctie en wijk of er aanbod is. Klik op een cel "
    "voor de organisaties; maak van een witte vlek met één klik een actie.</li>"
    "<li><b>Actieplan</b>: acties met eigenaar, datum en status; te late acties staan op "
    "de Startpagina.</li></ul>"
)


class MetingDialog(QDialog):
    """New meting: soort, domeinen, datum, ingevuld door, chosen functions, and for a
    vervolgmeting the meting it starts from. OK is disabled until the form is valid."""

    def __init__(self, parent: QWidget | None, metingen: list[service.MetingOverzicht]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Nieuwe meting basisfuncties")
        self.setObjectName("metingDialog")
        self.instrument = load_basisfuncties()
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.soort = QComboBox()
        self.soort.setObjectName("metingSoort")
        self.soort.setAccessibleName("Soort meting")
        for key, label in SOORTEN:
            self.soort.addItem(label, key)
        self.vorige = QComboBox()
        self.vorige.setObjectName("metingVorige")
        self.vorige.setAccessibleName("Vorige meting")
        for m in metingen:
            self.vorige.addItem(f"{m.label} (meting {m.id})", m.id)
        self.domeinen = QComboBox()
        self.domeinen.setObjectName("metingDomeinen")
        self.domeinen.setAccessibleName("Basisfuncties voor")
        for key, label in DOMEINEN:
            self.domeinen.addItem(label, key)
        self.datum = DateField()
        self.datum.setDate(QDate.currentDate())
        self.datum.setObjectName("metingDatum")
        self.datum.setAccessibleName("Datum")
        self.door = QLineEdit()
        self.door.setObjectName("metingDoor")
        self.door.setAccessibleName("Ingevuld door")
        self.door.setMaxLength(200)
        self.door.setPlaceholderText("bijvoorbeeld: beleidsmedewerker Wmo en steunpunt")
        self.functies = QListWidget()
        self.functies.setObjectName("metingFuncties")
        self.functies.setAccessibleName("Basisfuncties waaraan de gemeente werkt")
        self.functies.setMinimumHeight(220)
        self.functies.setMinimumWidth(420)  # the longest function names fit without scrolling
        self.error = QLabel()
        self.error.setStyleSheet("color: #B00020")
        form.addRow("&Soort", self.soort)
        form.addRow("&Vorige meting", self.vorige)
        form.addRow("&Basisfuncties voor", self.domeinen)
        form.addRow("&Datum", self.datum)
        form.addRow("&Ingevuld door", self.door)
        form.addRow("&Werkt aan", self.functies)
        form.addRow("", self.error)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Starten")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Annuleren")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if metingen:
            self.soort.setCurrentIndex(1)
        self.soort.currentIndexChanged.connect(lambda _i: self._validate())
        self.domeinen.currentIndexChanged.connect(lambda _i: self._fill_functions())
        self.functies.itemChanged.connect(lambda _i: self._validate())
        self._fill_functions()

    def _fill_functions(self) -> None:
        self.functies.blockSignals(True)
        self.functies.clear()
        domains = service.domain_keys(self.domeinen.currentData())
        for f in self.instrument.functions:
            if f.domain not in domains:
                continue
            it = QListWidgetItem(f"{f.code} {f.name}")
            it.setData(Qt.ItemDataRole.UserRole, f.key)
            it.setToolTip(f.definition)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Checked)
            self.functies.addItem(it)
        self.functies.blockSignals(False)
        self._validate()

    def chosen(self) -> list[str]:
        return [
            self.functies.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.functies.count())
            if self.functies.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _validate(self) -> None:
        vervolg = self.soort.currentData() == "vervolgmeting"
        self.vorige.setEnabled(vervolg and self.vorige.count() > 0)
        problem = ""
        if not self.chosen():
            problem = "Kies ten minste één basisfunctie."
        elif self._vervolg_without_previous():
            problem = "Er is nog geen meting om op voort te bouwen: kies nulmeting."
        self.error.setText(problem)
        self.error.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)

    def edit(self, meting: service.MetingOverzicht) -> None:
        """Turn the dialog into 'Gegevens van de meting': soort and vorige stay as they
        are (the answers were copied when the meting started)."""
        self.setWindowTitle(f"Gegevens van meting {meting.id}")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Opslaan")
        self.soort.setCurrentIndex(max(0, self.soort.findData(meting.soort)))
        self.soort.setEnabled(False)
        self.vorige.setVisible(False)
        self.domeinen.setCurrentIndex(max(0, self.domeinen.findData(meting.domeinen)))
        self.datum.setDate(QDate(meting.datum))
        self.door.setText(meting.ingevuld_door)
        for i in range(self.functies.count()):
            it = self.functies.item(i)
            on = it.data(Qt.ItemDataRole.UserRole) in meting.functies
            it.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.editing = True
        self._validate()

    def _vervolg_without_previous(self) -> bool:
        return (
            not getattr(self, "editing", False)
            and self.soort.currentData() == "vervolgmeting"
            and self.vorige.count() == 0
        )

    def values(self) -> dict[str, Any]:
        if getattr(self, "editing", False):
            return dict(
                domeinen=self.domeinen.currentData(),
                datum=self.datum.date().toPython(),
                ingevuld_door=self.door.text(),
                functies=self.chosen(),
            )
        vervolg = self.soort.currentData() == "vervolgmeting"
        return dict(
            soort=self.soort.currentData(),
            domeinen=self.domeinen.currentData(),
            datum=self.datum.date().toPython(),
            ingevuld_door=self.door.text(),
            functies=self.chosen(),
            vorige_id=self.vorige.currentData() if vervolg else None,
        )


class MetingenTab(QWidget):
    def __init__(self, section: BasisfunctiesSection) -> None:
        super().__init__()
        self.section = section
        self.store = section.ctx.store
        self._task = None
        self.metingen: list[service.MetingOverzicht] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.new_button = QPushButton("Nieuwe meting")
        self.new_button.setObjectName("nieuweMeting")
        self.new_button.setToolTip("Nieuwe nulmeting of vervolgmeting (Ctrl+N)")
        self.edit_button = QPushButton("Gegevens…")
        self.edit_button.setObjectName("gegevensMeting")
        self.edit_button.setToolTip("Datum, wie invulde en de gekozen basisfuncties wijzigen")
        self.export_button = QPushButton("Naar Excel…")
        self.export_button.setObjectName("exportMeting")
        self.report_button = QPushButton("Rapport…")
        self.report_button.setToolTip("Het basisfuncties-rapport maken bij Rapporten")
        self.delete_button = QPushButton("Verwijderen")
        self.delete_button.setObjectName("verwijderMeting")
        for b in (
            self.new_button,
            self.edit_button,
            self.export_button,
            self.report_button,
            self.delete_button,
        ):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.stack = QStackedWidget()
        empty = QWidget()
        el = QVBoxLayout(empty)
        label = QLabel(
            "<p style='font-size:12pt'>Nog geen metingen.</p><p>Start een <b>nulmeting</b>: "
            "loop per basisfunctie de activiteiten langs en geef aan wat er in de gemeente "
            "is. Twee jaar later laat een vervolgmeting zien wat er veranderd is.</p>"
        )
        label.setWordWrap(True)
        first = QPushButton("Nulmeting starten")
        first.setObjectName("eersteMeting")
        first.clicked.connect(self.new_meting)
        el.addStretch(1)
        el.addWidget(label)
        el.addWidget(first, 0, Qt.AlignmentFlag.AlignLeft)
        el.addStretch(2)
        self.stack.addWidget(empty)

        splitter = QSplitter(Qt.Orientation.Vertical)
        self.list = QTableWidget(0, 5)
        self.list.setObjectName("metingList")
        self.list.setAccessibleName("Metingen")
        self.list.setHorizontalHeaderLabels(
            ["Nr", "Meting", "Basisfuncties voor", "Ingevuld", "Score"]
        )
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 40), (2, 240), (3, 110), (4, 80)):
            self.list.setColumnWidth(col, width)
        self.list.setMaximumHeight(130)
        self.list.itemSelectionChanged.connect(self._on_select)
        splitter.addWidget(self.list)
        self.editor = MetingEditor(self.store, section.ctx.status)
        self.editor.saved.connect(self._on_saved)
        splitter.addWidget(self.editor)
        splitter.setSizes([110, 600])
        self.stack.addWidget(splitter)
        layout.addWidget(self.stack, 1)

        self.new_button.clicked.connect(self.new_meting)
        self.edit_button.clicked.connect(self.edit_meting)
        self.export_button.clicked.connect(self.export)
        self.report_button.clicked.connect(lambda: section.ctx.open_section("rapporten"))
        self.delete_button.clicked.connect(self.delete)

    def current_id(self) -> int | None:
        rows = self.list.selectionModel().selectedRows()
        if not rows:
            return None
        return self.list.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)

    def refresh(self, select: int | None = None) -> None:
        with self.store.session() as session:
            metingen = service.list_metingen(session)
        self.metingen = metingen
        select = select if select is not None else self.current_id()
        self.list.blockSignals(True)
        self.list.setRowCount(len(metingen))
        for row, m in enumerate(metingen):
            values = [
                str(m.id),
                m.label + (f" — {m.ingevuld_door}" if m.ingevuld_door else ""),
                service.domeinen_label(m.domeinen),
                f"{m.beantwoord} van {m.items}",
                percent(m.score),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, m.id)
                self.list.setItem(row, col, item)
        self.list.blockSignals(False)
        self.stack.setCurrentIndex(1 if metingen else 0)
        for b in (self.edit_button, self.export_button, self.report_button, self.delete_button):
            b.setEnabled(bool(metingen))
        if not metingen:
            return
        ids = [m.id for m in metingen]
        target = select if select in ids else ids[0]
        self.list.selectRow(ids.index(target))
        if self.editor.meting_id != target:
            self._on_select()

    def _on_select(self) -> None:
        meting_id = self.current_id()
        if meting_id is not None and meting_id != self.editor.meting_id:
            try:
                self.editor.load(meting_id)
            except UserError as exc:
                show_user_error(self, exc)

    def _on_saved(self) -> None:
        # update the score and count in the list without reloading the editor
        with self.store.session() as session:
            metingen = {m.id: m for m in service.list_metingen(session)}
        for row in range(self.list.rowCount()):
            m = metingen.get(self.list.item(row, 0).data(Qt.ItemDataRole.UserRole))
            if m is not None:
                self.list.item(row, 3).setText(f"{m.beantwoord} van {m.items}")
                self.list.item(row, 4).setText(percent(m.score))

    def new_meting(self) -> None:
        with self.store.session() as session:
            metingen = service.list_metingen(session)
        dialog = MetingDialog(self, metingen)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create(dialog.values())

    def edit_meting(self) -> None:
        meting_id = self.current_id()
        meting = next((m for m in self.metingen if m.id == meting_id), None)
        if meting is None:
            return
        dialog = MetingDialog(self, [])
        dialog.edit(meting)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.save_gegevens(meting.id, dialog.values())

    def save_gegevens(self, meting_id: int, values: dict[str, Any]) -> bool:
        try:
            with self.store.session() as session:
                service.update_meting(session, meting_id, **values)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self.section.ctx.status(f"Gegevens van meting {meting_id} opgeslagen")
        self.editor.meting_id = None
        self.refresh(select=meting_id)
        return True

    def create(self, values: dict[str, Any]) -> int | None:
        try:
            with self.store.session() as session:
                meting = service.create_meting(session, **values)
                meting_id = meting.id
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self.section.ctx.status(f"Meting {meting_id} gestart")
        self.editor.meting_id = None
        self.refresh(select=meting_id)
        self.section.vlekken.refresh()
        self.editor.table.setFocus()
        return meting_id

    def export(self) -> None:
        meting_id = self.current_id()
        if meting_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Meting naar Excel",
            str(Path.home() / f"meting-{meting_id}.xlsx"),
            "Excel (*.xlsx)",
        )
        if not path:
            return
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        from desktop.basisfuncties.export import export_meting

        def work(progress, cancel):
            return export_meting(self.store, meting_id, path, progress, cancel)

        self._task = run_task(
            self,
            "Meting naar Excel",
            work,
            lambda out: self.section.ctx.status(f"Opgeslagen: {out}"),
        )

    def delete(self) -> None:
        meting_id = self.current_id()
        if meting_id is None:
            return
        answer = QMessageBox.question(
            self,
            "Meting verwijderen",
            f"Meting {meting_id} met alle antwoorden verwijderen? Dit kan niet ongedaan worden.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.store.session() as session:
            service.delete_meting(session, meting_id)
        self.editor.meting_id = None
        self.section.ctx.status(f"Meting {meting_id} verwijderd")
        self.refresh()
        self.section.vlekken.refresh()


class BasisfunctiesSection(Section):
    info = SECTION
    help_text = HELP

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("basisfunctiesTabs")
        self.metingen = MetingenTab(self)
        self.vlekken = WitteVlekkenView(ctx.store, ctx.status)
        self.actieplan = ActieplanView(ctx.store, ctx.status)
        self.tabs.addTab(self.metingen, "Metingen")
        self.tabs.addTab(self.vlekken, "Witte vlekken")
        self.tabs.addTab(self.actieplan, "Actieplan")
        layout.addWidget(self.tabs)
        self.vlekken.action_created.connect(self._on_action_created)
        self.metingen.editor.action_created.connect(self._on_action_created)
        self.tabs.currentChanged.connect(self._on_tab)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self._new)
        self._loaded = False

    def _new(self) -> None:
        if self.tabs.currentWidget() is self.actieplan:
            self.actieplan.new_actie()
        else:
            self.tabs.setCurrentWidget(self.metingen)
            self.metingen.new_meting()

    def _on_tab(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.vlekken:
            self.vlekken.refresh()
        elif self.tabs.currentWidget() is self.actieplan:
            self.actieplan.refresh()

    def _on_action_created(self) -> None:
        self.actieplan.refresh()
        self.ctx.refresh_start()

    def refresh(self) -> None:
        self.metingen.refresh()
        self.vlekken.refresh()
        self.actieplan.refresh()

    def open_record(self, record_id: int) -> None:
        self.tabs.setCurrentWidget(self.metingen)
        self.metingen.refresh(select=record_id)

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """A place named by a Start page item: "actieplan" (with action ``record_id``
        selected), "witte_vlekken", "meting" (the meting ``record_id``, cursor in the list) or
        "vervolgmeting" (that meting selected, cursor on Nieuwe meting)."""
        if doel == "actieplan":
            self.tabs.setCurrentWidget(self.actieplan)
            if record_id is not None:
                if not self.actieplan.show_done.isChecked():
                    self.actieplan.show_done.setChecked(True)
                self.actieplan.refresh(select=record_id)
                self.actieplan.table.setFocus()
        elif doel == "witte_vlekken":
            self.tabs.setCurrentWidget(self.vlekken)
            self.vlekken.view.setFocus(Qt.FocusReason.OtherFocusReason)
        elif doel in ("meting", "metingen", "vervolgmeting"):
            if record_id is not None:
                self.open_record(record_id)
            else:
                self.tabs.setCurrentWidget(self.metingen)
            # "vervolgmeting": the item asks to start one, so the cursor goes to that button
            target = self.metingen.new_button if doel == "vervolgmeting" else self.metingen.list
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        elif record_id is not None:
            self.open_record(record_id)

    def focus_search(self) -> None:
        self.metingen.editor.table.setFocus()

    def can_leave(self) -> bool:
        # answers are saved at once; a note being typed is saved now
        self.metingen.editor.detail.flush_note()
        return True
