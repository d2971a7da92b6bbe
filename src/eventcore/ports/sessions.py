"""The repository of server-side sessions, kept by the digest of their token."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventcore.domain.ids import UserId
from eventcore.domain.sessions import Session


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...

    def get(self, token_hash: str) -> Session | None: ...

    def delete(self, token_hash: str) -> None:
        """Forget the session, if there is one."""
        ...

    def for_user(self, user_id: UserId) -> Sequence[Session]:
        """Every session of the user, oldest first."""
        ...
