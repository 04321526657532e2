"""Fast building blocks of the printed wegwijzer: plain text lines drawn straight on the
canvas, page anchors, and the two-build page bookkeeping."""

from __future__ import annotations

import contextvars

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from desktop.rapporten import fonts
from desktop.rapporten.styles import ACCENT, MUTED, TEXT


class _Pages:
    """Page numbers recorded by ``_Anchor`` flowables during the measuring build."""

    def __init__(self) -> None:
        self.pages: dict[str, list[int]] = {}

    def record(self, name: str, page: int) -> None:
        pages = self.pages.setdefault(name, [])
        if page not in pages:
            pages.append(page)

    def first(self, name: str) -> int | None:
        pages = self.pages.get(name)
        return min(pages) if pages else None


_MEASURING = contextvars.ContextVar("wegwijzer_measuring", default=False)


class _Anchor(Flowable):
    """Invisible: records the page it lands on in the register."""

    def __init__(self, register: _Pages, name: str) -> None:
        super().__init__()
        self.register = register
        self.name = name

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803
        return (0, 0)

    def draw(self) -> None:
        self.register.record(self.name, self.canv.getPageNumber())


# --------------------------------------------------------------------------- fast text


_WIDTHS: dict[tuple[str, float, str], float] = {}


def _width(word: str, font: str, size: float) -> float:
    key = (font, size, word)
    w = _WIDTHS.get(key)
    if w is None:
        if len(_WIDTHS) > 200_000:
            _WIDTHS.clear()
        w = _WIDTHS[key] = stringWidth(word, font, size)
    return w


def _split(text: str, font: str, size: float, room: float) -> list[str]:
    """Greedy word wrap with a cache of word widths (booklet text repeats a lot)."""
    out: list[str] = []
    space = _width(" ", font, size)
    for para_text in text.split("\n"):
        words = para_text.split()
        if not words:
            out.append("")
            continue
        line: list[str] = []
        used = 0.0
        for word in words:
            w = _width(word, font, size)
            if line and used + space + w > room:
                out.append(" ".join(line))
                line, used = [word], w
            else:
                used += (space if line else 0.0) + w
                line.append(word)
            if w > room and len(line) == 1:  # one very long word: cut it
                cut = simpleSplit(word, font, size, room)
                out.extend(cut[:-1])
                line, used = [cut[-1]], _width(cut[-1], font, size)
        out.append(" ".join(line))
    return out or [""]


class _Lines(Flowable):
    """Plain lines of text drawn straight on the canvas: much faster than Paragraphs for
    a booklet of hundreds of pages. ``items``: (text, style, indent, right_text) with
    style one of "naam", "tekst", "klein", "label"; long text wraps. It splits between
    lines, but never inside its first ``keep`` lines (the heading of an entry)."""

    _STYLES = {
        "naam": (fonts.BOLD, 10.5, ACCENT),
        "tekst": (fonts.REGULAR, 9, TEXT),
        "klein": (fonts.REGULAR, 8, MUTED),
        "label": (fonts.ITALIC, 8, MUTED),
        "aanbod": (fonts.BOLD, 9, TEXT),
        "register": (fonts.REGULAR, 8.5, TEXT),
        "toc": (fonts.BOLD, 10.5, TEXT),
    }

    _HEADINGS = frozenset({"naam", "aanbod"})

    def __init__(self, items, *, keep: int = 1, space_after: float = 4, wrapped=None) -> None:
        super().__init__()
        self.items = items
        self.keep = keep
        self.space_after = space_after
        self._wrapped = wrapped
        self._width = 0.0
        self._keep_lines = 0  # the first ``keep`` items, in wrapped lines

    def _wrap_lines(self, width: float):
        if self._wrapped is not None and self._width == width:
            return self._wrapped
        out = []
        self._keep_lines = 0
        for k, (text, style, indent, right) in enumerate(self.items):
            if k == self.keep:
                self._keep_lines = len(out)
            font, size, colour = self._STYLES[style]
            room = width - indent - (stringWidth(right, font, size) + 8 if right else 0)
            parts = _split(text, font, size, room)
            # a heading line (organisation name, aanbod name) stays with what follows it
            sticky = style in self._HEADINGS and k + 1 < len(self.items)
            for j, part in enumerate(parts):
                out.append(
                    (
                        part,
                        font,
                        size,
                        colour,
                        indent + (8 if j else 0),
                        right if j == len(parts) - 1 else None,
                        sticky,
                    )
                )
        if self.keep >= len(self.items):
            self._keep_lines = len(out)
        self._wrapped, self._width = out, width
        return out

    @staticmethod
    def _height(lines) -> float:
        return sum(line[2] * 1.32 for line in lines)

    def wrap(self, availWidth, availHeight):  # noqa: N802, N803
        lines = self._wrap_lines(availWidth)
        self.width = availWidth
        self.height = self._height(lines) + self.space_after
        return availWidth, self.height

    def split(self, availWidth, availHeight):  # noqa: N802, N803
        lines = self._wrap_lines(availWidth)
        used, n = 0.0, 0
        for line in lines:
            h = line[2] * 1.32
            if used + h > availHeight:
                break
            used += h
            n += 1
        while 0 < n < len(lines) and lines[n - 1][6]:
            n -= 1  # never leave a heading line alone at the bottom of a page
        if n < min(self._keep_lines, len(lines)) or n == 0 or n >= len(lines):
            return []
        first = _Lines([], keep=0, space_after=0, wrapped=lines[:n])
        rest = _Lines([], keep=0, space_after=self.space_after, wrapped=lines[n:])
        first._width = rest._width = availWidth
        return [first, rest]

    def draw(self) -> None:
        if _MEASURING.get():
            return  # the measuring build only needs the layout
        canv = self.canv
        y = self.height - self.space_after
        for text, font, size, colour, indent, right, _sticky in self._wrapped or []:
            y -= size * 1.32
            canv.setFont(font, size)
            canv.setFillColor(colour)
            canv.drawString(indent, y + size * 0.3, text)
            if right:
                canv.drawRightString(self.width, y + size * 0.3, right)


class _Frozen(_Pages):
    """Pages from the measuring build; anchors in the final build change nothing."""

    def __init__(self, source: _Pages) -> None:
        super().__init__()
        self.pages = source.pages

    def record(self, name: str, page: int) -> None:
        return None
