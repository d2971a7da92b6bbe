"""Rate limits (EVENTCORE_RATE_LIMIT, EVENTCORE_LOGIN_RATE_LIMIT).

Views that log in, register or trade tokens are marked with `login_endpoint`,
whatever surface they belong to, so the stricter login limit applies to all of
them from one place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

LOGIN_MARK = "_eventcore_login_endpoint"


def login_endpoint(view: F) -> F:
    """Mark `view` as a login, registration or token endpoint."""
    setattr(view, LOGIN_MARK, True)
    return view


def is_login_endpoint(view: Callable[..., Any]) -> bool:
    return bool(getattr(view, LOGIN_MARK, False))
