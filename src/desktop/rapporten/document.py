"""The one A4 report template: header with gemeente and logo, footer with the report
title, the printing date and "Pagina x van y", embedded fonts, PDF metadata, optional
cover page and table of contents.

Usage::

    ctx = ReportContext("Gemeente Zwolle", logo, "Databaseoverzicht", None, now_utc())
    build_pdf(out, ctx, [para("Hallo", "Tekst"), make_table([...], rows)], toc=False)

The story is a list of flowables or a function ``story(ctx) -> flowables``. Paragraphs
in style Kop1 and Kop2 become bookmarks and, with ``toc=True``, entries in the table of
contents (then the document is built in as many passes as the page numbers need).
The file is written to a temp file in the target folder and renamed when complete.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError, _ktAllow
from reportlab.platypus.tableofcontents import TableOfContents

from desktop.errors import UserError
from desktop.rapporten import fonts
from desktop.rapporten._files import atomic_output
from desktop.rapporten.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_number,
    now_utc,
    to_amsterdam,
)
from desktop.rapporten.progress import CancelArg, ProgressFn, check_cancel, report_progress
from desktop.rapporten.styles import (
    ACCENT,
    CONTENT_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE,
    esc,
    get_styles,
)

__all__ = [
    "ReportContext",
    "build_pdf",
    "default_cover",
    "format_date",
    "format_date_long",
    "format_datetime",
    "format_number",
    "Heading",
]

log = logging.getLogger(__name__)

APP_NAME = "Elkaar"
HEADER_LOGO_MAX_H = 13 * mm
HEADER_LOGO_MAX_W = 45 * mm
COVER_LOGO_MAX_H = 30 * mm
COVER_LOGO_MAX_W = 70 * mm
TOC_HEADING = "Inhoud"
HEADING_LEVELS = {"Kop1": 0, "Kop2": 1}
KEEP_WITH_NEXT_MIN_SPACE = 35 * mm


@dataclass(frozen=True)
class ReportContext:
    """What every page shows about the report and its origin.

    ``printed_at`` may be aware (converted to Europe/Amsterdam) or naive (taken as
    Amsterdam time). ``logo_path`` may be missing or unreadable: the logo is then left
    out with a warning in the log.
    """

    gemeente: str
    logo_path: Path | None
    title: str
    subtitle: str | None = None
    printed_at: datetime = field(default_factory=now_utc)

    @property
    def printed_on(self) -> str:
        return format_date(self.printed_at)


StoryFn = Callable[[ReportContext], Iterable[Flowable]]
CoverFn = Callable[[ReportContext], Sequence[Flowable]]


def Heading(text: str, level: int = 1) -> Paragraph:  # noqa: N802 (reads like a flowable)
    """A heading paragraph (level 1..3) from plain text."""
    return Paragraph(esc(text), get_styles()[f"Kop{level}"])


# --- logo -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Logo:
    path: Path
    reader: ImageReader
    width: int
    height: int

    def fit(self, max_w: float, max_h: float) -> tuple[float, float]:
        scale = min(max_w / self.width, max_h / self.height)
        return self.width * scale, self.height * scale


def _load_logo(path: Path | None) -> _Logo | None:
    if path is None:
        return None
    path = Path(path)
    try:
        reader = ImageReader(str(path))
        width, height = reader.getSize()
        if width <= 0 or height <= 0:
            raise ValueError("lege afbeelding")
    except Exception as exc:  # missing, unreadable, not an image, corrupt: all ignored
        log.warning("Logo %s kan niet worden gelezen en wordt weggelaten: %s", path, exc)
        return None
    return _Logo(path, reader, int(width), int(height))


# --- canvas with "Pagina x van y" -------------------------------------------------------


def _numbered_canvas_class(skip_pages: set[int]) -> type[Canvas]:
    """A canvas that keeps pages until ``save`` so it can write the total page count."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Without this every page starts with Helvetica selected: an unembedded
            # font reference even when no Helvetica text is drawn.
            kwargs["initialFontName"] = fonts.REGULAR
            super().__init__(*args, **kwargs)
            self._page_states: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab API)
            self._page_states.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._page_states)
            for state in self._page_states:
                self.__dict__.update(state)
                number = self._pageNumber
                if number not in skip_pages:
                    self._draw_page_number(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _draw_page_number(self, number: int, total: int) -> None:
            self.saveState()
            self.setFont(fonts.REGULAR, 8.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_SIZE[0] - MARGIN_RIGHT, MARGIN_BOTTOM - 12 * mm, f"Pagina {number} van {total}"
            )
            self.restoreState()

    return NumberedCanvas


# --- document template ----------------------------------------------------------------


def _fit_text(text: str, font: str, size: float, max_width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= max_width:
        return text
    while text and stringWidth(text + "…", font, size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


class _KeepWithNext(KeepTogether):
    """Group made for ``keepWithNext`` (a heading and what follows).

    reportlab's KeepTogether moves the whole group to a new page whenever it does not
    fit, so a heading followed by a long table always starts a new page and leaves the
    rest of the current one empty. Here the group starts on the current page when at
    least ``KEEP_WITH_NEXT_MIN_SPACE`` is left below the heading(s) and the last item
    can split into that space; otherwise it moves to the next page as usual.
    """

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = self._content[:]
        frame = getattr(self, "_frame", None)
        if aH >= self._H or (frame is not None and getattr(frame, "_atTop", False)):
            return content
        lead = sum(f.wrap(aW, aH)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in content[:-1])
        room = aH - lead
        if room >= KEEP_WITH_NEXT_MIN_SPACE:
            last = content[-1]
            if isinstance(last, Table) and last.splitByRow:
                return content  # splits by row (or inside a row); a trial split is costly
            last.wrap(aW, room)
            if last.split(aW, room):
                return content
        return [self.FrameBreak(), *content]


class _ElkaarDoc(BaseDocTemplate):
    def __init__(
        self,
        filename: str,
        context: ReportContext,
        logo: _Logo | None,
        skip_pages: set[int],
        progress: ProgressFn | None,
        cancel: CancelArg,
        *,
        cover: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            filename,
            pagesize=PAGE_SIZE,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=context.title,
            author=context.gemeente or APP_NAME,
            subject=context.subtitle or "",
            creator=APP_NAME,
            producer=APP_NAME,
            lang="nl-NL",
            initialFontName=fonts.REGULAR,
            keepTogetherClass=_KeepWithNext,
            **kwargs,
        )
        self.context = context
        self.logo = logo
        self.skip_pages = skip_pages
        self.progress = progress
        self.cancel = cancel
        self.total_flowables = 0
        self.passes = 0
        self._last_reported = -1
        self._done = 0
        self._heading_seq = 0
        self._outline_level = -1
        self._story: list[Flowable] = []
        frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover_frame = Frame(
            self.leftMargin,
            self.bottomMargin,
            self.width,
            self.height,
            id="cover",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        templates = [
            PageTemplate(id="inhoud", frames=[frame], onPage=self._draw_page),
            PageTemplate(id="omslag", frames=[cover_frame], onPage=self._draw_cover_page),
        ]
        if cover:  # the first page uses the first template
            templates.reverse()
        self.addPageTemplates(templates)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:  # noqa: N802
        """Heading(s) followed by a table: instead of wrapping the whole table in a
        KeepTogether (which measures every row, twice), start a new page only when
        less than ``KEEP_WITH_NEXT_MIN_SPACE`` would be left under the heading(s)."""
        i = 0
        while i < len(flowables) and flowables[i].getKeepWithNext() and _ktAllow(flowables[i]):
            i += 1
        nxt = flowables[i] if 0 < i < len(flowables) else None
        if not (isinstance(nxt, Table) and nxt.splitByRow):
            super().handle_keepWithNext(flowables)
            return
        heads = flowables[:i]
        need = KEEP_WITH_NEXT_MIN_SPACE
        for f in heads:
            need += f.wrap(self.frame._aW, self.frame._aH)[1]
            need += f.getSpaceBefore() + f.getSpaceAfter()
        edits = getattr(self, "_multiBuildEdits", None)
        for f in heads:  # as reportlab does: undo these edits before the next pass
            if edits:
                if "keepWithNext" in f.__dict__:
                    edits((setattr, f, "keepWithNext", f.__dict__["keepWithNext"]))
                else:
                    edits((delattr, f, "keepWithNext"))
            f.__dict__["keepWithNext"] = 0
        flowables.insert(0, CondPageBreak(need))

    # page decorations

    def _draw_cover_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        self.skip_pages.add(canvas.getPageNumber())
        canvas.saveState()
        canvas.setFillColor(ACCENT)
        canvas.rect(0, PAGE_SIZE[1] - 12 * mm, PAGE_SIZE[0], 12 * mm, stroke=0, fill=1)
        canvas.restoreState()

    def _draw_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        ctx = self.context
        page_w, page_h = PAGE_SIZE
        left, right = MARGIN_LEFT, page_w - MARGIN_RIGHT
        canvas.saveState()
        # Header: gemeente left, logo right, a rule under both.
        rule_y = page_h - MARGIN_TOP + 5 * mm
        logo_w = 0.0
        if self.logo is not None:
            w, h = self.logo.fit(HEADER_LOGO_MAX_W, HEADER_LOGO_MAX_H)
            logo_w = w
            canvas.drawImage(self.logo.reader, right - w, rule_y + 2 * mm, w, h, mask="auto")
        name = ctx.gemeente.strip() or APP_NAME
        canvas.setFont(fonts.BOLD, 11)
        canvas.setFillColor(ACCENT)
        text_room = right - left - logo_w - (6 * mm if logo_w else 0)
        canvas.drawString(left, rule_y + 3 * mm, _fit_text(name, fonts.BOLD, 11, text_room))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.6)
        canvas.line(left, rule_y, right, rule_y)
        # Footer: rule, then title and printing date left ("Pagina x van y" is drawn
        # by the canvas at save time, right-aligned on the same line).
        foot_y = MARGIN_BOTTOM - 12 * mm
        canvas.line(left, foot_y + 4.5 * mm, right, foot_y + 4.5 * mm)
        canvas.setFont(fonts.REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        printed = f"Afgedrukt op {format_date(ctx.printed_at)}"
        title = _fit_text(ctx.title, fonts.REGULAR, 8.5, (right - left) * 0.55)
        canvas.drawString(left, foot_y, f"{title}  ·  {printed}")
        canvas.restoreState()

    # build hooks

    def beforeDocument(self) -> None:  # noqa: N802 (reportlab API)
        self.passes += 1
        self.skip_pages.clear()
        self._heading_seq = 0
        self._outline_level = -1
        self._last_reported = -1
        self._done = 0

    def build(self, flowables: list[Flowable], *args: Any, **kwargs: Any) -> None:
        self._story = flowables  # the list build() consumes (a copy per multiBuild pass)
        super().build(flowables, *args, **kwargs)

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        super().handle_flowable(flowables)
        if flowables is not self._story:
            return  # page-begin and other internal "hanging" actions
        check_cancel(self.cancel)
        if self.progress is not None and self.total_flowables:
            # A split puts the rest of a flowable back on the list, so the remaining
            # count can grow again; progress only ever moves forward.
            remaining = self.total_flowables - len(flowables)
            done = max(self._done, min(self.total_flowables, remaining))
            self._done = done
            percent = done * 100 // self.total_flowables
            if percent > self._last_reported:
                self._last_reported = percent
                message = "Pagina's opmaken"
                if self.passes > 1:
                    message += f" (ronde {self.passes})"
                report_progress(self.progress, done, self.total_flowables, message)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (reportlab API)
        style = getattr(flowable, "style", None)
        level = HEADING_LEVELS.get(getattr(style, "name", ""))
        if level is None or not isinstance(flowable, Paragraph):
            return
        if getattr(flowable, "_elkaar_no_toc", False):
            return
        text = flowable.getPlainText()
        self._heading_seq += 1
        key = f"kop-{self._heading_seq}"
        self.canv.bookmarkPage(key)
        # Outline levels may only go one deeper at a time.
        level = min(level, self._outline_level + 1)
        self._outline_level = level
        self.canv.addOutlineEntry(text, key, level=level, closed=level > 0)
        # The contents builds Paragraphs from this text: escape it again.
        self.notify("TOCEntry", (level, esc(text), self.page, key))


def default_cover(context: ReportContext) -> list[Flowable]:
    """Cover page: logo, title, subtitle, gemeente and printing date."""
    st = get_styles()
    items: list[Flowable] = [Spacer(1, 45 * mm)]
    logo = _load_logo(context.logo_path)
    if logo is not None:
        w, h = logo.fit(COVER_LOGO_MAX_W, COVER_LOGO_MAX_H)
        items += [Image(str(logo.path), width=w, height=h, hAlign="LEFT"), Spacer(1, 12 * mm)]
    items.append(Paragraph(esc(context.title), st["Titel"]))
    if context.subtitle:
        items.append(Paragraph(esc(context.subtitle), st["Ondertitel"]))
    items += [
        Spacer(1, 20 * mm),
        Paragraph(esc(context.gemeente), st["Kop2"]),
        Paragraph(esc(f"Afgedrukt op {format_date_long(context.printed_at)}"), st["Tekst"]),
    ]
    for item in items:
        item._elkaar_no_toc = True  # type: ignore[attr-defined]
    return items


def _toc_flowables() -> list[Flowable]:
    st = get_styles()
    heading = Paragraph(TOC_HEADING, st["Kop1"])
    heading._elkaar_no_toc = True  # type: ignore[attr-defined]
    toc = TableOfContents(
        dotsMinLevel=0,
        # The default table style leaves cells in Helvetica (unembedded).
        tableStyle=TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    toc.levelStyles = [st["Inhoud1"], st["Inhoud2"]]
    return [heading, toc, PageBreak()]


def _title_block(context: ReportContext) -> list[Flowable]:
    st = get_styles()
    items: list[Flowable] = [Paragraph(esc(context.title), st["Titel"])]
    if context.subtitle:
        items.append(Paragraph(esc(context.subtitle), st["Ondertitel"]))
    else:
        items.append(Spacer(1, 6))
    return items


def build_pdf(
    out_path: Path | str,
    context: ReportContext,
    story: StoryFn | Iterable[Flowable],
    *,
    progress: ProgressFn | None = None,
    cancel: CancelArg = None,
    toc: bool = False,
    cover: bool | CoverFn = False,
    title_block: bool | None = None,
) -> Path:
    """Build the report PDF at ``out_path`` and return that path.

    ``story`` is a list of flowables or ``story(context)``. ``cover=True`` adds
    :func:`default_cover` (or pass your own ``cover(context) -> flowables``); the cover
    page has no header or footer but counts in "Pagina x van y", so the numbers match
    the PDF viewer. ``title_block`` (default: when there is no cover) puts the title and
    subtitle at the top of the first page. ``toc=True`` adds a table of contents of the
    Kop1/Kop2 headings.

    Raises ``UserError`` for an unusable target folder or a layout that cannot be made,
    and ``Cancelled`` (a ``UserError``) when ``cancel`` is set; no file is left behind
    in either case.
    """
    fonts.register_fonts()
    out = Path(out_path).expanduser()
    with atomic_output(out) as tmp:
        report_progress(progress, 0, 0, "Inhoud samenstellen")
        body = list(story(context) if callable(story) else story)
        check_cancel(cancel)
        logo = _load_logo(context.logo_path)
        flowables: list[Flowable] = []
        if cover:
            cover_fn: CoverFn = default_cover if cover is True else cover  # type: ignore[assignment]
            flowables += list(cover_fn(context))
            flowables += [NextPageTemplate("inhoud"), PageBreak()]
        if toc:
            flowables += _toc_flowables()
        if title_block if title_block is not None else not cover:
            flowables += _title_block(context)
        flowables += body

        skip_pages: set[int] = set()
        doc = _ElkaarDoc(str(tmp), context, logo, skip_pages, progress, cancel, cover=bool(cover))
        doc.total_flowables = len(flowables)
        canvasmaker = _numbered_canvas_class(skip_pages)
        try:
            if toc:
                doc.multiBuild(flowables, canvasmaker=canvasmaker)
            else:
                doc.build(flowables, canvasmaker=canvasmaker)
        except LayoutError as exc:
            raise UserError(
                "Het rapport kon niet worden opgemaakt: een onderdeel is te groot voor een "
                "pagina. Er is geen bestand opgeslagen.",
                detail=str(exc),
            ) from exc
        report_progress(progress, doc.total_flowables, doc.total_flowables, "Opslaan")
    return out


def printed_label(context: ReportContext) -> str:
    """ "Afgedrukt op 23-11-2026" for the given context (Amsterdam date)."""
    return f"Afgedrukt op {format_date(to_amsterdam(context.printed_at))}"


if CONTENT_WIDTH <= 0:  # pragma: no cover - geometry sanity
    raise RuntimeError("page margins leave no room for content")
