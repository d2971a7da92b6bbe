"""Session cookies for the APIs that keep their clients signed in with one (community,
socialcalendar): the cookie's attributes, and the cross-site check on unsafe methods.

The cookie carries the random session token (usecases/sessions.py keeps only its
digest). It is HttpOnly, SameSite=Lax, Secure when the request came over https
(behind a proxy, once ProxyFix trusts its X-Forwarded-Proto), scoped to the
surface's prefix, and lasts as long as the session.

SameSite=Lax keeps the cookie off cross-site POSTs in current browsers; the
Origin check adds the same guard for the rest: an unsafe request whose `Origin`
(or, lacking it, `Referer`) names another host than the request's own is refused
before any view runs. A request naming neither (curl, a server) passes, since no
browser would send a cross-site form without them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from attrs import frozen
from flask import Flask, current_app, g, request
from werkzeug.wrappers import Response

from eventcore.domain.errors import Forbidden
from eventcore.domain.sessions import SESSION_LIFETIME
from eventcore.domain.users import User
from eventcore.http.context import core
from eventcore.usecases import sessions

F = TypeVar("F", bound=Callable[..., Any])

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CROSS_SITE = "Cross-site requests are refused: Origin names another site than this one."


class CrossSiteRequest(Forbidden):
    code = "cross_site_request"


@frozen
class CookieSessions:
    """The session cookie of one surface: `cookie` is its name."""

    surface: str
    cookie: str
    lifetime: timedelta = SESSION_LIFETIME

    def install(self, app: Flask, root: str) -> None:
        """Remember the surface's prefix (its `Surface.install` hook passes it), which
        scopes the cookie."""
        app.extensions[self._key] = root or "/"

    def path(self) -> str:
        path: str = current_app.extensions.get(self._key, "/")
        return path

    def token(self) -> str | None:
        return request.cookies.get(self.cookie)

    def set(self, response: Response, token: str) -> None:
        response.set_cookie(
            self.cookie,
            token,
            max_age=int(self.lifetime.total_seconds()),
            path=self.path(),
            secure=request.is_secure,
            httponly=True,
            samesite="Lax",
        )

    def clear(self, response: Response) -> None:
        response.delete_cookie(
            self.cookie, path=self.path(), secure=request.is_secure, httponly=True, samesite="Lax"
        )

    @property
    def _key(self) -> str:
        return f"eventcore.session_cookie_path.{self.surface}"

    def describe(self, api: Any) -> None:
        """Name the cookie in the surface's OpenAPI document, as `sessionCookie`."""
        api.spec.components.security_scheme(
            "sessionCookie", {"type": "apiKey", "in": "cookie", "name": self.cookie}
        )

    def required(self, view: F) -> F:
        """Run the view only for a request whose cookie opens a valid session, whose
        user `signed_in_user()` then answers; else InvalidSession (401)."""

        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            app_core = core()
            g.actor = sessions.resolve_session(app_core.uow(), app_core.clock, self.token())
            return view(*args, **kwargs)

        return cast(F, wrapper)


def signed_in_user() -> User:
    """The user of the request's session, inside a view under `CookieSessions.required`."""
    user: User = g.actor
    return user


def refuse_cross_site() -> None:
    """A `before_request` hook: raises CrossSiteRequest (a Forbidden) for an unsafe
    request that names another site, so nothing runs and nothing changes."""
    if request.method not in UNSAFE_METHODS:
        return
    named = request.headers.get("Origin") or request.headers.get("Referer")
    if named is None:
        return
    if not same_host(named, request.host):
        raise CrossSiteRequest(CROSS_SITE)


def same_host(url: str, host: str) -> bool:
    """Whether `url` (an Origin or a Referer) names exactly `host` (with its port)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return bool(parts.scheme in ("http", "https") and parts.netloc) and (
        parts.netloc.lower() == host.lower()
    )
