"""Shared helpers for the report tests (plain module, imported by the tests)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> list[str]:
    """Text per page, via pypdf."""
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def pdftotext(path: Path) -> str | None:
    """Text via poppler's pdftotext, or None when it is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run(
        [exe, "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode("utf-8")


def font_report(path: Path) -> dict[str, str | None]:
    """BaseFont name -> the key of its embedded font program (``/FontFile2`` for
    TrueType), or None when the font is not embedded."""
    fonts: dict[str, str | None] = {}
    for page in PdfReader(str(path)).pages:
        resources = page.get("/Resources")
        if resources is None:
            continue
        font_dict = resources.get_object().get("/Font")
        if font_dict is None:
            continue
        for ref in font_dict.get_object().values():
            font = ref.get_object()
            name = str(font.get("/BaseFont"))
            descriptor = font.get("/FontDescriptor")
            embedded = None
            if descriptor is not None:
                desc = descriptor.get_object()
                embedded = next(
                    (k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in desc), None
                )
            fonts[name] = embedded
    return fonts


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())
