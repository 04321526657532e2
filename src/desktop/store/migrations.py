"""Alembic, run programmatically. Migrations live in db/ (shipped in the bundle too).

Features keep their own migration branch (``branch_labels``) off the foundation
revision, so the database is always upgraded to all ``heads``.
"""

from __future__ import annotations

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from desktop import paths
from desktop.errors import UserError


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_path()))
    return cfg


@lru_cache(maxsize=1)
def script() -> ScriptDirectory:
    return ScriptDirectory.from_config(_config())


def known_revisions() -> set[str]:
    return {rev.revision for rev in script().walk_revisions()}


def head_revisions() -> set[str]:
    return set(script().get_heads())


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
        return set(MigrationContext.configure(conn).get_current_heads())


def pending(store) -> bool:
    return current_revisions(store) != head_revisions()


def upgrade(store, target: str = "heads") -> None:
    from desktop.features import import_all_models

    import_all_models()
    cfg = _config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


def schema_version(store) -> str:
    revs = sorted(current_revisions(store))
    return ", ".join(revs) if revs else "(leeg)"
