"""The wegwijzer's layout: a short page for an empty kaart, and no heading (organisation
or aanbod name) left alone at the bottom of a page."""

from __future__ import annotations

import subprocess

import pytest

from desktop.kaart import service
from desktop.rapporten import catalogue


def _pages(path) -> list[str]:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return [p for p in out.stdout.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def wegwijzer():
    catalogue.load_report_modules()
    return catalogue.get("wegwijzer")


def test_empty_wegwijzer_is_one_short_page_after_the_cover(wegwijzer, store, tmp_path):
    out = tmp_path / "leeg.pdf"
    wegwijzer.run(store, {"indeling": "soort"}, out)
    pages = _pages(out)
    assert len(pages) == 2, pages  # cover + one page: no empty contents, body or register
    assert "nog geen organisaties" in pages[1] and "nog leeg" in pages[1]
    assert "0 organisaties" not in pages[1] and "Register" not in pages[1]
    with store.session() as s:
        service.save_organisatie(s, {"naam": "Geheim Genootschap", "niet_publiceren": True})
    wegwijzer.run(store, {"indeling": "wijk"}, out)
    pages = _pages(out)
    assert len(pages) == 2
    words = " ".join(pages[1].split())
    assert "staat 1 organisatie," in words and "niet publiceren" in words
    assert "Geheim Genootschap" not in "\n".join(pages)


def _last_line(page: str) -> str:
    lines = [x for x in page.splitlines() if x.strip() and "Afgedrukt op" not in x]
    return lines[-1].strip() if lines else ""


@pytest.mark.parametrize("indeling", ["wijk", "basisfunctie"])
def test_no_heading_alone_at_the_bottom_of_a_page(wegwijzer, demo_store, tmp_path, indeling):
    from sqlalchemy import select

    from desktop.kaart.models import Organisatie

    with demo_store.session() as s:
        names = set(s.scalars(select(Organisatie.naam)))
    out = tmp_path / "ww.pdf"
    wegwijzer.run(demo_store, {"indeling": indeling}, out)
    pages = _pages(out)
    assert len(pages) > 20
    body = pages[3:-3]  # after the contents, before the register
    for n, page in enumerate(body, 4):
        last = _last_line(page)
        assert not last.startswith("•"), f"pagina {n} eindigt met de kop {last!r}"
        assert last not in names, f"pagina {n} eindigt met de organisatie {last!r}"
