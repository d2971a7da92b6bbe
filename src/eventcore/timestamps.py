"""How every API writes a moment: UTC, whole seconds, with a Z (2024-01-01T12:00:00Z)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_z(moment: datetime) -> str:
    """`moment` as the seeds write timestamps; a naive moment is taken to be UTC."""
    if moment.tzinfo is not UTC:  # the database's moments are UTC already: no conversion
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    # Cut before the offset: isoformat writes "+00:00" for UTC, the seeds write "Z".
    return moment.isoformat(timespec="seconds")[:19] + "Z"
