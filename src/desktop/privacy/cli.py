"""``elkaar privacy ...``: inzage, vergeten and bewaartermijn for mantelzorgers.

All commands refuse a database that is not encrypted (mantelzorg data only lives in an
encrypted one). ``vergeet`` asks for confirmation; without a terminal it needs ``--ja``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop.errors import UserError


def register(groups) -> None:
    groups.group("privacy", "persoonsgegevens (AVG): inzage, vergeten, bewaartermijn, herstel")
    p = groups.sub(
        "privacy", "inzage", "alles wat over een mantelzorger is vastgelegd (PDF, JSON, Excel)"
    )
    p.add_argument("--mantelzorger", type=int, required=True, help="nummer van de mantelzorger")
    p.add_argument("--out", required=True, help="map voor de bestanden")
    p.set_defaults(func=cmd_inzage)

    p = groups.sub("privacy", "vergeet", "een mantelzorger wissen (anonieme telling blijft)")
    p.add_argument("--mantelzorger", type=int, required=True, help="nummer van de mantelzorger")
    p.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")
    p.set_defaults(func=cmd_vergeet)

    p = groups.sub("privacy", "bewaartermijn", "dossiers voorbij de bewaartermijn tonen of wissen")
    p.add_argument("--uitvoeren", action="store_true", help="de getoonde dossiers wissen")
    p.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")
    p.set_defaults(func=cmd_bewaartermijn)

    p = groups.sub("privacy", "herstel", "nieuw wachtwoord instellen met de herstelsleutel")
    p.set_defaults(func=cmd_herstel)


def _open(args: argparse.Namespace):
    from desktop.cli import open_store_for
    from desktop.mantelzorg.service import NOT_ENCRYPTED
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is not None and not path.exists():
        raise UserError(f"Het databasebestand {path} bestaat niet.")
    store = open_store_for(args)
    if not store.encrypted and store.info.dialect == "sqlite":
        store.close()
        raise UserError(NOT_ENCRYPTED)
    return store


def _confirm(question: str, args: argparse.Namespace) -> bool:
    if getattr(args, "ja", False):
        return True
    if sys.stdin is None or not sys.stdin.isatty():
        raise UserError(
            "Bevestiging nodig: voeg --ja toe om dit zonder vraag uit te voeren. Er is niets gewist."
        )
    answer = input(f"{question} Typ ja om door te gaan: ")
    return answer.strip().lower() == "ja"


def cmd_inzage(args: argparse.Namespace) -> int:
    from desktop.privacy import inzage

    store = _open(args)
    try:
        with store.session() as session:
            paths = inzage.write(session, args.mantelzorger, Path(args.out))
    finally:
        store.close()
    for p in paths:
        print(f"Opgeslagen: {p}")
    return 0


def cmd_vergeet(args: argparse.Namespace) -> int:
    from desktop.mantelzorg import service
    from desktop.privacy import erasure

    store = _open(args)
    try:
        with store.session() as session:
            m = service.get(session, args.mantelzorger, log_view=False)
            naam = m.naam
        if not _confirm(
            f"Mantelzorger {args.mantelzorger} ({naam}) en alle gesprekken en plannen wissen? "
            "Dit kan niet ongedaan worden gemaakt.",
            args,
        ):
            print("Niets gewist.")
            return 1
        with store.session() as session:
            result = erasure.forget(session, args.mantelzorger)
        erasure.compact(store)
    finally:
        store.close()
    print(
        f"Mantelzorger {result.mantelzorger_id} is gewist ({result.gesprekken} gesprek(ken), "
        f"{result.plannen} plan(nen)). De anonieme telling is bewaard."
    )
    return 0


def cmd_bewaartermijn(args: argparse.Namespace) -> int:
    from desktop.privacy import erasure, retention

    store = _open(args)
    try:
        with store.session() as session:
            months = retention.term_months(session)
            items = retention.review_list(session)
        print(f"Bewaartermijn: {months} maanden na het laatste contact.")
        if not items:
            print("Er zijn geen dossiers voorbij de bewaartermijn.")
            return 0
        print(f"{len(items)} dossier(s) voorbij de bewaartermijn:")
        for item in items:
            print(
                f"  {item.id:>5}  {item.naam:<30}  laatste contact "
                f"{item.laatste_contact:%d-%m-%Y}  vervallen op {item.vervalt_op:%d-%m-%Y}"
            )
        if not args.uitvoeren:
            print("Gebruik --uitvoeren om deze dossiers te wissen.")
            return 0
        # --uitvoeren is the confirmation in scripts; at a terminal we ask once more.
        interactive = sys.stdin is not None and sys.stdin.isatty()
        if interactive and not _confirm(f"Deze {len(items)} dossier(s) wissen?", args):
            print("Niets gewist.")
            return 1
        with store.session() as session:
            n = retention.purge(session, [i.id for i in items])
        erasure.compact(store)
    finally:
        store.close()
    print(f"{n} dossier(s) gewist; de anonieme telling is bewaard.")
    return 0


def cmd_herstel(args: argparse.Namespace) -> int:
    """Forgotten passphrase: recovery key + key file next to the database -> new passphrase.

    Reads the recovery key and the new passphrase (twice) from the terminal, or from
    ELKAAR_HERSTELSLEUTEL and ELKAAR_NIEUW_WACHTWOORD in scripts."""
    import getpass
    import os

    from desktop.store import crypto
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is None or not path.exists():
        raise UserError(f"Het databasebestand {path} bestaat niet.")
    interactive = sys.stdin is not None and sys.stdin.isatty()
    key = os.environ.get("ELKAAR_HERSTELSLEUTEL") or (
        input("Herstelsleutel: ") if interactive else ""
    )
    new = os.environ.get("ELKAAR_NIEUW_WACHTWOORD")
    if not new and interactive:
        new = getpass.getpass("Nieuw wachtwoord: ")
        if getpass.getpass("Herhaal het nieuwe wachtwoord: ") != new:
            raise UserError("De twee wachtwoorden zijn niet gelijk. Er is niets veranderd.")
    if not key or not new:
        raise UserError(
            "Geef de herstelsleutel en het nieuwe wachtwoord (of zet ELKAAR_HERSTELSLEUTEL en "
            "ELKAAR_NIEUW_WACHTWOORD). Er is niets veranderd."
        )
    new_key = crypto.reset_passphrase(path, key, new)
    print("Het nieuwe wachtwoord is ingesteld.")
    print(f"Nieuwe herstelsleutel (bewaar hem veilig, hij wordt niet opnieuw getoond): {new_key}")
    return 0
