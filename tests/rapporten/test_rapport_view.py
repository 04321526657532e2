"""The Rapporten section: preview rendered in the window, printing, unreadable PDFs."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor
from PySide6.QtPrintSupport import QPrinter

from desktop.errors import UserError
from desktop.rapporten.views import ReportsSection
from desktop.ui.pdfpages import PdfPages, print_pdf
from desktop.ui.section import AppContext


def _ink(image) -> int:
    """How many sampled pixels are not white."""
    return sum(
        1
        for x in range(0, image.width(), 7)
        for y in range(0, image.height(), 7)
        if QColor(image.pixel(x, y)).lightness() < 200
    )


@pytest.fixture
def overview_pdf(demo_store, tmp_path) -> Path:
    from desktop.rapporten import catalogue

    out = tmp_path / "overzicht.pdf"
    catalogue.get("databaseoverzicht").run(demo_store, {}, out, None, None)
    return out


def test_pages_render_to_images_with_text(overview_pdf):
    pages = PdfPages(overview_pdf)
    try:
        assert len(pages) >= 1
        w, h = pages.size_pt(0)
        assert round(w) == 595 and round(h) == 842  # A4
        image = pages.image(0, 600)
        assert image.width() == 600 and abs(image.height() - 848) <= 2
        assert QColor(image.pixel(2, 2)).lightness() > 250  # white paper
        assert _ink(image) > 50  # and text on it
    finally:
        pages.close()


def test_unreadable_pdf_is_a_dutch_message(tmp_path):
    bad = tmp_path / "kapot.pdf"
    bad.write_bytes(b"%PDF-1.4 dit is geen pdf")
    with pytest.raises(UserError, match="kan niet worden gelezen"):
        PdfPages(bad)
    with pytest.raises(UserError, match="kan niet worden gelezen"):
        PdfPages(tmp_path / "bestaat-niet.pdf")


def test_printing_puts_every_page_on_the_printer(overview_pdf, tmp_path, qapp):
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "afdruk.pdf"))
    count = print_pdf(overview_pdf, printer)
    assert count == len(PdfReader(overview_pdf).pages)
    assert len(PdfReader(tmp_path / "afdruk.pdf").pages) == count


def test_preview_in_the_window(qtbot, demo_store):
    section = ReportsSection(AppContext(store=demo_store))
    qtbot.addWidget(section)
    section.resize(1200, 700)
    section.show()
    section.refresh()
    section.select_report("databaseoverzicht")
    section.preview()
    qtbot.waitUntil(lambda: section.viewer is not None and section.viewer.page_count() > 0)
    viewer = section.viewer
    qtbot.waitUntil(lambda: 0 in viewer.rendered_pages())
    pixmap = viewer.findChildren(type(section.placeholder))[0].pixmap()
    assert pixmap is not None and _ink(pixmap.toImage()) > 50
    # a second preview replaces the first
    section.preview()
    qtbot.waitUntil(lambda: 0 in viewer.rendered_pages())
    assert section.viewer is viewer
    # no copy of the report stays in the temp folder, and the folder goes on close
    assert list(section._tmpdir.iterdir()) == []
    section.on_app_close()
    assert not section._tmpdir.exists() and viewer.page_count() == 0


def test_report_knows_what_it_is_made_for(demo_store, tmp_path):
    from desktop.rapporten import catalogue

    seen = []
    report = catalogue.Report(
        key="test-doel",
        title="Doel",
        description="",
        options=[],
        build=lambda store, options, out, progress, cancel: seen.append(
            catalogue.current_purpose()
        ),
    )
    report.run(demo_store, {}, tmp_path / "a.pdf")
    report.run(demo_store, {}, tmp_path / "b.pdf", purpose="bekijken")
    report.run(demo_store, {}, tmp_path / "c.pdf", purpose="afdrukken")
    assert seen == ["opslaan", "bekijken", "afdrukken"]
    assert catalogue.current_purpose() == "opslaan"
    with pytest.raises(ValueError):
        report.run(demo_store, {}, tmp_path / "d.pdf", purpose="faxen")


def test_choosing_another_report_clears_the_preview(qtbot, demo_store):
    section = ReportsSection(AppContext(store=demo_store))
    qtbot.addWidget(section)
    section.show()
    section.refresh()
    section.select_report("databaseoverzicht")
    section.preview()
    qtbot.waitUntil(lambda: section.viewer is not None and section.viewer.page_count() > 0)
    section.select_report("wegwijzer")
    assert section.viewer.page_count() == 0 and section.viewer.isHidden()
    assert not section.placeholder.isHidden()


def test_personal_data_report_is_refused_in_a_plain_database(qtbot, demo_store, monkeypatch):
    from desktop.rapporten import views

    shown = []
    monkeypatch.setattr(views, "show_user_error", lambda parent, msg, *a: shown.append(msg))
    section = ReportsSection(AppContext(store=demo_store))
    qtbot.addWidget(section)
    section.refresh()
    section.select_report("ondersteuningsplan")
    section.preview()
    assert shown and "versleutelde" in str(shown[0])
    assert section._task is None


def test_report_folders_left_by_a_crash_are_removed(qtbot, demo_store):
    import os
    import tempfile
    import time

    from desktop.rapporten.views import TMP_PREFIX

    old = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))
    (old / "plan.pdf").write_bytes(b"%PDF- persoonsgegevens")
    long_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    fresh = Path(tempfile.mkdtemp(prefix=TMP_PREFIX))  # another Elkaar, still running
    section = ReportsSection(AppContext(store=demo_store))
    qtbot.addWidget(section)
    try:
        assert not old.exists() and fresh.exists()
    finally:
        section.on_app_close()
        fresh.rmdir()
