"""Long work off the GUI thread, with a progress dialog and a cancel button.

The work function is plain Python: ``fn(progress, cancel)`` where ``progress(done,
total, message)`` reports and ``cancel`` is a ``threading.Event`` it checks. It knows
nothing about Qt; when it stops on the cancel flag it raises
``desktop.rapporten.progress.Cancelled`` (a UserError), shown like any user error.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import UserError

Work = Callable[[Callable[[int, int, str], None], threading.Event], Any]


class _Signals(QObject):
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Work, cancel: threading.Event) -> None:
        super().__init__()
        self.fn = fn
        self.cancel = cancel
        self.signals = _Signals()

    def run(self) -> None:  # runs in a pool thread
        try:
            result = self.fn(lambda d, t, m="": self.signals.progress.emit(d, t, m), self.cancel)
        except BaseException as exc:  # handed to the GUI thread
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class Task(QObject):
    """One background job with its progress dialog. Keep a reference until done."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget | None, title: str, fn: Work, *, modal: bool = True) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self.dialog = QProgressDialog(title, "Annuleren", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        if modal:
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.canceled.connect(self.cancel_event.set)
        self.runnable = _Runnable(fn, self.cancel_event)
        self.runnable.setAutoDelete(False)
        self.runnable.signals.progress.connect(self._on_progress)
        self.runnable.signals.finished.connect(self._on_finished)
        self.runnable.signals.failed.connect(self._on_failed)
        self.finished = False

    def start(self) -> Task:
        QThreadPool.globalInstance().start(self.runnable)
        return self

    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _close(self) -> None:
        self.finished = True
        self.dialog.reset()
        self.dialog.close()

    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)

    def _on_failed(self, exc: object) -> None:
        self._close()
        # A work function that stops on Annuleren raises a UserError subclass
        # (desktop.rapporten.progress.Cancelled, kaart.spreadsheet.ReadCancelled).
        self.error.emit(exc)


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
) -> Task:
    """Start ``fn`` in the background; ``on_done(result)`` runs in the GUI thread."""
    from desktop.ui.errors import show_unexpected, show_user_error

    task = Task(parent, title, fn)

    def _error(exc: object) -> None:
        if on_error is not None:
            on_error(exc)  # type: ignore[arg-type]
        elif isinstance(exc, UserError):
            show_user_error(parent, exc)
        else:
            show_unexpected(parent, exc)  # type: ignore[arg-type]

    task.done.connect(on_done)
    task.error.connect(_error)
    # The task is a QObject child of ``parent`` and lives as long as it; without a
    # parent the caller keeps the returned reference.
    task.start()
    return task
