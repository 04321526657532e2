"""Proofreading: the instrument texts occur verbatim in the seed, within the cited lines.

Markup of the text conversion (Markdown ``*`` emphasis, ``<p>``/``<i>`` tags) is removed
from the seed, soft hyphens and hyphenation across line breaks are undone and whitespace
is collapsed on both sides before comparing. Everything else must match exactly.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from desktop.paths import bundle_root, resource_path
from desktop.typetest.instrument import Bron, load_typetest

SEEDS = Path(bundle_root()).parent / "shared" / "seeds"
SEED = "000_65f8f3e7a267253c.txt"
INSTRUMENTS = ("typetest", "stappenplan", "vijf_s", "thema_checklist")
# Fields that hold identifiers or settings, not source text.
NOT_TEXT = {"id", "versie", "key", "code", "soort", "dimensie", "vragen", "beleid", "regie"}
NOT_TEXT |= {"antwoord"}

pytestmark = pytest.mark.skipif(
    not (SEEDS / SEED).is_file(), reason=f"seed {SEED} not found in {SEEDS}"
)


def normalise(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u00a0", " ")
    text = re.sub(r"(?<=\w)-[ \t]*\n[ \t]*(?=[a-zà-ÿ])", "", text)  # hyphenation at a line end
    return " ".join(text.split())


def clean_seed_line(line: str) -> str:
    return re.sub(r"<[^>]+>", "", line).replace("*", "")


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return (SEEDS / SEED).read_text(encoding="utf-8").split("\n")


def cited(seed_lines: list[str], bronnen: list[Bron]) -> str:
    parts = []
    for bron in bronnen:
        assert bron.seed == SEED
        assert bron.laatste <= len(seed_lines), bron
        parts.append("\n".join(seed_lines[bron.eerste - 1 : bron.laatste]))
    return normalise(clean_seed_line("\n".join(parts)))


def occurs(text: str, haystack: str) -> bool:
    return normalise(text) in haystack


# --------------------------------------------------------------------------- typetest items


@pytest.mark.parametrize("nummer", range(1, 15))
def test_question_and_options_are_verbatim(seed_lines: list[str], nummer: int) -> None:
    vraag = load_typetest().vraag(nummer)
    lines = cited(seed_lines, [vraag.bron])
    assert lines.startswith(f"{nummer}. {normalise(vraag.tekst)}")
    assert f"- a. {normalise(vraag.a)}" in lines
    assert f"- b. {normalise(vraag.b)}" in lines


@pytest.mark.parametrize("code", ["I", "II", "III", "IV"])
def test_type_texts_are_verbatim(seed_lines: list[str], code: str) -> None:
    gemeentetype = load_typetest().type(code)
    lines = cited(seed_lines, [gemeentetype.bron])
    assert occurs(gemeentetype.kop, lines)
    assert occurs(f"Type {code} {gemeentetype.titel}", lines)
    assert occurs(gemeentetype.beschrijving, lines)
    # The display name is the bijlage-2 name in sentence case (bijlage 2 prints capitals).
    assert normalise(gemeentetype.naam).casefold() in lines.casefold()
    chapter_3 = cited(seed_lines, [gemeentetype.bron_hoofdstuk_3])
    assert chapter_3.startswith(f"- Type {gemeentetype.nummer}: '")
    for alias in gemeentetype.aliassen:
        assert occurs(alias, chapter_3)


def test_type_mapping_follows_the_seed(seed_lines: list[str]) -> None:
    """Read the axis combination of every type from the type table of bijlage 2."""
    header = clean_seed_line(seed_lines[1326 - 1]).split("\t")
    assert header[1:] == ["Regie op afstand", "Gemeente als dirigent"]
    found = {}
    for line_number, beleid in ((1327, "smal"), (1328, "breed")):
        cells = clean_seed_line(seed_lines[line_number - 1]).split("\t")
        assert cells[0] == ("Smal beleid" if beleid == "smal" else "Breed beleid")
        for column, regie in ((1, "op afstand"), (2, "dirigent")):
            code = re.match(r"Type (I{1,3}|IV) ", cells[column]).group(1)
            found[code] = (beleid, regie)
    # The scorekaart grid agrees: 7 x a row (smal) has Type III left (regie op afstand),
    # Type I right (gemeente als dirigent); the 3 x a row (breed) Type IV and Type II.
    grid_smal = [c for c in seed_lines[1263 - 1].split("\t") if c.startswith("Type")]
    grid_breed = [c for c in seed_lines[1267 - 1].split("\t") if c.startswith("Type")]
    assert grid_smal == ["Type III", "Type I"] and grid_breed == ["Type IV", "Type II"]
    assert {t.code: (t.beleid, t.regie) for t in load_typetest().typen} == found


# --------------------------------------------------------------------------- every text


def texts_to_check(node: Any, bronnen: list[Bron], path: str) -> list[tuple[str, str, list[Bron]]]:
    """(path, text, cited sources) for every source text in a TOML tree."""
    if isinstance(node, list):
        found = []
        for i, item in enumerate(node):
            found += texts_to_check(item, bronnen, f"{path}[{i}]")
        return found
    if not isinstance(node, dict):
        return []
    if node.get("eigen_tekst") is True:
        return []  # our own words, not source text
    own = [Bron.parse(v) for k, v in node.items() if k.startswith("bron") or k.endswith("_bron")]
    scope = own or bronnen
    found = []
    for key, value in node.items():
        if key in NOT_TEXT or key.startswith("bron") or key.endswith("_bron"):
            continue
        child = f"{path}.{key}" if path else key
        if isinstance(value, str):
            found.append((child, value, scope))
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            found += [(f"{child}[{i}]", v, scope) for i, v in enumerate(value)]
        else:
            found += texts_to_check(value, scope, child)
    return found


@pytest.mark.parametrize("name", INSTRUMENTS)
def test_every_text_in_the_instrument_is_verbatim(seed_lines: list[str], name: str) -> None:
    with resource_path("instruments", f"{name}.toml").open("rb") as handle:
        data = tomllib.load(handle)
    checked = texts_to_check(data, [], "")
    assert len(checked) > 10
    wrong = []
    for path, text, bronnen in checked:
        assert bronnen, f"{name}: {path} has no bron"
        lines = cited(seed_lines, bronnen)
        if occurs(text, lines):
            continue
        if path.endswith(".naam") and normalise(text).casefold() in lines.casefold():
            continue  # type names: bijlage 2 prints them in capitals
        wrong.append(f"{path}: {text[:70]!r} not in {', '.join(map(str, bronnen))}")
    assert not wrong, "\n".join(wrong)


def test_own_texts_are_marked(seed_lines: list[str]) -> None:
    """What we wrote ourselves does not pretend to be source text (and is not in it)."""
    whole = normalise(clean_seed_line("\n".join(seed_lines)))
    test = load_typetest()
    assert not occurs(test.scorekaart.regel, whole)


def test_normalise_handles_soft_breaks() -> None:
    assert normalise("vrijwil-\nligers  zijn\u00ad er\n") == "vrijwilligers zijn er"
    assert normalise("vrijwilligers- en beroepskrachten") == "vrijwilligers- en beroepskrachten"
