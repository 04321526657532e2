"""Command line for the sociale kaart.

elkaar import kaart FILE --db DB [--dry-run] [--report OUT.xlsx] [--modus geldig|alles]
    prints one line ``toegevoegd: N, bijgewerkt: N, afgewezen: N``; exit 0 when the file
    was processed (also with rejected rows), 1 when it cannot be used (nothing changed)
elkaar export kaart --db DB --format xlsx|csv|hsds --out PATH
"""

from __future__ import annotations

import argparse
import sys


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.cli import open_store_for
    from desktop.kaart.importer import import_file, save_result

    store = open_store_for(args)
    try:
        result = import_file(
            store, args.file, dry_run=args.dry_run, modus=args.modus, sheet=args.blad
        )
    finally:
        store.close()
    if args.report:
        save_result(result, args.report)
    print(result.summary())
    if result.modus == "alles" and result.afgewezen and not args.dry_run:
        print(
            "Alles of niets: er zijn afgewezen rijen, dus er is niets opgeslagen.", file=sys.stderr
        )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.cli import open_store_for
    from desktop.kaart.export import export_kaart

    store = open_store_for(args)
    try:
        out, n = export_kaart(store, args.format, args.out)
    finally:
        store.close()
    print(f"{n} organisaties uitgevoerd naar {out}")
    return 0


def register(groups) -> None:
    p = groups.sub("import", "kaart", "sociale kaart inlezen uit Excel (.xlsx) of .csv")
    p.add_argument("file", metavar="BESTAND", help="het .xlsx- of .csv-bestand")
    p.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    p.add_argument("--report", metavar="UIT.xlsx", help="resultaat per rij opslaan als Excel")
    p.add_argument(
        "--modus",
        choices=("geldig", "alles"),
        default="geldig",
        help="geldig: alleen geldige rijen inlezen (standaard); alles: alles of niets",
    )
    p.add_argument("--blad", default=None, help="naam van het werkblad (standaard: het eerste)")
    p.set_defaults(func=cmd_import)

    p = groups.sub("export", "kaart", "sociale kaart uitvoeren naar Excel, CSV of HSDS")
    p.add_argument("--format", required=True, choices=("xlsx", "csv", "hsds"), help="formaat")
    p.add_argument("--out", required=True, help="bestand (of map/.zip voor hsds)")
    p.set_defaults(func=cmd_export)
