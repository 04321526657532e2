"""Dialogs of the sociale kaart: duplicate warning, merge, export, and the printed
selectie voor een inwoner."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.kaart import duplicates


def _esc(text: object) -> str:
    from html import escape

    return escape(str(text or ""))


class DuplicateDialog(QDialog):
    """ "Deze organisatie lijkt op ..." with the candidates: add anyway, open, cancel."""

    ADD, OPEN = 1, 2

    def __init__(
        self, parent: QWidget | None, naam: str, candidates: list[duplicates.Candidate]
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Lijkt op een bestaande organisatie")
        self.choice = 0
        self.candidates = candidates
        text = QLabel(
            f"<p><b>{_esc(naam)}</b> lijkt op een organisatie die al op de sociale kaart staat. "
            "Controleer of het dezelfde is, voordat u haar toevoegt.</p>"
        )
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Gelijkende organisaties")
        for c in candidates:
            item = QListWidgetItem(
                f"{c.naam} ({c.plaats or 'geen plaats'}) — {', '.join(c.redenen)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, c.organisatie_id)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        add = QPushButton("Toch toevoegen")
        add.clicked.connect(lambda: self._done(self.ADD))
        open_ = QPushButton("Bestaande openen")
        open_.clicked.connect(lambda: self._done(self.OPEN))
        cancel = QPushButton("Annuleren")
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(open_)
        row.addStretch(1)
        row.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.list)
        layout.addLayout(row)

    def _done(self, choice: int) -> None:
        self.choice = choice
        self.accept()

    def selected_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None


def confirm_not_duplicate(parent, store, values: dict[str, Any]) -> bool:
    """True when the new organisation may be added (no look-alikes, or the user says so).
    "Bestaande openen" asks the window to show the existing one and returns False."""
    with store.session() as session:
        candidates = duplicates.find_duplicates(session, values)
    if not candidates:
        return True
    dialog = DuplicateDialog(parent, values.get("naam", ""), candidates)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    if dialog.choice == DuplicateDialog.OPEN:
        target = dialog.selected_id()
        opener = getattr(parent, "open_existing", None) or getattr(
            parent.parent(), "open_existing", None
        )
        section = parent
        while section is not None and not hasattr(section, "open_record"):
            section = section.parent()
        if target and section is not None:
            section.open_record(target, force=True)
        elif target and opener:
            opener(target)
        return False
    return True


class MergeDialog(QDialog):
    """Choose which organisation to keep; the others are merged into it."""

    def __init__(self, parent: QWidget | None, candidates: list[duplicates.Candidate]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisaties samenvoegen")
        self.candidates = candidates
        intro = QLabel(
            "Kies de organisatie die blijft. Het aanbod en de contactpersonen van de andere "
            "gaan naar haar toe, lege velden worden aangevuld, en de andere gaan naar de "
            "prullenbak (met 'samengevoegd in'). Alles staat in de wijzigingen en is terug te zetten."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.group = QButtonGroup(self)
        for i, c in enumerate(candidates):
            radio = QRadioButton(f"{c.naam} ({c.plaats or 'geen plaats'}, nr. {c.organisatie_id})")
            radio.setProperty("organisatie_id", c.organisatie_id)
            self.group.addButton(radio, i)
            layout.addWidget(radio)
            if i == 0:
                radio.setChecked(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Samenvoegen")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def keep_id(self) -> int:
        return self.group.checkedButton().property("organisatie_id")

    def merge_ids(self) -> list[int]:
        keep = self.keep_id()
        return [c.organisatie_id for c in self.candidates if c.organisatie_id != keep]


class ExportDialog(QDialog):
    """Format, scope (everything or the current list) and file."""

    def __init__(self, parent: QWidget | None, current_count: int | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sociale kaart exporteren")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Formaat:"))
        self.formats = QButtonGroup(self)
        for i, (key, label) in enumerate(
            (
                ("xlsx", "Excel (.xlsx) — kan weer worden ingelezen"),
                ("csv", "CSV (.csv, puntkomma)"),
                ("hsds", "Open Referral HSDS 3.0 (JSON-bestanden in een .zip)"),
            )
        ):
            radio = QRadioButton(label)
            radio.setProperty("fmt", key)
            self.formats.addButton(radio, i)
            layout.addWidget(radio)
            if i == 0:
                radio.setChecked(True)
        layout.addWidget(QLabel("Welke organisaties:"))
        self.scope_all = QRadioButton("Alle organisaties")
        self.scope_all.setChecked(True)
        self.scope_list = QRadioButton(
            f"Alleen de huidige lijst ({current_count})"
            if current_count is not None
            else "Alleen de huidige lijst"
        )
        self.scope_list.setEnabled(bool(current_count))
        layout.addWidget(self.scope_all)
        layout.addWidget(self.scope_list)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Exporteren…")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def fmt(self) -> str:
        return self.formats.checkedButton().property("fmt")

    def only_list(self) -> bool:
        return self.scope_list.isChecked()


def ask_export_path(parent: QWidget | None, fmt: str) -> Path | None:
    suggestions = {
        "xlsx": ("sociale-kaart.xlsx", "Excel (*.xlsx)"),
        "csv": ("sociale-kaart.csv", "CSV (*.csv)"),
        "hsds": ("sociale-kaart-hsds.zip", "Zip (*.zip)"),
    }
    name, filt = suggestions[fmt]
    path, _ = QFileDialog.getSaveFileName(parent, "Exporteren naar", str(Path.home() / name), filt)
    return Path(path) if path else None


class SelectieDialog(QDialog):
    """Pick organisations and aanbod from a search, add a note, make a PDF."""

    def __init__(self, parent: QWidget | None, store, initial: list[Any] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("Selectie voor een inwoner")
        self.resize(640, 520)
        intro = QLabel(
            "Zoek de organisaties of het aanbod waar de inwoner mee verder kan, en schrijf er "
            "eventueel een persoonlijke notitie bij. U krijgt een PDF van één of twee pagina's "
            "in gewone taal om mee te geven of te mailen."
        )
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Gekozen organisaties en aanbod")
        add_org = QPushButton("Organisatie zoeken…")
        add_org.clicked.connect(self.add_organisaties)
        add_aanbod = QPushButton("Aanbod zoeken…")
        add_aanbod.clicked.connect(self.add_aanbod)
        remove = QPushButton("Weghalen")
        remove.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        row = QHBoxLayout()
        for b in (add_org, add_aanbod, remove):
            row.addWidget(b)
        row.addStretch(1)
        self.note = QPlainTextEdit()
        self.note.setAccessibleName("Notitie voor de inwoner")
        self.note.setPlaceholderText("Bijvoorbeeld: Beste mevrouw Jansen, zoals besproken ...")
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("PDF maken…")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Sluiten")
        self.buttons.accepted.connect(self.make_pdf)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addLayout(row)
        layout.addWidget(QLabel("Notitie:"))
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        for hit in initial or []:
            self._add(hit)

    def _add(self, hit) -> None:
        key = (hit.organisatie_id, hit.aanbod_id)
        for i in range(self.list.count()):
            if self.list.item(i).data(Qt.ItemDataRole.UserRole) == key:
                return
        text = (
            f"{hit.aanbod_naam} — {hit.organisatie_naam}" if hit.aanbod_id else hit.organisatie_naam
        )
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.list.addItem(item)

    def add_organisaties(self) -> None:
        from desktop.kaart.picker import pick_organisaties

        for hit in pick_organisaties(self, self.store) or []:
            self._add(hit)

    def add_aanbod(self) -> None:
        from desktop.kaart.picker import pick_aanbod

        for hit in pick_aanbod(self, self.store) or []:
            self._add(hit)

    def chosen(self) -> tuple[list[int], list[int]]:
        orgs, aanbod = [], []
        for i in range(self.list.count()):
            oid, aid = self.list.item(i).data(Qt.ItemDataRole.UserRole)
            if aid:
                aanbod.append(aid)
            elif oid not in orgs:
                orgs.append(oid)
        return orgs, aanbod

    def make_pdf(self) -> None:
        from desktop.ui.tasks import run_task

        orgs, aanbod = self.chosen()
        if not orgs and not aanbod:
            QMessageBox.information(self, "Selectie", "Kies eerst een organisatie of aanbod.")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "PDF opslaan", str(Path.home() / "selectie.pdf"), "PDF (*.pdf)"
        )
        if not path:
            return
        options = {"ids": orgs, "aanbod_ids": aanbod, "notitie": self.note.toPlainText()}
        store = self.store

        def work(progress, cancel):
            from desktop.kaart.reports import build_selectie

            build_selectie(store, options, Path(path), progress, cancel)
            return path

        def done(result) -> None:
            parent = self.parent()
            ctx = getattr(parent, "ctx", None)
            if ctx is not None:
                ctx.status(f"Selectie opgeslagen: {result}")
            self.accept()

        self._task = run_task(self, "Selectie maken", work, done)
