"""PDF pages as images, for the report preview and for printing.

Rendering uses PDFium (pypdfium2): QtPdf would need the PySide6-Pdf wheel, which exists
only for the PySide6 release we cannot use (see pyproject.toml), or the 440 MB Addons.
PDFium is not thread-safe: use one document from the GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
from PySide6.QtCore import QPointF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.errors import UserError


class PdfPages:
    """The pages of one PDF file; the file is read into memory (so it may be removed)."""

    def __init__(self, path: Path | str) -> None:
        try:
            data = Path(path).read_bytes()
            self._doc = pdfium.PdfDocument(data)
        except (OSError, pdfium.PdfiumError) as exc:
            raise UserError(f"Het PDF-bestand {Path(path).name} kan niet worden gelezen.") from exc
        self._data = data  # PDFium reads from this buffer while the document is open

    def __len__(self) -> int:
        return len(self._doc)

    def size_pt(self, index: int) -> tuple[float, float]:
        """Width and height of a page in points (1/72 inch)."""
        return self._doc[index].get_size()

    def image(self, index: int, width_px: int) -> QImage:
        """The page rendered to ``width_px`` pixels wide, on white."""
        page = self._doc[index]
        width_pt, _ = page.get_size()
        scale = max(width_px, 1) / width_pt
        bitmap = page.render(
            scale=scale,
            rev_byteorder=True,  # RGBA in memory, whatever the processor's byte order
            force_bitmap_format=pdfium.raw.FPDFBitmap_BGRA,
            fill_color=(255, 255, 255, 255),
        )
        image = QImage(
            bytes(bitmap.buffer),
            bitmap.width,
            bitmap.height,
            bitmap.stride,
            QImage.Format.Format_RGBA8888,
        )
        return image.copy()  # detach from the bitmap's buffer

    def close(self) -> None:
        self._doc.close()


def print_pdf(path: Path | str, printer) -> int:
    """Print every page of a PDF on a set-up QPrinter, fitted to the page; the page count."""
    pages = PdfPages(path)
    painter = QPainter()
    try:
        if not painter.begin(printer):
            raise UserError("De printer kon niet worden gestart.")
        try:
            dpi = printer.resolution()
            for index in range(len(pages)):
                if index:
                    printer.newPage()
                width_pt, _ = pages.size_pt(index)
                image = pages.image(index, int(width_pt / 72 * dpi))
                target = painter.viewport()
                scaled = image.scaled(
                    target.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
                painter.drawImage(QPointF(0, 0), scaled)
        finally:
            painter.end()
        return len(pages)
    finally:
        pages.close()


class PdfPreview(QScrollArea):
    """All pages below each other, fitted to the width; pages render when they come in view."""

    MARGIN = 12

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setAccessibleName("Voorbeeld van het rapport")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pages: PdfPages | None = None
        self._labels: list[QLabel] = []
        self._rendered: dict[int, int] = {}  # page -> width it was rendered at
        self._inner = QWidget()
        self._inner.setObjectName("pdfPages")
        self._inner.setStyleSheet("#pdfPages { background: #808080; }")
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(self.MARGIN, self.MARGIN, self.MARGIN, self.MARGIN)
        self._layout.setSpacing(self.MARGIN)
        self._layout.addStretch(1)
        self.setWidget(self._inner)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(30)
        self._timer.timeout.connect(self._render_visible)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._timer.start())

    def page_count(self) -> int:
        return len(self._pages) if self._pages is not None else 0

    def load(self, path: Path | str) -> int:
        """Show this PDF (replacing the one shown); returns its number of pages."""
        pages = PdfPages(path)
        self.clear()
        self._pages = pages
        for _ in range(len(pages)):
            label = QLabel()
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setFrameShape(QFrame.Shape.NoFrame)
            label.setStyleSheet("background: white;")
            self._layout.insertWidget(self._layout.count() - 1, label)
            self._labels.append(label)
        self._size_labels()
        self.verticalScrollBar().setValue(0)
        self._timer.start()
        return len(pages)

    def clear(self) -> None:
        for label in self._labels:
            self._layout.removeWidget(label)
            label.deleteLater()
        self._labels = []
        self._rendered = {}
        if self._pages is not None:
            self._pages.close()
            self._pages = None

    def _page_width(self) -> int:
        return max(100, self.viewport().width() - 2 * self.MARGIN)

    def _size_labels(self) -> None:
        if self._pages is None:
            return
        width = self._page_width()
        for index, label in enumerate(self._labels):
            w_pt, h_pt = self._pages.size_pt(index)
            label.setFixedSize(QSize(width, round(width * h_pt / w_pt)))

    def _render_visible(self) -> None:
        if self._pages is None:
            return
        width = self._page_width()
        top = self.verticalScrollBar().value()
        bottom = top + self.viewport().height()
        ratio = self.devicePixelRatioF()
        for index, label in enumerate(self._labels):
            y = label.y()
            if y + label.height() < top - label.height() or y > bottom + label.height():
                continue  # well out of view (one page of margin either side)
            if self._rendered.get(index) == width:
                continue
            image = self._pages.image(index, round(width * ratio))
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
            self._rendered[index] = width

    def rendered_pages(self) -> list[int]:
        return sorted(self._rendered)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._size_labels()
        self._timer.start()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._size_labels()
        self._timer.start()
