"""Checks every test run makes, whatever the suite.

No response that any in-process app sends, in any test, carries a password, a
password hash, a stack trace or database error text (DESIGN.md section 3): the
check listens to Flask's `request_finished` signal, so it sees every response
of every app a test builds, without the test asking for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, Response, request_finished

from support.leaks import leaked


@pytest.fixture(autouse=True)
def no_secret_leaves_the_server() -> Iterator[None]:
    seen: list[tuple[str, list[str]]] = []

    def check(sender: Flask, response: Response, **_: Any) -> None:
        found = leaked(response)
        if found:
            seen.append((f"{response.status_code} {response.mimetype}", found))

    request_finished.connect(check)
    try:
        yield
    finally:
        request_finished.disconnect(check)
    assert not seen, f"secrets left the server: {seen}"
