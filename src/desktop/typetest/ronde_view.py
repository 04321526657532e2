"""The content of the Typetest section: rondes with their respondents (paper-entry grid,
full-screen fill-in), the group result, and the Stappenplan tab (built on first use).

Imported only when the section is first shown, so it adds nothing to start-up."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCollator, QLocale, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.rapporten.formatting import format_date
from desktop.typetest import service
from desktop.typetest.ronde_detail import RondeDetail, RondeDialog
from desktop.ui.errors import show_user_error


class _WrapDelegate(QStyledItemDelegate):
    """Rows as high as the wrapped text of their column (QTreeView does not do this)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: Any) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        width = max(self.view.header().sectionSize(index.column()) - 10, 20)
        text = str(index.data() or "")
        bound = option.fontMetrics.boundingRect(
            QRect(0, 0, width, 10_000), int(Qt.TextFlag.TextWordWrap), text
        )
        return QSize(size.width(), max(size.height(), bound.height() + 4))


class TypetestPage(QWidget):
    """Tabs Rondes (toolbar, list, detail) and Stappenplan."""

    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("typetestTabs")
        layout.addWidget(self.tabs)

        # Rondes tab: toolbar + list | detail
        rondes = QWidget()
        rl = QVBoxLayout(rondes)
        bar = QHBoxLayout()
        self.new_button = QPushButton("&Nieuwe ronde")
        self.new_button.setObjectName("newRonde")
        self.new_button.setToolTip("Nieuwe typetest-ronde (Ctrl+N)")
        self.new_button.clicked.connect(self.new_ronde)
        self.delete_button = QPushButton("Ronde verwijderen")
        self.delete_button.setObjectName("deleteRonde")
        self.delete_button.clicked.connect(self.delete_ronde)
        self.report_button = QPushButton("&Rapport…")
        self.report_button.setObjectName("rondeReport")
        self.report_button.setToolTip("Typetest-rapport (PDF) van deze ronde")
        self.report_button.clicked.connect(self.open_report)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)
        bar.addStretch(1)
        bar.addWidget(self.report_button)
        rl.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list = QTreeWidget()
        self.list.setObjectName("rondeList")
        self.list.setAccessibleName("Typetest-rondes")
        self.list.setHeaderLabels(["Nr", "Ronde", "Datum"])
        self.list.setRootIsDecorated(False)
        self.list.setSortingEnabled(True)
        self.list.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.list.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.list.header().setStretchLastSection(False)
        # long ronde names wrap onto a second line instead of being cut off
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.list.setItemDelegateForColumn(1, _WrapDelegate(self.list))
        self.list.header().sectionResized.connect(lambda *_: self.list.doItemsLayout())
        self.list.currentItemChanged.connect(self._on_select)
        self.list.itemActivated.connect(lambda *_: self.detail.grid.setFocus())
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.list, activated=self.delete_ronde)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        splitter.addWidget(self.list)
        self.stack = QStackedWidget()
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addStretch(1)
        msg = QLabel(
            "Nog geen typetest-rondes. Begin een nieuwe ronde en laat ambtenaren, "
            "wethouder, raadsleden en het steunpunt de test invullen."
        )
        msg.setWordWrap(True)
        msg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        first = QPushButton("Nieuwe ronde beginnen")
        first.setObjectName("firstRonde")
        first.clicked.connect(self.new_ronde)
        el.addWidget(msg)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(first)
        row.addStretch(1)
        el.addLayout(row)
        el.addStretch(2)
        self.detail = RondeDetail(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.detail)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 1000])
        rl.addWidget(splitter, 1)
        self.tabs.addTab(rondes, "R&ondes")

        self.werkplaats: Any = None  # built on first use (_ensure_werkplaats)
        self.tabs.addTab(QWidget(), "&Stappenplan")
        self.tabs.currentChanged.connect(self._tab_changed)
        self._tab_index = 0
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_ronde)

    def _ensure_werkplaats(self) -> None:
        if self.werkplaats is not None:
            return
        from desktop.typetest.werkplaats_view import WerkplaatsView

        self.werkplaats = WerkplaatsView(self.ctx)
        index = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        placeholder = self.tabs.widget(1)
        self.tabs.removeTab(1)
        placeholder.deleteLater()
        self.tabs.insertTab(1, self.werkplaats, "&Stappenplan")
        self.tabs.setCurrentIndex(index)
        self.tabs.blockSignals(False)

    # ------------------------------------------------------------------ Section API
    def refresh(self) -> None:
        """Reload when the section is shown (data may have changed elsewhere)."""
        current = self.current_ronde()
        self.refresh_list(keep=current)
        if current is not None and current == self.current_ronde() and not self.detail.dirty:
            self.detail.set_ronde(current)
        if self.werkplaats is not None and self.tabs.currentWidget() is self.werkplaats:
            self.werkplaats.refresh()

    def focus_search(self) -> None:
        self.list.setFocus()

    def open_record(self, record_id: int) -> None:
        """Show a ronde in the Rondes tab."""
        self.tabs.setCurrentIndex(0)
        if self.tabs.currentIndex() == 0:  # not kept on the Stappenplan tab
            self.refresh_list(keep=record_id)

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """A place named by a Start page item: "stappenplan" opens the Stappenplan tab
        (at step ``record_id`` when given), "ronde" (or no doel) the ronde ``record_id``."""
        if doel == "stappenplan":
            self._ensure_werkplaats()
            self.tabs.setCurrentWidget(self.werkplaats)
            if self.tabs.currentWidget() is not self.werkplaats:
                return  # the user kept unsaved changes elsewhere
            if record_id is not None and 1 <= record_id <= self.werkplaats.steps.count():
                self.werkplaats.steps.setCurrentRow(record_id - 1)
                # the item is about this step's planning: status, then eigenaar and datum
                self.werkplaats.status.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.werkplaats.steps.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if record_id is not None:
            self.open_record(record_id)
        if self.tabs.currentIndex() != 0:
            return  # the user kept unsaved changes on the Stappenplan tab
        if doel == "herhalen":
            self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.focus_first_open_answer():
            self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_first_open_answer(self) -> bool:
        """Put the cursor on the first unanswered question of the first respondent who has
        not answered everything; False when every respondent is complete."""
        from desktop.typetest.grid import FIRST_Q
        from desktop.typetest.scoring import QUESTION_NUMBERS

        if self.current_ronde() is None:
            return False
        grid = self.detail.grid
        model = grid.grid_model()
        for row, r in enumerate(model.rows):
            if r.result is None:
                open_q = next(n for n in QUESTION_NUMBERS if n not in r.answers)
                self.detail.tabs.setCurrentIndex(0)
                grid.go_to(row, FIRST_Q + open_q - 1)
                grid.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return False

    def can_leave(self) -> bool:
        if self.detail.dirty and not self._ask_save_ronde():
            return False
        return self.werkplaats is None or self.werkplaats.maybe_save()

    def _ask_save_ronde(self) -> bool:
        answer = QMessageBox.question(
            self,
            "Wijzigingen opslaan?",
            "De gegevens van de ronde zijn gewijzigd. Opslaan?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.detail.save()
        if answer == QMessageBox.StandardButton.Discard:
            self.detail.dirty = False
            return True
        return False

    # ------------------------------------------------------------------ list
    def current_ronde(self) -> int | None:
        item = self.list.currentItem()
        return item.data(0, Qt.ItemDataRole.UserRole) if item else None

    def refresh_list(self, keep: int | None = None) -> None:
        with self.ctx.store.session() as session:
            rondes = service.list_rondes(session)
        self.list.blockSignals(True)
        self.list.clear()
        select = None
        for r in rondes:
            item = _SortItem([str(r.id), r.naam, format_date(r.datum)])
            item.setData(0, Qt.ItemDataRole.UserRole, r.id)
            item.setData(2, Qt.ItemDataRole.UserRole, r.datum.toordinal())
            item.setTextAlignment(0, Qt.AlignmentFlag.AlignRight)
            tip = f"{r.naam} ({format_date(r.datum)})\n" + (
                "Nog geen respondenten"
                if not r.respondenten
                else f"{r.compleet} van {r.respondenten} "
                f"{'respondent' if r.respondenten == 1 else 'respondenten'} volledig ingevuld"
            )
            tip += f"\nDoel: {r.doel}" if r.doel else ""
            for col in range(3):
                item.setToolTip(col, tip)
            self.list.addTopLevelItem(item)
            if r.id == keep:
                select = item
        if select is None and self.list.topLevelItemCount():
            select = self.list.topLevelItem(0)
        self.list.setCurrentItem(select)
        self.list.blockSignals(False)
        new_id = self.current_ronde()
        self.stack.setCurrentWidget(self.detail if new_id is not None else self.empty)
        self.delete_button.setEnabled(new_id is not None)
        self.report_button.setEnabled(new_id is not None)
        if new_id != self.detail.ronde_id:
            self.detail.set_ronde(new_id)

    def _on_select(self, current, previous) -> None:
        if self.detail.dirty and not self._ask_save_ronde():
            self.list.blockSignals(True)
            self.list.setCurrentItem(previous)
            self.list.blockSignals(False)
            return
        new_id = current.data(0, Qt.ItemDataRole.UserRole) if current else None
        self.detail.set_ronde(new_id)
        self.stack.setCurrentWidget(self.detail if new_id is not None else self.empty)

    def _tab_changed(self, index: int) -> None:
        if index == self._tab_index:
            return
        leaving = self.tabs.widget(self._tab_index)
        if leaving is self.werkplaats and not self.werkplaats.maybe_save():
            self.tabs.blockSignals(True)
            self.tabs.setCurrentIndex(self._tab_index)
            self.tabs.blockSignals(False)
            return
        self._tab_index = index
        if index == 1:
            self._ensure_werkplaats()
            self.werkplaats.refresh()
        else:
            self.refresh_list(keep=self.current_ronde())

    # ------------------------------------------------------------------ actions
    def new_ronde(self) -> None:
        dialog = RondeDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_ronde(*dialog.values())

    def create_ronde(self, naam: str, datum: date, doel: str) -> int | None:
        try:
            with self.ctx.store.session() as session:
                ronde_id = service.create_ronde(session, naam, datum, doel).id
        except UserError as exc:
            show_user_error(self, exc)
            return None
        self.tabs.setCurrentIndex(0)
        self.refresh_list(keep=ronde_id)
        self.detail.set_ronde(ronde_id)
        self.detail.add_button.setFocus()
        self.ctx.status(f"Ronde '{naam.strip()}' aangemaakt. Voeg nu respondenten toe.")
        return ronde_id

    def delete_ronde(self) -> None:
        ronde_id = self.current_ronde()
        if ronde_id is None:
            return
        item = self.list.currentItem()
        answer = QMessageBox.question(
            self,
            "Ronde verwijderen?",
            f"De ronde '{item.text(1)}' met alle respondenten en antwoorden verwijderen? "
            "Dit kan niet ongedaan worden gemaakt.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self.ctx.store.session() as session:
            service.delete_ronde(session, ronde_id)
        self.detail.dirty = False
        self.refresh_list()
        self.ctx.status("Ronde verwijderd.")

    def open_report(self) -> None:
        window = self.ctx.window
        ronde_id = self.current_ronde()
        if window is None or ronde_id is None:
            return
        window.open_section("rapporten")
        section = window.section("rapporten")
        if section is not None and hasattr(section, "select_report"):
            section.select_report("typetest")
            editor = getattr(section, "_editors", {}).get("ronde")
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(ronde_id)))


_COLLATOR = QCollator(QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands))
_COLLATOR.setNumericMode(True)
_COLLATOR.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)


class _SortItem(QTreeWidgetItem):
    """Sorts numbers and dates by value, names by Dutch-aware text (QCollator)."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:  # type: ignore[override]
        tree = self.treeWidget()
        column = tree.sortColumn() if tree else 0
        if column == 0:
            return (self.data(0, Qt.ItemDataRole.UserRole) or 0) < (
                other.data(0, Qt.ItemDataRole.UserRole) or 0
            )
        if column == 2:
            return (self.data(2, Qt.ItemDataRole.UserRole) or 0) < (
                other.data(2, Qt.ItemDataRole.UserRole) or 0
            )
        return _COLLATOR.compare(self.text(column), other.text(column)) < 0
