"""Mantelzorgers and zorgvragers: register, find, correct (plain Python, SQL here only).

The other services of this feature sit next to this one, split along their seams:
``gesprekken`` (gesprekken, drafts, risk flags), ``plannen`` (ondersteuningsplan,
referrals, follow-ups, aanbod search) and ``statistiek`` (jaaroverzicht).

AVG rules enforced here for every write and read of a person:

* ``require_encrypted``: mantelzorg data is only stored in an SQLCipher database;
* personal data only with recorded toestemming (date, what for, how, by whom);
* every view and change goes to the audit log, about the mantelzorger (``onderwerp_soort
  = "mantelzorger"``), with ids only, never names; field changes go to the change log.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from desktop.errors import UserError
from desktop.mantelzorg.instrument import load_mantelzorg
from desktop.mantelzorg.models import (
    TOESTEMMING_HOE,
    Mantelzorger,
    Zorgrelatie,
    Zorgvrager,
)
from desktop.privacy import audit
from desktop.store import changelog
from desktop.store.models import Wijk

SOORT = "mantelzorger"
MAX_AGE = 120
HOURS_IN_WEEK = 168
_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

NOT_ENCRYPTED = (
    "Mantelzorggegevens worden alleen in een versleutelde database bewaard (AVG). "
    "Stel eerst versleuteling in (Mantelzorgers > Versleuteling instellen)."
)


# --------------------------------------------------------------------------- basics


def is_encrypted(session: Session) -> bool:
    """True for an SQLCipher store; a non-SQLite server is trusted for encryption at rest."""
    bind = session.get_bind()
    if bind.dialect.name != "sqlite":
        return True
    module = getattr(bind.dialect, "dbapi", None) or getattr(bind.dialect, "loaded_dbapi", None)
    return "sqlcipher" in getattr(module, "__name__", "")


def require_encrypted(session: Session) -> None:
    if not is_encrypted(session):
        raise UserError(NOT_ENCRYPTED)


def today() -> date:
    return date.today()


def age_on(born: date | None, day: date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def split_keys(text: str | None) -> list[str]:
    return [k for k in (text or "").split(",") if k]


def join_keys(keys: Iterable[str]) -> str:
    seen: list[str] = []
    for key in keys:
        key = key.strip()
        if key and key not in seen:
            seen.append(key)
    return ",".join(seen)


def format_day(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


# --------------------------------------------------------------------------- input


@dataclass
class MantelzorgerData:
    naam: str
    toestemming_datum: date | None
    toestemming_waarvoor: str
    toestemming_hoe: str
    toestemming_door: str
    telefoon: str = ""
    email: str = ""
    adres: str = ""
    postcode: str = ""
    plaats: str = ""
    wijk_id: int | None = None
    geboortedatum: date | None = None
    werkt: bool | None = None
    studeert: bool | None = None
    werk_toelichting: str = ""
    migratieachtergrond: bool | None = None
    aanmelder: str = ""
    notities: str = ""
    bewaren_tot: date | None = None


@dataclass
class RelatieData:
    """The zorgvrager (new, or ``zorgvrager_id`` of an existing one) and the relation."""

    zorgvrager_naam: str = ""
    zorgvrager_id: int | None = None
    zorgvrager_geboortedatum: date | None = None
    aandoeningen: list[str] = field(default_factory=list)
    relatie: str = ""
    samenwonend: bool | None = None
    zorgtaken: list[str] = field(default_factory=list)
    uren_per_week: float | None = None
    sinds: date | None = None
    informele_helpers: int | None = None
    professionele_helpers: int | None = None
    centrale_mantelzorger: bool | None = None
    helpers_toelichting: str = ""


DEFAULT_TOESTEMMING = (
    "Vastleggen van contactgegevens, de zorgsituatie, gesprekken en afspraken, om de "
    "mantelzorger te ondersteunen en door te verwijzen. Anonieme telling voor de gemeente."
)


def validate_mantelzorger(
    session: Session, data: MantelzorgerData, day: date | None = None
) -> None:
    """Raise UserError (Dutch) for the first problem found."""
    day = day or today()
    if len(data.naam.strip()) < 2:
        raise UserError("Vul de naam van de mantelzorger in.")
    if data.geboortedatum is not None:
        if data.geboortedatum > day:
            raise UserError("De geboortedatum ligt in de toekomst.")
        if (age_on(data.geboortedatum, day) or 0) > MAX_AGE:
            raise UserError(f"De geboortedatum geeft een leeftijd boven {MAX_AGE} jaar.")
    if data.toestemming_datum is None:
        raise UserError(
            "Leg de toestemming vast: zonder toestemming bewaren we geen persoonsgegevens."
        )
    if data.toestemming_datum > day:
        raise UserError("De datum van de toestemming ligt in de toekomst.")
    if not data.toestemming_waarvoor.strip():
        raise UserError("Vul in waarvoor de mantelzorger toestemming gaf.")
    if data.toestemming_hoe not in TOESTEMMING_HOE:
        raise UserError(
            "Kies hoe de toestemming is vastgelegd (mondeling, schriftelijk, digitaal)."
        )
    if not data.toestemming_door.strip():
        raise UserError("Vul in wie de toestemming heeft vastgelegd.")
    if data.postcode.strip() and not _POSTCODE.match(data.postcode.strip()):
        raise UserError(f"'{data.postcode}' is geen postcode (zoals 1234 AB).")
    if data.email.strip() and not _EMAIL.match(data.email.strip()):
        raise UserError(f"'{data.email}' is geen e-mailadres.")
    if data.wijk_id is not None and session.get(Wijk, data.wijk_id) is None:
        raise UserError("De gekozen wijk bestaat niet (meer).")


def validate_relatie(data: RelatieData, day: date | None = None) -> None:
    day = day or today()
    instrument = load_mantelzorg()
    if data.zorgvrager_id is None and len(data.zorgvrager_naam.strip()) < 2:
        raise UserError("Vul de naam van de zorgvrager in.")
    if data.relatie and data.relatie not in {r.key for r in instrument.relations}:
        raise UserError(f"Onbekende relatie '{data.relatie}'.")
    for key in data.aandoeningen:
        if key not in {c.key for c in instrument.conditions}:
            raise UserError(f"Onbekende aandoening '{key}'.")
    for key in data.zorgtaken:
        if key not in {c.key for c in instrument.care_forms}:
            raise UserError(f"Onbekende zorgtaak '{key}'.")
    if data.uren_per_week is not None and not 0 <= data.uren_per_week <= HOURS_IN_WEEK:
        raise UserError("Het aantal uren zorg per week moet tussen 0 en 168 liggen.")
    for value in (data.informele_helpers, data.professionele_helpers):
        if value is not None and value < 0:
            raise UserError("Het aantal andere helpers kan niet negatief zijn.")
    if data.sinds is not None and data.sinds > day:
        raise UserError("De zorg kan niet in de toekomst begonnen zijn.")
    if data.zorgvrager_geboortedatum is not None and data.zorgvrager_geboortedatum > day:
        raise UserError("De geboortedatum van de zorgvrager ligt in de toekomst.")


# --------------------------------------------------------------------------- mantelzorgers


def _apply(target: object, data: object, names: Iterable[str]) -> None:
    for name in names:
        value = getattr(data, name)
        if isinstance(value, str):
            value = value.strip()
        setattr(target, name, value)


_M_FIELDS = [f.name for f in fields(MantelzorgerData)]


def register(
    session: Session, data: MantelzorgerData, relaties: Iterable[RelatieData] = ()
) -> Mantelzorger:
    """A new mantelzorger (with zorgvragers). Audit: nieuw."""
    require_encrypted(session)
    validate_mantelzorger(session, data)
    relaties = list(relaties)
    for rel in relaties:
        validate_relatie(rel)
    m = Mantelzorger()
    _apply(m, data, _M_FIELDS)
    if m.postcode:
        m.postcode = m.postcode.replace(" ", "").upper()
        m.postcode = f"{m.postcode[:4]} {m.postcode[4:]}"
    m.laatste_contact = data.toestemming_datum
    session.add(m)
    session.flush()
    changelog.record(session, m, actie="nieuw")
    audit.log(session, "nieuw", SOORT, m.id, "mantelzorger geregistreerd")
    for rel in relaties:
        add_relatie(session, m.id, rel, _audit=False)
    return m


def get(session: Session, mantelzorger_id: int, *, log_view: bool = True) -> Mantelzorger:
    """One mantelzorger with relations, gesprekken and plans. Audit: bekijk."""
    require_encrypted(session)
    m = session.get(
        Mantelzorger,
        mantelzorger_id,
        options=[
            selectinload(Mantelzorger.relaties).selectinload(Zorgrelatie.zorgvrager),
            selectinload(Mantelzorger.gesprekken),
            selectinload(Mantelzorger.plannen),
        ],
    )
    if m is None:
        raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
    if log_view:
        audit.log(session, "bekijk", SOORT, m.id, "dossier bekeken")
    return m


def update(
    session: Session,
    mantelzorger_id: int,
    data: MantelzorgerData,
    *,
    seen: datetime | None = None,
) -> Mantelzorger:
    """Correct a mantelzorger. ``seen``: gewijzigd_op when the form was opened; when the
    record changed since (another window), refuse instead of overwriting."""
    require_encrypted(session)
    m = get(session, mantelzorger_id, log_view=False)
    if (
        seen is not None
        and m.gewijzigd_op is not None
        and abs((m.gewijzigd_op - seen).total_seconds()) > 0.001
    ):
        raise UserError(
            "Deze mantelzorger is intussen elders gewijzigd (een ander venster of een "
            "collega). Uw wijzigingen zijn niet opgeslagen; open het dossier opnieuw."
        )
    validate_mantelzorger(session, data)
    _apply(m, data, _M_FIELDS)
    changed = changelog.record(session, m)
    if changed:
        audit.log(session, "wijzig", SOORT, m.id, f"{changed} gegeven(s) gecorrigeerd")
    session.flush()
    return m


def touch_contact(session: Session, m: Mantelzorger, day: date) -> None:
    if m.laatste_contact is None or day > m.laatste_contact:
        m.laatste_contact = day


@dataclass(frozen=True)
class ListRow:
    id: int
    naam: str
    wijk: str
    zorgvragers: str
    laatste_contact: date | None
    vervolgdatum: date | None


def find(
    session: Session,
    text: str = "",
    *,
    wijk_id: int | None = None,
    limit: int | None = None,
) -> list[ListRow]:
    """Search by name of the mantelzorger or a zorgvrager, and by wijk name.

    Words are AND-ed; each word may match any of these. No audit entry (a list shows
    names only, like a card index); opening a record is logged."""
    from desktop.mantelzorg.plannen import open_followup

    require_encrypted(session)
    stmt = select(Mantelzorger).options(
        selectinload(Mantelzorger.relaties).selectinload(Zorgrelatie.zorgvrager),
        selectinload(Mantelzorger.plannen),
    )
    for word in text.split():
        like = f"%{word.lower()}%"
        zv = (
            select(Zorgrelatie.mantelzorger_id)
            .join(Zorgvrager, Zorgvrager.id == Zorgrelatie.zorgvrager_id)
            .where(func.lower(Zorgvrager.naam).like(like))
        )
        wk = select(Wijk.id).where(func.lower(Wijk.naam).like(like))
        stmt = stmt.where(
            or_(
                func.lower(Mantelzorger.naam).like(like),
                Mantelzorger.id.in_(zv),
                Mantelzorger.wijk_id.in_(wk),
                Mantelzorger.postcode.like(f"%{word.upper()}%"),
            )
        )
    if wijk_id is not None:
        stmt = stmt.where(Mantelzorger.wijk_id == wijk_id)
    stmt = stmt.order_by(Mantelzorger.naam)
    if limit:
        stmt = stmt.limit(limit)
    rows = []
    for m in session.scalars(stmt).unique():
        followup = open_followup(m.plannen)
        rows.append(
            ListRow(
                id=m.id,
                naam=m.naam,
                wijk=m.wijk.naam if m.wijk else "",
                zorgvragers=", ".join(r.zorgvrager.naam for r in m.relaties),
                laatste_contact=m.laatste_contact,
                vervolgdatum=followup.vervolgdatum if followup else None,
            )
        )
    return rows


def count(session: Session) -> int:
    if not is_encrypted(session):
        return 0
    return session.scalar(select(func.count()).select_from(Mantelzorger)) or 0


# --------------------------------------------------------------------------- relations


def add_relatie(
    session: Session, mantelzorger_id: int, data: RelatieData, *, _audit: bool = True
) -> Zorgrelatie:
    require_encrypted(session)
    validate_relatie(data)
    m = session.get(Mantelzorger, mantelzorger_id)
    if m is None:
        raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
    if data.zorgvrager_id is not None:
        zv = session.get(Zorgvrager, data.zorgvrager_id)
        if zv is None:
            raise UserError(f"Zorgvrager {data.zorgvrager_id} bestaat niet (meer).")
        if any(r.zorgvrager_id == zv.id for r in m.relaties):
            raise UserError(f"{m.naam} zorgt al voor {zv.naam}.")
        if data.aandoeningen:  # what this mantelzorger tells about the zorgvrager
            zv.aandoeningen = join_keys(data.aandoeningen)
            changelog.record(session, zv)
    else:
        zv = Zorgvrager(
            naam=data.zorgvrager_naam.strip(),
            geboortedatum=data.zorgvrager_geboortedatum,
            aandoeningen=join_keys(data.aandoeningen),
        )
        session.add(zv)
        session.flush()
        changelog.record(session, zv, actie="nieuw")
    rel = Zorgrelatie(mantelzorger_id=m.id, zorgvrager_id=zv.id)
    _fill_relatie(rel, data)
    session.add(rel)
    session.flush()
    changelog.record(session, rel, actie="nieuw")
    if _audit:
        audit.log(session, "wijzig", SOORT, m.id, f"zorgrelatie {rel.id} toegevoegd")
    return rel


def _fill_relatie(rel: Zorgrelatie, data: RelatieData) -> None:
    rel.relatie = data.relatie
    rel.samenwonend = data.samenwonend
    rel.zorgtaken = join_keys(data.zorgtaken)
    rel.uren_per_week = data.uren_per_week
    rel.sinds = data.sinds
    rel.informele_helpers = data.informele_helpers
    rel.professionele_helpers = data.professionele_helpers
    rel.centrale_mantelzorger = data.centrale_mantelzorger
    rel.helpers_toelichting = data.helpers_toelichting.strip()


def update_relatie(session: Session, relatie_id: int, data: RelatieData) -> Zorgrelatie:
    require_encrypted(session)
    rel = session.get(Zorgrelatie, relatie_id)
    if rel is None:
        raise UserError("Deze zorgrelatie bestaat niet (meer).")
    data.zorgvrager_id = rel.zorgvrager_id
    validate_relatie(data)
    _fill_relatie(rel, data)
    zv = rel.zorgvrager
    if data.zorgvrager_naam.strip():
        zv.naam = data.zorgvrager_naam.strip()
    zv.geboortedatum = data.zorgvrager_geboortedatum
    zv.aandoeningen = join_keys(data.aandoeningen)
    changed = changelog.record(session, rel) + changelog.record(session, zv)
    if changed:
        audit.log(session, "wijzig", SOORT, rel.mantelzorger_id, f"zorgrelatie {rel.id} gewijzigd")
    session.flush()
    return rel


def remove_relatie(session: Session, relatie_id: int) -> None:
    require_encrypted(session)
    rel = session.get(Zorgrelatie, relatie_id)
    if rel is None:
        return
    mid, zv = rel.mantelzorger_id, rel.zorgvrager
    changelog.record(session, rel, actie="verwijder")
    session.delete(rel)
    session.flush()
    if not session.scalar(select(func.count()).where(Zorgrelatie.zorgvrager_id == zv.id)):
        session.delete(zv)
    audit.log(session, "wijzig", SOORT, mid, f"zorgrelatie {relatie_id} verwijderd")
    session.flush()


def relatie_data(rel: Zorgrelatie) -> RelatieData:
    zv = rel.zorgvrager
    return RelatieData(
        zorgvrager_naam=zv.naam,
        zorgvrager_id=zv.id,
        zorgvrager_geboortedatum=zv.geboortedatum,
        aandoeningen=split_keys(zv.aandoeningen),
        relatie=rel.relatie,
        samenwonend=rel.samenwonend,
        zorgtaken=split_keys(rel.zorgtaken),
        uren_per_week=rel.uren_per_week,
        sinds=rel.sinds,
        informele_helpers=rel.informele_helpers,
        professionele_helpers=rel.professionele_helpers,
        centrale_mantelzorger=rel.centrale_mantelzorger,
        helpers_toelichting=rel.helpers_toelichting,
    )


def mantelzorger_data(m: Mantelzorger) -> MantelzorgerData:
    return MantelzorgerData(**{name: getattr(m, name) for name in _M_FIELDS})
