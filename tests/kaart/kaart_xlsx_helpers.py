"""Build small .xlsx files by hand, for cases openpyxl will not write (cached formula
values, DTDs, a million rows, lying zip headers)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def inline(ref: str, text: str) -> str:
    """An inline-string cell."""
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row(*names: str, row: int = 1) -> str:
    cells = "".join(inline(f"{chr(65 + i)}{row}", n) for i, n in enumerate(names))
    return f'<row r="{row}">{cells}</row>'


def sheet_xml(sheet_data: str, extra: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}>'
        f"<sheetData>{sheet_data}</sheetData>{extra}</worksheet>"
    )


def write_xlsx(
    path: Path | BinaryIO,
    sheets: dict[str, str],
    *,
    shared_strings: list[str] | None = None,
    styles: str | None = None,
    hidden: tuple[str, ...] = (),
) -> Path | BinaryIO:
    """Write a workbook whose sheets hold the given worksheet XML (see ``sheet_xml``)."""
    sheet_elems = []
    rels = []
    for i, name in enumerate(sheets, 1):
        state = ' state="hidden"' if name in hidden else ""
        sheet_elems.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"{state}/>')
        rels.append(
            f'<Relationship Id="rId{i}" Type="{_REL_TYPE}worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
        )
    n = len(sheets)
    if shared_strings is not None:
        rels.append(
            f'<Relationship Id="rId{n + 1}" Type="{_REL_TYPE}sharedStrings" '
            'Target="sharedStrings.xml"/>'
        )
    if styles is not None:
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{_REL_TYPE}styles" Target="styles.xml"/>')
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} {_REL_NS}>'
        f"<sheets>{''.join(sheet_elems)}</sheets></workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f"{''.join(rels)}</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/_rels/workbook.xml.rels", workbook_rels)
        for i, xml in enumerate(sheets.values(), 1):
            zf.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        if shared_strings is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared_strings)
            zf.writestr(
                "xl/sharedStrings.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS}>{items}</sst>',
            )
        if styles is not None:
            zf.writestr("xl/styles.xml", styles)
    return path


def lying_zip(path: Path, *, real_size: int, declared_size: int) -> Path:
    """A zip whose single sheet member inflates to ``real_size`` bytes but declares
    ``declared_size`` (with the CRC of the declared prefix, so plain zipfile accepts it)."""
    payload = b"<" + b"a" * (real_size - 1)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(payload) + compressor.flush()
    crc = zlib.crc32(payload[:declared_size])
    parts: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    members = [
        ("[Content_Types].xml", _CT.encode(), None),
        ("_rels/.rels", _RELS.encode(), None),
        ("xl/workbook.xml", b"<workbook/>", None),
        ("xl/worksheets/sheet1.xml", deflated, (crc, declared_size)),
    ]
    for name, data, lie in members:
        raw_name = name.encode()
        if lie is None:
            method, body, crc_value, size = 0, data, zlib.crc32(data), len(data)
        else:
            method, body, (crc_value, size) = 8, data, lie
        local = struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            0,
            method,
            0,
            0,
            crc_value,
            len(body),
            size,
            len(raw_name),
            0,
        )
        parts.append(local + raw_name + body)
        central.append(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                crc_value,
                len(body),
                size,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw_name
        )
        offset += len(local) + len(raw_name) + len(body)
    cd = b"".join(central)
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members), len(cd), offset, 0
    )
    path.write_bytes(b"".join(parts) + cd + end)
    return path
