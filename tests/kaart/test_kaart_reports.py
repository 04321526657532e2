"""Printed sociale kaart: wegwijzer, organisatie-fiche, selectie (rendered, text-checked)."""

from __future__ import annotations

import re
import subprocess

import pytest
from sqlalchemy import select

from desktop.errors import UserError
from desktop.kaart import service
from desktop.kaart.models import Organisatie
from desktop.rapporten import catalogue


def pdf_text(path) -> list[str]:
    """Text per page (pdftotext)."""
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout.split("\f")


@pytest.fixture(scope="module")
def reports():
    catalogue.load_report_modules()
    return catalogue


def test_wegwijzer_has_cover_contents_groups_and_a_correct_register(reports, demo_store, tmp_path):
    with demo_store.session() as s:
        hidden = service.save_organisatie(
            s, {"naam": "Geheim Genootschap", "niet_publiceren": True}
        ).id
        archived = service.save_organisatie(s, {"naam": "Opgeheven Club"}).id
        service.archive_organisatie(s, archived)
        naam = s.scalar(
            select(Organisatie.naam).where(Organisatie.naam.like("Steunpunt Mantelzorg%"))
        )
    out = tmp_path / "wegwijzer.pdf"
    reports.get("wegwijzer").run(demo_store, {"indeling": "soort"}, out)
    pages = pdf_text(out)
    text = "\n".join(pages)
    assert "Wegwijzer sociale kaart" in pages[0] and "Lindewaard" in pages[0]
    assert "Inhoud" in pages[1]
    assert "Steunpunt mantelzorg" in text and "Register" in text
    assert "Geheim Genootschap" not in text and "Opgeheven Club" not in text
    assert re.search(r"Pagina 2 van \d+", pages[1])
    # the register's page number points at the page with the organisation
    register = next(i for i, p in enumerate(pages) if "Organisaties op alfabet" in p)
    line = next(
        ln for p in pages[register:] for ln in p.splitlines() if ln.strip().startswith(naam)
    )
    page_no = int(line.split()[-1].rstrip(","))
    assert naam in pages[page_no - 1]
    # the contents point at the right page too
    toc_line = next(
        ln for ln in pages[1].splitlines() if ln.strip().startswith("Steunpunt mantelzorg")
    )
    toc_page = int(toc_line.split()[-1])
    assert "Steunpunt mantelzorg" in pages[toc_page - 1]
    assert hidden


@pytest.mark.parametrize("indeling", ["basisfunctie", "wijk"])
def test_wegwijzer_other_groupings(reports, demo_store, tmp_path, indeling):
    out = tmp_path / f"w-{indeling}.pdf"
    reports.get("wegwijzer").run(demo_store, {"indeling": indeling}, out)
    text = "\n".join(pdf_text(out))
    if indeling == "basisfunctie":
        assert "mz6 Respijtzorg" in text and "vw1 Vertalen" in text
    else:
        assert "Molenwijk" in text and "In de hele gemeente" in text
    with pytest.raises(UserError):
        reports.get("wegwijzer").run(demo_store, {"indeling": "kleur"}, out)


def test_organisatie_fiche_and_selectie(reports, demo_store, tmp_path):
    with demo_store.session() as s:
        org = s.scalar(select(Organisatie).where(Organisatie.naam.like("Steunpunt Mantelzorg%")))
        full = service.get_organisatie(s, org.id)
        aanbod = [a.naam for a in full.aanbod]
        oid = org.id
    fiche = tmp_path / "fiche.pdf"
    reports.get("organisatie").run(demo_store, {"id": oid}, fiche)
    text = "\n".join(pdf_text(fiche))
    assert full.naam in text and all(a in text for a in aanbod)
    with pytest.raises(UserError):
        reports.get("organisatie").run(demo_store, {"id": 999999}, fiche)
    sel = tmp_path / "selectie.pdf"
    reports.get("selectie").run(
        demo_store, {"ids": f"{oid}", "notitie": "Beste mevrouw Jansen, bel gerust."}, sel
    )
    pages = [p for p in pdf_text(sel) if p.strip()]
    assert 1 <= len(pages) <= 2
    assert "Beste mevrouw Jansen" in pages[0] and full.naam in pages[0]
    assert "Voor u uitgezocht" in pages[0]
    with pytest.raises(UserError):
        reports.get("selectie").run(demo_store, {"ids": "abc"}, sel)
