"""Excel export of a typetest ronde: one row per respondent (rol, 14 answers, counts, type)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.rapporten.progress import CancelArg, ProgressFn
from desktop.typetest.instrument import load_typetest
from desktop.typetest.scoring import QUESTION_NUMBERS


def export_headers() -> list[str]:
    return [
        "Nr",
        "Naam",
        "Rol",
        *[f"Vraag {n}" for n in QUESTION_NUMBERS],
        "Beantwoord",
        "Aantal a even vragen",
        "Aantal a oneven vragen",
        "Beleid",
        "Regie",
        "Type",
        "Typenaam",
    ]


def export_rows(store: Any, ronde_id: int, *, anoniem: bool = False) -> tuple[Any, list[list]]:
    from desktop.typetest import service

    with store.session() as session:
        ronde = service.ronde_overzicht(session, ronde_id)
        results = service.respondent_results(session, ronde_id)
    rows = []
    for r in results:
        res = r.result
        rows.append(
            [
                r.volgnummer,
                "" if anoniem else r.naam,
                r.rol_label,
                *[r.answers.get(n, "") for n in QUESTION_NUMBERS],
                r.beantwoord,
                res.even_a if res else r.a_even_tot_nu,
                res.odd_a if res else r.a_oneven_tot_nu,
                res.beleid if res else "",
                res.regie if res else "",
                res.type if res else "",
                res.naam if res else "(onvolledig)",
            ]
        )
    return ronde, rows


def export_ronde(
    store: Any,
    ronde_id: int,
    out: Path | str,
    *,
    anoniem: bool = False,
    progress: ProgressFn | None = None,
    cancel: CancelArg = None,
) -> Path:
    """Write the ronde to an .xlsx file (through a temp file; nothing half-written)."""
    from desktop.rapporten.excel import SheetSpec, write_workbook
    from desktop.rapporten.formatting import format_date

    test = load_typetest()
    ronde, rows = export_rows(store, ronde_id, anoniem=anoniem)
    info = [
        f"Typetest-ronde {ronde.id}: {ronde.naam}, {format_date(ronde.datum)}.",
        f"Doel: {ronde.doel}" if ronde.doel else "Doel: (niet ingevuld)",
        f"Instrument: {test.titel}, editie {ronde.instrument_versie} "
        "(bron: Wmo en vrijwillige inzet, bijlage 2).",
        "Eén rij per respondent. Vraag 1 tot en met 14: het gekozen antwoord (a of b); "
        "leeg = nog niet beantwoord.",
        "Aantal a even vragen: 4 tot en met 7 = smal beleid, 0 tot en met 3 = breed beleid. "
        "Aantal a oneven vragen: 4 tot en met 7 = gemeente als dirigent, 0 tot en met 3 = "
        "regie op afstand. Een type is er pas als alle 14 vragen zijn beantwoord; bij een "
        "onvolledige respondent staan de tellingen tot nu toe.",
    ]
    return write_workbook(
        out,
        [SheetSpec("Respondenten", export_headers(), rows)],
        info=info,
        info_heading=f"Typetest — {ronde.naam}",
        progress=progress,
        cancel=cancel,
    )
