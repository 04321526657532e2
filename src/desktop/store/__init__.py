"""Persistence: engine and session factory, models base, migrations, settings.

Never imports Qt. Feature services receive a SQLAlchemy ``Session`` from ``Store.session()``.
"""

from desktop.store.engine import Store, StoreInfo, open_store

__all__ = ["Store", "StoreInfo", "open_store"]
