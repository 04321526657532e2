"""The keukentafelgesprek: a calm, full-screen form, one thing at a time.

Pages: start (date, kind, where, who) -> the nine vraaggebieden, each with its example
questions as prompts -> draaglast and draagkracht (the seven factors) -> signals and
the belasting slider (0-10) -> conclusions -> ondersteuningsplan (afspraken, referrals
picked from the sociale kaart, vervolgdatum). PgDown/PgUp (or Alt+Right/Left) move,
Ctrl+S saves and closes, Esc asks before leaving.

Never loses typed text: every ``AUTOSAVE_MS`` the whole form is written as a draft
(``GesprekConcept``) in its own small transaction; the draft comes back after a crash.

Correcting a finished gesprek (``gesprek_id``): the same pages filled with what was
saved, without the ondersteuningsplan page (the plan has its own afspraken and is not
changed here). A draft is only written once something differs from the saved gesprek;
Esc with changes asks whether to throw them away; Ctrl+S saves the correction, which the
service records field by field in the change log and in the audit log.
"""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.mantelzorg import gesprekken, plannen
from desktop.mantelzorg.instrument import load_mantelzorg, load_vraaggebieden
from desktop.mantelzorg.models import GESPREK_SOORTEN, Mantelzorger
from desktop.ui.widgets import DateField, big, error_label

AUTOSAVE_MS = 4000
NAV_WIDTH = 330


def _areas(version: str | None):
    """The vraaggebieden in the edition a gesprek was held with (current when unknown)."""
    if version:
        try:
            return load_vraaggebieden(version)
        except Exception:  # that edition is not shipped (any more): the current one
            pass
    return load_vraaggebieden()


def _plain(label: str) -> str:
    """A label without its mnemonic marker ("Aa&nwezig" -> "Aanwezig")."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label(text: str, buddy: QWidget | None = None, points: int = 13) -> QLabel:
    """A label in the calm large font; with a buddy its Alt-key moves focus there (and the
    '&' is not shown), and the field gets the label as its accessible name."""
    label = QLabel(text)
    big(label, points)
    if buddy is not None:
        label.setBuddy(buddy)
        if not buddy.accessibleName():
            buddy.setAccessibleName(_plain(text))
    return label


def _wrap_lines(text: str, metrics: QFontMetrics, width: int) -> str:
    """``text`` broken at spaces into lines no wider than ``width`` pixels (a single
    word that is too long keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class _NoteEdit(QPlainTextEdit):
    """A text field that asks only for its minimum height and takes the room that is left:
    Qt's default wish (about 190 pixels) made the pages longer than a 1366x768 screen."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _text(parent_layout, label: str, name: str, height: int = 90) -> QPlainTextEdit:
    edit = _NoteEdit()
    edit.setObjectName(name)
    edit.setAccessibleName(_plain(label))
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    big(edit, 13)
    parent_layout.addWidget(_label(label, edit))
    parent_layout.addWidget(edit)
    return edit


class GesprekDialog(QDialog):
    def __init__(
        self,
        ctx,
        mantelzorger_id: int,
        parent: QWidget | None = None,
        *,
        draft: gesprekken.DraftInfo | None = None,
        gesprek_id: int | None = None,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mantelzorger_id = mantelzorger_id
        self.draft_id: int | None = draft.id if draft else None
        self.gesprek_id = gesprek_id if gesprek_id is not None else (draft and draft.gesprek_id)
        self.correcting = self.gesprek_id is not None
        self.saved_gesprek_id: int | None = None
        self._last_saved: dict | None = None
        self._original: dict | None = None
        self.setObjectName("gesprekDialog")
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.mz = load_mantelzorg()
        stored: dict | None = None
        with ctx.store.session() as s:
            m = s.get(Mantelzorger, mantelzorger_id)
            if m is None:
                raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
            self.naam = m.naam
            self.zorgvragers = [(r.zorgvrager_id, r.zorgvrager.naam) for r in m.relaties]
            version = None
            if self.correcting:
                g = gesprekken.get_gesprek(s, self.gesprek_id)  # logged as a view
                if g.mantelzorger_id != mantelzorger_id:
                    raise UserError("Dit gesprek hoort niet bij deze mantelzorger.")
                stored = gesprekken.gesprek_data(g).to_json()
                version = g.instrument_versie or None
                self.gesprek_datum = g.datum
                if g.zorgvrager_id is not None and g.zorgvrager_id not in dict(self.zorgvragers):
                    # the care relation ended since: keep what the gesprek was about
                    naam = g.zorgvrager.naam if g.zorgvrager else f"zorgvrager {g.zorgvrager_id}"
                    self.zorgvragers.append((g.zorgvrager_id, naam))
        self.areas = _areas(version)
        if self.correcting:
            when = self.gesprek_datum.strftime("%d-%m-%Y")
            self.setWindowTitle(f"Gesprek van {when} corrigeren")
        else:
            self.setWindowTitle("Keukentafelgesprek")

        self.stack = QStackedWidget()
        self.titles: list[str] = []
        self._build_start()
        self.area_checks: dict[str, QCheckBox] = {}
        self.area_notes: dict[str, QPlainTextEdit] = {}
        for area in self.areas.areas:
            self._build_area(area)
        self._build_load()
        self._build_signals()
        if not self.correcting:
            self._build_plan()

        self.nav = QListWidget()
        self.nav.setAccessibleName("Onderdelen van het gesprek")
        self.nav.setFixedWidth(NAV_WIDTH)
        # Long names are broken into lines here, not by the view: Qt's own word wrap sizes
        # an item for one width and paints it in another, which cut "2. Combineren van
        # mantelzorg en werk" short with an empty line under it.
        self.nav.setWordWrap(False)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setSpacing(3)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        big(self.nav, 12)
        text_width = NAV_WIDTH - 2 * self.nav.frameWidth() - 40  # spacing, margins, scroll bar
        metrics = QFontMetrics(self.nav.font())
        for t in self.titles:
            item = QListWidgetItem(_wrap_lines(t, metrics, text_width))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, t)
            item.setToolTip(t)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.prev_button = QPushButton("◀ Vo&rige")
        self.next_button = QPushButton("&Volgende ▶")
        self.save_button = QPushButton(
            "Correctie &opslaan (Ctrl+S)" if self.correcting else "Opslaan en &afronden (Ctrl+S)"
        )
        self.save_button.setObjectName("gesprekOpslaan")
        self.prev_button.clicked.connect(lambda: self.go(-1))
        self.next_button.clicked.connect(lambda: self.go(1))
        self.save_button.clicked.connect(self.save)
        self.status = QLabel("")
        self.status.setObjectName("autosaveStatus")
        self.melding = error_label()
        header = big(
            QLabel(
                f"Gesprek met {self.naam} van {self.gesprek_datum:%d-%m-%Y} corrigeren"
                if self.correcting
                else f"Gesprek met {self.naam}"
            ),
            18,
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.prev_button)
        bottom.addWidget(self.next_button)
        bottom.addWidget(self.save_button)
        main = QHBoxLayout()
        main.addWidget(self.nav)
        main.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.addWidget(header)
        layout.addLayout(main, 1)
        layout.addWidget(self.melding)
        layout.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence(Qt.Key.Key_PageDown), self, activated=lambda: self.go(1))
        QShortcut(QKeySequence(Qt.Key.Key_PageUp), self, activated=lambda: self.go(-1))
        QShortcut(QKeySequence("Alt+Right"), self, activated=lambda: self.go(1))
        QShortcut(QKeySequence("Alt+Left"), self, activated=lambda: self.go(-1))
        self.nav.setCurrentRow(0)
        if stored is not None:
            self.restore(stored)
            self._original = self._comparable(self.content())
            self.nav.setCurrentRow(1)  # the first vraaggebied
        if draft is not None:
            self.restore(draft.inhoud)
        self._last_saved = self.content()
        self.timer = QTimer(self)
        self.timer.setInterval(autosave_ms)
        self.timer.timeout.connect(self.autosave)
        self.timer.start()

    # -- pages

    def _page(self, title: str) -> QVBoxLayout:
        """A page of the stack; it scrolls rather than squeezing its text on a small
        screen (1366x768) or with large fonts."""
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(24, 8, 24, 8)
        heading = big(QLabel(title), 17)
        heading.setWordWrap(True)
        col.addWidget(heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.stack.addWidget(scroll)
        self.titles.append(title)
        return col

    def _build_start(self) -> None:
        col = self._page("Het gesprek")
        form = QFormLayout()
        self.datum = DateField()
        self.datum.setAccessibleName("Datum van het gesprek")
        self.soort = QComboBox()
        self.soort.addItems(list(GESPREK_SOORTEN))
        self.soort.setAccessibleName("Soort gesprek")
        self.waar = QLineEdit("bij de mantelzorger thuis")
        self.waar.setAccessibleName("Waar")
        self.aanwezigen = QLineEdit()
        self.aanwezigen.setAccessibleName("Aanwezigen")
        self.zorgvrager = QComboBox()
        self.zorgvrager.setAccessibleName("Over welke zorgvrager")
        self.zorgvrager.addItem("(niet van toepassing)", None)
        for zid, naam in self.zorgvragers:
            self.zorgvrager.addItem(naam, zid)
        if self.zorgvragers:
            self.zorgvrager.setCurrentIndex(1)
        for label, w in (
            ("&Datum", self.datum),
            ("&Soort", self.soort),
            ("&Waar", self.waar),
            ("Aa&nwezig", self.aanwezigen),
            ("&Zorgvrager", self.zorgvrager),
        ):
            big(w, 13)
            form.addRow(_label(label, w), w)
        col.addLayout(form)
        hint = QLabel(
            "Neem de tijd. Het gesprek gaat over de mantelzorger zelf: hoe gaat het met u, "
            "en wat zou u helpen? Alles wordt elke paar seconden als concept bewaard."
        )
        hint.setWordWrap(True)
        col.addWidget(big(hint, 13))
        col.addStretch(1)

    def _build_area(self, area) -> None:
        col = self._page(f"{area.number}. {area.name}")
        prompts = QLabel("<br>".join(f"• {q.text}" for q in area.questions))
        prompts.setWordWrap(True)
        prompts.setTextFormat(Qt.TextFormat.RichText)
        prompts.setAccessibleName("Voorbeeldvragen")
        col.addWidget(big(prompts, 13))
        check = QCheckBox("&Besproken")
        check.setObjectName(f"besproken_{area.key}")
        big(check, 13)
        col.addWidget(check)
        note = _text(col, "Wat de mantelzorger ver&telt", f"notitie_{area.key}", 160)
        note.textChanged.connect(
            lambda c=check, n=note: c.setChecked(c.isChecked() or bool(n.toPlainText().strip()))
        )
        self.area_checks[area.key] = check
        self.area_notes[area.key] = note

    def _build_load(self) -> None:
        col = self._page("Draaglast en draagkracht")
        intro = big(QLabel(self.mz.load_indicator), 12)
        intro.setWordWrap(True)
        col.addWidget(intro)
        # the factor (verbatim from the instrument) above its field, over the full width:
        # a label column beside the fields cut the longer factors off
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        self.factor_edits: dict[str, QLineEdit] = {}
        for row, f in enumerate(self.mz.load_factors):
            edit = big(QLineEdit(), 12)
            edit.setAccessibleName(f.text)
            label = _label(f.text, edit, 12)
            label.setWordWrap(True)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(edit, row, 1, Qt.AlignmentFlag.AlignTop)
            self.factor_edits[f.key] = edit
        col.addLayout(grid)
        self.draaglast = _text(col, "Wat maakt het &zwaar (draaglast)?", "draaglast", 60)
        self.draagkracht = _text(
            col, "Wat &helpt en geeft kracht (draagkracht)?", "draagkracht", 60
        )

    def _build_signals(self) -> None:
        col = self._page("Signalen en belasting")
        intro = big(QLabel(self.mz.signals_intro), 12)
        intro.setWordWrap(True)
        col.addWidget(intro)
        self.signal_checks: dict[str, QCheckBox] = {}
        for sig in self.mz.signals:
            box = QCheckBox(sig.text)
            big(box, 13)
            self.signal_checks[sig.key] = box
            col.addWidget(box)
        row = QHBoxLayout()
        self.belasting = QSlider(Qt.Orientation.Horizontal)
        self.belasting.setObjectName("belasting")
        self.belasting.setRange(-1, 10)
        self.belasting.setValue(-1)
        self.belasting.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.belasting.setAccessibleName("Ervaren belasting")
        question = _label(
            "Hoe z&waar voelt het voor u? (0 = niet belast, 10 = zwaar overbelast)", self.belasting
        )
        question.setWordWrap(True)
        col.addWidget(question)
        self.belasting_label = big(QLabel("niet gevraagd"), 15)
        self.belasting.valueChanged.connect(
            lambda v: self.belasting_label.setText("niet gevraagd" if v < 0 else str(v))
        )
        row.addWidget(self.belasting, 1)
        row.addWidget(self.belasting_label)
        col.addLayout(row)
        self.conclusies = _text(col, "&Conclusies", "conclusies", 100)

    def _build_plan(self) -> None:
        col = self._page("Ondersteuningsplan")
        self.afspraken = QPlainTextEdit()
        self.afspraken.setObjectName("afspraken")
        self.afspraken.setAccessibleName("Afspraken")
        self.afspraken.setTabChangesFocus(True)
        self.afspraken.setMinimumHeight(110)
        big(self.afspraken, 13)
        uitleg = _label(
            "A&fspraken: één per regel, als 'wat; wie' (bijv. 'Aanmelden bij de praatgroep; "
            "mantelzorger').",
            self.afspraken,
            12,
        )
        uitleg.setWordWrap(True)
        col.addWidget(uitleg)
        col.addWidget(self.afspraken)
        row = QHBoxLayout()
        self.functie = QComboBox()
        self.functie.setAccessibleName("Basisfunctie van de verwijzing")
        from desktop.basisfuncties.instrument import load_basisfuncties

        for fn in load_basisfuncties().functions_in("mantelzorg"):
            self.functie.addItem(fn.name, fn.key)
        pick = QPushButton("Verwijzen naar aanbod van de &sociale kaart…")
        pick.clicked.connect(self.pick_aanbod)
        row.addWidget(_label("&Basisfunctie:", self.functie, 12))
        row.addWidget(self.functie, 1)
        row.addWidget(pick)
        col.addLayout(row)
        self.verwijzingen = QListWidget()
        self.verwijzingen.setAccessibleName("Verwijzingen")
        self.verwijzingen.setMinimumHeight(90)
        col.addWidget(self.verwijzingen)
        remove = QPushButton("Verwijzing &weghalen")
        remove.clicked.connect(lambda: self.verwijzingen.takeItem(self.verwijzingen.currentRow()))
        col.addWidget(remove)
        form = QFormLayout()
        self.vervolg = DateField(optional=True)
        self.vervolg.setAccessibleName("Vervolgdatum")
        form.addRow(_label("Vervolgcontact o&p", self.vervolg, 12), self.vervolg)
        col.addLayout(form)

    # -- navigation

    def go(self, step: int) -> None:
        row = max(0, min(self.stack.count() - 1, self.stack.currentIndex() + step))
        self.nav.setCurrentRow(row)
        if self.correcting:
            return
        if row == self.stack.count() - 1 and self.vervolg.value() is None:
            self.vervolg.set_value(self.datum.value() + timedelta(days=90))

    def pick_aanbod(self) -> None:
        key = self.functie.currentData()
        try:
            from desktop.kaart.picker import pick_aanbod

            hits = pick_aanbod(self, self.ctx.store, basisfunctie=key)
        except ImportError:  # pragma: no cover - kaart not installed
            hits = None
        for h in hits or []:
            self.add_referral(h.aanbod_id, f"{h.aanbod_naam} ({h.organisatie_naam})", key)

    def add_referral(self, aanbod_id: int, label: str, basisfunctie: str) -> None:
        item = QListWidgetItem(
            f"{label} — {self.functie.itemText(max(0, self.functie.findData(basisfunctie)))}"
        )
        item.setData(
            Qt.ItemDataRole.UserRole,
            {"aanbod_id": aanbod_id, "basisfunctie": basisfunctie, "label": label},
        )
        self.verwijzingen.addItem(item)

    # -- state

    def content(self) -> dict:
        data = self.gesprek_data().to_json()
        data["_pagina"] = self.stack.currentIndex()
        if self.correcting:
            data["_gesprek"] = self.gesprek_id
            return data
        data["_plan"] = {
            "afspraken": self.afspraken.toPlainText(),
            "verwijzingen": [
                self.verwijzingen.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.verwijzingen.count())
            ],
            "vervolgdatum": self.vervolg.value().isoformat() if self.vervolg.value() else None,
        }
        return data

    @staticmethod
    def _comparable(content: dict) -> dict:
        return {k: v for k, v in content.items() if k != "_pagina"}

    def is_changed(self) -> bool:
        """A correction differs from the saved gesprek (page changes do not count)."""
        return self._original is not None and self._comparable(self.content()) != self._original

    def gesprek_data(self) -> gesprekken.GesprekData:
        value = self.belasting.value()
        return gesprekken.GesprekData(
            datum=self.datum.value(),
            soort=self.soort.currentText(),
            waar=self.waar.text(),
            aanwezigen=self.aanwezigen.text(),
            zorgvrager_id=self.zorgvrager.currentData(),
            vraaggebieden={
                key: gesprekken.VraaggebiedNotitie(
                    self.area_checks[key].isChecked(), self.area_notes[key].toPlainText()
                )
                for key in self.area_checks
            },
            factoren={k: e.text() for k, e in self.factor_edits.items() if e.text().strip()},
            draaglast=self.draaglast.toPlainText(),
            draagkracht=self.draagkracht.toPlainText(),
            signalen=[k for k, b in self.signal_checks.items() if b.isChecked()],
            belasting=None if value < 0 else value,
            conclusies=self.conclusies.toPlainText(),
        )

    def restore(self, raw: dict) -> None:
        from datetime import date

        data = gesprekken.GesprekData.from_json(
            {k: v for k, v in raw.items() if not k.startswith("_")}
        )
        self.datum.set_value(data.datum)
        self.soort.setCurrentText(data.soort)
        self.waar.setText(data.waar)
        self.aanwezigen.setText(data.aanwezigen)
        self.zorgvrager.setCurrentIndex(max(0, self.zorgvrager.findData(data.zorgvrager_id)))
        for key, note in data.vraaggebieden.items():
            if key in self.area_checks:
                self.area_notes[key].setPlainText(note.notitie)
                self.area_checks[key].setChecked(note.besproken)
        for key, text in data.factoren.items():
            if key in self.factor_edits:
                self.factor_edits[key].setText(text)
        self.draaglast.setPlainText(data.draaglast)
        self.draagkracht.setPlainText(data.draagkracht)
        for key in data.signalen:
            if key in self.signal_checks:
                self.signal_checks[key].setChecked(True)
        self.belasting.setValue(-1 if data.belasting is None else data.belasting)
        self.conclusies.setPlainText(data.conclusies)
        if self.correcting:
            for key, box in self.signal_checks.items():
                box.setChecked(key in data.signalen)
            for key in self.area_checks:
                note = data.vraaggebieden.get(key, gesprekken.VraaggebiedNotitie())
                self.area_notes[key].setPlainText(note.notitie)
                self.area_checks[key].setChecked(note.besproken)
            for key, edit in self.factor_edits.items():
                edit.setText(data.factoren.get(key, ""))
            self.nav.setCurrentRow(int(raw.get("_pagina") or 0))
            return
        plan = raw.get("_plan") or {}
        self.afspraken.setPlainText(plan.get("afspraken", ""))
        for ref in plan.get("verwijzingen") or []:
            self.add_referral(ref["aanbod_id"], ref["label"], ref["basisfunctie"])
        if plan.get("vervolgdatum"):
            self.vervolg.set_value(date.fromisoformat(plan["vervolgdatum"]))
        self.nav.setCurrentRow(int(raw.get("_pagina") or 0))

    def autosave(self) -> bool:
        content = self.content()
        if content == self._last_saved and self.draft_id is not None:
            return False
        if self.correcting and self.draft_id is None and not self.is_changed():
            return False  # nothing corrected yet: no draft
        try:
            with self.ctx.store.session() as s:
                self.draft_id = gesprekken.save_draft(
                    s,
                    self.mantelzorger_id,
                    content,
                    draft_id=self.draft_id,
                    gesprek_id=self.gesprek_id,
                )
        except UserError as exc:
            self.status.setText(f"Concept niet bewaard: {exc.message}")
            return False
        self._last_saved = content
        from datetime import datetime

        self.status.setText(f"Concept bewaard om {datetime.now():%H:%M:%S}")
        return True

    def plan_data(self) -> plannen.PlanData | None:
        if self.correcting:
            return None
        afspraken = []
        for line in self.afspraken.toPlainText().splitlines():
            if line.strip():
                wat, _, wie = line.partition(";")
                afspraken.append(plannen.AfspraakData(wat.strip(), wie.strip()))
        refs = [
            self.verwijzingen.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.verwijzingen.count())
        ]
        if not afspraken and not refs and self.vervolg.value() is None:
            return None
        return plannen.PlanData(
            datum=self.datum.value(),
            vervolgdatum=self.vervolg.value(),
            afspraken=afspraken,
            verwijzingen=[plannen.VerwijzingData(r["aanbod_id"], r["basisfunctie"]) for r in refs],
        )

    def save(self) -> None:
        if self.correcting and not self.is_changed():
            self._drop_draft()
            self.timer.stop()
            self.saved_gesprek_id = None
            self.accept()
            return
        try:
            with self.ctx.store.session() as s:
                g = gesprekken.save_gesprek(
                    s,
                    self.mantelzorger_id,
                    self.gesprek_data(),
                    gesprek_id=self.gesprek_id,
                    draft_id=self.draft_id,
                )
                plan = self.plan_data()
                if plan is not None:
                    plan.gesprek_id = g.id
                    plannen.save_plan(s, self.mantelzorger_id, plan)
                self.saved_gesprek_id = g.id
        except UserError as exc:
            self.melding.setText(exc.message + " Het concept blijft bewaard.")
            self.autosave()
            return
        self.timer.stop()
        self.draft_id = None
        self.accept()

    def _drop_draft(self) -> None:
        if self.draft_id is None:
            return
        try:
            with self.ctx.store.session() as s:
                gesprekken.discard_draft(s, self.draft_id)
        except UserError:  # the draft stays and is offered again: nothing lost
            return
        self.draft_id = None

    def reject(self) -> None:
        if self.correcting:
            self._reject_correction()
            return
        self.autosave()
        answer = QMessageBox.question(
            self,
            "Gesprek sluiten",
            "Het gesprek is nog niet afgerond. Het concept blijft bewaard en u kunt later "
            "verder. Nu sluiten?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.timer.stop()
            super().reject()

    def _reject_correction(self) -> None:
        if self.is_changed():
            self.autosave()  # kept while the question is open (power cut, crash)
            answer = QMessageBox.question(
                self,
                "Niet opgeslagen",
                "U hebt het gesprek gecorrigeerd maar nog niet opgeslagen. "
                "De wijzigingen weggooien?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self._drop_draft()
        self.timer.stop()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.autosave()
        super().closeEvent(event)
