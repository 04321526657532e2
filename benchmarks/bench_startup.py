"""startup: process start to main window shown and idle, vs a bare PySide6 window."""

from __future__ import annotations

from pathlib import Path

from benchmarks.common import PY, Benchmark, Result, child_env, median, time_until_ready

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
    rounds = 3 if quick else 7
    # warm the page cache once for both
    time_until_ready([PY, "-c", BARE], env)
    time_until_ready([PY, "-m", "desktop", "--db", str(db)], env)
    bare = median([time_until_ready([PY, "-c", BARE], env) for _ in range(rounds)])
    app = median(
        [time_until_ready([PY, "-m", "desktop", "--db", str(db)], env) for _ in range(rounds)]
    )
    ratio = app / bare
    return [
        Result(
            "startup",
            round(ratio, 2),
            "x",
            2.0,
            reference=round(bare, 3),
            note=f"Elkaar {app:.3f} s, bare PySide6 window {bare:.3f} s",
        ).finish(),
        Result("startup_seconds", round(app, 3), "s", None, reference=round(bare, 3)).finish(),
    ]


BENCHMARK = Benchmark("startup", run, "start to usable main window, ratio to a bare PySide6 window")
