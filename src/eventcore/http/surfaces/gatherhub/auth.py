"""JWT bearer authentication for GatherHub views."""

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


def bearer_required(view: F) -> F:
    """Let the view run only for a request carrying a valid access token."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthenticated("Authentication credentials were not provided.")
        app_core = core()
        g.actor = tokens.authenticate(app_core.uow(), app_core.clock, app_core.tokens,
                                      token.strip())
        return view(*args, **kwargs)

    return cast(F, wrapper)


def actor() -> User:
    user: User = g.actor
    return user
