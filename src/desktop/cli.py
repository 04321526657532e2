"""Command-line front end (contract: ARCHITECTURE §5).

Exit codes: 0 ok, 1 user error (one Dutch line on stderr), 2 usage. Never a traceback
for bad input. Without a subcommand the window opens.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.errors import UserError

log = logging.getLogger(__name__)

Handler = Callable[[argparse.Namespace], int]


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[override]
        return super().add_usage(usage, actions, groups, "gebruik: " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse with Dutch help and Dutch usage errors (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "argumenten"
        self._optionals.title = "opties"
        if add_help:
            self.add_argument(
                "-h",
                "--help",
                action="help",
                default=argparse.SUPPRESS,
                help="toon deze hulp en stop",
            )

    def error(self, message: str):  # type: ignore[override]
        translations = {
            "the following arguments are required": "deze argumenten ontbreken",
            "unrecognized arguments": "onbekende argumenten",
            "invalid choice": "ongeldige keuze",
            "expected one argument": "verwacht één waarde",
            "invalid int value": "geen geheel getal",
            "choose from": "kies uit",
            "argument ": "optie ",
        }
        for en, nl in translations.items():
            message = message.replace(en, nl)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fout: {message}\n")


class CliGroups:
    """Handed to each feature's ``cli.register(groups)``."""

    def __init__(self, root: argparse._SubParsersAction, parent: argparse.ArgumentParser) -> None:
        self.root = root
        self._groups: dict[str, argparse._SubParsersAction] = {}
        self._db_parent = parent

    def command(self, name: str, help: str) -> argparse.ArgumentParser:
        return self.root.add_parser(name, help=help, parents=[self._db_parent])

    def group(self, name: str, help: str = "") -> argparse._SubParsersAction:
        if name not in self._groups:
            parser = self.root.add_parser(name, help=help)
            self._groups[name] = parser.add_subparsers(
                dest=f"{name}_cmd", metavar="ONDERWERP", parser_class=_Parser
            )
            self._groups[name].required = True
        return self._groups[name]

    def sub(self, group: str, name: str, help: str) -> argparse.ArgumentParser:
        return self.group(group).add_parser(name, help=help, parents=[self._db_parent])


# --------------------------------------------------------------------------- helpers


def read_passphrase(prompt: str = "Wachtwoord van de database: ") -> str | None:
    env = os.environ.get("ELKAAR_PASSPHRASE")
    if env:
        return env
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt) or None
    return None


def open_store_for(args: argparse.Namespace, *, create: bool = False):
    """Open the store named by --db (or ELKAAR_DB / default) for a CLI command.

    A database with accounts asks for a sign-in first, as the window does: the name from
    ELKAAR_GEBRUIKER and the password from ELKAAR_WACHTWOORD, or typed at the keyboard.
    An alleen-lezen account gets a read-only store.
    """
    from desktop.store import engine as store_engine

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    passphrase = os.environ.get("ELKAAR_PASSPHRASE") or None
    if (
        passphrase is None
        and path is not None
        and store_engine.file_kind(path) == "other"
        and store_engine.looks_encrypted(path)  # zeros or text: damaged, no question
    ):
        passphrase = read_passphrase()
    store = store_engine.open_store(getattr(args, "db", None), passphrase=passphrase, create=create)
    try:
        _sign_in_cli(store)
    except BaseException:
        store.close()
        raise
    return store


def _sign_in_cli(store) -> None:
    from desktop.privacy import accounts

    with store.session() as session:
        if not accounts.accounts_enabled(session):
            return
    interactive = sys.stdin is not None and sys.stdin.isatty()
    naam = os.environ.get("ELKAAR_GEBRUIKER") or (
        input("Gebruikersnaam: ").strip() if interactive else ""
    )
    wachtwoord = os.environ.get("ELKAAR_WACHTWOORD") or (
        getpass.getpass("Wachtwoord: ") if interactive and naam else ""
    )
    if not naam or not wachtwoord:
        raise UserError(
            "Deze database heeft accounts: meld u aan met ELKAAR_GEBRUIKER en "
            "ELKAAR_WACHTWOORD, of start de opdracht in een terminal om ze in te typen."
        )
    accounts.sign_in(store, naam, wachtwoord)
    accounts.restrict_store(store)


def print_progress(enabled: bool) -> Callable[[int, int, str], None] | None:
    if not enabled:
        return None

    def _p(done: int, total: int, message: str = "") -> None:
        print(f"\r{message} {done}/{total}", end="", file=sys.stderr, flush=True)

    return _p


# --------------------------------------------------------------------------- core commands


def cmd_init(args: argparse.Namespace) -> int:
    from desktop import demo
    from desktop.store import engine as store_engine
    from desktop.store import settings

    _, path = store_engine.resolve_target(getattr(args, "db", None))
    new = path is not None and not path.exists()
    store = open_store_for(args, create=True)
    try:
        with store.session() as session:
            if args.gemeente:
                settings.set_gemeente_naam(session, args.gemeente)
        messages: list[str] = []
        if args.demo:
            messages = demo.load_demo(store, gemeente=args.gemeente or demo.DEMO_GEMEENTE)
        where = store.path or store.info.url
        soort = "versleutelde " if store.encrypted else ""
        print(
            f"Klaar: {soort}database {where} is {'aangemaakt' if new else 'bijgewerkt'}"
            + (" met voorbeeldgegevens." if args.demo else ".")
        )
        for message in messages:
            print(message)
    finally:
        store.close()
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from desktop.store import integrity

    store = open_store_for(args, create=False)  # a missing file: "bestaat niet", nothing made
    try:
        report = integrity.full_check(store)
    finally:
        store.close()
    for line in report.lines:
        print(line)
    if not report.ok:
        print("De database is niet in orde.", file=sys.stderr)
        return 1
    print("De database is in orde.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from desktop.rapporten import catalogue

    if args.report_name == "list":
        for report in catalogue.all_reports():
            print(f"{report.key:<22} {report.title}")
            for opt in report.options:
                value = {"int": "NUMMER", "year": "JAAR", "bool": "ja|nee", "path": "PAD"}.get(
                    opt.kind, "TEKST"
                )
                if opt.choices and not callable(opt.choices):
                    value = "|".join(map(str, opt.choices))
                extra = " (verplicht)" if opt.required else ""
                if opt.default is not None and not opt.required:
                    default = opt.default
                    if isinstance(default, bool):
                        default = "ja" if default else "nee"
                    extra = f" (standaard {default})"
                argument = f"{opt.flag} {value}"
                print(f"    {argument:<38} {opt.label}{extra}")
        return 0
    report = catalogue.get(args.report_name)
    given = {opt.name: getattr(args, opt.name.replace("-", "_"), None) for opt in report.options}
    options = report.resolve_options({k: v for k, v in given.items() if v is not None})
    out = Path(args.out)
    if out.suffix == "":
        out = out.with_suffix(".pdf")
    elif out.suffix.lower() != ".pdf":
        raise UserError(
            f"Een rapport is een PDF-bestand: geef --out een naam die op .pdf eindigt "
            f"(niet {out.name})."
        )
    store = open_store_for(args)
    try:
        if report.needs_encrypted and not store.encrypted:
            raise UserError(
                "Dit rapport bevat persoonsgegevens en kan alleen uit een versleutelde database."
            )
        report.run(store, options, out)
    finally:
        store.close()
    print(f"Rapport opgeslagen: {out}")
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    """Bundle smoke test: migrate a temp DB, open the window offscreen, render a report."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from desktop import demo
    from desktop.rapporten import catalogue
    from desktop.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "selftest.db"
        store = open_store(db, passphrase=None)
        demo.load_demo(store)
        print(f"database: ok ({db.name}, gemigreerd)")
        report = catalogue.get("databaseoverzicht")
        out = Path(tmp) / "selftest.pdf"
        report.run(store, {}, out)
        if out.stat().st_size < 1000:
            raise UserError("Het testrapport is leeg.")
        print(f"rapport: ok ({out.stat().st_size} bytes)")
        from desktop.app import make_app, run_selftest_window
        from desktop.ui.pdfpages import PdfPages

        app = make_app()
        if not app.property("elkaar_dutch"):
            raise UserError("De Nederlandse vertaling van Qt (qtbase_nl.qm) ontbreekt.")
        print("vertaling: ok")
        pages = PdfPages(out)  # the renderer behind the preview and printing
        try:
            image = pages.image(0, 400)
            if image.isNull() or image.width() != 400:
                raise UserError("Het voorbeeld van het testrapport kon niet worden getekend.")
            print(f"voorbeeld: ok ({len(pages)} pagina's)")
        finally:
            pages.close()

        sections = run_selftest_window(store)
        print(f"venster: ok ({', '.join(sections)})")
        store.close()
    print("selftest geslaagd")
    return 0


# --------------------------------------------------------------------------- parser


def _add_report_parsers(
    root: argparse._SubParsersAction, db_parent: argparse.ArgumentParser
) -> None:
    from desktop.rapporten import catalogue

    report = root.add_parser("report", help="rapporten maken (report list toont ze)")
    sub = report.add_subparsers(dest="report_name", metavar="RAPPORT", parser_class=_Parser)
    sub.required = True
    sub.add_parser("list", help="beschikbare rapporten")
    for item in catalogue.all_reports():
        p = sub.add_parser(item.key, help=item.title, parents=[db_parent])
        p.add_argument("--out", required=True, help="PDF-bestand")
        for opt in item.options:
            kwargs: dict[str, Any] = {"help": opt.help or opt.label, "default": opt.default}
            if opt.kind in ("int", "year"):
                kwargs["type"] = int
            if opt.kind == "choice" and opt.choices and not callable(opt.choices):
                kwargs["choices"] = list(opt.choices)
            if opt.kind == "bool":
                kwargs = {"help": opt.help or opt.label, "action": "store_true"}
            elif opt.required and opt.default is None:
                kwargs["required"] = True
            p.add_argument(f"--{opt.name}", dest=opt.name.replace("-", "_"), **kwargs)
    report.set_defaults(func=cmd_report)


def build_parser(*, with_reports: bool = True) -> argparse.ArgumentParser:
    from desktop.features import feature_modules

    db_parent = argparse.ArgumentParser(add_help=False)
    db_parent.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="databasebestand of SQLAlchemy-URL (standaard: ELKAAR_DB of de gebruikersmap)",
    )

    parser = _Parser(
        prog="elkaar", description="Elkaar — sociale kaart, mantelzorg en beleid voor gemeenten."
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Elkaar {__version__}",
        help="toon het versienummer en stop",
    )
    parser.add_argument("--db", help="databasebestand of SQLAlchemy-URL")
    root = parser.add_subparsers(dest="command", metavar="OPDRACHT", parser_class=_Parser)

    p = root.add_parser("init", help="database aanmaken of bijwerken", parents=[db_parent])
    p.add_argument("--demo", action="store_true", help="voorbeeldgemeente laden")
    p.add_argument("--gemeente", help="naam van de gemeente")
    p.set_defaults(func=cmd_init)

    p = root.add_parser("check", help="integriteit en schema controleren", parents=[db_parent])
    p.set_defaults(func=cmd_check)

    p = root.add_parser("selftest", help="zelftest van de installatie")
    p.set_defaults(func=cmd_selftest)

    groups = CliGroups(root, db_parent)
    groups.group("import", "gegevens inlezen")
    groups.group("export", "gegevens uitvoeren")
    import importlib.util

    if importlib.util.find_spec("desktop.store.cli") is not None:
        from desktop.store import cli as store_cli  # backup, restore

        store_cli.register(groups)
    for module in feature_modules("cli"):
        module.register(groups)
    if with_reports:
        _add_report_parsers(root, db_parent)
    return parser


def _setup_logging() -> None:
    from logging.handlers import RotatingFileHandler

    from desktop import paths

    root = logging.getLogger()
    if any(isinstance(h, RotatingFileHandler) for h in root.handlers):
        return
    try:
        handler = RotatingFileHandler(
            paths.log_dir() / "elkaar.log", maxBytes=1_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        return
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _setup_logging()
    if not argv or (argv[0] == "--db" and len(argv) == 2) or argv[0].startswith("--db="):
        # No subcommand: open the window.
        db = None
        if argv:
            db = argv[1] if argv[0] == "--db" else argv[0].split("=", 1)[1]
        from desktop.app import run_gui

        return run_gui(db)
    try:
        parser = build_parser(with_reports=argv[0] in ("report", "-h", "--help"))
        args = parser.parse_args(argv)
        if getattr(args, "command", None) is None:
            from desktop.app import run_gui

            return run_gui(getattr(args, "db", None))
        handler: Handler = args.func
        return handler(args)
    except UserError as exc:
        print(f"Fout: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OverflowError:
        print("Fout: een opgegeven getal is te groot; zo'n nummer bestaat niet.", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback on the console
        log.exception("Onverwachte fout")
        # only the kind of error: its text can hold database rows (personal data)
        print(
            f"Fout: onverwachte fout ({exc.__class__.__name__}). Details staan in het logbestand.",
            file=sys.stderr,
        )
        return 1


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False))


if __name__ == "__main__":
    raise SystemExit(main())
