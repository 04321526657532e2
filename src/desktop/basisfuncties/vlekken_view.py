"""The "Witte vlekken" tab: basisfuncties by wijk, colour and text in every cell;
clicking a cell lists the organisations concerned or says none exist, and a gap becomes
an action of the actieplan with one click."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.basisfuncties import service
from desktop.basisfuncties.dekking import BRON_KAART, WitteVlekken
from desktop.basisfuncties.weergave import CELL_COLOURS, cell_text, vlekken_summary
from desktop.errors import UserError
from desktop.ui.errors import show_user_error

_Index = QModelIndex | QPersistentModelIndex


class MatrixModel(QAbstractTableModel):
    """Rows: basisfuncties; columns: wijken."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vlekken: WitteVlekken | None = None

    def set_vlekken(self, vlekken: WitteVlekken) -> None:
        self.beginResetModel()
        self.vlekken = vlekken
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.vlekken is None else len(self.vlekken.functions)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.vlekken is None else len(self.vlekken.wijken)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if self.vlekken is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.vlekken.wijken[section][1]
            f = self.vlekken.functions[section]
            return f"{f.code} {f.short_name}"
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Vertical:
            return self.vlekken.functions[section].name
        return None

    def cell_at(self, index: _Index):
        assert self.vlekken is not None
        f = self.vlekken.functions[index.row()]
        w = self.vlekken.wijken[index.column()][0]
        return self.vlekken.cell(f.key, w)

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid() or self.vlekken is None:
            return None
        cell = self.cell_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(cell)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(QColor(CELL_COLOURS[cell.state]))
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(QColor("#1A1A1A"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return ", ".join(cell.organisations) or "Geen aanbod"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class WitteVlekkenView(QWidget):
    action_created = Signal()

    def __init__(
        self, store: Any, status: Callable[[str], None], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.status_message = status
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel("Combineer de sociale kaart met:"))
        self.meting = QComboBox()
        self.meting.setObjectName("vlekkenMeting")
        self.meting.setAccessibleName("Meting voor de witte vlekken")
        self.meting.currentIndexChanged.connect(lambda _i: self.refresh_matrix())
        top.addWidget(self.meting, 1)
        self.summary = QLabel()
        self.summary.setObjectName("vlekkenSummary")
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 2)
        layout.addLayout(top)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.model = MatrixModel(self)
        self.view = QTableView()
        self.view.setObjectName("vlekkenMatrix")
        self.view.setAccessibleName("Witte vlekken: basisfuncties per wijk")
        self.view.setModel(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.horizontalHeader().setMinimumSectionSize(80)
        self.view.selectionModel().currentChanged.connect(lambda cur, _p: self._show_cell(cur))
        self.view.clicked.connect(self._show_cell)
        splitter.addWidget(self.view)
        bottom = QWidget()
        bl = QVBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setObjectName("vlekkenDetail")
        self.detail.setAccessibleName("Organisaties in de gekozen cel")
        self.detail.setHtml(
            "<p>Klik op een cel om te zien welke organisaties er aanbod hebben.</p>"
        )
        bl.addWidget(self.detail, 1)
        self.make_action = QPushButton("Maak een actie voor deze witte vlek")
        self.make_action.setObjectName("vlekActie")
        self.make_action.setEnabled(False)
        self.make_action.clicked.connect(self._make_action)
        bl.addWidget(self.make_action, 0, Qt.AlignmentFlag.AlignLeft)
        legend = QLabel(
            "Rood = geen aanbod (witte vlek) · geel = één aanbieder · groen = meerdere "
            "aanbieders · grijs = niet gekozen. Bron: aanbod op de sociale kaart dat met de "
            "basisfunctie is gemarkeerd en de wijk bedient, plus de uitvoerders van aanwezige "
            "activiteiten in de meting."
        )
        legend.setWordWrap(True)
        bl.addWidget(legend)
        splitter.addWidget(bottom)
        splitter.setSizes([420, 200])
        layout.addWidget(splitter, 1)

    def refresh(self) -> None:
        current = self.meting.currentData()
        self.meting.blockSignals(True)
        self.meting.clear()
        self.meting.addItem("alleen de sociale kaart (alle basisfuncties)", None)
        with self.store.session() as session:
            for m in service.list_metingen(session):
                self.meting.addItem(f"{m.label} (meting {m.id})", m.id)
        index = (
            self.meting.findData(current)
            if current is not None
            else (1 if self.meting.count() > 1 else 0)
        )
        self.meting.setCurrentIndex(max(0, index))
        self.meting.blockSignals(False)
        self.refresh_matrix()

    def select_meting(self, meting_id: int | None) -> None:
        i = self.meting.findData(meting_id)
        if i >= 0:
            self.meting.setCurrentIndex(i)

    def refresh_matrix(self) -> None:
        with self.store.session() as session:
            vlekken = service.witte_vlekken(session, self.meting.currentData())
        self.model.set_vlekken(vlekken)
        self.summary.setText(vlekken_summary(vlekken))
        self.view.resizeRowsToContents()
        self.make_action.setEnabled(False)

    def _show_cell(self, index: QModelIndex) -> None:
        if not index.isValid() or self.model.vlekken is None:
            return
        vlekken = self.model.vlekken
        cell = self.model.cell_at(index)
        f = vlekken.function(cell.function_key)
        wijk = vlekken.wijk_naam(int(cell.wijk_id))
        entries = vlekken.entries(cell.function_key, int(cell.wijk_id))
        html = f"<p><b>{escape(f.code)} {escape(f.name)} in {escape(wijk)}</b></p>"
        if cell.is_gap or not entries:
            html += (
                "<p>Hier bestaat <b>geen aanbod</b>: geen organisatie op de sociale kaart heeft "
                "actief aanbod voor deze basisfunctie in deze wijk, en de meting noemt geen "
                "uitvoerder.</p>"
            )
            nearby = service.nearby_offer(vlekken, cell.function_key, int(cell.wijk_id))
            if nearby:
                html += (
                    "<p>In andere wijken: "
                    + "; ".join(f"{escape(n)} ({escape(', '.join(w))})" for n, w in nearby[:8])
                    + "</p>"
                )
        else:
            if cell.state.name == "NOT_CHOSEN":
                html += "<p>De gemeente werkt in deze meting niet aan deze basisfunctie.</p>"
            html += "<ul>"
            for e in entries:
                what = ", ".join(e.wat)
                bron = "sociale kaart" if e.bron == BRON_KAART else "meting"
                html += f"<li><b>{escape(e.naam)}</b> — {escape(bron)}: {escape(what)} <small>({escape(e.via)})</small></li>"
            html += "</ul>"
        self.detail.setHtml(html)
        self.make_action.setEnabled(cell.is_gap)
        self._cell = cell

    def _make_action(self) -> None:
        cell = getattr(self, "_cell", None)
        if cell is None:
            return
        try:
            with self.store.session() as session:
                actie = service.actie_from_gap(
                    session,
                    cell.function_key,
                    int(cell.wijk_id),
                    meting_id=self.meting.currentData(),
                )
                text = actie.omschrijving
        except UserError as exc:
            show_user_error(self, exc)
            return
        self.status_message(f"Actie in het actieplan: {text}")
        self.action_created.emit()
