"""Excel export helper (openpyxl) with the shared look.

``write_workbook(path, [SheetSpec(...)])`` writes one sheet per spec: a bold white header
on the accent colour, the header row frozen, an auto-filter over the data, column widths
from the content (capped), dates as real Excel dates shown as dd-mm-jjjj, and text that
Excel could take for a formula neutralised. The file is written to a temp file in the
target folder and renamed when complete.

Formula neutralising: a text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe (``'=SOM(A1)``), as OWASP advises against
formula injection ("CSV injection"). The apostrophe is then part of the stored text; an
importer that reads our own exports back can undo it with :func:`restore_text`.
Numbers stay numbers (a negative number is not text and is not touched).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from desktop.rapporten._files import atomic_output
from desktop.rapporten.formatting import to_amsterdam
from desktop.rapporten.progress import CancelArg, ProgressFn, check_cancel, report_progress

HEADER_FILL_HEX = "1F4E79"  # styles.ACCENT_HEX without '#': white text on it is 8.7:1
HEADER_FONT_HEX = "FFFFFF"
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
TIME_FORMAT = "HH:MM"
MIN_WIDTH = 8.0
MAX_WIDTH = 60.0
INFO_WIDTH = 100.0
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
MAX_TITLE = 31
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# XML 1.0 cannot hold these control characters; openpyxl raises on them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class SheetSpec:
    """One worksheet: ``title``, column ``headers`` and ``rows`` of values (str, int,
    float, Decimal, bool, date, datetime, None). ``column_widths`` in Excel character
    units overrides the widths derived from the content."""

    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    column_widths: Sequence[float] | None = None


def neutralise(text: str) -> str:
    """Text Excel will never evaluate: formula-like text gets a leading ``'``."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def restore_text(text: str) -> str:
    """Undo :func:`neutralise` for text read back from one of our exports."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text


_DANGLING = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "met",
        "aan",
        "op",
        "in",
        "is",
        "te",
        "die",
        "dat",
        "waarnaar",
        "waar",
        "wie",
    ]
)


def sanitise_sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique sheet title: no ``[]:*?/\\``, not starting or ending with an
    apostrophe, at most 31 characters, not "History" (reserved by Excel)."""
    clean = _TITLE_FORBIDDEN.sub(" ", _ILLEGAL_XML.sub("", str(title)))
    clean = " ".join(clean.split()).strip("'").strip()
    if len(clean) > MAX_TITLE:
        # cut at a word boundary, never mid-word ("... verwijzinge")
        words = clean[: MAX_TITLE + 1].split(" ")[:-1]
        if any("(" in w for w in words) and not any(")" in w for w in words):
            words = words[: next(i for i, w in enumerate(words) if "(" in w)]
        while words and words[-1].casefold() in _DANGLING:
            words.pop()
        cut = " ".join(words)
        clean = cut if len(cut) >= 8 else clean[:MAX_TITLE]
    clean = clean.strip().strip("'").rstrip(" ,;:-(") or "Blad"
    if clean.casefold() == "history":
        clean = "History (1)"
    existing = {t.casefold() for t in taken}
    candidate, n = clean, 2
    while candidate.casefold() in existing:
        suffix = f" ({n})"
        candidate = clean[: MAX_TITLE - len(suffix)].rstrip() + suffix
        n += 1
    return candidate


def excel_value(value: Any) -> tuple[Any, str | None]:
    """The value to store and its number format (``None`` for the default)."""
    if value is None:
        return None, None
    if isinstance(value, bool):
        return ("ja" if value else "nee"), None
    if isinstance(value, datetime):
        local = to_amsterdam(value).replace(tzinfo=None)  # Excel has no time zones
        return local, DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, time):
        return value.replace(tzinfo=None), TIME_FORMAT
    if isinstance(value, int | float | Decimal):
        return value, None
    return neutralise(_ILLEGAL_XML.sub("", str(value))), None


def _display_width(value: Any, fmt: str | None) -> float:
    if value is None:
        return 0
    if fmt == DATE_FORMAT:
        return 10
    if fmt == DATETIME_FORMAT:
        return 16
    if isinstance(value, float):
        return len(f"{value:.2f}")
    text = str(value)
    return max((len(line) for line in text.splitlines()), default=0)


def build_workbook(
    sheets: Sequence[SheetSpec],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelArg = None,
) -> Any:
    """An ``openpyxl.Workbook`` with one styled sheet per spec (not saved)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not sheets:
        raise ValueError("a workbook needs at least one sheet")
    wb = Workbook()
    wb.remove(wb.active)
    wb.properties.creator = "Elkaar"
    header_font = Font(bold=True, color=HEADER_FONT_HEX)
    header_fill = PatternFill("solid", fgColor=HEADER_FILL_HEX)
    header_align = Alignment(vertical="center", wrap_text=False)
    wrap_align = Alignment(wrap_text=True, vertical="top")
    taken: list[str] = []
    done = 0
    for spec in sheets:
        title = sanitise_sheet_title(spec.title, taken)
        taken.append(title)
        ws = wb.create_sheet(title)
        n_cols = len(spec.headers)
        widths = [float(len(str(h))) + 2 for h in spec.headers]
        for col, header in enumerate(spec.headers, start=1):
            cell = ws.cell(row=1, column=col, value=neutralise(str(header)))
            cell.font = header_font
            cell.fill = header_fill
            cell.alignment = header_align
        row_idx = 1
        for row in spec.rows:
            row_idx += 1
            for col in range(n_cols):
                raw = row[col] if col < len(row) else None
                value, fmt = excel_value(raw)
                if value is None:
                    continue
                cell = ws.cell(row=row_idx, column=col + 1)
                cell.value = value
                if isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
                    if "\n" in value or len(value) > MAX_WIDTH:
                        cell.alignment = wrap_align
                if fmt:
                    cell.number_format = fmt
                widths[col] = max(widths[col], _display_width(value, fmt) + 2)
            done += 1
            if done % _PROGRESS_EVERY == 0:
                check_cancel(cancel)
                report_progress(progress, done, 0, f"Rijen schrijven ({title})")
        last_col = get_column_letter(max(n_cols, 1))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{last_col}{max(row_idx, 1)}"
        chosen = list(spec.column_widths) if spec.column_widths else widths
        for col in range(n_cols):
            width = chosen[col] if col < len(chosen) else widths[col]
            ws.column_dimensions[get_column_letter(col + 1)].width = min(
                max(width, MIN_WIDTH), MAX_WIDTH
            )
        ws.sheet_view.zoomScale = 100
    check_cancel(cancel)
    return wb


def append_info_sheet(
    wb: Any,
    paragraphs: Sequence[str],
    *,
    title: str = "Toelichting",
    heading: str | None = None,
) -> Any:
    """Add a sheet of explanatory text (one paragraph per row, wrapped) and return it.

    Use it for what a reader of the export needs to know: source, date, filters,
    what the columns mean.
    """
    from openpyxl.styles import Alignment, Font

    ws = wb.create_sheet(sanitise_sheet_title(title, wb.sheetnames))
    ws.column_dimensions["A"].width = INFO_WIDTH
    row = 1
    if heading:
        cell = ws.cell(row=row, column=1, value=neutralise(heading))
        cell.data_type = "s"
        cell.font = Font(bold=True, size=14, color=HEADER_FILL_HEX)
        row += 2
    wrap = Alignment(wrap_text=True, vertical="top")
    for text in paragraphs:
        clean = neutralise(_ILLEGAL_XML.sub("", str(text)))
        cell = ws.cell(row=row, column=1, value=clean)
        cell.data_type = "s"
        cell.alignment = wrap
        # Excel does not grow rows for wrapped text written by a library; estimate.
        lines = sum(max(1, -(-len(part) // int(INFO_WIDTH))) for part in clean.split("\n"))
        ws.row_dimensions[row].height = 15 * lines
        row += 1
    return ws


def save_workbook(wb: Any, path: Path | str) -> Path:
    """Save through a temp file in the same folder; ``UserError`` when not writable."""
    out = Path(path).expanduser()
    with atomic_output(out) as tmp:
        wb.save(str(tmp))
    return out


def write_workbook(
    path: Path | str,
    sheets: Sequence[SheetSpec],
    *,
    info: Sequence[str] | None = None,
    info_heading: str | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelArg = None,
) -> Path:
    """Write ``sheets`` (and, with ``info``, a last "Toelichting" sheet) to ``path``.

    Raises ``UserError`` when the folder is not writable or the file is open elsewhere,
    ``Cancelled`` when ``cancel`` is set; no file is left behind in either case.
    """
    out = Path(path).expanduser()
    with atomic_output(out) as tmp:  # checks the folder before the work starts
        wb = build_workbook(sheets, progress=progress, cancel=cancel)
        if info:
            append_info_sheet(wb, info, heading=info_heading)
        report_progress(progress, 0, 0, "Opslaan")
        wb.save(str(tmp))
    return out


__all__ = [
    "SheetSpec",
    "append_info_sheet",
    "build_workbook",
    "neutralise",
    "restore_text",
    "sanitise_sheet_title",
    "save_workbook",
    "write_workbook",
]
