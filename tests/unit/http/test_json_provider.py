"""JSON answers written by orjson read back as the standard library's would, and the
values orjson writes otherwise are written as Flask writes them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal

from flask import Flask

from eventcore.http.json_provider import OrjsonProvider


def provider() -> OrjsonProvider:
    return OrjsonProvider(Flask(__name__))


def test_plain_values_read_back_as_the_standard_library_writes_them() -> None:
    value = {"title": "Été à Zürich 🎉", "n": [1, 2.5, None, True], "nested": {"a": ""}}

    written = provider().dumps(value)

    assert json.loads(written) == json.loads(json.dumps(value)) == value
    assert "Été" in written  # UTF-8, not \\u escapes


def test_moments_decimals_and_int_keys_are_written_as_flask_writes_them() -> None:
    value = {
        "at": datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        "day": date(2030, 1, 2),
        "price": Decimal("9.90"),
        1: "one",
    }

    written = json.loads(provider().dumps(value))

    assert written == {
        "at": "Wed, 02 Jan 2030 03:04:05 GMT",
        "day": "Wed, 02 Jan 2030 00:00:00 GMT",
        "price": "9.90",
        "1": "one",
    }


def test_an_integer_beyond_64_bits_is_written_by_the_standard_library() -> None:
    assert json.loads(provider().dumps({"big": 2**80})) == {"big": 2**80}


def test_keys_keep_their_order() -> None:
    assert provider().dumps({"b": 1, "a": 2}) == '{"b":1,"a":2}'
