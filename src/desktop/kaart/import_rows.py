"""Reading one import row: cells to validated organisation and aanbod fields, with
Dutch reasons for what is wrong. Used by ``importer``; plain Python."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
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


_SPLIT = re.compile(r"[;,\n|]+")
_TRUE = {"ja", "j", "x", "1", "waar", "true", "yes", "y", "niet publiceren"}
_FALSE = {"nee", "n", "0", "onwaar", "false", "no", ""}


class _RowError(Exception):
    pass


def _items(text: str) -> list[str]:
    return [p.strip() for p in _SPLIT.split(text or "") if p.strip()]


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

    def doelgroepen(self, text: str) -> list[str]:
        out = []
        for item in _items(text):
            if item in self._doel:
                out.append(item)
                continue
            found = self._doel.find(item)
            if found is None:
                raise _RowError(f"doelgroep '{item}' is onbekend")
            out.append(found.key)
        return list(dict.fromkeys(out))

    def _keys(self, text: str, table: dict[str, str], what: str) -> list[str]:
        out = []
        for item in _items(text):
            key = table.get(item.lower()) or table.get(fold(item))
            if key is None:
                # "mz6 Respijtzorg" -> take the leading key
                head = item.split()[0].lower()
                key = table.get(head)
            if key is None:
                raise _RowError(f"{what} '{item}' is onbekend")
            out.append(key)
        return list(dict.fromkeys(out))

    def basisfuncties(self, text: str) -> list[str]:
        return self._keys(text, self.basis, "basisfunctie")

    def prestatievelden(self, text: str) -> list[str]:
        return self._keys(text, self.pv, "prestatieveld")

    def wijk_ids(self, text: str) -> list[int]:
        out = []
        for item in _items(text):
            wid = self.wijken.get(fold(item))
            if wid is None:
                found = wijken.find_by_name(self.session, item)
                if found is None:
                    raise _RowError(
                        f"wijk '{item}' bestaat niet in deze gemeente (zie Instellingen, Wijken)"
                    )
                wid = found.id
            out.append(wid)
        return sorted(set(out))


def _bool(text: str, what: str) -> bool:
    t = fold(text)
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise _RowError(f"{what}: '{text}' is geen ja of nee")


def _date(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise _RowError(f"laatst gecontroleerd: '{text}' is geen datum (gebruik dd-mm-jjjj)")


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


def _parse_row(values: Mapping[str, str], mapping: Mapping[str, str], lk: _Lookups):
    """(org fields, org extras, aanbod fields or None) of one row; raises _RowError.
    In a file with one row per aanbod the organisation's cells repeat: their parse is
    cached (``lk.org_cache``), so each organisation is validated once."""
    c = {key: _cell(values, mapping, key) for key in mapping}
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
    if c.get("toevoeging") and org.get("huisnummer"):
        org["huisnummer"] = f"{org['huisnummer']}-{c['toevoeging']}"
    if c.get("soort"):
        org["soort_id"] = lk.soort(c["soort"])
    if c.get("werkgebied"):
        org["werkgebied"] = _choice(c["werkgebied"], WERKGEBIED, "werkgebied")
    if c.get("status"):
        org["status"] = _choice(c["status"], ORGANISATIE_STATUS, "status")
    if c.get("niet_publiceren"):
        org["niet_publiceren"] = _bool(c["niet_publiceren"], "niet publiceren")
    if c.get("laatst_gecontroleerd"):
        org["gecontroleerd_op"] = _date(c["laatst_gecontroleerd"])
    cleaned = clean_organisatie(
        {k: v for k, v in org.items() if k not in ("soort_id", "gecontroleerd_op")}
    )
    if cleaned.errors:
        raise _RowError(" ".join(cleaned.errors.values()))
    org.update(cleaned.values)
    extras: dict[str, Any] = {"uuid": c.get("organisatie_id", "")}
    if c.get("wijk"):
        extras["wijk_ids"] = lk.wijk_ids(c["wijk"])
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
        if not c.get("aanbod_naam"):
            raise _RowError("de naam van het aanbod ontbreekt (kolom Aanbod)")
        a: dict[str, Any] = {"naam": c["aanbod_naam"]}
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
            a["wijk_ids"] = lk.cached("wk", c["aanbod_wijken"], lk.wijk_ids)
        a["uuid"] = c.get("aanbod_id", "")
        aanbod = a
    return aanbod
