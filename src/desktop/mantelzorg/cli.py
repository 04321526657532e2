"""``elkaar export jaaroverzicht``: the anonymous jaaroverzicht as an Excel file."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desktop.errors import UserError


def register(groups) -> None:
    p = groups.sub("export", "jaaroverzicht", "jaaroverzicht mantelzorgondersteuning als Excel")
    p.add_argument("--jaar", type=int, default=date.today().year, help="kalenderjaar")
    p.add_argument("--out", required=True, help="Excel-bestand (.xlsx)")
    p.set_defaults(func=cmd_export_jaaroverzicht)


def cmd_export_jaaroverzicht(args: argparse.Namespace) -> int:
    from desktop.cli import open_store_for
    from desktop.mantelzorg.reports import write_jaaroverzicht_xlsx
    from desktop.store import engine as store_engine

    if not 1900 <= args.jaar <= 2100:
        raise UserError(f"{args.jaar} is geen geldig jaartal.")
    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is not None and not path.exists():
        raise UserError(f"Het databasebestand {path} bestaat niet.")
    store = open_store_for(args)
    try:
        out = write_jaaroverzicht_xlsx(store, args.jaar, Path(args.out))
    finally:
        store.close()
    print(f"Jaaroverzicht {args.jaar} opgeslagen: {out}")
    return 0
