"""Databaseoverzicht: gemeente, counts per table, schema version, last backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.rapporten.catalogue import Report, register
from desktop.rapporten.document import Heading, build_pdf
from desktop.rapporten.formatting import format_datetime, format_number
from desktop.rapporten.gemeente import report_context
from desktop.rapporten.styles import key_value_table, make_table, para
from desktop.store.overview import overview


def _size(n: int | None) -> str:
    if n is None:
        return "onbekend"
    if n < 1024 * 1024:
        return f"{format_number(n / 1024, 0)} kB"
    return f"{format_number(n / 1024 / 1024, 1)} MB"


def build(store, options: dict[str, Any], out: Path, progress=None, cancel=None) -> Path:
    info = overview(store)
    ctx = report_context(store, "Databaseoverzicht", "Wat staat er in deze Elkaar-database")
    story = [
        Heading("Algemeen", 1),
        key_value_table(
            [
                ("Gemeente", info.gemeente or "(nog niet ingevuld)"),
                ("Database", info.location),
                ("Versleuteld", "ja (SQLCipher)" if info.encrypted else "nee"),
                ("Grootte", _size(info.size_bytes)),
                ("Schemaversie", info.schema_version),
                ("Elkaar-versie", __version__),
                (
                    "Laatste reservekopie",
                    format_datetime(info.last_backup) if info.last_backup else "nog nooit",
                ),
            ]
        ),
        Heading("Aantallen per tabel", 1),
        make_table(
            ["Onderdeel", "Tabel", "Aantal"],
            [[t.label, t.table, t.rows] for t in info.tables],
        ),
        para(
            "Dit overzicht bevat geen persoonsgegevens: alleen aantallen. Het is bedoeld voor "
            "beheer en ondersteuning, bijvoorbeeld om na een reservekopie te controleren of "
            "alles er nog is.",
            "Toelichting",
        ),
    ]
    return build_pdf(out, ctx, story, progress=progress, cancel=cancel)


register(
    Report(
        key="databaseoverzicht",
        title="Databaseoverzicht",
        description="Gemeente, aantallen per tabel, schemaversie en laatste reservekopie.",
        options=[],
        build=build,
    )
)
