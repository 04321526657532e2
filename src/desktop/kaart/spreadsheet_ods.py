"""Reading an OpenDocument spreadsheet (.ods, LibreOffice Calc) for ``spreadsheet``.

The zip has already passed ``spreadsheet._open_zip`` (sizes, ratios, encryption flag).
``content.xml`` is inflated by the same guarded ``_inflate`` and parsed in one streaming
pass with expat (DTDs and entities refused, as for .xlsx). Only cells with content are
kept, so "repeat this empty row a million times" costs nothing; rows or cells with
content that repeat are expanded up to the sheet limits. Values come from the typed
attributes (``office:value``, ``office:date-value``, ...) -- numbers, dates, times and
booleans -- and text from the ``text:p`` paragraphs (comments left out). Spanned cells
become merges, so a name merged over several rows is copied down like in .xlsx.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from desktop.errors import UserError

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_SEP = "\x1f"
_MAX_ROW = 1_048_576
_MAX_COL = 16_384
_MAX_REPEAT_CELLS = 2_000_000  # cells with content created by repeat attributes
_DURATION = re.compile(r"-?P(?:[0-9]+D)?T?(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9.]+)S)?")


def is_ods(archive: Any) -> bool:
    return (archive.read_small("mimetype") or b"").strip() == _ODS_MIME


@dataclass
class OdsSheet:
    name: str
    rows: list[tuple[int, dict[int, Any]]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    max_row: int = 0


def _q(ns: str, name: str) -> str:
    return f"{ns}{_SEP}{name}"


_T_TABLE, _T_ROW, _T_CELL, _T_COVERED = (
    _q(_TABLE, "table"),
    _q(_TABLE, "table-row"),
    _q(_TABLE, "table-cell"),
    _q(_TABLE, "covered-table-cell"),
)
_A_NAME = _q(_TABLE, "name")
_A_ROWS_REP = _q(_TABLE, "number-rows-repeated")
_A_COLS_REP = _q(_TABLE, "number-columns-repeated")
_A_COLS_SPAN = _q(_TABLE, "number-columns-spanned")
_A_ROWS_SPAN = _q(_TABLE, "number-rows-spanned")
_A_TYPE = _q(_OFFICE, "value-type")
_A_VALUE = _q(_OFFICE, "value")
_A_DATE = _q(_OFFICE, "date-value")
_A_TIME = _q(_OFFICE, "time-value")
_A_BOOL = _q(_OFFICE, "boolean-value")
_A_STRING = _q(_OFFICE, "string-value")
_ANNOTATION = _q(_OFFICE, "annotation")
_P, _S, _TAB, _BREAK = (
    _q(_TEXT, "p"),
    _q(_TEXT, "s"),
    _q(_TEXT, "tab"),
    _q(_TEXT, "line-break"),
)
_A_C = _q(_TEXT, "c")


def _int(value: str | None, default: int = 1) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


def _typed(kind: str, attrs: dict[str, str]) -> Any:
    """The cell's typed value, or None to use its text."""
    try:
        if kind in ("float", "percentage", "currency"):
            return float(attrs[_A_VALUE])
        if kind == "date":
            raw = attrs[_A_DATE]
            if "T" in raw:
                return dt.datetime.fromisoformat(raw[:19])
            return dt.date.fromisoformat(raw[:10])
        if kind == "time":
            m = _DURATION.fullmatch(attrs[_A_TIME])
            if m:
                h, mi, sec = int(m[1] or 0), int(m[2] or 0), float(m[3] or 0)
                return dt.time(h % 24, mi % 60, int(sec) % 60)
        if kind == "boolean":
            return attrs[_A_BOOL].strip().lower() == "true"
        if kind == "string" and _A_STRING in attrs:
            return attrs[_A_STRING]
    except (KeyError, ValueError):
        return None
    return None


def read_ods(archive: Any, parse: Any, progress: Any = None) -> list[OdsSheet]:
    """All sheets of the document. ``parse(archive, part, start, end, chars)`` is
    ``spreadsheet._parse_stream`` (guarded inflating, safe expat)."""
    manifest = archive.read_small("META-INF/manifest.xml") or b""
    if b"encryption-data" in manifest:
        raise UserError(
            "Het rekenblad is beveiligd met een wachtwoord. Sla het in LibreOffice op zonder "
            "wachtwoord en probeer het opnieuw."
        )
    if archive.find("content.xml") is None:
        raise UserError("Het OpenDocument-rekenblad is beschadigd: de inhoud ontbreekt.")
    sheets: list[OdsSheet] = []
    st: dict[str, Any] = {
        "sheet": None, "row": 0, "col": 0, "row_rep": 1, "cells": {}, "cell": None,
        "text": [], "para": 0, "note": 0, "budget": _MAX_REPEAT_CELLS,
    }  # fmt: skip

    def start(name: str, attrs: dict[str, str]) -> None:
        if st["note"]:
            if name == _ANNOTATION:
                st["note"] += 1
            return
        if name == _T_TABLE:
            sheet = OdsSheet(attrs.get(_A_NAME, f"Blad{len(sheets) + 1}"))
            sheets.append(sheet)
            st.update(sheet=sheet, row=0)
        elif st["sheet"] is None:
            return
        elif name == _T_ROW:
            st.update(col=0, cells={}, row_rep=_int(attrs.get(_A_ROWS_REP)))
            st["row"] += 1
        elif name in (_T_CELL, _T_COVERED):
            rep = _int(attrs.get(_A_COLS_REP))
            col = st["col"] + 1
            st["col"] += rep
            if name == _T_COVERED:
                return
            kind = attrs.get(_A_TYPE, "")
            st["cell"] = (col, rep, _typed(kind, attrs), kind)
            st["text"] = []
            span_c, span_r = _int(attrs.get(_A_COLS_SPAN)), _int(attrs.get(_A_ROWS_SPAN))
            if (span_c > 1 or span_r > 1) and len(st["sheet"].merges) < 100_000:
                r = st["row"]
                st["sheet"].merges.append((r, col, r + span_r - 1, col + span_c - 1))
        elif name == _ANNOTATION:
            st["note"] = 1
        elif st["cell"] is not None:
            if name == _P:
                if st["para"]:
                    st["text"].append("\n")
                st["para"] += 1
            elif name == _S:
                st["text"].append(" " * min(_int(attrs.get(_A_C)), 100))
            elif name == _TAB:
                st["text"].append(" ")
            elif name == _BREAK:
                st["text"].append("\n")

    def chars(data: str) -> None:
        if st["cell"] is not None and not st["note"] and st["para"]:
            st["text"].append(data)

    def end(name: str) -> None:
        if st["note"]:
            if name == _ANNOTATION:
                st["note"] -= 1
            return
        if name in (_T_CELL,) and st["cell"] is not None:
            col, rep, value, kind = st["cell"]
            if value is None:
                value = "".join(st["text"])
            st["cell"], st["para"] = None, 0
            if value == "" or col > _MAX_COL:
                return
            rep = min(rep, _MAX_COL - col + 1)
            st["budget"] -= rep
            if st["budget"] < 0:
                raise UserError("Het rekenblad is te groot om in te lezen.")
            for c in range(col, col + rep):
                st["cells"][c] = value
        elif name == _T_ROW and st["sheet"] is not None:
            sheet: OdsSheet = st["sheet"]
            rep = st["row_rep"]
            if st["cells"]:
                rep = min(rep, _MAX_ROW - st["row"] + 1)
                st["budget"] -= rep * len(st["cells"])
                if st["budget"] < 0:
                    raise UserError("Het rekenblad is te groot om in te lezen.")
                for i in range(rep):
                    sheet.rows.append((st["row"] + i, dict(st["cells"])))
                sheet.max_row = st["row"] + rep - 1
            st["row"] += rep - 1
        elif name == _T_TABLE:
            st["sheet"] = None

    parse(archive, "content.xml", start, end, chars)
    return sheets
