"""Users see a source as a person would cite it (document title, chapter or step, page),
never the name of our extracted text file; the machine reference stays for proofreading."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.instruments import UNKNOWN_DOCUMENT, SourceRef, cite, read_sources
from desktop.paths import resource_path
from desktop.typetest.werkplaats_view import stap_html

SEEDS = Path("/work/shared/seeds")
FILE_NAME = re.compile(r"\d{3}_[0-9a-f]+\.txt|regel \d")


def _all_refs() -> list[str]:
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, str) and (key == "bron" or key.endswith("_bron")):
                    refs.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(resource_path("instruments").glob("*.toml")):
        with path.open("rb") as handle:
            walk(tomllib.load(handle))
    return refs


def test_every_source_of_every_instrument_has_a_readable_citation() -> None:
    refs = _all_refs()
    assert len(refs) > 300
    for raw in refs:
        text = cite(raw)
        assert text != UNKNOWN_DOCUMENT, raw
        assert not FILE_NAME.search(text), (raw, text)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "004_a1b5e4b93066bbbc.txt regel 81",
            "Basisfuncties lokale ondersteuning vrijwilligerswerk (VNG, Vereniging NOV en "
            "ministerie van VWS, 2006), § 4.1 Vertalen maatschappelijke ontwikkelingen",
        ),
        ("004_a1b5e4b93066bbbc.txt regel 680-690", "mantelzorg (VNG, Mezzo"),
        ("004_a1b5e4b93066bbbc.txt regel 680", "hoofdstuk 5, Respijtzorg"),
        (
            "000_65f8f3e7a267253c.txt regel 900-905",
            "Wmo en vrijwillige inzet, een handreiking voor gemeenten (DSP-groep, 2007), "
            "hoofdstuk 6 Stappenplan, stap 3, vanaf p. 38",
        ),
        ("000_65f8f3e7a267253c.txt regel 1190", "bijlage 2, typetest vragenlijst, vanaf p. 50"),
    ],
)
def test_citations(raw: str, expected: str) -> None:
    assert expected in SourceRef.parse(raw).citation
    assert str(SourceRef.parse(raw)) == raw  # the machine reference is unchanged


def test_unknown_or_damaged_references_never_show_a_file_name() -> None:
    assert cite("999_onbekend.txt regel 4") == UNKNOWN_DOCUMENT
    assert cite("geen bron") == UNKNOWN_DOCUMENT


@pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
def test_parts_start_at_their_heading_in_the_seed() -> None:
    for document in read_sources():
        lines = (SEEDS / document.seed).read_text(encoding="utf-8").splitlines()
        assert document.last is None or document.last <= len(lines)
        for part in document.parts:
            line = lines[part.first - 1].casefold()
            last_word = part.heading.split()[-1].casefold().strip("?,")
            assert last_word in line, (document.seed, part.first, part.heading, line)


def test_the_basisfuncties_window_shows_document_and_section(qtbot, store) -> None:
    from datetime import date

    from desktop.basisfuncties import service
    from desktop.basisfuncties.invullen import MetingEditor

    with store.session() as s:
        meting_id = service.create_meting(
            s, soort="nulmeting", domeinen="vrijwilligerswerk", datum=date(2026, 1, 5)
        ).id
    editor = MetingEditor(store, lambda _m: None)
    qtbot.addWidget(editor)
    editor.load(meting_id)
    source_html = editor.source.toPlainText()
    assert "Basisfuncties lokale ondersteuning vrijwilligerswerk" in source_html
    assert not FILE_NAME.search(source_html)
    tooltip = editor.table.item(0, 1).toolTip()
    assert "Bron: Basisfuncties lokale ondersteuning vrijwilligerswerk" in tooltip
    assert not FILE_NAME.search(tooltip)
    item = load_basisfuncties().functions[0].items[0]
    assert FILE_NAME.search(str(item.source))  # proofreading keeps the machine reference


def test_stappenplan_step_cites_the_handreiking() -> None:
    from desktop.typetest.instrument import load_stappenplan

    for stap in load_stappenplan().stappen:
        html = stap_html(stap)
        assert "Wmo en vrijwillige inzet, een handreiking voor gemeenten" in html
        assert f"stap {stap.nummer}" in html
        assert not FILE_NAME.search(html)
