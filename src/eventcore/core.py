"""The core every entry point hands to its driver: the ports a use case may need.

It names no concrete adapter, so the HTTP layer (and anything else that only
drives use cases) can depend on it without pulling in a database or Redis
client; `eventcore.bootstrap` builds one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from attrs import field, frozen

from eventcore.ports.clock import Clock
from eventcore.ports.health import DatabaseProbe
from eventcore.ports.identity import GoogleAuthorization, GoogleIdentityVerifier
from eventcore.ports.media import MediaStore
from eventcore.ports.notifier import Notifier
from eventcore.ports.security import PasswordHasher, TokenCodec
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.settings import Settings


@frozen(kw_only=True)
class Core:
    """Everything a use case may need, built once per process."""

    settings: Settings
    uow: Callable[[], UnitOfWork]
    clock: Clock
    hasher: PasswordHasher
    tokens: TokenCodec
    # Checks Google ID tokens, for the APIs that sign people in with Google.
    google: GoogleIdentityVerifier
    # Google's consent page and code exchange, for the APIs that send browsers there.
    google_authorization: GoogleAuthorization
    media: MediaStore
    notifier: Notifier
    database: DatabaseProbe
    # Readiness checks beyond the database, by name (e.g. "redis"): each raises when
    # its service does not answer.
    readiness: Mapping[str, Callable[[], object]] = field(factory=dict)
    close: Callable[[], None] = lambda: None
