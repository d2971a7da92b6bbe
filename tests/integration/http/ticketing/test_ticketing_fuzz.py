"""Whatever JSON a client sends to any ticketing endpoint, the answer is never a 500, and
every refusal is {"error": "<text>"}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ticketing_api import API, Headers, JsonBody

from eventcore.domain.users import User

FIELDS = [
    "email",
    "password",
    "username",
    "age",
    "gender",
    "access_type",
    "avatar",
    "title",
    "category",
    "start_datetime",
    "end_datetime",
    "location_type",
    "price",
    "capacity",
    "tickets_remaining",
    "photo_1_url",
    "owner_id",
    "status",
    "user_id",
    "id",
]
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "Registered",
            "Interested",
            "Cancelled",
            "Admin",
            "Female",
            "Remote",
            "Job Fair",
            "2030-01-01T10:00:00Z",
            "a@b.org",
        ]
    )
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
BODIES = st.dictionaries(st.sampled_from(FIELDS), _JSON, max_size=6) | _JSON
ROUTES = [
    ("post", "/users/login"),
    ("post", "/users"),
    ("patch", "/users/{me}"),
    ("post", "/events"),
    ("patch", "/events/1"),
    ("post", "/events/1/attendances"),
    ("patch", "/events/1/attendances"),
    ("delete", "/events/1/attendances"),
]


@pytest.mark.parametrize(("method", "path"), ROUTES)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=BODIES)
def test_no_body_makes_a_500(
    client: FlaskClient,
    admin: User,
    as_admin: Headers,
    create_event: Callable[..., JsonBody],
    method: str,
    path: str,
    body: Any,
) -> None:
    if client.get(f"{API}/events/1").status_code != 200:
        create_event(headers=as_admin)
    response = getattr(client, method)(API + path.format(me=admin.id), headers=as_admin, json=body)
    assert response.status_code < 500, response.get_data(as_text=True)
    if response.status_code >= 400:
        error = response.get_json()
        assert set(error) == {"error"}
        assert isinstance(error["error"], str)
        assert error["error"]
