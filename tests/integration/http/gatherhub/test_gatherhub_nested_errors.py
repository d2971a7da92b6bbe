"""Errors inside lists of objects keep GatherHub's {"field": ["message"]} details shape."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

JsonBody = dict[str, Any]


def test_a_bad_event_image_is_named_with_a_list_of_messages(
    client: FlaskClient,
    as_ada: dict[str, str],
    event_fields: Callable[..., JsonBody],
    assert_error: Callable[..., JsonBody],
) -> None:
    response = client.post(
        "/api/v1/events/", headers=as_ada, json=event_fields(images=[{"url": ""}])
    )
    body = assert_error(response, 400, field="images")
    assert body["details"]["images"] == ["images[0].url: Length must be between 1 and 2000."]


def test_a_bad_vote_option_is_named_with_a_list_of_messages(
    client: FlaskClient,
    as_ada: dict[str, str],
    create_event: Callable[..., JsonBody],
    assert_error: Callable[..., JsonBody],
) -> None:
    event = create_event(as_ada)
    response = client.post(
        "/api/v1/voting/",
        headers=as_ada,
        json={
            "title": "Lunch",
            "event": event["id"],
            "ends_at": "2027-05-02T12:00:00Z",
            "options": [{"text": ""}, "Sushi"],
        },
    )
    body = assert_error(response, 400, field="options")
    assert body["details"]["options"] == [
        "options[0].text: Length must be between 1 and 200.",
        "options[1]: Invalid input type.",
    ]
