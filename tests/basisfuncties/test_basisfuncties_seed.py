"""Proofreading against seed 004: every text is verbatim at the lines it cites, and every
basisfunctie and every listed activity or form of the seed is in the instrument.

The seeds live beside the repository (../shared/seeds); without them these tests skip.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from desktop.basisfuncties.instrument import SourceRef, load_basisfuncties
from desktop.paths import bundle_root

SEEDS = bundle_root().parent / "shared" / "seeds"


@cache
def seed_lines(name: str) -> tuple[str, ...]:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"seed {name} not found in {SEEDS}")
    return tuple(path.read_text(encoding="utf-8").splitlines())


def seed_file(prefix: str) -> str:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0].name


def normalise(text: str) -> str:
    """Compare texts the way the instrument files were made: same characters, white space
    collapsed, words rejoined where a line break split them with a hyphen, Markdown
    emphasis markers dropped."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.replace("*", "").split())


def at_source(source: SourceRef) -> str:
    lines = seed_lines(source.seed)
    assert source.last <= len(lines), f"{source} lies beyond the end of the seed"
    return normalise("\n".join(lines[source.first - 1 : source.last]))


def assert_verbatim(text: str, source: SourceRef | str) -> None:
    if isinstance(source, str):
        source = SourceRef.parse(source)
    assert normalise(text) in at_source(source), f"{text!r} is not verbatim at {source}"


def strip_item(text: str) -> str:
    return normalise(text).lstrip("·• ").rstrip(" ;,.:")


# --------------------------------------------------------------------------- verbatim texts


def test_function_names_definitions_and_explanations_are_verbatim() -> None:
    instrument = load_basisfuncties()
    for function in instrument.functions:
        assert_verbatim(function.name, function.source)
        assert_verbatim(function.definition, function.definition_source)
        for paragraph in function.explanation:
            assert_verbatim(paragraph, function.explanation_source)
        for provider in function.providers:
            assert_verbatim(provider.name, provider.source)
    for domain in instrument.domains:
        assert_verbatim(domain.intro, domain.source)


def test_items_not_marked_derived_are_verbatim_and_derived_items_quote_the_seed() -> None:
    checked = 0
    for item in load_basisfuncties().items():
        if item.derived:
            assert item.quote is not None
            assert_verbatim(item.quote, item.source)
        else:
            assert_verbatim(item.text, item.source)
        checked += 1
    assert checked == 110


def test_every_source_reference_points_into_seed_004() -> None:
    name = seed_file("004")
    instrument = load_basisfuncties()
    assert instrument.source.seed == name
    for function in instrument.functions:
        assert function.explanation_source.seed == name
        for item in function.items:
            assert item.source.seed == name
            assert function.source.first <= item.source.first <= function.source.last


def test_verbatim_check_can_fail() -> None:
    item = load_basisfuncties().item("vw4.01")
    with pytest.raises(AssertionError):
        assert_verbatim(item.text.replace("specialieke", "speciale"), item.source)


# --------------------------------------------------------------------------- completeness


def vw_activities() -> dict[str, list[tuple[int, str]]]:
    """Bullets under 'Suggesties concrete activiteiten' per section 4.N of seed 004."""
    lines = seed_lines(seed_file("004"))
    sections: dict[str, list[tuple[int, str]]] = {}
    current: str | None = None
    collecting = False
    for number, raw in enumerate(lines, start=1):
        text = normalise(raw)
        heading = re.match(r"^4\.(\d) (.+)$", text)
        if heading:
            current, collecting = f"vw{heading[1]}", False
            sections[current] = []
        elif text.startswith("Samenhang basisfuncties"):
            break
        elif text.startswith("Suggesties concrete activiteiten"):
            collecting = True
        elif collecting and text.startswith("·") and current:
            sections[current].append((number, strip_item(text)))
    return sections


def test_every_vrijwilligerswerk_function_and_activity_of_the_seed_is_present() -> None:
    instrument = load_basisfuncties()
    sections = vw_activities()
    assert list(sections) == ["vw1", "vw2", "vw3", "vw4", "vw5"]
    assert sum(len(v) for v in sections.values()) == 28
    assert {k: len(v) for k, v in sections.items()} == {
        "vw1": 7,
        "vw2": 6,
        "vw3": 7,
        "vw4": 4,
        "vw5": 4,
    }
    for key, bullets in sections.items():
        items = instrument.function(key).items
        assert [(i.source.first, normalise(i.text)) for i in items] == bullets


def mz_sections() -> dict[str, tuple[str, list[tuple[int, str]]]]:
    """Name and bullets of each basisfunctie mantelzorg, from the list in paragraph 5."""
    lines = seed_lines(seed_file("004"))
    texts = [normalise(line) for line in lines]
    start = next(i for i, t in enumerate(texts) if t.startswith("Het totaal pakket van functies"))
    names = []
    for text in texts[start + 1 :]:
        listed = re.match(r"^(\d)\. (.+?)[;.]$", text)
        if listed:
            names.append(listed[2])
        elif text.startswith("Vanuit eigen regie"):
            break
    end = next(i for i, t in enumerate(texts) if t.startswith("6 Uitgangspunten"))
    heads = [next(i for i in range(start, end) if texts[i] == name) for name in names]
    sections = {}
    for n, (name, head) in enumerate(zip(names, heads, strict=True), start=1):
        stop = heads[n] if n < len(heads) else end
        bullets = [
            (i + 1, strip_item(texts[i])) for i in range(head, stop) if texts[i].startswith("·")
        ]
        sections[f"mz{n}"] = (name, bullets)
    return sections


def test_every_mantelzorg_function_and_form_of_the_seed_is_present() -> None:
    instrument = load_basisfuncties()
    sections = mz_sections()
    assert [name for name, _ in sections.values()] == [
        f.name for f in instrument.functions_in("mantelzorg")
    ]
    counts = {key: len(bullets) for key, (_, bullets) in sections.items()}
    assert counts == {
        "mz1": 12,
        "mz2": 10,
        "mz3": 0,
        "mz4": 3,
        "mz5": 5,
        "mz6": 6,
        "mz7": 3,
        "mz8": 4,
    }
    for key, (_, bullets) in sections.items():
        function = instrument.function(key)
        for line, bullet in bullets:
            listed = [normalise(i.text) for i in function.items if i.source.first == line]
            listed = [t for t in listed if not _is_derived(function, t)]
            entries = bullet.split(" zoals ", 1)[-1].split(", ")
            assert listed == [bullet] or listed == entries, (
                f"{key} regel {line}: {bullet!r} is not (completely) in the checklist: {listed}"
            )


def _is_derived(function, text: str) -> bool:  # type: ignore[no-untyped-def]
    return any(i.derived and normalise(i.text) == text for i in function.items)


def test_every_list_entry_in_the_checklist_comes_from_a_bullet() -> None:
    sections = mz_sections()
    bullet_lines = {line for _, bullets in sections.values() for line, _ in bullets}
    for item in load_basisfuncties().items():
        if item.function_key.startswith("mz") and not item.derived:
            assert item.source.first in bullet_lines, item.key


def test_seed_files_are_where_the_tests_expect_them() -> None:
    assert isinstance(SEEDS, Path)
    seed_file("004")
