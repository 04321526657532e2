"""Metingen of the basisfuncties: create, copy, answer, score and compare.

The GUI and the CLI both call these functions. They take a SQLAlchemy ``Session``;
problems a user can cause raise ``UserError`` with a Dutch message. Scoring is done by
:mod:`desktop.basisfuncties.scoring` (pure); this module turns stored metingen into its
plain data. Related services, re-exported here so callers need one import:

* :mod:`desktop.basisfuncties.dekking`: witte vlekken (the sociale kaart + a meting);
* :mod:`desktop.basisfuncties.actieplan`: the actieplan;
* :mod:`desktop.basisfuncties.export`: Excel export of a meting.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session, selectinload

from desktop.basisfuncties.instrument import (
    DOMAINS,
    INSTRUMENT_ID,
    BasisfunctiesInstrument,
    load_basisfuncties,
)
from desktop.basisfuncties.models import (
    DOMEIN_KEYS,
    DOMEINEN,
    PRIORITEITEN,
    SOORT_KEYS,
    SOORTEN,
    Meting,
    MetingItem,
)
from desktop.basisfuncties.scoring import (
    Comparison,
    MetingData,
    MetingScore,
    compare,
    score_meting,
)
from desktop.errors import UserError
from desktop.kaart.models import Organisatie
from desktop.store import changelog
from desktop.store.models import Wijk

NAAM_MAX = 200
_UNSET: object = object()


# --------------------------------------------------------------------------- labels


def soort_label(key: str) -> str:
    return dict(SOORTEN).get(key, key)


def domeinen_label(key: str) -> str:
    return dict(DOMEINEN).get(key, key)


def domain_keys(domeinen: str) -> tuple[str, ...]:
    """The instrument domains a meting covers: ``beide`` is both."""
    return DOMAINS if domeinen == "beide" else (domeinen,)


# --------------------------------------------------------------------------- dataclasses


@dataclass(frozen=True)
class MetingOverzicht:
    """A meting as shown in the list."""

    id: int
    soort: str
    domeinen: str
    datum: date
    ingevuld_door: str
    instrument_versie: str
    functies: tuple[str, ...]
    beantwoord: int  # items with a status
    items: int  # items of the chosen functions
    score: float | None  # total score

    @property
    def label(self) -> str:
        return f"{soort_label(self.soort)} {self.datum:%d-%m-%Y}"


@dataclass(frozen=True)
class Antwoord:
    """The stored answer for one item, as plain data."""

    item_key: str
    instrument_versie: str
    status: str | None
    notitie: str
    gemeente_zelf: bool
    uitvoerders: tuple[tuple[int, str], ...]  # (organisatie id, naam)
    wijken: tuple[tuple[int, str], ...]  # (wijk id, naam)
    prioriteit: str
    streefdatum: date | None

    @property
    def uitvoerder_namen(self) -> list[str]:
        names = [naam for _, naam in self.uitvoerders]
        if self.gemeente_zelf:
            names.insert(0, GEMEENTE_ZELF)
        return names

    @property
    def heeft_ambitie(self) -> bool:
        return bool(self.prioriteit or self.streefdatum)


GEMEENTE_ZELF = "de gemeente zelf"


# --------------------------------------------------------------------------- helpers


def _clean(value: str | None, what: str, *, limit: int = NAAM_MAX) -> str:
    text = " ".join((value or "").split())
    if len(text) > limit:
        raise UserError(f"{what} is te lang (hoogstens {limit} tekens).")
    return text


def instrument_for(meting: Meting) -> BasisfunctiesInstrument:
    """The instrument edition a meting was filled in under."""
    return load_basisfuncties(meting.instrument_versie)


def get_meting(session: Session, meting_id: int) -> Meting:
    meting = session.get(Meting, meting_id) if isinstance(meting_id, int) else None
    if meting is None:
        raise UserError(f"Meting {meting_id} bestaat niet.")
    return meting


def _check_functions(
    instrument: BasisfunctiesInstrument, domeinen: str, functies: Iterable[str] | None
) -> tuple[str, ...]:
    allowed = [f.key for d in domain_keys(domeinen) for f in instrument.functions_in(d)]
    if functies is None:
        return tuple(allowed)
    chosen = set(functies)
    unknown = [
        f"{instrument.function(k).code} {instrument.function(k).name}"
        if instrument.has_function(k)
        else k
        for k in sorted(chosen - set(allowed))
    ]
    if unknown:
        raise UserError(
            (
                f"De basisfunctie {unknown[0]} hoort"
                if len(unknown) == 1
                else f"De basisfuncties {', '.join(unknown)} horen"
            )
            + " niet bij "
            f"'{domeinen_label(domeinen).lower()}'."
        )
    if not chosen:
        raise UserError("Kies ten minste één basisfunctie waaraan de gemeente werkt.")
    return tuple(k for k in allowed if k in chosen)


def _check_fields(soort: str, domeinen: str, datum: date | None) -> None:
    if soort not in SOORT_KEYS:
        raise UserError("Kies 'nulmeting' of 'vervolgmeting'.")
    if domeinen not in DOMEIN_KEYS:
        raise UserError("Kies vrijwilligerswerk, mantelzorg of beide.")
    if not isinstance(datum, date):
        raise UserError("Vul een geldige datum in (dd-mm-jjjj).")


# --------------------------------------------------------------------------- metingen


def list_metingen(session: Session) -> list[MetingOverzicht]:
    """All metingen, newest first, with their total score."""
    metingen = session.scalars(
        select(Meting)
        .options(selectinload(Meting.items))
        .order_by(Meting.datum.desc(), Meting.id.desc())
    ).all()
    result = []
    for m in metingen:
        score = score_of(m)
        instrument = instrument_for(m)
        n_items = sum(len(instrument.function(k).items) for k in m.function_keys)
        chosen_items = {i.key for k in m.function_keys for i in instrument.function(k).items}
        answered = sum(1 for i in m.items if i.status and i.item_key in chosen_items)
        result.append(
            MetingOverzicht(
                id=m.id,
                soort=m.soort,
                domeinen=m.domeinen,
                datum=m.datum,
                ingevuld_door=m.ingevuld_door,
                instrument_versie=m.instrument_versie,
                functies=m.function_keys,
                beantwoord=answered,
                items=n_items,
                score=score.score,
            )
        )
    return result


def latest_meting(session: Session) -> Meting | None:
    return session.scalars(select(Meting).order_by(Meting.datum.desc(), Meting.id.desc())).first()


def previous_meting(session: Session, meting: Meting | int) -> Meting | None:
    """The meting before this one: the one it was copied from, else the latest earlier one."""
    if isinstance(meting, int):
        meting = get_meting(session, meting)
    if meting.vorige_id is not None:
        vorige = session.get(Meting, meting.vorige_id)
        if vorige is not None:
            return vorige
    return session.scalars(
        select(Meting)
        .where(
            (Meting.datum < meting.datum)
            | ((Meting.datum == meting.datum) & (Meting.id < meting.id))
        )
        .order_by(Meting.datum.desc(), Meting.id.desc())
    ).first()


def create_meting(
    session: Session,
    *,
    soort: str,
    domeinen: str,
    datum: date,
    ingevuld_door: str = "",
    functies: Iterable[str] | None = None,
    vorige_id: int | None = None,
    notities: str = "",
) -> Meting:
    """A new meting under the current instrument edition.

    A vervolgmeting starts from the answers of the previous meting (``vorige_id``, or the
    latest meting before ``datum``): status, note, uitvoerders and wijken of every item
    that still exists in the current edition. The ambitie is not copied: it belonged to
    the previous period. Without ``functies`` a vervolgmeting for the same domains takes
    the functions the previous meting chose; otherwise all functions of the domains.
    """
    _check_fields(soort, domeinen, datum)
    instrument = load_basisfuncties()
    vorige: Meting | None = None
    if vorige_id is not None:
        vorige = get_meting(session, vorige_id)
    elif soort == "vervolgmeting":
        vorige = session.scalars(
            select(Meting)
            .where(Meting.datum <= datum)
            .order_by(Meting.datum.desc(), Meting.id.desc())
        ).first()
    if soort == "vervolgmeting" and vorige is None:
        raise UserError(
            "Er is nog geen eerdere meting om op voort te bouwen. Begin met een nulmeting."
        )
    if functies is None and vorige is not None and vorige.domeinen == domeinen:
        # by default a vervolgmeting looks at the functions the previous one chose
        allowed = {f.key for d in domain_keys(domeinen) for f in instrument.functions_in(d)}
        functies = [k for k in vorige.function_keys if k in allowed] or None
    chosen = _check_functions(instrument, domeinen, functies)
    meting = Meting(
        soort=soort,
        domeinen=domeinen,
        datum=datum,
        ingevuld_door=_clean(ingevuld_door, "'Ingevuld door'"),
        instrument_id=INSTRUMENT_ID,
        instrument_versie=instrument.version,
        functies=",".join(chosen),
        notities=notities or "",
        vorige_id=vorige.id if vorige is not None else None,
    )
    session.add(meting)
    session.flush()
    changelog.record(session, meting, actie="nieuw")
    if vorige is not None:
        _copy_answers(session, vorige, meting, instrument)
    return meting


def _copy_answers(
    session: Session, source: Meting, target: Meting, instrument: BasisfunctiesInstrument
) -> None:
    olds = session.scalars(
        select(MetingItem)
        .where(MetingItem.meting_id == source.id)
        .options(selectinload(MetingItem.uitvoerders), selectinload(MetingItem.wijken))
    ).all()
    with session.no_autoflush:
        _copy_items(olds, target, instrument)
    session.flush()


def _copy_items(
    olds: Sequence[MetingItem], target: Meting, instrument: BasisfunctiesInstrument
) -> None:
    for old in olds:
        if not instrument.has_item(old.item_key):
            continue  # the item is not in the current edition
        if not (old.status or old.notitie or old.uitvoerders or old.gemeente_zelf or old.wijken):
            continue
        target.items.append(
            MetingItem(
                item_key=old.item_key,
                instrument_versie=instrument.version,
                status=old.status if old.status and instrument.has_status(old.status) else None,
                notitie=old.notitie,
                gemeente_zelf=old.gemeente_zelf,
                uitvoerders=list(old.uitvoerders),
                wijken=list(old.wijken),
            )
        )


def update_meting(
    session: Session,
    meting_id: int,
    *,
    soort: str | None = None,
    domeinen: str | None = None,
    datum: date | None = None,
    ingevuld_door: str | None = None,
    functies: Iterable[str] | None = None,
    notities: str | None = None,
) -> Meting:
    meting = get_meting(session, meting_id)
    new_soort = soort if soort is not None else meting.soort
    new_domeinen = domeinen if domeinen is not None else meting.domeinen
    new_datum = datum if datum is not None else meting.datum
    _check_fields(new_soort, new_domeinen, new_datum)
    instrument = instrument_for(meting)
    if functies is None:
        # keep the chosen functions that fit the (new) domain; all of them when none does
        allowed = {f.key for d in domain_keys(new_domeinen) for f in instrument.functions_in(d)}
        functies = [k for k in meting.function_keys if k in allowed] or None
    chosen = _check_functions(instrument, new_domeinen, functies)
    meting.soort = new_soort
    meting.domeinen = new_domeinen
    meting.datum = new_datum
    meting.functies = ",".join(chosen)
    if ingevuld_door is not None:
        meting.ingevuld_door = _clean(ingevuld_door, "'Ingevuld door'")
    if notities is not None:
        meting.notities = notities
    changelog.record(session, meting)
    session.flush()
    return meting


def delete_meting(session: Session, meting_id: int) -> None:
    meting = get_meting(session, meting_id)
    changelog.record(session, meting, actie="verwijder")
    session.delete(meting)
    session.flush()


# --------------------------------------------------------------------------- answers


def current_organisatie(org: Organisatie) -> Organisatie:
    """The organisation as it is now: one merged into another (kaart: samenvoegen) is
    shown as the organisation it was merged into."""
    session = object_session(org)
    seen = {org.id}
    while org.samengevoegd_in_id is not None and session is not None:
        target = session.get(Organisatie, org.samengevoegd_in_id)
        if target is None or target.id in seen:
            break
        seen.add(target.id)
        org = target
    return org


def _antwoord(item: MetingItem) -> Antwoord:
    return Antwoord(
        item_key=item.item_key,
        instrument_versie=item.instrument_versie,
        status=item.status,
        notitie=item.notitie,
        gemeente_zelf=item.gemeente_zelf,
        uitvoerders=tuple(
            dict.fromkeys(
                (c.id, c.naam) for c in (current_organisatie(o) for o in item.uitvoerders)
            )
        ),
        wijken=tuple((w.id, w.naam) for w in item.wijken),
        prioriteit=item.prioriteit,
        streefdatum=item.streefdatum,
    )


def answers(session: Session, meting_id: int) -> dict[str, Antwoord]:
    """Item key -> stored answer of a meting (items never touched are absent)."""
    meting = get_meting(session, meting_id)
    return {i.item_key: _antwoord(i) for i in meting.items}


def save_item(
    session: Session,
    meting_id: int,
    item_key: str,
    *,
    status: str | None | object = _UNSET,
    notitie: str | object = _UNSET,
    gemeente_zelf: bool | object = _UNSET,
    uitvoerder_ids: Sequence[int] | object = _UNSET,
    wijk_ids: Sequence[int] | object = _UNSET,
    prioriteit: str | object = _UNSET,
    streefdatum: date | None | object = _UNSET,
) -> Antwoord:
    """Store (part of) the answer for one item; fields not given stay as they are."""
    meting = get_meting(session, meting_id)
    instrument = instrument_for(meting)
    if not instrument.has_item(item_key):
        raise UserError(
            f"Activiteit {item_key} bestaat niet in versie {instrument.version} van de checklist."
        )
    if instrument.item(item_key).function_key not in meting.function_keys:
        raise UserError(
            f"Activiteit {item_key} hoort bij een basisfunctie die niet is gekozen in deze meting."
        )
    if status is not _UNSET and status is not None and not instrument.has_status(str(status)):
        raise UserError(f"Onbekende status '{status}'.")
    if prioriteit is not _UNSET and prioriteit not in PRIORITEITEN:
        raise UserError("Kies als prioriteit hoog, middel of laag (of laat leeg).")
    if streefdatum is not _UNSET and streefdatum is not None and not isinstance(streefdatum, date):
        raise UserError("Vul een geldige streefdatum in (dd-mm-jjjj).")
    item = session.scalar(
        select(MetingItem).where(MetingItem.meting_id == meting.id, MetingItem.item_key == item_key)
    )
    new = item is None
    if item is None:
        item = MetingItem(item_key=item_key, instrument_versie=instrument.version)
        meting.items.append(item)
    if status is not _UNSET:
        item.status = status  # type: ignore[assignment]
    if notitie is not _UNSET:
        item.notitie = str(notitie or "").strip()
    if gemeente_zelf is not _UNSET:
        item.gemeente_zelf = bool(gemeente_zelf)
    if prioriteit is not _UNSET:
        item.prioriteit = prioriteit  # type: ignore[assignment]
    if streefdatum is not _UNSET:
        item.streefdatum = streefdatum  # type: ignore[assignment]
    if uitvoerder_ids is not _UNSET:
        ids = list(dict.fromkeys(uitvoerder_ids))  # type: ignore[call-overload]
        orgs = (
            list(session.scalars(select(Organisatie).where(Organisatie.id.in_(ids)))) if ids else []
        )
        if len(orgs) != len(ids):
            raise UserError("Een gekozen organisatie bestaat niet (meer) op de sociale kaart.")
        item.uitvoerders = orgs
    if wijk_ids is not _UNSET:
        ids = list(dict.fromkeys(wijk_ids))  # type: ignore[call-overload]
        wijken = list(session.scalars(select(Wijk).where(Wijk.id.in_(ids)))) if ids else []
        if len(wijken) != len(ids):
            raise UserError("Een gekozen wijk bestaat niet (meer).")
        item.wijken = wijken
    if new:
        session.flush()
        changelog.record(session, item, actie="nieuw")
    else:
        changelog.record(session, item)
        session.flush()
    return _antwoord(item)


def organisatie_keuzes(session: Session) -> list[tuple[int, str]]:
    """(id, naam) of the organisations a user can pick as uitvoerder: not archived, not
    merged into another, not opgeheven; sorted by name."""
    rows = session.execute(
        select(Organisatie.id, Organisatie.naam)
        .where(
            Organisatie.gearchiveerd_op.is_(None),
            Organisatie.samengevoegd_in_id.is_(None),
            Organisatie.status != "opgeheven",
        )
        .order_by(Organisatie.naam)
    ).all()
    return [(r.id, r.naam) for r in rows]


# --------------------------------------------------------------------------- scores


def meting_data(meting: Meting) -> MetingData:
    """A stored meting as plain data for :mod:`scoring`."""
    statuses = {i.item_key: i.status for i in meting.items if i.status}
    return MetingData(instrument_for(meting), statuses, frozenset(meting.function_keys))


def score_of(meting: Meting) -> MetingScore:
    data = meting_data(meting)
    return score_meting(data.instrument, data.statuses, data.selected)


def meting_score(session: Session, meting_id: int) -> MetingScore:
    return score_of(get_meting(session, meting_id))


def comparison(
    session: Session, meting_id: int, previous_id: int | None = None
) -> tuple[Meting, Comparison] | None:
    """The previous meting and what changed since then, or None for a first meting.
    Works across instrument editions (each side uses its own)."""
    meting = get_meting(session, meting_id)
    vorige = get_meting(session, previous_id) if previous_id else previous_meting(session, meting)
    if vorige is None:
        return None
    return vorige, compare(meting_data(vorige), meting_data(meting))


# Related services, so ``service.witte_vlekken(...)`` etc. work from one import.
from desktop.basisfuncties.actieplan import (  # noqa: E402
    actie_from_gap,
    create_actie,
    delete_actie,
    get_actie,
    list_acties,
    overdue_acties,
    update_actie,
)
from desktop.basisfuncties.dekking import (  # noqa: E402
    CellEntry,
    WitteVlekken,
    kaart_dekking,
    nearby_offer,
    witte_vlekken,
)

__reexported__ = (
    actie_from_gap,
    create_actie,
    delete_actie,
    get_actie,
    list_acties,
    overdue_acties,
    update_actie,
    CellEntry,
    WitteVlekken,
    kaart_dekking,
    nearby_offer,
    witte_vlekken,
)
