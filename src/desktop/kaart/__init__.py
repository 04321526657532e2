"""Sociale kaart: the directory of local organisations and their aanbod.

Plain-Python building blocks (no Qt, no database) live in:

* ``taxonomy``   -- the shipped soorten (two levels) and doelgroepen from resources/taxonomies
* ``text``       -- folding for search, name keys for duplicates, formula neutralising
* ``validation`` -- Dutch postcode, huisnummer, phone, e-mail and website checks
* ``spreadsheet``-- safe reading of .xlsx and .csv files into a table of text
* ``columns``    -- matching spreadsheet headers to import fields, address splitting
"""

from desktop.features import SectionInfo

SECTION = SectionInfo(
    "kaart", "Sociale kaart", "SP_DirIcon", 10, "desktop.kaart.views:KaartSection"
)
