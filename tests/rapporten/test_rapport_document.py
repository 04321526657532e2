import logging
import os
import re
import threading
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from rapport_helpers import files_in, font_report, pdf_text, pdftotext
from reportlab.graphics.shapes import Drawing, Rect

from desktop.errors import UserError
from desktop.rapporten import _files, charts
from desktop.rapporten.document import Heading, ReportContext, build_pdf, default_cover
from desktop.rapporten.progress import Cancelled
from desktop.rapporten.styles import bullet_list, key_value_table, make_table, para

PRINTED = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
DIACRITICS = "Cliëntenraad – € 12,50 — “ruïne” één café ö ü è ĳ"


def context(**kw) -> ReportContext:
    base = {
        "gemeente": "Gemeente Súdwest-Fryslân",
        "logo_path": None,
        "title": "Proefrapport",
        "subtitle": "Alle bouwstenen",
        "printed_at": PRINTED,
    }
    base.update(kw)
    return ReportContext(**base)


def full_story(ctx: ReportContext) -> list:
    rows = [
        [i, f"Organisatie {i}", "Een lange omschrijving die over regels loopt. " * (i % 3 + 1),
         date(2026, 1, i % 28 + 1)]
        for i in range(1, 121)
    ]  # fmt: skip
    return [
        Heading("Inleiding", 1),
        para(DIACRITICS),
        para("Kleine lettertjes", "Klein"),
        para("Uitleg bij dit rapport.", "Toelichting"),
        Heading("Details", 2),
        Heading("Derde niveau", 3),
        bullet_list(["één", "twee"]),
        key_value_table([("Gemeente", ctx.gemeente), ("Peildatum", date(2026, 1, 1))]),
        Heading("Organisaties", 1),
        make_table(["Nr", "Naam", "Omschrijving", "Sinds"], rows),
        Heading("Grafieken", 1),
        charts.bar_chart(["Noord", "Zuid"], [3, 5], title="Staven"),
        charts.pie_chart(["Ja", "Nee"], [3, 1], donut=True),
        charts.cycle_diagram([charts.CycleSegment(n, s) for n, s in
                              zip(["Vertalen", "Verbinden", "Versterken", "Verbreiden",
                                   "Verankeren"], [1, 2, 3, 4, None], strict=True)]),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def full_pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "rapport.pdf"
    build_pdf(out, context(), full_story, toc=True, cover=True)
    return out


def test_pages_are_numbered_x_of_y(full_pdf):
    pages = pdf_text(full_pdf)
    n = len(pages)
    assert n >= 4  # cover, contents, a table over more than one page
    for number, text in enumerate(pages, start=1):
        if number == 1:
            assert "Pagina" not in text  # the cover has no footer
        else:
            assert f"Pagina {number} van {n}" in text


def test_header_footer_and_diacritics_extract(full_pdf):
    pages = pdf_text(full_pdf)
    body = "\n".join(pages[1:])
    assert "Gemeente Súdwest-Fryslân" in pages[2]
    assert "Afgedrukt op 23-11-2026" in pages[2]
    assert "Cliëntenraad – €" in body
    assert DIACRITICS in body.replace("\n", " ")
    assert "23 november 2026" in pages[0]  # cover, long date
    text = pdftotext(full_pdf)
    if text is not None:
        assert "Cliëntenraad – €" in text
        assert f"Pagina 2 van {len(pages)}" in text


def test_table_of_contents_lists_headings_with_page_numbers(full_pdf):
    pages = pdf_text(full_pdf)
    toc = PdfReader(str(full_pdf)).pages[1].extract_text(extraction_mode="layout")
    assert "Inhoud" in toc
    for heading in ("Inleiding", "Details", "Organisaties", "Grafieken"):
        match = re.search(heading + r"[ .]*(\d+)\s*$", toc, re.MULTILINE)
        assert match, heading
        page_no = int(match.group(1))
        assert heading in pages[page_no - 1]


def test_table_header_repeats_on_every_table_page(full_pdf):
    pages = pdf_text(full_pdf)
    table_pages = [p for p in pages if "Organisatie 1" in p or "Organisatie 9" in p]
    assert len(table_pages) >= 2
    assert all("Omschrijving" in p for p in table_pages)


def test_fonts_are_all_embedded(full_pdf):
    fonts = font_report(full_pdf)
    assert fonts, "no fonts found"
    assert all(kind == "/FontFile2" for kind in fonts.values()), fonts  # embedded TrueType
    assert any("DejaVuSans" in name for name in fonts)
    assert not any("Helvetica" in name for name in fonts)


def test_metadata_and_outline(full_pdf):
    reader = PdfReader(str(full_pdf))
    assert reader.metadata.title == "Proefrapport"
    assert reader.metadata.author == "Gemeente Súdwest-Fryslân"
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Inleiding" in titles and "Organisaties" in titles


def test_title_block_without_cover(tmp_path):
    out = build_pdf(tmp_path / "a.pdf", context(), [para("Inhoud")])
    text = pdf_text(out)[0]
    assert "Proefrapport" in text and "Alle bouwstenen" in text
    assert "Pagina 1 van 1" in text


def test_logo_is_drawn_and_broken_logo_is_ignored(tmp_path, caplog):
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (31, 78, 121)).save(logo)
    good = build_pdf(tmp_path / "logo.pdf", context(logo_path=logo), [para("x")])
    page = PdfReader(str(good)).pages[0]
    xobjects = page["/Resources"]["/XObject"]
    assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())

    broken = tmp_path / "kapot.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n this is not an image")
    with caplog.at_level(logging.WARNING):
        out = build_pdf(tmp_path / "kapot.pdf", context(logo_path=broken), [para("x")])
        build_pdf(tmp_path / "weg.pdf", context(logo_path=tmp_path / "weg.png"), [para("x")])
    assert "Pagina 1 van 1" in pdf_text(out)[0]
    assert sum("Logo" in r.getMessage() for r in caplog.records) >= 2


def test_custom_cover_builder(tmp_path):
    def cover(ctx):
        return [para(f"Omslag {ctx.title}", "Titel")]

    out = build_pdf(tmp_path / "c.pdf", context(), [para("Binnenwerk")], cover=cover)
    pages = pdf_text(out)
    assert "Omslag Proefrapport" in pages[0]
    assert "Binnenwerk" in pages[1]
    assert "Pagina 2 van 2" in pages[1]
    assert default_cover(context())  # the default builder gives flowables


def test_progress_is_reported(tmp_path):
    calls = []
    build_pdf(tmp_path / "p.pdf", context(), full_story(context()),
              progress=lambda d, t, m: calls.append((d, t, m)))  # fmt: skip
    assert calls[0][2] == "Inhoud samenstellen"
    assert calls[-1][2] == "Opslaan" and calls[-1][0] == calls[-1][1]
    done = [d for d, t, m in calls if m.startswith("Pagina")]
    assert done == sorted(done)


def test_unwritable_folder_gives_user_error_and_no_temp_file(tmp_path, monkeypatch):
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):  # root ignores permission bits: simulate

            def refuse(*args, **kwargs):
                raise PermissionError(13, "Permission denied")

            monkeypatch.setattr(_files.tempfile, "mkstemp", refuse)
        with pytest.raises(UserError) as err:
            build_pdf(folder / "r.pdf", context(), [para("x")])
        assert "Kan niet opslaan in de map" in str(err.value)
        assert files_in(folder) == []
    finally:
        folder.chmod(0o700)


def test_missing_folder_gives_user_error(tmp_path):
    with pytest.raises(UserError, match="bestaat niet"):
        build_pdf(tmp_path / "nergens" / "r.pdf", context(), [para("x")])


def test_cancel_leaves_old_file_and_no_temp(tmp_path):
    out = tmp_path / "r.pdf"
    out.write_bytes(b"oud")
    flag = threading.Event()
    flag.set()
    with pytest.raises(Cancelled):
        build_pdf(out, context(), full_story, cancel=flag)
    assert out.read_bytes() == b"oud"
    assert files_in(tmp_path) == ["r.pdf"]


def test_replace_failure_is_a_user_error(tmp_path, monkeypatch):
    def locked(src, dst):
        raise PermissionError(13, "in gebruik")

    monkeypatch.setattr(_files.os, "replace", locked)
    with pytest.raises(UserError, match="ander programma"):
        build_pdf(tmp_path / "r.pdf", context(), [para("x")])
    assert files_in(tmp_path) == []


def test_flowable_larger_than_a_page_is_a_user_error(tmp_path):
    huge = Drawing(100, 2000)
    huge.add(Rect(0, 0, 100, 2000))
    with pytest.raises(UserError, match="te groot"):
        build_pdf(tmp_path / "r.pdf", context(), [huge])
    assert files_in(tmp_path) == []


def test_result_file_gets_normal_permissions(tmp_path):
    out = build_pdf(tmp_path / "r.pdf", context(), [para("x")])
    if os.name == "posix":
        assert out.stat().st_mode & 0o044  # readable by group/others as with umask 022


def test_headings_with_markup_characters_in_contents(tmp_path):
    story = [Heading("Zorg & Welzijn <2026>", 1), para("tekst")]
    out = build_pdf(tmp_path / "t.pdf", context(gemeente=""), story, toc=True)
    pages = pdf_text(out)
    assert "Zorg & Welzijn <2026>" in pages[0]  # contents
    assert "Zorg & Welzijn <2026>" in pages[1]
    assert "Elkaar" in pages[0]  # no gemeente name: the header falls back to the app name


def test_heading_and_long_table_start_on_the_page_when_there_is_room(tmp_path):
    from reportlab.platypus import Spacer

    from desktop.rapporten.styles import CONTENT_HEIGHT

    rows = [[i, f"Naam {i}"] for i in range(200)]
    roomy = [para("kort"), Heading("Lijst"), make_table(["Nr", "Naam"], rows)]
    pages = pdf_text(build_pdf(tmp_path / "a.pdf", context(), roomy, title_block=False))
    assert "Lijst" in pages[0] and "Naam 1" in pages[0]

    cramped = [Spacer(1, CONTENT_HEIGHT - 80), Heading("Lijst"), make_table(["Nr", "Naam"], rows)]
    pages = pdf_text(build_pdf(tmp_path / "b.pdf", context(), cramped, title_block=False))
    assert "Lijst" not in pages[0]
    assert "Lijst" in pages[1] and "Naam 0" in pages[1]
