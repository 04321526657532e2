"""Gesprekken (keukentafelgesprek, telefonisch, vervolggesprek), autosaved drafts, and
the risk flags of overbelasting with the officer's confirmations and overrides.

A gesprek stores per vraaggebied its key and the version of the vraaggebieden
instrument, so a later edition of the instrument never changes an old gesprek.

Drafts (``GesprekConcept``): the gesprek form saves its whole state as JSON every few
seconds (``save_draft``) in its own small transaction. Saving the gesprek deletes the
draft; a draft left behind by a crash or an empty battery is offered again at the next
start (``open_drafts``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.mantelzorg import risk
from desktop.mantelzorg.instrument import load_mantelzorg, load_vraaggebieden
from desktop.mantelzorg.models import (
    GESPREK_SOORTEN,
    GESPREK_STATUS,
    Gesprek,
    GesprekConcept,
    GesprekVraaggebied,
    Mantelzorger,
    RisicoBeoordeling,
    Zorgrelatie,
)
from desktop.mantelzorg.service import (
    SOORT,
    age_on,
    join_keys,
    require_encrypted,
    split_keys,
    today,
    touch_contact,
)
from desktop.privacy import audit
from desktop.store import changelog
from desktop.store.base import utcnow
from desktop.store.models import Wijziging


@dataclass
class VraaggebiedNotitie:
    besproken: bool = False
    notitie: str = ""


@dataclass
class GesprekData:
    datum: date
    soort: str = "keukentafelgesprek"
    waar: str = ""
    aanwezigen: str = ""
    zorgvrager_id: int | None = None
    vraaggebieden: dict[str, VraaggebiedNotitie] = field(default_factory=dict)
    factoren: dict[str, str] = field(default_factory=dict)  # df1..df7 -> note
    draaglast: str = ""
    draagkracht: str = ""
    signalen: list[str] = field(default_factory=list)
    belasting: int | None = None
    conclusies: str = ""
    status: str = "afgerond"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["datum"] = self.datum.isoformat() if self.datum else None
        return data

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> GesprekData:
        raw = dict(raw)
        datum = raw.get("datum")
        raw["datum"] = date.fromisoformat(datum) if datum else today()
        raw["vraaggebieden"] = {
            k: VraaggebiedNotitie(**v) for k, v in (raw.get("vraaggebieden") or {}).items()
        }
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in raw.items() if k in known})


def validate_gesprek(
    m: Mantelzorger,
    data: GesprekData,
    day: date | None = None,
    *,
    keep_zorgvrager_id: int | None = None,
) -> None:
    """``keep_zorgvrager_id``: the zorgvrager a gesprek being corrected was already about
    (allowed even when the care relation has ended since)."""
    day = day or today()
    if data.datum is None:
        raise UserError("Vul de datum van het gesprek in.")
    if data.datum > day:
        raise UserError("De datum van het gesprek ligt in de toekomst.")
    if m.geboortedatum and data.datum < m.geboortedatum:
        raise UserError("De datum van het gesprek ligt voor de geboortedatum.")
    if data.soort not in GESPREK_SOORTEN:
        raise UserError(f"Onbekende soort gesprek '{data.soort}'.")
    if data.status not in GESPREK_STATUS:
        raise UserError(f"Onbekende status '{data.status}'.")
    if data.belasting is not None and not 0 <= data.belasting <= 10:
        raise UserError("De ervaren belasting is een cijfer van 0 tot en met 10.")
    instrument = load_mantelzorg()
    for key in data.signalen:
        if key not in {s.key for s in instrument.signals}:
            raise UserError(f"Onbekend signaal van overbelasting '{key}'.")
    areas = {a.key for a in load_vraaggebieden().areas}
    for key in data.vraaggebieden:
        if key not in areas:
            raise UserError(f"Onbekend vraaggebied '{key}'.")
    factors = {f.key for f in instrument.load_factors}
    for key in data.factoren:
        if key not in factors:
            raise UserError(f"Onbekende factor '{key}'.")
    if data.zorgvrager_id is not None and data.zorgvrager_id not in {
        r.zorgvrager_id for r in m.relaties
    } | ({keep_zorgvrager_id} if keep_zorgvrager_id is not None else set()):
        raise UserError("Deze zorgvrager hoort niet bij deze mantelzorger.")


def _fill(g: Gesprek, data: GesprekData) -> None:
    """Copy ``data`` into ``g``. A correction keeps the instrument version the gesprek and
    its vraaggebieden were held with; only a vraaggebied added now gets the current one."""
    version = load_vraaggebieden().version
    g.datum = data.datum
    g.soort = data.soort
    g.waar = data.waar.strip()
    g.aanwezigen = data.aanwezigen.strip()
    g.zorgvrager_id = data.zorgvrager_id
    g.instrument_versie = g.instrument_versie or version
    g.factoren = json.dumps(
        {k: v.strip() for k, v in data.factoren.items() if v.strip()}, ensure_ascii=False
    )
    g.draaglast = data.draaglast.strip()
    g.draagkracht = data.draagkracht.strip()
    g.signalen = join_keys(data.signalen)
    g.belasting = data.belasting
    g.conclusies = data.conclusies.strip()
    g.status = data.status
    existing = {v.sleutel: v for v in g.vraaggebieden}
    for key, note in data.vraaggebieden.items():
        if not note.besproken and not note.notitie.strip():
            if key in existing:
                g.vraaggebieden.remove(existing[key])
            continue
        row = existing.get(key)
        if row is None:
            row = GesprekVraaggebied(sleutel=key, instrument_versie=version)
            g.vraaggebieden.append(row)
        row.besproken = note.besproken or bool(note.notitie.strip())
        row.notitie = note.notitie.strip()


def save_gesprek(
    session: Session,
    mantelzorger_id: int,
    data: GesprekData,
    *,
    gesprek_id: int | None = None,
    draft_id: int | None = None,
) -> Gesprek:
    """Create (or update ``gesprek_id``); removes the draft ``draft_id``."""
    require_encrypted(session)
    m = session.get(Mantelzorger, mantelzorger_id)
    if m is None:
        raise UserError(f"Mantelzorger {mantelzorger_id} bestaat niet (meer).")
    if gesprek_id is None:
        validate_gesprek(m, data)
        g = Gesprek(mantelzorger_id=m.id, gevoerd_door=changelog.current_user())
        _fill(g, data)
        session.add(g)
        session.flush()
        changelog.record(session, g, actie="nieuw")
        audit.log(session, "nieuw", SOORT, m.id, f"gesprek {g.id} vastgelegd")
    else:
        g = session.get(Gesprek, gesprek_id)
        if g is None or g.mantelzorger_id != m.id:
            raise UserError("Dit gesprek bestaat niet (meer).")
        validate_gesprek(m, data, keep_zorgvrager_id=g.zorgvrager_id)
        before = _area_state(g)
        _fill(g, data)
        changed = changelog.record(session, g)
        changed += _record_areas(session, g, before)
        audit.log(
            session, "wijzig", SOORT, m.id, f"gesprek {g.id} gecorrigeerd ({changed} gegeven(s))"
        )
    touch_contact(session, m, data.datum)
    if draft_id is not None:
        session.execute(delete(GesprekConcept).where(GesprekConcept.id == draft_id))
    session.flush()
    return g


def _area_state(g: Gesprek) -> dict[str, tuple[bool, str]]:
    return {v.sleutel: (bool(v.besproken), v.notitie or "") for v in g.vraaggebieden}


def _record_areas(session: Session, g: Gesprek, before: dict[str, tuple[bool, str]]) -> int:
    """Change-log rows for the vraaggebieden of a corrected gesprek (they have no id of
    their own: logged on the gesprek, field ``vg3.notitie`` / ``vg3.besproken``)."""
    after = _area_state(g)
    count = 0
    for key in sorted(set(before) | set(after)):
        old_b, old_n = before.get(key, (False, ""))
        new_b, new_n = after.get(key, (False, ""))
        for veld, old, new in (
            (f"{key}.besproken", "ja" if old_b else "nee", "ja" if new_b else "nee"),
            (f"{key}.notitie", old_n or None, new_n or None),
        ):
            if old == new:
                continue
            session.add(
                Wijziging(
                    gebruiker=changelog.current_user(),
                    tabel="gesprek",
                    record_id=g.id,
                    record_uuid=g.uuid or "",
                    actie="wijzig",
                    veld=veld,
                    oud=old,
                    nieuw=new,
                )
            )
            count += 1
    return count


def gesprek_data(g: Gesprek) -> GesprekData:
    return GesprekData(
        datum=g.datum,
        soort=g.soort,
        waar=g.waar,
        aanwezigen=g.aanwezigen,
        zorgvrager_id=g.zorgvrager_id,
        vraaggebieden={
            v.sleutel: VraaggebiedNotitie(v.besproken, v.notitie) for v in g.vraaggebieden
        },
        factoren=json.loads(g.factoren or "{}"),
        draaglast=g.draaglast,
        draagkracht=g.draagkracht,
        signalen=split_keys(g.signalen),
        belasting=g.belasting,
        conclusies=g.conclusies,
        status=g.status,
    )


def get_gesprek(session: Session, gesprek_id: int) -> Gesprek:
    require_encrypted(session)
    g = session.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet (meer).")
    audit.log(session, "bekijk", SOORT, g.mantelzorger_id, f"gesprek {g.id} bekeken")
    return g


def delete_gesprek(session: Session, gesprek_id: int) -> None:
    require_encrypted(session)
    g = session.get(Gesprek, gesprek_id)
    if g is None:
        return
    changelog.record(session, g, actie="verwijder")
    audit.log(session, "wijzig", SOORT, g.mantelzorger_id, f"gesprek {g.id} verwijderd")
    session.delete(g)
    session.flush()


# --------------------------------------------------------------------------- drafts


def save_draft(
    session: Session,
    mantelzorger_id: int,
    content: dict[str, Any],
    *,
    draft_id: int | None = None,
    gesprek_id: int | None = None,
) -> int:
    """Insert or update a draft; returns its id. No audit entry per autosave (the
    gesprek itself is logged when saved); the draft is removed on erasure."""
    require_encrypted(session)
    draft = session.get(GesprekConcept, draft_id) if draft_id is not None else None
    if draft is None:
        draft = GesprekConcept(
            mantelzorger_id=mantelzorger_id,
            gesprek_id=gesprek_id,
            gebruiker=changelog.current_user(),
        )
        session.add(draft)
    draft.inhoud = json.dumps(content, ensure_ascii=False)
    draft.bijgewerkt_op = utcnow()
    session.flush()
    return draft.id


@dataclass(frozen=True)
class DraftInfo:
    id: int
    mantelzorger_id: int
    mantelzorger_naam: str
    gesprek_id: int | None
    bijgewerkt_op: Any
    inhoud: dict[str, Any]


def open_drafts(session: Session) -> list[DraftInfo]:
    if not _encrypted(session):
        return []
    rows = session.execute(
        select(GesprekConcept, Mantelzorger.naam)
        .join(Mantelzorger, Mantelzorger.id == GesprekConcept.mantelzorger_id)
        .order_by(GesprekConcept.bijgewerkt_op.desc())
    ).all()
    result = []
    for draft, naam in rows:
        try:
            content = json.loads(draft.inhoud or "{}")
        except ValueError:
            content = {}
        result.append(
            DraftInfo(
                draft.id,
                draft.mantelzorger_id,
                naam,
                draft.gesprek_id,
                draft.bijgewerkt_op,
                content,
            )
        )
    return result


def discard_draft(session: Session, draft_id: int) -> None:
    session.execute(delete(GesprekConcept).where(GesprekConcept.id == draft_id))


def _encrypted(session: Session) -> bool:
    from desktop.mantelzorg.service import is_encrypted

    return is_encrypted(session)


# --------------------------------------------------------------------------- risk flags


def care_situation(m: Mantelzorger, rel: Zorgrelatie | None, day: date) -> risk.CareSituation:
    """What the register knows, for ``risk.assess``; the latest gesprek adds belasting
    and signals."""
    last = next((g for g in sorted(m.gesprekken, key=lambda g: g.datum, reverse=True)), None)
    zv = rel.zorgvrager if rel else None
    conditions = frozenset(split_keys(zv.aandoeningen)) if zv and zv.aandoeningen else None
    return risk.CareSituation(
        carer_age=age_on(m.geboortedatum, day),
        relation=(rel.relatie or None) if rel else None,
        care_receiver_age=age_on(zv.geboortedatum, day) if zv else None,
        living_together=rel.samenwonend if rel else None,
        hours_per_week=rel.uren_per_week if rel else None,
        care_since=rel.sinds if rel and rel.sinds and rel.sinds <= day else None,
        informal_helpers=rel.informele_helpers if rel else None,
        professional_helpers=rel.professionele_helpers if rel else None,
        central_carer=rel.centrale_mantelzorger if rel else None,
        works=m.werkt,
        studies=m.studeert,
        conditions=conditions,
        migration_background=m.migratieachtergrond,
        self_rated_burden=last.belasting if last else None,
        signals=frozenset(split_keys(last.signalen)) if last else frozenset(),
    )


@dataclass(frozen=True)
class FlagView:
    key: str
    kind: str
    label: str
    reason: str  # why derived, or the officer's note
    derived: bool  # set by the rules
    decision: bool | None  # officer: True confirmed/added, False removed, None open
    effective: bool


@dataclass(frozen=True)
class RiskOverview:
    flags: tuple[FlagView, ...]
    undetermined: tuple[risk.Undetermined, ...]

    @property
    def effective_keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.flags if f.effective)


def assess_mantelzorger(m: Mantelzorger, day: date | None = None) -> RiskOverview:
    """Flags over all care relations (a flag set by any relation counts), plus the
    officer's decisions (``RisicoBeoordeling``)."""
    day = day or today()
    flags: dict[str, risk.RiskFlag] = {}
    undetermined: dict[str, risk.Undetermined] = {}
    for rel in m.relaties or [None]:  # type: ignore[list-item]
        assessment = risk.assess(care_situation(m, rel, day), today=day)
        for flag in assessment.flags:
            flags.setdefault(flag.key, flag)
        for item in assessment.undetermined:
            undetermined.setdefault(item.key, item)
    for key in flags:
        undetermined.pop(key, None)
    decisions = {b.vlag: b for b in m.beoordelingen}
    instrument = load_mantelzorg()
    views = []
    order = list(risk.RISK_GROUP_KEYS) + list(risk.ATTENTION_KEYS)
    for key in order:
        flag = flags.get(key)
        decision = decisions.get(key)
        if flag is None and decision is None:
            continue
        if flag is not None:
            kind, label, reason = flag.kind, flag.label, flag.reason
        else:
            kind = risk.RISICOGROEP if key in risk.RISK_GROUP_KEYS else risk.AANDACHTSPUNT
            term = (
                instrument.risk_group(key)
                if kind == risk.RISICOGROEP
                else instrument.attention_point(key)
            )
            label, reason = term.text, ""
        if decision is not None and decision.toelichting:
            reason = (reason + " " if reason else "") + f"Consulent: {decision.toelichting}"
        effective = decision.bevestigd if decision is not None else flag is not None
        views.append(
            FlagView(
                key=key,
                kind=kind,
                label=label,
                reason=reason,
                derived=flag is not None,
                decision=decision.bevestigd if decision is not None else None,
                effective=effective,
            )
        )
    return RiskOverview(
        tuple(views), tuple(u for k, u in undetermined.items() if k not in decisions)
    )


def decide_flag(
    session: Session, mantelzorger_id: int, key: str, bevestigd: bool | None, toelichting: str = ""
) -> None:
    """Confirm (True), remove (False) or reset (None) a flag for this mantelzorger."""
    require_encrypted(session)
    if key not in set(risk.RISK_GROUP_KEYS) | set(risk.ATTENTION_KEYS):
        raise UserError(f"Onbekende risicovlag '{key}'.")
    if bevestigd is False and not toelichting.strip():
        raise UserError("Licht toe waarom deze vlag niet van toepassing is.")
    existing = session.scalar(
        select(RisicoBeoordeling).where(
            RisicoBeoordeling.mantelzorger_id == mantelzorger_id, RisicoBeoordeling.vlag == key
        )
    )
    if bevestigd is None:
        if existing is not None:
            session.delete(existing)
    else:
        if existing is None:
            existing = RisicoBeoordeling(mantelzorger_id=mantelzorger_id, vlag=key)
            session.add(existing)
        existing.bevestigd = bevestigd
        existing.toelichting = toelichting.strip()
        existing.door = changelog.current_user()
        existing.op = utcnow()
    what = {True: "bevestigd", False: "niet van toepassing", None: "teruggezet"}[bevestigd]
    audit.log(session, "wijzig", SOORT, mantelzorger_id, f"risicovlag {key} {what}")
    session.flush()
