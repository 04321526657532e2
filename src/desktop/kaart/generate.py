"""Fictional sociale-kaart data: the building blocks of the demo gemeente and a generator
for large sets (10 000 organisations / 40 000 aanbod) used by the benchmarks.

All names, addresses, phone numbers and e-mail addresses are made up: e-mail and
websites use the reserved ``.example`` domain, phone numbers are well-formed but
fictional, postcodes have the valid format.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.kaart import search
from desktop.kaart.bulk import bulk_insert
from desktop.kaart.models import (
    Aanbod,
    AanbodKenmerk,
    Contactpersoon,
    Organisatie,
    Soort,
    aanbod_wijk,
    organisatie_wijk,
)
from desktop.store.base import new_uuid

# name patterns per soort; {w} = wijk or kern, {p} = gemeente/plaats, {n} = a surname
NAMEN: dict[str, tuple[str, ...]] = {
    "vrijwilligersorganisatie": ("Vrijwilligersgroep {w}", "Stichting Samen {w}"),
    "sportvereniging": ("Sportvereniging {w}", "Gymclub De Veerkracht", "Wandelclub De Stapvoets"),
    "culturele_vereniging": ("Harmonie Sint Caecilia {w}", "Toneelvereniging Het Doek"),
    "vrouwenvereniging": ("Vrouwenvereniging {w}", "Vrouwen van Nu {w}"),
    "landelijke_vrijwilligersorganisatie": (
        "Humanitair Netwerk afdeling {p}",
        "Zonnestraal afdeling {p}",
    ),
    "vrijwillige_zorgorganisatie": ("Vrijwillige Zorg {p}", "Stichting Omzien {w}"),
    "vrijwillige_thuishulp": ("Vrijwillige Thuishulp {p}", "Thuishulp Handen Thuis"),
    "burenhulp": ("Burenhulp {w}", "Buurtkracht {w}", "Buren voor Buren {w}"),
    "bezoekdienst": ("Bezoekdienst {w}", "Huisbezoekgroep Ouderen {w}"),
    "buddyzorg": ("Buddyzorg {p}", "Buddynetwerk De Schakel"),
    "maatjesproject": ("Maatjesproject {p}", "Maatje in {w}"),
    "vriendendienst": ("Vriendendienst {p}",),
    "hospicevrijwilligers": ("Vrijwilligers Terminale Zorg {p}", "Hospice De Linde"),
    "burgerinitiatief": ("Bewonersinitiatief {w}", "Groene Buurt {w}"),
    "zorgcooperatie": ("Zorgcoöperatie {w}", "Dorpscoöperatie {w}"),
    "buurthuis_zelfbeheer": ("Buurthuis {w}", "Dorpshuis {w}"),
    "ruilsysteem": ("Ruilkring {p}",),
    "online_hulpplatform": ("Hulpplein {p}",),
    "vrijwilligerscentrale": ("Vrijwilligerscentrale {p}",),
    "steunpunt_mantelzorg": ("Steunpunt Mantelzorg {p}",),
    "platform_informele_zorg": ("Platform Informele Zorg {p}",),
    "maatschappelijk_makelaar": ("Makelpunt {p}",),
    "maatschappelijke_beursvloer": ("Beursvloer {p}",),
    "welzijnswerk": ("Welzijn {p}", "Stichting Welzijn {w}"),
    "ouderenwerk": ("Ouderenwerk {p}", "Seniorenpunt {w}"),
    "jongerenwerk": ("Jongerenwerk {p}", "Jongerencentrum De Loods"),
    "maatschappelijk_werk": ("Maatschappelijk Werk {p}",),
    "clientondersteuning": ("Cliëntondersteuning {p}",),
    "mee": ("Ondersteuning bij Leven met een Beperking {p}",),
    "wijkteam": ("Wijkteam {w}",),
    "buurtbemiddeling": ("Buurtbemiddeling {p}",),
    "multifunctionele_accommodatie": ("Wijkcentrum {w}", "Ontmoetingshuis {w}"),
    "thuiszorg": ("Thuiszorg {p}", "Wijkverpleging De Zorgzaam"),
    "verpleeg_verzorgingshuis": ("Woonzorgcentrum De Lindehof", "Zorgcentrum {w}"),
    "ggz": ("GGZ {p}", "Stichting Geestkracht"),
    "gehandicaptenzorg": ("Stichting Anders Wonen {p}", "Zorggroep De Horizon"),
    "zorginstelling": ("Zorggroep {p}",),
    "huisartsenzorg": ("Huisartsenpraktijk {w}", "Gezondheidscentrum {w}"),
    "ggd": ("GGD Regio {p}",),
    "dagbesteding": ("Dagbesteding De Werkplaats", "Dagcentrum {w}"),
    "respijtvoorziening": ("Logeerhuis De Adem", "Respijthuis {w}"),
    "maatschappelijke_opvang": ("Opvang De Haven", "Nachtopvang {p}"),
    "patientenorganisatie": (
        "Patiëntenvereniging Hart en Vaat regio {p}",
        "Diabetesvereniging {p}",
    ),
    "clientenraad": ("Cliëntenraad {p}", "Cliëntenraad Sociaal Domein {p}"),
    "ouderenbond": ("Seniorenbond afdeling {p}", "Ouderenbond {w}"),
    "gehandicaptenorganisatie": ("Platform Gehandicapten {p}",),
    "zelforganisatie": ("Stichting Nieuwe Buren {p}", "Vrouwengroep Samen Sterk"),
    "adviesraad_sociaal_domein": ("Adviesraad Sociaal Domein {p}",),
    "wijkplatform": ("Wijkplatform {w}", "Dorpsraad {w}"),
    "kerk": ("Protestantse Gemeente {w}", "Parochie Sint Jan {w}"),
    "moskee": ("Moskee Al Noor {p}", "Moskeevereniging {p}"),
    "woningcorporatie": ("Woonstichting {p}", "Wooncorporatie Thuis in {p}"),
    "school": ("Basisschool De Regenboog", "Scholengemeenschap {p}"),
    "bedrijf": ("Bouwbedrijf {n}", "Supermarkt {n} {w}"),
    "serviceclub": ("Lionsclub {p}", "Rotaryclub {p}"),
    "bibliotheek": ("Bibliotheek {p}",),
    "fonds": ("Fonds Noodhulp {p}", "Stichting Steunfonds {p}"),
    "zorgverzekeraar": ("Zorgverzekeraar Regio Midden",),
    "werkgever": ("Metaalbedrijf {n}", "Zorgwerkgever {p}"),
    "gemeente": ("Gemeente {p} – Wmo-loket",),
    "werk_en_inkomen": ("Werk en Inkomen {p}",),
    "svb": ("Uitvoeringsinstantie Sociale Verzekeringen kantoor {p}",),
    "indicatieorgaan": ("Indicatiebureau Regio {p}",),
    "provincie": ("Provinciale Steunfunctie",),
    "steunfunctie_regio": ("Regionale Steunfunctie Zorg en Welzijn",),
    "kennisinstituut": ("Kenniscentrum Informele Zorg",),
    "landelijke_hulplijn": ("Landelijke Hulplijn Mantelzorg", "Luisterlijn Dag en Nacht"),
    "overige_organisatie": ("Stichting Goede Doelen {p}",),
}

ACHTERNAMEN = (
    "de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
    "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
    "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "Haan",
    "Vermeulen", "van den Berg", "Schouten", "Willems", "Hoekstra", "Koster", "Yilmaz",
    "El Amrani", "Kaya", "Postma", "Kuipers", "Veenstra", "Hermans", "Wouters",
)  # fmt: skip
VOORNAMEN = (
    "Anja", "Bram", "Carla", "Daan", "Els", "Fatima", "Gert", "Hanneke", "Ilse", "Joost",
    "Karin", "Lotte", "Mehmet", "Nora", "Onno", "Petra", "Ruud", "Saskia", "Tom", "Ursula",
    "Vera", "Wim", "Yasmina", "Zeynep", "Ahmed", "Bea", "Cor", "Dewi", "Emre", "Femke",
)  # fmt: skip
FUNCTIES = ("coördinator", "consulent", "secretaris", "voorzitter", "vrijwilliger", "wijkwerker")
STRATEN = (
    "Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Stationsweg", "Lindelaan",
    "Akkerweg", "Vlietkade", "Brink", "Beukenlaan", "Marktplein", "Oosterparkweg",
    "Zuidsingel", "Broekdijk", "Hoogeveldseweg", "Julianastraat", "Wilhelminaplein",
    "Esdoornstraat", "Kastanjelaan", "Tuinstraat",
)  # fmt: skip

# (naam, beschrijving, basisfuncties, doelgroepen, prestatievelden, kosten, openingstijden)
AANBOD: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str], ...] = (
    ("Vrijwilligersvacaturebank", "Vraag en aanbod van vrijwilligerswerk bij elkaar brengen.", ("vw2",), ("vrijwilligers", "organisaties"), ("pv4",), "gratis", "ma-vr 9.00-12.00"),
    ("Signaleren van trends in vrijwillige inzet", "Wat verandert er in vrijwilligerswerk, en wat betekent dat voor organisaties?", ("vw1",), ("organisaties",), ("pv4",), "", ""),
    ("Deskundigheidsbevordering voor vrijwilligers", "Cursussen en trainingen voor vrijwilligers en coördinatoren.", ("vw3",), ("vrijwilligers",), ("pv4",), "gratis voor leden", ""),
    ("Vrijwilligersverzekering en waardering", "Informatie over de vrijwilligersverzekering en de jaarlijkse waarderingsavond.", ("vw5",), ("vrijwilligers", "organisaties"), ("pv4",), "", ""),
    ("Maatschappelijke stages", "Scholieren maken kennis met vrijwilligerswerk.", ("vw4",), ("jongeren",), ("pv4", "pv2"), "", ""),
    ("Werving van nieuwe vrijwilligers", "Campagnes om nieuwe groepen voor vrijwilligerswerk te winnen.", ("vw4",), ("alle_inwoners",), ("pv4",), "", ""),
    ("Advies aan vrijwilligersorganisaties", "Hulp bij beleid, werving en begeleiding van vrijwilligers.", ("vw3", "vw2"), ("organisaties",), ("pv4",), "gratis", "op afspraak"),
    ("Vrijwilligersbeleid verankeren", "Ondersteuning bij het vastleggen van vrijwilligersbeleid in de organisatie.", ("vw5",), ("organisaties",), ("pv4",), "", ""),
    ("Informatiepunt mantelzorg", "Informatie over regelingen, respijt en ondersteuning voor mantelzorgers.", ("mz1",), ("mantelzorgers",), ("pv4", "pv3"), "gratis", "di en do 10.00-16.00"),
    ("Mantelzorgconsulent", "Persoonlijk advies en begeleiding voor mantelzorgers, ook thuis.", ("mz2",), ("mantelzorgers",), ("pv4",), "gratis", "op afspraak"),
    ("Lotgenotengroep mantelzorgers", "Ervaringen delen met andere mantelzorgers.", ("mz3",), ("mantelzorgers",), ("pv4",), "gratis", "elke 2e dinsdag van de maand"),
    ("Gespreksgroep mantelzorgers van mensen met dementie", "Steun en herkenning voor wie zorgt voor iemand met dementie.", ("mz3", "mz4"), ("mantelzorgers_dementie",), ("pv4",), "gratis", "maandelijks"),
    ("Cursus Omgaan met dementie", "Leren omgaan met veranderend gedrag.", ("mz4",), ("mantelzorgers_dementie", "mantelzorgers"), ("pv4",), "€ 15", ""),
    ("Training Zorgen zonder omvallen", "Grenzen stellen en overbelasting voorkomen.", ("mz4",), ("mantelzorgers", "werkende_mantelzorgers"), ("pv4",), "gratis", ""),
    ("Klussendienst", "Kleine klussen in en om het huis door vrijwilligers.", ("mz5",), ("ouderen", "mensen_met_beperking"), ("pv6", "pv5"), "€ 2,50 per klus", ""),
    ("Boodschappendienst", "Vrijwilligers doen boodschappen met of voor u.", ("mz5",), ("ouderen", "chronisch_zieken"), ("pv5",), "gratis", ""),
    ("Vervoersdienst", "Vrijwillige chauffeurs rijden naar huisarts, ziekenhuis of familie.", ("mz5",), ("ouderen", "mensen_met_beperking"), ("pv5",), "€ 0,35 per km", "ma-vr"),
    ("Maaltijdservice", "Warme maaltijden aan huis.", ("mz5",), ("ouderen",), ("pv6",), "€ 7,50 per maaltijd", ""),
    ("Respijtzorg aan huis", "Een vrijwilliger neemt de zorg een dagdeel over.", ("mz6",), ("mantelzorgers",), ("pv4",), "gratis", "op afspraak"),
    ("Logeeropvang", "Tijdelijk logeren zodat de mantelzorger even op adem kan komen.", ("mz6",), ("mantelzorgers", "mensen_met_beperking"), ("pv4", "pv6"), "eigen bijdrage", ""),
    ("Dagopvang voor mensen met dementie", "Een zinvolle dag voor de naaste, rust voor de mantelzorger.", ("mz6",), ("dementie", "mantelzorgers_dementie"), ("pv6",), "Wmo-indicatie", "ma-vr 9.30-16.00"),
    ("Mantelzorgwaardering", "Jaarlijkse waardering voor mantelzorgers in de gemeente.", ("mz7",), ("mantelzorgers",), ("pv4",), "gratis", ""),
    ("Hulp bij aanvragen van toeslagen en vergoedingen", "Samen de formulieren invullen.", ("mz7", "mz2"), ("geldzorgen", "mantelzorgers"), ("pv3",), "gratis", "inloop woensdag"),
    ("Uitleen van hulpmiddelen", "Rolstoelen, rollators en andere hulpmiddelen lenen.", ("mz8",), ("mensen_met_beperking", "chronisch_zieken"), ("pv6",), "borg € 25", "ma-za"),
    ("Woningaanpassing", "Advies en hulp bij aanpassingen in huis.", ("mz8",), ("ouderen", "lichamelijke_beperking"), ("pv6",), "", ""),
    ("Maatjescontact", "Een vast maatje voor wekelijks contact.", ("mz3",), ("eenzamen", "psychische_problemen"), ("pv5",), "gratis", ""),
    ("Huisbezoek aan 75-plussers", "Een vrijwilliger komt langs voor een gesprek.", ("mz1", "mz3"), ("ouderen",), ("pv1", "pv3"), "gratis", ""),
    ("Wijkspreekuur", "Met vragen over zorg, welzijn, geld en wonen.", ("mz1", "mz2"), ("alle_inwoners",), ("pv3",), "gratis", "do 13.30-15.30"),
    ("Cliëntondersteuning", "Onafhankelijke hulp bij het keukentafelgesprek en bij keuzes in zorg.", ("mz2",), ("kwetsbare_inwoners", "mensen_met_beperking"), ("pv3",), "gratis", ""),
    ("Jonge mantelzorgersgroep", "Ontspanning en steun voor kinderen die thuis zorgen.", ("mz3", "mz6"), ("jonge_mantelzorgers",), ("pv4", "pv2"), "gratis", "woensdagmiddag"),
    ("Ontmoetingscafé", "Open inloop met koffie, activiteiten en informatie.", ("mz3", "mz1"), ("alle_inwoners", "eenzamen"), ("pv1",), "gratis", "vr 10.00-12.00"),
    ("Terminale thuiszorg door vrijwilligers", "Aanwezig zijn in de laatste levensfase.", ("mz6", "mz3"), ("levenseinde",), ("pv4",), "gratis", "dag en nacht"),
    ("Rouwverwerkingsgroep", "Samen praten over verlies.", ("mz3",), ("nabestaanden",), ("pv5",), "gratis", ""),
    ("Schuldhulp door vrijwilligers", "Thuisadministratie op orde brengen.", ("mz5", "mz2"), ("geldzorgen",), ("pv3",), "gratis", ""),
    ("Taalmaatje", "Oefenen met Nederlands in het dagelijks leven.", ("mz5",), ("migratieachtergrond", "vluchtelingen"), ("pv1",), "gratis", ""),
    ("Voorlichting in eigen taal over mantelzorg", "Bijeenkomsten in het Turks, Arabisch en Tamazight.", ("mz1", "mz4"), ("mantelzorgers_migratieachtergrond",), ("pv4",), "gratis", ""),
    ("Werkende mantelzorgers: advies aan werkgevers", "Mantelzorgvriendelijk personeelsbeleid.", ("mz2", "vw3"), ("werkende_mantelzorgers", "organisaties"), ("pv4",), "", ""),
    ("Noodfonds", "Eenmalige financiële hulp in een noodsituatie.", ("mz7",), ("geldzorgen",), ("pv3",), "", ""),
    ("Sportieve activiteiten voor senioren", "Bewegen in de buurt, samen met anderen.", (), ("ouderen",), ("pv1",), "€ 3 per keer", "di 10.00"),
    ("Buurtbemiddeling", "Getrainde vrijwilligers helpen bij burenruzies.", (), ("alle_inwoners",), ("pv1",), "gratis", ""),
    ("Inloop voor dak- en thuislozen", "Koffie, een maaltijd en een luisterend oor.", ("mz5",), ("dak_en_thuislozen",), ("pv7",), "gratis", "dagelijks 17.00-19.00"),
    ("Preventie alcohol en drugs", "Voorlichting op scholen en in de wijk.", (), ("jongeren", "verslaving"), ("pv9",), "", ""),
    ("Opvoedspreekuur", "Vragen over opvoeden en opgroeien.", (), ("ouders_en_gezinnen",), ("pv2",), "gratis", "ma 9.00-11.00"),
    ("Psychosociale ondersteuning", "Kortdurende begeleiding bij psychische klachten.", ("mz2",), ("psychische_problemen", "mantelzorgers_psychische_problemen"), ("pv8",), "", ""),
)  # fmt: skip

CORE_AANBOD_BY_SOORT: dict[str, tuple[int, ...]] = {
    "vrijwilligerscentrale": (0, 1, 2, 3, 6, 7),
    "steunpunt_mantelzorg": (8, 9, 10, 13, 14, 18, 21, 23),
    "maatschappelijk_makelaar": (0, 6),
    "welzijnswerk": (26, 27, 30, 14),
    "ouderenwerk": (26, 15, 38),
    "jongerenwerk": (41, 29),
    "clientondersteuning": (28,),
    "buurtbemiddeling": (39,),
    "dagbesteding": (20,),
    "respijtvoorziening": (19, 18),
    "hospicevrijwilligers": (31,),
    "maatschappelijke_opvang": (40,),
    "fonds": (37,),
    "ggz": (43,),
}


AANBOD_BY_GROEP: dict[str, tuple[int, ...]] = {
    "vrijwillige_inzet": (10, 14, 15, 16, 17, 18, 19, 25, 26, 30, 31, 32, 33, 34, 38, 39),
    "lokale_ondersteuning": (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 18, 21, 22, 35, 36),
    "welzijn": (14, 15, 16, 17, 22, 26, 27, 28, 29, 30, 33, 34, 39, 40, 41, 42),
    "zorg": (11, 12, 17, 19, 20, 23, 24, 31, 43),
    "belangenbehartiging": (8, 10, 26, 28, 32, 35),
    "maatschappelijke_partners": (4, 5, 23, 24, 30, 34, 36, 37, 38, 41),
    "overheid": (8, 21, 22, 24, 27, 28, 37),
    "landelijk": (8, 9, 10, 43),
    "overig": (5, 30, 37),
}


COMMON_SOORTEN = frozenset(
    [
        "burenhulp",
        "bezoekdienst",
        "buurthuis_zelfbeheer",
        "kerk",
        "sportvereniging",
        "wijkplatform",
        "huisartsenzorg",
        "ouderenbond",
        "multifunctionele_accommodatie",
        "wijkteam",
        "zorgcooperatie",
        "burgerinitiatief",
        "dagbesteding",
        "school",
        "culturele_vereniging",
        "vrouwenvereniging",
        "verpleeg_verzorgingshuis",
        "vrijwilligersorganisatie",
        "maatjesproject",
        "thuiszorg",
        "welzijnswerk",
        "moskee",
        "bedrijf",
    ]
)


def _groups() -> dict[str, str]:
    from desktop.kaart.taxonomy import load_soorten

    return {s.key: g.key for g in load_soorten().groepen for s in g.soorten}


@dataclass
class KaartRows:
    organisaties: list[dict]
    aanbod: list[dict]
    kenmerken: list[dict]
    contacten: list[dict]
    org_wijken: list[dict]
    aanbod_wijken: list[dict]


def _postcode(rng: random.Random, base: int) -> str:
    letters = "ABCEGHJKLMNPRTVWXZ"
    return f"{base + rng.randint(0, 9)} {rng.choice(letters)}{rng.choice(letters)}"


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return f"06 {rng.randint(10000000, 99999999)}"
    return f"0599 {rng.randint(100, 999)} {rng.randint(100, 999)}"


def _slug(text: str) -> str:
    from desktop.kaart.text import fold

    return "".join(ch for ch in fold(text) if ch.isalnum())[:30] or "org"


def build_rows(
    rng: random.Random,
    *,
    n_org: int,
    n_aanbod: int,
    soorten: Sequence[tuple[int, str]],
    wijken: Sequence[tuple[int, str]],
    today: date,
    plaats: str = "Lindewaard",
    start_id: int = 1,
    start_aanbod_id: int = 1,
    stale_share: float = 0.15,
    unique_names: bool = True,
) -> KaartRows:
    """Rows for a bulk insert. ``soorten``: (id, key); ``wijken``: (id, naam). The first
    organisations cover every soort in turn, so a set of 120 covers all 68."""
    now = datetime.now(UTC)
    orgs: list[dict] = []
    aanbod: list[dict] = []
    kenmerken: list[dict] = []
    contacten: list[dict] = []
    org_wijken: list[dict] = []
    aanbod_wijken: list[dict] = []
    seen: set[str] = set()
    groups = _groups()
    common = [s for s in soorten if s[1] in COMMON_SOORTEN]
    aid = start_aanbod_id
    per_org = max(n_aanbod / max(n_org, 1), 0)
    remaining = n_aanbod
    for i in range(n_org):
        oid = start_id + i
        soort_id, key = soorten[i] if i < len(soorten) else rng.choice(common or soorten)
        wijk_id, wijk = rng.choice(wijken)
        patterns = list(NAMEN.get(key, ("Organisatie {w}",)))
        rng.shuffle(patterns)
        achternaam = rng.choice(ACHTERNAMEN).split()[-1]
        naam = patterns[0].format(w=wijk, p=plaats, n=achternaam)
        if unique_names and naam in seen:
            options = [
                pt.format(w=w[1], p=pl, n=achternaam)
                for pt in patterns
                for w in wijken
                for pl in (plaats, w[1])
            ]
            fresh = [o for o in options if o not in seen]
            naam = fresh[0] if fresh else f"{naam} {i}"
        if unique_names:
            seen.add(naam)
        days = rng.randint(400, 1400) if rng.random() < stale_share else rng.randint(0, 330)
        checked = today - timedelta(days=days)
        werkgebied = rng.choice(("wijken", "wijken", "gemeente", "gemeente", "regio", "landelijk"))
        domain = _slug(naam) + ".example"
        orgs.append(
            {
                "id": oid,
                "uuid": new_uuid(),
                "naam": naam,
                "soort_id": soort_id,
                "beschrijving": f"{naam} is actief in {wijk if werkgebied == 'wijken' else plaats} "
                f"en werkt samen met andere organisaties op de sociale kaart.",
                "straat": rng.choice(STRATEN),
                "huisnummer": str(rng.randint(1, 180)) + rng.choice(("", "", "", "a", "b")),
                "postcode": _postcode(rng, 7940 + 10 * (wijk_id % 8)),
                "plaats": plaats if rng.random() < 0.75 else wijk,
                "telefoon": _phone(rng),
                "email": f"info@{domain}",
                "website": f"https://www.{domain}",
                "werkgebied": werkgebied,
                "status": "actief"
                if rng.random() < 0.93
                else rng.choice(("tijdelijk gesloten", "opgeheven")),
                "niet_publiceren": rng.random() < 0.03,
                "gecontroleerd_op": checked,
                "gecontroleerd_door": rng.choice(("a.jansen", "m.yilmaz", "p.devries")),
                "bron": rng.choice(("intakeformulier", "telefonisch", "website", "import 2025")),
                "notities": "",
                "gearchiveerd_op": None,
                "samengevoegd_in_id": None,
                "aangemaakt_op": now,
                "gewijzigd_op": now,
            }
        )
        if werkgebied == "wijken":
            extra = {wijk_id} | {w[0] for w in rng.sample(list(wijken), k=rng.randint(0, 2))}
            org_wijken.extend({"organisatie_id": oid, "wijk_id": w} for w in sorted(extra))
        for _ in range(rng.randint(0, 2) if rng.random() < 0.8 else 1):
            voornaam = rng.choice(VOORNAMEN)
            achternaam = rng.choice(ACHTERNAMEN)
            contacten.append(
                {
                    "uuid": new_uuid(),
                    "organisatie_id": oid,
                    "naam": f"{voornaam} {achternaam}",
                    "functie": rng.choice(FUNCTIES),
                    "telefoon": _phone(rng) if rng.random() < 0.5 else "",
                    "email": f"{_slug(voornaam)}@{domain}",
                }
            )
        left = n_org - i
        count = (
            remaining
            if left == 1
            else min(remaining, max(0, round(per_org + rng.uniform(-1.5, 1.5))))
        )
        core = list(CORE_AANBOD_BY_SOORT.get(key, ()))
        if i < len(soorten):
            count = min(max(count, len(core)), remaining)
        remaining -= count
        pool = [
            j for j in AANBOD_BY_GROEP.get(groups.get(key, ""), range(len(AANBOD))) if j not in core
        ]
        picks = core[:count] + rng.sample(pool, k=max(0, min(count - len(core), len(pool))))
        while len(picks) < count:
            picks.append(rng.randrange(len(AANBOD)))
        used: set[str] = set()
        for j, idx in enumerate(picks[:count]):
            a_naam, beschr, bf, dg, pv, kosten, tijden = AANBOD[idx]
            naam_a = a_naam if a_naam not in used else f"{a_naam} ({j + 1})"
            used.add(naam_a)
            aanbod.append(
                {
                    "id": aid,
                    "uuid": new_uuid(),
                    "organisatie_id": oid,
                    "naam": naam_a,
                    "beschrijving": beschr,
                    "kosten": kosten,
                    "aanmelden": rng.choice(
                        (
                            "Bel of mail ons.",
                            "Aanmelden via de website.",
                            "Loop binnen tijdens de inloop.",
                            "Via de huisarts of het wijkteam.",
                        )
                    ),
                    "openingstijden": tijden,
                    "status": "actief" if rng.random() < 0.95 else "tijdelijk gestopt",
                    "gearchiveerd_op": None,
                    "aangemaakt_op": now,
                    "gewijzigd_op": now,
                }
            )
            for soort, keys in (("basisfunctie", bf), ("doelgroep", dg), ("prestatieveld", pv)):
                kenmerken.extend({"aanbod_id": aid, "soort": soort, "sleutel": k} for k in keys)
            if werkgebied == "wijken" and rng.random() < 0.5:
                aanbod_wijken.append({"aanbod_id": aid, "wijk_id": wijk_id})
            aid += 1
    return KaartRows(orgs, aanbod, kenmerken, contacten, org_wijken, aanbod_wijken)


def insert_rows(session: Session, rows: KaartRows, *, reindex: bool = True) -> None:
    """Bulk insert (executemany, no ORM objects), then rebuild the search index."""
    for table, data in (
        (Organisatie.__table__, rows.organisaties),
        (Aanbod.__table__, rows.aanbod),
        (AanbodKenmerk.__table__, rows.kenmerken),
        (Contactpersoon.__table__, rows.contacten),
        (organisatie_wijk, rows.org_wijken),
        (aanbod_wijk, rows.aanbod_wijken),
    ):
        if data:
            bulk_insert(session, table, data)
    if reindex:
        search.rebuild_index(session)


def generate_large(
    session: Session,
    *,
    n_org: int = 10_000,
    n_aanbod: int = 40_000,
    seed: int = 7,
    today: date | None = None,
) -> KaartRows:
    """Fill a store with a large fictional kaart (benchmarks). Adds demo wijken when the
    store has none."""
    from desktop.demo import DEMO_WIJKEN
    from desktop.kaart.service import list_soorten
    from desktop.store import wijken as wijken_service

    if not wijken_service.list_wijken(session):
        for naam, soort in DEMO_WIJKEN:
            wijken_service.add_wijk(session, naam, soort)
    soorten = [(s.id, s.sleutel) for s in list_soorten(session)]
    wijken = [(w.id, w.naam) for w in wijken_service.list_wijken(session)]
    start = (
        session.scalar(select(Organisatie.id).order_by(Organisatie.id.desc()).limit(1)) or 0
    ) + 1
    start_a = (session.scalar(select(Aanbod.id).order_by(Aanbod.id.desc()).limit(1)) or 0) + 1
    rows = build_rows(
        random.Random(seed),
        n_org=n_org,
        n_aanbod=n_aanbod,
        soorten=soorten,
        wijken=wijken,
        today=today or date.today(),
        start_id=start,
        start_aanbod_id=start_a,
        unique_names=False,
    )
    insert_rows(session, rows)
    if session.get_bind().dialect.name == "sqlite":
        session.execute(
            text("INSERT INTO fts_kaart_organisatie(fts_kaart_organisatie) VALUES ('optimize')")
        )
        session.execute(text("INSERT INTO fts_kaart_aanbod(fts_kaart_aanbod) VALUES ('optimize')"))
    _ = Soort  # soorten are synced by list_soorten
    return rows
