"""Token + username in the JSON body: the Eventify way to say who is calling."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import g, request

from eventcore.domain.users import User
from eventcore.http.context import core
from eventcore.http.openapi import RequestInvalid, json_body
from eventcore.usecases import opaque_tokens

F = TypeVar("F", bound=Callable[..., Any])

CREDENTIALS_REQUIRED = "token and username required"


def token_required(view: F) -> F:
    """Let the view run only for a body carrying a valid token and its user's name.

    Checked before the body's other fields, so a caller without credentials learns
    nothing else about the request.
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        body = _json_body()
        token, username = body.get("token"), body.get("username")
        if not (_filled(token) and _filled(username)):
            raise RequestInvalid({"token": [CREDENTIALS_REQUIRED]})
        app_core = core()
        g.eventify_actor = opaque_tokens.authenticate(
            app_core.uow(), str(token).strip(), str(username).strip()
        )
        return view(*args, **kwargs)

    return cast(F, wrapper)


def actor() -> User:
    user: User = g.eventify_actor
    return user


def _filled(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _json_body() -> dict[str, Any]:
    """The body as a JSON object, read as the argument parser reads it; {} when there
    is none or it is not an object."""
    body = json_body(request)
    return body if isinstance(body, dict) else {}
