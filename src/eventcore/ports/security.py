from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol


class PasswordHasher(Protocol):
    def hash(self, password: str) -> str: ...

    def verify(self, password_hash: str, password: str) -> bool:
        """True when `password` matches; never raises for a mismatch."""
        ...


class TokenCodec(Protocol):
    """Signs and checks self-contained tokens (JWTs)."""

    def encode(
        self, claims: Mapping[str, Any], *, kind: str, issued_at: datetime, expires_at: datetime
    ) -> str: ...

    def decode(self, token: str, *, kind: str, now: datetime) -> dict[str, Any]:
        """The claims of a valid, unexpired token of `kind`. Raises Unauthenticated."""
        ...
