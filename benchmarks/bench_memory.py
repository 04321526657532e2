"""memory_large: resident memory of the window with a large sociale kaart loaded.

A child process opens the main window on a database with 10 000 organisations and
40 000 aanbod (the same generator as bench_kaart), visits every section, scrolls the
kaart list to the end, and reports its peak resident set size. Budget: 300 MB.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks.common import PY, Benchmark, Result, child_env

DRIVER = r"""
import resource, sys
from desktop.app import create_main_window, make_app
from desktop.store import open_store, settings
app = make_app()
store = open_store(sys.argv[1])
with store.session() as s:
    settings.put(s, settings.WELKOM_GEDAAN, "1")
window = create_main_window(store)
window.resize(1366, 768)
window.show()
def step(name):
    print("stap", name, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
step("venster")
for row in range(window.nav.count()):
    window.nav.setCurrentRow(row)
    app.processEvents()
    step(window.current_section().key)
kaart = window.section("kaart")
if kaart is not None:
    window.open_section("kaart")
    app.processEvents()
    for view in kaart.findChildren(__import__("PySide6.QtWidgets").QtWidgets.QTableView):
        for _ in range(40):
            view.scrollToBottom()
            app.processEvents()
        step("kaart gescrold")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, flush=True)
"""


def run(quick: bool, workdir: Path) -> list[Result]:
    from benchmarks.bench_kaart import _store

    db = workdir / "memory-large.db"
    _store(db, 10_000, 40_000).close()
    env = child_env(ELKAAR_DATA_DIR=str(workdir / "data"), XDG_CONFIG_HOME=str(workdir / "config"))
    out = subprocess.run(
        [PY, "-c", DRIVER, str(db)], capture_output=True, text=True, env=env, timeout=600
    )
    lines = [ln for ln in out.stdout.splitlines() if ln.strip().isdigit()]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"memory driver failed: {out.stderr[-500:]}")
    rss = int(lines[-1])
    grew = [ln[5:] for ln in out.stdout.splitlines() if ln.startswith("stap ")]
    return [
        Result(
            "memory_large",
            rss,
            "MB",
            300,
            note="peak RSS, window on 10 000 organisations / 40 000 aanbod, every section "
            "visited; MB after each step: " + ", ".join(grew),
        ).finish()
    ]


BENCHMARK = Benchmark("memory", run, "resident memory with a large sociale kaart loaded")
