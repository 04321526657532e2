"""Typetest Wmo en vrijwillige inzet and the beleidswerkplaats instruments.

The instruments (typetest, stappenplan, 5 S-en, thema-checklist) are data in
``resources/instruments/*.toml``; :mod:`desktop.typetest.instrument` loads and validates
them, :mod:`desktop.typetest.scoring` parses answers, scores one respondent and compares
the respondents of a ronde. Plain Python: no Qt, no database.
"""

from desktop.features import SectionInfo

SECTION = SectionInfo(
    "typetest", "Typetest", "SP_FileDialogInfoView", 30, "desktop.typetest.views:TypetestSection"
)
