"""Strict proofreading: every listed text of the beleidswerkplaats instruments is a whole
unit of seed 000 (a whole list item, a whole paragraph, a whole question or option), in the
seed's order, with nothing left out and nothing added.

``test_typetest_proofread.py`` checks that every text occurs within its cited lines; that
lets a shortened text or a dropped list item slip through. Here the seed itself is parsed
(numbered questions, ``- a.``/``- b.`` options, ``- `` list items, ``Stap N`` headings,
``- *Titel:* tekst`` themes, ``- naam: definitie`` S-en) and compared for equality. Only
white space is collapsed and the conversion's markup (``*``, ``**``, ``<p>``, ``<i>``) is
dropped; punctuation, quotes, dashes and capitals must be exactly the seed's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop.paths import bundle_root
from desktop.typetest.instrument import load_typetest
from desktop.typetest.werkplaats import load_stappenplan, load_thema_checklist, load_vijf_s

SEEDS = Path(bundle_root()).parent / "shared" / "seeds"
SEED = "000_65f8f3e7a267253c.txt"

pytestmark = pytest.mark.skipif(
    not (SEEDS / SEED).is_file(), reason=f"seed {SEED} not found in {SEEDS}"
)


def clean(text: str) -> str:
    text = re.sub(r"<[^>]+>", "", text).replace("*", "")
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return (SEEDS / SEED).read_text(encoding="utf-8").split("\n")


def block(lines: list[str], first: int, last: int) -> list[tuple[int, str]]:
    """Non-empty cleaned lines first..last (1-based, inclusive) with their numbers."""
    return [(n, clean(lines[n - 1])) for n in range(first, last + 1) if clean(lines[n - 1])]


def list_items(lines: list[str], first: int, last: int) -> list[str]:
    return [text[2:] for _, text in block(lines, first, last) if text.startswith("- ")]


def paragraphs(lines: list[str], first: int, last: int) -> list[str]:
    return [text for _, text in block(lines, first, last) if not text.startswith("- ")]


# --------------------------------------------------------------------------- typetest


def seed_questions(lines: list[str]) -> list[tuple[int, str, str, str]]:
    """(nummer, stem, a, b) for every question of the vragenlijst, parsed from the seed."""
    start = next(i for i, line in enumerate(lines, 1) if clean(line) == "Typetest vragenlijst")
    stop = next(i for i, line in enumerate(lines, 1) if clean(line) == "Typetest scorekaart")
    found: list[tuple[int, str, str, str]] = []
    current: list = []
    for _, text in block(lines, start + 1, stop - 1):
        question = re.fullmatch(r"(\d+)\. (.+)", text)
        option = re.fullmatch(r"- ([ab])\. (.+)", text)
        if question:
            current = [int(question[1]), question[2]]
            found.append(current)  # type: ignore[arg-type]
        elif option:
            assert current and len(current) == (2 if option[1] == "a" else 3), text
            current.append(option[2])
    return [tuple(q) for q in found]  # type: ignore[misc]


def test_the_seed_has_fourteen_questions_with_two_options(lines: list[str]) -> None:
    questions = seed_questions(lines)
    assert [q[0] for q in questions] == list(range(1, 15))
    assert all(len(q) == 4 for q in questions)


def test_questions_and_options_equal_the_seed_exactly(lines: list[str]) -> None:
    test = load_typetest()
    ours = [(v.nummer, clean(v.tekst), clean(v.a), clean(v.b)) for v in test.vragen]
    assert ours == seed_questions(lines)
    # nothing but white space differs: no stray spaces at the ends, no doubled spaces
    for vraag in test.vragen:
        for text in (vraag.tekst, vraag.a, vraag.b):
            assert text == clean(text), f"vraag {vraag.nummer}: {text!r}"


def test_question_sources_cover_exactly_their_question(lines: list[str]) -> None:
    for vraag in load_typetest().vragen:
        cited = block(lines, vraag.bron.eerste, vraag.bron.laatste)
        assert cited[0][1].startswith(f"{vraag.nummer}. "), vraag.bron
        assert [t[:5] for _, t in cited[1:]] == ["- a. ", "- b. "], vraag.bron


def test_each_axis_has_the_questions_the_scorekaart_names() -> None:
    """Even questions: beleid (smal/breed); odd questions: regie (dirigent/op afstand)."""
    test = load_typetest()
    assert test.vragen_voor("beleid") == (2, 4, 6, 8, 10, 12, 14)
    assert test.vragen_voor("regie") == (1, 3, 5, 7, 9, 11, 13)


def test_vooraf_and_interpretation_are_whole_paragraphs_in_order(lines: list[str]) -> None:
    import tomllib

    from desktop.paths import resource_path

    with resource_path("instruments", "typetest.toml").open("rb") as handle:
        data = tomllib.load(handle)
    vooraf = data["vooraf"]
    first, last = (int(x) for x in vooraf["bron"].split("regel ")[1].split("-"))
    assert [vooraf["kop"], *(clean(t) for t in vooraf["alineas"])] == paragraphs(lines, first, last)
    interpretatie = data["interpretatie"]
    first, last = (int(x) for x in interpretatie["bron"].split("regel ")[1].split("-"))
    assert [clean(t) for t in interpretatie["discussievragen"]] == list_items(lines, first, last)
    assert paragraphs(lines, first, last)[1:] == [
        clean(interpretatie["tekst"]),
        clean(interpretatie["slot"]),
    ]


# --------------------------------------------------------------------------- stappenplan


def test_step_titles_and_numbers_equal_the_seed(lines: list[str]) -> None:
    plan = load_stappenplan()
    seed_steps = [
        (int(m[1]), m[2])
        for _, text in block(lines, plan.bron.eerste, plan.bron.laatste)
        if (m := re.fullmatch(r"Stap (\d) (.+)", text))
    ]
    assert [(s.nummer, clean(s.titel)) for s in plan.stappen] == seed_steps
    assert [n for n, _ in seed_steps] == list(range(1, 10))


def test_every_step_has_all_its_paragraphs_and_list_items_in_order(lines: list[str]) -> None:
    for stap in load_stappenplan().stappen:
        expected = [
            text for _, text in block(lines, stap.bron.eerste + 1, stap.bron.laatste)
        ]  # everything under the step heading
        ours: list[str] = []
        for blok in stap.blokken:
            ours.append(clean(blok.tekst))
            ours += [f"- {clean(item)}" for item in blok.items]
        assert ours == expected, f"stap {stap.nummer}"


# --------------------------------------------------------------------------- 5 S-en


def test_five_s_definitions_equal_the_list_in_the_seed(lines: list[str]) -> None:
    vijf = load_vijf_s()
    first = vijf.bron.eerste
    seed = [
        tuple(item.split(": ", 1))
        for item in list_items(lines, first, first + 8)  # the list right under the lead-in
    ]
    assert [(s.naam, clean(s.definitie)) for s in vijf.s_en] == seed
    assert len(seed) == 5


def test_five_s_paragraphs_are_whole_and_complete(lines: list[str]) -> None:
    for s in load_vijf_s().s_en:
        cited = [t for _, t in block(lines, s.bron.eerste, s.bron.laatste)]
        kaders = {clean(k.titel) for k in s.kaders} | {clean(k.tekst) for k in s.kaders}
        body = [t for t in cited if not t.startswith("Noot ") and t != s.kop and t not in kaders]
        assert [clean(p) for p in s.uitwerking] == body, s.key


# --------------------------------------------------------------------------- thema-checklist


def test_themes_equal_the_seed_list_exactly(lines: list[str]) -> None:
    checklist = load_thema_checklist()
    seed = []
    for _, raw in block(lines, checklist.bron.eerste, checklist.bron.laatste):
        theme = re.fullmatch(r"- ([^:]+): (.+)", raw)
        if theme and not raw.startswith("- als "):
            seed.append((theme[1], theme[2]))
    assert [(clean(t.titel), clean(t.tekst)) for t in checklist.themas] == seed
    assert [t.nummer for t in checklist.themas] == list(range(1, len(seed) + 1))
    positie = checklist.themas[4]
    options = [
        clean(line)[2:]
        for line in lines[positie.bron.eerste - 1 : positie.bron.laatste]
        if line.startswith(" - ")
    ]
    assert [clean(o) for o in positie.opties] == options and len(options) == 2


def test_group_names_equal_the_seed_headings(lines: list[str]) -> None:
    checklist = load_thema_checklist()
    for groep in checklist.groepen:
        assert clean(lines[groep.bron.eerste - 1]) == groep.naam


# --------------------------------------------------------------------------- the checks can fail


def test_a_shortened_option_would_be_caught(lines: list[str]) -> None:
    """The old substring check accepts a shortened option; the strict one does not."""
    nummer, stem, a, b = seed_questions(lines)[0]
    shortened = a.rsplit(",", 1)[0]
    assert shortened in a  # what the substring check would have accepted
    assert (nummer, stem, shortened, b) not in seed_questions(lines)
    assert clean("moet je als \n gemeente <i>x</i>") == "moet je als gemeente x"
