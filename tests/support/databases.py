"""Databases of a test's own, migrated the way `eventcore db upgrade` does it."""

from __future__ import annotations

from pathlib import Path

from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade


def migrated_sqlite(path: Path) -> str:
    """Create and migrate a SQLite file at `path`; its URL. (A new database has an
    installation id of its own, so it is another deployment.)"""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    return url
