"""GatherHub /api/v1/tasks/ (seed 003): list, create, detail, update, assign, complete,
and the event detail's `tasks`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core
from support.notices import hear

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]
Watch = Callable[[], Callable[[], None]]

TASKS = "/api/v1/tasks/"
LIST_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "priority",
    "due_date",
    "event",
    "assignee",
    "creator",
    "created_at",
    "updated_at",
}
CREATED_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "priority",
    "due_date",
    "event",
    "assignee",
    "creator",
    "created_at",
}
UPDATED_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "priority",
    "due_date",
    "event",
    "assignee",
    "updated_at",
}
DUE = "2027-05-02T12:00:00Z"


def _task(task_id: int, suffix: str = "") -> str:
    return f"{TASKS}{task_id}/{suffix}"


def _ref(signed_in: JsonBody) -> JsonBody:
    return {"id": signed_in["user"]["id"], "username": signed_in["user"]["username"]}


def _person(signed_in: JsonBody, *extra: str) -> JsonBody:
    user = signed_in["user"]
    return {key: user[key] for key in ("id", "username", "first_name", "last_name", *extra)}


@pytest.fixture
def picnic(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent
) -> JsonBody:
    """Ada's public picnic, joined by Bob (Carol takes no part)."""
    event = create_event(as_ada, title="Picnic")
    assert client.post(f"/api/v1/events/{event['id']}/join/", headers=as_bob).status_code == 200
    return event


@pytest.fixture
def add_task(client: FlaskClient, picnic: JsonBody) -> Callable[..., JsonBody]:
    def add(headers: Headers, **fields: Any) -> JsonBody:
        body = {"title": "Bring chairs", "event": picnic["id"], **fields}
        response = client.post(TASKS, headers=headers, json=body)
        assert response.status_code == 201, response.get_json()
        created: JsonBody = response.get_json()
        return created

    return add


@pytest.fixture
def watch(store: MemoryStore) -> Callable[[], Callable[[], None]]:
    """`unchanged = watch()` before a refused request, `unchanged()` after it: no task
    was written or changed in between."""

    def start() -> Callable[[], None]:
        before = dict(store.tables["tasks"])

        def unchanged() -> None:
            assert store.tables["tasks"] == before

        return unchanged

    return start


# Create ----------------------------------------------------------------------


def test_creating_a_task_answers_201_with_the_documented_body(
    client: FlaskClient,
    ada: JsonBody,
    bob: JsonBody,
    as_ada: Headers,
    picnic: JsonBody,
    seed_time: Callable[..., str],
    core: Core,
) -> None:
    response = client.post(
        TASKS,
        headers=as_ada,
        json={
            "title": "Bring chairs",
            "description": "Twelve folding chairs",
            "event": picnic["id"],
            "priority": "high",
            "due_date": DUE,
            "assignee": bob["user"]["id"],
        },
    )

    assert response.status_code == 201
    body = response.get_json()
    assert body == {
        "id": body["id"],
        "title": "Bring chairs",
        "description": "Twelve folding chairs",
        "status": "pending",
        "priority": "high",
        "due_date": DUE,
        "event": {"id": picnic["id"], "title": "Picnic"},
        "assignee": _ref(bob),
        "creator": _ref(ada),
        "created_at": seed_time(),
    }
    assert isinstance(body["id"], int)
    assert isinstance(core.notifier, InProcessNotifier)
    assert hear(core.notifier.published[-1]).type == "task_created"


def test_a_task_without_priority_or_assignee_is_medium_and_unassigned(
    client: FlaskClient, as_bob: Headers, add_task: Callable[..., JsonBody]
) -> None:
    created = add_task(as_bob)
    assert (created["priority"], created["assignee"], created["due_date"]) == ("medium", None, None)


def test_creating_a_task_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, picnic: JsonBody, watch: Watch
) -> None:
    unchanged = watch()
    assert_error(client.post(TASKS, json={"title": "x", "event": picnic["id"]}), 401)
    unchanged()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event": 1}, "title"),
        ({"title": "x"}, "event"),
        ({"title": "", "event": 1}, "title"),
        ({"title": "x", "event": 1, "priority": "urgent"}, "priority"),
        ({"title": "x", "event": 1, "due_date": "tomorrow"}, "due_date"),
        ({"title": "x", "event": "one"}, "event"),
        ({"title": "x", "event": 1, "assignee": True}, "assignee"),
        ({"title": "x", "event": 404}, "event"),
    ],
)
def test_a_bad_task_is_a_400_naming_the_field_and_creates_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    picnic: JsonBody,
    watch: Watch,
    body: JsonBody,
    field: str,
) -> None:
    unchanged = watch()
    assert_error(client.post(TASKS, headers=as_ada, json=body), 400, field=field)
    unchanged()


def test_someone_not_taking_part_may_not_add_a_task(
    client: FlaskClient,
    assert_error: AssertError,
    as_carol: Headers,
    picnic: JsonBody,
    watch: Watch,
) -> None:
    unchanged = watch()
    response = client.post(TASKS, headers=as_carol, json={"title": "x", "event": picnic["id"]})
    assert_error(response, 403, code="permission_denied")
    unchanged()


def test_an_assignee_not_taking_part_is_a_400_naming_assignee(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    carol: JsonBody,
    picnic: JsonBody,
    watch: Watch,
) -> None:
    unchanged = watch()
    response = client.post(
        TASKS,
        headers=as_ada,
        json={"title": "x", "event": picnic["id"], "assignee": carol["user"]["id"]},
    )
    body = assert_error(response, 400, code="validation_error", field="assignee")
    assert "assignee_id" not in body["message"]
    unchanged()


def test_a_private_event_of_someone_else_is_named_as_a_bad_event(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    secret = create_event(as_ada, is_private=True)
    response = client.post(TASKS, headers=as_carol, json={"title": "x", "event": secret["id"]})
    assert_error(response, 400, field="event")


# Detail ----------------------------------------------------------------------


def test_task_detail_answers_the_documented_body(
    client: FlaskClient,
    ada: JsonBody,
    bob: JsonBody,
    as_ada: Headers,
    as_carol: Headers,
    picnic: JsonBody,
    add_task: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    created = add_task(as_ada, due_date=DUE, assignee=bob["user"]["id"])

    response = client.get(_task(created["id"]), headers=as_carol)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == LIST_KEYS | {"completed_at"}
    assert body == {
        "id": created["id"],
        "title": "Bring chairs",
        "description": "",
        "status": "pending",
        "priority": "medium",
        "due_date": DUE,
        "event": {"id": picnic["id"], "title": "Picnic", "date": picnic["date"]},
        "assignee": _person(bob, "email"),
        "creator": _ref(ada),
        "created_at": seed_time(),
        "updated_at": seed_time(),
        "completed_at": None,
    }


@pytest.mark.parametrize("task_id", ["404", "99999999999999999999999", "-1", "abc"])
def test_a_task_path_that_names_no_task_is_a_404_whatever_the_method(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, task_id: str
) -> None:
    for method, suffix, body in [
        ("GET", "", None),
        ("PUT", "", {"title": "x"}),
        ("PATCH", "", {"title": "x"}),
        ("POST", "assign/", {"assignee": 1}),
        ("POST", "complete/", None),
    ]:
        response = client.open(
            f"{TASKS}{task_id}/{suffix}", method=method, headers=as_ada, json=body
        )
        assert_error(response, 404, code="not_found")


def test_a_private_events_task_is_a_404_for_outsiders(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    secret = create_event(as_ada, is_private=True)
    created = client.post(
        TASKS, headers=as_ada, json={"title": "Secret", "event": secret["id"]}
    ).get_json()
    assert_error(client.get(_task(created["id"]), headers=as_carol), 404)
    listed = client.get(TASKS, headers=as_carol).get_json()
    assert listed["count"] == 0


def test_task_detail_without_a_bearer_token_is_a_401(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    add_task: Callable[..., JsonBody],
) -> None:
    assert_error(client.get(_task(add_task(as_ada)["id"])), 401)


# List ------------------------------------------------------------------------


def test_the_task_list_answers_count_next_previous_and_results(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    add_task: Callable[..., JsonBody],
) -> None:
    created = add_task(as_ada, assignee=bob["user"]["id"], due_date=DUE)

    page = client.get(TASKS, headers=as_bob).get_json()

    assert set(page) == {"count", "next", "previous", "results"}
    assert (page["count"], page["next"], page["previous"]) == (1, None, None)
    [listed] = page["results"]
    assert set(listed) == LIST_KEYS | {"completed_at"}
    assert listed["assignee"] == _person(bob)
    assert {key: listed[key] for key in CREATED_KEYS - {"assignee"}} == {
        key: created[key] for key in CREATED_KEYS - {"assignee"}
    }


def test_the_task_list_filters_by_event_assignee_status_and_due_dates(
    client: FlaskClient,
    as_ada: Headers,
    bob: JsonBody,
    create_event: CreateEvent,
    add_task: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    other = create_event(as_ada, title="Chess")
    chairs = add_task(
        as_ada, title="Chairs", assignee=bob["user"]["id"], due_date=seed_time(days=1)
    )
    food = add_task(as_ada, title="Food", due_date=seed_time(days=3))
    boards = client.post(
        TASKS, headers=as_ada, json={"title": "Boards", "event": other["id"]}
    ).get_json()
    client.post(_task(food["id"], "complete/"), headers=as_ada)

    def titles(query: str) -> list[str]:
        response = client.get(f"{TASKS}?{query}", headers=as_ada)
        assert response.status_code == 200, response.get_json()
        return [task["title"] for task in response.get_json()["results"]]

    assert titles("") == ["Chairs", "Food", "Boards"]
    assert titles(f"event={other['id']}") == ["Boards"]
    assert titles(f"assignee={bob['user']['id']}") == ["Chairs"]
    assert titles("status=completed") == ["Food"]
    assert titles("status=pending") == ["Chairs", "Boards"]
    assert titles("due_date_from=2027-05-02") == ["Chairs", "Food"]
    assert titles("due_date_to=2027-05-02") == ["Chairs"]
    assert titles("due_date_from=2027-05-03&due_date_to=2027-05-04") == ["Food"]
    assert boards["id"] > chairs["id"]


def test_the_task_list_pages_with_absolute_urls(
    client: FlaskClient, as_ada: Headers, picnic: JsonBody, add_task: Callable[..., JsonBody]
) -> None:
    for n in range(3):
        add_task(as_ada, title=f"Task {n}")

    page = client.get(f"{TASKS}?page_size=1&page=2&event={picnic['id']}", headers=as_ada).get_json()

    assert page["count"] == 3
    assert [task["title"] for task in page["results"]] == ["Task 1"]
    assert page["next"] == (
        f"http://localhost/api/v1/tasks/?page_size=1&page=3&event={picnic['id']}"
    )
    assert page["previous"] == (
        f"http://localhost/api/v1/tasks/?page_size=1&page=1&event={picnic['id']}"
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("status=done", "status"),
        ("due_date_from=soon", "due_date_from"),
        ("assignee=x", "assignee"),
        ("event=99999999999999999999999", "event"),
    ],
)
def test_a_bad_task_list_parameter_is_a_400_naming_it(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, query: str, field: str
) -> None:
    assert_error(client.get(f"{TASKS}?{query}", headers=as_ada), 400, field=field)


def test_the_task_list_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError
) -> None:
    assert_error(client.get(TASKS), 401)


# Update ----------------------------------------------------------------------


def test_the_assignee_updates_a_task_and_gets_the_documented_body(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    picnic: JsonBody,
    add_task: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    created = add_task(as_ada, assignee=bob["user"]["id"])
    clock.advance(timedelta(minutes=30))

    response = client.put(
        _task(created["id"]),
        headers=as_bob,
        json={
            "title": "Chairs and tables",
            "description": "All of them",
            "status": "in_progress",
            "priority": "high",
            "due_date": DUE,
            "assignee": bob["user"]["id"],
        },
    )

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == UPDATED_KEYS | {"completed_at"}
    assert body == {
        "id": created["id"],
        "title": "Chairs and tables",
        "description": "All of them",
        "status": "in_progress",
        "priority": "high",
        "due_date": DUE,
        "event": {"id": picnic["id"], "title": "Picnic"},
        "assignee": _ref(bob),
        "updated_at": seed_time(minutes=30),
        "completed_at": None,
    }
    assert client.get(_task(created["id"]), headers=as_ada).get_json()["title"] == (
        "Chairs and tables"
    )


def test_a_put_changes_only_the_fields_sent(
    client: FlaskClient, as_ada: Headers, add_task: Callable[..., JsonBody]
) -> None:
    created = add_task(as_ada, description="Keep me", priority="low")
    body = client.put(_task(created["id"]), headers=as_ada, json={"title": "New"}).get_json()
    assert (body["title"], body["description"], body["priority"]) == ("New", "Keep me", "low")


def test_setting_status_completed_records_completed_at_and_reopening_clears_it(
    client: FlaskClient,
    as_ada: Headers,
    add_task: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    created = add_task(as_ada)
    done = client.put(_task(created["id"]), headers=as_ada, json={"status": "completed"})
    assert done.get_json()["completed_at"] == seed_time()
    reopened = client.put(_task(created["id"]), headers=as_ada, json={"status": "pending"})
    assert reopened.get_json()["completed_at"] is None


@pytest.mark.parametrize("who", ["as_ada", "as_carol"])
def test_only_the_tasks_creator_or_assignee_may_update_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_bob: Headers,
    add_task: Callable[..., JsonBody],
    watch: Watch,
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    created = add_task(as_bob)
    headers: Headers = request.getfixturevalue(who)
    unchanged = watch()
    response = client.put(_task(created["id"]), headers=headers, json={"title": "Mine"})
    assert_error(response, 403, code="permission_denied")
    unchanged()


def test_the_assignee_may_not_reassign_through_put(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    ada: JsonBody,
    bob: JsonBody,
    add_task: Callable[..., JsonBody],
) -> None:
    created = add_task(as_ada, assignee=bob["user"]["id"])
    response = client.put(
        _task(created["id"]), headers=as_bob, json={"assignee": ada["user"]["id"]}
    )
    assert_error(response, 403, field="assignee")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "done"}, "status"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"priority": 3}, "priority"),
        ({"assignee": 404}, "assignee"),
    ],
)
def test_a_bad_update_is_a_400_naming_the_field(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    add_task: Callable[..., JsonBody],
    body: JsonBody,
    field: str,
) -> None:
    created = add_task(as_ada)
    assert_error(client.put(_task(created["id"]), headers=as_ada, json=body), 400, field=field)


# Assign ----------------------------------------------------------------------


def test_the_event_creator_assigns_a_task_with_the_documented_message(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    add_task: Callable[..., JsonBody],
) -> None:
    created = add_task(as_bob)

    response = client.post(
        _task(created["id"], "assign/"), headers=as_ada, json={"assignee": bob["user"]["id"]}
    )

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Task assigned successfully",
        "task": {"id": created["id"], "title": "Bring chairs", "assignee": _ref(bob)},
    }


def test_the_task_creator_assigns(
    client: FlaskClient, as_bob: Headers, ada: JsonBody, add_task: Callable[..., JsonBody]
) -> None:
    created = add_task(as_bob)
    response = client.post(
        _task(created["id"], "assign/"), headers=as_bob, json={"assignee": ada["user"]["id"]}
    )
    assert response.get_json()["task"]["assignee"] == _ref(ada)


def test_the_assignee_may_not_assign(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    ada: JsonBody,
    bob: JsonBody,
    add_task: Callable[..., JsonBody],
    watch: Watch,
) -> None:
    created = add_task(as_ada, assignee=bob["user"]["id"])
    unchanged = watch()
    response = client.post(
        _task(created["id"], "assign/"), headers=as_bob, json={"assignee": ada["user"]["id"]}
    )
    assert_error(response, 403, code="permission_denied")
    unchanged()


@pytest.mark.parametrize("body", [{}, {"assignee": "bob"}, {"assignee": None}])
def test_assign_needs_an_assignee_id(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    add_task: Callable[..., JsonBody],
    body: JsonBody,
) -> None:
    created = add_task(as_ada)
    response = client.post(_task(created["id"], "assign/"), headers=as_ada, json=body)
    assert_error(response, 400, field="assignee")


def test_assigning_someone_not_taking_part_is_a_400_naming_assignee(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    carol: JsonBody,
    add_task: Callable[..., JsonBody],
) -> None:
    created = add_task(as_ada)
    response = client.post(
        _task(created["id"], "assign/"), headers=as_ada, json={"assignee": carol["user"]["id"]}
    )
    assert_error(response, 400, code="validation_error", field="assignee")


# Complete --------------------------------------------------------------------


def test_the_assignee_completes_a_task_with_the_documented_message(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    add_task: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    created = add_task(as_ada, assignee=bob["user"]["id"])
    clock.advance(timedelta(minutes=30))

    response = client.post(_task(created["id"], "complete/"), headers=as_bob)

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Task marked as completed",
        "task": {
            "id": created["id"],
            "title": "Bring chairs",
            "status": "completed",
            "completed_at": seed_time(minutes=30),
        },
    }
    again = client.post(_task(created["id"], "complete/"), headers=as_ada)
    assert again.get_json()["task"]["completed_at"] == seed_time(minutes=30)


@pytest.mark.parametrize("who", ["as_ada", "as_carol"])
def test_only_the_assignee_or_creator_may_complete(
    client: FlaskClient,
    assert_error: AssertError,
    as_bob: Headers,
    add_task: Callable[..., JsonBody],
    watch: Watch,
    request: pytest.FixtureRequest,
    who: str,
) -> None:
    created = add_task(as_bob)
    unchanged = watch()
    response = client.post(_task(created["id"], "complete/"), headers=request.getfixturevalue(who))
    assert_error(response, 403, code="permission_denied")
    unchanged()


# The event detail --------------------------------------------------------------


def test_the_event_detail_lists_its_tasks_as_id_title_and_status(
    client: FlaskClient,
    as_ada: Headers,
    as_carol: Headers,
    picnic: JsonBody,
    add_task: Callable[..., JsonBody],
) -> None:
    first = add_task(as_ada, title="Chairs")
    second = add_task(as_ada, title="Food")
    client.post(_task(second["id"], "complete/"), headers=as_ada)

    detail = client.get(f"/api/v1/events/{picnic['id']}/", headers=as_carol).get_json()

    assert detail["tasks"] == [
        {"id": first["id"], "title": "Chairs", "status": "pending"},
        {"id": second["id"], "title": "Food", "status": "completed"},
    ]
    assert detail["votes"] == []
    assert detail["current_participants"] == 2


def test_the_openapi_document_lists_the_task_paths(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/tasks/"])
    assert {"get", "put"} <= set(paths["/api/v1/tasks/{task_id}/"])
    assert "post" in paths["/api/v1/tasks/{task_id}/assign/"]
    assert "post" in paths["/api/v1/tasks/{task_id}/complete/"]


def test_a_tasks_page_size_above_100_is_capped_at_100_and_the_links_say_so(
    client: FlaskClient, as_ada: Headers
) -> None:
    response = client.get(f"{TASKS}?page=2&page_size=1000", headers=as_ada)

    assert response.status_code == 200
    previous = urlsplit(response.get_json()["previous"])
    assert parse_qs(previous.query) == {"page": ["1"], "page_size": ["100"]}
