"""The store: one SQLite file (WAL), named migrations, one transaction helper.

``Store.open(path)`` opens or creates a database and applies any migration it lacks; every
multi-row write goes through ``store.atomic()``, so a failed or killed command leaves nothing
half written.
"""

from newsweave.store.database import DEFAULT_DB, Store, resolve_db_path

__all__ = ["DEFAULT_DB", "Store", "resolve_db_path"]
