"""The check every test run makes on responses finds what it looks for."""

from __future__ import annotations

from flask import Response

from support.constants import PASSWORD
from support.leaks import leaked


def test_a_hash_a_trace_or_sql_text_in_a_body_or_header_is_found() -> None:
    body = Response('{"error": "IntegrityError: INSERT INTO users"}', mimetype="application/json")
    assert leaked(body) == ["IntegrityError", "INSERT INTO"]
    header = Response("{}", mimetype="application/json", headers={"X-Debug": "$argon2id$v=19"})
    assert leaked(header) == ["$argon2"]
    assert leaked(Response(f"<p>{PASSWORD}</p>", mimetype="text/html")) == [PASSWORD]


def test_a_plain_answer_and_vendored_files_are_not_read_as_leaks() -> None:
    assert leaked(Response('{"message": "ok"}', mimetype="application/json")) == []
    assert leaked(Response("var q = 'SELECT '", mimetype="application/javascript")) == []
