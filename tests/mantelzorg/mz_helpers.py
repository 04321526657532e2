"""Shared helpers for the mantelzorg and privacy tests (imported by the test modules)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

PASS = "een lange test zin voor elkaar"


@pytest.fixture(scope="session")
def enc_template(tmp_path_factory) -> Path:
    """A migrated, empty encrypted store, built once; copy it with ``enc_store``."""
    from desktop.store import open_store

    path = tmp_path_factory.mktemp("enc") / "template.db"
    s = open_store(path, passphrase=PASS)
    s.close()
    return path


@pytest.fixture
def enc_db(enc_template: Path, tmp_path: Path) -> Path:
    import shutil

    target = tmp_path / "mz.db"
    shutil.copy2(enc_template, target)
    return target


@pytest.fixture
def enc_store(enc_db: Path):
    """A fresh, migrated, encrypted (SQLCipher) store (``open_store(path, passphrase=...)``)."""
    from desktop.store import open_store

    s = open_store(enc_db, passphrase=PASS)
    assert s.encrypted
    yield s
    s.close()


def add_wijk(session, naam: str = "Centrum"):
    from desktop.store import wijken

    return wijken.find_by_name(session, naam) or wijken.add_wijk(session, naam)


def mantelzorger_data(naam: str = "Test Persoon", **kw):
    from desktop.mantelzorg import service

    values = dict(
        naam=naam,
        toestemming_datum=date.today() - timedelta(days=10),
        toestemming_waarvoor=service.DEFAULT_TOESTEMMING,
        toestemming_hoe="mondeling",
        toestemming_door="consulent",
    )
    values.update(kw)
    return service.MantelzorgerData(**values)


def register(
    session, naam: str = "Test Persoon", zorgvrager: str | None = "Zorg Vrager", rel=None, **kw
):
    from desktop.mantelzorg import service

    relaties = []
    if zorgvrager:
        relaties.append(rel or service.RelatieData(zorgvrager_naam=zorgvrager, relatie="partner"))
    return service.register(session, mantelzorger_data(naam, **kw), relaties)


def add_aanbod(session, naam: str = "Respijthuis", functie: str = "mz6"):
    from desktop.kaart.models import Aanbod, AanbodKenmerk, Organisatie, Soort

    soort = session.query(Soort).filter_by(sleutel="welzijn-test").one_or_none()
    if soort is None:
        soort = Soort(sleutel="welzijn-test", naam="Welzijnsorganisatie (test)")
        session.add(soort)
    org = Organisatie(
        naam=f"Stichting {naam}", soort=soort, telefoon="0123-456789", plaats="Lindewaard"
    )
    a = Aanbod(naam=naam, organisatie=org, aanmelden="Bel op werkdagen.")
    a.kenmerken.append(AanbodKenmerk(soort="basisfunctie", sleutel=functie))
    session.add_all([org, a])
    session.flush()
    from desktop.kaart import search

    search.reindex(session, [org.id])
    return a
