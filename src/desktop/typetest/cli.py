"""Command line for the typetest.

elkaar typetest score --answers AABBABABABABAB      one JSON object on stdout
elkaar export typetest --db DB --ronde ID --out FILE.xlsx [--anoniem]
"""

from __future__ import annotations

import argparse


def cmd_score(args: argparse.Namespace) -> int:
    from desktop.cli import print_json
    from desktop.typetest.scoring import parse_answers, score

    print_json(score(parse_answers(args.answers)).to_json_dict())
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desktop.cli import open_store_for
    from desktop.errors import UserError
    from desktop.typetest.export import export_ronde

    if args.ronde < 1:
        raise UserError("Geef met --ronde het nummer van een typetest-ronde op (1 of hoger).")
    store = open_store_for(args)
    try:
        out = export_ronde(store, args.ronde, args.out, anoniem=args.anoniem)
    finally:
        store.close()
    print(f"Typetest-ronde {args.ronde} uitgevoerd naar {out}")
    return 0


def register(groups) -> None:
    group = groups.group("typetest", "typetest Wmo en vrijwillige inzet")
    p = group.add_parser(
        "score",
        help="uitslag van 14 antwoorden als JSON",
        description="Bereken de uitslag van de typetest uit 14 antwoorden (a of b).",
    )
    p.add_argument(
        "--answers",
        required=True,
        metavar="ANTWOORDEN",
        help=(
            "14 letters a of b, vraag 1 tot en met 14 (hoofdletters, spaties en komma's "
            "mogen), 14 cijfers 1 (= a) of 2 (= b), of genummerd: '1a 2b 3a ...'"
        ),
    )
    p.set_defaults(func=cmd_score)

    p = groups.sub("export", "typetest", "typetest-ronde naar Excel")
    p.add_argument("--ronde", required=True, type=int, help="nummer van de ronde")
    p.add_argument("--out", required=True, help="Excel-bestand (.xlsx)")
    p.add_argument("--anoniem", action="store_true", help="zonder namen van respondenten")
    p.set_defaults(func=cmd_export)
