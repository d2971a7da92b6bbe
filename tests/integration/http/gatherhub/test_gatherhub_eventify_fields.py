"""GatherHub takes and shows the fields Eventify clients read, as optional event fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient

JsonBody = dict[str, Any]
Headers = dict[str, str]
CreateEvent = Callable[..., JsonBody]
AssertError = Callable[..., JsonBody]

EVENTIFY_FIELDS: JsonBody = {
    "name": "Music Festival",
    "is_bookable": False,
    "is_eventify_event": True,
    "outside_event_url": "https://tickets.example.org/fest",
    "event_status": "live",
    "cancelled_reason": "",
    "important_information": "Free parking available",
}
DEFAULTS: JsonBody = {
    "name": "",
    "is_bookable": True,
    "is_eventify_event": False,
    "outside_event_url": "",
    "event_status": "pending",
    "cancelled_reason": "",
    "important_information": "",
}


def _shown(event: JsonBody) -> JsonBody:
    return {key: event[key] for key in EVENTIFY_FIELDS}


def test_an_event_is_created_with_the_eventify_fields_and_shows_them(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    created = create_event(as_ada, **EVENTIFY_FIELDS)
    assert _shown(created) == EVENTIFY_FIELDS
    detail = client.get(f"/api/v1/events/{created['id']}/", headers=as_ada).get_json()
    assert _shown(detail) == EVENTIFY_FIELDS


def test_without_them_an_event_has_the_defaults(as_ada: Headers, create_event: CreateEvent) -> None:
    assert _shown(create_event(as_ada)) == DEFAULTS


def test_an_update_changes_only_the_eventify_fields_it_names(
    client: FlaskClient, as_ada: Headers, create_event: CreateEvent
) -> None:
    created = create_event(as_ada, **EVENTIFY_FIELDS)
    response = client.patch(
        f"/api/v1/events/{created['id']}/",
        headers=as_ada,
        json={"event_status": "cancelled", "cancelled_reason": "Rain"},
    )
    assert response.status_code == 200
    assert _shown(response.get_json()) == {
        **EVENTIFY_FIELDS,
        "event_status": "cancelled",
        "cancelled_reason": "Rain",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("is_bookable", "perhaps"),
        ("is_eventify_event", [True]),
        ("name", 5),
        ("outside_event_url", "u" * 2001),
        ("event_status", "s" * 256),
        ("cancelled_reason", None),
        ("important_information", "i" * 10_001),
    ],
)
def test_a_bad_eventify_field_is_a_400_naming_it(
    client: FlaskClient,
    as_ada: Headers,
    event_fields: Callable[..., JsonBody],
    assert_error: AssertError,
    field: str,
    value: Any,
) -> None:
    response = client.post("/api/v1/events/", headers=as_ada, json=event_fields(**{field: value}))
    assert_error(response, 400, field=field)
    assert client.get("/api/v1/events/", headers=as_ada).get_json()["count"] == 0
