"""Command line for the basisfuncties.

elkaar export meting --db DB --meting ID --out FILE.xlsx

The reports (``elkaar report basisfuncties`` and ``elkaar report witte-vlekken``) come
from the report catalogue (see ``reports.py``).
"""

from __future__ import annotations

import argparse


def cmd_export_meting(args: argparse.Namespace) -> int:
    from desktop.basisfuncties.export import export_meting
    from desktop.cli import open_store_for

    store = open_store_for(args)
    try:
        out = export_meting(store, args.meting, args.out)
    finally:
        store.close()
    print(f"Meting {args.meting} uitgevoerd naar {out}")
    return 0


def register(groups) -> None:
    p = groups.sub("export", "meting", "basisfuncties-meting naar Excel")
    p.add_argument("--meting", required=True, type=int, help="nummer van de meting")
    p.add_argument("--out", required=True, help="Excel-bestand (.xlsx)")
    p.set_defaults(func=cmd_export_meting)
