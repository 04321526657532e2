"""Group result of a ronde on screen: scorekaart with a dot per respondent (coloured by
rol), the spread over the types, the disagreement agenda and the shift against an
earlier ronde. The chart is the same reportlab drawing as in the PDF, shown as SVG."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.rapporten.formatting import format_date, format_number
from desktop.typetest import service
from desktop.typetest.instrument import TYPE_CODES, load_typetest
from desktop.typetest.models import ROLLEN
from desktop.typetest.service import ROL_KLEUREN, GroepsUitslag


class SvgChart(QWidget):
    """Shows SVG bytes at their own aspect ratio, scaled by ``scale`` (never stretched)."""

    def __init__(self, svg: bytes, *, scale: float = 1.0, parent: QWidget | None = None) -> None:
        from PySide6.QtSvg import QSvgRenderer

        super().__init__(parent)
        self.renderer = QSvgRenderer(svg, self)
        size = self.renderer.defaultSize()
        self.setFixedSize(int(size.width() * scale), int(size.height() * scale))

    def paintEvent(self, event: Any) -> None:
        from PySide6.QtGui import QPainter

        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.renderer.render(painter)
        painter.end()


def _signed(value: float | None) -> str:
    if value is None:
        return "–"
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return sign + format_number(abs(value), 1)


class GroupResultView(QScrollArea):
    def __init__(self, store: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupResult")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.store = store
        self.test = load_typetest()
        self.ronde_id: int | None = None
        self.group: GroepsUitslag | None = None
        self.chart = None

        inner = QWidget()
        layout = QVBoxLayout(inner)
        top = QHBoxLayout()
        compare_label = QLabel("&Vergelijken met:")
        self.compare = QComboBox()
        self.compare.setObjectName("compareCombo")
        self.compare.setAccessibleName("Vergelijken met ronde")
        self.compare.setMinimumWidth(260)
        compare_label.setBuddy(self.compare)
        self.compare.activated.connect(lambda _i: self.refresh(keep_compare=True))
        top.addWidget(compare_label)
        top.addWidget(self.compare)
        top.addStretch(1)
        layout.addLayout(top)

        row = QHBoxLayout()
        self.chart_box = QVBoxLayout()
        row.addLayout(self.chart_box)
        side = QVBoxLayout()
        self.legend = QLabel()
        self.legend.setObjectName("groupLegend")
        self.legend.setWordWrap(False)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.spread = QLabel()
        self.spread.setObjectName("typeSpread")
        self.spread.setWordWrap(False)
        self.spread.setTextFormat(Qt.TextFormat.RichText)
        side.addWidget(self.legend)
        side.addWidget(self.spread)
        side.addStretch(1)
        row.addSpacing(12)
        row.addLayout(side, 1)
        layout.addLayout(row)

        self.agenda = QLabel()
        self.agenda.setObjectName("disagreementAgenda")
        self.agenda.setWordWrap(True)
        self.agenda.setTextFormat(Qt.TextFormat.RichText)
        self.shift = QLabel()
        self.shift.setObjectName("shiftText")
        self.shift.setWordWrap(True)
        self.shift.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.agenda)
        layout.addWidget(self.shift)
        layout.addStretch(1)
        self.setWidget(inner)

    def set_ronde(self, ronde_id: int | None) -> None:
        self.ronde_id = ronde_id
        self.refresh(keep_compare=False)

    def refresh(self, keep_compare: bool = True) -> None:
        """Reload; ``keep_compare`` keeps the chosen comparison, otherwise the ronde
        before this one is chosen."""
        if self.ronde_id is None:
            self.group = None
            self._render()
            return
        with self.store.session() as session:
            rondes = [r for r in service.list_rondes(session) if r.id != self.ronde_id]
            if keep_compare:
                target = self.compare.currentData() or None
            else:
                earlier = service.previous_ronde(session, self.ronde_id)
                target = earlier.id if earlier else None
            if target not in {r.id for r in rondes}:
                target = None
            self.group = service.group_result(
                session, self.ronde_id, compare_with=target, default_previous=False
            )
        self.compare.blockSignals(True)
        self.compare.clear()
        self.compare.addItem("(geen)", 0)
        for r in rondes:
            self.compare.addItem(f"{r.naam} ({format_date(r.datum)})", r.id)
        self.compare.setCurrentIndex(max(0, self.compare.findData(target or 0)))
        self.compare.blockSignals(False)
        self._render()

    # ------------------------------------------------------------------ render
    def _render(self) -> None:
        self._fill()
        inner = self.widget()
        inner.layout().activate()
        inner.setMinimumHeight(inner.layout().minimumSize().height())

    def _fill(self) -> None:
        from desktop.typetest.charts import scorekaart_svg

        group = self.group
        if self.chart is not None:
            self.chart.deleteLater()
            self.chart = None
        if group is None:
            for label in (self.legend, self.spread, self.agenda, self.shift):
                label.clear()
            return
        self.chart = SvgChart(scorekaart_svg(group.respondenten, width=420))
        self.chart.setObjectName("scorekaartChart")
        self.chart.setAccessibleName("Scorekaart met een stip per respondent")
        self.chart_box.addWidget(self.chart, 0, Qt.AlignmentFlag.AlignTop)

        items = []
        for r in group.respondenten:
            colour = ROL_KLEUREN.get(r.rol, "#6B6B6B")
            if r.result:
                res = f"type {r.result.type} ({r.result.even_a}/{r.result.odd_a})"
            else:
                res = f"<i>onvolledig, {r.beantwoord} van 14</i>"
            items.append(
                f"<span style='color:{colour}; font-size:large'>●</span> {escape(r.label(kort=True))}: {res}"
            )
        rollen = "<br>".join(
            f"<span style='color:{ROL_KLEUREN[k]}'>●</span>&nbsp;{escape(label)}"
            for k, label in ROLLEN
        )
        self.legend.setText(
            "<b>Respondenten</b><br><small>(tussen haakjes: aantal a bij even/oneven)</small><br>"
            + ("<br>".join(items) or "Nog geen respondenten.")
            + f"<br><br><small>Kleur per rol:<br>{rollen}</small>"
        )
        total = len(group.complete)
        rows = "".join(
            f"<tr><td>Type {c}&nbsp;</td><td>{escape(self.test.type(c).naam)}&nbsp;</td>"
            f"<td align='right'>{group.spread[c]}</td>"
            f"<td style='color:#1F4E79'>&nbsp;{'█' * group.spread[c]}</td></tr>"
            for c in TYPE_CODES
        )
        mean = ""
        if group.mean_even_a is not None and group.mean_odd_a is not None:
            mean = (
                f"Gemiddeld: {format_number(group.mean_even_a, 1)} keer a bij de even<br>"
                f"en {format_number(group.mean_odd_a, 1)} keer a bij de oneven vragen."
            )
        self.spread.setText(
            f"<b>Verdeling over de typen</b> ({total} met uitslag)<table>{rows}</table>{mean}"
        )

        agenda = group.discussion_agenda()
        if agenda:
            lines = "".join(
                f"<li><b>Vraag {s.nummer}</b> — {s.a}× a, {s.b}× b: "
                f"{escape(self.test.vraag(s.nummer).tekst)}<br>"
                f"<small>a. {escape(self.test.vraag(s.nummer).a)}<br>"
                f"b. {escape(self.test.vraag(s.nummer).b)}</small></li>"
                for s in agenda
            )
            self.agenda.setText(
                "<h3>Agenda voor het gesprek</h3>De vragen waarop de groep het meest "
                f"verdeeld is, het eerst genoemd:<ol>{lines}</ol>"
            )
        else:
            self.agenda.setText(
                "<h3>Agenda voor het gesprek</h3>Nog geen verschillen: daarvoor zijn minstens "
                "twee volledig ingevulde tests nodig."
            )

        sh, prev = group.shift, group.previous
        if sh is None or prev is None:
            self.shift.setText(
                "<h3>Verschuiving</h3>Geen eerdere ronde om mee te vergelijken. Herhaal de "
                "typetest later (bijvoorbeeld na een jaar) om te zien of de visie verschuift."
            )
            return
        spread_rows = "".join(
            f"<tr><td>Type {c} {escape(self.test.type(c).naam)}&nbsp;</td>"
            f"<td align='right'>{sh.previous_spread[c]}</td>"
            f"<td align='right'>{sh.current_spread[c]}</td>"
            f"<td align='right'>&nbsp;{_signed(sh.spread_delta[c]).replace(',0', '')}</td></tr>"
            for c in TYPE_CODES
        )
        self.shift.setText(
            f"<h3>Verschuiving ten opzichte van '{escape(prev.naam)}'</h3>"
            f"<p>{escape(service.shift_sentence(sh))}</p>"
            "<table><tr><th></th><th>toen</th><th>nu</th><th>verschil</th></tr>"
            f"<tr><td>Gemiddeld a bij even vragen (smal)&nbsp;</td>"
            f"<td align='right'>{_mean(sh.previous_mean_even_a)}</td>"
            f"<td align='right'>{_mean(sh.current_mean_even_a)}</td>"
            f"<td align='right'>{_signed(sh.delta_even_a)}</td></tr>"
            f"<tr><td>Gemiddeld a bij oneven vragen (dirigent)&nbsp;</td>"
            f"<td align='right'>{_mean(sh.previous_mean_odd_a)}</td>"
            f"<td align='right'>{_mean(sh.current_mean_odd_a)}</td>"
            f"<td align='right'>{_signed(sh.delta_odd_a)}</td></tr>"
            f"{spread_rows}</table>"
        )


def _mean(value: float | None) -> str:
    return "–" if value is None else format_number(value, 1)
