"""The community session: a cookie from POST /api/auth, resolved on every other request."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g

from eventcore.domain.users import User
from eventcore.http.context import core
from eventcore.http.sessions import CookieSessions
from eventcore.usecases import sessions

F = TypeVar("F", bound=Callable[..., Any])

COOKIES = CookieSessions(surface="community", cookie="community_session")
# The security requirement a view's OpenAPI operation declares.
COOKIE_SCHEME: dict[str, list[str]] = {"sessionCookie": []}


def session_required(view: F) -> F:
    """Run the view only for a request with a valid session; else 401."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        app_core = core()
        g.actor = sessions.resolve_session(app_core.uow(), app_core.clock, COOKIES.token())
        return view(*args, **kwargs)

    return cast(F, wrapper)


def actor() -> User:
    user: User = g.actor
    return user
