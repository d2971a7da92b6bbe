"""Flask's own session still works where a request sends its cookie, though it is not
opened for requests that send none."""

from __future__ import annotations

from flask import request, session

from eventcore.bootstrap import memory_core
from eventcore.http.app import create_app


def test_flasks_session_is_kept_across_requests_by_its_cookie() -> None:
    app = create_app(memory_core())

    @app.get("/_count")
    def count() -> dict[str, int]:
        session["count"] = session.get("count", 0) + 1
        return {"count": session["count"]}

    client = app.test_client()
    counted = [client.get("/_count").get_json()["count"] for _ in range(3)]
    client.delete_cookie("session")
    anew = client.get("/_count").get_json()["count"]

    assert (counted, anew) == ([1, 2, 3], 1)


def test_a_request_without_cookies_gets_an_empty_unchanged_session() -> None:
    app = create_app(memory_core())
    with app.test_request_context("/health/"):
        opened = app.session_interface.open_session(app, request)

    assert opened is not None
    assert (dict(opened), opened.modified) == ({}, False)
