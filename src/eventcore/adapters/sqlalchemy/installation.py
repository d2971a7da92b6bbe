"""The installation id: made once per database by its migration, read once per process.

Access and refresh tokens carry it as their audience (`aud`), so a token signed
with the same secret by another deployment (another database) is refused. It is
read on the first token a process signs or checks and then kept, so a request
costs no statement for it.
"""

from __future__ import annotations

import threading

from sqlalchemy import Engine, select

from eventcore.adapters.sqlalchemy.engine import READ_ONLY
from eventcore.adapters.sqlalchemy.tables import installation


class MissingInstallation(RuntimeError):
    """The database has its schema but no installation id: its row was deleted."""


def installation_id(engine: Engine) -> str:
    """The database's installation id (migration 0010 made it). Raises MissingInstallation.

    Read on a connection of its own that only reads: the first token a process signs
    may be signed inside a unit of work that holds SQLite's write lock, and a reader
    neither waits for that lock nor takes it.
    """
    with engine.connect().execution_options(**{READ_ONLY: True}) as connection:
        found = connection.execute(select(installation.c.installation_id)).scalar_one_or_none()
    if found is None:
        raise MissingInstallation(
            "The database has no installation id (the `installation` table is empty); "
            "restore that row from a backup, or insert a new one, which logs everyone out."
        )
    return str(found)


class InstallationId:
    """`installation_id(engine)`, read on the first call and kept for the process."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._lock = threading.Lock()
        self._value: str | None = None

    def __call__(self) -> str:
        if self._value is None:
            with self._lock:
                if self._value is None:
                    # Not kept when it raises (database out of reach): the next call retries.
                    self._value = installation_id(self._engine)
        return self._value
