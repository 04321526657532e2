"""Reading one import row: cells to validated organisation and aanbod fields, with
Dutch reasons for what is wrong. Used by ``importer``; plain Python."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from desktop.kaart.columns import split_address, split_postcode_plaats
from desktop.kaart.models import AANBOD_STATUS, ORGANISATIE_STATUS, WERKGEBIED
from desktop.kaart.service import (
    basisfunctie_labels,
    clean_aanbod,
    clean_contact,
    clean_organisatie,
    list_soorten,
    prestatieveld_labels,
)
from desktop.kaart.text import fold, restore_neutralised
from desktop.store import wijken

# --------------------------------------------------------------------------- parsing cells


_SPLIT = re.compile(r"[;,\n|\t]+")
# Second-level separators, tried only when an item as a whole is unknown: "Ouderen /
# Jongeren", "Ouderen en mantelzorgers", "De Akkers & Molenwijk".
_SUB_SPLIT = re.compile(r"\s*/\s*|\s+(?:en|of)\s+|\s*[&+]\s*", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-*\u2022\u00b7\u2013\u25aa\u25cf>]+|[0-9]{1,2}[.)])\s*")
_TRUE = {"ja", "j", "x", "1", "waar", "true", "yes", "y", "v", "wel", "\u2713", "\u2714",
         "niet publiceren", "ja niet publiceren"}  # fmt: skip
_FALSE = {"nee", "n", "0", "onwaar", "false", "no", "-", ""}


class _RowError(Exception):
    pass


def _items(text: str) -> list[str]:
    """The items of a list cell: separated by ; , | tab or line breaks, bullets and
    numbering ("- ", "• ", "1. ") dropped."""
    out = []
    for part in _SPLIT.split(text or ""):
        item = _BULLET.sub("", part.strip()).strip(" .")
        if item:
            out.append(item)
    return out


def _resolve_items(text: str, resolve) -> list:
    """``resolve`` every item of a list cell; an unknown item that holds a second-level
    separator ("Ouderen / Jongeren") is split and its parts resolved. Raises the
    ``_RowError`` of the whole item when a part is unknown too."""
    out = []
    for item in _items(text):
        try:
            out.append(resolve(item))
        except _RowError:
            parts = [p.strip() for p in _SUB_SPLIT.split(item) if p.strip()]
            if len(parts) < 2:
                raise
            try:
                out.extend(resolve(p) for p in parts)
            except _RowError:
                resolve(item)  # raises the message about the whole item
    return out


class _Lookups:
    """Resolves names in cells to keys/ids; built once per import."""

    def __init__(self, session: Session) -> None:
        from desktop.kaart.taxonomy import SoortGroep, load_doelgroepen, load_soorten

        self.soorten = {s.sleutel: s.id for s in list_soorten(session)}
        self.soort_names = {fold(s.naam): s.id for s in list_soorten(session)}
        self._tax = load_soorten()
        self._groep = SoortGroep
        self._doel = load_doelgroepen()
        self.basis = {}
        for key, label in basisfunctie_labels().items():
            self.basis[key] = key
            self.basis[fold(label)] = key
        self.pv = {}
        for key, label in prestatieveld_labels().items():
            self.pv[key] = key
            self.pv[key[2:]] = key
            self.pv[fold(label)] = key
        self.wijken = {fold(w.naam): w.id for w in wijken.list_wijken(session)}
        from desktop.store import settings

        self.gemeente = " ".join(
            _NON_WORD.sub(" ", fold(settings.gemeente_naam(session) or "")).split()
        )
        self.session = session
        self.org_cache: dict[tuple, Any] = {}
        self._cells: dict[tuple[str, str], Any] = {}

    def cached(self, what: str, text: str, fn):
        key = (what, text)
        hit = self._cells.get(key)
        if hit is None:
            try:
                hit = fn(text)
            except _RowError as exc:
                hit = exc
            self._cells[key] = hit
        if isinstance(hit, _RowError):
            raise hit
        return list(hit)

    def soort(self, text: str) -> int | None:
        if not text:
            return None
        if text in self.soorten:
            return self.soorten[text]
        folded = fold(text)
        if folded in self.soort_names:
            return self.soort_names[folded]
        found = self._tax.find(text)
        if found is not None and not isinstance(found, self._groep):
            return self.soorten.get(found.key)
        raise _RowError(f"soort '{text}' is onbekend; kies een soort uit de lijst in het sjabloon")

    def _doelgroep(self, item: str) -> str:
        if item in self._doel:
            return item
        found = self._doel.find(item)
        if found is None:
            raise _RowError(f"doelgroep '{item}' is onbekend")
        return found.key

    def doelgroepen(self, text: str) -> list[str]:
        return list(dict.fromkeys(_resolve_items(text, self._doelgroep)))

    def _keys(self, text: str, table: dict[str, str], what: str) -> list[str]:
        def one(item: str) -> str:
            key = table.get(item.lower()) or table.get(fold(item))
            if key is None:
                # "mz6 Respijtzorg" -> take the leading key
                head = item.split()[0].lower()
                key = table.get(head)
            if key is None:
                raise _RowError(f"{what} '{item}' is onbekend")
            return key

        return list(dict.fromkeys(_resolve_items(text, one)))

    def basisfuncties(self, text: str) -> list[str]:
        return self._keys(text, self.basis, "basisfunctie")

    def prestatievelden(self, text: str) -> list[str]:
        return self._keys(text, self.pv, "prestatieveld")

    def split_area(self, text: str) -> tuple[str, str]:
        """(werkgebied named in a wijk cell, the rest of the cell): "Hele gemeente" ->
        ("gemeente", ""); "De Akkers; hele gemeente" -> ("gemeente", "De Akkers"). A real
        wijk with such a name stays a wijk."""
        area, rest = "", []
        for item in _items(text):
            key = " ".join(_NON_WORD.sub(" ", fold(item)).split())
            if fold(item) in self.wijken:
                rest.append(item)
            elif _AREA.get(key, "wijken") != "wijken":
                area = area or _AREA[key]
            elif self.gemeente and key in (self.gemeente, f"gemeente {self.gemeente}"):
                area = area or "gemeente"
            else:
                rest.append(item)
        return area, "; ".join(rest)

    def _wijk(self, item: str) -> int:
        wid = self.wijken.get(fold(item))
        if wid is None:
            found = wijken.find_by_name(self.session, item)
            if found is None:
                raise _RowError(
                    f"wijk '{item}' bestaat niet in deze gemeente (zie Instellingen, Wijken)"
                )
            wid = found.id
        return wid

    def wijk_ids(self, text: str) -> list[int]:
        return sorted(set(_resolve_items(text, self._wijk)))


def _bool(text: str, what: str) -> bool:
    t = fold(text)
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise _RowError(f"{what}: '{text}' is geen ja of nee")


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            "jan januari",
            "feb februari",
            "mrt maart mar",
            "apr april",
            "mei may",
            "jun juni",
            "jul juli",
            "aug augustus",
            "sep sept september",
            "okt oktober oct",
            "nov november",
            "dec december",
        ),
        1,
    )  # fmt: skip
    for name in names.split()
}
_WORD_DATE = re.compile(r"([0-9]{1,2})\s*([a-z]+)\.?\s*([0-9]{4})")
#: Excel day numbers of 1-1-1955 and 31-12-2119: a whole number in this range in a date
#: column is a date serial (a date cell formatted as a number).
_SERIAL_RANGE = (20090, 80355)


def _date(text: str) -> date | None:
    """A date as people type it (dd-mm-jjjj, d-m-jj, jjjj-mm-dd, 1 maart 2024, with / or
    . instead of -) or an Excel day number; ``_RowError`` otherwise."""
    text = " ".join(text.split())
    if not text:
        return None
    if text.isdigit() and _SERIAL_RANGE[0] <= int(text) <= _SERIAL_RANGE[1]:
        return date(1899, 12, 30) + timedelta(days=int(text))
    compact = re.sub(r"[/.]", "-", text.split(" ")[0]) if text[:1].isdigit() else text
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d-%m-%y"):
        try:
            return datetime.strptime(compact, fmt).date()
        except ValueError:
            continue
    match = _WORD_DATE.fullmatch(fold(text))
    if match and match[2] in _MONTHS:
        try:
            return date(int(match[3]), _MONTHS[match[2]], int(match[1]))
        except ValueError:
            pass
    raise _RowError(f"laatst gecontroleerd: '{text}' is geen datum (gebruik dd-mm-jjjj)")


#: What people write for a werkgebied (also in a wijk column: "Hele gemeente").
_AREA = {
    "gemeente": "gemeente", "hele gemeente": "gemeente", "gehele gemeente": "gemeente",
    "gemeentebreed": "gemeente", "gemeente breed": "gemeente", "gemeentelijk": "gemeente",
    "alle wijken": "gemeente", "alle kernen": "gemeente", "alle wijken en kernen": "gemeente",
    "alle dorpen": "gemeente", "overal": "gemeente", "lokaal": "gemeente",
    "regio": "regio", "regionaal": "regio", "in de regio": "regio",
    "landelijk": "landelijk", "nationaal": "landelijk", "nederland": "landelijk",
    "heel nederland": "landelijk",
    "wijken": "wijken", "wijk": "wijken", "wijkgericht": "wijken", "buurt": "wijken",
    "kern": "wijken", "kernen": "wijken", "wijken en kernen": "wijken",
}  # fmt: skip


def _werkgebied(text: str, lk: _Lookups) -> str:
    t = " ".join(_NON_WORD.sub(" ", fold(text)).split())
    found = _AREA.get(t) or _AREA.get(t.removeprefix("de ").removeprefix("het "))
    if found is None and lk.gemeente and t in (lk.gemeente, f"gemeente {lk.gemeente}"):
        found = "gemeente"
    if found is None:
        raise _RowError(
            f"werkgebied '{text}' is onbekend; kies uit {', '.join(WERKGEBIED)}"
            " (of bijvoorbeeld 'hele gemeente')"
        )
    return found


_NON_WORD = re.compile(r"[\W_]+")


def _choice(text: str, choices: tuple[str, ...], what: str) -> str:
    t = " ".join(fold(text).split())
    if not t:
        return ""
    for c in choices:
        if fold(c) == t:
            return c
    raise _RowError(f"{what} '{text}' is onbekend; kies uit {', '.join(choices)}")


def _cell(values: Mapping[str, str], mapping: Mapping[str, str], key: str) -> str:
    header = mapping.get(key)
    if header is None:
        return ""
    return restore_neutralised(values.get(header, "") or "").strip()


_AANBOD_KEYS = ("aanbod_naam", "aanbod_beschrijving", "doelgroepen", "basisfuncties", "prestatievelden",
                "kosten", "aanmelden", "openingstijden", "aanbod_wijken", "aanbod_status", "aanbod_id")  # fmt: skip


#: Fields with a fixed form, where "n.v.t.", "-", "onbekend" and the like mean "empty"
#: (in free text such as kosten, "geen" means something and is kept).
_STRUCTURED = ("soort", "adres", "straat", "huisnummer", "toevoeging", "postcode",
               "postcode_letters", "postcode_plaats", "plaats", "wijk", "telefoon", "email",
               "website", "contactpersoon_telefoon", "contactpersoon_email", "werkgebied",
               "status", "laatst_gecontroleerd", "doelgroepen", "basisfuncties",
               "prestatievelden", "aanbod_wijken", "aanbod_status")  # fmt: skip
_PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        "---",
        "?",
        "??",
        "...",
        "..",
        "nvt",
        "n v t",
        "n.v.t",
        "n.v.t.",
        "nvt.",
        "n.b.",
        "n.b",
        "nb",
        "onbekend",
        "niet bekend",
        "geen",
        "geen idee",
        "volgt",
        "nog niet bekend",
        "leeg",
        "x x",
        "/",
        "0",
    }  # fmt: skip
)


def _is_placeholder(text: str) -> bool:
    return fold(text).strip() in _PLACEHOLDERS or not any(ch.isalnum() for ch in text)


def _parse_row(values: Mapping[str, str], mapping: Mapping[str, str], lk: _Lookups):
    """(org fields, org extras, aanbod fields or None) of one row; raises _RowError.
    In a file with one row per aanbod the organisation's cells repeat: their parse is
    cached (``lk.org_cache``), so each organisation is validated once."""
    c = {key: _cell(values, mapping, key) for key in mapping}
    for key in _STRUCTURED:
        if c.get(key) and _is_placeholder(c[key]):
            c[key] = ""
    org_key = tuple((k, v) for k, v in c.items() if k not in _AANBOD_KEYS)
    cached = lk.org_cache.get(org_key)
    if cached is None:
        try:
            cached = _parse_org(c, lk)
        except _RowError as exc:
            cached = exc
        lk.org_cache[org_key] = cached
    if isinstance(cached, _RowError):
        raise cached
    org, extras = dict(cached[0]), dict(cached[1])
    return org, extras, _parse_aanbod(c, lk)


_LABEL = {
    "telefoon": re.compile(
        r"^(?:tel(?:efoon)?(?:nummer|nr)?|t|mob(?:iel)?|gsm|nummer)\s*[.:]*\s*(?=[0-9+(])",
        re.IGNORECASE,
    ),
    "email": re.compile(r"^(?:e-?mail(?:adres)?|mail|e)\s*[.:]\s*", re.IGNORECASE),
    "website": re.compile(r"^(?:website|web|site|url|internet)\s*[.:]\s*", re.IGNORECASE),
}
_MORE = {
    "telefoon": re.compile(r"\s*(?:/|;|,|\bof\b|\ben\b|\n)\s*", re.IGNORECASE),
    "email": re.compile(r"\s*(?:/|;|,|\bof\b|\ben\b|\s)\s*", re.IGNORECASE),
    "website": re.compile(r"\s*(?:;|,|\bof\b|\ben\b|\s)\s*", re.IGNORECASE),
}
_NOTE = re.compile(r"\s*\(([^()]*[^\W\d_][^()]*)\)\s*$")  # "(ma-vr 9-17)" after a number
_SCIENTIFIC = re.compile(r"[0-9](?:[.,][0-9]+)?[eE]\+?[0-9]{1,2}")
_WHAT = {"telefoon": "telefoonnummer", "email": "e-mailadres", "website": "website"}
_FIRST = {"telefoon": "het eerste", "email": "het eerste", "website": "de eerste"}


def _tidy_contact(org: dict[str, Any]) -> list[str]:
    """Forgiving clean-up of telefoon, e-mail and website cells from other organisations'
    lists, before validation: labels ("Tel.: ", "E-mail: "), ``<...>`` around an address,
    a number Excel wrote as 6,12345678E+08, a remark in brackets ("(ma-vr)") and a second
    number or address ("010-1234567 / 06-12345678"). What is taken out goes to the
    notities, and the returned notes say so (for the row report)."""
    notes: list[str] = []
    extra: list[str] = []
    for key in ("telefoon", "email", "website"):
        value = " ".join(str(org.get(key, "")).split())
        if not value:
            continue
        value = _LABEL[key].sub("", value).strip()
        if key == "email":
            value = value.strip("<>").removeprefix("mailto:").strip()
        if key == "telefoon" and _SCIENTIFIC.fullmatch(value):
            value = str(int(float(value.replace(",", "."))))
        if key == "telefoon" and (m := _NOTE.search(value)):
            extra.append(f"{_WHAT[key]}: {m[1].strip()}")
            notes.append(
                f"de opmerking '({m[1].strip()})' bij het telefoonnummer staat bij de notities"
            )
            value = value[: m.start()].strip()
        parts = [p.strip().strip("<>") for p in _MORE[key].split(value) if p.strip(" <>")]
        if (
            key == "telefoon"
            and len(parts) > 1
            and not all(sum(ch.isdigit() for ch in p) >= 6 for p in parts)
        ):
            parts = [value]  # "010 123 45 67" split on nothing useful: keep as typed
        if len(parts) > 1:
            value = parts[0]
            rest = ", ".join(parts[1:])
            extra.append(f"ook {_WHAT[key]}: {rest}")
            notes.append(
                f"alleen {_FIRST[key]} {_WHAT[key]} is overgenomen; {rest} staat bij de notities"
            )
        org[key] = value
    if extra:
        line = "Uit de import: " + "; ".join(extra) + "."
        org["notities"] = f"{org['notities']}\n{line}" if org.get("notities") else line
    return notes


def _parse_org(c: Mapping[str, str], lk: _Lookups) -> tuple[dict[str, Any], dict[str, Any]]:
    org: dict[str, Any] = {}
    if c.get("adres"):
        parts = split_address(c["adres"])
        org.update({"straat": parts.straat, "huisnummer": parts.huisnummer})
        if parts.postcode:
            org["postcode"] = parts.postcode
        if parts.plaats:
            org["plaats"] = parts.plaats
    if c.get("postcode_plaats"):
        pc, pl = split_postcode_plaats(c["postcode_plaats"])
        if pc:
            org["postcode"] = pc
        if pl:
            org["plaats"] = pl
    simple = {
        "organisatie_naam": "naam", "beschrijving": "beschrijving", "straat": "straat",
        "huisnummer": "huisnummer", "postcode": "postcode", "plaats": "plaats",
        "telefoon": "telefoon", "email": "email", "website": "website", "bron": "bron",
        "notities": "notities", "gecontroleerd_door": "gecontroleerd_door",
    }  # fmt: skip
    for src, dst in simple.items():
        if c.get(src):
            org[dst] = c[src]
    notes = _tidy_contact(org)
    if c.get("postcode_letters"):
        digits = org.get("postcode", "").replace(" ", "")
        letters = c["postcode_letters"].replace(" ", "")
        if digits.isdigit() and len(digits) == 4 and letters.isalpha():
            org["postcode"] = f"{digits} {letters.upper()}"
        elif not digits:
            raise _RowError(
                f"postcode: de letters '{c['postcode_letters']}' staan er, maar de cijfers "
                "van de postcode ontbreken"
            )
    elif re.fullmatch(r"[0-9]{4}\s?[A-Za-z]{2}\s+\S.*", org.get("postcode", "")):
        # "1234 AB Lindewaard" in the postcode column: postcode and plaats.
        pc, pl = split_postcode_plaats(org["postcode"])
        org["postcode"] = pc
        org.setdefault("plaats", pl)
    if c.get("toevoeging") and org.get("huisnummer"):
        org["huisnummer"] = f"{org['huisnummer']}-{c['toevoeging']}"
    if c.get("soort"):
        org["soort_id"] = lk.soort(c["soort"])
    if c.get("werkgebied"):
        org["werkgebied"] = _werkgebied(c["werkgebied"], lk)
    if c.get("status"):
        org["status"] = _choice(c["status"], ORGANISATIE_STATUS, "status")
    if c.get("niet_publiceren"):
        org["niet_publiceren"] = _bool(c["niet_publiceren"], "niet publiceren")
    elif c.get("publiceren"):
        org["niet_publiceren"] = not _bool(c["publiceren"], "publiceren")
    if c.get("laatst_gecontroleerd"):
        org["gecontroleerd_op"] = _date(c["laatst_gecontroleerd"])
    cleaned = clean_organisatie(
        {k: v for k, v in org.items() if k not in ("soort_id", "gecontroleerd_op")}
    )
    if cleaned.errors:
        raise _RowError(" ".join(cleaned.errors.values()))
    org.update(cleaned.values)
    extras: dict[str, Any] = {"uuid": c.get("organisatie_id", "")}
    if notes:
        extras["notes"] = notes
    if c.get("wijk"):
        area, wijk_text = lk.split_area(c["wijk"])
        extras["wijk_ids"] = lk.wijk_ids(wijk_text) if wijk_text else []
        if area and not wijk_text and not c.get("werkgebied"):
            org["werkgebied"] = area  # "Hele gemeente" in the wijk column
    if c.get("contactpersoon"):
        cc = clean_contact(
            {
                "naam": c["contactpersoon"],
                "functie": c.get("contactpersoon_functie", ""),
                "telefoon": c.get("contactpersoon_telefoon", ""),
                "email": c.get("contactpersoon_email", ""),
            }
        )
        if cc.errors:
            raise _RowError("Contactpersoon: " + " ".join(cc.errors.values()))
        extras["contact"] = cc.values
    return org, extras


def _parse_aanbod(c: Mapping[str, str], lk: _Lookups) -> dict[str, Any] | None:
    aanbod = None
    if any(c.get(k) for k in _AANBOD_KEYS):
        naam = c.get("aanbod_naam", "")
        if not naam and "aanbod_naam" not in c:
            # One row per organisation with doelgroepen, kosten, ... but no Aanbod column:
            # they belong to one aanbod named after the organisation.
            naam = c.get("organisatie_naam", "")
        if not naam:
            raise _RowError("de naam van het aanbod ontbreekt (kolom Aanbod)")
        a: dict[str, Any] = {"naam": naam}
        for src, dst in (("aanbod_beschrijving", "beschrijving"), ("kosten", "kosten"),
                         ("aanmelden", "aanmelden"), ("openingstijden", "openingstijden")):  # fmt: skip
            if c.get(src):
                a[dst] = c[src]
        if c.get("aanbod_status"):
            a["status"] = _choice(c["aanbod_status"], AANBOD_STATUS, "status aanbod")
        ca = clean_aanbod(a)
        if ca.errors:
            raise _RowError(" ".join(ca.errors.values()))
        a.update(ca.values)
        if c.get("doelgroepen"):
            a["doelgroepen"] = lk.cached("dg", c["doelgroepen"], lk.doelgroepen)
        if c.get("basisfuncties"):
            a["basisfuncties"] = lk.cached("bf", c["basisfuncties"], lk.basisfuncties)
        if c.get("prestatievelden"):
            a["prestatievelden"] = lk.cached("pv", c["prestatievelden"], lk.prestatievelden)
        if c.get("aanbod_wijken"):
            _area, wijk_text = lk.split_area(c["aanbod_wijken"])
            a["wijk_ids"] = lk.cached("wk", wijk_text, lk.wijk_ids) if wijk_text else []
        a["uuid"] = c.get("aanbod_id", "")
        aanbod = a
    return aanbod
