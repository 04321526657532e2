from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop.privacy import audit


def test_chain_verifies_and_detects_tampering(store, db_path):
    with store.session() as s:
        for i in range(5):
            audit.log(s, "bekijk", "mantelzorger", i, f"dossier {i} geopend", gebruiker="anna")
    with store.session() as s:
        check = audit.verify(s)
        assert check.ok and check.checked == 5
        assert [e.onderwerp_id for e in audit.entries(s, actie="bekijk", limit=2)] == [4, 3]
    store.close()
    con = sqlite3.connect(db_path)
    con.execute("DROP TRIGGER audit_log_no_update")  # someone edits the file outside Elkaar
    con.execute("UPDATE audit_log SET omschrijving='niets gezien' WHERE id=3")
    con.commit()
    con.close()
    from desktop.store import open_store

    s2 = open_store(db_path)
    with s2.session() as s:
        check = audit.verify(s)
        assert not check.ok and check.first_broken_id == 3
    s2.close()


def test_audit_is_append_only(store):
    with store.session() as s:
        audit.log(s, "export", "mantelzorger", 1, "inzage gemaakt")
    with pytest.raises(IntegrityError), store.session() as s:
        s.execute(text("DELETE FROM audit_log"))
    with pytest.raises(IntegrityError), store.session() as s:
        s.execute(text("UPDATE audit_log SET gebruiker='x'"))
    with store.session() as s:
        assert len(audit.entries(s)) == 1
