"""Shared look of every report: page geometry, colours, paragraph styles, tables.

Colours are chosen for WCAG AA (contrast at least 4.5:1 for text, see
:func:`contrast_ratio`); tests check every text/background pair used here.

Paragraph styles (``get_styles()[name]``): Titel, Ondertitel, Kop1, Kop2, Kop3, Tekst,
Klein, Toelichting, TabelKop, TabelCel, TabelCelGetal, Inhoud1, Inhoud2.
Kop1 and Kop2 feed the table of contents and the PDF bookmarks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, ListFlowable, ListItem, Paragraph, Table, TableStyle

from desktop.rapporten import fonts
from desktop.rapporten.formatting import format_date, format_datetime, format_number

# --- page geometry -------------------------------------------------------------------

PAGE_SIZE = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 27 * mm  # room for the header band
MARGIN_BOTTOM = 22 * mm  # room for the footer band
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT
CONTENT_HEIGHT = PAGE_SIZE[1] - MARGIN_TOP - MARGIN_BOTTOM

# --- colours (hex strings so Excel and SVG can share them) ---------------------------

TEXT_HEX = "#1A1A1A"  # body text: 17.4:1 on white
MUTED_HEX = "#4D4D4D"  # small print and footers: 8.5:1 on white
ACCENT_HEX = "#1F4E79"  # headings, table header fill: 8.7:1 with white
ZEBRA_HEX = "#EEF2F7"  # alternate table rows
NOTE_BG_HEX = "#F2F5F9"  # Toelichting box
RULE_HEX = "#9AA8B8"  # thin lines (decorative, not text)
WHITE_HEX = "#FFFFFF"

TEXT = colors.HexColor(TEXT_HEX)
MUTED = colors.HexColor(MUTED_HEX)
ACCENT = colors.HexColor(ACCENT_HEX)
ZEBRA = colors.HexColor(ZEBRA_HEX)
NOTE_BG = colors.HexColor(NOTE_BG_HEX)
RULE = colors.HexColor(RULE_HEX)
WHITE = colors.white

#: (foreground, background) pairs of text used by the styles; each must reach 4.5:1.
TEXT_COLOUR_PAIRS: tuple[tuple[str, str], ...] = (
    (TEXT_HEX, WHITE_HEX),
    (TEXT_HEX, ZEBRA_HEX),
    (TEXT_HEX, NOTE_BG_HEX),
    (MUTED_HEX, WHITE_HEX),
    (MUTED_HEX, ZEBRA_HEX),
    (ACCENT_HEX, WHITE_HEX),
    (WHITE_HEX, ACCENT_HEX),
)


def _channel(value: float) -> float:
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio (1..21) of two ``#RRGGBB`` colours."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_on(background_hex: str) -> str:
    """Black-ish or white text, whichever contrasts more with ``background_hex``."""
    if contrast_ratio(TEXT_HEX, background_hex) >= contrast_ratio(WHITE_HEX, background_hex):
        return TEXT_HEX
    return WHITE_HEX


# --- paragraph styles -----------------------------------------------------------------


@lru_cache(maxsize=1)
def get_styles() -> StyleSheet1:
    """The shared style sheet (fonts registered on first use)."""
    fonts.register_fonts()
    regular, bold, italic = fonts.REGULAR, fonts.BOLD, fonts.ITALIC
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "Tekst",
        fontName=regular,
        fontSize=10,
        leading=14,
        textColor=TEXT,
        spaceAfter=6,
        alignment=TA_LEFT,
    )
    sheet.add(base)
    sheet.add(
        ParagraphStyle(
            "Titel",
            parent=base,
            fontName=bold,
            fontSize=22,
            leading=27,
            textColor=ACCENT,
            spaceAfter=8,
            keepWithNext=1,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Ondertitel",
            parent=base,
            fontSize=13,
            leading=17,
            textColor=MUTED,
            spaceAfter=14,
            keepWithNext=1,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Kop1",
            parent=base,
            fontName=bold,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=14,
            spaceAfter=8,
            keepWithNext=1,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Kop2",
            parent=base,
            fontName=bold,
            fontSize=13,
            leading=17,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=5,
            keepWithNext=1,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Kop3",
            parent=base,
            fontName=bold,
            fontSize=11,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        )
    )
    sheet.add(ParagraphStyle("Klein", parent=base, fontSize=8.5, leading=11, textColor=MUTED))
    sheet.add(
        ParagraphStyle(
            "Toelichting",
            parent=base,
            fontName=italic,
            fontSize=9.5,
            leading=13,
            backColor=NOTE_BG,
            borderColor=ACCENT,
            borderWidth=0,
            borderPadding=(6, 8, 6, 8),
            leftIndent=8,
            rightIndent=8,
            spaceBefore=12,
            spaceAfter=14,
        )
    )
    sheet.add(
        ParagraphStyle(
            "TabelKop",
            parent=base,
            fontName=bold,
            fontSize=9,
            leading=11.5,
            textColor=WHITE,
            spaceAfter=0,
        )
    )
    sheet.add(ParagraphStyle("TabelCel", parent=base, fontSize=9, leading=11.5, spaceAfter=0))
    sheet.add(ParagraphStyle("TabelCelGetal", parent=sheet["TabelCel"], alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("TabelKopGetal", parent=sheet["TabelKop"], alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("Inhoud1", parent=base, fontName=bold, fontSize=10.5, leading=16))
    sheet.add(ParagraphStyle("Inhoud2", parent=base, fontSize=10, leading=14, leftIndent=14))
    return sheet


def esc(text: object) -> str:
    """Text made safe for Paragraph markup (``&``, ``<``, ``>``), newlines as breaks."""
    return escape(str(text)).replace("\r\n", "\n").replace("\n", "<br/>")


def para(text: object, style: str = "Tekst") -> Paragraph:
    """A paragraph of plain (unmarked) text; use ``Paragraph`` directly for markup."""
    return Paragraph(esc(text), get_styles()[style])


def bullet_list(items: Iterable[object], style: str = "Tekst") -> ListFlowable:
    """A bulleted list of plain-text items."""
    base = get_styles()[style]
    item_style = ParagraphStyle(f"{base.name}Opsomming", parent=base, spaceAfter=2)
    return ListFlowable(
        [ListItem(Paragraph(esc(item), item_style), leftIndent=14) for item in items],
        bulletType="bullet",
        start="•",
        leftIndent=14,
        bulletFontName=fonts.REGULAR,
        bulletFontSize=base.fontSize,
        spaceAfter=base.spaceAfter,
    )


# --- tables -----------------------------------------------------------------------------

CELL_PAD_H = 4
CELL_PAD_V = 3
_WIDTH_SAMPLE_ROWS = 300  # rows looked at to size columns (keeps big tables fast)

Cell = str | int | float | Decimal | date | datetime | bool | None | Flowable


def cell_text(value: Any) -> str:
    """How a plain value appears in a table cell (Dutch dates and numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


def _auto_widths(
    headers: Sequence[str], rows: Sequence[Sequence[Any]], width: float
) -> list[float]:
    """Column widths that fit short columns and let long text wrap.

    Each column gets at least the width of its longest word (so words are not broken)
    and at most its longest line; the space left is shared in proportion to how much
    more each column would like.
    """
    n = len(headers)
    st = get_styles()
    body, head = st["TabelCel"], st["TabelKop"]
    pad = 2 * CELL_PAD_H + 1
    natural = [0.0] * n
    minimum = [0.0] * n

    def measure(col: int, text: str, font: str, size: float) -> None:
        if not text:
            return
        lines = text.splitlines() or [text]
        natural[col] = max(natural[col], *(stringWidth(ln, font, size) for ln in lines))
        longest_word = max(text.split(), key=len, default="")
        minimum[col] = max(minimum[col], stringWidth(longest_word, font, size))

    for col, header in enumerate(headers):
        measure(col, str(header), head.fontName, head.fontSize)
    for row in rows[:_WIDTH_SAMPLE_ROWS]:
        for col, value in enumerate(row[:n]):
            if isinstance(value, Flowable):
                w = getattr(value, "width", 0) or 0
                natural[col] = max(natural[col], float(w))
                minimum[col] = max(minimum[col], float(w))
            else:
                measure(col, cell_text(value), body.fontName, body.fontSize)

    cap = width * 0.6
    floor = 8 * mm
    nat = [max(min(w + pad, cap), floor) for w in natural]
    mins = [min(max(w + pad, floor), nw) for w, nw in zip(minimum, nat, strict=True)]
    if sum(nat) <= width:
        # Everything fits on one line: widen in proportion to fill the width.
        scale = width / sum(nat)
        return [w * scale for w in nat]
    if sum(mins) >= width:
        # Too many columns even for their longest words: shrink evenly.
        scale = width / sum(mins)
        return [w * scale for w in mins]
    spare = width - sum(mins)
    wants = [nw - m for nw, m in zip(nat, mins, strict=True)]
    total_wants = sum(wants) or 1.0
    return [m + spare * w / total_wants for m, w in zip(mins, wants, strict=True)]


def table_style(
    *, header_rows: int = 1, zebra: bool = True, numeric_cols: Sequence[int] = ()
) -> TableStyle:
    """The shared table look: dark header row, light zebra rows, thin rules."""
    cmds: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("TEXTCOLOR", (0, 0), (-1, -1), TEXT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
        ("RIGHTPADDING", (0, 0), (-1, -1), CELL_PAD_H),
        ("TOPPADDING", (0, 0), (-1, -1), CELL_PAD_V),
        ("BOTTOMPADDING", (0, 0), (-1, -1), CELL_PAD_V + 1),
        ("LINEBELOW", (0, -1), (-1, -1), 0.75, ACCENT),
    ]
    if header_rows:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), WHITE),
            ("FONTNAME", (0, 0), (-1, header_rows - 1), fonts.BOLD),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    body_start = header_rows
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, body_start), (-1, -1), [WHITE, ZEBRA]))
    cmds.append(("LINEBELOW", (0, body_start), (-1, -2), 0.25, RULE))
    for col in numeric_cols:
        cmds.append(("ALIGN", (col, 0), (col, -1), "RIGHT"))
    return TableStyle(cmds)


def make_table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    col_widths: Sequence[float] | None = None,
    width: float = CONTENT_WIDTH,
    numeric_cols: Sequence[int] | None = None,
    zebra: bool = True,
    repeat_header: bool = True,
    empty_text: str = "Geen gegevens.",
) -> Table:
    """A report table with the shared look.

    Plain values become wrapping ``Paragraph`` cells (text escaped, dates as dd-mm-jjjj,
    numbers in Dutch notation and right-aligned); flowables are placed as they are.
    ``col_widths`` are relative weights scaled to ``width`` (``[1, 3, 1]``); without them
    widths follow the content. The header row repeats on every page, and a row that is
    taller than a page is split inside the row instead of failing the layout.
    """
    st = get_styles()
    row_list = [list(r) for r in rows]
    n = len(headers)
    if numeric_cols is None:
        numeric_cols = [
            c
            for c in range(n)
            if any(len(r) > c and r[c] is not None for r in row_list)
            and all(_is_number(r[c]) for r in row_list if len(r) > c and r[c] is not None)
        ]
    numeric = set(numeric_cols)

    if col_widths is None:
        widths = _auto_widths([str(h) for h in headers], row_list, width)
    else:
        if len(col_widths) != n:
            raise ValueError("col_widths must have one weight per column")
        total = float(sum(col_widths))
        widths = [width * w / total for w in col_widths]

    data: list[list[Any]] = [
        [
            Paragraph(esc(h), st["TabelKopGetal" if c in numeric else "TabelKop"])
            for c, h in enumerate(headers)
        ]
    ]
    for row in row_list:
        cells: list[Any] = []
        for c in range(n):
            value = row[c] if c < len(row) else None
            if isinstance(value, Flowable):
                cells.append(value)
            else:
                style = st["TabelCelGetal" if c in numeric else "TabelCel"]
                cells.append(Paragraph(esc(cell_text(value)), style))
        data.append(cells)
    style = table_style(zebra=zebra, numeric_cols=sorted(numeric))
    if not row_list:
        data.append([Paragraph(esc(empty_text), st["TabelCel"])] + [""] * (n - 1))
        style.add("SPAN", (0, 1), (-1, 1))
    table = Table(
        data,
        colWidths=widths,
        style=style,
        repeatRows=1 if repeat_header else 0,
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )
    return table


def key_value_table(pairs: Iterable[tuple[str, Cell]], *, width: float = CONTENT_WIDTH) -> Table:
    """A two-column label/value table without header (for summaries such as
    "Gemeente", "Schemaversie", "Laatste back-up")."""
    st = get_styles()
    pair_list = list(pairs)
    label_w = min(
        width * 0.45,
        max((stringWidth(str(k), fonts.BOLD, 9) for k, _ in pair_list), default=0)
        + 2 * CELL_PAD_H
        + 6,
    )
    label_style = ParagraphStyle("KV", parent=st["TabelCel"], fontName=fonts.BOLD)
    data = [
        [
            Paragraph(esc(k), label_style),
            v if isinstance(v, Flowable) else Paragraph(esc(cell_text(v)), st["TabelCel"]),
        ]
        for k, v in pair_list
    ]
    style = table_style(header_rows=0, zebra=True)
    return Table(
        data,
        colWidths=[label_w, width - label_w],
        style=style,
        splitByRow=1,
        splitInRow=1,
        hAlign="LEFT",
        spaceBefore=4,
        spaceAfter=10,
    )


def text_width(text: str, size: float = 10, *, bold: bool = False) -> float:
    fonts.register_fonts()
    return stringWidth(text, fonts.BOLD if bold else fonts.REGULAR, size)


def wrap_words(text: str, max_width: float, size: float, *, bold: bool = False) -> list[str]:
    """Greedy word wrap by measured width (for chart labels)."""
    words = str(text).split()
    if not words:
        return [""]
    lines: list[str] = []
    current = words[0]
    for word in words[1:]:
        candidate = f"{current} {word}"
        if text_width(candidate, size, bold=bold) <= max_width:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


def ceil_nice(value: float) -> float:
    """Round up to 1, 2, 2.5 or 5 times a power of ten (axis maximum)."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for f in (1, 2, 2.5, 5, 10):
        candidate = f * 10**exp
        if candidate >= value - 1e-9:
            return float(candidate)
    return float(10 ** (exp + 1))
