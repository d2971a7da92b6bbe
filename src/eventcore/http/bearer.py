"""JWT bearer authentication (`Authorization: Bearer <access token>`), for every surface
that uses it; each surface picks the words for a missing token."""

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

# The security requirement a view's OpenAPI operation declares.
BEARER_SCHEME: dict[str, list[str]] = {"bearerAuth": []}


def bearer_required(missing: str) -> Callable[[F], F]:
    """A decorator letting a view run only for a request with a valid access token;
    `missing` is the message when there is no token at all."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token = _presented_token()
            if token is None:
                raise Unauthenticated(_why_no_token(missing))
            g.actor = _authenticate(token)
            return view(*args, **kwargs)

        return cast(F, wrapper)

    return decorate


def bearer_optional(view: F) -> F:
    """Let anyone in; a request that does present a token must present a valid one."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        token = _presented_token()
        g.actor = _authenticate(token) if token is not None else None
        return view(*args, **kwargs)

    return cast(F, wrapper)


def actor() -> User:
    user: User = g.actor
    return user


def actor_or_none() -> User | None:
    user: User | None = g.get("actor")
    return user


def _presented_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _why_no_token(missing: str) -> str:
    """`missing` when no Authorization header came; else what is wrong with the one that did."""
    header = request.headers.get("Authorization", "").strip()
    if not header:
        return missing
    scheme = header.partition(" ")[0]
    if scheme.lower() == "bearer":
        return "The Authorization header has no token after 'Bearer'."
    named = f"the {scheme!r} scheme" if scheme.isalnum() and len(scheme) <= 20 else "another scheme"
    return (
        f"The Authorization header uses {named}; this API takes "
        "'Authorization: Bearer <access token>'."
    )


def _authenticate(token: str) -> User:
    app_core = core()
    return tokens.authenticate(app_core.uow(), app_core.clock, app_core.tokens, token)
