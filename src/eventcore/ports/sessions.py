"""The repositories of server-side sessions, kept by the digest of their token, and of
Google sign-ins begun but not finished, kept by the digest of their state."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from eventcore.domain.ids import UserId
from eventcore.domain.sessions import LoginAttempt, Session


class SessionRepository(Protocol):
    def add(self, session: Session) -> None: ...

    def get(self, token_hash: str) -> Session | None: ...

    def delete(self, token_hash: str) -> None:
        """Forget the session, if there is one."""
        ...

    def for_user(self, user_id: UserId) -> Sequence[Session]:
        """Every session of the user, oldest first."""
        ...


class LoginAttemptRepository(Protocol):
    def add(self, attempt: LoginAttempt) -> None: ...

    def take(self, state_hash: str) -> LoginAttempt | None:
        """Remove the attempt and return it: of two transactions taking one attempt,
        only one gets it, so a state is good for one callback."""
        ...

    def purge(self, begun_before: datetime) -> None:
        """Forget the attempts begun before that moment."""
        ...
