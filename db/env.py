"""Alembic environment for Elkaar. The application passes an open connection."""

from __future__ import annotations

from alembic import context

from desktop.features import import_all_models
from desktop.store.base import Base

import_all_models()
target_metadata = Base.metadata
config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from desktop.store import open_store

        url = config.get_main_option("sqlalchemy.url")
        store = open_store(url, migrate=False)
        with store.engine.begin() as connection:
            _run(connection)
        return
    _run(connection)


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Full-text search tables (``fts_*``, FTS5 virtual tables and their shadow tables)
    are managed by hand in migrations, outside the ORM metadata."""
    return not (type_ == "table" and name is not None and name.startswith("fts_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
