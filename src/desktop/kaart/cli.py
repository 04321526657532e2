"""Command line for the sociale kaart.

elkaar import kaart FILE --db DB [--dry-run] [--report OUT.xlsx] [--modus geldig|alles]
    prints one line ``toegevoegd: N, bijgewerkt: N, afgewezen: N`` (with --dry-run:
    ``Proefimport, er is niets opgeslagen. Bij echt inlezen: toegevoegd: N, ...``); exit 0
    when the file was processed (also with rejected rows), 1 when it cannot be used or the
    report cannot be written (then nothing changed: the report target is checked first and
    the report is written before the import is committed)
elkaar export kaart --db DB --format xlsx|csv|hsds --out PATH
"""

from __future__ import annotations

import argparse
import sys


def cmd_import(args: argparse.Namespace) -> int:
    from desktop.cli import open_store_for
    from desktop.kaart.importer import check_output_file, import_file, save_result

    if args.report:  # before anything is imported: the report and the data, both or neither
        check_output_file(args.report)
    store = open_store_for(args)
    try:
        result = import_file(
            store,
            args.file,
            dry_run=args.dry_run,
            modus=args.modus,
            sheet=args.blad,
            before_commit=(lambda res: save_result(res, args.report)) if args.report else None,
        )
    finally:
        store.close()
    print(result.summary_line())
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
    p = groups.sub("import", "kaart", "sociale kaart inlezen uit Excel (.xlsx), .ods of .csv")
    p.add_argument("file", metavar="BESTAND", help="het .xlsx-, .ods- of .csv-bestand")
    p.add_argument("--dry-run", action="store_true", help="alleen controleren, niets opslaan")
    p.add_argument(
        "--report",
        metavar="UIT.xlsx",
        help="resultaat per rij opslaan als Excel (de map wordt eerst gecontroleerd)",
    )
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
