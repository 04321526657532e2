"""The fill-in screen of a meting: functions on the left, the chosen function's definition
and source text, its activities in a table driven by the keyboard, and the details of the
current activity (uitvoerders, wijken, note, ambitie) on the right. Every change is saved
at once (autosave per item).

Keyboard in the activities table: 1-6 set the status (in the order of the scale) and move
to the next activity; a letter picks the next status starting with it (a, i, n, o);
Delete clears the status; arrows move.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.basisfuncties import service
from desktop.basisfuncties.instrument import Basisfunctie, BasisfunctiesInstrument
from desktop.basisfuncties.item_detail import ItemDetail
from desktop.basisfuncties.scoring import Change, Comparison, MetingScore
from desktop.basisfuncties.weergave import (
    CHANGE_MARKS,
    STATUS_COLOURS,
    UNANSWERED_COLOUR,
    delta_points,
    percent,
)
from desktop.errors import UserError
from desktop.ui.errors import show_user_error

COL_NR, COL_TEXT, COL_STATUS, COL_PREV, COL_UITV = range(5)
KEY_HELP = (
    "Status kiezen: typ 1 t/m 6 (1 aanwezig en geborgd, 2 aanwezig, 3 in ontwikkeling, "
    "4 niet aanwezig, 5 niet van toepassing, 6 onbekend) of de eerste letter; "
    "Delete wist. Wijzigingen worden direct opgeslagen."
)


class ItemsTable(QTableWidget):
    """The activities of one function; emits ``status_typed(row, status_key or None)``."""

    status_typed = Signal(int, object, bool)  # row, status key (None: clear), advance

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 5, parent)
        self.setObjectName("itemsTable")
        self.setAccessibleName("Activiteiten van de basisfunctie")
        self.setHorizontalHeaderLabels(
            ["Nr", "Activiteit", "Status", "Vorige meting", "Uitvoerders"]
        )
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_TEXT, QHeaderView.ResizeMode.Stretch)
        for col, width in ((COL_NR, 36), (COL_STATUS, 118), (COL_PREV, 118), (COL_UITV, 112)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(col, width)
        self.statuses: list[tuple[str, str]] = []  # (key, name) in scale order

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        row = self.currentRow()
        text = event.text().lower()
        if row >= 0 and text.isdigit() and 1 <= int(text) <= len(self.statuses):
            self.status_typed.emit(row, self.statuses[int(text) - 1][0], True)
            return
        if row >= 0 and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.status_typed.emit(row, None, False)
            return
        if (
            row >= 0
            and text.isalpha()
            and len(text) == 1
            and not event.modifiers()
            & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        ):
            matches = [k for k, name in self.statuses if name.lower().startswith(text)]
            if matches:
                current = self.item(row, COL_STATUS).data(Qt.ItemDataRole.UserRole)
                nxt = (
                    matches[(matches.index(current) + 1) % len(matches)]
                    if current in matches
                    else matches[0]
                )
                self.status_typed.emit(row, nxt, False)
                return
        super().keyPressEvent(event)


class MetingEditor(QWidget):
    """Fill in one meting. ``saved`` is emitted after every autosave."""

    saved = Signal()
    action_created = Signal()

    def __init__(
        self, store: Any, status: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.status_message = status
        self.meting_id: int | None = None
        self.instrument: BasisfunctiesInstrument | None = None
        self.answers: dict[str, service.Antwoord] = {}
        self.comparison: Comparison | None = None
        self.score: MetingScore | None = None
        self.function: Basisfunctie | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("metingTitle")
        self.title.setStyleSheet("font-size: 13pt; font-weight: bold")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        head = QHBoxLayout()
        self.scores = QLabel()
        self.scores.setObjectName("metingScores")
        self.scores.setWordWrap(True)
        self.scores.setTextFormat(Qt.TextFormat.RichText)
        head.addWidget(self.scores, 1)
        self.weging = QPushButton("Hoe telt de score?")
        self.weging.setObjectName("wegingButton")
        self.weging.setAccessibleName("Uitleg van de weging")
        self.weging.clicked.connect(self._show_weging)
        head.addWidget(self.weging)
        layout.addLayout(head)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.functions = QListWidget()
        self.functions.setObjectName("functionList")
        self.functions.setAccessibleName("Basisfuncties van de meting")
        self.functions.setMinimumWidth(235)
        self.functions.setWordWrap(True)
        self.functions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.functions.currentItemChanged.connect(self._on_function)
        splitter.addWidget(self.functions)

        middle = QWidget()
        ml = QVBoxLayout(middle)
        ml.setContentsMargins(0, 0, 0, 0)
        self.fname = QLabel()
        self.fname.setObjectName("functionName")
        self.fname.setStyleSheet("font-weight: bold")
        self.fscore = QLabel()
        self.fscore.setObjectName("functionScore")
        self.fscore.setWordWrap(True)
        self.source = QTextBrowser()
        self.source.setObjectName("functionSource")
        self.source.setAccessibleName("Definitie en brontekst van de basisfunctie")
        self.source.setMaximumHeight(130)
        self.table = ItemsTable()
        self.table.status_typed.connect(self._on_status_typed)
        self.table.currentCellChanged.connect(lambda r, _c, _pr, _pc: self._show_row(r))
        hint = QLabel(KEY_HELP)
        hint.setWordWrap(True)
        ml.addWidget(self.fname)
        ml.addWidget(self.fscore)
        ml.addWidget(self.source)
        ml.addWidget(self.table, 1)
        ml.addWidget(hint)
        splitter.addWidget(middle)

        self.detail = ItemDetail(store)
        self.detail.changed.connect(self._on_detail_changed)
        self.detail.action_requested.connect(self._make_action)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([235, 640, 300])
        layout.addWidget(splitter, 1)

    # -- loading
    def load(self, meting_id: int) -> None:
        self.detail.flush_note()  # still for the meting shown until now
        self.detail.item_key = None
        self.meting_id = meting_id
        self.function = None
        with self.store.session() as session:
            meting = service.get_meting(session, meting_id)
            self.instrument = service.instrument_for(meting)
            self.function_keys = meting.function_keys
            self.title.setText(
                f"{service.soort_label(meting.soort)} van {meting.datum:%d-%m-%Y}"
                + (f" — ingevuld door {meting.ingevuld_door}" if meting.ingevuld_door else "")
            )
            wijken = [(w.id, w.naam) for w in _wijken(session)]
        statuses = [(s.key, s.name) for s in self.instrument.statuses]
        self.table.statuses = statuses
        self.detail.set_scale(statuses)
        self.detail.set_wijken(wijken)
        self.weging.setToolTip(self.instrument.weighting)
        self._reload_answers()
        self.functions.clear()
        for domain in self.instrument.domains:
            keys = [
                k for k in self.function_keys if self.instrument.function(k).domain == domain.key
            ]
            if not keys:
                continue
            head = QListWidgetItem(domain.name)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.functions.addItem(head)
            for key in keys:
                it = QListWidgetItem()
                it.setData(Qt.ItemDataRole.UserRole, key)
                self.functions.addItem(it)
        self._refresh_scores()
        for i in range(self.functions.count()):
            if self.functions.item(i).data(Qt.ItemDataRole.UserRole):
                self.functions.setCurrentRow(i)
                break

    def _reload_answers(self) -> None:
        with self.store.session() as session:
            self.answers = service.answers(session, self.meting_id)
            meting = service.get_meting(session, self.meting_id)
            self.score = service.score_of(meting)
            found = service.comparison(session, self.meting_id)
            self.comparison = found[1] if found else None

    def _refresh_scores(self) -> None:
        assert self.instrument is not None and self.score is not None
        parts = []
        for domain in self.instrument.domains:
            ds = self.score.domains[domain.key]
            if ds.function_keys:
                parts.append(f"{domain.name} <b>{percent(ds.score)}</b>")
        text = " · ".join(parts) + f" · Totaal <b>{percent(self.score.score)}</b>"
        if self.comparison is not None:
            t = self.comparison.total
            text += f" (vorige meting {percent(t.previous)}, {delta_points(t.previous, t.current)})"
        self.scores.setText(text)
        for i in range(self.functions.count()):
            it = self.functions.item(i)
            key = it.data(Qt.ItemDataRole.UserRole)
            if not key:
                continue
            f = self.instrument.function(key)
            fs = self.score.functions[key]
            label = f"{f.code} {f.short_name}: {percent(fs.score)}"
            if self.comparison is not None:
                fc = _function_comparison(self.comparison, key)
                if fc is not None:
                    label += f" ({delta_points(fc.score.previous, fc.score.current)})"
            it.setText(label)
            it.setToolTip(f"{f.name}: {fs.in_place} van {fs.applicable} activiteiten aanwezig")
        if self.function is not None:
            self._show_function_score()

    def _show_function_score(self) -> None:
        assert self.function is not None and self.score is not None
        fs = self.score.functions[self.function.key]
        text = (
            f"Score {percent(fs.score)} · aanwezig {fs.in_place} van {fs.applicable} die "
            f"meetellen · niet van toepassing {fs.not_applicable} · onbekend of leeg {fs.unknown}"
        )
        if self.comparison is not None:
            fc = _function_comparison(self.comparison, self.function.key)
            if fc is not None and fc.score.previous is not None:
                text += f" · vorige meting {percent(fc.score.previous)}"
        self.fscore.setText(text)
        self.fscore.setToolTip(self.instrument.weighting if self.instrument else "")

    def _on_function(self, current: QListWidgetItem | None, _prev: Any = None) -> None:
        key = current.data(Qt.ItemDataRole.UserRole) if current else None
        if not key or self.instrument is None:
            return
        self.detail.flush_note()
        f = self.instrument.function(key)
        self.function = f
        self.fname.setText(f"{f.code} {f.name}")
        from html import escape

        from desktop.instruments import cite

        html = (
            f"<p><b>Definitie.</b> {escape(f.definition)} "
            f"<small>(bron: {escape(cite(f.definition_source))})</small></p>"
            + "".join(f"<p>{escape(p)}</p>" for p in f.explanation)
            + f"<p><small>Toelichting uit: {escape(f.explanation_source.citation)}</small></p>"
        )
        if f.providers:
            html += (
                "<p><b>Wie voert dit uit volgens de bron:</b> "
                + ", ".join(escape(p.name) for p in f.providers)
                + "</p>"
            )
        self.source.setHtml(html)
        self._show_function_score()
        self.table.setRowCount(len(f.items))
        for row, item in enumerate(f.items):
            self._fill_row(row, item.key)
        self.table.resizeRowsToContents()
        self.table.setCurrentCell(0, COL_STATUS)

    def _fill_row(self, row: int, item_key: str) -> None:
        assert self.instrument is not None
        item = self.instrument.item(item_key)
        answer = self.answers.get(item_key)
        status = answer.status if answer else None
        nr = QTableWidgetItem(item_key.split(".")[1])
        nr.setData(Qt.ItemDataRole.UserRole, item_key)
        nr.setToolTip(item_key)
        self.table.setItem(row, COL_NR, nr)
        text = QTableWidgetItem(item.text + (" *" if item.derived else ""))
        text.setToolTip(
            (f"Afgeleid uit lopende tekst. Letterlijk: “{item.quote}”\n" if item.derived else "")
            + f"Bron: {item.source.citation}"
            + (f"\nNotitie: {answer.notitie}" if answer and answer.notitie else "")
        )
        self.table.setItem(row, COL_TEXT, text)
        st = QTableWidgetItem(self.instrument.status(status).name if status else "—")
        st.setData(Qt.ItemDataRole.UserRole, status)
        st.setBackground(QBrush(QColor(STATUS_COLOURS.get(status or "", UNANSWERED_COLOUR))))
        st.setForeground(QBrush(QColor("#1A1A1A")))
        st.setToolTip(
            self.instrument.status(status).help
            if status
            else "Nog niet ingevuld: telt als onbekend."
        )
        self.table.setItem(row, COL_STATUS, st)
        prev_text = "–"
        if self.comparison is not None:
            try:
                ic = self.comparison.item(item_key)
            except KeyError:
                ic = None
            if ic is not None:
                prev_name = (
                    self.instrument.status(ic.previous_status).name
                    if ic.previous_status and self.instrument.has_status(ic.previous_status)
                    else "leeg"
                )
                prev_text = (
                    prev_name
                    if ic.change is Change.SAME
                    else f"{prev_name} {CHANGE_MARKS[ic.change].split()[0]}"
                )
                if ic.change is Change.ADDED:
                    prev_text = "nieuw in deze versie"
        pv = QTableWidgetItem(prev_text)
        pv.setToolTip("Status bij de vorige meting; ▲ verbeterd, ▼ verslechterd, ≠ gewijzigd")
        self.table.setItem(row, COL_PREV, pv)
        names = answer.uitvoerder_namen if answer else []
        uv = QTableWidgetItem(", ".join(names) if names else "")
        uv.setToolTip("\n".join(names))
        self.table.setItem(row, COL_UITV, uv)

    def current_item_key(self) -> str | None:
        row = self.table.currentRow()
        it = self.table.item(row, COL_NR) if row >= 0 else None
        return it.data(Qt.ItemDataRole.UserRole) if it else None

    def _show_row(self, row: int) -> None:
        if row < 0 or self.instrument is None:
            return
        key = self.table.item(row, COL_NR).data(Qt.ItemDataRole.UserRole)
        item = self.instrument.item(key)
        from html import escape

        html = f"<b>{escape(key)}</b> {escape(item.text)}"
        if item.heading:
            html = f"<i>{escape(item.heading)}</i><br>" + html
        if item.derived:
            html += (
                f"<br><small>Afgeleid; letterlijk in de bron: “{escape(item.quote or '')}”</small>"
            )
        html += f"<br><small>Bron: {escape(item.source.citation)}</small>"
        self.detail.show_item(html, self.answers.get(key), key)

    # -- saving
    def _save(self, item_key: str, **fields: Any) -> bool:
        try:
            with self.store.session() as session:
                service.save_item(session, self.meting_id, item_key, **fields)
        except UserError as exc:
            show_user_error(self, exc)
            return False
        self._reload_answers()
        self._refresh_scores()
        self.status_message(f"Opgeslagen: activiteit {item_key}")
        self.saved.emit()
        return True

    def _on_status_typed(self, row: int, status: str | None, advance: bool) -> None:
        key = self.table.item(row, COL_NR).data(Qt.ItemDataRole.UserRole)
        if self._save(key, status=status):
            self._fill_row(row, key)
            if advance and row + 1 < self.table.rowCount():
                self.table.setCurrentCell(row + 1, COL_STATUS)
            else:
                self._show_row(row)

    def _row_of(self, item_key: str) -> int:
        for row in range(self.table.rowCount()):
            it = self.table.item(row, COL_NR)
            if it is not None and it.data(Qt.ItemDataRole.UserRole) == item_key:
                return row
        return -1

    def _on_detail_changed(self, item_key: str, fields: dict) -> None:
        if self.meting_id is None or not self._save(item_key, **fields):
            return
        row = self._row_of(item_key)
        if row >= 0:
            self._fill_row(row, item_key)
            if row == self.table.currentRow() and (
                "uitvoerder_ids" in fields or "status" in fields
            ):
                self._show_row(row)

    def _make_action(self) -> None:
        key = self.current_item_key()
        if key is None or self.instrument is None:
            return
        try:
            with self.store.session() as session:
                actie = service.actie_from_gap(
                    session,
                    self.instrument.item(key).function_key,
                    None,
                    meting_id=self.meting_id,
                    item_key=key,
                )
                text = actie.omschrijving
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.status_message(f"Actie in het actieplan: {text}")
        self.action_created.emit()

    def _show_weging(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        assert self.instrument is not None
        scale = "".join(
            f"<li><b>{s.name}</b>"
            + (
                f" (gewicht {str(s.weight).replace('.', ',')})"
                if s.weight is not None
                else " (telt niet mee)"
            )
            + f": {s.help}</li>"
            for s in self.instrument.statuses
        )
        box = QMessageBox(self)
        box.setWindowTitle("Hoe de score wordt berekend")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(f"<p>{self.instrument.weighting}</p><ul>{scale}</ul>")
        box.exec()


def _function_comparison(comparison: Comparison, key: str):
    for fc in comparison.functions:
        if fc.function_key == key:
            return fc
    return None


def _wijken(session):
    from desktop.store import wijken

    return wijken.list_wijken(session)
