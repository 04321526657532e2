"""Performance suite: ``python benchmarks/run.py [--quick] [--only NAME] --json OUT``.

Each ``benchmarks/bench_*.py`` defines ``BENCHMARK`` (or ``BENCHMARKS``); this runner
executes them, prints a table and writes a JSON list of
``{name, value, unit, budget, reference, ok}``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.common import Benchmark, Result  # noqa: E402


def discover() -> list[Benchmark]:
    found: list[Benchmark] = []
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        module = importlib.import_module(f"benchmarks.{path.stem}")
        if hasattr(module, "BENCHMARK"):
            found.append(module.BENCHMARK)
        found.extend(getattr(module, "BENCHMARKS", []))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Elkaar performance suite")
    parser.add_argument("--quick", action="store_true", help="fewer rounds and smaller data")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--json", type=Path, help="write results as JSON")
    parser.add_argument("--workdir", type=Path, help="keep generated data here between runs")
    args = parser.parse_args(argv)

    benches = discover()
    if args.only:
        benches = [b for b in benches if b.name in set(args.only)]
        if not benches:
            print(f"onbekende benchmark: {args.only}", file=sys.stderr)
            return 2
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="elkaar-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("ELKAAR_DATA_DIR", str(workdir / "data"))
    os.environ.setdefault("XDG_CONFIG_HOME", str(workdir / "config"))
    results: list[Result] = []
    for bench in benches:
        print(f"… {bench.name}", file=sys.stderr, flush=True)
        try:
            results.extend(bench.run(args.quick, workdir))
        except Exception as exc:
            traceback.print_exc()
            results.append(Result(bench.name, float("nan"), "error", None, ok=False, note=str(exc)))
    print(f"{'name':<28}{'value':>12} {'unit':<6}{'budget':>10}{'reference':>12}  ok   note")
    for r in results:
        budget = "" if r.budget is None else f"{r.budget:g}"
        ref = "" if r.reference is None else f"{r.reference:g}"
        ok = {True: "yes", False: "NO", None: "-"}[r.ok]
        print(f"{r.name:<28}{r.value:>12g} {r.unit:<6}{budget:>10}{ref:>12}  {ok:<4} {r.note}")
    if args.json:
        args.json.write_text(json.dumps([r.as_json() for r in results], indent=2), encoding="utf-8")
    return 0 if all(r.ok is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
