"""Sociale kaart: search p95, import of 10 000 rows vs openpyxl, wegwijzer of 1 000
organisations, first paint of a 100 000-row list.

Data is generated (desktop.kaart.generate) and kept in the workdir between runs.
"""

from __future__ import annotations

import json
import random
import subprocess
import time
from pathlib import Path

from benchmarks.common import PY, Benchmark, Result, child_env, median, percentile

TERMS = (
    "mantelzorg", "respijtzorg", "burenhulp", "vervoersdienst", "dementie", "maaltijdservice",
    "vrijwilligers", "jongeren", "kerk", "eenzamen", "taalmaatje", "schuldhulp", "boodschappen",
    "klussendienst", "inloop", "de akkers", "molenwijk", "steunpunt", "bezoekdienst", "rouw",
    "cliëntondersteuning", "lotgenoten", "hulpmiddelen", "dagbesteding", "ontmoetingscafé",
)  # fmt: skip


def _store(path: Path, n_org: int, n_aanbod: int):
    from desktop.kaart import generate
    from desktop.store import open_store

    fresh = not path.exists()
    store = open_store(path)
    if fresh:
        with store.session() as s:
            generate.generate_large(s, n_org=n_org, n_aanbod=n_aanbod)
    return store


def _queries(session, quick: bool):
    """A realistic mix: words typed letter by letter (prefixes from 3 letters), whole
    words, two-word queries, with and without facets, organisations and aanbod (the
    picker), and facet-only lists."""
    from desktop.kaart.search import SearchFilters
    from desktop.kaart.service import list_soorten
    from desktop.store import wijken

    rng = random.Random(20261123)
    wijk_ids = [w.id for w in wijken.list_wijken(session)]
    soort_ids = [s.id for s in list_soorten(session)]
    bf = [f"vw{i}" for i in range(1, 6)] + [f"mz{i}" for i in range(1, 9)]
    dg = ["ouderen", "mantelzorgers", "jongeren", "eenzamen", "mensen_met_beperking"]

    def facets():
        r = rng.random()
        if r < 0.55:
            return None
        choice = rng.choice(("wijk", "bf", "soort", "dg", "controle", "two"))
        if choice == "wijk":
            return SearchFilters(wijk_ids=[rng.choice(wijk_ids)])
        if choice == "bf":
            return SearchFilters(basisfuncties=[rng.choice(bf)])
        if choice == "soort":
            return SearchFilters(soort_ids=[rng.choice(soort_ids)])
        if choice == "dg":
            return SearchFilters(doelgroepen=[rng.choice(dg)])
        if choice == "controle":
            return SearchFilters(te_controleren=True)
        return SearchFilters(wijk_ids=[rng.choice(wijk_ids)], basisfuncties=[rng.choice(bf)])

    out = []
    terms = TERMS[:12] if quick else TERMS
    for term in terms:
        level = "aanbod" if rng.random() < 0.3 else "organisatie"
        f = facets()
        for n in range(3, len(term) + 1):  # typing, one search per keystroke
            out.append((term[:n], f, level))
        out.append((f"{term} {rng.choice(('lindewaard', 'centrum', 'hoogeveld'))}", f, level))
    for _ in range(len(out) // 10):
        out.append(("", facets() or SearchFilters(wijk_ids=[rng.choice(wijk_ids)]), "organisatie"))
    return out


def bench_search(quick: bool, workdir: Path) -> list[Result]:
    from desktop.kaart.search import search

    store = _store(workdir / "kaart_10k.db", 10_000, 40_000)
    try:
        with store.session() as s:
            queries = _queries(s, quick)
            for q, f, level in queries[:20]:  # warm caches
                search(s, q, f, level=level)
            times = []
            for q, f, level in queries:
                t0 = time.perf_counter()
                search(s, q, f, level=level)
                times.append((time.perf_counter() - t0) * 1000)
    finally:
        store.close()
    p95 = percentile(times, 0.95)
    return [
        Result(
            "kaart_search_p95",
            round(p95, 2),
            "ms",
            10.0,
            note=f"{len(times)} queries, median {median(times):.2f} ms, max {max(times):.1f} ms",
        ).finish()
    ]


def _write_import_file(path: Path, rows: int) -> None:
    """A realistic intake workbook: one row per aanbod, 4 aanbod per organisation."""
    import openpyxl

    from desktop.kaart import generate
    from desktop.kaart.columns import FIELDS_BY_KEY

    rng = random.Random(5)
    keys = ("organisatie_naam", "soort", "beschrijving", "straat", "huisnummer", "postcode", "plaats",
            "telefoon", "email", "website", "contactpersoon", "aanbod_naam", "aanbod_beschrijving",
            "doelgroepen", "basisfuncties", "kosten", "aanmelden", "openingstijden")  # fmt: skip
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Aanbod")
    ws.append([FIELDS_BY_KEY[k].label for k in keys])
    soorten = [
        "Burenhulp",
        "Kerk",
        "Steunpunt mantelzorg",
        "Welzijnswerk",
        "Bezoekdienst",
        "Sportvereniging",
    ]
    for i in range(rows // 4):
        naam = f"{rng.choice(generate.STRATEN).replace('straat', '')} {rng.choice(('Zorg', 'Hulp', 'Buren', 'Samen'))} {i}"
        domain = f"org{i}.example"
        org = [
            naam, rng.choice(soorten), f"{naam} helpt inwoners in de buurt.", rng.choice(generate.STRATEN),
            str(rng.randint(1, 200)), f"{rng.randint(1000, 9999)} AB", "Lindewaard",
            f"06 {rng.randint(10000000, 99999999)}", f"info@{domain}", f"www.{domain}",
            f"{rng.choice(generate.VOORNAMEN)} {rng.choice(generate.ACHTERNAMEN)}",
        ]  # fmt: skip
        for j in range(4):  # the organisation's columns repeat on each aanbod row
            a = generate.AANBOD[(i + j * 7) % len(generate.AANBOD)]
            ws.append([
                *org, a[0] if j < 3 else f"{a[0]} extra", a[1], "Ouderen, Mantelzorgers",
                ", ".join(a[2]) or "mz1", a[5], "Bel ons.", a[6],
            ])  # fmt: skip
    wb.save(path)


def bench_import(quick: bool, workdir: Path) -> list[Result]:
    import openpyxl

    from desktop.kaart.importer import import_file
    from desktop.store import open_store

    path = workdir / "kaart_import_10k.xlsx"
    if not path.exists():
        _write_import_file(path, 10_000)

    def bare_read() -> float:
        t0 = time.perf_counter()
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        for row in wb.worksheets[0].iter_rows(values_only=True):
            for _ in row:
                pass
        wb.close()
        return time.perf_counter() - t0

    rounds = 1 if quick else 3
    bare_times, import_times = [], []
    summary = ""
    for r in range(rounds):
        bare_times.append(bare_read())
        db = workdir / f"import_{r}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        store = open_store(db)  # migrated before the clock starts
        try:
            t0 = time.perf_counter()
            result = import_file(store, path)
            import_times.append(time.perf_counter() - t0)
            summary = result.summary()
        finally:
            store.close()
    bare, imp = median(bare_times), median(import_times)
    return [
        Result(
            "kaart_import_10k",
            round(imp / bare, 2),
            "x",
            1.0,
            reference=round(bare, 3),
            note=f"import {imp:.2f} s ({summary}), bare openpyxl read_only read {bare:.2f} s",
        ).finish()
    ]


def bench_wegwijzer(quick: bool, workdir: Path) -> list[Result]:
    from desktop.rapporten import catalogue

    store = _store(workdir / "kaart_1000.db", 1_000, 4_000)
    catalogue.load_report_modules()
    report = catalogue.get("wegwijzer")
    times = []
    try:
        for _ in range(1 if quick else 3):
            t0 = time.perf_counter()
            report.run(store, {"indeling": "soort"}, workdir / "wegwijzer_1000.pdf")
            times.append(time.perf_counter() - t0)
    finally:
        store.close()
    return [
        Result(
            "wegwijzer_1000",
            round(median(times), 2),
            "s",
            5.0,
            note=f"runs: {', '.join(f'{t:.2f}' for t in times)}",
        ).finish()
    ]


PAINT = r"""
import json, sys, time, resource
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv)
from desktop.store import open_store
from desktop.ui.section import AppContext
from sqlalchemy.orm import configure_mappers
from desktop.features import import_all_models
from desktop.kaart.views import KaartSection
import_all_models()
configure_mappers()  # done once at start-up by the main window, not per section
store = open_store(sys.argv[1])
t0 = time.perf_counter()
w = KaartSection(AppContext(store))
w.resize(1366, 768)
w.show()
app.processEvents()
w.view.viewport().repaint()
first = time.perf_counter() - t0
rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t1 = time.perf_counter()
for _ in range(40):
    w.view.verticalScrollBar().setValue(w.view.verticalScrollBar().maximum())
    app.processEvents()
scroll = time.perf_counter() - t1
rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"first": first, "scroll": scroll, "rows": len(w.model.hits), "rss0": rss0, "rss1": rss1}))
"""


def _large_list_db(path: Path, n: int) -> None:
    """100 000 organisations, bulk inserted (the list needs no aanbod)."""
    from datetime import UTC, datetime

    from sqlalchemy import insert

    from desktop.kaart import search
    from desktop.kaart.models import Organisatie
    from desktop.kaart.service import list_soorten
    from desktop.store import open_store
    from desktop.store.base import new_uuid

    store = open_store(path)
    rng = random.Random(3)
    now = datetime.now(UTC)
    with store.session() as s:
        soorten = [x.id for x in list_soorten(s)]
        rows = [
            {"id": i + 1, "uuid": new_uuid(), "naam": f"{rng.choice(TERMS).title()} {rng.choice(('Noord', 'Zuid', 'Oost', 'West'))} {i}",
             "soort_id": rng.choice(soorten), "beschrijving": "", "straat": "", "huisnummer": "", "postcode": "",
             "plaats": rng.choice(("Lindewaard", "Hoogeveld", "Broekhuizen")), "telefoon": "", "email": "",
             "website": "", "werkgebied": "gemeente", "status": "actief", "niet_publiceren": False,
             "gecontroleerd_op": None, "gecontroleerd_door": "", "bron": "benchmark", "notities": "",
             "gearchiveerd_op": None, "samengevoegd_in_id": None, "aangemaakt_op": now, "gewijzigd_op": now}
            for i in range(n)
        ]  # fmt: skip
        s.execute(insert(Organisatie.__table__), rows)
        search.rebuild_index(s)
    store.close()


def bench_table(quick: bool, workdir: Path) -> list[Result]:
    db = workdir / "kaart_100k.db"
    if not db.exists():
        _large_list_db(db, 100_000)
    runs = []
    for _ in range(2 if quick else 5):
        out = subprocess.run(
            [PY, "-c", PAINT, str(db)], capture_output=True, text=True, env=child_env(), timeout=300
        )
        if out.returncode != 0:
            raise RuntimeError(out.stderr[-2000:])
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    first = median([r["first"] for r in runs]) * 1000
    scroll = median([r["scroll"] for r in runs]) * 1000
    grow = median([(r["rss1"] - r["rss0"]) / 1024 for r in runs])
    return [
        Result(
            "table_100k_first_paint",
            round(first, 1),
            "ms",
            300.0,
            note=f"section built and painted over 100 000 organisations; 40 scrolls to the end {scroll:.0f} ms "
            f"(loaded {runs[-1]['rows']} rows), memory +{grow:.1f} MB",
        ).finish()
    ]


BENCHMARKS = [
    Benchmark(
        "kaart_search_p95",
        bench_search,
        "search service p95 over 10 000 organisations / 40 000 aanbod",
    ),
    Benchmark(
        "kaart_import_10k",
        bench_import,
        "import 10 000 Excel rows, ratio to a bare openpyxl read_only read",
    ),
    Benchmark("wegwijzer_1000", bench_wegwijzer, "wegwijzer PDF of 1 000 organisations"),
    Benchmark(
        "table_100k_first_paint",
        bench_table,
        "first paint of the kaart list with 100 000 organisations",
    ),
]
