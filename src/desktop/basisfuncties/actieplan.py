"""The actieplan: actions per basisfunctie with owner, date and status.

An action may come from a witte vlek (function + wijk) or from an item of a meting; it
keeps a link to both so the report can say where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.basisfuncties.models import ACTIE_STATUS, Actie, Meting
from desktop.errors import UserError
from desktop.store import changelog
from desktop.store.models import Wijk

_UNSET: object = object()
DEFAULT_TERM_DAYS = 182  # a new action from a gap: due in about half a year


@dataclass(frozen=True)
class ActieRegel:
    id: int
    functie_key: str
    functie: str  # "VW2 Verbinden en makelen"
    omschrijving: str
    eigenaar: str
    datum: date | None
    status: str
    meting_id: int | None
    item_key: str
    wijk_id: int | None
    wijk: str

    def te_laat(self, today: date) -> bool:
        return self.status != "klaar" and self.datum is not None and self.datum < today


def _function_label(key: str) -> str:
    instrument = load_basisfuncties()
    if instrument.has_function(key):
        f = instrument.function(key)
        return f"{f.code} {f.name}"
    return key


def _regel(a: Actie) -> ActieRegel:
    return ActieRegel(
        id=a.id,
        functie_key=a.functie_key,
        functie=_function_label(a.functie_key),
        omschrijving=a.omschrijving,
        eigenaar=a.eigenaar,
        datum=a.datum,
        status=a.status,
        meting_id=a.meting_id,
        item_key=a.item_key,
        wijk_id=a.wijk_id,
        wijk=a.wijk.naam if a.wijk is not None else "",
    )


def get_actie(session: Session, actie_id: int) -> Actie:
    actie = session.get(Actie, actie_id) if isinstance(actie_id, int) else None
    if actie is None:
        raise UserError(f"Actie {actie_id} bestaat niet.")
    return actie


def list_acties(session: Session, *, status: str | None = None) -> list[ActieRegel]:
    """All actions: open and bezig first by date, then klaar."""
    stmt = select(Actie)
    if status is not None:
        stmt = stmt.where(Actie.status == status)
    acties = list(session.scalars(stmt))
    order = {s: i for i, s in enumerate(ACTIE_STATUS)}
    acties.sort(
        key=lambda a: (a.status == "klaar", a.datum or date.max, order.get(a.status, 9), a.id)
    )
    return [_regel(a) for a in acties]


def _check(
    session: Session,
    functie_key: str,
    omschrijving: str,
    eigenaar: str,
    datum: date | None,
    status: str,
) -> None:
    if not load_basisfuncties().has_function(functie_key):
        raise UserError(f"Kies een basisfunctie (onbekend: '{functie_key}').")
    if not omschrijving.strip():
        raise UserError("Beschrijf de actie.")
    if len(eigenaar) > 200:
        raise UserError("De eigenaar is te lang (hoogstens 200 tekens).")
    if datum is not None and not isinstance(datum, date):
        raise UserError("Vul een geldige datum in (dd-mm-jjjj).")
    if status not in ACTIE_STATUS:
        raise UserError("Kies als status open, bezig of klaar.")


def create_actie(
    session: Session,
    *,
    functie_key: str,
    omschrijving: str,
    eigenaar: str = "",
    datum: date | None = None,
    status: str = "open",
    meting_id: int | None = None,
    item_key: str = "",
    wijk_id: int | None = None,
) -> Actie:
    eigenaar = " ".join((eigenaar or "").split())
    _check(session, functie_key, omschrijving or "", eigenaar, datum, status)
    if meting_id is not None and session.get(Meting, meting_id) is None:
        raise UserError(f"Meting {meting_id} bestaat niet.")
    if wijk_id is not None and session.get(Wijk, wijk_id) is None:
        raise UserError(f"Wijk {wijk_id} bestaat niet.")
    actie = Actie(
        functie_key=functie_key,
        omschrijving=omschrijving.strip(),
        eigenaar=eigenaar,
        datum=datum,
        status=status,
        meting_id=meting_id,
        item_key=item_key or "",
        wijk_id=wijk_id,
    )
    session.add(actie)
    session.flush()
    changelog.record(session, actie, actie="nieuw")
    return actie


def update_actie(
    session: Session,
    actie_id: int,
    *,
    functie_key: str | object = _UNSET,
    omschrijving: str | object = _UNSET,
    eigenaar: str | object = _UNSET,
    datum: date | None | object = _UNSET,
    status: str | object = _UNSET,
) -> Actie:
    actie = get_actie(session, actie_id)
    new = {
        "functie_key": actie.functie_key if functie_key is _UNSET else functie_key,
        "omschrijving": actie.omschrijving if omschrijving is _UNSET else omschrijving,
        "eigenaar": actie.eigenaar if eigenaar is _UNSET else " ".join(str(eigenaar).split()),
        "datum": actie.datum if datum is _UNSET else datum,
        "status": actie.status if status is _UNSET else status,
    }
    _check(
        session,
        str(new["functie_key"]),
        str(new["omschrijving"] or ""),
        str(new["eigenaar"]),
        new["datum"],  # type: ignore[arg-type]
        str(new["status"]),
    )
    new["omschrijving"] = str(new["omschrijving"]).strip()
    for key, value in new.items():
        setattr(actie, key, value)
    changelog.record(session, actie)
    session.flush()
    return actie


def delete_actie(session: Session, actie_id: int) -> None:
    actie = get_actie(session, actie_id)
    changelog.record(session, actie, actie="verwijder")
    session.delete(actie)
    session.flush()


def actie_from_gap(
    session: Session,
    function_key: str,
    wijk_id: int | None,
    *,
    meting_id: int | None = None,
    item_key: str = "",
    today: date | None = None,
) -> Actie:
    """One click from a witte vlek (or an item) to an open action, due in half a year.
    An open action for the same function and wijk is returned instead of a duplicate."""
    existing = session.scalars(
        select(Actie).where(
            Actie.functie_key == function_key,
            Actie.wijk_id.is_(None) if wijk_id is None else Actie.wijk_id == wijk_id,
            Actie.item_key == (item_key or ""),
            Actie.status != "klaar",
        )
    ).first()
    if existing is not None:
        return existing
    today = today or date.today()
    label = _function_label(function_key)
    if item_key:
        instrument = load_basisfuncties()
        text = instrument.item(item_key).text if instrument.has_item(item_key) else item_key
        omschrijving = f"{label}: '{text}' realiseren"
    else:
        omschrijving = f"{label}: aanbod zoeken of opzetten"
    if wijk_id is not None:
        wijk = session.get(Wijk, wijk_id)
        if wijk is None:
            raise UserError(f"Wijk {wijk_id} bestaat niet.")
        omschrijving += f" in {wijk.naam} (witte vlek)"
    return create_actie(
        session,
        functie_key=function_key,
        omschrijving=omschrijving,
        datum=today + timedelta(days=DEFAULT_TERM_DAYS),
        meting_id=meting_id,
        item_key=item_key,
        wijk_id=wijk_id,
    )


def overdue_acties(session: Session, today: date | None = None) -> list[ActieRegel]:
    """Actions not klaar whose date has passed."""
    today = today or date.today()
    rows = session.scalars(
        select(Actie).where(Actie.status != "klaar", Actie.datum.is_not(None), Actie.datum < today)
    )
    return sorted((_regel(a) for a in rows), key=lambda r: (r.datum or date.max, r.id))
