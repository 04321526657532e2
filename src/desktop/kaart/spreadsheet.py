"""Read a spreadsheet (.xlsx, .ods or .csv) into a plain table of text, safely.

``read_table(path)`` returns a ``Table``: the header names, the data rows as
``{header: text}`` and the sheet name. Everything a user can get wrong -- a renamed
Word document, random bytes, an old .xls, a password-protected or damaged workbook, a zip
bomb, a sheet with a million empty rows or a cell in the far corner XFD1048576 -- ends in
a ``UserError`` with a Dutch message, never in another exception, a hang or a crash.

How an .xlsx is read
    1. The whole file is read into memory (at most ``MAX_FILE_BYTES``).
    2. The zip directory is checked before anything is unpacked: number of members,
       duplicate names, encryption, the declared unpacked size (``MAX_UNCOMPRESSED_BYTES``)
       and the compression ratio per member (``MAX_COMPRESSION_RATIO``).
    3. Every member is inflated once by our own code, which stops as soon as a member
       produces more than it declared, and checks its CRC. While inflating, a cheap scan
       notes where cells with content sit, counts shared strings, finds merged ranges and
       refuses DTDs/entities (XML bombs).
    4. The values are read with python-calamine when the scan proves that the sheet's
       cell range is small enough (calamine allocates the whole rectangle from A1 to the
       last cell: one cell in XFD1048576 makes it abort the process). Otherwise -- or when
       calamine is not installed or fails -- a streaming expat reader is used, which keeps
       only non-empty cells. Formulas are never evaluated: both give the value Excel
       stored when the file was saved (a formula without a stored value reads as empty).

How an .ods is read
    The same zip checks, then ``content.xml`` is streamed by ``spreadsheet_ods`` (only
    cells with content are kept; typed values for numbers, dates and booleans).

How a .csv is read
    UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252. The delimiter (``;``,
    ``,``, tab or ``|``) is chosen by which one gives the most rows with the same number
    of fields. A cell written as ``="0612345678"`` (a common trick to keep leading zeros)
    is read as ``0612345678``.

Turning cells into text
    Whitespace is trimmed, line breaks become ``\\n``, other control characters are
    dropped. Whole numbers lose their ``.0`` (``612345678.0`` -> ``"612345678"``); other
    numbers get a decimal comma (``3.5`` -> ``"3,5"``). Leading zeros that Excel already
    dropped cannot come back here -- ``validation.normalise_phone`` restores the 0 of a
    9-digit phone number, a postcode typed as a number stays invalid. Dates become
    ``dd-mm-jjjj`` (with ``hh:mm`` when there is a time), times ``hh:mm``, TRUE/FALSE
    ``ja``/``nee``, error values (``#N/B``) empty. Text that starts with ``=`` is kept as
    text; exports must neutralise it (``text.neutralise_formula``).

Finding the table
    The header is the first row with at least two text cells among the first
    ``HEADER_SEARCH_ROWS`` non-empty rows; rows above it (titles) are skipped. Empty rows
    are skipped; after ``EMPTY_ROW_STOP`` consecutive empty rows reading stops (with a
    warning in ``Table.warnings`` when something follows -- or, with the stream reader,
    may follow: cells below that hold an empty string count). A column with data but no
    header is called "Kolom X" (its letter); a column with neither is dropped; duplicate
    header names get " (2)", " (3)". A vertically merged cell below the header is copied
    into every row of the merge (e.g. an organisation name merged over its aanbod rows);
    horizontal merges keep the value in their first column only. A row that repeats the
    header (a list in blocks, each with its own header) is skipped.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import math
import operator
import posixpath
import re
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import chain, compress
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring as safe_fromstring

from desktop.errors import UserError

try:
    import python_calamine as _calamine
except ImportError:  # pragma: no cover - calamine is optional; the stream reader suffices
    _calamine = None

__all__ = [
    "EMPTY_ROW_STOP",
    "HEADER_SEARCH_ROWS",
    "MAX_COLUMNS",
    "MAX_COMPRESSION_RATIO",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "Cancel",
    "Progress",
    "ReadCancelled",
    "RowData",
    "Table",
    "list_sheets",
    "read_table",
]

# --- limits -----------------------------------------------------------------------

#: Largest file read at all (xlsx or csv). A 100 000-row kaart export is ~10 MB.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest total unpacked size of an xlsx (declared and actual).
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024
#: Largest unpacked/packed ratio of one member bigger than ``_RATIO_GRACE_BYTES``.
#: Real sheets compress 5-20x; Apache POI refuses above 100x.
MAX_COMPRESSION_RATIO = 100
_RATIO_GRACE_BYTES = 1024 * 1024
_MAX_ZIP_MEMBERS = 2000
_MAX_CENTRAL_DIRECTORY = 4 * 1024 * 1024
_MAX_META_BYTES = 10 * 1024 * 1024  # workbook.xml and .rels, parsed in one piece
#: Most data rows returned; more is a user error ("split the file").
MAX_ROWS = 100_000
#: Most columns with content.
MAX_COLUMNS = 250
#: Reading stops after this many consecutive empty rows.
EMPTY_ROW_STOP = 1000
#: The header must be among this many non-empty rows at the top.
HEADER_SEARCH_ROWS = 20
# calamine materialises the whole cell rectangle; above this we stream instead.
_MAX_DENSE_CELLS = 2_500_000
_MAX_SHARED_STRINGS = 3_000_000
_MAX_MERGES = 100_000
_EXCEL_MAX_ROW = 1_048_576
_EXCEL_MAX_COL = 16_384
_CHUNK = 1 << 16
_OVERFLOW_PROBE = 8 * 1024 * 1024

Progress = Callable[[int, int], None]
"""``progress(done, total)``: reading reports ``total == 1000`` and a rising ``done``."""
Cancel = Callable[[], bool]
"""Returns True when the user pressed cancel (e.g. ``threading.Event().is_set``)."""
HeaderScore = Callable[[list[str]], float]
"""How recognisable a row of cell texts is as the header (0 = not at all), e.g. the
number of import fields its names match (``columns.header_score``)."""


class ReadCancelled(UserError):
    """The user cancelled reading the file."""

    def __init__(self) -> None:
        super().__init__("Het inlezen van het bestand is afgebroken.")


@dataclass(frozen=True, slots=True)
class RowData:
    """One data row: ``row_number`` as the spreadsheet shows it (1-based), ``values``
    maps every header of the table to the cell text ("" when empty)."""

    row_number: int
    values: dict[str, str]


@dataclass(frozen=True)
class Table:
    """A sheet read as text. ``columns`` maps each header to its column letter (for
    messages such as "rij 12, kolom C"); ``header_row`` is the row of the headers;
    ``warnings`` holds Dutch remarks for the user (nothing fatal). ``sheet_name`` is ""
    for CSV files."""

    headers: list[str]
    rows: list[RowData]
    sheet_name: str
    header_row: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    header_score: float = 0.0


# --- messages ---------------------------------------------------------------------


def _nl(number: int) -> str:
    """Dutch thousands separator: 100000 -> '100.000'."""
    return f"{number:,}".replace(",", ".")


_MSG_CORRUPT = (
    "Het Excel-bestand is beschadigd en kan niet worden gelezen. "
    "Open het in Excel, sla het opnieuw op als .xlsx en probeer het nog eens."
)
_MSG_NOT_SPREADSHEET = (
    "Dit bestand is geen Excel-werkmap (.xlsx), geen LibreOffice-rekenblad (.ods) en "
    "geen CSV-bestand. Kies een .xlsx-, .ods- of .csv-bestand."
)
_MSG_UNSAFE_XML = (
    "Het Excel-bestand bevat XML-onderdelen die niet zijn toegestaan (DTD of entiteiten). "
    "Het wordt uit voorzorg niet gelezen; sla het in Excel opnieuw op als .xlsx."
)


def _msg_bomb() -> str:
    return (
        f"Het Excel-bestand pakt uit tot meer dan {_nl(MAX_UNCOMPRESSED_BYTES // 2**20)} MB "
        "of is verdacht sterk gecomprimeerd (mogelijk een zip-bom). "
        "Het wordt uit voorzorg niet gelezen."
    )


class _EngineFailed(Exception):
    """calamine could not read a sheet that passed our checks; use the stream reader."""


class _Stop(Exception):
    """Internal: stop the expat parser."""


class _UnsafeXml(Exception):
    """Internal: a DTD or entity declaration was met."""


# --- progress ---------------------------------------------------------------------


class _Reporter:
    def __init__(self, progress: Progress | None, cancel: Cancel | None) -> None:
        self._progress = progress
        self._cancel = cancel
        self._last = -1

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise ReadCancelled()

    def report(self, permille: float) -> None:
        value = max(0, min(1000, int(permille)))
        if value > self._last:
            self._last = value
            if self._progress is not None:
                self._progress(value, 1000)
        self.check()


# --- public API -------------------------------------------------------------------


def read_table(
    path: str | Path,
    *,
    sheet: str | None = None,
    max_rows: int = MAX_ROWS,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    header_score: HeaderScore | None = None,
) -> Table:
    """Read the table in an .xlsx or .csv file (see the module docstring).

    ``sheet`` picks a worksheet by name (case-insensitive; ignored for CSV); by default
    the first visible worksheet that has content -- or, with ``header_score``, the
    visible worksheet whose header scores best (ties: the first), with a warning naming
    the sheet when it is not the first. ``header_score`` also picks the header row: the
    best scoring of the first ``HEADER_SEARCH_ROWS`` non-empty rows with two or more text
    cells (titles and explanations above it are skipped). More than ``max_rows`` data
    rows is a ``UserError``. ``progress`` and ``cancel`` serve a progress dialog;
    cancelling raises ``ReadCancelled``. Every failure is a ``UserError`` with a Dutch
    message; unexpected internal errors carry the technical cause in
    ``UserError.detail`` for the log.
    """
    reporter = _Reporter(progress, cancel)
    try:
        reporter.check()
        data = _read_bytes(Path(path))
        reporter.report(20)
        if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            return _read_xlsx(
                data, sheet=sheet, max_rows=max_rows, reporter=reporter, header_score=header_score
            )
        _reject_other_formats(data, Path(path))
        return _read_csv(data, max_rows=max_rows, reporter=reporter, header_score=header_score)
    except UserError:
        raise
    except MemoryError as exc:
        raise UserError("Het bestand is te groot om in te lezen.") from exc
    except Exception as exc:  # untrusted input: never a traceback for the user
        raise UserError(
            "Het bestand kan niet worden gelezen (onverwachte fout bij het inlezen).",
            detail=f"{type(exc).__name__}: {exc}",
        ) from exc


def list_sheets(path: str | Path) -> list[str]:
    """Names of the visible worksheets of an .xlsx file, in workbook order (chart
    sheets and hidden sheets left out); ``[]`` for a CSV file."""
    try:
        data = _read_bytes(Path(path))
        if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            _reject_other_formats(data, Path(path))
            return []
        archive = _open_zip(data)
        from desktop.kaart import spreadsheet_ods

        if spreadsheet_ods.is_ods(archive):
            return [s.name for s in _ods_sheets(archive)]
        workbook = _parse_workbook(archive)
        return [s.name for s in workbook.sheets if s.kind == "worksheet" and s.visible]
    except UserError:
        raise
    except Exception as exc:
        raise UserError(_MSG_CORRUPT, detail=f"{type(exc).__name__}: {exc}") from exc


# --- file level -------------------------------------------------------------------


def _read_bytes(path: Path) -> bytes:
    name = path.name
    try:
        if path.is_dir():
            raise UserError(f"'{name}' is een map, geen bestand.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UserError(
                f"Het bestand is te groot ({_nl(size // 2**20)} MB; hoogstens "
                f"{_nl(MAX_FILE_BYTES // 2**20)} MB). Splits het in kleinere bestanden."
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise UserError(f"Het bestand '{name}' bestaat niet (meer).") from exc
    except PermissionError as exc:
        raise UserError(
            f"Het bestand '{name}' kan niet worden geopend. Is het nog geopend in een ander "
            "programma, of mag u het niet lezen?"
        ) from exc
    except OSError as exc:
        raise UserError(f"Het bestand '{name}' kan niet worden gelezen ({exc.strerror}).") from exc
    if len(data) > MAX_FILE_BYTES:
        raise UserError("Het bestand is te groot. Splits het in kleinere bestanden.")
    if not data:
        raise UserError(f"Het bestand '{name}' is leeg.")
    return data


_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _reject_other_formats(data: bytes, path: Path) -> None:
    """Clear messages for files that are not xlsx (zip) and not text."""
    if data.startswith(_OLE_SIGNATURE):
        if _utf16("EncryptedPackage") in data or _utf16("EncryptionInfo") in data:
            raise UserError(
                "Het Excel-bestand is beveiligd met een wachtwoord. Verwijder de beveiliging "
                "in Excel (Bestand > Info > Werkmap beveiligen), sla het op en probeer het "
                "opnieuw."
            )
        if _utf16("Workbook") in data or _utf16("Book") in data:
            raise UserError(
                "Dit is een Excel-bestand in het oude formaat (.xls). Open het in Excel en "
                "sla het op als Excel-werkmap (.xlsx)."
            )
        raise UserError(
            "Dit is een ouder Office-bestand (bijvoorbeeld Word of PowerPoint), geen "
            "Excel-werkmap. Kies een .xlsx-, .ods- of .csv-bestand."
        )
    if data.startswith(b"%PDF"):
        raise UserError("Dit is een PDF-bestand, geen Excel- of CSV-bestand.")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<table" in head:
        raise UserError(
            "Dit is een webpagina (HTML), ook al heeft het misschien de extensie .xls. "
            "Open het in Excel en sla het op als Excel-werkmap (.xlsx)."
        )
    if head.startswith(b"<?xml"):
        if b"excel.sheet" in head or b"urn:schemas-microsoft-com:office:spreadsheet" in head:
            raise UserError(
                "Dit is een Excel 2003 XML-bestand. Open het in Excel en sla het op als "
                "Excel-werkmap (.xlsx)."
            )
        raise UserError(_MSG_NOT_SPREADSHEET)
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xltx", ".xltm"):
        raise UserError(
            f"'{path.name}' heeft de extensie {path.suffix} maar is geen Excel-werkmap: het "
            "bestand is beschadigd of van een ander soort. Open het in Excel en sla het "
            "opnieuw op als .xlsx."
        )


# --- zip level --------------------------------------------------------------------


@dataclass
class _Archive:
    data: bytes
    zf: zipfile.ZipFile
    infos: dict[str, zipfile.ZipInfo]
    by_lower: dict[str, str]

    def find(self, name: str) -> zipfile.ZipInfo | None:
        info = self.infos.get(name)
        if info is None and name.lower() in self.by_lower:
            info = self.infos[self.by_lower[name.lower()]]
        return info

    def read_small(self, name: str) -> bytes | None:
        info = self.find(name)
        if info is None:
            return None
        if info.file_size > _MAX_META_BYTES:
            raise UserError(_MSG_CORRUPT, detail=f"{name} is {info.file_size} bytes")
        return b"".join(_inflate(self.data, info))


def _check_end_record(data: bytes) -> None:
    """Refuse archives announcing absurd member counts before zipfile builds them."""
    pos = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if pos < 0 or pos + 22 > len(data):
        raise UserError(_MSG_CORRUPT, detail="no end of central directory")
    _, _, _, _, entries, cd_size, _, _ = struct.unpack_from("<4sHHHHIIH", data, pos)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = pos - 20
        if loc >= 0 and data[loc : loc + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack_from("<Q", data, loc + 8)
            if offset + 56 <= len(data) and data[offset : offset + 4] == b"PK\x06\x06":
                entries, cd_size = struct.unpack_from("<QQ", data, offset + 32)
    if entries > _MAX_ZIP_MEMBERS or cd_size > _MAX_CENTRAL_DIRECTORY:
        raise UserError(
            "Het bestand bestaat uit te veel onderdelen voor een Excel-werkmap en wordt uit "
            "voorzorg niet gelezen."
        )


def _open_zip(data: bytes) -> _Archive:
    _check_end_record(data)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = zf.infolist()
    except Exception as exc:  # BadZipFile, ValueError, struct.error, ... on a damaged file
        raise UserError(_MSG_CORRUPT, detail=f"{type(exc).__name__}: {exc}") from exc
    if not members:
        raise UserError("Het bestand is een leeg zip-archief, geen Excel-werkmap.")
    if len(members) > _MAX_ZIP_MEMBERS:
        raise UserError(
            "Het bestand bestaat uit te veel onderdelen voor een Excel-werkmap en wordt uit "
            "voorzorg niet gelezen."
        )
    infos: dict[str, zipfile.ZipInfo] = {}
    by_lower: dict[str, str] = {}
    total = 0
    for info in members:
        if not info.filename:  # a damaged central directory entry without a name
            raise UserError(_MSG_CORRUPT, detail="zip member without a name")
        key = info.filename.replace("\\", "/").lstrip("/").lower()
        if key in by_lower:
            raise UserError(_MSG_CORRUPT, detail=f"duplicate member {info.filename!r}")
        by_lower[key] = info.filename
        infos[info.filename] = info
        if info.flag_bits & 0x1:
            raise UserError(
                "Het bestand is versleuteld of met een wachtwoord beveiligd. Verwijder de "
                "beveiliging en probeer het opnieuw."
            )
        total += info.file_size
        if total > MAX_UNCOMPRESSED_BYTES:
            raise UserError(_msg_bomb())
        if info.file_size > _RATIO_GRACE_BYTES and info.file_size > MAX_COMPRESSION_RATIO * max(
            info.compress_size, 1
        ):
            raise UserError(_msg_bomb())
    return _Archive(data=data, zf=zf, infos=infos, by_lower=by_lower)


def _classify(archive: _Archive) -> None:
    """Refuse zip files that are not an xlsx, with a message naming what they are."""
    names = set(archive.by_lower)
    if "mimetype" in names:
        mimetype = (archive.read_small("mimetype") or b"").strip()
        if mimetype == b"application/vnd.oasis.opendocument.spreadsheet":
            raise UserError(
                "Dit OpenDocument-rekenblad (.ods) is onvolledig of beschadigd. Open het in "
                "LibreOffice, sla het opnieuw op en probeer het nog eens."
            )
        raise UserError("Dit is een OpenDocument-bestand, geen Excel-werkmap.")
    if any(n.startswith("word/") for n in names):
        raise UserError(
            "Dit is een Word-document, geen Excel-bestand. Kies een .xlsx-, .ods- of .csv-bestand."
        )
    if any(n.startswith("ppt/") for n in names):
        raise UserError("Dit is een PowerPoint-presentatie, geen Excel-bestand.")
    if "xl/workbook.bin" in names:
        raise UserError(
            "Dit is een binaire Excel-werkmap (.xlsb). Sla het in Excel op als "
            "Excel-werkmap (.xlsx)."
        )
    if not any(n.startswith("xl/") for n in names):
        raise UserError(
            "Dit is een zip-archief, geen Excel-werkmap. Kies een .xlsx-, .ods- of .csv-bestand."
        )


def _inflate(data: bytes, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """Unpack one member ourselves: never more than it declares, CRC checked."""
    offset = info.header_offset
    if offset < 0 or data[offset : offset + 4] != b"PK\x03\x04":
        raise UserError(_MSG_CORRUPT, detail=f"bad local header for {info.filename}")
    name_len, extra_len = struct.unpack_from("<HH", data, offset + 26)
    start = offset + 30 + name_len + extra_len
    end = start + info.compress_size
    if end > len(data):
        raise UserError(_MSG_CORRUPT, detail=f"{info.filename} is truncated")
    raw = memoryview(data)[start:end]
    expected = info.file_size
    produced = 0
    crc = 0
    if info.compress_type == zipfile.ZIP_STORED:
        if len(raw) != expected:
            raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: stored size mismatch")
        for pos in range(0, len(raw), _CHUNK):
            chunk = bytes(raw[pos : pos + _CHUNK])
            crc = zlib.crc32(chunk, crc)
            yield chunk
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        # Past the declared size nothing more is handed out; inflating goes on (output
        # discarded) for at most _OVERFLOW_PROBE bytes to tell damage from a bomb.
        inflater = zlib.decompressobj(-15)
        probe_limit = expected + _OVERFLOW_PROBE
        try:
            for pos in range(0, len(raw), _CHUNK):
                pending = bytes(raw[pos : pos + _CHUNK])
                while pending and not inflater.eof and produced <= probe_limit:
                    chunk = inflater.decompress(pending, _CHUNK)
                    pending = inflater.unconsumed_tail
                    produced += len(chunk)
                    if chunk and produced <= expected:
                        crc = zlib.crc32(chunk, crc)
                        yield chunk
                if inflater.eof or produced > probe_limit:
                    break
            rest = inflater.flush() if produced <= probe_limit else b""
        except zlib.error as exc:
            raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: {exc}") from exc
        produced += len(rest)
        if produced > probe_limit:
            raise UserError(_msg_bomb(), detail=f"{info.filename} inflates far past its size")
        if produced > expected or not inflater.eof:
            raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: size mismatch")
        if rest:
            crc = zlib.crc32(rest, crc)
            yield rest
        if produced != expected:
            raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: size mismatch")
    else:
        raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: compression {info.compress_type}")
    if crc != info.CRC:
        raise UserError(_MSG_CORRUPT, detail=f"{info.filename}: CRC mismatch")


# --- cheap scan of every member ---------------------------------------------------

# Every cell start tag, parsed strictly: well-formed attributes (quoted, no markup
# inside), the usual r-first reference captured directly, a trailing "/" for
# self-closing (style-only, empty) cells. A tag that does not parse strictly means
# something unusual is going on, and the sheet is left to the stream reader.
_P = rb"(?:[A-Za-z_][\w.\-]*:)?"  # optional namespace prefix
_SCAN_CELL = re.compile(
    rb"<" + _P + rb"c(?=[\s/>])(?:"
    rb"(?:\s+r=\"([A-Z]{1,3})([0-9]{1,7})\")?"  # 1, 2: the usual r-first reference
    rb"((?:\s+[\w:.\-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'))*+)\s*(/?)>"  # 3: attrs, 4: "/"
    rb"|(.))",  # 5: anything else -- not a tag we understand
    re.DOTALL,
)
_SLASH, _BAD = operator.itemgetter(3), operator.itemgetter(4)
_SCAN_REF = re.compile(rb"""(?<![\w.\-])r\s*=\s*["']\s*([A-Za-z]{1,3})([0-9]{1,7})\s*["']""")
_SCAN_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.\-]*:)?mergeCell(?=[\s/>])[^>]*?\bref\s*=\s*[\"']"
    rb"([A-Za-z]{1,3})([0-9]{1,7}):([A-Za-z]{1,3})([0-9]{1,7})[\"']"
)
_SCAN_SI = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?si(?=[\s/>])")
_SCAN_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_SCAN_TAIL_LIMIT = 1024 * 1024


def _col_number(letters: str) -> int:
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number


def _col_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass
class _PartScan:
    """What the scan learned about one zip member."""

    max_row: int = 0  # of cells that are not self-closing (what calamine allocates)
    max_col: int = 0
    cells: int = 0
    shared_strings: int = 0
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    anomaly: bool = False  # something the dense reader might read differently
    unsafe: bool = False  # DTD or entity declaration


class _Scanner:
    def __init__(self, *, count_shared_strings: bool) -> None:
        self.result = _PartScan()
        self._tail = b""
        self._count_si = count_shared_strings

    def feed(self, chunk: bytes) -> None:
        buf = self._tail + chunk if self._tail else chunk
        # Scan whole rows where possible (so a cell and its content stay together),
        # otherwise up to the last complete tag.
        cut = buf.rfind(b"row>") + 4
        if cut < 4:
            cut = buf.rfind(b">") + 1
        if cut == 0:
            self._tail = buf
            if len(buf) > _SCAN_TAIL_LIMIT:  # a giant tag or text node: not a normal sheet
                self.result.anomaly = True
                self._tail = buf[-64:]
            return
        self._scan(buf[:cut])
        self._tail = buf[cut:]

    def close(self) -> None:
        if self._tail:
            self._scan(self._tail)
            self._tail = b""

    def _scan(self, text: bytes) -> None:
        res = self.result
        if b"<!" in text and _SCAN_DTD.search(text):
            res.unsafe = True
        if self._count_si:
            res.shared_strings += len(_SCAN_SI.findall(text))
        found = _SCAN_CELL.findall(text)
        if not found:
            pass
        elif any(map(_BAD, found)):
            res.anomaly = True  # the stream reader will read this sheet
        else:
            # Cells that are not self-closing: calamine puts them in its rectangle.
            # (map/compress keep the per-cell work in C: sheets can have millions.)
            cells = list(compress(found, map(operator.not_, map(_SLASH, found))))
            res.cells += len(cells)
            refs = [(lt, dg) for lt, dg, _, _, _ in cells if lt]
            if len(refs) != len(cells):
                for lt, _, attrs, _, _ in cells:
                    if not lt:
                        more = _SCAN_REF.findall(attrs)
                        res.anomaly |= not more  # position implied by order
                        refs.extend(more)
            if refs:
                letters_seen, digits = zip(*refs, strict=True)
                res.max_row = max(res.max_row, max(map(int, digits)))
                res.max_col = max(
                    res.max_col, max(_col_number(c.decode()) for c in set(letters_seen))
                )
        if b"mergeCell" in text and len(res.merges) < _MAX_MERGES:
            for c1, r1, c2, r2 in _SCAN_MERGE.findall(text):
                res.merges.append(
                    (int(r1), _col_number(c1.decode()), int(r2), _col_number(c2.decode()))
                )


def _verify_and_scan(
    archive: _Archive, workbook: _Workbook, reporter: _Reporter
) -> dict[str, _PartScan]:
    total = sum(i.file_size for i in archive.infos.values()) or 1
    done = 0
    scans: dict[str, _PartScan] = {}
    sst = archive.find(workbook.shared_strings or "")
    for name, info in archive.infos.items():
        if info.is_dir():
            continue
        count_si = info is sst or "sharedstrings" in name.lower()
        scanner = _Scanner(count_shared_strings=count_si)
        for chunk in _inflate(archive.data, info):
            scanner.feed(chunk)
            done += len(chunk)
            reporter.report(20 + 200 * done / total)
        scanner.close()
        scans[name] = scanner.result
    return scans


# --- workbook structure -----------------------------------------------------------


@dataclass(frozen=True)
class _SheetInfo:
    name: str
    part: str
    kind: str  # worksheet, chartsheet, dialogsheet, macrosheet
    visible: bool


@dataclass(frozen=True)
class _Workbook:
    sheets: list[_SheetInfo]
    shared_strings: str | None
    styles: str | None
    date1904: bool


def _local(tag: str) -> str:
    return tag.rpartition("}")[2].rpartition(":")[2]


def _parse_xml(archive: _Archive, name: str) -> Element | None:
    raw = archive.read_small(name)
    if raw is None:
        return None
    try:
        return safe_fromstring(raw)
    except DefusedXmlException as exc:
        raise UserError(_MSG_UNSAFE_XML, detail=f"{name}: {exc}") from exc
    except (ParseError, ValueError) as exc:
        raise UserError(_MSG_CORRUPT, detail=f"{name}: {exc}") from exc


def _resolve(base: str, target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(base, target))


def _relationships(archive: _Archive, part: str) -> dict[str, tuple[str, str]]:
    """Id -> (type suffix, resolved target) for the relationships of ``part``."""
    folder, _, filename = part.rpartition("/")
    rels_name = f"{folder}/_rels/{filename}.rels" if folder else f"_rels/{filename}.rels"
    root = _parse_xml(archive, rels_name)
    result: dict[str, tuple[str, str]] = {}
    if root is None:
        return result
    for rel in root.iter():
        if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
            continue
        rel_id, rel_type, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target")
        if rel_id and target:
            result[rel_id] = (rel_type.rpartition("/")[2], _resolve(folder, target))
    return result


def _parse_workbook(archive: _Archive) -> _Workbook:
    _classify(archive)
    workbook_part = "xl/workbook.xml"
    for rel_type, target in _relationships(archive, "").values():
        if rel_type == "officeDocument":
            workbook_part = target
    root = _parse_xml(archive, workbook_part)
    if root is None:
        raise UserError(_MSG_CORRUPT, detail="no workbook part")
    rels = _relationships(archive, workbook_part)
    sheets: list[_SheetInfo] = []
    date1904 = False
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
        elif tag == "sheet":
            rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id"), None)
            rel = rels.get(rel_id or "")
            if rel is None:
                continue
            sheets.append(
                _SheetInfo(
                    name=element.get("name", ""),
                    part=rel[1],
                    kind=rel[0].lower(),
                    visible=element.get("state", "visible") == "visible",
                )
            )
    by_type = {rel_type: target for rel_type, target in rels.values()}
    return _Workbook(
        sheets=sheets,
        shared_strings=by_type.get("sharedStrings"),
        styles=by_type.get("styles"),
        date1904=date1904,
    )


def _choose_sheet(
    workbook: _Workbook, archive: _Archive, scans: dict[str, _PartScan], wanted: str | None
) -> _SheetInfo:
    worksheets = [s for s in workbook.sheets if s.kind == "worksheet"]
    if not worksheets:
        raise UserError("De werkmap bevat geen werkbladen met gegevens.")
    if wanted is not None:
        for candidate in worksheets:
            if candidate.name == wanted:
                return candidate
        for candidate in worksheets:
            if candidate.name.strip().casefold() == wanted.strip().casefold():
                return candidate
        names = ", ".join(f"'{s.name}'" for s in worksheets)
        raise UserError(
            f"Het werkblad '{wanted}' bestaat niet in dit bestand. Werkbladen: {names}."
        )

    def has_cells(sheet: _SheetInfo) -> bool:
        info = archive.find(sheet.part)
        return info is not None and scans.get(info.filename, _PartScan()).cells > 0

    visible = [s for s in worksheets if s.visible] or worksheets
    for candidate in visible:
        if has_cells(candidate):
            return candidate
    raise UserError("De werkmap is leeg: geen van de werkbladen bevat gegevens.")


# --- xlsx reading -----------------------------------------------------------------

RowIter = Iterator[tuple[int, dict[int, Any]]]


def _read_xlsx(
    data: bytes,
    *,
    sheet: str | None,
    max_rows: int,
    reporter: _Reporter,
    header_score: HeaderScore | None = None,
) -> Table:
    archive = _open_zip(data)
    from desktop.kaart import spreadsheet_ods

    if spreadsheet_ods.is_ods(archive):
        return _read_ods(
            archive, sheet=sheet, max_rows=max_rows, reporter=reporter, header_score=header_score
        )
    workbook = _parse_workbook(archive)
    scans = _verify_and_scan(archive, workbook, reporter)
    if any(s.unsafe for s in scans.values()):
        raise UserError(_MSG_UNSAFE_XML)
    if sum(s.shared_strings for s in scans.values()) > _MAX_SHARED_STRINGS:
        raise UserError(
            "Het Excel-bestand bevat te veel verschillende teksten om in te lezen. "
            "Splits het in kleinere bestanden."
        )
    chosen = _choose_sheet(workbook, archive, scans, sheet)
    notes: list[str] = []
    if sheet is None and header_score is not None:
        chosen, notes = _best_sheet(data, workbook, archive, scans, chosen, header_score)
    info = archive.find(chosen.part)
    if info is None:
        raise UserError(_MSG_CORRUPT, detail=f"sheet part {chosen.part} missing")
    scan = scans[info.filename]
    rows, dense = _sheet_rows(data, workbook, archive, scans, chosen)
    table, (stopped_at, data_follows) = _collect(
        rows,
        merges=scan.merges,
        sheet_name=chosen.name,
        max_rows=max_rows,
        reporter=reporter,
        total_rows=max(scan.max_row, 1),
        header_score=header_score,
    )
    table.warnings.extend(notes)
    if stopped_at is not None:
        # Only now, and only for the warning: does anything follow the gap? The scan
        # says when nothing can (no cell with content below). calamine's rows are in
        # memory and cheap to check; the stream reader would have to parse the rest of
        # the sheet, so there the scan's "maybe" counts (cells holding "" included).
        more = data_follows or (
            scan.max_row > stopped_at
            and (not dense or any(_to_text(v) for _, cells in rows for v in cells.values()))
        )
        if more:
            table.warnings.append(_msg_stopped(stopped_at))
    reporter.report(1000)
    return table


def _ods_sheets(archive: _Archive) -> list[Any]:
    from desktop.kaart.spreadsheet_ods import read_ods

    def parse(arch: _Archive, part: str, start: Any, end: Any, chars: Any) -> None:
        _parse_stream(arch, part, start, end, chars, namespace_separator="\x1f")

    return read_ods(archive, parse)


def _read_ods(
    archive: _Archive,
    *,
    sheet: str | None,
    max_rows: int,
    reporter: _Reporter,
    header_score: HeaderScore | None,
) -> Table:
    """An OpenDocument spreadsheet (``spreadsheet_ods``), chosen and collected like .xlsx."""
    sheets = _ods_sheets(archive)
    reporter.report(220)
    filled = [s for s in sheets if s.rows]
    if not sheets:
        raise UserError("Het OpenDocument-rekenblad bevat geen werkbladen met gegevens.")
    notes: list[str] = []
    if sheet is not None:
        wanted = [s for s in sheets if s.name == sheet] or [
            s for s in sheets if s.name.strip().casefold() == sheet.strip().casefold()
        ]
        if not wanted:
            names = ", ".join(f"'{s.name}'" for s in sheets)
            raise UserError(
                f"Het werkblad '{sheet}' bestaat niet in dit bestand. Werkbladen: {names}."
            )
        chosen = wanted[0]
    elif not filled:
        raise UserError("Het rekenblad is leeg: geen van de werkbladen bevat gegevens.")
    else:
        chosen = filled[0]
        if header_score is not None and len(filled) > 1:
            scores = [_probe_header(iter(s.rows), header_score) for s in filled]
            best = max(range(len(filled)), key=lambda i: (scores[i], -i))
            if best and scores[best] > 0:
                chosen = filled[best]
                others = ", ".join(f"'{s.name}'" for s in filled if s is not chosen)
                notes.append(
                    f"Werkblad '{chosen.name}' is ingelezen: daar staan herkenbare kolomnamen. "
                    f"De andere werkbladen ({others}) zijn niet ingelezen; kies in de koppeling "
                    "een ander werkblad als dat nodig is."
                )
    table, (stopped_at, _) = _collect(
        iter(chosen.rows),
        merges=chosen.merges,
        sheet_name=chosen.name,
        max_rows=max_rows,
        reporter=reporter,
        total_rows=max(chosen.max_row, 1),
        header_score=header_score,
    )
    if stopped_at is not None and any(n > stopped_at for n, _ in chosen.rows):
        table.warnings.append(_msg_stopped(stopped_at))
    table.warnings.extend(notes)
    reporter.report(1000)
    return table


def _sheet_rows(
    data: bytes,
    workbook: _Workbook,
    archive: _Archive,
    scans: dict[str, _PartScan],
    chosen: _SheetInfo,
) -> tuple[RowIter, bool]:
    """The rows of one sheet and whether they come from calamine (dense)."""
    info = archive.find(chosen.part)
    if info is None:
        raise UserError(_MSG_CORRUPT, detail=f"sheet part {chosen.part} missing")
    if _dense_is_safe(scans):
        try:
            return _calamine_rows(data, chosen.name), True
        except _EngineFailed:
            pass
    return _stream_rows(archive, workbook, info), False


def _best_sheet(
    data: bytes,
    workbook: _Workbook,
    archive: _Archive,
    scans: dict[str, _PartScan],
    first: _SheetInfo,
    header_score: HeaderScore,
) -> tuple[_SheetInfo, list[str]]:
    """The visible worksheet with content whose header scores best (ties: the first),
    and a note for the user when that is not the first one."""
    candidates = []
    for candidate in workbook.sheets:
        info = archive.find(candidate.part) if candidate.kind == "worksheet" else None
        if candidate.visible and info is not None and scans.get(info.filename, _PartScan()).cells:
            candidates.append(candidate)
    if len(candidates) < 2:
        return first, []
    best, best_score = first, -1.0
    for candidate in candidates:
        rows, _ = _sheet_rows(data, workbook, archive, scans, candidate)
        score = _probe_header(rows, header_score)
        if score > best_score:
            best, best_score = candidate, score
    if best is candidates[0] or best_score <= 0:
        return (candidates[0] if best_score <= 0 else best), []
    others = ", ".join(f"'{c.name}'" for c in candidates if c is not best)
    return best, [
        f"Werkblad '{best.name}' is ingelezen: daar staan herkenbare kolomnamen. "
        f"De andere werkbladen ({others}) zijn niet ingelezen; kies in de koppeling een "
        "ander werkblad als dat nodig is."
    ]


def _msg_stopped(row: int) -> str:
    return (
        f"Na rij {_nl(row)} volgen meer dan {_nl(EMPTY_ROW_STOP)} lege rijen; wat daarna "
        "nog in het werkblad staat, is niet ingelezen."
    )


def _dense_is_safe(scans: dict[str, _PartScan]) -> bool:
    """True when calamine's dense cell rectangle is small for every part it could read."""
    if _calamine is None or any(s.anomaly for s in scans.values()):
        return False
    max_row = max((s.max_row for s in scans.values()), default=0)
    max_col = max((s.max_col for s in scans.values()), default=0)
    return (
        max_row <= _EXCEL_MAX_ROW
        and max_col <= _EXCEL_MAX_COL
        and max_row * max_col <= _MAX_DENSE_CELLS
    )


def _calamine_rows(data: bytes, sheet_name: str) -> RowIter:
    assert _calamine is not None
    try:
        workbook = _calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            sheet = workbook.get_sheet_by_name(sheet_name)
            start = sheet.start
            height = sheet.height
            values: list[Any] = sheet.to_python(skip_empty_area=True)
        finally:
            workbook.close()
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # noqa: BLE001 - pyo3 panics derive from BaseException
        raise _EngineFailed(repr(exc)) from exc
    if start is None:
        return iter(())
    if len(values) != height:
        raise _EngineFailed("unexpected shape")
    first_row, first_col = start[0] + 1, start[1] + 1

    def rows() -> RowIter:
        # Empty rows are left out: _collect notices gaps from the row numbers.
        for index, row in enumerate(values):
            values[index] = None  # free each row once read (memory on large sheets)
            if row.count("") != len(row):
                yield first_row + index, {first_col + j: v for j, v in enumerate(row) if v != ""}

    return rows()


# Built-in number formats that show dates or times (ECMA-376 18.8.30, plus the CJK ids).
_BUILTIN_DATE = frozenset(
    {14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 34, 35, 36, 50, 51, 52, 53, 54, 57, 58}
)
_BUILTIN_TIME = frozenset({18, 19, 20, 21, 32, 33, 45, 46, 47, 55, 56})
_FORMAT_NOISE = re.compile(r'"[^"]*"|\\.|\[(?![hms]+\])[^\]]*\]|_.|\*.', re.IGNORECASE)


def _format_kind(code: str) -> str:
    """'date', 'time' or '' for a custom number format code."""
    cleaned = _FORMAT_NOISE.sub("", code.split(";")[0]).lower()
    if cleaned in ("general", "@"):
        return ""
    if "d" in cleaned or "y" in cleaned:
        return "date"
    if "h" in cleaned or "s" in cleaned:
        return "time"
    if "m" in cleaned:
        return "date"  # "mmm": a month
    return ""


def _parse_styles(archive: _Archive, part: str | None) -> dict[int, str]:
    """Cell style index -> 'date' / 'time' for styles that format numbers as such."""
    if part is None or archive.find(part) is None:
        return {}
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    depth = {"cellXfs": 0}

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", ""))] = _format_kind(attrs.get("formatCode", ""))
        elif tag == "cellXfs":
            depth["cellXfs"] += 1
        elif tag == "xf" and depth["cellXfs"]:
            try:
                xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(name: str) -> None:
        if name.rpartition(":")[2] == "cellXfs":
            depth["cellXfs"] -= 1

    _parse_stream(archive, part, start, end, lambda _: None)
    kinds: dict[int, str] = {}
    for index, fmt in enumerate(xf_formats):
        kind = (
            custom.get(fmt)
            if fmt in custom
            else ("date" if fmt in _BUILTIN_DATE else "time" if fmt in _BUILTIN_TIME else "")
        )
        if kind:
            kinds[index] = kind
    return kinds


_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _unescape(text: str) -> str:
    """OOXML writes some characters as _xHHHH_ (e.g. _x000D_ for CR)."""
    if "_x" not in text:
        return text
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)


def _parse_shared_strings(archive: _Archive, part: str | None) -> list[str]:
    if part is None or archive.find(part) is None:
        return []
    strings: list[str] = []
    state = {"si": False, "t": False, "rph": 0}
    parts: list[str] = []

    def start(name: str, _attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "si":
            state["si"] = True
            parts.clear()
        elif tag == "t" and state["si"]:
            state["t"] = True
        elif tag == "rPh":
            state["rph"] += 1

    def end(name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "t":
            state["t"] = False
        elif tag == "rPh":
            state["rph"] -= 1
        elif tag == "si":
            state["si"] = False
            strings.append(_unescape("".join(parts)))
            if len(strings) > _MAX_SHARED_STRINGS:
                raise UserError("Het Excel-bestand bevat te veel verschillende teksten.")

    def chars(data: str) -> None:
        if state["t"] and not state["rph"]:
            parts.append(data)

    _parse_stream(archive, part, start, end, chars)
    return strings


def _new_parser(
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    chars: Callable[[str], None],
    namespace_separator: str | None = None,
) -> Any:
    parser = expat.ParserCreate(namespace_separator=namespace_separator)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars

    def forbid(*_args: Any) -> None:
        raise _UnsafeXml()

    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    return parser


def _feed(parser: Any, chunk: bytes, final: bool, part: str) -> None:
    try:
        parser.Parse(chunk, final)
    except _UnsafeXml as exc:
        raise UserError(_MSG_UNSAFE_XML) from exc
    except expat.ExpatError as exc:
        raise UserError(_MSG_CORRUPT, detail=f"{part}: {exc}") from exc


def _parse_stream(
    archive: _Archive,
    part: str,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None],
    chars: Callable[[str], None],
    namespace_separator: str | None = None,
) -> None:
    info = archive.find(part)
    if info is None:
        return
    parser = _new_parser(start, end, chars, namespace_separator)
    for chunk in _inflate(archive.data, info):
        _feed(parser, chunk, False, part)
    _feed(parser, b"", True, part)


_CELL_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_ASCII_DIGITS = re.compile(r"[0-9]{1,9}")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)


def _from_serial(value: float, kind: str, date1904: bool) -> Any:
    """Excel serial number -> date / datetime / time (like calamine)."""
    try:
        if kind == "time" and 0 <= value < 1:
            seconds = round(value * 86400)
            return dt.time(min(seconds // 3600, 23), seconds // 60 % 60, seconds % 60)
        if kind == "time":
            return dt.timedelta(seconds=round(value * 86400))
        if date1904:
            moment = _EPOCH_1904 + dt.timedelta(days=value)
        else:
            # Excel counts a non-existent 29 February 1900 (serial 60).
            moment = _EPOCH_1900 + dt.timedelta(days=value if value >= 61 else value + 1)
        moment = moment.replace(microsecond=0) + dt.timedelta(
            seconds=round(moment.microsecond / 1e6)
        )
        return moment.date() if moment.time() == dt.time() else moment
    except (OverflowError, ValueError):
        return value


def _stream_rows(archive: _Archive, workbook: _Workbook, info: zipfile.ZipInfo) -> RowIter:
    """Rows of one sheet part, read with expat; only non-empty cells are kept."""
    shared = _parse_shared_strings(archive, workbook.shared_strings)
    styles = _parse_styles(archive, workbook.styles)
    date1904 = workbook.date1904
    done: list[tuple[int, dict[int, Any]]] = []
    st: dict[str, Any] = {
        "row": 0,
        "col": 0,
        "cells": None,
        "type": "n",
        "style": "",
        "in_v": False,
        "in_is": False,
        "in_t": False,
        "rph": 0,
        "text": [],
    }

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "c":
            ref = _CELL_REF.fullmatch(attrs.get("r", ""))
            st["col"] = _col_number(ref.group(1)) if ref else st["col"] + 1
            st["type"] = attrs.get("t", "n")
            st["style"] = attrs.get("s", "")
            st["text"] = []
        elif tag == "v":
            st["in_v"] = True
        elif tag == "is":
            st["in_is"] = True
        elif tag == "t" and st["in_is"]:
            st["in_t"] = True
        elif tag == "rPh":
            st["rph"] += 1
        elif tag == "row":
            raw = attrs.get("r", "")
            number = int(raw) if _ASCII_DIGITS.fullmatch(raw) else st["row"] + 1
            if number > _EXCEL_MAX_ROW:
                raise _Stop()
            st["row"], st["col"], st["cells"] = number, 0, {}

    def chars(data: str) -> None:
        if st["in_v"] or (st["in_t"] and not st["rph"]):
            st["text"].append(data)

    def end(name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag == "v":
            st["in_v"] = False
        elif tag == "t":
            st["in_t"] = False
        elif tag == "is":
            st["in_is"] = False
        elif tag == "rPh":
            st["rph"] -= 1
        elif tag == "c":
            cells = st["cells"]
            if cells is not None and st["col"] <= _EXCEL_MAX_COL:
                value = _cell_value(st, shared, styles, date1904)
                if value != "":
                    cells[st["col"]] = value
        elif tag == "row" and st["cells"] is not None:
            done.append((st["row"], st["cells"]))
            st["cells"] = None

    parser = _new_parser(start, end, chars)
    part = info.filename
    try:
        for chunk in _inflate(archive.data, info):
            _feed(parser, chunk, False, part)
            yield from done
            done.clear()
        _feed(parser, b"", True, part)
    except _Stop:
        pass
    yield from done


def _cell_value(
    st: dict[str, Any], shared: list[str], styles: dict[int, str], date1904: bool
) -> Any:
    text = "".join(st["text"])
    kind = st["type"]
    if kind == "s":
        index = int(text) if _ASCII_DIGITS.fullmatch(text.strip()) else -1
        return shared[index] if 0 <= index < len(shared) else ""
    if kind in ("str", "inlineStr"):
        return _unescape(text)
    if kind == "b":
        return text.strip() in ("1", "true")
    if kind == "e" or not text.strip():
        return ""
    if kind == "d":
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError:
            return text
        return moment.date() if moment.time() == dt.time() else moment
    try:
        number = float(text)
    except ValueError:
        return text
    style = styles.get(int(st["style"])) if _ASCII_DIGITS.fullmatch(st["style"]) else None
    if style and math.isfinite(number):
        return _from_serial(number, style, date1904)
    return number


# --- csv --------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _decode(data: bytes) -> str:
    bad = UserError(
        "Het bestand is geen leesbare tekst en geen Excel-werkmap. Kies een .xlsx-bestand, "
        "of sla het in Excel op als 'CSV UTF-8 (door komma's gescheiden)'."
    )
    try:
        if data.startswith(codecs.BOM_UTF8):
            text = data[3:].decode("utf-8")
        elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            text = data.decode("utf-16")
        else:
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise bad from exc
    sample = text[:65536]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(8, len(sample) // 200):
        raise bad
    return text


_DELIMITERS = (";", ",", "\t", "|")


def _sniff_delimiter(text: str) -> str:
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    best, best_score = ";", (0, 0)
    for delimiter in _DELIMITERS:
        try:
            records = []
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if any(f.strip() for f in record):
                    records.append(len(record))
                if len(records) >= 100:
                    break
        except csv.Error:
            continue
        if not records:
            continue
        counts = Counter(records)
        width, _ = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        score = (counts[width] if width > 1 else 0, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


_EXCEL_TEXT = re.compile(r'="(.*)"', re.DOTALL)


def _read_csv(
    data: bytes, *, max_rows: int, reporter: _Reporter, header_score: HeaderScore | None = None
) -> Table:
    text = _decode(data)
    delimiter = _sniff_delimiter(text)
    total = text.count("\n") + 1
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    state = {"row": 0}

    def rows() -> RowIter:
        try:
            for number, record in enumerate(reader, 1):
                state["row"] = number
                if len(record) > MAX_COLUMNS:
                    if any(f.strip() for f in record[MAX_COLUMNS:]):
                        raise UserError(_msg_columns())
                    record = record[:MAX_COLUMNS]
                cells: dict[int, Any] = {}
                for index, value in enumerate(record, 1):
                    if value:
                        match = _EXCEL_TEXT.fullmatch(value)
                        cells[index] = match.group(1) if match else value
                yield number, cells
        except csv.Error as exc:
            raise UserError(
                f"Het CSV-bestand kan niet worden gelezen bij rij {_nl(state['row'] + 1)}: een "
                "cel is te lang of een aanhalingsteken wordt niet afgesloten.",
                detail=str(exc),
            ) from exc

    table, (stopped_at, _) = _collect(
        rows(),
        merges=[],
        sheet_name="",
        max_rows=max_rows,
        reporter=reporter,
        total_rows=total,
        header_score=header_score,
    )
    if stopped_at is not None:
        try:
            more = any(any(f.strip() for f in record) for record in reader)
        except csv.Error:
            more = True
        if more:
            table.warnings.append(_msg_stopped(stopped_at))
    reporter.report(1000)
    return table


# --- from rows of cells to a table --------------------------------------------------

_SPACES = re.compile(r"[^\S\n]+")
_TEXT_TABLE = {i: None for i in range(32) if i not in (9, 10)}
_TEXT_TABLE.update({127: None, 9: " "})
_TEXT_TABLE.update({i: None for i in range(128, 160)})
_NUMERIC = re.compile(r"[-+]?[0-9][0-9.,\s]*")


def _clean_text(value: str) -> str:
    if value.isascii() and value.isprintable():
        return value.strip()
    value = value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_TABLE)
    value = "".join(" " if ch.isspace() and ch != "\n" else ch for ch in value)
    return value.strip()


def _float_text(value: float) -> str:
    if not math.isfinite(value):
        return ""
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        try:
            text = format(Decimal(text), "f")
        except InvalidOperation:
            return ""
    return text.replace(".", ",")


def _to_text(value: Any) -> str:
    if isinstance(value, str):
        return _clean_text(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float_text(value)
    if isinstance(value, dt.datetime):
        date = f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
        if value.time() == dt.time():
            return date
        return f"{date} {_time_text(value.time())}"
    if isinstance(value, dt.date):
        return f"{value.day:02d}-{value.month:02d}-{value.year:04d}"
    if isinstance(value, dt.time):
        return _time_text(value)
    if isinstance(value, dt.timedelta):
        seconds = int(value.total_seconds())
        sign = "-" if seconds < 0 else ""
        hours, rest = divmod(abs(seconds), 3600)
        minutes, secs = divmod(rest, 60)
        return f"{sign}{hours}:{minutes:02d}" + (f":{secs:02d}" if secs else "")
    return _clean_text(str(value))


def _time_text(value: dt.time) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}"
    return f"{text}:{value.second:02d}" if value.second else text


def _is_text_cell(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    return bool(text) and _NUMERIC.fullmatch(text) is None


def _msg_columns() -> str:
    return (
        f"Het werkblad heeft meer dan {MAX_COLUMNS} kolommen met gegevens. Haal overbodige "
        "kolommen weg en probeer het opnieuw."
    )


def _header_name(value: Any) -> str:
    return " ".join(_to_text(value).split())


def _collect(
    rows: RowIter,
    *,
    merges: list[tuple[int, int, int, int]],
    sheet_name: str,
    max_rows: int,
    reporter: _Reporter,
    total_rows: int,
    header_score: HeaderScore | None = None,
) -> tuple[Table, tuple[int | None, bool]]:
    """Find the header, skip empty rows, fill merges, name columns. Returns the table and
    (last data row when reading stopped on a run of empty rows, else None; whether the
    stop was caused by a row with data after the run)."""
    wanted_header = 0
    best_score = 0.0
    top: dict[int, dict[int, Any]] = {}
    if header_score is not None:
        rows = iter(rows)
        buffered = _head_rows(rows)
        wanted_header, best_score = _pick_header(buffered, header_score)
        top = dict(buffered)
        rows = chain(buffered, rows)
    header_row = 0
    header_cells: dict[int, str] = {}
    seen_nonempty = 0
    last_nonempty = 0
    stopped_at: int | None = None
    data_follows = False
    widest = 0  # most filled cells in one row above the header
    data: list[tuple[int, dict[int, str]]] = []
    used_cols: set[int] = set()
    # Vertical merges below the header: anchor row -> [(column, last row)].
    anchors: dict[int, list[tuple[int, int]]] = {}
    fills: dict[int, tuple[str, int]] = {}
    for number, cells in rows:
        if number % 256 == 0:
            reporter.report(220 + 760 * min(number, total_rows) / total_rows)
        texts = {col: t for col, value in cells.items() if (t := _to_text(value))}
        if not texts:
            if number - last_nonempty >= EMPTY_ROW_STOP:
                stopped_at = last_nonempty
                break
            continue
        if number - last_nonempty > EMPTY_ROW_STOP:
            stopped_at = last_nonempty
            data_follows = True
            break
        last_nonempty = number
        if not header_row:
            seen_nonempty += 1
            widest = max(widest, len(texts))
            if (wanted_header and number == wanted_header) or (
                not wanted_header and sum(1 for v in cells.values() if _is_text_cell(v)) >= 2
            ):
                header_row = number
                header_cells = {col: _header_name(v) for col, v in cells.items()}
                header_cells = {c: n for c, n in header_cells.items() if n}
                for r1, c1, r2, c2 in merges:
                    if r2 > r1 > header_row:
                        anchors.setdefault(r1, []).append((c1, r2))
                    elif r1 < header_row <= r2:
                        # A header cell merged down from the row above ("Naam" over two
                        # rows while "Adres" above has sub-headers Straat, Postcode).
                        name = _header_name(top.get(r1, {}).get(c1))
                        for col in range(c1, c2 + 1):
                            if name and col not in header_cells:
                                header_cells[col] = name
                                break
            elif seen_nonempty >= HEADER_SEARCH_ROWS:
                break
            continue
        if len(texts) >= 2 and all(
            header_cells.get(col, "").casefold() == " ".join(t.split()).casefold()
            for col, t in texts.items()
        ):
            continue  # the header repeated (a second block, or a printed page's header)
        for col, until in anchors.get(number, ()):
            if col in texts:
                fills[col] = (texts[col], until)
        for col, (value, until) in list(fills.items()):
            if number > until:
                del fills[col]
            elif col not in texts:
                texts[col] = value
        data.append((number, texts))
        if len(data) > max_rows:
            raise UserError(
                f"Het bestand heeft meer dan {_nl(max_rows)} rijen met gegevens. Splits het "
                f"in delen van hoogstens {_nl(max_rows)} rijen."
            )
        if not texts.keys() <= used_cols:
            used_cols.update(texts)
            if len(used_cols | header_cells.keys()) > MAX_COLUMNS:
                raise UserError(_msg_columns())
    if not header_row:
        where = f"Het werkblad '{sheet_name}'" if sheet_name else "Het bestand"
        if stopped_at == 0:
            raise UserError(
                f"{where} bevat in de eerste {_nl(EMPTY_ROW_STOP)} rijen geen gegevens."
            )
        if last_nonempty == 0:
            raise UserError(f"{where} is leeg.")
        if widest <= 1:
            raise UserError(
                f"{where} heeft maar één kolom. Gebruik kolommen zoals Naam organisatie, Adres "
                "en Telefoon (in een CSV-bestand gescheiden door ; of ,)."
            )
        raise UserError(
            "Geen kopregel gevonden: zet de kolomnamen (zoals Naam organisatie, Adres, "
            f"Telefoon) in één rij boven de gegevens, binnen de eerste {HEADER_SEARCH_ROWS} rijen."
        )
    if len(header_cells) > MAX_COLUMNS:
        raise UserError(_msg_columns())
    headers: list[str] = []
    columns: dict[str, str] = {}
    order: list[tuple[int, str]] = []
    taken: set[str] = set()
    for col in sorted(header_cells.keys() | used_cols):
        base = header_cells.get(col) or f"Kolom {_col_letters(col)}"
        name, counter = base, 1
        while name.casefold() in taken:
            counter += 1
            name = f"{base} ({counter})"
        taken.add(name.casefold())
        headers.append(name)
        columns[name] = _col_letters(col)
        order.append((col, name))
    result: list[RowData] = []
    for index, (number, texts) in enumerate(data):
        result.append(RowData(number, {name: texts.get(col, "") for col, name in order}))
        data[index] = (number, {})  # free the sparse row once converted
    table = Table(
        headers=headers,
        rows=result,
        sheet_name=sheet_name,
        header_row=header_row,
        columns=columns,
        header_score=best_score,
    )
    return table, (stopped_at, data_follows)


def _head_rows(rows: Iterator[tuple[int, dict[int, Any]]]) -> list[tuple[int, dict[int, Any]]]:
    """The rows up to the ``HEADER_SEARCH_ROWS``-th non-empty one (the rest stays in
    ``rows``); stops early at a run of ``EMPTY_ROW_STOP`` empty rows."""
    buffered: list[tuple[int, dict[int, Any]]] = []
    nonempty = last = 0
    for number, cells in rows:
        buffered.append((number, cells))
        if any(_to_text(v) for v in cells.values()):
            nonempty += 1
            last = number
            if nonempty >= HEADER_SEARCH_ROWS:
                break
        elif number - last >= EMPTY_ROW_STOP:
            break
    return buffered


def _pick_header(
    buffered: list[tuple[int, dict[int, Any]]], header_score: HeaderScore
) -> tuple[int, float]:
    """(row number, score) of the best scoring row with two or more text cells; (0, 0)
    when none scores above 0 (then the first such row is the header)."""
    best_row, best = 0, 0.0
    for number, cells in buffered:
        if sum(1 for v in cells.values() if _is_text_cell(v)) < 2:
            continue
        names = [n for _, v in sorted(cells.items()) if (n := _header_name(v))]
        try:
            score = float(header_score(names))
        except Exception:  # noqa: BLE001 - a scorer must not break reading
            score = 0.0
        if score > best:
            best_row, best = number, score
    return best_row, best


def _probe_header(rows: Iterator[tuple[int, dict[int, Any]]], header_score: HeaderScore) -> float:
    """The best header score among the first rows of a sheet (for choosing a sheet)."""
    return _pick_header(_head_rows(iter(rows)), header_score)[1]
