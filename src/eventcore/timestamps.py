"""How every API writes a moment: UTC, whole seconds, with a Z (2024-01-01T12:00:00Z)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_z(moment: datetime) -> str:
    """`moment` as the seeds write timestamps; a naive moment is taken to be UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).replace(microsecond=0, tzinfo=None).isoformat() + "Z"
