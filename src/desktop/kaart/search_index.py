"""The search index of the sociale kaart: folded text and facet tokens per organisation
and per aanbod, in the FTS5 tables (SQLite) or ``kaart_zoekindex`` (other databases).
``search.reindex`` / ``search.rebuild_index`` are the public entry points."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from desktop.kaart.models import (
    Aanbod,
    AanbodKenmerk,
    Contactpersoon,
    Organisatie,
    Soort,
    ZoekIndex,
    aanbod_wijk,
    organisatie_wijk,
)
from desktop.kaart.text import fold
from desktop.store import settings
from desktop.store.models import Wijk

_CHUNK = 500
_WORD = re.compile(r"[^\W_]+")
#: engine id -> time of the last check that the wijk ids in the index are current
_FRESH_CHECKED: dict[int, float] = {}


def _is_sqlite(session: Session) -> bool:
    return session.get_bind().dialect.name == "sqlite"


_WIJK_FINGERPRINT = "kaart.zoekindex_wijken"


def _wijk_fingerprint(session: Session) -> str:
    count, total = session.execute(
        select(func.count(Wijk.id), func.coalesce(func.sum(Wijk.id), 0))
    ).one()
    # "2:" = index version: gemeente-wide documents got GEMEENTE_TOKEN and every wijk
    # token; an older index is rebuilt once when a wijk filter is used.
    return f"2:{count}:{total}"


#: Facet token of organisations and aanbod that work in the whole gemeente.
GEMEENTE_TOKEN = "xgemeente"


#: Werkgebieden that reach beyond the gemeente: always the whole gemeente.
WIDER_THAN_GEMEENTE = ("landelijk", "regio")


def org_is_gemeente_wide(werkgebied: str | None, has_wijken: bool) -> bool:
    """An organisation works in the whole gemeente (and is found under every wijk, marked
    "hele gemeente") when its werkgebied is landelijk or regio, or when neither it nor
    any of its current aanbod names a wijk -- nothing limits it to part of the gemeente
    (werkgebied "gemeente" is the default; "wijken" without any wijk filled in cannot say
    which, so the organisation is shown rather than hidden). Named wijken are more
    precise than werkgebied "gemeente": such an organisation is found under its wijken.
    Aanbod without wijken of its own follows its organisation; aanbod with wijken is
    found under those and its organisation's wijken."""
    return (werkgebied or "") in WIDER_THAN_GEMEENTE or not has_wijken


_FRESH_CHECKED: dict[int, float] = {}

# --------------------------------------------------------------------------- index


@lru_cache(maxsize=100_000)
def _fold(text: str) -> str:
    return fold(text)


def _join(parts: Iterable[str | None]) -> str:
    """Folded text of the parts (each part folded once and cached: names of soorten,
    wijken and shared descriptions repeat a lot)."""
    return " ".join(f for p in parts if p and (f := _fold(p)))


def _chunks(ids: Sequence[int]) -> Iterable[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def _name_tokens(naam: str | None) -> set[str]:
    """Facet tokens for the name: "xi" + first word, "xn" + every word."""
    words = _WORD.findall(_fold(naam or ""))
    if not words:
        return set()
    return {"xi" + words[0], *("xn" + w for w in words)}


@lru_cache(maxsize=10_000)
def _tok(prefix: str, value: Any) -> str:
    """A facet token: "xbf" + "mz6" -> "xbfmz6" (only letters and digits survive the
    tokenizer, so underscores and spaces are dropped)."""
    return "x" + prefix + re.sub(r"[^a-z0-9]", "", fold(str(value)))


def _documents(session: Session, org_ids: list[int] | None):
    """(org rows, aanbod rows) of folded index text and facet tokens; ``None`` means
    all organisations."""
    from desktop.kaart.taxonomy import load_doelgroepen

    try:
        doel = {d.key: d.label for d in load_doelgroepen().doelgroepen}
    except Exception:  # pragma: no cover
        doel = {}

    def where(col):
        return [] if org_ids is None else [col.in_(org_ids)]

    orgs = session.execute(
        select(
            Organisatie.id,
            Organisatie.naam,
            Organisatie.beschrijving,
            Organisatie.straat,
            Organisatie.postcode,
            Organisatie.plaats,
            Soort.naam,
            Organisatie.soort_id,
            Organisatie.status,
            Organisatie.gearchiveerd_op,
            Organisatie.samengevoegd_in_id,
            Organisatie.werkgebied,
        )
        .outerjoin(Soort, Soort.id == Organisatie.soort_id)
        .where(*where(Organisatie.id))
    ).all()
    contacts: dict[int, list[str]] = defaultdict(list)
    for oid, naam, functie in session.execute(
        select(Contactpersoon.organisatie_id, Contactpersoon.naam, Contactpersoon.functie).where(
            *where(Contactpersoon.organisatie_id)
        )
    ):
        contacts[oid].append(f"{naam} {functie}")
    org_wijken: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for oid, wid, wnaam in session.execute(
        select(organisatie_wijk.c.organisatie_id, Wijk.id, Wijk.naam)
        .join(Wijk, Wijk.id == organisatie_wijk.c.wijk_id)
        .where(*where(organisatie_wijk.c.organisatie_id))
    ):
        org_wijken[oid].append((wid, wnaam))
    aanbod = session.execute(
        select(
            Aanbod.id,
            Aanbod.organisatie_id,
            Aanbod.naam,
            Aanbod.beschrijving,
            Aanbod.gearchiveerd_op,
            Aanbod.status,
        ).where(*where(Aanbod.organisatie_id))
    ).all()
    aanbod_ids = [a[0] for a in aanbod]
    # Gemeente-wide documents carry every wijk's token (cheaper to search than OR-ing a
    # "whole gemeente" token into every wijk filter); a new wijk changes the fingerprint,
    # which rebuilds the index before the next wijk filter.
    every_wijk = {_tok("wk", w) for w in session.scalars(select(Wijk.id))}
    a_wijken: dict[int, list[tuple[int, str]]] = defaultdict(list)
    a_kenmerk: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if aanbod_ids:
        id_sets = [None] if org_ids is None else list(_chunks(aanbod_ids))
        for ids in id_sets:
            w_where = [] if ids is None else [aanbod_wijk.c.aanbod_id.in_(ids)]
            for aid, wid, wnaam in session.execute(
                select(aanbod_wijk.c.aanbod_id, Wijk.id, Wijk.naam)
                .join(Wijk, Wijk.id == aanbod_wijk.c.wijk_id)
                .where(*w_where)
            ):
                a_wijken[aid].append((wid, wnaam))
            k_where = [] if ids is None else [AanbodKenmerk.aanbod_id.in_(ids)]
            for aid, soort, sleutel in session.execute(
                select(AanbodKenmerk.aanbod_id, AanbodKenmerk.soort, AanbodKenmerk.sleutel).where(
                    *k_where
                )
            ):
                a_kenmerk[aid].append((soort, sleutel))

    per_org_aanbod: dict[int, list[tuple]] = defaultdict(list)
    for row in aanbod:
        per_org_aanbod[row[1]].append(row)

    org_rows = []
    org_info = {}
    for row in orgs:
        oid, naam, beschr, straat, postcode, plaats, soort, soort_id, status, arch, merged = row[
            :11
        ]
        live = [a for a in per_org_aanbod.get(oid, ()) if a[4] is None]
        contact = _join(contacts.get(oid, ()))
        owijken = org_wijken.get(oid, [])
        org_live = arch is None and merged is None
        place = _join([straat, postcode, plaats, *(w[1] for w in owijken)])
        facet = {_tok("st", status), "xlive" if org_live else "xarchief", *_name_tokens(naam)}
        if soort_id is not None:
            facet.add(_tok("so", soort_id))
        facet.update(_tok("wk", w[0]) for w in owijken)
        wide = org_is_gemeente_wide(row[11], bool(owijken) or any(a_wijken.get(a[0]) for a in live))
        if wide:
            facet.add(GEMEENTE_TOKEN)
            facet.update(every_wijk)
        for a in live:
            facet.update(_tok("wk", w[0]) for w in a_wijken.get(a[0], ()))
            facet.update(
                _tok("dg" if k == "doelgroep" else "bf", v)
                for k, v in a_kenmerk.get(a[0], ())
                if k != "prestatieveld"
            )
        org_rows.append(
            {
                "rowid": oid,
                "naam": _join([naam]),
                "aanbod": _join(a[2] for a in live),
                "tekst": _join([soort, beschr, *(a[3] for a in live)]),
                "contact": contact,
                "plaats": place,
                "facet": " ".join(sorted(facet)),
            }
        )
        org_info[oid] = (naam, soort, contact, plaats, owijken, soort_id, org_live, wide)
    aanbod_rows = []
    for aid, oid, naam, beschr, arch, status in aanbod:
        onaam, soort, contact, plaats, owijken, soort_id, org_live, wide = org_info.get(
            oid, ("", "", "", "", [], None, False, False)
        )
        wijken = a_wijken.get(aid, [])
        kenmerken = a_kenmerk.get(aid, [])
        facet = {
            _tok("st", status),
            "xlive" if org_live and arch is None else "xarchief",
            *_name_tokens(naam),
        }
        if soort_id is not None:
            facet.add(_tok("so", soort_id))
        facet.update(_tok("wk", w[0]) for w in [*wijken, *owijken])
        if wide and not wijken:
            facet.add(GEMEENTE_TOKEN)
            facet.update(every_wijk)
        facet.update(
            _tok("dg" if k == "doelgroep" else "bf", v)
            for k, v in kenmerken
            if k != "prestatieveld"
        )
        aanbod_rows.append(
            {
                "rowid": aid,
                "naam": _join([naam]),
                "organisatie": _join([onaam]),
                "tekst": _join(
                    [beschr, soort, *(doel.get(v, v) for k, v in kenmerken if k == "doelgroep")]
                ),
                "contact": contact,
                "plaats": _join([plaats, *(w[1] for w in (wijken or owijken))]),
                "facet": " ".join(sorted(facet)),
                "organisatie_id": oid,
            }
        )
    return org_rows, aanbod_rows


def _write(session: Session, org_rows: list[dict], aanbod_rows: list[dict]) -> None:
    if _is_sqlite(session):
        conn = session.connection()
        if org_rows:
            keys = ("rowid", "naam", "aanbod", "tekst", "contact", "plaats", "facet")
            conn.exec_driver_sql(
                f"INSERT INTO fts_kaart_organisatie({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})",
                [tuple(r[k] for k in keys) for r in org_rows],
            )
        if aanbod_rows:
            keys = (
                "rowid",
                "naam",
                "organisatie",
                "tekst",
                "contact",
                "plaats",
                "facet",
                "organisatie_id",
            )
            conn.exec_driver_sql(
                f"INSERT INTO fts_kaart_aanbod({', '.join(keys)}) VALUES ({', '.join('?' * len(keys))})",
                [tuple(r[k] for k in keys) for r in aanbod_rows],
            )
        return
    rows = [
        {
            "soort": "o",
            "record_id": r["rowid"],
            "organisatie_id": r["rowid"],
            "naam": r["naam"],
            "tekst": " ".join(r[k] for k in ("aanbod", "tekst", "contact", "plaats")),
        }
        for r in org_rows
    ] + [
        {
            "soort": "a",
            "record_id": r["rowid"],
            "organisatie_id": r["organisatie_id"],
            "naam": r["naam"],
            "tekst": " ".join(r[k] for k in ("organisatie", "tekst", "contact", "plaats")),
        }
        for r in aanbod_rows
    ]
    if rows:
        session.execute(ZoekIndex.__table__.insert(), rows)


def reindex(session: Session, organisatie_ids: Iterable[int]) -> None:
    """Bring the index up to date for these organisations and all their aanbod.
    Call after a change (flushed or not: this flushes first)."""
    ids = sorted({int(i) for i in organisatie_ids if i is not None})
    if not ids:
        return
    session.flush()
    sqlite = _is_sqlite(session)
    for chunk in _chunks(ids):
        if sqlite:
            marks = ",".join(str(i) for i in chunk)  # integers only
            session.execute(text(f"DELETE FROM fts_kaart_organisatie WHERE rowid IN ({marks})"))
            aanbod_ids = list(
                session.scalars(select(Aanbod.id).where(Aanbod.organisatie_id.in_(chunk)))
            )
            for achunk in _chunks(aanbod_ids):
                amarks = ",".join(str(i) for i in achunk)
                session.execute(text(f"DELETE FROM fts_kaart_aanbod WHERE rowid IN ({amarks})"))
        else:
            session.execute(delete(ZoekIndex).where(ZoekIndex.organisatie_id.in_(chunk)))
            aanbod_ids = list(
                session.scalars(select(Aanbod.id).where(Aanbod.organisatie_id.in_(chunk)))
            )
            for achunk in _chunks(aanbod_ids):
                session.execute(
                    delete(ZoekIndex).where(ZoekIndex.soort == "a", ZoekIndex.record_id.in_(achunk))
                )
        org_rows, aanbod_rows = _documents(session, chunk)
        _write(session, org_rows, aanbod_rows)


def rebuild_index(session: Session) -> None:
    """Throw the whole index away and build it again from the kaart tables."""
    session.flush()
    if _is_sqlite(session):
        session.execute(text("DELETE FROM fts_kaart_organisatie"))
        session.execute(text("DELETE FROM fts_kaart_aanbod"))
    else:
        session.execute(delete(ZoekIndex))
    org_rows, aanbod_rows = _documents(session, None)
    _write(session, org_rows, aanbod_rows)
    settings.put(session, _WIJK_FINGERPRINT, _wijk_fingerprint(session))
    _FRESH_CHECKED.pop(id(session.get_bind()), None)
