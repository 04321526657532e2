"""AVG actions of the Mantelzorgers section: print the plan, inzage, vergeten and the
bewaartermijn review (the services live in ``desktop.privacy``)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from desktop.errors import UserError


def print_plan(section) -> None:
    if section.current_id is None:
        return
    from desktop.rapporten import catalogue

    out, _ = QFileDialog.getSaveFileName(
        section,
        "Ondersteuningsplan opslaan",
        f"ondersteuningsplan-{section.current_id}.pdf",
        "PDF (*.pdf)",
    )
    if not out:
        return
    try:
        catalogue.get("ondersteuningsplan").run(
            section.ctx.store, {"mantelzorger": section.current_id}, out
        )
    except UserError as exc:
        QMessageBox.warning(section, "Ondersteuningsplan", exc.message)
        return
    section.ctx.status(f"Ondersteuningsplan opgeslagen: {out}")


def inzage(section) -> None:
    if section.current_id is None:
        return
    folder = QFileDialog.getExistingDirectory(section, "Map voor de inzage kiezen")
    if not folder:
        return
    from desktop.privacy import inzage

    try:
        with section.ctx.store.session() as s:
            paths = inzage.write(s, section.current_id, folder)
    except UserError as exc:
        QMessageBox.warning(section, "Inzage", exc.message)
        return
    section.ctx.status(f"Inzage opgeslagen in {folder} ({len(paths)} bestanden).")


def vergeet(section) -> None:
    if section.current_id is None:
        return
    from desktop.privacy import erasure

    answer = QMessageBox.warning(
        section,
        "Mantelzorger vergeten",
        "Alle gegevens van deze mantelzorger, de gesprekken en de plannen worden gewist. "
        "Alleen anonieme aantallen blijven voor de statistiek. Dit kan niet ongedaan worden gemaakt.",
        QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Discard:
        return
    with section.ctx.store.session() as s:
        erasure.forget(s, section.current_id)
    erasure.compact(section.ctx.store)
    section.current_id = None
    for view in (section.detail, section.flags, section.plan_view, section.gesprek_list):
        view.clear()  # nothing of the erased person stays on screen
    section.followup_plan_id = None
    section.followup_button.setEnabled(False)
    section.correct_button.setEnabled(False)
    section.reload()
    section.ctx.status("De mantelzorger is gewist; de anonieme telling is bewaard.")


def bewaartermijn(section) -> None:
    from desktop.privacy import erasure, retention

    with section.ctx.store.session() as s:
        items = retention.review_list(s)
        months = retention.term_months(s)
    dialog = QDialog(section)
    dialog.setWindowTitle("Bewaartermijn")
    col = QVBoxLayout(dialog)
    term_row = QHBoxLayout()
    term_label = QLabel("&Bewaartermijn na het laatste contact (maanden):")
    term_row.addWidget(term_label)
    term = QSpinBox()
    term_label.setBuddy(term)
    term.setRange(1, retention.MAX_TERM_MONTHS)
    term.setValue(months)
    term.setAccessibleName("Bewaartermijn in maanden")
    apply = QPushButton("Termijn &wijzigen")
    term_row.addWidget(term)
    term_row.addWidget(apply)
    col.addLayout(term_row)
    col.addWidget(QLabel("Standaard 24 maanden; zie de handleiding voor de reden."))
    lst_label = QLabel("&Dossiers voorbij de termijn (worden pas gewist na uw bevestiging):")
    col.addWidget(lst_label)
    lst = QListWidget()
    lst.setAccessibleName("Dossiers voorbij de termijn")
    lst_label.setBuddy(lst)
    for i in items:
        lst.addItem(
            f"{i.naam} ({i.id}) — laatste contact {i.laatste_contact:%d-%m-%Y}, vervallen {i.vervalt_op:%d-%m-%Y}"
        )
    if not items:
        lst.addItem("Geen dossiers voorbij de bewaartermijn.")
    col.addWidget(lst)

    def change_term() -> None:
        try:
            with section.ctx.store.session() as s:
                retention.set_term_months(s, term.value())
        except UserError as exc:
            QMessageBox.warning(dialog, "Bewaartermijn", exc.message)
            return
        dialog.done(2)  # reopen with the new list

    apply.clicked.connect(change_term)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText("&Sluiten")
    purge = buttons.addButton("Deze dossiers w&issen", QDialogButtonBox.ButtonRole.DestructiveRole)
    purge.setEnabled(bool(items))
    purge.clicked.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    col.addWidget(buttons)
    result = dialog.exec()
    if result == 2:
        bewaartermijn(section)
        return
    if result != QDialog.DialogCode.Accepted:
        return
    with section.ctx.store.session() as s:
        n = retention.purge(s, [i.id for i in items])
    erasure.compact(section.ctx.store)
    section.reload()
    section.ctx.status(f"{n} dossier(s) gewist; de anonieme telling is bewaard.")
    section.ctx.refresh_start()
