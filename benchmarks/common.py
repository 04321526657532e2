"""Shared pieces of the benchmark suite: result type, timing helpers, subprocess runs."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    name: str
    value: float
    unit: str
    budget: float | None
    reference: float | None = None
    ok: bool | None = None
    note: str = ""

    def finish(self) -> Result:
        if self.budget is not None and self.ok is None:
            self.ok = self.value <= self.budget
        return self

    def as_json(self) -> dict:
        d = asdict(self)
        d.pop("note")
        return d


@dataclass
class Benchmark:
    name: str
    run: Callable[[bool, Path], list[Result]]  # (quick, workdir) -> results
    description: str = ""


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


def child_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    # Measure as installed: with cached bytecode (this workplace sets
    # PYTHONDONTWRITEBYTECODE, which would compile every module on every start).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.update(extra)
    return env


def time_until_markers(
    cmd: list[str], env: dict[str, str], markers: list[str], timeout: float = 60
) -> dict[str, float]:
    """Seconds from process start until it prints each of ``markers`` on stdout."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    )
    assert proc.stdout is not None
    seen: dict[str, float] = {}
    for line in proc.stdout:
        if line.strip() in markers and line.strip() not in seen:
            seen[line.strip()] = time.perf_counter() - t0
            if len(seen) == len(markers):
                break
    proc.wait(timeout=timeout)
    missing = [m for m in markers if m not in seen]
    if missing:
        raise RuntimeError(f"{cmd} never printed {missing} (exit {proc.returncode})")
    return seen


def time_until_ready(
    cmd: list[str], env: dict[str, str], marker: str = "ready", timeout: float = 60
) -> float:
    """Seconds from process start until it prints ``marker`` on stdout."""
    return time_until_markers(cmd, env, [marker], timeout)[marker]


PY = sys.executable
