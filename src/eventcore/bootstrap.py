"""The composition root: the only module that names concrete adapters."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import argon2

from eventcore.adapters.clock import FixedClock, SystemClock
from eventcore.adapters.google.authorization import AuthlibGoogleAuthorization
from eventcore.adapters.google.verifier import GoogleAuthVerifier
from eventcore.adapters.media.local_files import LocalMediaStore, MemoryMediaStore
from eventcore.adapters.memory.identity import StaticGoogleAuthorization, StaticGoogleVerifier
from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.memory.unit_of_work import MemoryUnitOfWork
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.adapters.security.jwt_codec import JwtTokenCodec
from eventcore.adapters.security.passwords import Argon2PasswordHasher
from eventcore.core import Core
from eventcore.ports.clock import Clock
from eventcore.ports.health import DatabaseInfo
from eventcore.ports.identity import GoogleAuthorization, GoogleIdentityVerifier
from eventcore.ports.notifier import Notifier
from eventcore.ports.security import PasswordHasher
from eventcore.settings import Settings

# Core is defined in eventcore.core; it is named here too because callers build it here.
__all__ = ["Core", "build_core", "memory_core"]


def build_core(
    settings: Settings,
    *,
    clock: Clock | None = None,
    hasher: PasswordHasher | None = None,
    google: GoogleIdentityVerifier | None = None,
) -> Core:
    """A core on the SQL database named by the settings.

    `clock` and `hasher` default to the system clock and argon2's standard profile,
    `google` to google-auth checking tokens against EVENTCORE_GOOGLE_CERTS_URL; tests
    pass a fixed clock, a cheap hasher or a stand-in instead of patching the built core.
    The code flow talks to EVENTCORE_GOOGLE_AUTH_URI and EVENTCORE_GOOGLE_TOKEN_URI.
    """
    from eventcore.adapters.sqlalchemy.engine import close_engine, make_engine
    from eventcore.adapters.sqlalchemy.health import SqlDatabaseProbe
    from eventcore.adapters.sqlalchemy.installation import InstallationId
    from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork

    engine = make_engine(settings.database_url)
    clock = clock if clock is not None else SystemClock()
    notifier, readiness, close_notifier = _realtime(settings, clock)

    def close() -> None:
        close_notifier()
        close_engine(engine)

    return Core(
        settings=settings,
        uow=lambda: SqlUnitOfWork(engine),
        clock=clock,
        hasher=hasher if hasher is not None else Argon2PasswordHasher(),
        # Bound to this database: read once, on the first token signed or checked.
        tokens=JwtTokenCodec(settings.secret_key, audience=InstallationId(engine)),
        google=google
        if google is not None
        else GoogleAuthVerifier(settings.google_client_ids, settings.google_certs_url),
        google_authorization=AuthlibGoogleAuthorization(
            settings.google_client_ids,
            settings.google_client_secret,
            settings.google_auth_uri,
            settings.google_token_uri,
        ),
        media=LocalMediaStore(settings.media_dir),
        notifier=notifier,
        database=SqlDatabaseProbe(engine),
        readiness=readiness,
        close=close,
    )


def _realtime(
    settings: Settings, clock: Clock
) -> tuple[Notifier, dict[str, Callable[[], object]], Callable[[], None]]:
    """The notifier the settings ask for, the readiness checks it brings, and its closer:
    Redis pub/sub when EVENTCORE_REDIS_URL is set (several workers), else in-process."""
    if not settings.redis_url:
        return InProcessNotifier(clock=clock), {}, lambda: None
    from eventcore.adapters.realtime.redis_pubsub import RedisNotifier

    notifier = RedisNotifier(
        settings.redis_url, channel=f"{settings.redis_prefix}:notices", clock=clock
    )
    checks: dict[str, Callable[[], object]] = {
        "redis": notifier.ping,
        "channels": notifier.check_round_trip,
    }
    return notifier, checks, notifier.close


class _MemoryProbe:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def describe(self) -> DatabaseInfo:
        return DatabaseInfo("memory", "in-process", len(self._store.tables))


def memory_core(
    *,
    clock: Clock | None = None,
    settings: Settings | None = None,
    media_dir: Path | None = None,
    now: datetime | None = None,
    google: GoogleIdentityVerifier | None = None,
    google_authorization: GoogleAuthorization | None = None,
) -> Core:
    """A core on in-memory adapters with a fast hasher: for tests, demos and notebooks.

    Google ID tokens are checked by `google`, by default a StaticGoogleVerifier that
    accepts the tokens it issued (`core.google.issue(identity)`); the code flow by
    default plays Google's consent page over that verifier
    (`core.google_authorization.consent(url, identity)`).
    """
    store = MemoryStore()
    # A memory core is a deployment of its own: its tokens are good on it alone.
    installation = secrets.token_urlsafe(24)
    settings = settings or Settings(secret_key=secrets.token_hex(32))
    clock = clock or (FixedClock(now) if now else SystemClock())
    verifier = google if google is not None else StaticGoogleVerifier()
    if google_authorization is None:
        # The stand-in mints its tokens through a StaticGoogleVerifier, so it can only
        # go with one.
        standin = verifier if isinstance(verifier, StaticGoogleVerifier) else None
        google_authorization = StaticGoogleAuthorization(
            standin or StaticGoogleVerifier(), configured=standin is not None
        )
    return Core(
        settings=settings,
        uow=lambda: MemoryUnitOfWork(store),
        clock=clock,
        hasher=Argon2PasswordHasher(argon2.profiles.CHEAPEST),
        tokens=JwtTokenCodec(settings.secret_key, audience=lambda: installation),
        google=verifier,
        google_authorization=google_authorization,
        media=LocalMediaStore(media_dir) if media_dir else MemoryMediaStore(),
        notifier=InProcessNotifier(clock=clock),
        database=_MemoryProbe(store),
    )
