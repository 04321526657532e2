"""startup: process start to main window shown and idle, vs a bare PySide6 window.

Elkaar shows its window before it opens the database (see desktop.app): ``startup`` is
the time until that window is on screen with the event loop idle ("shown"), compared
with a bare PySide6 window; ``startup_ready`` is the time until the database is open and
the Start page is filled ("ready"), which is when the user can work.
"""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import (
    PY,
    Benchmark,
    Result,
    child_env,
    median,
    time_until_markers,
    time_until_ready,
)

BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
w = QMainWindow(); w.resize(1280, 720); w.show()
def ready():
    print("ready", flush=True); app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

READY_BUDGET_S = 1.5


def run(quick: bool, workdir: Path) -> list[Result]:
    from desktop import demo
    from desktop.store import open_store

    db = workdir / "startup.db"
    if not db.exists():
        store = open_store(db)
        demo.load_demo(store)
        store.close()
    env = child_env(
        ELKAAR_SMOKE="1",
        ELKAAR_DATA_DIR=str(workdir / "data"),
        XDG_CONFIG_HOME=str(workdir / "config"),
    )
    rounds = 3 if quick else 9
    elkaar = [PY, "-m", "desktop", "--db", str(db)]
    # warm the page cache (and the bytecode cache) once for both
    time_until_ready([PY, "-c", BARE], env)
    time_until_markers(elkaar, env, ["shown", "ready"])
    bare, shown, ready = [], [], []
    for _ in range(rounds):  # interleaved, so both see the same machine load
        bare.append(time_until_ready([PY, "-c", BARE], env))
        times = time_until_markers(elkaar, env, ["shown", "ready"])
        shown.append(times["shown"])
        ready.append(times["ready"])
    b, s, r = median(bare), median(shown), median(ready)
    return [
        Result(
            "startup",
            round(s / b, 2),
            "x",
            2.0,
            reference=round(b, 3),
            note=f"window shown {s:.3f} s, bare PySide6 window {b:.3f} s",
        ).finish(),
        Result("startup_seconds", round(s, 3), "s", None, reference=round(b, 3)).finish(),
        Result(
            "startup_ready",
            round(r, 3),
            "s",
            READY_BUDGET_S,
            reference=round(b, 3),
            note=f"database open and Start page filled; {r / b:.1f}x the bare window",
        ).finish(),
    ]


BENCHMARK = Benchmark("startup", run, "start to usable main window, ratio to a bare PySide6 window")
