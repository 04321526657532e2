"""Matching spreadsheet headers to the import fields of the sociale kaart, and splitting
combined address columns.

``match_columns(headers)`` maps each header to at most one field and each field to at
most one header. Matching is fuzzy but deterministic -- the same headers always give the
same mapping -- and works on folded text (case, accents and punctuation do not matter):

1. exact match with a field's label or one of its synonyms          score 1.0
2. the same with all spaces removed ("Telefoon nummer")              0.97
3. all words of a synonym appear in the header ("E-mail algemeen")   0.70-0.95
4. similarity of the compact forms: letter trigrams (word order,
   "Naam organisatie" ~ "Organisatienaam") and edit similarity for
   typos ("Telefoonumer", "Webiste"), only for words of 5+ letters     0.0-1.0

Weak synonyms (words that usually, not always, mean the field) score 10 % less, so
"Mobiel" becomes the telefoon column only when there is no "Telefoon" column. Candidates
below ``MATCH_THRESHOLD`` are dropped; the rest are assigned greedily, best score first,
ties broken by header position and then by field order.

Composite fields (``adres``, ``postcode_plaats``) hold several fields in one cell; split
them with ``split_address`` and ``split_postcode_plaats``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Literal

from desktop.kaart.text import fold

__all__ = [
    "FIELDS",
    "FIELDS_BY_KEY",
    "MATCH_THRESHOLD",
    "header_score",
    "AddressParts",
    "ColumnMapping",
    "ImportField",
    "match_columns",
    "match_header",
    "split_address",
    "split_postcode_plaats",
]

Entity = Literal["organisatie", "aanbod"]


@dataclass(frozen=True, slots=True)
class ImportField:
    """A canonical import field. ``label`` is the Dutch column name our own exports and
    template use; it always matches exactly."""

    key: str
    label: str
    entity: Entity
    synonyms: tuple[str, ...] = ()
    weak: tuple[str, ...] = ()
    composite: bool = False
    exact: bool = (
        False  # only exact matches (record ids: a near miss could update the wrong record)
    )


def _f(
    key: str,
    label: str,
    entity: Entity,
    synonyms: str = "",
    weak: str = "",
    *,
    composite: bool = False,
    exact: bool = False,
) -> ImportField:
    split = lambda text: tuple(s.strip() for s in text.split("|") if s.strip())  # noqa: E731
    return ImportField(key, label, entity, split(synonyms), split(weak), composite, exact)


#: All import fields, in the order a mapping dialog should show them.
FIELDS: tuple[ImportField, ...] = (
    _f(
        "organisatie_id",
        "Organisatie-id",
        "organisatie",
        "id organisatie|organisatienummer|organisatie nr|id",
        exact=True,
    ),
    _f(
        "organisatie_naam",
        "Naam organisatie",
        "organisatie",
        "naam|organisatie|organisatienaam|naam van de organisatie|instelling|naam instelling"
        "|instellingsnaam|aanbieder|naam aanbieder|organisatie instelling",
        "bedrijfsnaam|bedrijf|partner|naam partner",
    ),
    _f(
        "soort",
        "Soort organisatie",
        "organisatie",
        "soort|type organisatie|organisatietype|organisatiesoort|type|soort instelling",
        "categorie|sector|branche",
    ),
    _f(
        "beschrijving",
        "Beschrijving",
        "organisatie",
        "omschrijving|beschrijving organisatie|omschrijving organisatie|over de organisatie"
        "|wat doet de organisatie",
        "toelichting|doel|doelstelling|activiteiten|werkzaamheden",
    ),
    _f(
        "adres",
        "Adres",
        "organisatie",
        "bezoekadres|straat en huisnummer|straat + huisnummer|straat huisnr|adresregel"
        "|vestigingsadres|adres en huisnummer|straatnaam huisnummer|straat nr|straatnaam nr"
        "|adresgegevens|straat huisnummer toevoeging",
        "locatie|postadres|correspondentieadres",
        composite=True,
    ),
    _f("straat", "Straat", "organisatie", "straatnaam|straat bezoekadres"),
    _f(
        "huisnummer",
        "Huisnummer",
        "organisatie",
        "huisnr|hnr|nr|huis nummer|huisnummer bezoekadres|huisnummer toevoeging"
        "|huisnummer incl toevoeging|huisnr toevoeging",
        "nummer",
    ),
    _f(
        "toevoeging",
        "Toevoeging",
        "organisatie",
        "huisnummertoevoeging|huisnummer toevoeging|huisletter|toev|huisnr toevoeging",
    ),
    _f(
        "postcode",
        "Postcode",
        "organisatie",
        "pc|post code|postcode bezoekadres|postcode cijfers|cijfers postcode|pc cijfers",
    ),
    _f(
        "postcode_letters",
        "Letters postcode",
        "organisatie",
        "postcode letters|pc letters|postcodeletters|letters",
    ),
    _f(
        "postcode_plaats",
        "Postcode en plaats",
        "organisatie",
        "postcode plaats|postcode + plaats|postcode/plaats|postcode woonplaats|pc plaats"
        "|pc woonplaats|postcode en woonplaats",
        composite=True,
    ),
    _f(
        "plaats",
        "Plaats",
        "organisatie",
        "woonplaats|plaatsnaam|vestigingsplaats|stad|plaats bezoekadres",
        "gemeente",
    ),
    _f(
        "wijk",
        "Wijk",
        "organisatie",
        "buurt|kern|wijk of kern|stadsdeel|wijknaam|dorpskern|wijk buurt",
        "dorp|gebied",
    ),
    _f(
        "telefoon",
        "Telefoon",
        "organisatie",
        "telefoonnummer|tel|tel nr|telnr|telefoonnr|telefoon nummer|tel nummer"
        "|telefoon algemeen|algemeen telefoonnummer|phone",
        "mobiel|mobiel nummer|mobiele telefoon|06 nummer|gsm|telefoon 2",
    ),
    _f(
        "email",
        "E-mail",
        "organisatie",
        "email|e-mailadres|emailadres|mail|mailadres|e-mail adres|e-mail algemeen"
        "|algemeen e-mailadres|e-mail organisatie",
    ),
    _f(
        "website",
        "Website",
        "organisatie",
        "web|internet|internetadres|url|homepage|site|webadres|webpagina|websiteadres|www"
        "|internetpagina",
        "link",
    ),
    _f(
        "contactpersoon",
        "Contactpersoon",
        "organisatie",
        "naam contactpersoon|contactpersonen|contact|aanspreekpunt|contactpersoon naam",
        "contactpersoon organisatie",
    ),
    _f(
        "contactpersoon_functie",
        "Functie contactpersoon",
        "organisatie",
        "contactpersoon functie",
        "functie",
    ),
    _f(
        "contactpersoon_telefoon",
        "Telefoon contactpersoon",
        "organisatie",
        "telefoonnummer contactpersoon|tel contactpersoon|contactpersoon telefoon"
        "|contactpersoon telefoonnummer",
    ),
    _f(
        "contactpersoon_email",
        "E-mail contactpersoon",
        "organisatie",
        "e-mailadres contactpersoon|email contactpersoon|contactpersoon e-mail"
        "|contactpersoon e-mailadres|mail contactpersoon",
    ),
    _f(
        "werkgebied",
        "Werkgebied",
        "organisatie",
        "verzorgingsgebied|dekkingsgebied|schaalniveau|werkterrein",
        "regio|bereik",
    ),
    _f("status", "Status", "organisatie", "status organisatie"),
    _f(
        "niet_publiceren",
        "Niet publiceren",
        "organisatie",
        "niet tonen|verborgen|niet openbaar|niet in wegwijzer|niet zichtbaar",
    ),
    # The positive twin: "ja" means publish. Without it "Tonen in wegwijzer" would match
    # "Niet publiceren" and turn every answer around.
    _f(
        "publiceren",
        "Publiceren",
        "organisatie",
        "tonen|tonen in wegwijzer|in wegwijzer|vermelden in wegwijzer|zichtbaar|openbaar"
        "|publicatie|mag gepubliceerd worden|publiceren op website|tonen op website|vermelden",
    ),
    _f(
        "laatst_gecontroleerd",
        "Laatst gecontroleerd",
        "organisatie",
        "laatst gecontroleerd op|gecontroleerd op|datum controle|laatste controle|controledatum"
        "|datum laatst gecontroleerd|datum laatste controle",
        "gecontroleerd|peildatum|laatst bijgewerkt|bijgewerkt op|datum|laatste update"
        "|datum laatste update|laatst gewijzigd|datum bijgewerkt",
    ),
    _f("gecontroleerd_door", "Gecontroleerd door", "organisatie", "controleur"),
    _f("bron", "Bron", "organisatie", "bron gegevens|herkomst|bronvermelding"),
    _f(
        "notities",
        "Notities",
        "organisatie",
        "notitie|opmerkingen|opmerking|memo|aantekeningen|interne notities|interne opmerkingen",
    ),
    _f("aanbod_id", "Aanbod-id", "aanbod", "id aanbod|aanbodnummer|aanbod nr", exact=True),
    _f(
        "aanbod_naam",
        "Aanbod",
        "aanbod",
        "naam aanbod|aanbodnaam|aanbod naam|dienst|naam dienst|dienstverlening|activiteit"
        "|naam activiteit|voorziening|product|productnaam",
        "service",
    ),
    _f(
        "aanbod_beschrijving",
        "Beschrijving aanbod",
        "aanbod",
        "omschrijving aanbod|aanbod beschrijving|aanbod omschrijving|omschrijving dienst"
        "|beschrijving dienst|beschrijving activiteit|omschrijving activiteit|toelichting aanbod"
        "|inhoud aanbod|wat houdt het aanbod in",
    ),
    _f(
        "doelgroepen",
        "Doelgroepen",
        "aanbod",
        "doelgroep|voor wie|bestemd voor|doelgroep aanbod|doelgroepen aanbod",
    ),
    _f(
        "basisfuncties",
        "Basisfuncties",
        "aanbod",
        "basisfunctie|basisfuncties mantelzorg|basisfuncties vrijwilligerswerk",
    ),
    _f(
        "prestatievelden",
        "Prestatievelden",
        "aanbod",
        "prestatieveld|wmo prestatieveld|wmo prestatievelden|prestatievelden wmo|pv",
    ),
    _f(
        "kosten",
        "Kosten",
        "aanbod",
        "prijs|tarief|eigen bijdrage|kosten deelname|kosten aanbod|wat kost het|tarieven",
    ),
    _f(
        "aanmelden",
        "Aanmelden",
        "aanbod",
        "aanmelding|hoe aanmelden|aanmeldprocedure|aanmeldingsprocedure|hoe aan te melden"
        "|toegang|verwijzing",
    ),
    _f(
        "openingstijden",
        "Openingstijden",
        "aanbod",
        "openingsuren|bereikbaarheid|bereikbaar|spreekuur|spreekuren|tijden"
        "|openingstijden en bereikbaarheid",
        "wanneer|dagen",
    ),
    _f(
        "aanbod_wijken",
        "Wijken aanbod",
        "aanbod",
        "wijken|aanbod wijken|in welke wijken|wijken waar het aanbod is",
        "kernen|locaties",
    ),
    _f("aanbod_status", "Status aanbod", "aanbod", "aanbod status"),
)

FIELDS_BY_KEY: dict[str, ImportField] = {f.key: f for f in FIELDS}

#: Candidates scoring below this are not matched automatically.
MATCH_THRESHOLD = 0.75

_WEAK_FACTOR = 0.9
# Words that carry no meaning in a header.
_NOISE = frozenset(
    {"van", "de", "het", "een", "en", "of", "the", "s", "svp", "verplicht", "optioneel"}
    | {"facultatief", "evt", "eventueel", "invullen", "graag", "hier"}
)
_NON_WORD = re.compile(r"[\W_]+")


def _normalise(text: str) -> str:
    tokens = _NON_WORD.sub(" ", fold(text)).split()
    return " ".join(t for t in tokens if t not in _NOISE)


def _trigrams(compact: str) -> frozenset[str]:
    padded = f"  {compact} "
    return frozenset(padded[i : i + 3] for i in range(len(padded) - 2))


@dataclass(frozen=True, slots=True)
class _Synonym:
    field: str
    order: int
    norm: str
    compact: str
    tokens: frozenset[str]
    grams: frozenset[str]
    factor: float
    exact: bool


def _build_synonyms() -> tuple[_Synonym, ...]:
    result: list[_Synonym] = []
    for order, spec in enumerate(FIELDS):
        names = [(spec.label, 1.0), (spec.key.replace("_", " "), 1.0)]
        names += [(s, 1.0) for s in spec.synonyms] + [(w, _WEAK_FACTOR) for w in spec.weak]
        for name, factor in names:
            norm = _normalise(name)
            if not norm:
                continue
            compact = norm.replace(" ", "")
            result.append(
                _Synonym(
                    spec.key,
                    order,
                    norm,
                    compact,
                    frozenset(norm.split()),
                    _trigrams(compact),
                    factor,
                    spec.exact,
                )
            )
    return tuple(result)


_SYNONYMS = _build_synonyms()


@dataclass
class _Header:
    """A header prepared once for scoring against every synonym."""

    norm: str
    compact: str
    tokens: frozenset[str]
    grams: frozenset[str]
    matcher: SequenceMatcher[str]

    @classmethod
    def of(cls, header: str) -> _Header:
        norm = _normalise(header[:200])
        compact = norm.replace(" ", "")
        matcher: SequenceMatcher[str] = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(compact)
        return cls(norm, compact, frozenset(norm.split()), _trigrams(compact), matcher)


def _score(head: _Header, syn: _Synonym, floor: float) -> float:
    """Score of one synonym for one header; fuzzy measures are only computed when they
    could still beat ``floor`` (the threshold or the field's best score so far)."""
    if head.norm == syn.norm:
        return syn.factor
    if head.compact == syn.compact:
        return 0.97 * syn.factor
    if syn.exact:
        return 0.0
    need = floor / syn.factor  # what the raw similarity must beat
    best = 0.0
    compact = head.compact
    if len(syn.compact) >= 4 and syn.tokens <= head.tokens:
        best = 0.7 + 0.25 * len(syn.compact) / len(compact)
    if len(syn.compact) >= 4 and len(compact) >= 4:
        small, large = sorted((len(head.grams), len(syn.grams)))
        if small / large > max(best, need):
            common = len(head.grams & syn.grams)
            best = max(best, common / (len(head.grams) + len(syn.grams) - common))
    if len(syn.compact) >= 5 and len(compact) >= 5 and abs(len(compact) - len(syn.compact)) <= 3:
        matcher = head.matcher
        matcher.set_seq1(syn.compact)
        bar = max(best, need)
        if matcher.real_quick_ratio() > bar and matcher.quick_ratio() > bar:
            best = max(best, matcher.ratio())
    return best * syn.factor


def _candidates(header: str, threshold: float) -> dict[str, float]:
    """Best score per field key for one header, only fields reaching ``threshold``."""
    head = _Header.of(header)
    scores: dict[str, float] = {}
    if not head.norm:
        return scores
    for syn in _SYNONYMS:
        floor = max(threshold, scores.get(syn.field, 0.0))
        score = _score(head, syn, floor)
        if score >= floor and score > scores.get(syn.field, 0.0):
            scores[syn.field] = score
    return scores


def match_header(header: str) -> tuple[str, float] | None:
    """The best field for one header on its own, with its score, or ``None`` when no
    field reaches ``MATCH_THRESHOLD`` (for suggestions in a mapping dialog)."""
    scores = _candidates(header, MATCH_THRESHOLD)
    if not scores:
        return None
    order = {f.key: i for i, f in enumerate(FIELDS)}
    key, score = min(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    return (key, score) if score >= MATCH_THRESHOLD else None


@dataclass(frozen=True)
class ColumnMapping:
    """Result of ``match_columns``: ``fields`` maps field key -> header, ``unmatched``
    lists the headers (in sheet order) that got no field, ``scores`` gives header ->
    score for the matched headers."""

    fields: dict[str, str]
    unmatched: list[str]
    scores: dict[str, float] = field(default_factory=dict)

    def header_for(self, key: str) -> str | None:
        return self.fields.get(key)

    @property
    def by_header(self) -> dict[str, str]:
        """Header -> field key."""
        return {header: key for key, header in self.fields.items()}


def match_columns(headers: Sequence[str], *, threshold: float = MATCH_THRESHOLD) -> ColumnMapping:
    """Match spreadsheet headers to import fields (see the module docstring)."""
    order = {f.key: i for i, f in enumerate(FIELDS)}
    candidates: list[tuple[float, int, int, str]] = []
    seen: set[str] = set()
    for index, header in enumerate(headers):
        if header in seen:
            continue  # a repeated header cannot be told apart from the first: not matched
        seen.add(header)
        for key, score in _candidates(header, threshold).items():
            if score >= threshold:
                candidates.append((-score, index, order[key], key))
    candidates.sort()
    fields: dict[str, str] = {}
    scores: dict[str, float] = {}
    taken: set[int] = set()
    for neg_score, index, _, key in candidates:
        if index in taken or key in fields:
            continue
        taken.add(index)
        fields[key] = headers[index]
        scores[headers[index]] = round(-neg_score, 3)
    unmatched = [h for i, h in enumerate(headers) if i not in taken]
    ordered = dict(sorted(fields.items(), key=lambda kv: order[kv[0]]))
    return ColumnMapping(fields=ordered, unmatched=unmatched, scores=scores)


def header_score(names: Sequence[str]) -> float:
    """How recognisable ``names`` are as the header row of an intake file: the number of
    import fields they match, plus a half when one is the organisation's name. 0 for a
    title, an explanation or a data row that matches nothing."""
    fields = match_columns(list(dict.fromkeys(names))).fields
    return len(fields) + (0.5 if "organisatie_naam" in fields else 0.0)


# --- address splitting ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddressParts:
    """Parts of a combined address; missing parts are ``""``. The parts are split, not
    validated: run them through ``desktop.kaart.validation`` afterwards."""

    straat: str = ""
    huisnummer: str = ""
    postcode: str = ""
    plaats: str = ""


_POSTCODE_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])([1-9][0-9]{3}) ?([A-Za-z]{2})(?![A-Za-z0-9])")
_NUMBER = r"[0-9]{1,5}(?![0-9])(?:\s*[A-Za-z](?![A-Za-z]))?(?:\s*[-/]?\s*[A-Za-z0-9]{1,4})?"
# The street ends in a letter (optionally with a dot: "St.") or in any character followed
# by a space, so "Laan 1940-1945 12" keeps its years and "Dorpsstraat 12-2" its toevoeging.
_STREET_NUMBER = re.compile(rf"(?P<straat>.*(?:[^\W\d_]\.?|\S\s))\s*,?\s*(?P<nummer>{_NUMBER})")


def split_postcode_plaats(text: str) -> tuple[str, str]:
    """``"1234AB  Elkaar"`` -> ``("1234 AB", "Elkaar")``; ``"Elkaar"`` -> ``("", "Elkaar")``."""
    clean = " ".join(text.split()).strip(" ,")
    match = _POSTCODE_IN_TEXT.match(clean)
    if match is None:
        return "", clean
    postcode = f"{match[1]} {match[2].upper()}"
    return postcode, clean[match.end() :].strip(" ,")


def split_address(text: str) -> AddressParts:
    """Split a combined address cell.

    ``"Dorpsstraat 12a"`` -> straat "Dorpsstraat", huisnummer "12a";
    ``"Dorpsstraat 12a, 1234 AB Elkaar"`` also fills postcode and plaats;
    ``"Dorpsstraat 12, Elkaar"`` fills plaats. Street names with numbers work
    ("Laan 1940-1945 12", "1e Hogeweg 20"). Without a house number everything is straat.
    """
    clean = " ".join(text.replace("\n", ", ").split()).strip(" ,")
    postcode = plaats = ""
    matches = list(_POSTCODE_IN_TEXT.finditer(clean))
    if matches:
        last = matches[-1]
        postcode = f"{last[1]} {last[2].upper()}"
        plaats = clean[last.end() :].strip(" ,")
        clean = clean[: last.start()].strip(" ,")
    elif "," in clean:
        head, tail = clean.rsplit(",", 1)
        if tail.strip() and not any(ch.isdigit() for ch in tail):
            plaats = tail.strip()
            clean = head.strip(" ,")
    match = _STREET_NUMBER.fullmatch(clean)
    if match is None or not any(ch.isalpha() for ch in match["straat"]):
        return AddressParts(straat=clean, postcode=postcode, plaats=plaats)
    straat = match["straat"].strip(" ,")
    return AddressParts(straat, " ".join(match["nummer"].split()), postcode, plaats)
