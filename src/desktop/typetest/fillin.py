"""Full-screen, distraction-free fill-in of the typetest by one respondent.

One question at a time in large text; answer with the mouse or the keys A/B or 1/2;
Back and Next (also the arrow keys); a progress indicator; at the end the respondent's
own result with the type description and the discussion questions. Every answer is
saved at once, so stopping half-way loses nothing. Esc asks before leaving.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.typetest import service
from desktop.typetest.instrument import QUESTION_COUNT, load_typetest
from desktop.typetest.service import RespondentUitslag

PAGE_INTRO, PAGE_QUESTION, PAGE_RESULT = 0, 1, 2


def _scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 9.0) * factor)
    font.setBold(bold)
    return font


class AnswerButton(QPushButton):
    """A large, checkable answer with wrapping text ('a.' and the option)."""

    def __init__(self, letter: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.letter = letter
        self.setObjectName(f"answer_{letter}")
        self.setCheckable(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(22, 16, 22, 16)
        layout.addWidget(self.label)
        self.setStyleSheet(
            "AnswerButton { text-align: left; border: 2px solid palette(mid);"
            " border-radius: 10px; padding: 0; }"
            "AnswerButton:checked { border: 4px solid #1F4E79; background: #DCEAF7; }"
            "AnswerButton:checked QLabel { color: #1A1A1A; }"
            "AnswerButton:focus { border-style: dashed; border-color: #1F4E79; }"
        )

    def set_text(self, text: str) -> None:
        self.label.setText(f"<b>{self.letter}.</b>&nbsp; {text}")
        self.setAccessibleName(f"Antwoord {self.letter}: {text}")
        self.setMinimumHeight(self.label.sizeHint().height() + 40)


class FillInDialog(QDialog):
    """Let one respondent fill in the typetest; shown full screen."""

    def __init__(self, store: Any, respondent_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fillInDialog")
        self.setWindowTitle("Typetest invullen")
        self.setAccessibleName("Typetest invullen")
        self.store = store
        self.respondent_id = respondent_id
        self.test = load_typetest()
        with store.session() as session:
            self.result: RespondentUitslag = service.respondent_result(
                service.get_respondent(session, respondent_id)
            )
        self.answers: dict[int, str] = dict(self.result.answers)
        self.current = 1
        self.confirm_leave = True  # tests may switch the question off

        root = QVBoxLayout(self)
        root.setContentsMargins(60, 30, 60, 30)
        top = QHBoxLayout()
        who = QLabel(f"Typetest — {self.result.label()}")
        who.setObjectName("fillInWho")
        who.setFont(_scaled_font(self, 1.1))
        top.addWidget(who)
        top.addStretch(1)
        hint = QLabel("Esc: stoppen")
        hint.setFont(_scaled_font(self, 1.0))
        top.addWidget(hint)
        root.addLayout(top)

        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        self.pages.addWidget(self._intro_page())
        self.pages.addWidget(self._question_page())
        self.pages.addWidget(self._result_page())

        if len(self.answers) == QUESTION_COUNT:
            self.show_result()
        elif self.answers:
            self.current = next(n for n in range(1, QUESTION_COUNT + 1) if n not in self.answers)
            self.show_question(self.current)
        else:
            self.pages.setCurrentIndex(PAGE_INTRO)
            self.start_button.setFocus()

    # ------------------------------------------------------------------ pages
    def _intro_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        title = QLabel(self.test.titel)
        title.setFont(_scaled_font(self, 2.2, bold=True))
        title.setWordWrap(True)
        layout.addWidget(title)
        sub = QLabel(self.test.ondertitel)
        sub.setFont(_scaled_font(self, 1.5))
        layout.addWidget(sub)
        text = QLabel(self.test.instructie)
        text.setWordWrap(True)
        text.setFont(_scaled_font(self, 1.4))
        layout.addSpacing(20)
        layout.addWidget(text)
        keys = QLabel(
            "Kies met de muis, of met de toetsen A en B (of 1 en 2). "
            "Met de pijltjestoetsen gaat u terug en verder."
        )
        keys.setWordWrap(True)
        keys.setFont(_scaled_font(self, 1.2))
        layout.addSpacing(10)
        layout.addWidget(keys)
        layout.addSpacing(30)
        self.start_button = QPushButton("&Beginnen")
        self.start_button.setObjectName("startButton")
        self.start_button.setFont(_scaled_font(self, 1.4, bold=True))
        self.start_button.setMinimumHeight(56)
        self.start_button.clicked.connect(lambda: self.show_question(1))
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _question_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.progress_label = QLabel()
        self.progress_label.setObjectName("progressLabel")
        self.progress_label.setFont(_scaled_font(self, 1.2))
        self.progress = QProgressBar()
        self.progress.setObjectName("progressBar")
        self.progress.setRange(0, QUESTION_COUNT)
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(14)
        self.progress.setAccessibleName("Voortgang")
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addSpacing(30)
        self.stem = QLabel()
        self.stem.setObjectName("questionStem")
        self.stem.setWordWrap(True)
        self.stem.setFont(_scaled_font(self, 2.4, bold=True))
        layout.addWidget(self.stem)
        layout.addSpacing(20)
        self.buttons = {letter: AnswerButton(letter) for letter in ("a", "b")}
        for button in self.buttons.values():
            button.label.setFont(_scaled_font(self, 1.9))
            button.clicked.connect(lambda _=False, b=button: self.choose(b.letter))
            layout.addWidget(button)
            layout.addSpacing(12)
        layout.addStretch(1)
        nav = QHBoxLayout()
        self.back_button = QPushButton("← V&orige")
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton("Volge&nde →")
        self.next_button.setObjectName("nextButton")
        for b in (self.back_button, self.next_button):
            b.setFont(_scaled_font(self, 1.3))
            b.setMinimumHeight(48)
            b.setMinimumWidth(180)
            b.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)
        return page

    def _result_page(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        layout = QVBoxLayout(inner)
        self.result_title = QLabel()
        self.result_title.setObjectName("resultTitle")
        self.result_title.setWordWrap(True)
        self.result_title.setFont(_scaled_font(self, 2.2, bold=True))
        layout.addWidget(self.result_title)
        row = QHBoxLayout()
        self.chart_host = QVBoxLayout()
        row.addLayout(self.chart_host, 2)
        self.result_counts = QLabel()
        self.result_counts.setObjectName("resultCounts")
        self.result_counts.setWordWrap(True)
        self.result_counts.setFont(_scaled_font(self, 1.3))
        self.result_counts.setAlignment(Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.result_counts, 3)
        layout.addLayout(row)
        self.result_text = QLabel()
        self.result_text.setObjectName("resultText")
        self.result_text.setWordWrap(True)
        self.result_text.setTextFormat(Qt.TextFormat.RichText)
        self.result_text.setFont(_scaled_font(self, 1.25))
        layout.addWidget(self.result_text)
        layout.addStretch(1)
        scroll.setWidget(inner)
        self.result_scroll = scroll
        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        again = QPushButton("← Antwoorden &nakijken")
        again.setObjectName("reviewButton")
        again.clicked.connect(lambda: self.show_question(QUESTION_COUNT))
        close = QPushButton("&Sluiten")
        close.setObjectName("closeButton")
        close.clicked.connect(self.accept)
        for b in (again, close):
            b.setFont(_scaled_font(self, 1.3))
            b.setMinimumHeight(48)
        buttons.addWidget(again)
        buttons.addStretch(1)
        buttons.addWidget(close)
        page_layout.addLayout(buttons)
        self.close_button = close
        self.chart = None
        return page

    # ------------------------------------------------------------------ flow
    def show_question(self, nummer: int) -> None:
        self.current = max(1, min(QUESTION_COUNT, nummer))
        vraag = self.test.vraag(self.current)
        self.pages.setCurrentIndex(PAGE_QUESTION)
        self.progress.setValue(len(self.answers))
        self.progress_label.setText(
            f"Vraag {self.current} van {QUESTION_COUNT}  ·  {len(self.answers)} beantwoord"
        )
        self.stem.setText(vraag.tekst)
        for letter, button in self.buttons.items():
            button.set_text(vraag.optie(letter))
            button.setChecked(self.answers.get(self.current) == letter)
        self.back_button.setEnabled(self.current > 1)
        self.next_button.setEnabled(self.current in self.answers)
        last = self.current == QUESTION_COUNT and len(self.answers) == QUESTION_COUNT
        self.next_button.setText("&Uitslag →" if last else "Volge&nde →")
        chosen = self.answers.get(self.current)
        self.buttons[chosen or "a"].setFocus()

    def choose(self, letter: str) -> None:
        try:
            with self.store.session() as session:
                self.result = service.set_answer(session, self.respondent_id, self.current, letter)
        except UserError as exc:
            from desktop.ui.errors import show_user_error

            show_user_error(self, exc)
            self.show_question(self.current)
            return
        self.answers = dict(self.result.answers)
        self.next()

    def next(self) -> None:
        """To the next question; after the last one to the result (or the first open
        question when one was skipped)."""
        if self.current not in self.answers:
            self.show_question(self.current)
        elif self.current < QUESTION_COUNT:
            self.show_question(self.current + 1)
        elif len(self.answers) == QUESTION_COUNT:
            self.show_result()
        else:
            self.show_question(next(n for n in range(1, 15) if n not in self.answers))

    def back(self) -> None:
        if self.pages.currentIndex() == PAGE_RESULT:
            self.show_question(QUESTION_COUNT)
        elif self.current > 1:
            self.show_question(self.current - 1)

    def show_result(self) -> None:
        res = self.result.result
        if res is None:
            self.show_question(next(n for n in range(1, 15) if n not in self.answers))
            return
        gemeentetype = self.test.type(res.type)
        self.pages.setCurrentIndex(PAGE_RESULT)
        self.result_title.setText(f"Uw uitslag: type {res.type} — {gemeentetype.naam}")
        beleid = self.test.dimensie("beleid").pool(res.beleid).naam
        regie = self.test.dimensie("regie").pool(res.regie).naam
        counts = (
            f"U koos {res.even_a} keer a bij de even vragen: <b>{beleid.lower()}</b>.<br>"
            f"U koos {res.odd_a} keer a bij de oneven vragen: <b>{regie.lower()}</b>."
        )
        if res.near_boundary:
            counts += (
                "<br><br>Eén antwoord anders had u bij een naburig type gebracht: de typen "
                "zijn uitersten, in de praktijk komen combinaties voor."
            )
        self.result_counts.setText(counts)
        it = self.test.interpretatie
        vragen = "".join(f"<li>{_html(v)}</li>" for v in it.discussievragen)
        self.result_text.setText(
            f"<h3>{_html(gemeentetype.kop)}</h3><p>{_html(gemeentetype.beschrijving)}</p>"
            f"<h3>{_html(it.kop)}</h3><p>{_html(it.tekst)}</p><ul>{vragen}</ul>"
        )
        self._show_chart()
        inner = self.result_scroll.widget()
        inner.layout().activate()
        inner.setMinimumHeight(inner.layout().minimumSize().height())
        self.close_button.setFocus()

    def _show_chart(self) -> None:
        from desktop.typetest.charts import scorekaart_svg
        from desktop.typetest.groep_view import SvgChart

        if self.chart is not None:
            self.chart.deleteLater()
        self.chart = SvgChart(scorekaart_svg([self.result], width=340), scale=1.2)
        self.chart.setObjectName("resultChart")
        self.chart.setAccessibleName("Scorekaart met uw uitslag")
        self.chart_host.addWidget(self.chart, 0, Qt.AlignmentFlag.AlignTop)

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        page = self.pages.currentIndex()
        if page == PAGE_QUESTION:
            if key in (Qt.Key.Key_A, Qt.Key.Key_1):
                self.choose("a")
                return
            if key in (Qt.Key.Key_B, Qt.Key.Key_2):
                self.choose("b")
                return
            if key in (Qt.Key.Key_Right, Qt.Key.Key_PageDown):
                self.next()
                return
            if key in (Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_Backspace):
                self.back()
                return
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                other = "b" if self.focusWidget() is self.buttons["a"] else "a"
                self.buttons[other].setFocus()
                return
        if page == PAGE_RESULT and key in (Qt.Key.Key_Left, Qt.Key.Key_Backspace):
            self.back()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        """Esc (and closing the window): ask first, unless the test is finished."""
        finished = self.pages.currentIndex() == PAGE_RESULT
        if self.confirm_leave and not finished and not self._ask_leave():
            return
        super().reject()

    def _ask_leave(self) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Stoppen met invullen?",
            "Wilt u stoppen met invullen? De antwoorden tot nu toe zijn bewaard; "
            "u kunt later verdergaan.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("leaveBox")
        box.button(QMessageBox.StandardButton.Yes).setText("&Stoppen")
        box.button(QMessageBox.StandardButton.No).setText("&Doorgaan")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes


def _html(text: str) -> str:
    from html import escape

    return escape(text)
