"""Run the Alembic migrations programmatically: no alembic.ini, no working directory.

The scripts are found next to this module, so this works from an installed
package; the caller's engine (and so its PostgreSQL schema) is used as is.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


class MigrationRefused(Exception):
    """A migration cannot run on this database; the message says what it needs.
    Nothing of the upgrade is kept."""


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config for eventcore's scripts, bound to `connection` when given."""
    config = Config()
    # Config values pass through ConfigParser interpolation, which reads "%".
    config.set_main_option("script_location", str(MIGRATIONS_DIR).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or migrate the schema to `revision`, in one transaction. Idempotent."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at; None before the first upgrade."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision the package ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
