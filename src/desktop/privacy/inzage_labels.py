"""Readable Dutch version of the inzage data (for the PDF and the Excel file).

``FIELDS`` gives, per table, every column with a Dutch label and how its value is shown;
columns in ``HIDDEN`` (internal ids, uuids, hashes) are left out of the reading copy.
``inzage.readable_sections`` uses these to turn the dict of ``inzage.collect`` (raw field
names, ISO values, stable keys) into sections of blocks of (label, text) pairs: values as
ja/nee, dates dd-mm-jjjj, times in Europe/Amsterdam, keys translated through the
instruments and taxonomies, empty values left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from desktop.privacy.audit import RECORD_IN_TEXT, RECORD_TABLES
from desktop.rapporten.formatting import format_date, format_datetime, format_number

# Kinds of value: text, date, datetime, bool, number, nummer (record number shown in the
# window), and code kinds translated through the instruments (see ``_CODES``).
FIELDS: dict[str, list[tuple[str, str, str]]] = {
    "mantelzorger": [
        ("id", "Nummer", "nummer"),
        ("naam", "Naam", "text"),
        ("telefoon", "Telefoon", "text"),
        ("email", "E-mailadres", "text"),
        ("adres", "Adres", "text"),
        ("postcode", "Postcode", "text"),
        ("plaats", "Plaats", "text"),
        ("wijk_id", "Wijk", "wijk"),
        ("geboortedatum", "Geboortedatum", "date"),
        ("werkt", "Heeft betaald werk", "bool"),
        ("studeert", "Gaat naar school of studeert", "bool"),
        ("werk_toelichting", "Toelichting werk of studie", "text"),
        ("migratieachtergrond", "Migratieachtergrond (zelf verteld)", "bool"),
        ("aanmelder", "Aangemeld door", "text"),
        ("toestemming_datum", "Toestemming gegeven op", "date"),
        ("toestemming_waarvoor", "Toestemming waarvoor", "text"),
        ("toestemming_hoe", "Toestemming gegeven (hoe)", "text"),
        ("toestemming_door", "Toestemming vastgelegd door", "text"),
        ("notities", "Notities", "text"),
        ("laatste_contact", "Laatste contact", "date"),
        ("bewaren_tot", "Bewaren tot ten minste", "date"),
        ("aangemaakt_op", "Vastgelegd op", "datetime"),
        ("gewijzigd_op", "Laatst gewijzigd op", "datetime"),
    ],
    "zorgvrager": [
        ("id", "Nummer zorgvrager", "nummer"),
        ("naam", "Naam zorgvrager", "text"),
        ("geboortedatum", "Geboortedatum zorgvrager", "date"),
        ("aandoeningen", "Aandoeningen of beperkingen", "aandoeningen"),
        ("toelichting", "Toelichting zorgvrager", "text"),
        ("aangemaakt_op", "Zorgvrager vastgelegd op", "datetime"),
        ("gewijzigd_op", "Zorgvrager laatst gewijzigd op", "datetime"),
    ],
    "zorgrelatie": [
        ("relatie", "Relatie", "relatie"),
        ("samenwonend", "Woont samen met de zorgvrager", "bool"),
        ("zorgtaken", "Zorgtaken", "zorgtaken"),
        ("uren_per_week", "Uren zorg per week", "number"),
        ("sinds", "Zorgt sinds", "date"),
        ("informele_helpers", "Aantal informele helpers", "number"),
        ("professionele_helpers", "Aantal professionele helpers", "number"),
        ("centrale_mantelzorger", "Is de centrale mantelzorger", "bool"),
        ("helpers_toelichting", "Toelichting helpers", "text"),
        ("aangemaakt_op", "Vastgelegd op", "datetime"),
        ("gewijzigd_op", "Laatst gewijzigd op", "datetime"),
    ],
    "gesprek": [
        ("id", "Nummer gesprek", "nummer"),
        ("datum", "Datum", "date"),
        ("soort", "Soort gesprek", "text"),
        ("zorgvrager_id", "Over zorgvrager", "zorgvrager"),
        ("waar", "Waar", "text"),
        ("aanwezigen", "Aanwezigen", "text"),
        ("instrument_versie", "Versie van de vraaggebieden", "text"),
        ("factoren", "Draaglast en draagkracht per factor", "factoren"),
        ("draaglast", "Draaglast", "text"),
        ("draagkracht", "Draagkracht", "text"),
        ("signalen", "Signalen", "signalen"),
        ("belasting", "Ervaren belasting (0 tot 10)", "belasting"),
        ("conclusies", "Conclusies", "text"),
        ("status", "Status", "text"),
        ("gevoerd_door", "Gevoerd door", "text"),
        ("aangemaakt_op", "Vastgelegd op", "datetime"),
        ("gewijzigd_op", "Laatst gewijzigd op", "datetime"),
    ],
    "gesprek_vraaggebied": [
        ("sleutel", "Vraaggebied", "vraaggebied"),
        ("instrument_versie", "Versie van de vraaggebieden", "text"),
        ("besproken", "Besproken", "bool"),
        ("notitie", "Notitie", "text"),
    ],
    "risico_beoordeling": [
        ("vlag", "Risicovlag", "vlag"),
        ("bevestigd", "Bevestigd door de consulent", "bool"),
        ("toelichting", "Toelichting", "text"),
        ("door", "Beoordeeld door", "text"),
        ("op", "Beoordeeld op", "datetime"),
    ],
    "ondersteuningsplan": [
        ("id", "Nummer plan", "nummer"),
        ("datum", "Datum", "date"),
        ("gesprek_id", "Hoort bij gesprek nummer", "nummer"),
        ("vervolgdatum", "Vervolgafspraak op", "date"),
        ("vervolg_gedaan", "Vervolg gedaan", "bool"),
        ("toelichting", "Toelichting", "text"),
        ("aangemaakt_op", "Vastgelegd op", "datetime"),
        ("gewijzigd_op", "Laatst gewijzigd op", "datetime"),
    ],
    "afspraak": [
        ("wat", "Wat", "text"),
        ("wie", "Wie", "text"),
        ("wanneer", "Wanneer", "date"),
        ("klaar", "Klaar", "bool"),
    ],
    "verwijzing": [
        ("omschrijving", "Verwezen naar", "text"),
        ("basisfunctie", "Basisfunctie", "basisfunctie"),
        ("soort_sleutel", "Soort organisatie", "soort"),
        ("toelichting", "Toelichting", "text"),
    ],
    "gesprek_concept": [
        ("gebruiker", "Ingevuld door", "text"),
        ("bijgewerkt_op", "Laatst bewaard op", "datetime"),
        ("inhoud", "Inhoud van het concept", "concept"),
    ],
    "wijziging": [
        ("tijd", "Tijdstip", "datetime"),
        ("gebruiker", "Door", "text"),
        ("tabel", "Onderdeel", "tabel"),
        ("waarover", "Waarover", "text"),  # added for the reading copy (Lookups.records)
        ("record_id", "Nummer", "nummer"),
        ("actie", "Actie", "wijzigactie"),
        ("veld", "Gegeven", "veld"),
        ("oud", "Was", "text"),
        ("nieuw", "Werd", "text"),
    ],
    "audit_log": [
        ("tijd", "Tijdstip", "datetime"),
        ("gebruiker", "Door", "text"),
        ("actie", "Wat gebeurde er", "auditactie"),
        ("omschrijving", "Omschrijving", "omschrijving"),
    ],
}

#: Columns left out of the reading copy (internal references; kept in the JSON file).
HIDDEN: dict[str, set[str]] = {
    "mantelzorger": {"uuid"},
    "zorgvrager": {"uuid"},
    "zorgrelatie": {"id", "uuid", "mantelzorger_id", "zorgvrager_id"},
    "gesprek": {"uuid", "mantelzorger_id"},
    "gesprek_vraaggebied": {"gesprek_id"},
    "risico_beoordeling": {"id", "mantelzorger_id"},
    "ondersteuningsplan": {"uuid", "mantelzorger_id"},
    "afspraak": {"id", "plan_id", "volgorde"},  # the order shows as "Afspraak 1, 2, ..."
    "verwijzing": {"id", "plan_id", "aanbod_id"},
    "gesprek_concept": {"id", "mantelzorger_id", "gesprek_id"},
    "wijziging": {"id", "record_uuid"},
    "audit_log": {"id", "onderwerp_soort", "onderwerp_id", "vorige_hash", "hash"},
}

TABLE_NAMES = {
    "mantelzorger": "Persoonsgegevens",
    "zorgvrager": "Zorgvrager",
    "zorgrelatie": "Zorgsituatie",
    "gesprek": "Gesprek",
    "gesprek_vraaggebied": "Vraaggebied van een gesprek",
    "risico_beoordeling": "Risicovlag",
    "ondersteuningsplan": "Ondersteuningsplan",
    "afspraak": "Afspraak",
    "verwijzing": "Verwijzing",
    "gesprek_concept": "Concept van een gesprek",
}

WIJZIG_ACTIES = {
    "nieuw": "Vastgelegd",
    "wijzig": "Gewijzigd",
    "archiveer": "Gearchiveerd",
    "herstel": "Hersteld",
    "samenvoeg": "Samengevoegd",
    "verwijder": "Verwijderd",
}

EMPTY = "—"
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def label(table: str, column: str) -> str:
    for key, text, _kind in FIELDS.get(table, ()):
        if key == column:
            return text
    return column.replace("_", " ").capitalize()


def kind(table: str, column: str) -> str:
    for key, _text, k in FIELDS.get(table, ()):
        if key == column:
            return k
    return "text"


# --------------------------------------------------------------------------- code labels


@cache
def _mz():
    from desktop.mantelzorg.instrument import load_mantelzorg

    return load_mantelzorg()


def _term(getter: Callable[[str], Any], key: str) -> str:
    try:
        return getter(key).text
    except (KeyError, LookupError):
        return key


def _keys(value: str) -> list[str]:
    return [k.strip() for k in str(value).split(",") if k.strip()]


def _from_terms(terms_of: Callable[[], tuple], value: str) -> str:
    terms = {t.key: t.text for t in terms_of()}
    return ", ".join(terms.get(k, k) for k in _keys(value))


def vraaggebied_name(key: str, version: str | None = None) -> str:
    from desktop.mantelzorg.instrument import load_vraaggebieden

    for v in (version or None, None):
        try:
            area = load_vraaggebieden(v).area(key)
            return f"{area.number}. {area.name}"
        except Exception:  # unknown version or key: try the current edition
            continue
    return key


def _vlag(key: str) -> str:
    for getter in (_mz().risk_group, _mz().attention_point):
        try:
            return getter(key).text
        except KeyError:
            continue
    return key


@cache
def _basisfuncties() -> dict[str, str]:
    try:
        from desktop.kaart.service import basisfunctie_labels

        return basisfunctie_labels()
    except Exception:  # instrument missing: show the keys
        return {}


def _soort(key: str) -> str:
    try:
        from desktop.kaart.taxonomy import load_soorten

        return load_soorten().soort(key).label
    except Exception:
        return key


_CODE_IN_TEXT = re.compile(r"\b(?:rg\d|vg\d|mz\d|vw\d)\b")


def _code(key: str) -> str:
    """A stable key met in free text (e.g. an audit description) as its label."""
    if key.startswith("rg"):
        return _vlag(key)
    if key.startswith("vg"):
        return vraaggebied_name(key)
    return _basisfuncties().get(key, key)


def _factoren(value: Any) -> str:
    try:
        notes = json.loads(value) if isinstance(value, str) else dict(value or {})
    except (ValueError, TypeError):
        return str(value)
    if not isinstance(notes, dict):
        return str(value)
    names = {t.key: t.text for t in _mz().load_factors}
    return "\n".join(f"{names.get(k, k)}: {v}" for k, v in notes.items() if str(v).strip())


@dataclass
class Lookups:
    """Names for references: wijk id -> naam, zorgvrager id -> naam, and (table, id) ->
    what the record is in plain Dutch ("Gesprek van 03-11-2026 over Wim Rijnders")."""

    wijken: dict[int, str] = field(default_factory=dict)
    zorgvragers: dict[int, str] = field(default_factory=dict)
    records: dict[tuple[str, int], str] = field(default_factory=dict)

    def record_title(self, table: str, record_id: Any) -> str:
        """The record a change-log or audit row is about; a record removed since is
        named with its kind and number."""
        try:
            key = (str(table), int(record_id))
        except (TypeError, ValueError):
            return TABLE_NAMES.get(str(table), str(table))
        if key in self.records:
            return self.records[key]
        if table == "zorgvrager" and key[1] in self.zorgvragers:
            return f"Zorgvrager {self.zorgvragers[key[1]]}"
        name = TABLE_NAMES.get(str(table), str(table))
        return f"{name} (nummer {record_id}, inmiddels verwijderd)"


#: a vraaggebied of a corrected gesprek in the change log: "vg3.notitie", "vg3.besproken"
_AREA_FIELD = re.compile(r"^(vg\d+)\.(notitie|besproken)$")


def _records_in_text(text: str, lookups: Lookups) -> str:
    def name(m: re.Match) -> str:
        table = RECORD_TABLES.get(m.group(1), m.group(1))
        title = lookups.record_title(table, int(m.group(2)))
        return title[0].lower() + title[1:]

    return RECORD_IN_TEXT.sub(name, text)


def show(table: str, column: str, value: Any, lookups: Lookups | None = None) -> str:
    """The value as the person reads it; "" when empty."""
    lookups = lookups or Lookups()
    if value is None or value == "" or value == [] or value == {}:
        return ""
    k = kind(table, column)
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if k == "nummer":
        return str(value)
    if k == "wijk":
        try:
            return lookups.wijken.get(int(value), str(value))
        except (TypeError, ValueError):
            return str(value)
    if k == "zorgvrager":
        try:
            return lookups.zorgvragers.get(int(value), f"nummer {value}")
        except (TypeError, ValueError):
            return str(value)
    if k == "relatie":
        return _term(_mz().relation, str(value))
    if k == "zorgtaken":
        return _from_terms(lambda: _mz().care_forms, value)
    if k == "aandoeningen":
        return _from_terms(lambda: _mz().conditions, value)
    if k == "signalen":
        keys = value if isinstance(value, list) else _keys(value)
        return ", ".join(_term(_mz().signal, x) for x in keys)
    if k == "factoren":
        return _factoren(value)
    if k == "vraaggebied":
        return vraaggebied_name(str(value))
    if k == "vlag":
        return _vlag(str(value))
    if k == "basisfunctie":
        return _basisfuncties().get(str(value), str(value))
    if k == "soort":
        return _soort(str(value))
    if k == "belasting":
        return f"{value} van 10"
    if k == "tabel":
        return TABLE_NAMES.get(str(value), str(value))
    if k == "wijzigactie":
        return WIJZIG_ACTIES.get(str(value), str(value))
    if k == "auditactie":
        from desktop.privacy.audit import ACTION_LABELS

        return ACTION_LABELS.get(str(value), str(value))
    if k == "omschrijving":
        text = _records_in_text(str(value), lookups)
        return _CODE_IN_TEXT.sub(lambda m: f"'{_code(m.group(0))}'", text)
    if k == "concept":
        return concept_text(value, lookups)
    return plain(value)


def plain(value: Any) -> str:
    """Generic value: ja/nee, Dutch dates and numbers, ISO strings made Dutch."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float):
        return format_number(value)
    text = str(value)
    try:
        if _ISO_DATETIME.match(text):
            return format_datetime(datetime.fromisoformat(text))
        if _ISO_DATE.match(text):
            return format_date(date.fromisoformat(text))
    except ValueError:
        pass
    if text in ("True", "False"):
        return "ja" if text == "True" else "nee"
    return text


def _change_value(tabel: str, veld: str, value: Any, lookups: Lookups) -> str:
    """Old/new value of a change-log entry (stored as text) shown like the field itself."""
    if value in (None, ""):
        return ""
    if _AREA_FIELD.match(veld or ""):
        return plain(value)
    k = kind(tabel, veld)
    if k in ("date", "datetime", "bool", "text", "number"):
        return plain(value)
    return show(tabel, veld, value, lookups)


def concept_text(value: Any, lookups: Lookups | None = None) -> str:
    """The autosaved form of a gesprek, as readable lines."""
    lookups = lookups or Lookups()
    try:
        content = json.loads(value) if isinstance(value, str) else dict(value)
    except (ValueError, TypeError):
        return str(value)
    if not isinstance(content, dict):
        return str(value)
    lines: list[str] = []
    for key, v in content.items():
        if key == "_pagina" or v in (None, "", [], {}):
            continue
        if key == "vraaggebieden" and isinstance(v, dict):
            for area, note in v.items():
                note = note if isinstance(note, dict) else {"notitie": note}
                besproken = "besproken" if note.get("besproken") else "niet besproken"
                extra = f": {note['notitie']}" if note.get("notitie") else ""
                lines.append(f"Vraaggebied {vraaggebied_name(area)} ({besproken}){extra}")
        elif key == "_plan" and isinstance(v, dict):
            if v.get("afspraken"):
                lines.append(f"Afspraken: {v['afspraken']}")
            for ref in v.get("verwijzingen") or []:
                bf = _basisfuncties().get(ref.get("basisfunctie", ""), ref.get("basisfunctie"))
                lines.append(f"Verwijzing: {ref.get('label', '')} ({bf})")
            if v.get("vervolgdatum"):
                lines.append(f"Vervolgafspraak op: {plain(v['vervolgdatum'])}")
        else:
            text = show("gesprek", key, v, lookups)
            if text:
                lines.append(f"{label('gesprek', key)}: {text}")
    return "\n".join(lines)


# --------------------------------------------------------------------------- sections


@dataclass
class Block:
    """One record: a heading (e.g. "Gesprek van 20-11-2026") and its (label, text) pairs."""

    title: str
    pairs: list[tuple[str, str]]
    table: str = ""
    values: dict[str, str] = field(default_factory=dict)  # column -> text, for Excel


@dataclass
class ReadableSection:
    key: str
    title: str
    blocks: list[Block]


def block(table: str, row: dict[str, Any], title: str, lookups: Lookups) -> Block:
    pairs: list[tuple[str, str]] = []
    values: dict[str, str] = {}
    hidden = HIDDEN.get(table, set())
    for column, value in row.items():
        if column in hidden or isinstance(value, list | dict) and kind(table, column) == "text":
            continue
        if table == "wijziging" and column in ("oud", "nieuw"):
            text = _change_value(row.get("tabel", ""), row.get("veld", ""), value, lookups)
        elif table == "wijziging" and column == "veld":
            text = change_field_label(row.get("tabel", ""), str(value)) if value else ""
        else:
            text = show(table, column, value, lookups)
        values[column] = text
        if text:
            pairs.append((label(table, column), text))
    order = {c: n for n, (c, _l, _k) in enumerate(FIELDS.get(table, ()))}
    pairs.sort(key=lambda p: order.get(_column_of(table, p[0]), len(order)))
    values = dict(sorted(values.items(), key=lambda kv: order.get(kv[0], len(order))))
    return Block(title, pairs, table, values)


def change_field_label(table: str, veld: str) -> str:
    """The field of a change-log row in Dutch ("Vraaggebied 2. ...: notitie" for the
    vraaggebieden of a corrected gesprek)."""
    area = _AREA_FIELD.match(veld)
    if area:
        what = "notitie" if area.group(2) == "notitie" else "besproken"
        return f"Vraaggebied {vraaggebied_name(area.group(1))}: {what}"
    return label(table, veld)


def _column_of(table: str, text: str) -> str:
    for column, lab, _kind in FIELDS.get(table, ()):
        if lab == text:
            return column
    return text


def _date_title(prefix: str, row: dict[str, Any], key: str = "datum") -> str:
    d = plain(row.get(key)) if row.get(key) else ""
    return f"{prefix} van {d}" if d else prefix
