"""Vergeten (erasure) and the bewaartermijn (retention)."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mantelzorg"))

import pytest  # noqa: E402
from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: E402, F401
from sqlalchemy import func, select, text  # noqa: E402

from desktop.errors import UserError  # noqa: E402
from desktop.mantelzorg import gesprekken, service, statistiek  # noqa: E402
from desktop.mantelzorg.models import MantelzorgStatistiek, Zorgvrager  # noqa: E402
from desktop.privacy import audit, erasure, retention  # noqa: E402
from desktop.store.models import Wijziging  # noqa: E402

TODAY = date.today()


def _all_text(session) -> str:
    """Every text value in every table, to look for a name."""
    parts = []
    for (name,) in session.execute(text("SELECT name FROM sqlite_master WHERE type='table'")):
        for row in session.execute(text(f'SELECT * FROM "{name}"')):
            parts.extend(str(v) for v in row if isinstance(v, str))
    return "\n".join(parts)


def test_vergeten_removes_the_person_and_keeps_counts(enc_store):
    with enc_store.session() as s:
        m = register(s, "Wilma Wisbaar", "Gedeelde Zorgvrager")
        shared = m.relaties[0].zorgvrager_id
        other = register(s, "Oscar Overblijft", None)
        service.add_relatie(s, other.id, service.RelatieData(zorgvrager_id=shared, relatie="kind"))
        service.add_relatie(
            s, m.id, service.RelatieData(zorgvrager_naam="Eigen Zorgvrager", relatie="ouder")
        )
        gesprekken.save_gesprek(
            s, m.id, gesprekken.GesprekData(datum=TODAY, conclusies="Heel persoonlijk")
        )
        gesprekken.save_draft(s, m.id, {"conclusies": "concepttekst"})
        service.update(
            s,
            m.id,
            service.MantelzorgerData(
                **{**vars(service.mantelzorger_data(m)), "telefoon": "06-99998888"}
            ),
        )
        mid = m.id
    with enc_store.session() as s:
        before = statistiek.build(s, TODAY.year)
        result = erasure.forget(s, mid)
    assert (result.gesprekken, result.zorgvragers) == (1, 1)
    erasure.compact(enc_store)
    with enc_store.session() as s:
        everything = _all_text(s)
        for secret in (
            "Wilma",
            "Wisbaar",
            "Heel persoonlijk",
            "concepttekst",
            "06-99998888",
            "Eigen Zorgvrager",
        ):
            assert secret not in everything
        assert "Gedeelde Zorgvrager" in everything  # still cared for by Oscar
        assert s.scalar(select(func.count()).select_from(Zorgvrager)) == 1
        assert not s.scalars(
            select(Wijziging).where(Wijziging.tabel == "mantelzorger", Wijziging.record_id == mid)
        ).all()
        [entry] = audit.entries(s, actie="vergeet")
        assert entry.onderwerp_id == mid and "anonieme telling" in entry.omschrijving
        assert audit.verify(s).ok
        assert s.scalar(select(func.count()).select_from(MantelzorgStatistiek)) == 1
        after = statistiek.build(s, TODAY.year)
    assert before.te_klein and after.te_klein  # 2 people; the stored fact still counts
    with enc_store.session() as s:
        assert len(statistiek.year_facts(s, TODAY.year)) == 2
    with pytest.raises(UserError, match="bestaat niet"), enc_store.session() as s:
        erasure.forget(s, mid)


def test_retention_default_term_and_boundary(enc_store):
    with enc_store.session() as s:
        assert retention.term_months(s) == retention.DEFAULT_TERM_MONTHS == 24
        old = register(s, "Oud Contact", toestemming_datum=TODAY - timedelta(days=800)).id
        edge = register(
            s, "Net Niet", toestemming_datum=retention.add_months(TODAY, -24) + timedelta(days=1)
        ).id
        due_today = register(
            s, "Vandaag Weg", toestemming_datum=retention.add_months(TODAY, -24)
        ).id
        register(s, "Recent", toestemming_datum=TODAY - timedelta(days=30))
        held = register(
            s,
            "Vastgehouden",
            toestemming_datum=TODAY - timedelta(days=900),
            bewaren_tot=TODAY + timedelta(days=30),
        ).id
    with enc_store.session() as s:
        ids = [i.id for i in retention.review_list(s)]
        assert old in ids and due_today in ids
        assert edge not in ids and held not in ids
        assert [i.id for i in retention.review_list(s, TODAY + timedelta(days=31))].count(held) == 1
    with enc_store.session() as s:
        retention.set_term_months(s, 36)
        assert old not in [i.id for i in retention.review_list(s)]
        with pytest.raises(UserError, match="bewaartermijn"):
            retention.set_term_months(s, 0)


def test_retention_purge_after_confirmation_keeps_counts(enc_store):
    with enc_store.session() as s:
        register(s, "Oud Een", toestemming_datum=TODAY - timedelta(days=800))
        register(s, "Oud Twee", toestemming_datum=TODAY - timedelta(days=900))
        keep = register(s, "Nieuw", toestemming_datum=TODAY - timedelta(days=3)).id
    with enc_store.session() as s:
        assert retention.purge(s) == 2
    with enc_store.session() as s:
        assert [r.id for r in service.find(s)] == [keep]
        assert s.scalar(select(func.count()).select_from(MantelzorgStatistiek)) == 2
        assert audit.entries(s, actie="bewaartermijn")
