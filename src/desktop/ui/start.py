"""Start page: gemeente name and the 'Aandacht nodig' list fed by the features."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from desktop.attention import AttentionItem, all_items
from desktop.features import core_section
from desktop.store import overview, settings
from desktop.ui.section import AppContext, Section

_MARK = {"urgent": "●", "waarschuwing": "▲", "info": "•"}


class StartSection(Section):
    info = core_section("start")
    help_text = (
        "<p>De startpagina toont wat aandacht nodig heeft: vervolgafspraken die eraan "
        "komen, organisaties die lang niet zijn gecontroleerd, acties en reservekopieën. "
        "Dubbelklik of druk Enter op een regel om ernaartoe te gaan.</p>"
    )

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        self.heading = QLabel()
        self.heading.setObjectName("startHeading")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.heading.setFont(font)
        self.sub = QLabel()
        self.sub.setWordWrap(True)
        self.backup_line = QLabel()
        self.backup_line.setObjectName("startBackup")
        self.backup_line.setWordWrap(True)
        label = QLabel("<b>Aandacht nodig</b>")
        self.items = QListWidget()
        self.items.setObjectName("attentionList")
        self.items.setAccessibleName("Aandacht nodig")
        self.items.setWordWrap(True)
        self.items.itemActivated.connect(self._activate)
        self.empty = QLabel("Niets dat nu aandacht vraagt. Alles is bij.")
        self.empty.setObjectName("attentionEmpty")
        label.setBuddy(self.items)
        layout.addWidget(self.heading)
        layout.addWidget(self.sub)
        layout.addWidget(self.backup_line)
        layout.addSpacing(12)
        layout.addWidget(label)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.empty)

    def refresh(self) -> None:
        with self.ctx.store.session() as session:
            naam = settings.gemeente_naam(session)
            items = all_items(session)
            last = overview.last_backup(session)
        self.heading.setText(f"Gemeente {naam}" if naam else "Welkom bij Elkaar")
        self.sub.setText(
            "Sociale kaart, mantelzorgondersteuning en beleidsinstrumenten voor vrijwillige inzet."
        )
        if self.ctx.store.path is None:
            self.backup_line.setText("")
        elif last is None:
            self.backup_line.setText("Er is nog geen reservekopie gemaakt.")
        else:
            self.backup_line.setText(
                "Laatste goede reservekopie: " + last.astimezone().strftime("%d-%m-%Y om %H:%M")
            )
        if self.ctx.store.readonly:
            self.backup_line.setText(
                self.backup_line.text() + "  —  De database is alleen-lezen geopend."
            )
        self.items.clear()
        for item in items:
            text = f"{_MARK.get(item.ernst, '•')}  {item.titel}"
            if item.toelichting:
                text += f"\n     {item.toelichting}"
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, item)
            self.items.addItem(row)
        self.empty.setVisible(not items)
        self.items.setVisible(bool(items))

    def _activate(self, row: QListWidgetItem) -> None:
        item: AttentionItem = row.data(Qt.ItemDataRole.UserRole)
        if item.sectie:
            self.ctx.open_section(item.sectie, item.record_id, item.doel)

    def focus_search(self) -> None:
        self.items.setFocus()
