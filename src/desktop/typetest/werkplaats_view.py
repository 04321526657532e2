"""The Stappenplan tab: the beleidswerkplaats.

Left the nine steps with their status; in the middle the chosen step (status, owner,
date, notes) above its verbatim questions and aandachtspunten; on the right the 5 S-en
and the thema-checklist with ticks and notes. A typetest ronde is the starting point of
step 1. Ctrl+S saves; leaving with unsaved changes asks first.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.rapporten.formatting import format_date
from desktop.typetest import plan as plan_service
from desktop.typetest import service
from desktop.typetest.instrument import Stap, load_typetest
from desktop.typetest.models import STAP_STATUS
from desktop.ui.widgets import DateField

STATUS_MARK = {"niet begonnen": "○", "bezig": "◐", "klaar": "●"}


def stap_html(stap: Stap) -> str:
    """The verbatim text of a step: paragraphs, and lists with their lead-in."""
    parts = []
    for blok in stap.blokken:
        if blok.soort == "alinea":
            parts.append(f"<p>{escape(blok.tekst)}</p>")
        else:
            kop = {
                "vragen": "Vragen",
                "uitgangspunten": "Uitgangspunten",
                "tips": "Tips",
                "aandachtspunten": "Aandachtspunten",
            }[blok.soort]
            items = "".join(f"<li>{escape(i)}</li>" for i in blok.items)
            parts.append(f"<h4>{kop}</h4><p>{escape(blok.tekst)}</p><ul>{items}</ul>")
    parts.append(f"<p style='color:#4D4D4D'><small>Bron: {escape(stap.bron.citation)}</small></p>")
    return "".join(parts)


def _notes_edit(name: str, height: int = 70) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setAccessibleName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


class WerkplaatsView(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("werkplaats")
        self.ctx = ctx
        self.store = ctx.store
        self.plan_id: int | None = None
        self.current_step = 1
        self.dirty = False
        self._loading = False

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        label = QLabel("&Startpunt (typetest-ronde):")
        self.ronde_combo = QComboBox()
        self.ronde_combo.setObjectName("startRonde")
        self.ronde_combo.setAccessibleName("Typetest-ronde als startpunt van stap 1")
        self.ronde_combo.setMinimumWidth(280)
        label.setBuddy(self.ronde_combo)
        self.ronde_combo.activated.connect(self._ronde_chosen)
        self.progress = QLabel()
        self.progress.setObjectName("planProgress")
        self.print_button = QPushButton("Plan van aanpak &afdrukken…")
        self.print_button.setObjectName("printPlan")
        self.print_button.clicked.connect(self._print)
        self.save_button = QPushButton("&Opslaan")
        self.save_button.setObjectName("savePlan")
        self.save_button.setToolTip("Opslaan (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        top.addWidget(label)
        top.addWidget(self.ronde_combo)
        top.addSpacing(12)
        top.addWidget(self.progress, 1)
        top.addWidget(self.save_button)
        top.addWidget(self.print_button)
        layout.addLayout(top)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.steps = QListWidget()
        self.steps.setObjectName("stepList")
        self.steps.setAccessibleName("Stappen")
        self.steps.setWordWrap(True)
        self.steps.currentRowChanged.connect(self._step_changed)
        splitter.addWidget(self.steps)
        splitter.addWidget(self._step_editor())
        splitter.addWidget(self._side_panel())
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([250, 560, 420])
        layout.addWidget(splitter, 1)

    # ------------------------------------------------------------------ building
    def _step_editor(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 0, 6, 0)
        self.step_title = QLabel()
        self.step_title.setObjectName("stepTitle")
        self.step_title.setWordWrap(True)
        font = self.step_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.step_title.setFont(font)
        layout.addWidget(self.step_title)
        self.start_text = QLabel()
        self.start_text.setObjectName("stepStart")
        self.start_text.setWordWrap(True)
        self.start_text.setTextFormat(Qt.TextFormat.RichText)
        self.start_text.setStyleSheet(
            "QLabel { background: #EEF2F7; color: #1A1A1A; padding: 6px; border-radius: 4px; }"
        )
        layout.addWidget(self.start_text)
        form = QFormLayout()
        self.status = QComboBox()
        self.status.setObjectName("stepStatus")
        self.status.addItems(list(STAP_STATUS))
        self.owner = QLineEdit()
        self.owner.setObjectName("stepOwner")
        self.owner.setMaxLength(200)
        date_row = QHBoxLayout()
        self.has_date = QCheckBox("datum:")
        self.has_date.setObjectName("stepHasDate")
        self.date = DateField()
        self.date.setObjectName("stepDate")
        self.date.setDate(QDate.currentDate())
        self.date.setAccessibleName("Streefdatum")
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        self.notes = _notes_edit("Aantekeningen bij de stap", 70)
        self.notes.setObjectName("stepNotes")
        form.addRow("S&tatus", self.status)
        form.addRow("&Eigenaar", self.owner)
        form.addRow("Streefdatum", date_row)
        form.addRow("Aante&keningen", self.notes)
        for label, widget in (
            ("Status", self.status),
            ("Eigenaar", self.owner),
            ("Datum gebruiken", self.has_date),
        ):
            widget.setAccessibleName(label)
        layout.addLayout(form)
        self.step_text = QTextBrowser()
        self.step_text.setObjectName("stepText")
        self.step_text.setAccessibleName("Tekst van de stap uit de handreiking")
        self.step_text.setOpenLinks(False)
        layout.addWidget(self.step_text, 1)
        self.status.currentIndexChanged.connect(self._mark_dirty)
        self.owner.textEdited.connect(self._mark_dirty)
        self.has_date.toggled.connect(self._mark_dirty)
        self.has_date.toggled.connect(self.date.setEnabled)
        self.date.dateChanged.connect(self._mark_dirty)
        self.notes.textChanged.connect(self._mark_dirty)
        return box

    def _side_panel(self) -> QWidget:
        from desktop.typetest.instrument import load_thema_checklist, load_vijf_s

        tabs = QTabWidget()
        tabs.setObjectName("sidePanel")
        vijf_s = load_vijf_s()
        s_page = QWidget()
        s_layout = QVBoxLayout(s_page)
        intro = QLabel(escape(vijf_s.inleiding))
        intro.setWordWrap(True)
        s_layout.addWidget(intro)
        self.s_edits: dict[str, QPlainTextEdit] = {}
        for s in vijf_s.s_en:
            head = QLabel(f"<b>{escape(s.kop)}</b>: {escape(s.definitie)}")
            head.setWordWrap(True)
            head.setToolTip("\n\n".join(s.uitwerking))
            edit = _notes_edit(f"Aantekeningen bij {s.naam}")
            edit.setObjectName(f"s_{s.key}")
            head.setBuddy(edit)
            edit.textChanged.connect(self._mark_dirty)
            self.s_edits[s.key] = edit
            s_layout.addWidget(head)
            s_layout.addWidget(edit)
        s_layout.addStretch(1)
        tabs.addTab(_scroll(s_page), "De 5 S-en")

        checklist = load_thema_checklist()
        t_page = QWidget()
        t_layout = QVBoxLayout(t_page)
        intro = QLabel(escape(checklist.inleiding))
        intro.setWordWrap(True)
        t_layout.addWidget(intro)
        self.thema_checks: dict[str, QCheckBox] = {}
        self.thema_choices: dict[str, QComboBox] = {}
        self.thema_edits: dict[str, QPlainTextEdit] = {}
        for groep in checklist.groepen:
            t_layout.addWidget(QLabel(f"<b>{escape(groep.naam)}</b>"))
            for thema in groep.themas:
                check = QCheckBox(f"{thema.nummer}. {thema.titel}")
                check.setObjectName(f"thema_{thema.key}")
                check.setToolTip(thema.tekst)
                check.toggled.connect(self._mark_dirty)
                self.thema_checks[thema.key] = check
                text = QLabel(f"<small>{escape(thema.tekst)}</small>")
                text.setWordWrap(True)
                t_layout.addWidget(check)
                t_layout.addWidget(text)
                if thema.opties:
                    combo = QComboBox()
                    combo.setAccessibleName(f"Keuze bij {thema.titel}")
                    combo.setSizeAdjustPolicy(
                        QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
                    )
                    combo.setMinimumContentsLength(24)
                    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
                    combo.addItem("(nog niet gekozen)", "")
                    for optie in thema.opties:
                        combo.addItem(optie, optie)
                        combo.setItemData(combo.count() - 1, optie, Qt.ItemDataRole.ToolTipRole)
                    combo.currentIndexChanged.connect(
                        lambda _i, c=combo: c.setToolTip(c.currentText())
                    )
                    combo.currentIndexChanged.connect(self._mark_dirty)
                    self.thema_choices[thema.key] = combo
                    t_layout.addWidget(combo)
                edit = _notes_edit(f"Aantekeningen bij {thema.titel}", 50)
                edit.setPlaceholderText(thema.vraag)
                edit.textChanged.connect(self._mark_dirty)
                self.thema_edits[thema.key] = edit
                t_layout.addWidget(edit)
        t_layout.addStretch(1)
        tabs.addTab(_scroll(t_page), "Thema-checklist")
        return tabs

    # ------------------------------------------------------------------ loading
    def refresh(self) -> None:
        self._loading = True
        try:
            with self.store.session() as session:
                plan = plan_service.current_plan(session)
                assert plan is not None
                self.plan_id = plan.id
                self.overzicht = plan_service.plan_overzicht(session, plan.id)
                rondes = service.list_rondes(session)
                self.group = (
                    service.group_result(session, self.overzicht.ronde_id)
                    if self.overzicht.ronde_id
                    else None
                )
            self.ronde_combo.clear()
            self.ronde_combo.addItem("(geen ronde gekozen)", 0)
            for r in rondes:
                self.ronde_combo.addItem(f"{r.naam} ({format_date(r.datum)})", r.id)
            self.ronde_combo.setCurrentIndex(
                max(0, self.ronde_combo.findData(self.overzicht.ronde_id or 0))
            )
            row = self.current_step - 1
            self.steps.blockSignals(True)
            self.steps.clear()
            for w in self.overzicht.stappen:
                late = "  ⚠ over de datum" if w.te_laat else ""
                item = QListWidgetItem(
                    f"{STATUS_MARK[w.status]}  {w.stap.nummer}. {w.stap.titel}\n      {w.status}"
                    + (f" · {w.eigenaar}" if w.eigenaar else "")
                    + late
                )
                item.setToolTip(w.status)
                self.steps.addItem(item)
            self.steps.setCurrentRow(row)
            self.steps.blockSignals(False)
            v = self.overzicht.voortgang
            self.progress.setText(
                f"{v['klaar']} van 9 stappen klaar, {v['bezig']} bezig, "
                f"{v['niet begonnen']} niet begonnen"
            )
            for w in self.overzicht.s_en:
                self.s_edits[w.s.key].setPlainText(w.notities)
            for t in self.overzicht.themas:
                self.thema_checks_for(t.thema.key).setChecked(t.afgevinkt)
                if t.thema.key in self.thema_choices:
                    combo = self.thema_choices[t.thema.key]
                    combo.setCurrentIndex(max(0, combo.findData(t.keuze)))
                self.thema_edits[t.thema.key].setPlainText(t.notities)
            self._show_step(self.current_step)
        finally:
            self._loading = False
        self.dirty = False
        self._update_save()

    def thema_checks_for(self, key: str) -> QCheckBox:
        return self.thema_checks[key]

    def _show_step(self, nummer: int) -> None:
        was_loading = self._loading
        self._loading = True
        try:
            w = self.overzicht.stappen[nummer - 1]
            self.current_step = nummer
            self.step_title.setText(f"Stap {nummer}: {w.stap.titel}")
            self.status.setCurrentText(w.status)
            self.owner.setText(w.eigenaar)
            self.has_date.setChecked(w.datum is not None)
            self.date.setEnabled(w.datum is not None)
            if w.datum:
                self.date.setDate(QDate(w.datum.year, w.datum.month, w.datum.day))
            self.notes.setPlainText(w.notities)
            self.step_text.setHtml(stap_html(w.stap))
            self.start_text.setVisible(nummer == 1)
            if nummer == 1:
                self.start_text.setText(self._start_html())
        finally:
            self._loading = was_loading

    def _start_html(self) -> str:
        group = self.group
        if group is None:
            return (
                "<b>Startpunt:</b> kies hierboven een typetest-ronde. Laat ambtenaren, "
                "wethouder, raadsleden en het veld de typetest invullen en bespreek de uitslag."
            )
        test = load_typetest()
        if not group.complete:
            return (
                f"<b>Startpunt:</b> '{escape(group.ronde.naam)}' heeft nog geen volledig "
                "ingevulde tests."
            )
        codes = group.most_common_types
        names = " en ".join(f"type {c} <b>{escape(test.type(c).naam)}</b>" for c in codes)
        spread = ", ".join(f"{c}: {group.spread[c]}" for c in group.spread)
        return (
            f"<b>Startpunt: typetest '{escape(group.ronde.naam)}'</b> "
            f"({format_date(group.ronde.datum)}) — de meeste respondenten kwamen uit op "
            f"{names}. Verdeling over de typen: {spread}."
        )

    # ------------------------------------------------------------------ editing
    def _mark_dirty(self, *_args: Any) -> None:
        if not self._loading:
            self.dirty = True
            self._update_save()

    def _update_save(self) -> None:
        self.save_button.setEnabled(self.dirty)

    def _step_changed(self, row: int) -> None:
        if row < 0 or row + 1 == self.current_step:
            return
        if not self.maybe_save():
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(self.current_step - 1)
            self.steps.blockSignals(False)
            return
        self.current_step = row + 1
        self.refresh()

    def _ronde_chosen(self, _index: int) -> None:
        ronde_id = self.ronde_combo.currentData() or None
        if not self.maybe_save():
            return
        with self.store.session() as session:
            plan_service.set_ronde(session, self.plan_id, ronde_id)
        self.refresh()
        self.ctx.status("Startpunt van stap 1 opgeslagen.")

    def save(self) -> bool:
        if self.plan_id is None:
            return True
        qdate = self.date.date()
        try:
            with self.store.session() as session:
                plan_service.update_stap(
                    session,
                    self.plan_id,
                    self.current_step,
                    status=self.status.currentText(),
                    eigenaar=self.owner.text(),
                    notities=self.notes.toPlainText(),
                    datum=qdate.toPython() if self.has_date.isChecked() else None,
                    clear_datum=not self.has_date.isChecked(),
                )
                for key, edit in self.s_edits.items():
                    plan_service.update_s(session, self.plan_id, key, edit.toPlainText())
                for key, edit in self.thema_edits.items():
                    combo = self.thema_choices.get(key)
                    plan_service.update_thema(
                        session,
                        self.plan_id,
                        key,
                        afgevinkt=self.thema_checks_for(key).isChecked(),
                        keuze=combo.currentData() if combo else None,
                        notities=edit.toPlainText(),
                    )
        except UserError as exc:
            from desktop.ui.errors import show_user_error

            show_user_error(self, exc)
            return False
        self.dirty = False
        self.refresh()
        self.ctx.status(f"Stappenplan opgeslagen (stap {self.current_step}).")
        return True

    def maybe_save(self) -> bool:
        """True when it is fine to move on (saved, discarded or nothing changed)."""
        if not self.dirty:
            return True
        answer = QMessageBox.question(
            self,
            "Wijzigingen opslaan?",
            "U hebt het stappenplan gewijzigd. Wilt u de wijzigingen opslaan?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.dirty = False
            return True
        return False

    def _print(self) -> None:
        if not self.maybe_save():
            return
        window = self.ctx.window
        if window is None:
            return
        window.open_section("rapporten")
        section = window.section("rapporten")
        if section is not None and hasattr(section, "select_report"):
            section.select_report("plan-van-aanpak")


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area
