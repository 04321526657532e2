"""Progress and cancel conventions shared by report and export builders.

Builders know nothing about Qt. They take two optional callables:

* ``progress(done, total, message)``: ``done`` out of ``total`` steps, with a short Dutch
  message for the progress dialog. ``total`` may be 0 when the amount is unknown.
* ``cancel``: a zero-argument callable returning ``True`` when the user pressed
  "Annuleren" (a ``threading.Event`` works too: pass it as is, or its ``is_set``).

A builder that sees the cancel flag raises :class:`Cancelled`; because it is a
:class:`~desktop.errors.UserError`, the window and the CLI report it like any other
user-caused stop, and the temp-file writers make sure no half-written file is left.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop import errors

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]
CancelArg = CancelFn | threading.Event | None


class Cancelled(errors.Cancelled):
    """A report was cancelled; no file was written."""

    def __init__(self, message: str = "Afgebroken; er is geen bestand opgeslagen.") -> None:
        super().__init__(message)


def is_cancelled(cancel: CancelArg) -> bool:
    if cancel is None:
        return False
    if isinstance(cancel, threading.Event):
        return cancel.is_set()
    return bool(cancel())


def check_cancel(cancel: CancelArg) -> None:
    """Raise :class:`Cancelled` when the cancel flag is set."""
    if is_cancelled(cancel):
        raise Cancelled()


def report_progress(progress: ProgressFn | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(done, total, message)
