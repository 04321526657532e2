"""Developer tool: autogenerate a migration against a scratch database at heads.

    python -m desktop.store.makemigration "kaart: initial" --branch kaart --rev-id k001

Review the generated file: it contains every difference between the models and the
migrations, so it may also pick up another feature's unmigrated models.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from alembic import command

from desktop.store import migrations
from desktop.store.engine import open_store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="makemigration")
    parser.add_argument("message")
    parser.add_argument("--branch", help="feature branch label, e.g. kaart")
    parser.add_argument("--rev-id", required=True)
    parser.add_argument("--depends-on", default=None)
    args = parser.parse_args(argv)

    labels = {label for rev in migrations.script().walk_revisions() for label in rev.branch_labels}
    if args.branch and args.branch in labels:
        head, branch_label = f"{args.branch}@head", None
    elif args.branch:
        head, branch_label = "0001", args.branch
    else:
        head, branch_label = ("heads" if migrations.known_revisions() else "base"), None

    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "scratch.db")
        cfg = migrations._config()
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.revision(
                cfg,
                message=args.message,
                autogenerate=True,
                head=head,
                branch_label=branch_label,
                rev_id=args.rev_id,
                depends_on=args.depends_on,
                splice=branch_label is not None,
            )
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
