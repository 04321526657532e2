"""Change-log rows of records removed earlier: gone with the person on erasure, and a
number SQLite hands out again never shows someone else's history in an inzage."""

# The fixtures are imported from mz_helpers and used as arguments.
# ruff: noqa: F811

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "mantelzorg"))

from mz_helpers import enc_db, enc_store, enc_template, register  # noqa: E402, F401
from sqlalchemy import select  # noqa: E402

from desktop.mantelzorg import service  # noqa: E402
from desktop.mantelzorg.models import Zorgrelatie  # noqa: E402
from desktop.privacy import erasure, inzage  # noqa: E402
from desktop.store.models import Wijziging  # noqa: E402


def _relation_with_history(s, naam: str, zorgvrager: str, toelichting: str) -> tuple[int, int]:
    m = register(s, naam, zorgvrager=zorgvrager)
    rel = m.relaties[0]
    data = service.relatie_data(rel)
    data.helpers_toelichting = toelichting
    service.update_relatie(s, rel.id, data)
    return m.id, rel.id


def _rows(s, rel_id: int) -> list[Wijziging]:
    return list(
        s.scalars(
            select(Wijziging).where(Wijziging.tabel == "zorgrelatie", Wijziging.record_id == rel_id)
        )
    )


def test_erasure_removes_the_history_of_a_relation_removed_earlier(enc_store):
    with enc_store.session() as s:
        mid, rel_id = _relation_with_history(s, "Gerrit Geheim", "Hans Geheim", "Buurvrouw Ans")
        service.add_relatie(s, mid, service.RelatieData(zorgvrager_naam="Ander Iemand"))
    with enc_store.session() as s:
        service.remove_relatie(s, rel_id)
    with enc_store.session() as s:
        assert any(w.nieuw == "Buurvrouw Ans" for w in _rows(s, rel_id))
        erasure.forget(s, mid)
    with enc_store.session() as s:
        assert _rows(s, rel_id) == []
        texts = [w.oud or "" for w in s.scalars(select(Wijziging))]
        texts += [w.nieuw or "" for w in s.scalars(select(Wijziging))]
        assert not any("Buurvrouw Ans" in t for t in texts)


def test_a_reused_number_does_not_mix_two_peoples_history(enc_store):
    with enc_store.session() as s:
        a, rel_a = _relation_with_history(s, "Anja Eerst", "Zorg A", "Geheim van Anja")
    with enc_store.session() as s:
        service.remove_relatie(s, rel_a)  # the highest number: SQLite may give it again
    with enc_store.session() as s:
        b, rel_b = _relation_with_history(s, "Bea Later", "Zorg B", "Gewoon van Bea")
    with enc_store.session() as s:
        assert s.get(Zorgrelatie, rel_b) is not None
        data_b = inzage.collect(s, b)
        data_a = inzage.collect(s, a)
    values_b = {w.get("nieuw") for w in data_b["wijzigingen"]}
    values_a = {w.get("nieuw") for w in data_a["wijzigingen"]}
    assert "Gewoon van Bea" in values_b and "Geheim van Anja" not in values_b
    assert "Gewoon van Bea" not in values_a
    assert rel_a == rel_b  # the case that matters: SQLite gave the number again


def test_a_new_person_with_an_erased_persons_number_gets_none_of_their_log(enc_store):
    import time

    with enc_store.session() as s:
        a = register(s, "Eerder Gewist").id
        service.get(s, a)  # "dossier bekeken"
    with enc_store.session() as s:
        erasure.forget(s, a)
    time.sleep(0.01)
    with enc_store.session() as s:
        b = register(s, "Nieuw Iemand").id
    assert b == a  # SQLite gave the number again
    with enc_store.session() as s:
        data = inzage.collect(s, b)
    acties = [e["actie"] for e in data["auditlog"]]
    assert "vergeet" not in acties and "bekijk" not in acties
    assert acties[0] == "nieuw" and acties[-1] == "export"
