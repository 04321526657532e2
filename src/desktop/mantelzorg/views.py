"""The Mantelzorgers section: list + search + detail, register, gesprek, risk flags, AVG.

Without an encrypted store the section explains why and offers "Versleuteling
instellen". Opening a record is logged in the audit log (``service.get``).

The detail pane has three tabs (``DOELEN``, also the ``doel`` of the Start page items):
"dossier" (the dossier and the risk flags), "gesprekken" (finished gesprekken to open
and correct, and unfinished drafts to continue) and "plan" (the latest
ondersteuningsplan and its follow-up, which can be marked as done).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.mantelzorg import SECTION, gesprekken, privacy_actions, service
from desktop.mantelzorg.detail import dossier_html, gesprek_rows, plan_tab_html
from desktop.mantelzorg.encrypt_view import WHY, EncryptionDialog, IdleGuard, LockPanel
from desktop.ui.section import Section
from desktop.ui.widgets import SortItem

COLUMNS = ("Naam", "Wijk", "Zorgt voor", "Contact", "Vervolg")
#: Tabs of the detail pane, by the name an AttentionItem's ``doel`` uses.
DOELEN = ("dossier", "gesprekken", "plan")


class MantelzorgSection(Section):
    info = SECTION
    help_text = (
        "<p>Registreer mantelzorgers (Ctrl+N), voer het keukentafelgesprek langs de negen "
        "vraaggebieden en leg het ondersteuningsplan vast met verwijzingen naar de sociale "
        "kaart. Gegevens staan alleen in een versleutelde database; elke inzage en wijziging "
        "wordt vastgelegd.</p>"
    )

    def __init__(self, ctx, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.current_id: int | None = None
        self._drafts_offered = False
        self._no_draft_question = False  # set when opened for a Start page item
        self.followup_plan_id: int | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_plain_page())
        self.pages.addWidget(self._build_main_page())
        self.lock_panel = LockPanel(ctx)
        self.lock_panel.unlocked.connect(self._unlock)
        self.pages.addWidget(self.lock_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.guard = IdleGuard(self, self._idle_minutes())
        self.guard.lock.connect(self.lock)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_mantelzorger)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.reload)
        self.refresh()

    # -- pages

    def _build_plain_page(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        text = QLabel(WHY)
        text.setWordWrap(True)
        text.setMaximumWidth(760)
        col.addWidget(text)
        button = QPushButton("&Versleuteling instellen…")
        button.setObjectName("versleutelingInstellen")
        button.clicked.connect(self.setup_encryption)
        col.addWidget(button, alignment=Qt.AlignmentFlag.AlignLeft)
        col.addStretch(1)
        return page

    def _build_main_page(self) -> QWidget:
        page = QWidget()
        bar = QToolBar()
        self.new_button = QPushButton("&Nieuwe mantelzorger (Ctrl+N)")
        self.new_button.clicked.connect(self.new_mantelzorger)
        self.search = QLineEdit()
        self.search.setObjectName("mantelzorgZoek")
        self.search.setPlaceholderText("Zoek op naam, wijk of zorgvrager…")
        self.search.setAccessibleName("Zoeken")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.wijk_filter = QComboBox()
        self.wijk_filter.setAccessibleName("Filter op wijk")
        self.wijk_filter.currentIndexChanged.connect(lambda _i: self.reload())
        bar.addWidget(self.new_button)
        bar.addWidget(self.search)
        bar.addWidget(self.wijk_filter)
        actions = QToolBar()
        for label, slot in (
            ("&Gesprek starten", self.start_gesprek),
            ("&Wijzigen", self.edit_mantelzorger),
            ("&Zorgvrager…", self.edit_relatie),
            ("Plan als PDF op&slaan…", self.print_plan),
            ("&Inzage…", self.inzage),
            ("Ve&rgeten…", self.vergeet),
            ("&Bewaartermijn…", self.bewaartermijn),
        ):
            b = QPushButton(label)
            b.clicked.connect(slot)
            actions.addWidget(b)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("mantelzorgLijst")
        self.table.setAccessibleName("Mantelzorgers")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        for col in (0, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 105), (3, 90), (4, 90)):
            self.table.setColumnWidth(col, width)
        self.table.horizontalHeaderItem(3).setToolTip("Laatste contact")
        self.table.horizontalHeaderItem(4).setToolTip("Volgende vervolgcontact")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Enter and double-click (both "activate" a row) open the form
        self.table.itemActivated.connect(lambda _i: self.edit_mantelzorger())
        self.empty = QLabel("Nog geen mantelzorgers — voeg er een toe met Ctrl+N.")
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Dossier")
        self.flags = QListWidget()
        self.flags.setAccessibleName("Risicovlaggen")
        self.flags.setMaximumHeight(160)
        self.flags.setWordWrap(True)
        self.flags.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        flag_buttons = QHBoxLayout()
        for label, value in (
            ("&Vlag bevestigen", True),
            ("Niet van &toepassing…", False),
            ("Ter&ugzetten", None),
        ):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, v=value: self.decide_flag(v))
            flag_buttons.addWidget(b)
        dossier = QWidget()
        rcol = QVBoxLayout(dossier)
        rcol.addWidget(self.detail, 1)
        rcol.addWidget(
            QLabel("Risico op overbelasting (afgeleid, te bevestigen of te corrigeren):")
        )
        rcol.addWidget(self.flags)
        rcol.addLayout(flag_buttons)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mantelzorgTabs")
        self.tabs.setAccessibleName("Onderdelen van het dossier")
        self.tabs.addTab(dossier, "&Dossier")
        self.tabs.addTab(self._build_gesprekken_tab(), "Gespre&kken")
        self.tabs.addTab(self._build_plan_tab(), "&Plan en vervolg")
        right = self.tabs
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 0, 0)
        lcol.addWidget(self.empty)
        lcol.addWidget(self.table)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([600, 600])
        col = QVBoxLayout(page)
        col.addWidget(bar)
        col.addWidget(actions)
        col.addWidget(split, 1)
        return page

    def _build_gesprekken_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        label = QLabel(
            "Gesprekken van deze mantelzorger. Kies er een en druk Enter om hem te openen en "
            "te corrigeren; een concept gaat verder waar u was."
        )
        label.setWordWrap(True)
        self.gesprek_list = QListWidget()
        self.gesprek_list.setObjectName("gesprekLijst")
        self.gesprek_list.setAccessibleName("Gesprekken")
        self.gesprek_list.setWordWrap(True)
        self.gesprek_list.itemActivated.connect(lambda _i: self.open_gesprek())
        label.setBuddy(self.gesprek_list)
        self.gesprek_empty = QLabel("Nog geen gesprekken — start er een met 'Gesprek starten'.")
        self.correct_button = QPushButton("Gesprek openen en &corrigeren…")
        self.correct_button.setObjectName("gesprekCorrigeren")
        self.correct_button.clicked.connect(self.open_gesprek)
        col.addWidget(label)
        col.addWidget(self.gesprek_list, 1)
        col.addWidget(self.gesprek_empty)
        col.addWidget(self.correct_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    def _build_plan_tab(self) -> QWidget:
        page = QWidget()
        col = QVBoxLayout(page)
        self.plan_view = QTextBrowser()
        self.plan_view.setObjectName("planWeergave")
        self.plan_view.setAccessibleName("Ondersteuningsplan en vervolg")
        self.followup_button = QPushButton("Vervolgcontact is ged&aan")
        self.followup_button.setObjectName("vervolgGedaan")
        self.followup_button.clicked.connect(self.followup_done)
        col.addWidget(self.plan_view, 1)
        col.addWidget(self.followup_button, alignment=Qt.AlignmentFlag.AlignLeft)
        return page

    # -- Section API

    def _encrypted(self) -> bool:
        return self.ctx.store.encrypted

    def _idle_minutes(self) -> int:
        try:
            from desktop.privacy import accounts

            with self.ctx.store.session() as s:
                return accounts.idle_minutes(s)
        except Exception:  # accounts not available
            return 15

    def refresh(self) -> None:
        if self.pages.currentWidget() is self.lock_panel:
            return
        if not self._encrypted():
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self._fill_wijken()
        self.reload()
        if not self._drafts_offered:
            self._drafts_offered = True
            QTimer.singleShot(0, self.offer_drafts)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_record(self, record_id: int) -> None:
        self.refresh()
        self.select(record_id)

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """A tab of the detail pane for a mantelzorger ("dossier", "gesprekken", "plan"),
        or the bewaartermijn review ("bewaartermijn")."""
        if doel is not None:
            self._no_draft_question = True  # the user came for something else: no question
        self.refresh()
        if self.pages.currentWidget() is not self.pages.widget(1):
            return  # not encrypted or locked: the page says what to do
        if doel == "bewaartermijn":
            QTimer.singleShot(0, self.bewaartermijn)
            return
        if record_id is not None and not self._show_record(record_id):
            return
        if doel in DOELEN:
            self.tabs.setCurrentIndex(DOELEN.index(doel))
            focus = {"dossier": self.table, "gesprekken": self.gesprek_list}.get(doel)
            if doel == "plan":
                enabled = self.followup_button.isEnabled()
                focus = self.followup_button if enabled else self.plan_view
            if focus is not None:
                focus.setFocus()

    def _show_record(self, record_id: int) -> bool:
        """Select the record, clearing a search or wijk filter that hides it."""
        self.select(record_id)
        if self.current_id != record_id and (self.search.text() or self.wijk_filter.currentIndex()):
            for widget, clear in (
                (self.search, self.search.clear),
                (self.wijk_filter, lambda: self.wijk_filter.setCurrentIndex(0)),
            ):
                widget.blockSignals(True)
                clear()
                widget.blockSignals(False)
            self.reload()
            self.select(record_id)
        if self.current_id != record_id:
            self.ctx.status("Deze mantelzorger bestaat niet (meer).")
            return False
        return True

    def _fill_wijken(self) -> None:
        from desktop.store import wijken

        current = self.wijk_filter.currentData()
        self.wijk_filter.blockSignals(True)
        self.wijk_filter.clear()
        self.wijk_filter.addItem("Alle wijken", None)
        with self.ctx.store.session() as s:
            for w in wijken.list_wijken(s):
                self.wijk_filter.addItem(w.naam, w.id)
        self.wijk_filter.setCurrentIndex(max(0, self.wijk_filter.findData(current)))
        self.wijk_filter.blockSignals(False)

    def reload(self) -> None:
        if not self._encrypted():
            return
        try:
            with self.ctx.store.session() as s:
                rows = service.find(s, self.search.text(), wijk_id=self.wijk_filter.currentData())
        except UserError as exc:
            self.ctx.status(exc.message)
            return
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [
                SortItem(r.naam),
                SortItem(r.wijk),
                SortItem(r.zorgvragers),
                SortItem(
                    service.format_day(r.laatste_contact),
                    r.laatste_contact.toordinal() if r.laatste_contact else 0,
                ),
                SortItem(
                    service.format_day(r.vervolgdatum),
                    r.vervolgdatum.toordinal() if r.vervolgdatum else 10**7,
                ),
            ]
            cells[0].setData(Qt.ItemDataRole.UserRole, r.id)
            for j, c in enumerate(cells):
                self.table.setItem(i, j, c)
        self.table.setSortingEnabled(True)
        self.empty.setVisible(not rows and not self.search.text())
        if self.current_id is not None:
            self.select(self.current_id)

    def select(self, record_id: int) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == record_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        mid = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        if mid != self.current_id or not self.detail.toPlainText():
            self.current_id = mid
            self.show_detail()

    # -- detail

    def show_detail(self) -> None:
        if self.current_id is None:
            return
        from desktop.mantelzorg import plannen
        from desktop.mantelzorg.instrument import load_mantelzorg

        mz = load_mantelzorg()
        try:
            with self.ctx.store.session() as s:
                m = service.get(s, self.current_id)
                overview = gesprekken.assess_mantelzorger(m)
                html = dossier_html(m, mz)
                rows = gesprek_rows(m, gesprekken.open_drafts(s))
                plan_html = plan_tab_html(plannen.current_plan(m.plannen))
                followup = plannen.open_followup(m.plannen)
                self.followup_plan_id = followup.id if followup is not None else None
        except UserError as exc:
            self.detail.setPlainText(exc.message)
            return
        self.detail.setHtml(html)
        self.plan_view.setHtml(plan_html)
        self.followup_button.setEnabled(self.followup_plan_id is not None)
        self.gesprek_list.clear()
        for text, key in rows:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.gesprek_list.addItem(item)
        if rows:
            self.gesprek_list.setCurrentRow(0)
        self.gesprek_empty.setVisible(not rows)
        self.correct_button.setEnabled(bool(rows))
        self.flags.clear()
        for f in overview.flags:
            state = {True: "bevestigd", False: "niet van toepassing", None: "afgeleid"}[f.decision]
            item = QListWidgetItem(f"{'⚑' if f.effective else '–'} {f.label} ({state}): {f.reason}")
            item.setData(Qt.ItemDataRole.UserRole, f.key)
            item.setToolTip(f.reason)
            self.flags.addItem(item)
        for u in overview.undetermined:
            item = QListWidgetItem(f"? {u.label}: {u.missing}")
            item.setData(Qt.ItemDataRole.UserRole, u.key)
            self.flags.addItem(item)

    def decide_flag(self, value: bool | None) -> None:
        item = self.flags.currentItem()
        if item is None or self.current_id is None:
            self.ctx.status("Kies eerst een vlag in de lijst.")
            return
        note = ""
        if value is False:
            note, ok = QInputDialog.getText(
                self, "Niet van toepassing", "Waarom is deze vlag niet van toepassing?"
            )
            if not ok:
                return
        try:
            with self.ctx.store.session() as s:
                gesprekken.decide_flag(
                    s, self.current_id, item.data(Qt.ItemDataRole.UserRole), value, note
                )
        except UserError as exc:
            QMessageBox.warning(self, "Niet opgeslagen", exc.message)
            return
        self.show_detail()

    # -- actions

    def new_mantelzorger(self) -> None:
        if not self._encrypted() or self.pages.currentWidget() is not self.pages.widget(1):
            return
        from desktop.mantelzorg.forms import MantelzorgerDialog

        dialog = MantelzorgerDialog(self.ctx, self)
        self.last_dialog = dialog
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.current_id = dialog.saved_id
            self.reload()
            self.show_detail()
            self.ctx.status("Mantelzorger opgeslagen.")
            self.ctx.refresh_start()

    def edit_mantelzorger(self) -> None:
        if self.current_id is None:
            return
        from desktop.mantelzorg.forms import MantelzorgerDialog

        try:
            dialog = MantelzorgerDialog(self.ctx, self, self.current_id)
        except UserError as exc:
            QMessageBox.warning(self, "Mantelzorger", exc.message)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_detail()
            self.ctx.status("Wijzigingen opgeslagen.")

    def edit_relatie(self) -> None:
        """Add a zorgvrager; with one relation already, offer to edit it instead."""
        if self.current_id is None:
            return
        from desktop.mantelzorg.forms import RelatieDialog

        with self.ctx.store.session() as s:
            rels = [
                (r.id, r.zorgvrager.naam)
                for r in service.get(s, self.current_id, log_view=False).relaties
            ]
        relatie_id = None
        if rels:
            choices = ["Nieuwe zorgvrager toevoegen"] + [f"{naam} wijzigen" for _, naam in rels]
            choice, ok = QInputDialog.getItem(
                self, "Zorgvrager", "Wat wilt u doen?", choices, 0, False
            )
            if not ok:
                return
            index = choices.index(choice)
            relatie_id = rels[index - 1][0] if index else None
        try:
            dialog = RelatieDialog(self.ctx, self.current_id, self, relatie_id)
        except UserError as exc:
            QMessageBox.warning(self, "Zorgvrager", exc.message)
            return
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.reload()
            self.show_detail()
            self.ctx.status("Zorgrelatie opgeslagen.")

    def start_gesprek(self, draft: gesprekken.DraftInfo | None = None) -> None:
        mid = draft.mantelzorger_id if draft else self.current_id
        if mid is None:
            self.ctx.status("Kies eerst een mantelzorger.")
            return
        from desktop.mantelzorg.gesprek_view import GesprekDialog

        try:
            dialog = GesprekDialog(
                self.ctx,
                mid,
                self,
                draft=draft if isinstance(draft, gesprekken.DraftInfo) else None,
            )
        except UserError as exc:  # e.g. the gesprek a correction draft is about is gone
            QMessageBox.warning(self, "Gesprek", exc.message)
            return
        self.last_dialog = dialog
        dialog.setWindowState(Qt.WindowState.WindowFullScreen)  # exec() shows it, modal
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.status("Gesprek en plan opgeslagen.")
        self.current_id = mid
        self.reload()
        self.show_detail()
        self.ctx.refresh_start()

    def open_gesprek(self) -> None:
        """Open the chosen gesprek to correct it, or continue the chosen draft."""
        item = self.gesprek_list.currentItem()
        if item is None or self.current_id is None:
            self.ctx.status("Kies eerst een gesprek in de lijst.")
            return
        kind, ident = item.data(Qt.ItemDataRole.UserRole)
        if kind == "concept":
            with self.ctx.store.session() as s:
                draft = next((d for d in gesprekken.open_drafts(s) if d.id == ident), None)
            if draft is None:
                self.show_detail()
                return
            self.start_gesprek(draft)
            return
        self.correct_gesprek(ident)

    def correct_gesprek(self, gesprek_id: int) -> None:
        from desktop.mantelzorg.gesprek_view import GesprekDialog

        mid = self.current_id
        try:
            dialog = GesprekDialog(self.ctx, mid, self, gesprek_id=gesprek_id)
        except UserError as exc:
            QMessageBox.warning(self, "Gesprek", exc.message)
            self.show_detail()
            return
        self.last_dialog = dialog
        dialog.setWindowState(Qt.WindowState.WindowFullScreen)  # exec() shows it, modal
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.status(
                "Correctie van het gesprek opgeslagen."
                if dialog.saved_gesprek_id is not None
                else "Niets gewijzigd aan het gesprek."
            )
        self.current_id = mid
        self.reload()
        self.show_detail()
        self.tabs.setCurrentIndex(DOELEN.index("gesprekken"))
        self.ctx.refresh_start()

    def followup_done(self) -> None:
        plan_id = self.followup_plan_id
        if plan_id is None:
            return
        from desktop.mantelzorg import plannen

        try:
            with self.ctx.store.session() as s:
                plannen.mark_followup_done(s, plan_id)
        except UserError as exc:
            QMessageBox.warning(self, "Niet opgeslagen", exc.message)
            return
        self.reload()
        self.show_detail()
        self.ctx.status("Vervolgcontact afgehandeld.")
        self.ctx.refresh_start()

    def offer_drafts(self) -> None:
        if self._no_draft_question or self.pages.currentWidget() is not self.pages.widget(1):
            return
        with self.ctx.store.session() as s:
            drafts = gesprekken.open_drafts(s)
        for d in drafts:
            answer = QMessageBox.question(
                self,
                "Gesprek niet afgemaakt",
                f"Er is {'een correctie van een' if d.gesprek_id else 'een'} gesprek met "
                f"{d.mantelzorger_naam} dat niet is afgemaakt "
                f"(laatst bewaard {d.bijgewerkt_op.astimezone():%d-%m-%Y %H:%M}). Nu verder gaan?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.start_gesprek(d)
                return

    def print_plan(self) -> None:
        privacy_actions.print_plan(self)

    def inzage(self) -> None:
        privacy_actions.inzage(self)

    def vergeet(self) -> None:
        privacy_actions.vergeet(self)

    def bewaartermijn(self) -> None:
        privacy_actions.bewaartermijn(self)

    def setup_encryption(self) -> None:
        dialog = EncryptionDialog(self.ctx, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.ctx.status("De database is versleuteld.")
            self.refresh()

    # -- idle lock

    def lock(self) -> None:
        try:
            from desktop.privacy import accounts

            if accounts.current_account() is not None:
                return  # the window's account lock takes care of it
        except ImportError:  # pragma: no cover
            pass
        if not self._encrypted() or self.pages.currentWidget() is self.lock_panel:
            return
        for view in (self.detail, self.plan_view, self.gesprek_list, self.flags):
            view.clear()  # nothing personal stays behind the lock panel
        self.pages.setCurrentWidget(self.lock_panel)
        self.lock_panel.passphrase.setFocus()

    def _unlock(self) -> None:
        self.pages.setCurrentIndex(1)
        self.guard.set_minutes(self.guard.minutes)
        self.show_detail()
