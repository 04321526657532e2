"""Section "Typetest": rondes with their respondents, the paper-entry grid, the
full-screen fill-in mode, the group result, and the Stappenplan (beleidswerkplaats).

The section is a light shell: its content (:mod:`desktop.typetest.ronde_view`) is
imported and built when the section is first shown, so the typetest adds next to nothing
to the start-up time of the window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QVBoxLayout

from desktop.typetest import SECTION
from desktop.ui.section import AppContext, Section

HELP = (
    "<p>De <b>typetest</b> uit de handreiking 'Wmo en vrijwillige inzet' plaatst het "
    "beleid van de gemeente op twee assen: smal of breed beleid, en gemeente als "
    "dirigent of regie op afstand. Laat de test invullen door meerdere mensen "
    "(ambtenaren, wethouder, raadsleden, het steunpunt) en bespreek de verschillen.</p>"
    "<ul><li><b>Nieuwe ronde</b> (Ctrl+N): naam, datum en doel.</li>"
    "<li><b>Respondent toevoegen</b> (Ctrl+Shift+N), daarna <b>Invullen op het scherm</b> "
    "(F5): één vraag tegelijk in grote letters, antwoorden met A/B of 1/2, Esc om te "
    "stoppen.</li>"
    "<li>Antwoorden <b>van papier overnemen</b>: klik in de tabel op vraag 1 en typ a of b; "
    "de cursor gaat vanzelf naar de volgende vraag. Backspace wist.</li>"
    "<li><b>Groepsuitslag</b>: scorekaart met een stip per respondent, verdeling over de "
    "typen, de vragen waarover de groep verschilt en de verschuiving sinds een eerdere "
    "ronde.</li>"
    "<li><b>Stappenplan</b>: de negen stappen naar beleid met status, eigenaar, datum en "
    "aantekeningen, met de 5 S-en en de checklist belangrijke thema's.</li></ul>"
)


class TypetestSection(Section):
    info = SECTION
    help_text = HELP

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self._layout = QVBoxLayout(self)
        self.page: Any = None

    def ensure_page(self) -> Any:
        if self.page is None:
            from desktop.typetest.ronde_view import TypetestPage

            self.page = TypetestPage(self.ctx, self)
            self._layout.addWidget(self.page)
        return self.page

    def refresh(self) -> None:
        self.ensure_page().refresh()

    def focus_search(self) -> None:
        self.ensure_page().list.setFocus()

    def open_record(self, record_id: int) -> None:
        self.ensure_page().open_record(record_id)

    def open_target(self, doel: str | None, record_id: int | None = None) -> None:
        """'stappenplan': the Stappenplan tab (at step ``record_id``); 'ronde': a ronde."""
        self.ensure_page().open_target(doel, record_id)

    def can_leave(self) -> bool:
        return self.page is None or self.page.can_leave()
