"""Strict proofreading against seed 004: names, definitions and explanations of the
basisfuncties vrijwilligerswerk are whole units of the seed (the heading after "4.N ",
the whole line under "Definitie", every paragraph of the Toelichting in order). Only
white space is collapsed; words, punctuation, quotes and capitals are the seed's."""

from __future__ import annotations

import re
from functools import cache

import pytest

from desktop.basisfuncties.instrument import load_basisfuncties
from desktop.paths import bundle_root

SEEDS = bundle_root().parent / "shared" / "seeds"


@cache
def lines() -> tuple[str, ...]:
    matches = sorted(SEEDS.glob("004_*.txt")) if SEEDS.is_dir() else []
    if not matches:
        pytest.skip(f"seed 004 not found in {SEEDS}")
    return tuple(matches[0].read_text(encoding="utf-8").splitlines())


def clean(text: str) -> str:
    return " ".join(text.replace("*", "").split())


def headings() -> dict[str, tuple[int, str]]:
    found = {}
    for number, line in enumerate(lines(), start=1):
        match = re.fullmatch(r"4\.(\d) (.+)", clean(line))
        if match:
            found[f"vw{match[1]}"] = (number, match[2])
    return found


def test_vrijwilligerswerk_names_are_the_seed_headings_in_order() -> None:
    instrument = load_basisfuncties()
    functions = instrument.functions_in("vrijwilligerswerk")
    assert [(f.key, f.name) for f in functions] == [(k, n) for k, (_, n) in headings().items()]
    for function in functions:
        assert function.source.first == headings()[function.key][0]


def test_vrijwilligerswerk_definitions_are_the_whole_line_under_definitie() -> None:
    for function in load_basisfuncties().functions_in("vrijwilligerswerk"):
        first = headings()[function.key][0]
        after = [clean(x) for x in lines()[first:]]
        at = after.index("Definitie")
        definition = next(x for x in after[at + 1 :] if x)
        assert clean(function.definition) == definition, function.key


def test_explanations_are_every_paragraph_of_the_toelichting_in_order() -> None:
    for function in load_basisfuncties().functions_in("vrijwilligerswerk"):
        cited = lines()[function.explanation_source.first - 1 : function.explanation_source.last]
        paragraphs = " ".join(clean(x) for x in cited if clean(x))
        ours = " ".join(clean(p) for p in function.explanation)
        assert ours == paragraphs, function.key


def test_the_strict_comparison_sees_a_changed_quote() -> None:
    function = load_basisfuncties().function("vw1")
    changed = function.explanation[2].replace("\u2018vertaald\u2019", "'vertaald'")
    assert changed != function.explanation[2]
