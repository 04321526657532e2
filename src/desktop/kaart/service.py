"""Sociale kaart service: organisations and aanbod (create, edit, archive, restore,
"gecontroleerd"), soorten, with validation, the change log and the search index.

Every function takes a ``Session`` (a unit of work from ``Store.session()``); nothing
here commits. Field values arrive as plain dicts (from the form, the importer or a
test); ``clean_organisatie`` / ``clean_aanbod`` validate them and return Dutch messages
per field, so a form can show them under the field while the user types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.kaart import search
from desktop.kaart.models import (
    AANBOD_STATUS,
    ORGANISATIE_STATUS,
    WERKGEBIED,
    Aanbod,
    AanbodKenmerk,
    Contactpersoon,
    Organisatie,
    Soort,
)
from desktop.kaart.text import fold
from desktop.kaart.validation import (
    ValidationError,
    normalise_email,
    normalise_huisnummer,
    normalise_phone,
    normalise_postcode,
    normalise_website,
)
from desktop.store import changelog
from desktop.store.models import Wijk, Wijziging

KENMERK_SOORTEN = ("doelgroep", "basisfunctie", "prestatieveld")

ORG_TEXT_FIELDS = {
    "naam": 200,
    "beschrijving": 5000,
    "straat": 200,
    "plaats": 100,
    "bron": 200,
    "notities": 10000,
    "gecontroleerd_door": 100,
}
AANBOD_TEXT_FIELDS = {
    "naam": 200,
    "beschrijving": 5000,
    "kosten": 300,
    "aanmelden": 2000,
    "openingstijden": 300,
}
_NORMALISERS = {
    "postcode": normalise_postcode,
    "huisnummer": normalise_huisnummer,
    "telefoon": normalise_phone,
    "email": normalise_email,
    "website": normalise_website,
}
_LABELS = {
    "naam": "Naam",
    "beschrijving": "Beschrijving",
    "straat": "Straat",
    "plaats": "Plaats",
    "bron": "Bron",
    "notities": "Notities",
    "kosten": "Kosten",
    "aanmelden": "Aanmelden",
    "openingstijden": "Openingstijden",
    "gecontroleerd_door": "Gecontroleerd door",
}


class FormError(UserError):
    """One or more fields are not valid: ``errors`` maps field -> Dutch message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        first = next(iter(self.errors.values()), "Controleer de gegevens.")
        super().__init__(
            first if len(self.errors) == 1 else f"{first} (en {len(self.errors) - 1} andere)"
        )


# --------------------------------------------------------------------------- taxonomies


@cache
def basisfunctie_labels() -> dict[str, str]:
    """key -> short name, e.g. "mz6" -> "Respijtzorg" (13 keys vw1..vw5, mz1..mz8)."""
    from desktop.basisfuncties.instrument import load_basisfuncties

    return {f.key: f.short_name for f in load_basisfuncties().functions}


@cache
def prestatieveld_labels() -> dict[str, str]:
    from desktop.mantelzorg.instrument import load_prestatievelden

    return {p.key: p.label for p in load_prestatievelden().fields}


@cache
def doelgroep_labels() -> dict[str, str]:
    from desktop.kaart.taxonomy import load_doelgroepen

    return {d.key: d.label for d in load_doelgroepen().doelgroepen}


def kenmerk_labels(soort: str) -> dict[str, str]:
    return {
        "doelgroep": doelgroep_labels,
        "basisfunctie": basisfunctie_labels,
        "prestatieveld": prestatieveld_labels,
    }[soort]()


# --------------------------------------------------------------------------- soorten


def sync_soorten(session: Session) -> int:
    """Add the shipped soorten (resources/taxonomies/soorten.toml) that the database
    does not have yet, and refresh their names. Returns the number added."""
    from desktop.kaart.taxonomy import load_soorten

    tax = load_soorten()
    existing = {s.sleutel: s for s in session.scalars(select(Soort))}
    added = 0
    volgorde = 0
    for groep in tax.groepen:
        for soort in groep.soorten:
            volgorde += 1
            row = existing.get(soort.key)
            if row is None:
                session.add(
                    Soort(sleutel=soort.key, naam=soort.label, groep=groep.label, volgorde=volgorde)
                )
                added += 1
            elif not row.eigen:
                row.naam, row.groep, row.volgorde = soort.label, groep.label, volgorde
    session.flush()
    return added


def list_soorten(session: Session) -> list[Soort]:
    """All soorten (shipped and user-added), in taxonomy order."""
    if session.scalar(select(func.count()).select_from(Soort)) == 0:
        try:
            with session.begin_nested():
                sync_soorten(session)
        except UserError:
            # a read-only store (another Elkaar writes, or the alleen-lezen role): the
            # shipped soorten appear once someone with write access opens the database
            pass
    return list(session.scalars(select(Soort).order_by(Soort.eigen, Soort.volgorde, Soort.naam)))


def add_soort(session: Session, naam: str, groep: str = "Eigen soorten") -> Soort:
    naam = " ".join((naam or "").split())
    if not naam:
        raise UserError("Vul een naam in voor de soort.")
    if len(naam) > 120:
        raise UserError("De naam van de soort is te lang (hoogstens 120 tekens).")
    for s in list_soorten(session):
        if fold(s.naam) == fold(naam):
            raise UserError(f"De soort '{s.naam}' bestaat al.")
    base = re.sub(r"[^a-z0-9]+", "_", fold(naam)).strip("_")[:50] or "soort"
    key, n = f"eigen_{base}", 1
    while session.scalar(select(Soort.id).where(Soort.sleutel == key)) is not None:
        n += 1
        key = f"eigen_{base}_{n}"
    soort = Soort(sleutel=key, naam=naam, groep=groep or "Eigen soorten", eigen=True, volgorde=9999)
    session.add(soort)
    session.flush()
    changelog.record(session, soort, actie="nieuw")
    return soort


def find_soort(session: Session, text: str) -> Soort | None:
    """A soort by key, name or a synonym from the taxonomy ("Woningbouwvereniging")."""
    text = (text or "").strip()
    if not text:
        return None
    soorten = list_soorten(session)
    by_key = {s.sleutel: s for s in soorten}
    if text in by_key:
        return by_key[text]
    folded = fold(text)
    for s in soorten:
        if fold(s.naam) == folded:
            return s
    from desktop.kaart.taxonomy import SoortGroep, load_soorten

    found = load_soorten().find(text)
    if found is not None and not isinstance(found, SoortGroep):
        return by_key.get(found.key)
    return None


# --------------------------------------------------------------------------- validation


@dataclass
class Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _text(value: Any) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _check_text(out: Cleaned, key: str, value: Any, limit: int) -> None:
    text = _text(value)
    if len(text) > limit:
        out.errors[key] = f"{_LABELS.get(key, key)} is te lang (hoogstens {limit} tekens)."
    out.values[key] = text


def _check_choice(out: Cleaned, key: str, value: Any, choices: Sequence[str], label: str) -> None:
    text = _text(value).lower() or choices[0]
    if text not in choices:
        out.errors[key] = f"Kies bij {label} een van: {', '.join(choices)}."
    out.values[key] = text


def _check_keys(out: Cleaned, soort: str, key: str, keys: Iterable[str] | None) -> None:
    labels = kenmerk_labels(soort)
    clean = []
    for k in keys or ():
        if k not in labels:
            out.errors[soort] = f"Onbekende {soort}: '{k}'."
        elif k not in clean:
            clean.append(k)
    out.values[key] = clean


def clean_organisatie(data: Mapping[str, Any]) -> Cleaned:
    """Validate and normalise organisation fields; only the keys present are checked
    (so a form can check one field). ``naam`` is required when present."""
    out = Cleaned()
    for key, limit in ORG_TEXT_FIELDS.items():
        if key in data:
            _check_text(out, key, data[key], limit)
    if "naam" in data and not out.values.get("naam"):
        out.errors["naam"] = "Vul de naam van de organisatie in."
    for key, fn in _NORMALISERS.items():
        if key in data:
            try:
                out.values[key] = fn(_text(data[key]))
            except ValidationError as exc:
                out.errors[key] = str(exc)
                out.values[key] = _text(data[key])
    if "status" in data:
        _check_choice(out, "status", data["status"], ORGANISATIE_STATUS, "status")
    if "werkgebied" in data:
        _check_choice(out, "werkgebied", data["werkgebied"], WERKGEBIED, "werkgebied")
    for key in ("soort_id", "niet_publiceren", "wijk_ids", "gecontroleerd_op"):
        if key in data:
            out.values[key] = data[key]
    if "niet_publiceren" in out.values:
        out.values["niet_publiceren"] = bool(out.values["niet_publiceren"])
    if "wijk_ids" in out.values:
        out.values["wijk_ids"] = sorted({int(w) for w in out.values["wijk_ids"] or ()})
    if "contactpersonen" in data:
        contacts = []
        for i, c in enumerate(data["contactpersonen"] or ()):
            cc = clean_contact(c)
            for k, msg in cc.errors.items():
                out.errors.setdefault(f"contactpersonen.{i}.{k}", msg)
            contacts.append(cc.values | ({"id": c["id"]} if c.get("id") else {}))
        out.values["contactpersonen"] = contacts
    return out


def clean_contact(data: Mapping[str, Any]) -> Cleaned:
    out = Cleaned()
    out.values["naam"] = _text(data.get("naam"))
    out.values["functie"] = _text(data.get("functie"))[:120]
    if not out.values["naam"]:
        out.errors["naam"] = "Vul de naam van de contactpersoon in."
    elif len(out.values["naam"]) > 200:
        out.errors["naam"] = "De naam van de contactpersoon is te lang."
    for key in ("telefoon", "email"):
        try:
            out.values[key] = _NORMALISERS[key](_text(data.get(key)))
        except ValidationError as exc:
            out.errors[key] = str(exc)
            out.values[key] = _text(data.get(key))
    return out


def clean_aanbod(data: Mapping[str, Any]) -> Cleaned:
    out = Cleaned()
    for key, limit in AANBOD_TEXT_FIELDS.items():
        if key in data:
            _check_text(out, key, data[key], limit)
    if "naam" in data and not out.values.get("naam"):
        out.errors["naam"] = "Vul de naam van het aanbod in."
    if "status" in data:
        _check_choice(out, "status", data["status"], AANBOD_STATUS, "status")
    if "wijk_ids" in data:
        out.values["wijk_ids"] = sorted({int(w) for w in data["wijk_ids"] or ()})
    for soort, key in (
        ("doelgroep", "doelgroepen"),
        ("basisfunctie", "basisfuncties"),
        ("prestatieveld", "prestatievelden"),
    ):
        if key in data:
            _check_keys(out, soort, key, data[key])
    return out


# --------------------------------------------------------------------------- reading


def get_organisatie(session: Session, organisatie_id: int) -> Organisatie:
    org = session.get(
        Organisatie,
        organisatie_id,
        options=[
            selectinload(Organisatie.aanbod).selectinload(Aanbod.kenmerken),
            selectinload(Organisatie.aanbod).selectinload(Aanbod.wijken),
            selectinload(Organisatie.contactpersonen),
            selectinload(Organisatie.wijken),
        ],
    )
    if org is None:
        raise UserError(f"Organisatie {organisatie_id} bestaat niet.")
    return org


def get_aanbod(session: Session, aanbod_id: int) -> Aanbod:
    aanbod = session.get(Aanbod, aanbod_id)
    if aanbod is None:
        raise UserError(f"Aanbod {aanbod_id} bestaat niet.")
    return aanbod


def organisatie_values(org: Organisatie) -> dict[str, Any]:
    """The editable fields of an organisation as a dict (the form's starting point)."""
    return {
        "naam": org.naam,
        "soort_id": org.soort_id,
        "beschrijving": org.beschrijving,
        "straat": org.straat,
        "huisnummer": org.huisnummer,
        "postcode": org.postcode,
        "plaats": org.plaats,
        "telefoon": org.telefoon,
        "email": org.email,
        "website": org.website,
        "werkgebied": org.werkgebied,
        "status": org.status,
        "niet_publiceren": org.niet_publiceren,
        "bron": org.bron,
        "notities": org.notities,
        "wijk_ids": [w.id for w in org.wijken],
        "contactpersonen": [
            {
                "id": c.id,
                "naam": c.naam,
                "functie": c.functie,
                "telefoon": c.telefoon,
                "email": c.email,
            }
            for c in org.contactpersonen
        ],
    }


def aanbod_values(aanbod: Aanbod) -> dict[str, Any]:
    return {
        "naam": aanbod.naam,
        "beschrijving": aanbod.beschrijving,
        "kosten": aanbod.kosten,
        "aanmelden": aanbod.aanmelden,
        "openingstijden": aanbod.openingstijden,
        "status": aanbod.status,
        "wijk_ids": [w.id for w in aanbod.wijken],
        "doelgroepen": aanbod.keys("doelgroep"),
        "basisfuncties": aanbod.keys("basisfunctie"),
        "prestatievelden": aanbod.keys("prestatieveld"),
    }


# --------------------------------------------------------------------------- writing


def _log(
    session: Session, obj: Any, veld: str, oud: str, nieuw: str, actie: str = "wijzig"
) -> None:
    if oud == nieuw:
        return
    session.add(
        Wijziging(
            gebruiker=changelog.current_user(),
            tabel=obj.__table__.name,
            record_id=obj.id or 0,
            record_uuid=obj.uuid or "",
            actie=actie,
            veld=veld,
            oud=oud,
            nieuw=nieuw,
        )
    )


def _wijken(session: Session, ids: Sequence[int]) -> list[Wijk]:
    if not ids:
        return []
    found = list(session.scalars(select(Wijk).where(Wijk.id.in_(list(ids)))))
    if len(found) != len(set(ids)):
        raise UserError("Een van de gekozen wijken bestaat niet meer.")
    return found


def _names(items: Iterable[Any]) -> str:
    return ", ".join(sorted(getattr(i, "naam", str(i)) for i in items))


_ORG_COLUMNS = (
    "naam",
    "soort_id",
    "beschrijving",
    "straat",
    "huisnummer",
    "postcode",
    "plaats",
    "telefoon",
    "email",
    "website",
    "werkgebied",
    "status",
    "niet_publiceren",
    "bron",
    "notities",
)


def _apply_logged(
    session: Session,
    obj: Organisatie | Aanbod,
    v: dict[str, Any],
    columns: Sequence[str],
    new: bool,
) -> None:
    """Set the given columns and the wijken of ``obj``, writing the change log: field
    changes before the flush, "nieuw" after it (when the id is known), wijken by name."""
    for key in columns:
        if key in v and getattr(obj, key) != v[key]:
            setattr(obj, key, v[key])
    if not new:
        changelog.record(session, obj)
    session.flush()
    if new:
        changelog.record(session, obj, actie="nieuw")
    if "wijk_ids" in v:
        wijken = _wijken(session, v["wijk_ids"])
        if not new:
            _log(session, obj, "wijken", _names(obj.wijken), _names(wijken))
        obj.wijken = wijken


def save_organisatie(
    session: Session, data: Mapping[str, Any], organisatie_id: int | None = None
) -> Organisatie:
    """Create (``organisatie_id`` None) or update an organisation. Only the keys in
    ``data`` change. Raises ``FormError`` with per-field messages when not valid."""
    if organisatie_id is None and "naam" not in data:
        raise FormError({"naam": "Vul de naam van de organisatie in."})
    cleaned = clean_organisatie(data)
    if not cleaned.ok:
        raise FormError(cleaned.errors)
    v = cleaned.values
    if v.get("soort_id") is not None and session.get(Soort, v["soort_id"]) is None:
        raise FormError({"soort_id": "De gekozen soort bestaat niet meer."})
    new = organisatie_id is None
    if new:
        org = Organisatie(naam=v["naam"])
        session.add(org)
    else:
        org = get_organisatie(session, organisatie_id)
    _apply_logged(session, org, v, _ORG_COLUMNS, new)
    if "contactpersonen" in v:
        _save_contacts(session, org, v["contactpersonen"], new)
    session.flush()
    search.reindex(session, [org.id])
    return org


def _contact_text(c: Mapping[str, Any] | Contactpersoon) -> str:
    get = c.get if isinstance(c, Mapping) else lambda k: getattr(c, k)
    parts = [get("naam"), get("functie"), get("telefoon"), get("email")]
    return " / ".join(p for p in parts if p)


def _save_contacts(session: Session, org: Organisatie, contacts: list[dict], new: bool) -> None:
    old = {c.id: c for c in org.contactpersonen}
    before = "; ".join(_contact_text(c) for c in org.contactpersonen)
    keep: list[Contactpersoon] = []
    for c in contacts:
        row = old.get(c.get("id")) if c.get("id") else None
        if row is None:
            row = Contactpersoon(naam=c["naam"])
        for key in ("naam", "functie", "telefoon", "email"):
            setattr(row, key, c.get(key, ""))
        keep.append(row)
    org.contactpersonen = keep
    if not new:
        after = "; ".join(_contact_text(c) for c in keep)
        _log(session, org, "contactpersonen", before, after)


def _set_kenmerken(aanbod: Aanbod, soort: str, keys: Sequence[str]) -> tuple[str, str]:
    before = [k for k in aanbod.kenmerken if k.soort == soort]
    old = sorted(k.sleutel for k in before)
    if old == sorted(keys):
        return ("", "")
    others = [k for k in aanbod.kenmerken if k.soort != soort]
    mine = {k.sleutel: k for k in before}
    aanbod.kenmerken = others + [
        mine.get(k) or AanbodKenmerk(soort=soort, sleutel=k) for k in dict.fromkeys(keys)
    ]
    return (", ".join(old), ", ".join(sorted(keys)))


_AANBOD_COLUMNS = ("naam", "beschrijving", "kosten", "aanmelden", "openingstijden", "status")


def save_aanbod(
    session: Session,
    data: Mapping[str, Any],
    *,
    aanbod_id: int | None = None,
    organisatie_id: int | None = None,
) -> Aanbod:
    """Create aanbod for ``organisatie_id`` or update ``aanbod_id``."""
    if aanbod_id is None and "naam" not in data:
        raise FormError({"naam": "Vul de naam van het aanbod in."})
    cleaned = clean_aanbod(data)
    if not cleaned.ok:
        raise FormError(cleaned.errors)
    v = cleaned.values
    new = aanbod_id is None
    if new:
        if organisatie_id is None:
            raise UserError("Kies de organisatie van het aanbod.")
        org = get_organisatie(session, organisatie_id)
        aanbod = Aanbod(naam=v["naam"], organisatie=org)
        session.add(aanbod)
    else:
        aanbod = get_aanbod(session, aanbod_id)
    _apply_logged(session, aanbod, v, _AANBOD_COLUMNS, new)
    for soort, key in (
        ("doelgroep", "doelgroepen"),
        ("basisfunctie", "basisfuncties"),
        ("prestatieveld", "prestatievelden"),
    ):
        if key in v:
            old, now = _set_kenmerken(aanbod, soort, v[key])
            if not new and (old or now):
                _log(session, aanbod, key, old, now)
    session.flush()
    search.reindex(session, [aanbod.organisatie_id])
    return aanbod


# --------------------------------------------------------------------------- archive


def _now() -> datetime:
    return datetime.now(UTC)


def archive_organisatie(session: Session, organisatie_id: int) -> Organisatie:
    """Move an organisation (with its aanbod) to the Prullenbak."""
    org = get_organisatie(session, organisatie_id)
    if org.gearchiveerd_op is not None:
        raise UserError(f"'{org.naam}' staat al in de prullenbak.")
    org.gearchiveerd_op = _now()
    changelog.record(session, org, actie="archiveer")
    session.flush()
    search.reindex(session, [org.id])
    return org


def restore_organisatie(session: Session, organisatie_id: int) -> Organisatie:
    """Take an organisation out of the prullenbak. A merged one also gets back the aanbod
    and contactpersonen the merge moved (see ``restore_organisatie_info``)."""
    return restore_organisatie_info(session, organisatie_id)[0]


def restore_organisatie_info(session: Session, organisatie_id: int):
    """``(organisatie, MergeUndone | None)``: the restored organisation and, when it had
    been merged, what came back (aanbod, contactpersonen) and from which organisation.
    Fields filled in on the kept organisation, its wijken and other features' references
    stay there."""
    org = get_organisatie(session, organisatie_id)
    if org.gearchiveerd_op is None:
        raise UserError(f"'{org.naam}' staat niet in de prullenbak.")
    undone = None
    if org.samengevoegd_in_id is not None:
        from desktop.kaart.duplicates import undo_merge_moves

        undone = undo_merge_moves(session, org)
        org = get_organisatie(session, organisatie_id)
        _log(session, org, "samengevoegd_in_id", str(org.samengevoegd_in_id), "", "herstel")
        org.samengevoegd_in_id = None
    org.gearchiveerd_op = None
    changelog.record(session, org, actie="herstel")
    session.flush()
    search.reindex(session, [org.id])
    return org, undone


def archive_aanbod(session: Session, aanbod_id: int) -> Aanbod:
    aanbod = get_aanbod(session, aanbod_id)
    if aanbod.gearchiveerd_op is not None:
        raise UserError(f"'{aanbod.naam}' staat al in de prullenbak.")
    aanbod.gearchiveerd_op = _now()
    changelog.record(session, aanbod, actie="archiveer")
    session.flush()
    search.reindex(session, [aanbod.organisatie_id])
    return aanbod


def restore_aanbod(session: Session, aanbod_id: int) -> Aanbod:
    aanbod = get_aanbod(session, aanbod_id)
    if aanbod.gearchiveerd_op is None:
        raise UserError(f"'{aanbod.naam}' staat niet in de prullenbak.")
    aanbod.gearchiveerd_op = None
    changelog.record(session, aanbod, actie="herstel")
    session.flush()
    search.reindex(session, [aanbod.organisatie_id])
    return aanbod


@dataclass(frozen=True)
class PrullenbakItem:
    soort: str  # organisatie | aanbod
    id: int
    naam: str
    organisatie: str
    gearchiveerd_op: datetime | None
    samengevoegd_in: str = ""


def prullenbak(session: Session) -> list[PrullenbakItem]:
    """Archived organisations and archived aanbod of live organisations, newest first."""
    items: list[PrullenbakItem] = []
    target = {o.id: o.naam for o in session.scalars(select(Organisatie))}
    for org in session.scalars(select(Organisatie).where(Organisatie.gearchiveerd_op.is_not(None))):
        merged = target.get(org.samengevoegd_in_id, "") if org.samengevoegd_in_id else ""
        items.append(
            PrullenbakItem("organisatie", org.id, org.naam, "", org.gearchiveerd_op, merged)
        )
    rows = session.execute(
        select(Aanbod.id, Aanbod.naam, Organisatie.naam, Aanbod.gearchiveerd_op)
        .join(Organisatie, Organisatie.id == Aanbod.organisatie_id)
        .where(Aanbod.gearchiveerd_op.is_not(None), Organisatie.gearchiveerd_op.is_(None))
    )
    for aid, naam, onaam, when in rows:
        items.append(PrullenbakItem("aanbod", aid, naam, onaam, when))
    epoch = datetime(1970, 1, 1, tzinfo=UTC)
    return sorted(items, key=lambda i: i.gearchiveerd_op or epoch, reverse=True)


# --------------------------------------------------------------------------- controle


def mark_checked(
    session: Session,
    organisatie_ids: Iterable[int],
    *,
    today: date | None = None,
    door: str | None = None,
) -> int:
    """Stamp "Gecontroleerd" (today, by the current user) on these organisations."""
    today = today or date.today()
    who = door or changelog.current_user()
    n = 0
    for oid in organisatie_ids:
        org = get_organisatie(session, oid)
        org.gecontroleerd_op = today
        org.gecontroleerd_door = who[:100]
        changelog.record(session, org)
        n += 1
    session.flush()
    return n


def te_controleren_count(session: Session, today: date | None = None) -> int:
    cutoff = search.controle_cutoff(session, today)
    stmt = select(func.count()).where(
        Organisatie.gearchiveerd_op.is_(None),
        Organisatie.samengevoegd_in_id.is_(None),
        (Organisatie.gecontroleerd_op.is_(None)) | (Organisatie.gecontroleerd_op < cutoff),
    )
    return session.scalar(stmt) or 0


def set_controle_maanden(session: Session, maanden: int) -> None:
    from desktop.store import settings

    if not 1 <= int(maanden) <= 120:
        raise UserError("Kies een termijn tussen 1 en 120 maanden.")
    settings.put(session, search.CONTROLE_MAANDEN, str(int(maanden)))


def history(session: Session, organisatie_id: int) -> list[Wijziging]:
    """Change log of an organisation and its aanbod, newest first."""
    aanbod_ids = list(
        session.scalars(select(Aanbod.id).where(Aanbod.organisatie_id == organisatie_id))
    )
    stmt = select(Wijziging).where(
        ((Wijziging.tabel == "organisatie") & (Wijziging.record_id == organisatie_id))
        | ((Wijziging.tabel == "aanbod") & (Wijziging.record_id.in_(aanbod_ids or [-1])))
    )
    return list(session.scalars(stmt.order_by(Wijziging.tijd.desc(), Wijziging.id.desc())))


def counts(session: Session) -> dict[str, int]:
    live = (Organisatie.gearchiveerd_op.is_(None), Organisatie.samengevoegd_in_id.is_(None))
    return {
        "organisaties": session.scalar(select(func.count()).select_from(Organisatie).where(*live))
        or 0,
        "aanbod": session.scalar(
            select(func.count())
            .select_from(Aanbod)
            .join(Organisatie)
            .where(*live, Aanbod.gearchiveerd_op.is_(None))
        )
        or 0,
    }


def row_details(
    session: Session, organisatie_ids: Sequence[int]
) -> dict[int, tuple[str, date | None]]:
    """status and gecontroleerd_op for a page of the list."""
    if not organisatie_ids:
        return {}
    rows = session.execute(
        select(Organisatie.id, Organisatie.status, Organisatie.gecontroleerd_op).where(
            Organisatie.id.in_(list(organisatie_ids))
        )
    )
    return {oid: (status, checked) for oid, status, checked in rows}
