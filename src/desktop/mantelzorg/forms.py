"""The form to register or correct a mantelzorger (and their first zorgvrager).

One column, required fields marked with *, the Save button disabled until the form is
valid, the problem shown under the form while typing, Ctrl+S saves, Esc cancels (with a
question when something was typed). The toestemming part says what is stored and why.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.mantelzorg import service
from desktop.mantelzorg.instrument import load_mantelzorg
from desktop.mantelzorg.models import AANMELDERS, TOESTEMMING_HOE
from desktop.store import changelog, wijken
from desktop.ui.widgets import DateField, TriState, error_label, required

TOESTEMMING_UITLEG = (
    "<b>Wat we vastleggen en waarom.</b> We bewaren contactgegevens, de zorgsituatie, wat "
    "in gesprekken is besproken en de afspraken, alleen om deze mantelzorger te "
    "ondersteunen en door te verwijzen. De gegevens staan versleuteld op deze computer; "
    "wie ze bekijkt of wijzigt, wordt vastgelegd. De mantelzorger mag alles inzien, laten "
    "verbeteren of laten wissen. Na de bewaartermijn (standaard 2 jaar na het laatste "
    "contact) wissen we het dossier; voor de gemeente tellen we alleen anoniem."
)


class MantelzorgerDialog(QDialog):
    def __init__(
        self, ctx, parent: QWidget | None = None, mantelzorger_id: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.mantelzorger_id = mantelzorger_id
        self.saved_id: int | None = None
        self._seen = None
        self._dirty = False
        self.setWindowTitle("Mantelzorger wijzigen" if mantelzorger_id else "Nieuwe mantelzorger")
        self.setObjectName("mantelzorgerDialog")
        self.resize(640, 720)
        instrument = load_mantelzorg()

        body = QWidget()
        col = QVBoxLayout(body)
        person = QGroupBox("Mantelzorger")
        form = QFormLayout(person)
        self.naam = QLineEdit()
        self.naam.setObjectName("naam")
        self.naam.setAccessibleName("Naam")
        form.addRow(required("&Naam"), self.naam)
        self.geboortedatum = DateField(optional=True)
        self.geboortedatum.setAccessibleName("Geboortedatum")
        form.addRow("&Geboortedatum", self.geboortedatum)
        self.telefoon = QLineEdit()
        self.telefoon.setAccessibleName("Telefoon")
        form.addRow("&Telefoon", self.telefoon)
        self.email = QLineEdit()
        self.email.setAccessibleName("E-mail")
        form.addRow("&E-mail", self.email)
        self.adres = QLineEdit()
        self.adres.setAccessibleName("Adres")
        form.addRow("&Adres", self.adres)
        self.postcode = QLineEdit()
        self.postcode.setAccessibleName("Postcode")
        self.postcode.setPlaceholderText("1234 AB")
        form.addRow("&Postcode", self.postcode)
        self.plaats = QLineEdit()
        self.plaats.setAccessibleName("Plaats")
        form.addRow("P&laats", self.plaats)
        self.wijk = QComboBox()
        self.wijk.setAccessibleName("Wijk")
        self.wijk.addItem("(onbekend)", None)
        with ctx.store.session() as s:
            for w in wijken.list_wijken(s):
                self.wijk.addItem(w.naam, w.id)
        form.addRow("&Wijk of kern", self.wijk)
        self.werkt = TriState()
        self.werkt.setAccessibleName("Betaald werk")
        form.addRow("Betaald wer&k", self.werkt)
        self.studeert = TriState()
        self.studeert.setAccessibleName("School of studie")
        form.addRow("&School of studie", self.studeert)
        self.werk_toelichting = QLineEdit()
        self.werk_toelichting.setAccessibleName("Toelichting werk en studie")
        form.addRow("Toelichting werk/studie", self.werk_toelichting)
        self.aanmelder = QComboBox()
        self.aanmelder.setEditable(True)
        self.aanmelder.addItems(["", *AANMELDERS])
        self.aanmelder.setAccessibleName("Aangemeld door")
        form.addRow("Aangemeld &door", self.aanmelder)
        self.migratie = TriState()
        self.migratie.setAccessibleName("Migratieachtergrond")
        self.migratie.setToolTip("Alleen invullen als de mantelzorger dit zelf vertelt.")
        form.addRow("Migratieachtergrond (alleen als zelf verteld)", self.migratie)
        col.addWidget(person)

        self.zorg_box = QGroupBox("Zorgvrager (voor wie zorgt de mantelzorger?)")
        zf = QFormLayout(self.zorg_box)
        self.zv_naam = QLineEdit()
        self.zv_naam.setObjectName("zorgvragerNaam")
        self.zv_naam.setAccessibleName("Naam zorgvrager")
        zf.addRow("Naam &zorgvrager", self.zv_naam)
        self.relatie = QComboBox()
        self.relatie.setAccessibleName("Relatie")
        self.relatie.addItem("(onbekend)", "")
        for r in instrument.relations:
            self.relatie.addItem(f"mantelzorger is {instrument.relation_phrase(r.key)}", r.key)
        zf.addRow("&Relatie", self.relatie)
        self.aandoening = QComboBox()
        self.aandoening.setAccessibleName("Aandoening of beperking")
        self.aandoening.addItem("(onbekend)", "")
        for c in instrument.conditions:
            self.aandoening.addItem(c.text, c.key)
        zf.addRow("Aandoening/&beperking", self.aandoening)
        self.uren = QDoubleSpinBox()
        self.uren.setRange(-1, 168)
        self.uren.setSpecialValueText("onbekend")
        self.uren.setValue(-1)
        self.uren.setAccessibleName("Uren zorg per week")
        zf.addRow("&Uren zorg per week", self.uren)
        self.samenwonend = TriState()
        self.samenwonend.setAccessibleName("Samenwonend")
        zf.addRow("Woont sa&men", self.samenwonend)
        col.addWidget(self.zorg_box)
        if mantelzorger_id is not None:
            self.zorg_box.hide()

        consent = QGroupBox("Toestemming")
        cf = QFormLayout(consent)
        uitleg = QLabel(TOESTEMMING_UITLEG)
        uitleg.setWordWrap(True)
        cf.addRow(uitleg)
        self.t_datum = DateField()
        self.t_datum.setAccessibleName("Datum toestemming")
        cf.addRow(required("Datum"), self.t_datum)
        self.t_waarvoor = QPlainTextEdit(service.DEFAULT_TOESTEMMING)
        self.t_waarvoor.setTabChangesFocus(True)
        self.t_waarvoor.setFixedHeight(70)
        self.t_waarvoor.setAccessibleName("Waarvoor toestemming")
        cf.addRow(required("Waar&voor"), self.t_waarvoor)
        self.t_hoe = QComboBox()
        self.t_hoe.addItems(list(TOESTEMMING_HOE))
        self.t_hoe.setAccessibleName("Hoe vastgelegd")
        cf.addRow(required("&Hoe vastgelegd"), self.t_hoe)
        self.t_door = QLineEdit(changelog.current_user())
        self.t_door.setAccessibleName("Vastgelegd door")
        cf.addRow(required("Vastgelegd door"), self.t_door)
        col.addWidget(consent)

        self.notities = QPlainTextEdit()
        self.notities.setTabChangesFocus(True)
        self.notities.setFixedHeight(70)
        self.notities.setAccessibleName("Notities")
        notities_label = QLabel("Notit&ies")
        notities_label.setBuddy(self.notities)
        col.addWidget(notities_label)
        col.addWidget(self.notities)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.melding = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Opslaan (Ctrl+S)")
        self.save_button.setObjectName("opslaan")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(QLabel("Velden met * zijn verplicht."))
        layout.addWidget(self.melding)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        if mantelzorger_id is not None:
            self._load(mantelzorger_id)
        for w in self.findChildren(QLineEdit):
            w.textChanged.connect(self._changed)
        for w in self.findChildren(QPlainTextEdit):
            w.textChanged.connect(self._changed)
        for w in self.findChildren(QComboBox):
            w.currentIndexChanged.connect(self._changed)
        for w in self.findChildren(DateField):
            w.dateChanged.connect(self._changed)
        self._dirty = False
        self._validate()
        self.naam.setFocus()

    def _load(self, mid: int) -> None:
        with self.ctx.store.session() as s:
            m = service.get(s, mid)
            self._seen = m.gewijzigd_op
            d = service.mantelzorger_data(m)
        self.naam.setText(d.naam)
        self.geboortedatum.set_value(d.geboortedatum)
        self.telefoon.setText(d.telefoon)
        self.email.setText(d.email)
        self.adres.setText(d.adres)
        self.postcode.setText(d.postcode)
        self.plaats.setText(d.plaats)
        self.wijk.setCurrentIndex(max(0, self.wijk.findData(d.wijk_id)))
        self.werkt.set_value(d.werkt)
        self.studeert.set_value(d.studeert)
        self.werk_toelichting.setText(d.werk_toelichting)
        self.aanmelder.setCurrentText(d.aanmelder)
        self.migratie.set_value(d.migratieachtergrond)
        self.t_datum.set_value(d.toestemming_datum)
        self.t_waarvoor.setPlainText(d.toestemming_waarvoor)
        self.t_hoe.setCurrentText(d.toestemming_hoe or TOESTEMMING_HOE[0])
        self.t_door.setText(d.toestemming_door)
        self.notities.setPlainText(d.notities)
        self._bewaren_tot = d.bewaren_tot

    def data(self) -> service.MantelzorgerData:
        return service.MantelzorgerData(
            naam=self.naam.text(),
            toestemming_datum=self.t_datum.value(),
            toestemming_waarvoor=self.t_waarvoor.toPlainText(),
            toestemming_hoe=self.t_hoe.currentText(),
            toestemming_door=self.t_door.text(),
            telefoon=self.telefoon.text(),
            email=self.email.text(),
            adres=self.adres.text(),
            postcode=self.postcode.text(),
            plaats=self.plaats.text(),
            wijk_id=self.wijk.currentData(),
            geboortedatum=self.geboortedatum.value(),
            werkt=self.werkt.value(),
            studeert=self.studeert.value(),
            werk_toelichting=self.werk_toelichting.text(),
            migratieachtergrond=self.migratie.value(),
            aanmelder=self.aanmelder.currentText(),
            notities=self.notities.toPlainText(),
            bewaren_tot=getattr(self, "_bewaren_tot", None),
        )

    def relatie_data(self) -> service.RelatieData | None:
        if self.mantelzorger_id is not None or not self.zv_naam.text().strip():
            return None
        uren = self.uren.value()
        return service.RelatieData(
            zorgvrager_naam=self.zv_naam.text(),
            relatie=self.relatie.currentData() or "",
            aandoeningen=[self.aandoening.currentData()] if self.aandoening.currentData() else [],
            uren_per_week=None if uren < 0 else uren,
            samenwonend=self.samenwonend.value(),
        )

    def _changed(self, *_args) -> None:
        self._dirty = True
        self._validate()

    def _validate(self) -> bool:
        data = self.data()
        data.wijk_id = None  # chosen from the list: always valid
        try:
            service.validate_mantelzorger(None, data)  # type: ignore[arg-type]
            rel = self.relatie_data()
            if rel is not None:
                service.validate_relatie(rel)
        except UserError as exc:
            self.melding.setText(exc.message)
            self.save_button.setEnabled(False)
            return False
        self.melding.setText("")
        self.save_button.setEnabled(True)
        return True

    def save(self) -> None:
        if not self._validate():
            return
        try:
            with self.ctx.store.session() as s:
                if self.mantelzorger_id is None:
                    rel = self.relatie_data()
                    m = service.register(s, self.data(), [rel] if rel else [])
                else:
                    m = service.update(s, self.mantelzorger_id, self.data(), seen=self._seen)
                self.saved_id = m.id
        except UserError as exc:
            self.melding.setText(exc.message)  # the form keeps what was typed
            return
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self,
                "Niet opgeslagen",
                "U hebt gegevens ingevuld die nog niet zijn opgeslagen. Weggooien?",
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        super().reject()


class RelatieDialog(QDialog):
    """Add a zorgvrager (new, or one already registered with another mantelzorger) or
    edit a care relation: relatie, samenwonend, aandoening, zorgtaken, hours, since when,
    other helpers."""

    def __init__(
        self,
        ctx,
        mantelzorger_id: int,
        parent: QWidget | None = None,
        relatie_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QCheckBox, QSpinBox

        self.ctx = ctx
        self.mantelzorger_id = mantelzorger_id
        self.relatie_id = relatie_id
        self.setWindowTitle("Zorgrelatie wijzigen" if relatie_id else "Zorgvrager toevoegen")
        self.setObjectName("relatieDialog")
        instrument = load_mantelzorg()
        form = QFormLayout()
        self.bestaand = QComboBox()
        self.bestaand.setAccessibleName("Bestaande zorgvrager")
        self.bestaand.addItem("(nieuwe zorgvrager)", None)
        from sqlalchemy import select

        from desktop.mantelzorg.models import Zorgvrager

        with ctx.store.session() as s:
            service.require_encrypted(s)
            for zid, naam in s.execute(
                select(Zorgvrager.id, Zorgvrager.naam).order_by(Zorgvrager.naam)
            ):
                self.bestaand.addItem(f"{naam} ({zid})", zid)
        self.naam = QLineEdit()
        self.naam.setAccessibleName("Naam zorgvrager")
        self.geboren = DateField(optional=True)
        self.geboren.setAccessibleName("Geboortedatum zorgvrager")
        self.relatie = QComboBox()
        self.relatie.setAccessibleName("Relatie")
        self.relatie.addItem("(onbekend)", "")
        for r in instrument.relations:
            self.relatie.addItem(f"mantelzorger is {instrument.relation_phrase(r.key)}", r.key)
        self.aandoening_checks: dict[str, QCheckBox] = {}
        self.taak_checks: dict[str, QCheckBox] = {}
        aandoeningen = QWidget()
        acol = QVBoxLayout(aandoeningen)
        acol.setContentsMargins(0, 0, 0, 0)
        for c in instrument.conditions:
            box = QCheckBox(c.text)
            self.aandoening_checks[c.key] = box
            acol.addWidget(box)
        taken = QWidget()
        tcol = QVBoxLayout(taken)
        tcol.setContentsMargins(0, 0, 0, 0)
        for c in instrument.care_forms:
            box = QCheckBox(c.text)
            self.taak_checks[c.key] = box
            tcol.addWidget(box)
        self.samenwonend = TriState()
        self.uren = QDoubleSpinBox()
        self.uren.setRange(-1, 168)
        self.uren.setSpecialValueText("onbekend")
        self.uren.setValue(-1)
        self.sinds = DateField(optional=True)
        self.informeel = QSpinBox()
        self.informeel.setRange(-1, 50)
        self.informeel.setSpecialValueText("onbekend")
        self.informeel.setValue(-1)
        self.professioneel = QSpinBox()
        self.professioneel.setRange(-1, 50)
        self.professioneel.setSpecialValueText("onbekend")
        self.professioneel.setValue(-1)
        self.centraal = TriState()
        self.helpers = QLineEdit()
        for label, w in (
            ("&Bestaande zorgvrager", self.bestaand),
            ("&Naam zorgvrager", self.naam),
            ("Geboortedatum", self.geboren),
            ("&Relatie", self.relatie),
            ("Aandoening of beperking", aandoeningen),
            ("Zorgtaken", taken),
            ("Woont samen", self.samenwonend),
            ("&Uren zorg per week", self.uren),
            ("Zorgt &sinds", self.sinds),
            ("Andere informele helpers", self.informeel),
            ("Professionele helpers", self.professioneel),
            ("Centrale mantelzorger", self.centraal),
            ("Toelichting helpers", self.helpers),
        ):
            form.addRow(label, w)
        self.melding = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("&Opslaan (Ctrl+S)")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.melding)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        self.resize(620, 700)
        if relatie_id is not None:
            self._load(relatie_id)

    def _load(self, relatie_id: int) -> None:
        from desktop.mantelzorg.models import Zorgrelatie

        with self.ctx.store.session() as s:
            rel = s.get(Zorgrelatie, relatie_id)
            if rel is None:
                raise UserError("Deze zorgrelatie bestaat niet (meer).")
            d = service.relatie_data(rel)
        self.bestaand.setCurrentIndex(max(0, self.bestaand.findData(d.zorgvrager_id)))
        self.bestaand.setEnabled(False)
        self.naam.setText(d.zorgvrager_naam)
        self.geboren.set_value(d.zorgvrager_geboortedatum)
        self.relatie.setCurrentIndex(max(0, self.relatie.findData(d.relatie)))
        for k in d.aandoeningen:
            if k in self.aandoening_checks:
                self.aandoening_checks[k].setChecked(True)
        for k in d.zorgtaken:
            if k in self.taak_checks:
                self.taak_checks[k].setChecked(True)
        self.samenwonend.set_value(d.samenwonend)
        self.uren.setValue(-1 if d.uren_per_week is None else d.uren_per_week)
        self.sinds.set_value(d.sinds)
        self.informeel.setValue(-1 if d.informele_helpers is None else d.informele_helpers)
        self.professioneel.setValue(
            -1 if d.professionele_helpers is None else d.professionele_helpers
        )
        self.centraal.set_value(d.centrale_mantelzorger)
        self.helpers.setText(d.helpers_toelichting)

    def data(self) -> service.RelatieData:
        def opt(v: float) -> float | None:
            return None if v < 0 else v

        return service.RelatieData(
            zorgvrager_naam=self.naam.text(),
            zorgvrager_id=self.bestaand.currentData(),
            zorgvrager_geboortedatum=self.geboren.value(),
            aandoeningen=[k for k, b in self.aandoening_checks.items() if b.isChecked()],
            relatie=self.relatie.currentData() or "",
            samenwonend=self.samenwonend.value(),
            zorgtaken=[k for k, b in self.taak_checks.items() if b.isChecked()],
            uren_per_week=opt(self.uren.value()),
            sinds=self.sinds.value(),
            informele_helpers=None if self.informeel.value() < 0 else self.informeel.value(),
            professionele_helpers=None
            if self.professioneel.value() < 0
            else self.professioneel.value(),
            centrale_mantelzorger=self.centraal.value(),
            helpers_toelichting=self.helpers.text(),
        )

    def save(self) -> None:
        try:
            with self.ctx.store.session() as s:
                if self.relatie_id is None:
                    service.add_relatie(s, self.mantelzorger_id, self.data())
                else:
                    service.update_relatie(s, self.relatie_id, self.data())
        except UserError as exc:
            self.melding.setText(exc.message)
            return
        self.accept()
