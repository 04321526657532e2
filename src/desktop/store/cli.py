"""CLI: ``elkaar backup`` and ``elkaar restore`` (registered by desktop.cli.build_parser)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path


def _passphrase_for(path: Path | None) -> str | None:
    from desktop.cli import read_passphrase
    from desktop.store import engine as store_engine

    passphrase = os.environ.get("ELKAAR_PASSPHRASE") or None
    if (
        passphrase is None
        and path is not None
        and store_engine.file_kind(path) == "other"
        and store_engine.looks_encrypted(path)  # zeros or text: damaged, no key helps
    ):
        passphrase = read_passphrase()
    return passphrase


def open_for_write(args: argparse.Namespace):
    """Open --db for writing with the lock taken and a backup before any migration."""
    from desktop.errors import UserError
    from desktop.store import backup
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is None:
        raise UserError("Reservekopieën kunnen alleen van een databasebestand worden gemaakt.")
    if not path.exists():
        raise UserError(f"Het databasebestand {path} bestaat niet.")
    passphrase = _passphrase_for(path)
    return store_engine.open_store(
        path,
        passphrase=passphrase,
        create=False,
        lock=True,
        before_migrate=backup.migration_hook(passphrase),
    )


def cmd_backup(args: argparse.Namespace) -> int:
    from desktop.store import backup

    if args.list:
        return _list(args)
    store = open_for_write(args)
    try:
        if args.out:
            info = backup.backup_store(store, Path(args.out))
            with store.session() as s:
                from datetime import UTC, datetime

                from desktop.store import settings

                settings.put(
                    s, settings.LAATSTE_BACKUP, datetime.now(UTC).isoformat(timespec="seconds")
                )
            where = info.path
            extra = ""
        else:
            result = backup.make_backup(store)
            info = result.info
            where = info.path
            extra = ""
            if result.second is not None:
                extra += f"\nKopie op de tweede locatie: {result.second}"
            if result.second_problem:
                extra += f"\nLet op: {result.second_problem}"
            if result.pruned:
                extra += f"\n{len(result.pruned)} oude reservekopie(ën) opgeruimd."
    finally:
        store.close()
    soort = "versleutelde " if info.encrypted else ""
    print(f"Gecontroleerde {soort}reservekopie gemaakt: {where} ({info.summary()}){extra}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.store import backup
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is None:
        raise UserError("Geef een databasebestand op met --db.")
    folder = Path(args.out) if args.out else None
    if folder is None:
        folder = backup.default_folder(path)
        if path.exists():
            store = store_engine.open_store(
                path, passphrase=_passphrase_for(path), readonly=True, migrate=False
            )
            try:
                folder, _ = backup.folders_for(store)
            finally:
                store.close()
    items = backup.list_backups(folder, os.environ.get("ELKAAR_PASSPHRASE") or None)
    if not items:
        print(f"Geen reservekopieën in {folder}.")
        return 0
    print(f"Reservekopieën in {folder}:")
    for item in items:
        print(
            f"{item.created:%d-%m-%Y %H:%M}  {item.size / 1024:8.0f} kB  "
            f"{item.path.name}  {item.summary()}"
        )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.store import backup
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    if path is None:
        raise UserError("Terugzetten kan alleen naar een databasebestand.")
    source = Path(args.file)
    if not source.exists():
        raise UserError(f"De reservekopie {source} bestaat niet.")
    passphrase = None
    if store_engine.file_kind(source) == "other" and store_engine.looks_encrypted(source):
        passphrase = _passphrase_for(source)
        if passphrase is None:
            raise UserError(
                "Deze reservekopie is versleuteld. Geef het wachtwoord (of zet ELKAAR_PASSPHRASE)."
            )
    result = backup.restore(source, path, passphrase)
    print(f"Teruggezet: {result.db_path} uit {source.name} ({result.info.summary()}).")
    if result.kept_aside is not None:
        print(f"De vorige database is bewaard als {result.kept_aside}.")
    return 0


def register(groups) -> None:
    p = groups.command("backup", "gecontroleerde reservekopie maken (of --list)")
    p.add_argument(
        "--out",
        help="bestand voor de reservekopie (standaard: de map voor reservekopieën, "
        "met generaties); bij --list: de map",
    )
    p.add_argument("--list", action="store_true", help="reservekopieën met inhoud tonen")
    p.set_defaults(func=cmd_backup)

    p = groups.command("restore", "een reservekopie terugzetten (de huidige wordt bewaard)")
    p.add_argument("file", metavar="BESTAND", help="de reservekopie")
    p.set_defaults(func=cmd_restore)
