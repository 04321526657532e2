"""typetest: scoring speed, group result of a large ronde, and the typetest report.

No budget in ARCHITECTURE §7 covers the typetest; these figures guard against
regressions. The large ronde (200 respondents) is far beyond a real one (6-20 people),
so a live paper grid and a group view stay instant in practice.
"""

from __future__ import annotations

import itertools
import random
import time
from datetime import date
from pathlib import Path

from benchmarks.common import Benchmark, Result, median


def run(quick: bool, workdir: Path) -> list[Result]:
    from desktop.store import open_store
    from desktop.typetest import service
    from desktop.typetest.instrument import load_typetest
    from desktop.typetest.scoring import score

    test = load_typetest()
    patterns = [dict(enumerate(bits, start=1)) for bits in itertools.product("ab", repeat=14)]
    t0 = time.perf_counter()
    for answers in patterns:
        score(answers, test)
    per_score_us = (time.perf_counter() - t0) / len(patterns) * 1e6

    db = workdir / "typetest-bench.db"
    db.unlink(missing_ok=True)
    store = open_store(db)
    rng = random.Random(7)
    n = 60 if quick else 200
    with store.session() as s:
        ronde = service.create_ronde(s, "Benchmark", date(2026, 1, 1))
        t0 = time.perf_counter()
        for i in range(n):
            r = service.add_respondent(s, ronde.id, f"R{i}", "ambtenaar")
            service.set_answers(s, r.id, rng.choice(patterns))
        store_ms = (time.perf_counter() - t0) / n * 1000
        ronde_id = ronde.id
    timings = []
    for _ in range(3 if quick else 7):
        t0 = time.perf_counter()
        with store.session() as s:
            service.group_result(s, ronde_id)
        timings.append((time.perf_counter() - t0) * 1000)
    group_ms = median(timings)

    from desktop.rapporten import catalogue

    t0 = time.perf_counter()
    catalogue.get("typetest").run(store, {"ronde": ronde_id}, workdir / "typetest.pdf")
    report_s = time.perf_counter() - t0
    store.close()
    return [
        Result(
            "typetest_score", round(per_score_us, 1), "µs", None, note="one answer set"
        ).finish(),
        Result(
            "typetest_store_respondent", round(store_ms, 1), "ms", None, note="14 answers saved"
        ).finish(),
        Result(
            "typetest_group_result", round(group_ms, 1), "ms", None, note=f"{n} respondents"
        ).finish(),
        Result(
            "typetest_report", round(report_s, 2), "s", None, note=f"PDF, {n} respondents"
        ).finish(),
    ]


BENCHMARK = Benchmark("typetest", run, "typetest scoring, group result and report")
