"""The blank intake template for the sociale kaart (.xlsx with a Toelichting sheet), the
file a steunpunt sends to organisations; it imports without changes."""

from __future__ import annotations

from pathlib import Path

from desktop.kaart.columns import FIELDS_BY_KEY
from desktop.kaart.service import basisfunctie_labels, prestatieveld_labels

TEMPLATE_COLUMNS = (
    "organisatie_naam", "soort", "beschrijving", "straat", "huisnummer", "postcode", "plaats",
    "wijk", "telefoon", "email", "website", "contactpersoon", "contactpersoon_functie",
    "contactpersoon_telefoon", "contactpersoon_email", "werkgebied", "aanbod_naam",
    "aanbod_beschrijving", "doelgroepen", "basisfuncties", "prestatievelden", "kosten",
    "aanmelden", "openingstijden", "aanbod_wijken",
)  # fmt: skip

_HELP = {
    "organisatie_naam": "Verplicht. De naam van de organisatie. Herhaal hem op elke rij als u meer aanbod invult.",
    "soort": "Soort organisatie, bijvoorbeeld Burenhulp, Steunpunt mantelzorg of Kerk (zie de lijst hieronder).",
    "beschrijving": "Wat doet de organisatie, in een paar zinnen.",
    "postcode": "Vier cijfers en twee letters, bijvoorbeeld 1234 AB.",
    "huisnummer": "Huisnummer met eventueel letter of toevoeging: 12, 12a of 12-2.",
    "wijk": "Wijk(en) of kern(en) waar de organisatie werkt, gescheiden door een komma.",
    "telefoon": "Bijvoorbeeld 010 123 4567 of 06 12345678.",
    "email": "Eén e-mailadres, bijvoorbeeld info@voorbeeld.nl.",
    "website": "Bijvoorbeeld www.voorbeeld.nl.",
    "werkgebied": "landelijk, regio, gemeente of wijken.",
    "aanbod_naam": "De naam van één aanbod (dienst, activiteit). Eén rij per aanbod.",
    "doelgroepen": "Voor wie, gescheiden door komma's: bijvoorbeeld Ouderen, Mantelzorgers.",
    "basisfuncties": "Welke basisfuncties het aanbod levert: code of naam, bijvoorbeeld mz6 of Respijtzorg.",
    "prestatievelden": "Wmo-prestatievelden: pv1 tot pv9 of het nummer.",
    "kosten": "Bijvoorbeeld gratis of € 2,50 per keer.",
    "aanmelden": "Hoe meldt iemand zich aan?",
    "openingstijden": "Wanneer bereikbaar of open.",
    "aanbod_wijken": "Wijk(en) waar het aanbod is, als dat anders is dan bij de organisatie.",
}


def write_template(path: str | Path) -> Path:
    """The blank intake template: an 'Organisaties en aanbod' sheet with our column names
    and an example row, and a 'Toelichting' sheet explaining every column."""
    from desktop.kaart.taxonomy import load_doelgroepen, load_soorten
    from desktop.rapporten.excel import SheetSpec, write_workbook

    headers = [FIELDS_BY_KEY[k].label for k in TEMPLATE_COLUMNS]
    example = {
        "organisatie_naam": "Voorbeeld: Burenhulp De Linde", "soort": "Burenhulp",
        "beschrijving": "Buren helpen buren met kleine klussen en vervoer.", "straat": "Kerkstraat",
        "huisnummer": "12", "postcode": "1234 AB", "plaats": "Voorbeeldstad", "wijk": "",
        "telefoon": "010 123 4567", "email": "info@voorbeeld.example",
        "website": "www.voorbeeld.example", "contactpersoon": "A. de Vries",
        "contactpersoon_functie": "coördinator", "werkgebied": "gemeente",
        "aanbod_naam": "Vervoer naar het ziekenhuis", "aanbod_beschrijving": "Vrijwilligers rijden u.",
        "doelgroepen": "Ouderen", "basisfuncties": "mz5", "prestatievelden": "pv5", "kosten": "€ 0,35 per km",
        "aanmelden": "Bel ons op werkdagen.", "openingstijden": "ma-vr 9.00-12.00",
    }  # fmt: skip
    info = [
        "Dit sjabloon is voor organisaties die hun gegevens aanleveren voor de sociale kaart.",
        "Vul op het eerste blad één rij per aanbod in. Heeft uw organisatie meer aanbod, herhaal dan de "
        "naam van de organisatie op elke rij; de overige organisatiegegevens hoeft u maar één keer in te vullen. "
        "Een organisatie zonder aanbod mag ook: laat dan de kolommen van het aanbod leeg.",
        "Verwijder de voorbeeldrij voordat u het bestand terugstuurt. Kolommen die u niet gebruikt mag u leeg laten.",
        "",
        "Kolommen:",
        *(f"{FIELDS_BY_KEY[k].label}: {_HELP[k]}" for k in TEMPLATE_COLUMNS if k in _HELP),
        "",
        "Soorten organisaties: " + ", ".join(s.label for s in load_soorten().soorten) + ".",
        "Doelgroepen: " + ", ".join(d.label for d in load_doelgroepen().doelgroepen) + ".",
        "Basisfuncties: " + ", ".join(f"{k} {v}" for k, v in basisfunctie_labels().items()) + ".",
        "Wmo-prestatievelden: "
        + ", ".join(f"{k} {v}" for k, v in prestatieveld_labels().items())
        + ".",
    ]
    return write_workbook(
        path,
        [
            SheetSpec(
                "Organisaties en aanbod", headers, [[example.get(k, "") for k in TEMPLATE_COLUMNS]]
            )
        ],
        info=info,
        info_heading="Toelichting bij het invulsjabloon sociale kaart",
    )
