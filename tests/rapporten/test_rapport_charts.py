import xml.etree.ElementTree as ET

import pytest
from reportlab.graphics.shapes import Drawing

from desktop.rapporten import charts

SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(drawing: Drawing) -> list[str]:
    root = ET.fromstring(charts.to_svg(drawing))
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def test_vertical_bar_chart_starts_at_zero_and_labels_values_in_dutch():
    d = charts.bar_chart(["Noord", "Zuid", "Oost"], [1234, 0, 7.5], title="Per wijk")
    chart = next(c for c in d.contents if c.__class__.__name__ == "VerticalBarChart")
    assert chart.valueAxis.valueMin == 0
    texts = svg_texts(d)
    assert {"1.234", "0", "7,5", "Noord", "Per wijk"} <= set(texts)


def test_horizontal_multi_series_bar_chart_has_legend_and_first_series_on_top():
    d = charts.bar_chart(
        ["Informatie en advies", "Respijtzorg"],
        [[1, 2], [3, 4]],
        series_names=["2025", "2026"],
        horizontal=True,
    )
    texts = svg_texts(d)
    assert {"2025", "2026", "Respijtzorg"} <= set(texts)
    chart = next(c for c in d.contents if c.__class__.__name__ == "HorizontalBarChart")
    assert chart.categoryAxis.reverseDirection == 1
    # series are drawn bottom-up within a group, so the data is reversed
    assert chart.data == [[3, 4], [1, 2]]
    with pytest.raises(ValueError):
        charts.bar_chart(["a"], [[1], [2]], series_names=["x"])
    with pytest.raises(ValueError):
        charts.bar_chart(["a", "b"], [1])


def test_pie_and_donut_legends_show_values_and_shares():
    d = charts.pie_chart(["Ouderen", "Jongeren"], [3, 1], donut=True, center_text="4 totaal")
    texts = " ".join(svg_texts(d))
    assert "Ouderen: 3 (75%)" in texts and "Jongeren: 1 (25%)" in texts and "4 totaal" in texts
    empty = charts.pie_chart(["a"], [0])
    assert "Geen gegevens" in svg_texts(empty)


def test_cycle_diagram_colours_by_score_and_prints_scores():
    segments = [
        charts.CycleSegment("Vertalen", 0.5),
        charts.CycleSegment("Verbinden en makelen", 4.9),
        charts.CycleSegment("Versterken", None),
        charts.CycleSegment("Verbreiden", 2.5, value_text="2½"),
        charts.CycleSegment("Verankeren", 3),
    ]
    d = charts.cycle_diagram(segments, center_label="Maatschappelijke ontwikkelingen")
    polygons = [c for c in d.contents if c.__class__.__name__ == "Polygon"]
    assert len(polygons) == 5
    fills = [p.fillColor.hexval().upper().replace("0X", "#") for p in polygons]
    assert fills[0] == charts.SCORE_SCALE[0]
    assert fills[1] == charts.SCORE_SCALE[-1]
    assert fills[2] == charts.NO_SCORE_HEX
    texts = svg_texts(d)
    assert {"0,5", "4,9", "–", "2½", "3", "Vertalen", "geen score"} <= set(texts)
    with pytest.raises(ValueError):
        charts.cycle_diagram([charts.CycleSegment("alleen")])


def test_score_colour_bins():
    assert charts.score_colour(0, 0, 5) == charts.SCORE_SCALE[0]
    assert charts.score_colour(5, 0, 5) == charts.SCORE_SCALE[-1]
    assert charts.score_colour(2.5, 0, 5) == charts.SCORE_SCALE[2]
    assert charts.score_colour(None, 0, 5) == charts.NO_SCORE_HEX
    assert charts.score_colour(99, 0, 5) == charts.SCORE_SCALE[-1]


def test_svg_is_qt_friendly():
    svg = charts.to_svg(charts.bar_chart(["Één", "Twee"], [1, 2])).decode("utf-8")
    assert "clipPath" not in svg and "clip-path" not in svg
    assert "DejaVuSans-Bold" not in svg and "DejaVu Sans" in svg
    assert "Één" in svg


def test_palette_is_distinct_and_repeats():
    assert len(set(charts.PALETTE)) == len(charts.PALETTE)
    assert charts.palette(10)[8] == charts.PALETTE[0]
