"""The scorekaart chart: quadrant labels never lie under a respondent's dot, and many
respondents with the same answers stay readable (one dot with the count, listed below)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.graphics.shapes import Circle, String

from desktop.rapporten.styles import text_width
from desktop.typetest.charts import MAX_DOTS_PER_CELL, label_places, scorekaart_drawing
from desktop.typetest.scoring import score
from desktop.typetest.service import RespondentUitslag

EVEN = (2, 4, 6, 8, 10, 12, 14)
ODD = (1, 3, 5, 7, 9, 11, 13)


def respondent(nummer: int, even_a: int, odd_a: int) -> RespondentUitslag:
    answers = {n: "b" for n in range(1, 15)}
    for n in EVEN[:even_a] + ODD[:odd_a]:
        answers[n] = "a"
    return RespondentUitslag(
        nummer,
        nummer,
        f"Persoon {nummer}",
        "ambtenaar",
        answers,
        "x",
        score(answers),
        even_a,
        odd_a,
    )


def shapes(drawing):
    stack = list(drawing.contents)
    while stack:
        shape = stack.pop()
        if hasattr(shape, "contents"):
            stack.extend(shape.contents)
        else:
            yield shape


def overlaps(label: String, dot: Circle) -> bool:
    w = text_width(label.text, label.fontSize, bold=True)
    x0 = label.x - w / 2
    y0, y1 = label.y - 0.25 * label.fontSize, label.y + 0.8 * label.fontSize
    nearest_x = min(max(dot.cx, x0), x0 + w)
    nearest_y = min(max(dot.cy, y0), y1)
    return (nearest_x - dot.cx) ** 2 + (nearest_y - dot.cy) ** 2 < dot.r**2


cells = st.tuples(st.integers(0, 7), st.integers(0, 7))


@settings(max_examples=40, deadline=None)
@given(st.lists(cells, min_size=0, max_size=40))
def test_quadrant_labels_never_lie_under_a_dot(positions: list[tuple[int, int]]) -> None:
    people = [respondent(i, y, x) for i, (x, y) in enumerate(positions, start=1)]
    drawing = scorekaart_drawing(people)
    all_shapes = list(shapes(drawing))
    labels = [s for s in all_shapes if isinstance(s, String) and s.text.startswith("Type ")]
    dots = [s for s in all_shapes if isinstance(s, Circle) and s.r > 5]  # not the legend
    assert sorted(label.text for label in labels) == ["Type I", "Type II", "Type III", "Type IV"]
    for label in labels:
        assert not any(overlaps(label, dot) for dot in dots), label.text


@given(st.sets(cells, max_size=64))
def test_label_places_use_two_free_cells_in_their_own_quadrant(occupied) -> None:
    quadrants = ((0, 4), (4, 4), (0, 0), (4, 0))
    for place, (c0, r0) in zip(label_places(occupied), quadrants, strict=True):
        if place.outside:
            free_pairs = [
                (c, r)
                for r in range(r0, r0 + 4)
                for c in range(c0, c0 + 3)
                if (c, r) not in occupied and (c + 1, r) not in occupied
            ]
            assert free_pairs == []
            continue
        left = int(place.col - 0.5)
        assert c0 <= left < left + 1 < c0 + 4 and r0 <= place.row < r0 + 4
        assert (left, place.row) not in occupied and (left + 1, place.row) not in occupied


def test_without_respondents_the_labels_sit_in_the_middle_of_their_quadrant() -> None:
    places = label_places(set())
    assert [(p.col, p.row, p.outside) for p in places][0][2] is False
    assert all(not p.outside for p in places)
    assert {p.row for p in places[:2]} <= {5, 6} and {p.row for p in places[2:]} <= {1, 2}


def test_many_identical_answers_become_one_counted_dot_with_their_numbers() -> None:
    people = [respondent(i, 7, 0) for i in range(1, 13)] + [respondent(13, 3, 4)]
    texts = [s.text for s in shapes(scorekaart_drawing(people)) if isinstance(s, String)]
    assert "12x" in texts
    assert any(t.startswith("12 respondenten met 7 x a bij de even en 0 x a") for t in texts)
    assert "13" in texts  # a lone respondent keeps a numbered dot
    few = [respondent(i, 7, 0) for i in range(1, MAX_DOTS_PER_CELL + 1)]
    texts = [s.text for s in shapes(scorekaart_drawing(few)) if isinstance(s, String)]
    assert f"{MAX_DOTS_PER_CELL}x" not in texts
    assert {str(i) for i in range(1, MAX_DOTS_PER_CELL + 1)} <= set(texts)


def test_the_overlap_check_can_fail() -> None:
    label = String(100, 100, "Type III", fontSize=13)
    assert overlaps(label, Circle(100, 104, 8))
    assert not overlaps(label, Circle(100, 140, 8))
