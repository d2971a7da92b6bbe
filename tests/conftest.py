"""Checks every test run makes, whatever the suite.

No response that any in-process app sends, in any test, carries a password, a
password hash, a stack trace or database error text (DESIGN.md section 3): the
check listens to Flask's `request_finished` signal, so it sees every response
of every app a test builds, without the test asking for it.

Every dump of an eventcore schema, in any test, equals marshmallow's own dump of
the same object: the faster dump of `eventcore.http.schema` changes speed, never
output.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import marshmallow
import pytest
from flask import Flask, Response, request_finished

from eventcore.http.schema import Schema
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


@pytest.fixture(autouse=True)
def dumps_equal_marshmallows(monkeypatch: pytest.MonkeyPatch) -> None:
    faster = Schema._serialize

    def compared(self: Schema, obj: Any, *, many: bool = False) -> Any:
        dumped = faster(self, obj, many=many)
        expected = marshmallow.Schema._serialize(self, obj, many=many)
        assert dumped == expected, f"{type(self).__name__} dumps {dumped!r}, not {expected!r}"
        return dumped

    monkeypatch.setattr(Schema, "_serialize", compared)
