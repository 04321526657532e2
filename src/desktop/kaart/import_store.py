"""Matching import rows to what is already stored, and writing the planned changes.

``_Existing`` indexes the live organisations and their aanbod (by uuid and by normalised
name + postcode) so the importer updates instead of duplicating; ``_apply`` writes a
plan (``_Org`` / ``_Aanbod``) with bulk statements (executemany, no ORM objects per row)
and the change log, in the caller's transaction. Used by ``importer`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from desktop.kaart.bulk import bulk_insert
from desktop.kaart.models import (
    Aanbod,
    AanbodKenmerk,
    Contactpersoon,
    Organisatie,
    aanbod_wijk,
    organisatie_wijk,
)
from desktop.kaart.text import fold, normalise_name
from desktop.store import changelog
from desktop.store.base import new_uuid
from desktop.store.models import Wijziging


@dataclass
class _Org:
    key: str
    row: int
    values: dict[str, Any]
    existing_id: int | None = None
    uuid: str | None = None
    wijk_ids: list[int] | None = None
    contacts: list[dict] = field(default_factory=list)
    aanbod: dict[str, _Aanbod] = field(default_factory=dict)
    new_id: int | None = None


@dataclass
class _Aanbod:
    key: str
    values: dict[str, Any]
    existing_id: int | None = None
    uuid: str | None = None
    new_id: int | None = None


_ORG_FIELDS = (
    "naam", "soort_id", "beschrijving", "straat", "huisnummer", "postcode", "plaats", "telefoon",
    "email", "website", "werkgebied", "status", "niet_publiceren", "gecontroleerd_op",
    "gecontroleerd_door", "bron", "notities",
)  # fmt: skip
_AANBOD_FIELDS = ("naam", "beschrijving", "kosten", "aanmelden", "openingstijden", "status")


class _Existing:
    """Live organisations and their aanbod, indexed for matching."""

    def __init__(self, session: Session) -> None:
        self.by_uuid: dict[str, int] = {}
        self.by_name: dict[str, list[tuple[int, str]]] = {}
        self.rows: dict[int, dict[str, Any]] = {}
        cols = [Organisatie.id, Organisatie.uuid, *(getattr(Organisatie, f) for f in _ORG_FIELDS)]
        for row in session.execute(select(*cols).where(Organisatie.samengevoegd_in_id.is_(None))):
            oid, uuid = row[0], row[1]
            values = dict(zip(_ORG_FIELDS, row[2:], strict=True))
            self.rows[oid] = values
            self.by_uuid[uuid] = oid
            self.by_name.setdefault(normalise_name(values["naam"]), []).append(
                (oid, values["postcode"] or "")
            )
        self.aanbod_by_uuid: dict[str, tuple[int, int]] = {}
        self.aanbod_by_name: dict[tuple[int, str], int] = {}
        self.aanbod_rows: dict[int, dict[str, Any]] = {}
        acols = [
            Aanbod.id,
            Aanbod.uuid,
            Aanbod.organisatie_id,
            *(getattr(Aanbod, f) for f in _AANBOD_FIELDS),
        ]
        for row in session.execute(select(*acols)):
            aid, uuid, oid = row[0], row[1], row[2]
            self.aanbod_by_uuid[uuid] = (aid, oid)
            values = dict(zip(_AANBOD_FIELDS, row[3:], strict=True))
            self.aanbod_rows[aid] = values
            self.aanbod_by_name.setdefault((oid, fold(values["naam"])), aid)
        self.org_uuids = {v: k for k, v in self.by_uuid.items()}

    def match_org(self, name_key: str, postcode: str) -> int | None:
        cands = self.by_name.get(name_key, [])
        exact = [oid for oid, pc in cands if pc and postcode and pc == postcode]
        if exact:
            return exact[0]
        loose = [oid for oid, pc in cands if not pc or not postcode]
        return loose[0] if len(cands) == 1 and loose else (loose[0] if len(loose) == 1 else None)


def _apply(session: Session, orgs: dict[str, _Org], existing: _Existing, progress) -> set[int]:
    now = datetime.now(UTC)
    who = changelog.current_user()
    next_org = (session.scalar(select(func.max(Organisatie.id))) or 0) + 1
    next_aanbod = (session.scalar(select(func.max(Aanbod.id))) or 0) + 1
    new_orgs, upd_orgs, new_aanbod, upd_aanbod = [], [], [], []
    kenmerken, del_kenmerk_ids, org_w, del_org_w, aanbod_w, del_aanbod_w = [], [], [], [], [], []
    contacts, log = [], []
    touched: set[int] = set()
    existing_contacts: dict[int, set[str]] = {}
    if any(o.existing_id for o in orgs.values()):
        for oid, naam in session.execute(
            select(Contactpersoon.organisatie_id, Contactpersoon.naam)
        ):
            existing_contacts.setdefault(oid, set()).add(fold(naam))
    defaults = {
        "soort_id": None, "beschrijving": "", "straat": "", "huisnummer": "", "postcode": "",
        "plaats": "", "telefoon": "", "email": "", "website": "", "werkgebied": "gemeente",
        "status": "actief", "niet_publiceren": False, "gecontroleerd_op": None,
        "gecontroleerd_door": "", "bron": "", "notities": "",
    }  # fmt: skip
    a_defaults = {
        "beschrijving": "",
        "kosten": "",
        "aanmelden": "",
        "openingstijden": "",
        "status": "actief",
    }

    def logrow(tabel, rid, ruuid, actie, veld="", oud=None, nieuw=None):
        log.append({"tijd": now, "gebruiker": who, "tabel": tabel, "record_id": rid, "record_uuid": ruuid,
                    "actie": actie, "veld": veld, "oud": oud, "nieuw": nieuw})  # fmt: skip

    for org in orgs.values():
        if org.existing_id:
            oid = org.existing_id
            old = existing.rows[oid]
            changes = {k: v for k, v in org.values.items() if k in _ORG_FIELDS and old.get(k) != v}
            if changes:
                upd_orgs.append(
                    {
                        "b_id": oid,
                        **{k: changes.get(k, old[k]) for k in _ORG_FIELDS},
                        "gewijzigd_op": now,
                    }
                )
                for k, v in changes.items():
                    logrow(
                        "organisatie",
                        oid,
                        existing.org_uuids[oid],
                        "wijzig",
                        k,
                        changelog._fmt(old[k]),
                        changelog._fmt(v),
                    )
                touched.add(oid)
            if org.wijk_ids is not None:
                del_org_w.append({"b_id": oid})
                org_w.extend({"organisatie_id": oid, "wijk_id": w} for w in org.wijk_ids)
                touched.add(oid)
        else:
            oid = next_org
            next_org += 1
            uuid = org.uuid or new_uuid()
            row = {**defaults, **{k: v for k, v in org.values.items() if k in _ORG_FIELDS}}
            new_orgs.append({"id": oid, "uuid": uuid, **row, "gearchiveerd_op": None, "samengevoegd_in_id": None,
                             "aangemaakt_op": now, "gewijzigd_op": now})  # fmt: skip
            logrow("organisatie", oid, uuid, "nieuw")
            org_w.extend({"organisatie_id": oid, "wijk_id": w} for w in org.wijk_ids or ())
            touched.add(oid)
        org.new_id = oid
        known = existing_contacts.get(oid, set())
        for c in org.contacts:
            if fold(c["naam"]) not in known:
                contacts.append({"uuid": new_uuid(), "organisatie_id": oid, **c})
                touched.add(oid)
        for a in org.aanbod.values():
            v = {k: val for k, val in a.values.items() if not k.startswith("_")}
            if a.existing_id:
                aid = a.existing_id
                old = existing.aanbod_rows[aid]
                changes = {
                    k: val for k, val in v.items() if k in _AANBOD_FIELDS and old.get(k) != val
                }
                if changes:
                    upd_aanbod.append({"b_id": aid, **{k: changes.get(k, old[k]) for k in _AANBOD_FIELDS},
                                       "organisatie_id": oid, "gewijzigd_op": now})  # fmt: skip
                    for k, val in changes.items():
                        logrow(
                            "aanbod",
                            aid,
                            "",
                            "wijzig",
                            k,
                            changelog._fmt(old[k]),
                            changelog._fmt(val),
                        )
                    touched.add(oid)
            else:
                aid = next_aanbod
                next_aanbod += 1
                uuid = a.uuid or new_uuid()
                new_aanbod.append({"id": aid, "uuid": uuid, "organisatie_id": oid,
                                   **a_defaults, **{k: v[k] for k in _AANBOD_FIELDS if k in v},
                                   "gearchiveerd_op": None, "aangemaakt_op": now, "gewijzigd_op": now})  # fmt: skip
                logrow("aanbod", aid, uuid, "nieuw")
                touched.add(oid)
            for soort, key in (
                ("doelgroep", "doelgroepen"),
                ("basisfunctie", "basisfuncties"),
                ("prestatieveld", "prestatievelden"),
            ):
                if key in v:
                    if a.existing_id:
                        del_kenmerk_ids.append({"b_id": aid, "b_soort": soort})
                        touched.add(oid)
                    kenmerken.extend(
                        {"aanbod_id": aid, "soort": soort, "sleutel": k} for k in v[key]
                    )
            if "wijk_ids" in v:
                if a.existing_id:
                    del_aanbod_w.append({"b_id": aid})
                aanbod_w.extend({"aanbod_id": aid, "wijk_id": w} for w in v["wijk_ids"])
                touched.add(oid)
    if progress:
        progress(0, 0, "Opslaan")
    O, A = Organisatie.__table__, Aanbod.__table__  # noqa: N806, E741
    if new_orgs:
        bulk_insert(session, O, new_orgs)
    if upd_orgs:
        session.execute(
            update(O)
            .where(O.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in (*_ORG_FIELDS, "gewijzigd_op")}),
            upd_orgs,
        )
    if new_aanbod:
        bulk_insert(session, A, new_aanbod)
    if upd_aanbod:
        session.execute(
            update(A)
            .where(A.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in (*_AANBOD_FIELDS, "organisatie_id", "gewijzigd_op")}),
            upd_aanbod,
        )
    K = AanbodKenmerk.__table__  # noqa: N806
    if del_kenmerk_ids:
        session.execute(
            K.delete().where(K.c.aanbod_id == bindparam("b_id"), K.c.soort == bindparam("b_soort")),
            del_kenmerk_ids,
        )
    if kenmerken:
        bulk_insert(session, K, kenmerken)
    if del_org_w:
        session.execute(
            organisatie_wijk.delete().where(organisatie_wijk.c.organisatie_id == bindparam("b_id")),
            del_org_w,
        )
    if org_w:
        bulk_insert(session, organisatie_wijk, org_w)
    if del_aanbod_w:
        session.execute(
            aanbod_wijk.delete().where(aanbod_wijk.c.aanbod_id == bindparam("b_id")), del_aanbod_w
        )
    if aanbod_w:
        bulk_insert(session, aanbod_wijk, aanbod_w)
    if contacts:
        bulk_insert(session, Contactpersoon.__table__, contacts)
    if log:
        bulk_insert(session, Wijziging.__table__, log)
    return touched
