"""bundle: size of the frozen one-folder bundle (dist/elkaar) and its start-up time to
the main window, as a ratio to the same start from source in the same run.

Build the bundle first (bash installer/build-linux.sh); without dist/elkaar the results
are reported as skipped. The bundle is measured as it is: rebuild it after changing code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from benchmarks.common import PY, ROOT, Benchmark, Result, child_env, median, time_until_ready

DIST = ROOT / "dist" / "elkaar"
EXE = DIST / ("elkaar.exe" if sys.platform == "win32" else "elkaar")
# On Windows the console twin prints "ready"; the windowed elkaar.exe has no stdout.
EXE_CLI = DIST / ("elkaar-cli.exe" if sys.platform == "win32" else "elkaar")
SIZE_BUDGET_MB = 150
STARTUP_BUDGET = 1.5


def bundle_size_mb(folder: Path = DIST) -> float:
    """Unpacked size in MiB (sum of the file sizes, symlinks not followed)."""
    total = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() or p.is_symlink())
    return total / 2**20


def _skipped() -> list[Result]:
    note = "overgeslagen: dist/elkaar ontbreekt (bouw met installer/build-linux.sh)"
    return [
        Result("bundle_size_mb", float("nan"), "MiB", SIZE_BUDGET_MB, note=note),
        Result("bundle_startup", float("nan"), "x", STARTUP_BUDGET, note=note),
    ]


def run(quick: bool, workdir: Path) -> list[Result]:
    if not EXE_CLI.exists():
        return _skipped()
    size = bundle_size_mb()
    results = [
        Result(
            "bundle_size_mb",
            round(size, 1),
            "MiB",
            SIZE_BUDGET_MB,
            note=f"{sum(1 for p in DIST.rglob('*') if p.is_file())} bestanden in dist/elkaar",
        ).finish()
    ]

    env = child_env(
        ELKAAR_SMOKE="1",
        ELKAAR_DATA_DIR=str(workdir / "bundle-data"),
        XDG_CONFIG_HOME=str(workdir / "bundle-config"),
    )
    env.pop("PYTHONPATH", None)
    # Each side gets a demo database made by itself, so an older bundle never meets a
    # database migrated by newer source code (it would refuse it).
    frozen_db = workdir / "bundle-frozen.db"
    source_db = workdir / "bundle-source.db"
    for db, cmd in ((frozen_db, [str(EXE_CLI)]), (source_db, [PY, "-m", "desktop"])):
        if db.exists():
            db.unlink()
        subprocess.run(
            [*cmd, "init", "--demo", "--db", str(db)],
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    frozen_cmd = [str(EXE_CLI), "--db", str(frozen_db)]
    source_cmd = [PY, "-m", "desktop", "--db", str(source_db)]
    rounds = 3 if quick else 7
    time_until_ready(frozen_cmd, env)  # warm the page cache for both
    time_until_ready(source_cmd, env)
    frozen, source = [], []
    for _ in range(rounds):  # interleaved, so load on the machine hits both alike
        frozen.append(time_until_ready(frozen_cmd, env))
        source.append(time_until_ready(source_cmd, env))
    f, s = median(frozen), median(source)
    results += [
        Result(
            "bundle_startup",
            round(f / s, 2),
            "x",
            STARTUP_BUDGET,
            reference=round(s, 3),
            note=f"gebundeld {f:.3f} s, uit de broncode {s:.3f} s (mediaan van {rounds})",
        ).finish(),
        Result("bundle_startup_seconds", round(f, 3), "s", None, reference=round(s, 3)).finish(),
    ]
    return results


BENCHMARK = Benchmark(
    "bundle", run, "frozen bundle: unpacked size and start-up to the window, ratio to source"
)
