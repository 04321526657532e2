"""The Qt binding itself: faults we depend on not having."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    changed = Signal(str)


def test_emitting_a_python_signal_keeps_reference_counts(qapp):
    # PySide6 6.12.0 decremented the reference count of True on every emit of a signal
    # defined in Python; on Python 3.11 the process then aborts ("deallocating True")
    # after a few hundred emits, e.g. while typing in a form. pyproject pins below it.
    received: list[str] = []
    emitter = _Emitter()
    emitter.changed.connect(received.append)
    emitter.changed.connect(lambda text: received.append(text))
    before = sys.getrefcount(True), sys.getrefcount(False)
    for n in range(200):
        emitter.changed.emit(str(n))
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert len(received) == 400
    assert abs(after[0] - before[0]) < 20 and abs(after[1] - before[1]) < 20, (before, after)
