"""Excel export of a meting: one row per item, a sheet with the scores, and a Toelichting.

Used by ``elkaar export meting --db DB --meting ID --out FILE.xlsx`` and by the window.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.basisfuncties import service
from desktop.errors import UserError


def meting_rows(session, meting_id: int) -> tuple[list[str], list[list[Any]]]:
    """Header and rows (one per item of the chosen functions) of a meting."""
    meting = service.get_meting(session, meting_id)
    instrument = service.instrument_for(meting)
    stored = service.answers(session, meting_id)
    headers = [
        "Code",
        "Basisfunctie",
        "Activiteit (sleutel)",
        "Activiteit",
        "Status",
        "Uitvoerders",
        "Wijken",
        "Notitie",
        "Ambitie: prioriteit",
        "Ambitie: streefdatum",
    ]
    rows: list[list[Any]] = []
    for key in meting.function_keys:
        function = instrument.function(key)
        for item in function.items:
            a = stored.get(item.key)
            status = a.status if a else None
            rows.append(
                [
                    function.code,
                    function.name,
                    item.key,
                    item.text,
                    instrument.status(status).name if status else "(niet ingevuld)",
                    "; ".join(a.uitvoerder_namen) if a else "",
                    "; ".join(n for _, n in a.wijken) if a else "",
                    a.notitie if a else "",
                    a.prioriteit if a else "",
                    a.streefdatum if a else None,
                ]
            )
    return headers, rows


def export_meting(store, meting_id: int, out: Path | str, progress=None, cancel=None) -> Path:
    from desktop.rapporten.excel import SheetSpec, write_workbook

    if not isinstance(meting_id, int) or meting_id < 1:
        raise UserError("Geef met --meting het nummer van een meting op (1 of hoger).")
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise UserError("Geef een bestandsnaam die eindigt op .xlsx.")
    with store.session() as session:
        meting = service.get_meting(session, meting_id)
        instrument = service.instrument_for(meting)
        headers, rows = meting_rows(session, meting_id)
        score = service.score_of(meting)
        label = f"{service.soort_label(meting.soort)} van {meting.datum:%d-%m-%Y}"
        door = meting.ingevuld_door or "(niet ingevuld)"
        versie = meting.instrument_versie
    score_rows: list[list[Any]] = []
    for key, fs in score.functions.items():
        f = instrument.function(key)
        score_rows.append(
            [
                f.code,
                f.name,
                None if fs.score is None else round(fs.score * 100),
                None if fs.in_place_share is None else round(fs.in_place_share * 100),
                fs.applicable,
                fs.not_applicable,
                fs.unknown,
            ]
        )
    for domain, ds in score.domains.items():
        if ds.function_keys:
            score_rows.append(
                [
                    "",
                    f"Gemiddelde {instrument.domain(domain).name.lower()}",
                    None if ds.score is None else round(ds.score * 100),
                    None,
                    None,
                    None,
                    None,
                ]
            )
    score_rows.append(
        ["", "Totaal", None if score.score is None else round(score.score * 100)] + [None] * 4
    )
    info = [
        f"Meting {meting_id}: {label}, ingevuld door {door}.",
        f"Checklist: {instrument.title}, versie {versie}. Bron: de notities 'Basisfuncties "
        "lokale ondersteuning vrijwilligerswerk' (VNG en Vereniging NOV) en 'Basisfuncties "
        "lokale ondersteuning mantelzorg' (VNG en Mezzo).",
        "Tabblad 'Activiteiten' heeft één rij per activiteit van de gekozen basisfuncties.",
        "Weging van de score: " + instrument.weighting,
        "Statussen: " + "; ".join(f"{s.name}: {s.help}" for s in instrument.statuses),
    ]
    write_workbook(
        out,
        [
            SheetSpec("Activiteiten", headers, rows),
            SheetSpec(
                "Scores",
                [
                    "Code",
                    "Basisfunctie",
                    "Score (%)",
                    "Aanwezig (%)",
                    "Van toepassing",
                    "Niet van toepassing",
                    "Onbekend",
                ],
                score_rows,
            ),
        ],
        info=info,
        info_heading=f"Basisfuncties: {label}",
        progress=progress,
        cancel=cancel,
    )
    return out
