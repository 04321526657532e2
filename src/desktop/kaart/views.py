"""The Sociale kaart section: toolbar (new, search while typing, facets), a sortable
list that loads lazily, and the detail pane in a splitter. Other lists: Te controleren,
Dubbele organisaties, Prullenbak. Import wizard, export, selectie voor een inwoner.

No reportlab/openpyxl at import time: those load when a PDF or workbook is made.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.kaart import SECTION, search, service
from desktop.kaart.form import OrganisatieForm
from desktop.kaart.models import ORGANISATIE_STATUS
from desktop.kaart.search import SearchFilters
from desktop.kaart.table_model import KaartTableModel
from desktop.ui.errors import show_user_error
from desktop.ui.section import Section

_Index = QModelIndex | QPersistentModelIndex
EMPTY_TEXT = "Nog geen organisaties — importeer ze uit Excel of voeg er een toe"


def restore_message(naam: str, undone) -> str:
    """What the status bar says after Terugzetten: for a merged organisation exactly what
    came back and what stayed with the organisation it was merged into."""
    if undone is None:
        return f"Teruggezet: {naam}."
    parts = []
    if undone.aanbod:
        parts.append(f"{undone.aanbod} aanbod")
    if undone.contactpersonen:
        n = undone.contactpersonen
        parts.append(f"{n} contactperso{'on' if n == 1 else 'nen'}")
    back = (" met " + " en ".join(parts) + f" terug van {undone.van}") if parts else ""
    return (
        f"Teruggezet: {naam}{back}. Aangevulde gegevens, wijken en verwijzingen uit andere "
        f"onderdelen blijven bij {undone.van or 'de organisatie die bleef'}."
    )


class _ListView(QTableView):
    def __init__(self, section: KaartSection) -> None:
        super().__init__(section)
        self.section = section

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.section.form.setFocus()
            self.section.form.edits["naam"].setFocus()
            return
        if event.key() == Qt.Key.Key_Delete:
            self.section.archive_current()
            return
        if event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.section.search_edit.setFocus()
            return
        super().keyPressEvent(event)


class _SearchEdit(QLineEdit):
    def __init__(self, section: KaartSection) -> None:
        super().__init__(section)
        self.section = section

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.section.run_search()
            self.section.focus_list()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class KaartSection(Section):
    info = SECTION
    help_text = (
        "<p>Alle organisaties en hun aanbod. Typ in het zoekvak (Ctrl+F): de lijst volgt "
        "terwijl u typt, hoofdletters en accenten maken niet uit. Filter op soort, wijk, "
        "doelgroep, basisfunctie en status. Ctrl+N voegt een organisatie toe, Ctrl+S slaat "
        "op, Esc maakt wijzigingen ongedaan, Delete zet een organisatie in de prullenbak.</p>"
        "<p>Bij <b>Lijst</b> vindt u ook <i>Te controleren</i> (lang niet gecontroleerd), "
        "<i>Dubbele organisaties</i> (samenvoegen) en de <i>Prullenbak</i>. Importeren uit "
        "Excel gaat met een stappenplan; exporteren kan naar Excel, CSV en HSDS.</p>"
    )

    LISTS = (
        ("alle", "Alle organisaties"),
        ("controle", "Te controleren"),
        ("dubbel", "Dubbele organisaties"),
        ("prullenbak", "Prullenbak"),
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.store = ctx.store
        self._shown_id: int | None = None
        self._loaded_once = False

        # toolbar
        bar = QToolBar()
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.new_button = QPushButton("Nieuwe organisatie")
        self.new_button.setToolTip("Nieuwe organisatie (Ctrl+N)")
        self.new_button.clicked.connect(self.new_organisatie)
        self.search_edit = _SearchEdit(self)
        self.search_edit.setObjectName("kaartZoeken")
        self.search_edit.setPlaceholderText(
            "Zoek op naam, aanbod, beschrijving, contactpersoon of plaats (Ctrl+F)"
        )
        self.search_edit.setAccessibleName("Zoeken in de sociale kaart")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(320)
        self.list_combo = QComboBox()
        self.list_combo.setAccessibleName("Lijst")
        for key, label in self.LISTS:
            self.list_combo.addItem(label, key)
        self.list_combo.currentIndexChanged.connect(lambda _i: self.reload())
        self.import_button = QPushButton("Importeren…")
        self.import_button.clicked.connect(self.import_wizard)
        self.export_button = QPushButton("Exporteren…")
        self.export_button.clicked.connect(self.export)
        self.selectie_button = QPushButton("Selectie voor een inwoner…")
        self.selectie_button.clicked.connect(self.selectie)
        bar.addWidget(self.new_button)
        bar.addWidget(self.search_edit)
        bar.addWidget(QLabel(" Lijst: "))
        bar.addWidget(self.list_combo)
        bar.addSeparator()
        for b in (self.import_button, self.export_button, self.selectie_button):
            bar.addWidget(b)

        # facets
        self.facets: dict[str, QComboBox] = {}
        facet_row = QHBoxLayout()
        facet_row.setContentsMargins(6, 0, 6, 0)
        for key, label in (
            ("soort", "Soort"),
            ("wijk", "Wijk"),
            ("doelgroep", "Doelgroep"),
            ("basisfunctie", "Basisfunctie"),
            ("status", "Status"),
        ):
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.setMinimumContentsLength(12)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.currentIndexChanged.connect(lambda _i: self.run_search())
            self.facets[key] = combo
            facet_row.addWidget(QLabel(label + ":"))
            facet_row.addWidget(combo, 1)
        self.count_label = QLabel()
        facet_row.addWidget(self.count_label)

        # list
        self.model = KaartTableModel(self.store, self)
        self.view = _ListView(self)
        self.view.setObjectName("kaartLijst")
        self.view.setAccessibleName("Organisaties")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSortingEnabled(False)
        self.view.horizontalHeader().setSectionsClickable(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.horizontalHeader().sectionClicked.connect(self._sort_clicked)
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self._size_columns()
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda _i: self.form.edits["naam"].setFocus())

        self.checked_button = QPushButton("Gecontroleerd")
        self.checked_button.setToolTip("Zet de gekozen organisaties op 'vandaag gecontroleerd'")
        self.checked_button.clicked.connect(self.mark_selected_checked)
        # the termijn of "Te controleren" (setting kaart.controle_maanden), shown with that list
        self.termijn = QSpinBox()
        self.termijn.setRange(1, 120)
        self.termijn.setSuffix(" maanden")
        self.termijn.setAccessibleName("Te controleren na (maanden)")
        self.termijn.setToolTip(
            "Organisaties die langer dan dit aantal maanden niet zijn gecontroleerd, staan "
            "bij Te controleren en op de Startpagina."
        )
        with self.store.session() as session:
            self.termijn.setValue(search.controle_maanden(session))
        self.termijn.valueChanged.connect(self._termijn_changed)
        self.termijn_label = QLabel("Te controleren na:")
        self.termijn_label.setBuddy(self.termijn)
        controle_row = QHBoxLayout()
        controle_row.addWidget(self.checked_button)
        controle_row.addStretch(1)
        controle_row.addWidget(self.termijn_label)
        controle_row.addWidget(self.termijn)
        list_box = QWidget()
        lb = QVBoxLayout(list_box)
        lb.setContentsMargins(0, 0, 0, 0)
        lb.addWidget(self.view)
        lb.addLayout(controle_row)

        # empty state
        empty = QWidget()
        el = QVBoxLayout(empty)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("kaartLeeg")
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 13pt;")
        e_import = QPushButton("Importeren uit Excel…")
        e_import.clicked.connect(self.import_wizard)
        e_new = QPushButton("Organisatie toevoegen")
        e_new.clicked.connect(self.new_organisatie)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(e_import)
        row.addWidget(e_new)
        row.addStretch(1)
        el.addStretch(1)
        el.addWidget(self.empty_label)
        el.addLayout(row)
        el.addStretch(2)

        # prullenbak and dubbel lists
        self.trash = QListWidget()
        self.trash.setAccessibleName("Prullenbak")
        restore = QPushButton("Terugzetten")
        restore.clicked.connect(self.restore_current)
        trash_box = QWidget()
        tb = QVBoxLayout(trash_box)
        tb.setContentsMargins(0, 0, 0, 0)
        trash_info = QLabel(
            "Gearchiveerde organisaties en aanbod. Terugzetten maakt ze weer actief. Een "
            "samengevoegde organisatie krijgt daarbij haar eigen aanbod en contactpersonen "
            "terug; aangevulde gegevens, wijken en verwijzingen uit andere onderdelen blijven "
            "bij de organisatie die bleef."
        )
        trash_info.setWordWrap(True)
        tb.addWidget(trash_info)
        tb.addWidget(self.trash)
        tb.addWidget(restore)
        self.dups = QListWidget()
        self.dups.setAccessibleName("Dubbele organisaties")
        self.dups.setWordWrap(True)
        self.dups.currentItemChanged.connect(self._dup_changed)
        merge = QPushButton("Samenvoegen…")
        merge.clicked.connect(self.merge_current)
        dup_box = QWidget()
        db = QVBoxLayout(dup_box)
        db.setContentsMargins(0, 0, 0, 0)
        db.addWidget(
            QLabel(
                "Organisaties met dezelfde naam, hetzelfde adres, telefoonnummer of dezelfde website."
            )
        )
        db.addWidget(self.dups)
        db.addWidget(merge)

        self.left = QStackedWidget()
        for w in (list_box, empty, trash_box, dup_box):
            self.left.addWidget(w)
        self.list_box, self.empty_box, self.trash_box, self.dup_box = (
            list_box,
            empty,
            trash_box,
            dup_box,
        )

        self.form = OrganisatieForm(self.store)
        self.form.installEventFilter(self)  # enabled or not: the form or the empty state
        self.detail_empty = self._make_detail_empty()
        self.right = QStackedWidget()
        self.right.addWidget(self.detail_empty)
        self.right.addWidget(self.form)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self._form_cancelled)
        self.form.archive_requested.connect(lambda oid: self.archive(oid))
        self.form.checked_requested.connect(lambda oid: self.mark_checked([oid]))
        self.form.print_requested.connect(self.print_fiche)

        self.splitter = QSplitter()
        self.splitter.addWidget(self.left)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([870, 496])
        self._sync_detail()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(bar)
        layout.addLayout(facet_row)
        layout.addWidget(self.splitter, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self.run_search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_organisatie)
        self.load_facets()
        self.reload()

    # ------------------------------------------------------------------ layout

    def _size_columns(self) -> None:
        """Status, date and number always in full; soort and plaats as wide as their
        usual texts (full text in the tooltip); the name takes the rest."""
        header = self.view.horizontalHeader()
        fm = self.view.fontMetrics()
        hfm = header.fontMetrics()
        pad = 18

        def fit(column: int, samples) -> int:
            title = self.model.HEADERS[column]
            return max([hfm.horizontalAdvance(title) + pad + 16] + [
                fm.horizontalAdvance(t) + pad for t in samples
            ])  # fmt: skip

        header.resizeSection(1, min(fit(1, ["Wmo-raad of adviesraad"]), 170))
        header.resizeSection(2, min(fit(2, ["Ter Aar aan de Vliet"]), 125))
        header.resizeSection(3, fit(3, ORGANISATIE_STATUS))
        header.resizeSection(4, fit(4, ["00-00-0000", "nooit"]))
        header.resizeSection(self.model.NUMBER_COLUMN, fit(self.model.NUMBER_COLUMN, ["99999"]))

    def _make_detail_empty(self) -> QWidget:
        box = QWidget()
        box.setObjectName("kaartGeenKeuze")
        layout = QVBoxLayout(box)
        label = QLabel(
            "Kies links een organisatie om haar gegevens te zien en te wijzigen, "
            "of voeg een nieuwe organisatie toe."
        )
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("font-size: 12pt;")
        self.detail_empty_label = label
        button = QPushButton("Nieuwe organisatie (Ctrl+N)")
        button.setAccessibleName("Nieuwe organisatie")
        button.clicked.connect(self.new_organisatie)
        self.detail_new_button = button
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(button)
        row.addStretch(1)
        layout.addStretch(1)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addStretch(2)
        return box

    def _sync_detail(self) -> None:
        self.right.setCurrentWidget(self.form if self.form.isEnabled() else self.detail_empty)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if (
            obj is self.form
            and event.type() == QEvent.Type.EnabledChange
            and hasattr(self, "right")
        ):
            self._sync_detail()
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ facets

    def load_facets(self) -> None:
        from desktop.kaart.taxonomy import load_doelgroepen
        from desktop.store import wijken

        with self.store.session() as session:
            soorten = [(s.id, s.naam) for s in service.list_soorten(session)]
            wijk_items = [(w.id, w.naam) for w in wijken.list_wijken(session)]
        options = {
            "soort": soorten,
            "wijk": wijk_items,
            "doelgroep": [(d.key, d.label) for d in load_doelgroepen().doelgroepen],
            "basisfunctie": [(k, f"{k} {v}") for k, v in service.basisfunctie_labels().items()],
            "status": [(s, s) for s in ORGANISATIE_STATUS],
        }
        for key, combo in self.facets.items():
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("Alle", None)
            for value, label in options[key]:
                combo.addItem(label, value)
            i = combo.findData(current)
            combo.setCurrentIndex(max(0, i))
            combo.blockSignals(False)

    def filters(self) -> SearchFilters:
        def one(key: str) -> tuple:
            value = self.facets[key].currentData()
            return (value,) if value is not None else ()

        return SearchFilters(
            soort_ids=one("soort"),
            wijk_ids=one("wijk"),
            doelgroepen=one("doelgroep"),
            basisfuncties=one("basisfunctie"),
            statussen=one("status"),
            te_controleren=self.list_combo.currentData() == "controle",
        )

    # ------------------------------------------------------------------ lists

    def current_list(self) -> str:
        return self.list_combo.currentData()

    def reload(self) -> None:
        kind = self.current_list()
        if kind == "prullenbak":
            self._fill_trash()
            self.left.setCurrentWidget(self.trash_box)
            return
        if kind == "dubbel":
            self._fill_dups()
            self.left.setCurrentWidget(self.dup_box)
            return
        self.run_search()

    def run_search(self) -> None:
        self._timer.stop()
        if self.current_list() in ("prullenbak", "dubbel"):
            return
        keep = self._shown_id
        self.model.set_source(self.search_edit.text(), self.filters())
        controle = self.current_list() == "controle"
        for w in (self.checked_button, self.termijn_label, self.termijn):
            w.setVisible(controle)
        n = len(self.model.hits)
        more = "+" if self.model._more else ""
        self.count_label.setText(f"{n}{more} gevonden")
        with self.store.session() as session:
            total = service.counts(session)["organisaties"]
        if total == 0 and self.current_list() == "alle":
            self.left.setCurrentWidget(self.empty_box)
        else:
            self.left.setCurrentWidget(self.list_box)
        if keep is not None:
            row = self.model.row_of(keep)
            if row >= 0:
                self.view.selectionModel().blockSignals(True)
                self.view.setCurrentIndex(self.model.index(row, 0))
                self.view.selectionModel().blockSignals(False)

    def _fill_trash(self) -> None:
        self.trash.clear()
        with self.store.session() as session:
            items = service.prullenbak(session)
        for it in items:
            when = (
                it.gearchiveerd_op.astimezone().strftime("%d-%m-%Y") if it.gearchiveerd_op else ""
            )
            if it.soort == "organisatie":
                text = f"{it.naam} — organisatie, {when}" + (
                    f", samengevoegd in {it.samengevoegd_in}" if it.samengevoegd_in else ""
                )
            else:
                text = f"{it.naam} — aanbod van {it.organisatie}, {when}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, (it.soort, it.id))
            self.trash.addItem(item)
        if not items:
            self.trash.addItem("De prullenbak is leeg.")

    def _fill_dups(self) -> None:
        from desktop.kaart.duplicates import duplicate_groups

        self.dups.clear()
        with self.store.session() as session:
            groups = duplicate_groups(session)
        for g in groups:
            reasons = sorted({r for c in g for r in c.redenen})
            item = QListWidgetItem(" / ".join(c.naam for c in g) + f"  ({', '.join(reasons)})")
            item.setData(Qt.ItemDataRole.UserRole, g)
            self.dups.addItem(item)
        if not groups:
            self.dups.addItem("Geen mogelijk dubbele organisaties gevonden.")

    # ------------------------------------------------------------------ selection

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not current.isValid():
            return
        oid = self.model.data(current, Qt.ItemDataRole.UserRole)
        if oid == self._shown_id:
            return
        if not self._confirm_leave_form():
            self.view.selectionModel().blockSignals(True)
            if previous.isValid():
                self.view.selectionModel().setCurrentIndex(
                    previous,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
            self.view.selectionModel().blockSignals(False)
            return
        self.show_organisatie(oid)

    def show_organisatie(self, oid: int | None) -> None:
        self._shown_id = oid
        try:
            self.form.load(oid)
        except UserError as exc:
            show_user_error(self, exc)

    def _confirm_leave_form(self) -> bool:
        if not self.form.is_dirty():
            return True
        box = QMessageBox(self)
        box.setWindowTitle("Wijzigingen opslaan?")
        box.setText("U hebt wijzigingen die nog niet zijn opgeslagen.")
        save = box.addButton("Opslaan", QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton("Niet opslaan", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.form.save()
        return clicked is discard

    def _dup_changed(self, item: QListWidgetItem | None, _prev=None) -> None:
        group = item.data(Qt.ItemDataRole.UserRole) if item else None
        if group and self._confirm_leave_form():
            self.show_organisatie(group[0].organisatie_id)

    # ------------------------------------------------------------------ actions

    def new_organisatie(self) -> None:
        if not self._confirm_leave_form():
            return
        if self.current_list() != "alle":
            self.list_combo.setCurrentIndex(0)
        self.left.setCurrentWidget(self.list_box)
        self.view.clearSelection()
        self.show_organisatie(None)
        self.form.edits["naam"].setFocus()

    def _saved(self, oid: int) -> None:
        self._shown_id = oid
        self.run_search()
        self.ctx.status("Opgeslagen.")
        self.ctx.refresh_start()

    def _form_cancelled(self) -> None:
        if self.form.organisatie_id is None and self._shown_id is None:
            self.form.setEnabled(False)

    def _termijn_changed(self, maanden: int) -> None:
        try:
            with self.store.session() as session:
                service.set_controle_maanden(session, maanden)
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.run_search()
        self.ctx.status(f"Te controleren: langer dan {maanden} maanden niet gecontroleerd.")
        self.ctx.refresh_start()

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.hits[r].organisatie_id for r in rows]

    def archive_current(self) -> None:
        ids = self.selected_ids() or ([self._shown_id] if self._shown_id else [])
        if ids:
            self.archive(*ids)

    def archive(self, *ids: int) -> None:
        try:
            with self.store.session() as session:
                names = [service.archive_organisatie(session, oid).naam for oid in ids]
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._shown_id = None
        self.form.setEnabled(False)
        self.run_search()
        self.ctx.status(
            f"Naar de prullenbak: {', '.join(names)}. Terugzetten kan via Lijst, Prullenbak."
        )
        self.ctx.refresh_start()

    def restore_current(self) -> None:
        item = self.trash.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item else None
        if not data:
            return
        soort, rid = data
        undone = None
        try:
            with self.store.session() as session:
                if soort == "organisatie":
                    org, undone = service.restore_organisatie_info(session, rid)
                    naam = org.naam
                else:
                    naam = service.restore_aanbod(session, rid).naam
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._fill_trash()
        self.ctx.status(restore_message(naam, undone))
        self.ctx.refresh_start()

    def mark_selected_checked(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.mark_checked(ids)

    def mark_checked(self, ids: list[int]) -> None:
        with self.store.session() as session:
            n = service.mark_checked(session, ids)
        self.ctx.status(f"{n} organisatie{'s' if n != 1 else ''} gemarkeerd als gecontroleerd.")
        if self._shown_id in ids:
            self.form.load(self._shown_id)
        self.run_search()
        self.ctx.refresh_start()

    def merge_current(self) -> None:
        from desktop.kaart.dialogs import MergeDialog
        from desktop.kaart.duplicates import merge_organisaties

        item = self.dups.currentItem()
        group = item.data(Qt.ItemDataRole.UserRole) if item else None
        if not group:
            return
        dialog = MergeDialog(self, group)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            with self.store.session() as session:
                kept = merge_organisaties(session, dialog.keep_id(), dialog.merge_ids())
                naam = kept.naam
        except UserError as exc:
            show_user_error(self, exc)
            return
        self._fill_dups()
        self.show_organisatie(dialog.keep_id())
        self.ctx.status(f"Samengevoegd in {naam}.")
        self.ctx.refresh_start()

    def import_wizard(self) -> None:
        from desktop.kaart.wizard import ImportWizard

        wizard = ImportWizard(self, self.store)
        wizard.exec()
        if wizard.imported:
            self.load_facets()
            self.run_search()
            self.ctx.status("Sociale kaart ingelezen.")
            self.ctx.refresh_start()

    def export(self) -> None:
        from desktop.kaart.dialogs import ExportDialog, ask_export_path
        from desktop.ui.tasks import run_task

        current = len(self.model.hits) if not self.model._more else None
        dialog = ExportDialog(self, current)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        fmt = dialog.fmt()
        path = ask_export_path(self, fmt)
        if path is None:
            return
        ids = [h.organisatie_id for h in self.model.hits] if dialog.only_list() else None
        store = self.store

        def work(progress, cancel):
            from desktop.kaart.export import export_kaart

            return export_kaart(store, fmt, path, ids=ids, progress=progress, cancel=cancel)

        self._task = run_task(
            self,
            "Exporteren",
            work,
            lambda r: self.ctx.status(f"{r[1]} organisaties opgeslagen in {r[0]}"),
        )

    def selectie(self) -> None:
        from desktop.kaart.dialogs import SelectieDialog

        initial = [
            self.model.hits[r]
            for r in sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        ]
        SelectieDialog(self, self.store, initial).exec()

    def print_fiche(self, oid: int) -> None:
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from desktop.ui.tasks import run_task

        path, _ = QFileDialog.getSaveFileName(
            self, "Fiche opslaan", str(Path.home() / f"organisatie-{oid}.pdf"), "PDF (*.pdf)"
        )
        if not path:
            return
        store = self.store

        def work(progress, cancel):
            from desktop.kaart.reports import build_organisatie

            build_organisatie(store, {"id": oid}, Path(path), progress, cancel)
            return path

        self._task = run_task(
            self, "Fiche maken", work, lambda p: self.ctx.status(f"Fiche opgeslagen: {p}")
        )

    # ------------------------------------------------------------------ Section

    def focus_list(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.hits:
            self.view.setCurrentIndex(self.model.index(0, 0))

    def focus_search(self) -> None:
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def refresh(self) -> None:
        if self._loaded_once:
            self.load_facets()
            self.form.load_choices() if not self.form.is_dirty() else None
            self.reload()
        self._loaded_once = True

    def open_record(self, record_id: int, force: bool = False) -> None:
        if not force and not self._confirm_leave_form():
            return
        if self.current_list() not in ("alle", "controle"):
            self.list_combo.setCurrentIndex(0)
        self.show_organisatie(record_id)
        row = self.model.row_of(record_id)
        if row >= 0:
            self.view.selectionModel().blockSignals(True)
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.selectionModel().blockSignals(False)

    #: ``AttentionItem.doel`` -> the list it opens (see ``desktop.kaart.attention``).
    TARGETS = {
        "te_controleren": "controle",
        "controle": "controle",
        "dubbel": "dubbel",
        "prullenbak": "prullenbak",
        "alle": "alle",
    }

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """Open the list named by ``doel`` ("te_controleren", "dubbel", "prullenbak",
        "alle") unfiltered -- search text and facets cleared, so every entry the Start
        page counted is in it -- with the focus in the list; then the record, if any."""
        kind = self.TARGETS.get(doel or "")
        if kind is None or not self._confirm_leave_form():
            if record_id is not None:
                self.open_record(record_id)
            return
        for combo in self.facets.values():
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        index = self.list_combo.findData(kind)
        self.list_combo.blockSignals(True)
        self.list_combo.setCurrentIndex(index)
        self.list_combo.blockSignals(False)
        self.reload()
        if record_id is not None and kind in ("alle", "controle"):
            self.open_record(record_id, force=True)
            self.view.setFocus()
        elif kind == "dubbel":
            self.dups.setFocus()
            if self.dups.count() and self.dups.currentRow() < 0:
                self.dups.setCurrentRow(0)
        elif kind == "prullenbak":
            self.trash.setFocus()
            if self.trash.count() and self.trash.currentRow() < 0:
                self.trash.setCurrentRow(0)
        else:
            self.focus_list()

    def can_leave(self) -> bool:
        return self._confirm_leave_form()

    def _sort_clicked(self, column: int) -> None:
        header = self.view.horizontalHeader()
        order = header.sortIndicatorOrder()
        self.model.sort(column, order)
