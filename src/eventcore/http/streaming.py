"""A JSON answer written while it is read: `{"<key>": [item, ...]}` for a list too
long to hold at once (ticketing's list of every event).

Built whole, a list of 100 000 events was a 38 MB string beside 100 000 views and
their dumps, and the worker kept most of that memory afterwards; written a batch at
a time, the answer costs the memory of one batch whatever its length.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import flask
import marshmallow

# Items dumped and encoded at a time.
BATCH = 500


def streamed_list(
    key: str,
    items: Iterable[Any],
    schema: marshmallow.Schema,
    *,
    close: Callable[[], None],
    headers: Mapping[str, str],
) -> flask.Response:
    """A 200 whose body is the JSON object {key: [each item as `schema` dumps it]},
    written as `items` are read. `close` runs when the answer ends, sent in full or
    abandoned by the client."""
    dumps = flask.current_app.json.dumps
    compact = {"separators": (",", ":")}
    each = iter(items)

    def chunks() -> Iterator[str]:
        yield "{" + dumps(key) + ":["
        batches = iter(lambda: list(itertools.islice(each, BATCH)), [])
        for number, batch in enumerate(batches):
            dumped = dumps(schema.dump(batch, many=True), **compact)
            # A batch's list without its brackets, after a comma but for the first.
            yield ("," if number else "") + dumped[1:-1]
        yield "]}\n"

    response = flask.Response(
        flask.stream_with_context(chunks()), mimetype="application/json", headers=dict(headers)
    )
    response.call_on_close(close)
    return response
