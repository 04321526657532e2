from datetime import date

import pytest
from reportlab.platypus import Paragraph

from desktop.rapporten import styles


def test_every_text_colour_pair_meets_wcag_aa():
    for fg, bg in styles.TEXT_COLOUR_PAIRS:
        assert styles.contrast_ratio(fg, bg) >= 4.5, (fg, bg)


def test_contrast_ratio_known_values():
    assert styles.contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert styles.contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


def test_all_named_styles_exist_and_use_embedded_fonts():
    sheet = styles.get_styles()
    for name in (
        "Titel", "Kop1", "Kop2", "Kop3", "Tekst", "Klein", "Toelichting", "TabelKop", "TabelCel",
    ):  # fmt: skip
        assert sheet[name].fontName.startswith("DejaVuSans")


def test_make_table_wraps_text_fills_width_and_right_aligns_numbers():
    rows = [[i, "een lange omschrijving " * 10, date(2026, 1, 2)] for i in range(5)]
    table = styles.make_table(["Nr", "Omschrijving", "Datum"], rows)
    assert sum(table._colWidths) == pytest.approx(styles.CONTENT_WIDTH)
    # The long text column gets most of the width, the number column little.
    assert table._colWidths[1] > 2 * table._colWidths[0]
    cell_nr, cell_text, cell_date = table._cellvalues[1]
    assert isinstance(cell_text, Paragraph)
    assert cell_nr.style.name == "TabelCelGetal"
    assert cell_date.getPlainText() == "02-01-2026"
    assert table.repeatRows == 1


def test_make_table_escapes_markup_and_handles_empty():
    table = styles.make_table(["Naam"], [["<b>Jansen & Zn</b>"]])
    assert table._cellvalues[1][0].getPlainText() == "<b>Jansen & Zn</b>"
    empty = styles.make_table(["Naam", "Plaats"], [])
    assert empty._cellvalues[1][0].getPlainText() == "Geen gegevens."


def test_relative_column_weights():
    table = styles.make_table(["a", "b"], [["x", "y"]], col_widths=[1, 3])
    assert table._colWidths[1] == pytest.approx(3 * table._colWidths[0])
    with pytest.raises(ValueError):
        styles.make_table(["a", "b"], [], col_widths=[1])
