"""Server-side sessions: what a session cookie stands for.

The cookie carries a random token; the server keeps only its digest, so a
leaked table opens no session. A user may hold many sessions (one per browser).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from attrs import define

from eventcore.domain.ids import UserId

SESSION_LIFETIME = timedelta(days=30)


@define(kw_only=True)
class Session:
    token_hash: str
    user_id: UserId
    created_at: datetime
    expires_at: datetime

    def usable(self, now: datetime) -> bool:
        return now < self.expires_at


def new_session(token_hash: str, user_id: UserId, now: datetime) -> Session:
    return Session(
        token_hash=token_hash, user_id=user_id, created_at=now, expires_at=now + SESSION_LIFETIME
    )
