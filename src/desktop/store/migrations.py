"""Alembic, run programmatically. Migrations live in db/ (shipped in the bundle too).

Features keep their own migration branch (``branch_labels``) off the foundation
revision, so the database is always upgraded to all ``heads``.

Start-up fast path: the revision graph is read from the migration files with a small
parser (``revision = ...`` / ``down_revision = ...``), so opening an up-to-date database
never imports Alembic or executes the migration scripts. A test checks that this
parser and Alembic agree.
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError, OperationalError

from desktop import paths
from desktop.errors import UserError

_ASSIGN = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def _config():
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_path()))
    return cfg


@lru_cache(maxsize=1)
def script():
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config())


@lru_cache(maxsize=1)
def revision_graph() -> dict[str, tuple[str, ...]]:
    """revision -> its down revisions, parsed from db/versions without importing them."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted(Path(paths.migrations_path(), "versions").glob("*.py")):
        values: dict[str, object] = {}
        for name, raw in _ASSIGN.findall(path.read_text(encoding="utf-8")):
            try:
                values[name] = ast.literal_eval(raw.strip())
            except (ValueError, SyntaxError):
                continue
        rev = values.get("revision")
        if not isinstance(rev, str):
            continue
        down = values.get("down_revision")
        if down is None:
            downs: tuple[str, ...] = ()
        elif isinstance(down, str):
            downs = (down,)
        else:
            downs = tuple(down)  # type: ignore[arg-type]
        graph[rev] = downs
    return graph


def known_revisions() -> set[str]:
    return set(revision_graph())


def head_revisions() -> set[str]:
    graph = revision_graph()
    referenced = {d for downs in graph.values() for d in downs}
    return set(graph) - referenced


def check_revisions(revisions: set[str]) -> None:
    """Refuse a database that was migrated by a newer Elkaar (unknown revisions)."""
    unknown = revisions - known_revisions()
    if unknown:
        raise UserError(
            "Deze database is gemaakt met een nieuwere versie van Elkaar. "
            "Werk Elkaar bij; er is niets aan het bestand veranderd."
        )


def current_revisions(store) -> set[str]:
    with store.engine.connect() as conn:
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).fetchall()
        except (OperationalError, DatabaseError):
            conn.rollback()
            return set()
    return {r[0] for r in rows}


def pending(store) -> bool:
    return current_revisions(store) != head_revisions()


def upgrade(store, target: str = "heads") -> None:
    from desktop.features import import_all_models

    import_all_models()
    if target == "heads" and not pending(store):
        return
    from alembic import command

    cfg = _config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def schema_version(store) -> str:
    revs = sorted(current_revisions(store))
    return ", ".join(revs) if revs else "(leeg)"
