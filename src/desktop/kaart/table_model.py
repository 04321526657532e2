"""The list model of the Sociale kaart section: organisations from the search service,
loaded in pages as the view scrolls, sorted Dutch-aware with QCollator."""

from __future__ import annotations

import functools
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from desktop.kaart import service
from desktop.kaart.search import SearchFilters, SearchHit, query_words, search

_Index = QModelIndex | QPersistentModelIndex
PAGE = 500


def _collator() -> QCollator:
    collator = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
    collator.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    collator.setNumericMode(True)
    return collator


class KaartTableModel(QAbstractTableModel):
    """Organisations from the search service, fetched in pages of 500 as the view
    scrolls (canFetchMore/fetchMore), so a list of 100 000 paints at once."""

    HEADERS = ("Naam", "Soort", "Plaats", "Status", "Gecontroleerd", "Nr.")
    NUMBER_COLUMN = 5  # the organisation's number (for "Selectie voor een inwoner", fiche)

    def __init__(self, store, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.hits: list[SearchHit] = []
        self.details: dict[int, tuple[str, Any]] = {}
        self.query = ""
        self.filters = SearchFilters()
        self._more = False
        self._sorted: tuple[int, Qt.SortOrder] | None = None

    # loading
    def _page(self, offset: int, limit: int) -> list[SearchHit]:
        with self.store.session() as session:
            hits = search(session, self.query, self.filters, limit=limit, offset=offset)
            self.details.update(service.row_details(session, [h.organisatie_id for h in hits]))
        return hits

    def set_source(self, query: str, filters: SearchFilters) -> None:
        self.beginResetModel()
        self.query, self.filters = query, filters
        self.details = {}
        words = query_words(query)
        limit = 1000 if words else PAGE
        self.hits = self._page(0, limit)
        self._more = not words and len(self.hits) == limit
        self._sorted = None
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and self._more

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self._more:
            return
        page = self._page(len(self.hits), PAGE)
        self._more = len(page) == PAGE
        if page:
            self.beginInsertRows(QModelIndex(), len(self.hits), len(self.hits) + len(page) - 1)
            self.hits.extend(page)
            self.endInsertRows()

    # model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def _value(self, hit: SearchHit, column: int) -> str:
        if column == 0:
            return hit.organisatie_naam
        if column == 1:
            return hit.soort
        if column == 2:
            if hit.hele_gemeente:
                return f"{hit.plaats} (hele gemeente)" if hit.plaats else "Hele gemeente"
            return hit.plaats
        if column == self.NUMBER_COLUMN:
            return str(hit.organisatie_id)
        status, checked = self.details.get(hit.organisatie_id, ("", None))
        if column == 3:
            return status
        return checked.strftime("%d-%m-%Y") if checked else "nooit"

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._value(hit, index.column())
        if role == Qt.ItemDataRole.ToolTipRole and index.column() in (0, 1, 2):
            return self._value(hit, index.column()) or None  # the full text when cut off
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.NUMBER_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return hit.organisatie_id
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Dutch-aware sorting (QCollator): loads the rest of the list first."""
        if not self.hits:
            return
        while self._more:
            page = self._page(len(self.hits), 5000)
            self._more = len(page) == 5000
            self.hits.extend(page)
        self.layoutAboutToBeChanged.emit()
        collator = _collator()
        if column == 4:

            def key(h: SearchHit):
                checked = self.details.get(h.organisatie_id, ("", None))[1]
                return (checked is not None, checked.toordinal() if checked else 0)

            self.hits.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        elif column == self.NUMBER_COLUMN:
            self.hits.sort(
                key=lambda h: h.organisatie_id, reverse=order == Qt.SortOrder.DescendingOrder
            )
        else:
            values = {id(h): self._value(h, column) for h in self.hits}
            cmp = functools.cmp_to_key(lambda a, b: collator.compare(values[id(a)], values[id(b)]))
            self.hits.sort(key=cmp, reverse=order == Qt.SortOrder.DescendingOrder)
        self._sorted = (column, order)
        self.layoutChanged.emit()

    def row_of(self, organisatie_id: int) -> int:
        for i, h in enumerate(self.hits):
            if h.organisatie_id == organisatie_id:
                return i
        return -1
