"""Settings, read once from the EVENTCORE_* environment variables (DESIGN.md section 4)."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from attrs import Attribute, field, frozen
from limits import parse_many

SURFACE_NAMES = ("gatherhub", "eventify", "socialcalendar", "community", "ticketing")
DEFAULT_SURFACES = {
    "gatherhub": "/",
    "eventify": "/eventify",
    "socialcalendar": "/socialcalendar",
    "community": "/community",
    "ticketing": "/ticketing",
}
GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_AUTH_URI = "https://accounts.google.com/o/oauth2/v2/auth"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"


class SettingsError(ValueError):
    """A configuration variable has a value eventcore cannot use; the message names it."""


# EVENTCORE_RATE_LIMIT=off (or EVENTCORE_LOGIN_RATE_LIMIT=off) switches that limit off.
RATE_LIMIT_OFF = "off"
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def _check_rate_limit(instance: object, attribute: Attribute[str], value: str) -> None:
    """A Flask-Limiter rate string ("300/minute", "10 per 5 minutes;2/second") or "off"."""
    variable = f"EVENTCORE_{attribute.name.upper()}"
    if value.strip().lower() == RATE_LIMIT_OFF:
        return
    try:
        items = parse_many(value)
    except ValueError:
        raise SettingsError(
            f"{variable}: {value!r} is not a rate limit; write it like '300/minute', "
            f"'10 per 5 minutes' or '{RATE_LIMIT_OFF}'"
        ) from None
    if any(item.amount < 1 for item in items):
        raise SettingsError(f"{variable}: {value!r} must allow at least one request")


def _check_redis_url(instance: object, attribute: Attribute[str], value: str) -> None:
    if value and not value.startswith(_REDIS_SCHEMES):
        raise SettingsError(
            f"EVENTCORE_REDIS_URL: {value!r} must start with {', '.join(_REDIS_SCHEMES)}"
        )


def _check_redis_prefix(instance: object, attribute: Attribute[str], value: str) -> None:
    if not value or any(char.isspace() for char in value):
        raise SettingsError(f"EVENTCORE_REDIS_PREFIX: {value!r} must be a word without spaces")


def _check_cors_origins(
    instance: object, attribute: Attribute[tuple[str, ...]], value: tuple[str, ...]
) -> None:
    for origin in value:
        parsed = urlsplit(origin)
        exact = f"{parsed.scheme}://{parsed.netloc}"
        if parsed.scheme not in {"http", "https"} or not parsed.hostname or origin != exact:
            raise SettingsError(
                f"EVENTCORE_CORS_ORIGINS: {origin!r} is not a browser origin; write it like "
                "https://app.example.org (scheme, host and port only, no path, no '*')"
            )


def _check_trusted_proxies(instance: object, attribute: Attribute[int], value: int) -> None:
    if not 0 <= value <= MAX_TRUSTED_PROXIES:
        raise SettingsError(
            f"EVENTCORE_TRUSTED_PROXIES: {value} must be a count from 0 to {MAX_TRUSTED_PROXIES}"
        )


MAX_TRUSTED_PROXIES = 10


def _proxy_count(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise SettingsError(
            f"EVENTCORE_TRUSTED_PROXIES: {value!r} is not a number; write how many reverse "
            "proxies stand in front of eventcore, such as 1 (0 when none)"
        ) from None


DEFAULT_DATABASE_URL = "sqlite:///eventcore.sqlite3"
_DATABASE_URL_SHAPE = "sqlite:///eventcore.sqlite3 or postgresql+psycopg://user@host/db"


def database_url(value: str) -> str:
    """EVENTCORE_DATABASE_URL checked, with a relative SQLite path made absolute.

    The rule a user can predict: a relative SQLite path (the default among them) is
    read in the current directory, and the commands print the absolute path they use.
    The message never repeats the URL, which may hold a password.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value)
    except (ArgumentError, ValueError):
        raise SettingsError(
            f"EVENTCORE_DATABASE_URL is not a database URL; write it like {_DATABASE_URL_SHAPE}"
        ) from None
    backend = url.get_backend_name()
    if backend not in {"sqlite", "postgresql", "postgres"}:
        raise SettingsError(
            f"EVENTCORE_DATABASE_URL names a {backend!r} database; eventcore runs on "
            f"SQLite and PostgreSQL ({_DATABASE_URL_SHAPE})"
        )
    file = url.database
    if backend == "sqlite" and file and file != ":memory:" and not url.query.get("uri"):
        absolute = str(Path(file).expanduser().absolute())
        return url.set(database=absolute).render_as_string(hide_password=False)
    return value


@frozen(kw_only=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = field(repr=False)
    # None means every surface eventcore can serve, at its default prefix.
    surfaces: Mapping[str, str] | None = None
    timezone: ZoneInfo = ZoneInfo("UTC")
    google_client_ids: tuple[str, ...] = ()
    google_certs_url: str = GOOGLE_CERTS_URL
    google_auth_uri: str = GOOGLE_AUTH_URI
    google_token_uri: str = GOOGLE_TOKEN_URI
    google_client_secret: str = field(default="", repr=False)
    login_redirect: str = ""
    redis_url: str = field(default="", validator=_check_redis_url)
    # Starts every Redis key and channel name, so deployments (and test runs)
    # sharing one Redis keep apart.
    redis_prefix: str = field(default="eventcore", validator=_check_redis_prefix)
    rate_limit: str = field(default="300/minute", validator=_check_rate_limit)
    login_rate_limit: str = field(default="10/minute", validator=_check_rate_limit)
    instance_dir: Path = Path("instance")
    media_dir: Path = Path("instance/media")
    # Browser origins allowed to call the APIs from another origin; none by default.
    cors_origins: tuple[str, ...] = field(default=(), validator=_check_cors_origins)
    # How many reverse proxies in front set X-Forwarded-For/-Proto/-Host/-Port/-Prefix.
    trusted_proxies: int = field(default=0, validator=_check_trusted_proxies)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(key: str, default: str = "") -> str:
            return env.get(f"EVENTCORE_{key}", default).strip() or default

        instance_dir = Path(get("INSTANCE_DIR", "instance")).absolute()
        return cls(
            database_url=database_url(get("DATABASE_URL", DEFAULT_DATABASE_URL)),
            secret_key=get("SECRET_KEY") or _instance_secret(instance_dir),
            surfaces=parse_surfaces(get("SURFACES")),
            timezone=_zone(get("TIMEZONE", "UTC")),
            google_client_ids=tuple(_comma_list(get("GOOGLE_CLIENT_IDS"))),
            google_certs_url=get("GOOGLE_CERTS_URL", GOOGLE_CERTS_URL),
            google_auth_uri=get("GOOGLE_AUTH_URI", GOOGLE_AUTH_URI),
            google_token_uri=get("GOOGLE_TOKEN_URI", GOOGLE_TOKEN_URI),
            google_client_secret=get("GOOGLE_CLIENT_SECRET"),
            login_redirect=get("LOGIN_REDIRECT"),
            redis_url=get("REDIS_URL"),
            redis_prefix=get("REDIS_PREFIX", "eventcore"),
            rate_limit=get("RATE_LIMIT", "300/minute"),
            login_rate_limit=get("LOGIN_RATE_LIMIT", "10/minute"),
            instance_dir=instance_dir,
            media_dir=Path(get("MEDIA_DIR", str(instance_dir / "media"))).absolute(),
            cors_origins=tuple(origin.rstrip("/") for origin in _comma_list(get("CORS_ORIGINS"))),
            trusted_proxies=_proxy_count(get("TRUSTED_PROXIES", "0")),
        )


def parse_surfaces(value: str) -> dict[str, str] | None:
    """`name=prefix,name=prefix` -> {name: prefix}; empty means all at their defaults."""
    if not value:
        return None
    surfaces: dict[str, str] = {}
    for item in _comma_list(value):
        name, sep, prefix = item.partition("=")
        name, prefix = name.strip(), prefix.strip() if sep else DEFAULT_SURFACES.get(name, "")
        if name not in SURFACE_NAMES:
            raise SettingsError(
                f"EVENTCORE_SURFACES: unknown surface {name!r}; known: {', '.join(SURFACE_NAMES)}"
            )
        if not prefix.startswith("/"):
            raise SettingsError(f"EVENTCORE_SURFACES: the prefix of {name} must start with '/'")
        surfaces[name] = prefix
    return surfaces


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"EVENTCORE_TIMEZONE: unknown time zone {name!r}") from None


def _instance_secret(instance_dir: Path) -> str:
    """The secret kept in the instance folder, made on first use.

    Written to a private temporary file and then hard-linked into place, so
    workers starting together all read the one complete secret that won.
    """
    path = instance_dir / "secret_key"
    if not path.exists():
        instance_dir.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=instance_dir)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
        try:
            with contextlib.suppress(FileExistsError):  # another worker won the race
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
    return path.read_text().strip()
