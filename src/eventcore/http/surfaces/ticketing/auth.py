"""JWT bearer authentication for ticketing views: `Authorization: Bearer <token>`."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, request

from eventcore.domain.errors import Unauthenticated
from eventcore.domain.users import User
from eventcore.http.context import core
from eventcore.usecases import tokens

F = TypeVar("F", bound=Callable[..., Any])

BEARER_SCHEME: dict[str, list[str]] = {"bearerAuth": []}


def _presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _authenticate(token: str) -> User:
    app_core = core()
    return tokens.authenticate(app_core.uow(), app_core.clock, app_core.tokens, token)


def bearer_required(view: F) -> F:
    """Let the view run only for a request carrying a valid access token."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _presented_token()
        if token is None:
            raise Unauthenticated("Token missing")
        g.ticketing_actor = _authenticate(token)
        return view(*args, **kwargs)

    return cast(F, wrapper)


def bearer_optional(view: F) -> F:
    """Let anyone in; a request that does present a token must present a valid one."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _presented_token()
        g.ticketing_actor = _authenticate(token) if token is not None else None
        return view(*args, **kwargs)

    return cast(F, wrapper)


def actor() -> User:
    user: User = g.ticketing_actor
    return user


def actor_or_none() -> User | None:
    user: User | None = g.get("ticketing_actor")
    return user
