"""GatherHub /api/v1/voting/ (seed 003): list, create, detail, cast, results, and the
event detail's `votes`."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.memory.store import MemoryStore
from eventcore.bootstrap import Core, memory_core
from eventcore.settings import Settings

JsonBody = dict[str, Any]
Headers = dict[str, str]
AssertError = Callable[..., JsonBody]
CreateEvent = Callable[..., JsonBody]
Watch = Callable[[], Callable[[], None]]

VOTING = "/api/v1/voting/"
ENDS = "2027-05-02T12:00:00Z"
LIST_KEYS = {
    "id",
    "title",
    "description",
    "status",
    "event",
    "creator",
    "total_votes",
    "ends_at",
    "created_at",
}


def _vote(poll_id: int, suffix: str = "") -> str:
    return f"{VOTING}{poll_id}/{suffix}"


def _ref(signed_in: JsonBody) -> JsonBody:
    return {"id": signed_in["user"]["id"], "username": signed_in["user"]["username"]}


def _join(client: FlaskClient, event: JsonBody, headers: Headers) -> None:
    response = client.post(f"/api/v1/events/{event['id']}/join/", headers=headers)
    assert response.status_code == 200, response.get_json()


@pytest.fixture
def core(clock: FixedClock) -> Core:
    """Without the login rate limit: one test registers fifteen voters."""
    return memory_core(
        clock=clock, settings=Settings(secret_key=secrets.token_hex(32), login_rate_limit="off")
    )


@pytest.fixture
def picnic(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, create_event: CreateEvent
) -> JsonBody:
    """Ada's public picnic, joined by Bob (Carol takes no part)."""
    event = create_event(as_ada, title="Picnic")
    _join(client, event, as_bob)
    return event


@pytest.fixture
def start_vote(client: FlaskClient, picnic: JsonBody) -> Callable[..., JsonBody]:
    def start(headers: Headers, *texts: str, **fields: Any) -> JsonBody:
        body = {
            "title": "Lunch",
            "event": picnic["id"],
            "ends_at": ENDS,
            "options": [{"text": text} for text in texts or ("Pizza", "Sushi")],
            **fields,
        }
        response = client.post(VOTING, headers=headers, json=body)
        assert response.status_code == 201, response.get_json()
        created: JsonBody = response.get_json()
        return created

    return start


@pytest.fixture
def watch(store: MemoryStore) -> Watch:
    """`unchanged = watch()` before a refused request, `unchanged()` after it: no poll or
    ballot was written in between."""

    def start() -> Callable[[], None]:
        before = (dict(store.tables["polls"]), dict(store.tables["ballots"]))

        def unchanged() -> None:
            assert (store.tables["polls"], store.tables["ballots"]) == before

        return unchanged

    return start


def _options(created: JsonBody) -> list[int]:
    return [option["id"] for option in created["options"]]


# Create ----------------------------------------------------------------------


def test_creating_a_vote_answers_201_with_the_documented_body(
    client: FlaskClient,
    ada: JsonBody,
    as_ada: Headers,
    picnic: JsonBody,
    seed_time: Callable[..., str],
) -> None:
    response = client.post(
        VOTING,
        headers=as_ada,
        json={
            "title": "Lunch",
            "description": "Where do we eat?",
            "event": picnic["id"],
            "options": [{"text": "Option 1"}, {"text": "Option 2"}, {"text": "Option 3"}],
            "ends_at": ENDS,
            "multiple_choice": False,
        },
    )

    assert response.status_code == 201
    body = response.get_json()
    ids = _options(body)
    assert body == {
        "id": body["id"],
        "title": "Lunch",
        "description": "Where do we eat?",
        "status": "active",
        "event": {"id": picnic["id"], "title": "Picnic"},
        "creator": _ref(ada),
        "options": [{"id": ids[n], "text": f"Option {n + 1}", "vote_count": 0} for n in range(3)],
        "total_votes": 0,
        "ends_at": ENDS,
        "multiple_choice": False,
        "created_at": seed_time(),
    }
    assert len(set(ids)) == 3


def test_a_participant_starts_a_multiple_choice_vote(
    as_bob: Headers, bob: JsonBody, start_vote: Callable[..., JsonBody]
) -> None:
    created = start_vote(as_bob, multiple_choice=True)
    assert (created["creator"], created["multiple_choice"], created["description"]) == (
        _ref(bob),
        True,
        "",
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"options": [{"text": "Only one"}]}, "options"),
        ({"options": []}, "options"),
        ({"options": [{"text": "Pizza"}, {"text": "pizza"}]}, "options"),
        ({"options": ["Pizza", "Sushi"]}, "options"),
        ({"options": [{"text": ""}, {"text": "Sushi"}]}, "options"),
        ({"ends_at": "2027-05-01T11:00:00Z"}, "ends_at"),
        ({"ends_at": "next week"}, "ends_at"),
        ({"title": ""}, "title"),
        ({"event": 404}, "event"),
        ({"event": "picnic"}, "event"),
        ({"multiple_choice": "maybe"}, "multiple_choice"),
    ],
)
def test_a_bad_vote_is_a_400_naming_the_field_and_creates_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    picnic: JsonBody,
    watch: Watch,
    change: JsonBody,
    field: str,
) -> None:
    body = {
        "title": "Lunch",
        "event": picnic["id"],
        "ends_at": ENDS,
        "options": [{"text": "Pizza"}, {"text": "Sushi"}],
        **change,
    }
    unchanged = watch()
    assert_error(client.post(VOTING, headers=as_ada, json=body), 400, field=field)
    unchanged()


@pytest.mark.parametrize("missing", ["title", "event", "options", "ends_at"])
def test_a_vote_without_a_required_field_is_a_400_naming_it(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    picnic: JsonBody,
    missing: str,
) -> None:
    body = {
        "title": "Lunch",
        "event": picnic["id"],
        "ends_at": ENDS,
        "options": [{"text": "Pizza"}, {"text": "Sushi"}],
    }
    del body[missing]
    assert_error(client.post(VOTING, headers=as_ada, json=body), 400, field=missing)


def test_someone_not_taking_part_may_not_start_a_vote(
    client: FlaskClient,
    assert_error: AssertError,
    as_carol: Headers,
    picnic: JsonBody,
    watch: Watch,
) -> None:
    unchanged = watch()
    response = client.post(
        VOTING,
        headers=as_carol,
        json={
            "title": "Lunch",
            "event": picnic["id"],
            "ends_at": ENDS,
            "options": [{"text": "Pizza"}, {"text": "Sushi"}],
        },
    )
    assert_error(response, 403, code="permission_denied")
    unchanged()


def test_creating_a_vote_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError
) -> None:
    body = {
        "title": "Lunch",
        "event": 1,
        "ends_at": ENDS,
        "options": [{"text": "Pizza"}, {"text": "Sushi"}],
    }
    assert_error(client.post(VOTING, json=body), 401)


# Cast ------------------------------------------------------------------------


def test_casting_a_vote_answers_the_documented_body(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    start_vote: Callable[..., JsonBody],
    seed_time: Callable[..., str],
    clock: FixedClock,
) -> None:
    created = start_vote(as_ada)
    pizza, _ = _options(created)
    clock.advance(timedelta(minutes=5))

    response = client.post(_vote(created["id"], "vote/"), headers=as_bob, json={"options": [pizza]})

    assert response.status_code == 200
    assert response.get_json() == {
        "message": "Vote cast successfully",
        "vote": {
            "id": created["id"],
            "title": "Lunch",
            "user_vote": {
                "option_id": pizza,
                "option_ids": [pizza],
                "voted_at": seed_time(minutes=5),
            },
            "total_votes": 1,
        },
    }


def test_a_second_vote_is_a_400_and_changes_nothing(
    client: FlaskClient,
    assert_error: AssertError,
    as_bob: Headers,
    as_ada: Headers,
    start_vote: Callable[..., JsonBody],
    watch: Watch,
) -> None:
    created = start_vote(as_ada)
    pizza, sushi = _options(created)
    client.post(_vote(created["id"], "vote/"), headers=as_bob, json={"options": [pizza]})
    unchanged = watch()

    response = client.post(_vote(created["id"], "vote/"), headers=as_bob, json={"options": [sushi]})

    assert_error(response, 400, code="already_voted", field="options")
    unchanged()


@pytest.mark.parametrize(
    ("multiple_choice", "choose"),
    [
        (False, lambda ids: []),
        (False, lambda ids: ids),
        (False, lambda ids: [999]),
        (True, lambda ids: [ids[0], ids[0]]),
        (True, lambda ids: [ids[0], 999]),
        (False, lambda ids: ["one"]),
        (False, lambda ids: ids[0]),
    ],
    ids=[
        "empty",
        "two-on-single",
        "unknown",
        "twice",
        "unknown-among-known",
        "not-a-number",
        "not-a-list",
    ],
)
def test_invalid_options_are_a_400_naming_options(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    start_vote: Callable[..., JsonBody],
    watch: Watch,
    multiple_choice: bool,
    choose: Callable[[list[int]], Any],
) -> None:
    created = start_vote(as_ada, multiple_choice=multiple_choice)
    unchanged = watch()
    response = client.post(
        _vote(created["id"], "vote/"), headers=as_bob, json={"options": choose(_options(created))}
    )
    assert_error(response, 400, field="options")
    unchanged()


def test_an_option_of_another_vote_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    start_vote: Callable[..., JsonBody],
) -> None:
    first, second = start_vote(as_ada), start_vote(as_ada, "Tea", "Coffee")
    response = client.post(
        _vote(first["id"], "vote/"), headers=as_bob, json={"options": [_options(second)[0]]}
    )
    assert_error(response, 400, field="options")


def test_voting_after_the_end_is_a_403(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    start_vote: Callable[..., JsonBody],
    clock: FixedClock,
    password: str,
    watch: Watch,
) -> None:
    created = start_vote(as_ada, ends_at="2027-05-01T12:30:00Z")
    clock.advance(timedelta(minutes=30))
    unchanged = watch()
    response = client.post(
        _vote(created["id"], "vote/"), headers=as_bob, json={"options": [_options(created)[0]]}
    )
    assert_error(response, 403, code="voting_ended")
    unchanged()


def test_someone_not_taking_part_may_not_vote(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_carol: Headers,
    start_vote: Callable[..., JsonBody],
) -> None:
    created = start_vote(as_ada)
    response = client.post(
        _vote(created["id"], "vote/"), headers=as_carol, json={"options": [_options(created)[0]]}
    )
    assert_error(response, 403, code="permission_denied")


def test_a_vote_body_without_options_is_a_400(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    start_vote: Callable[..., JsonBody],
) -> None:
    created = start_vote(as_ada)
    assert_error(
        client.post(_vote(created["id"], "vote/"), headers=as_ada, json={}), 400, field="options"
    )


@pytest.mark.parametrize("poll_id", ["404", "99999999999999999999999", "-1", "abc"])
def test_a_vote_path_that_names_no_vote_is_a_404(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, poll_id: str
) -> None:
    for method, suffix, body in [
        ("GET", "", None),
        ("GET", "results/", None),
        ("POST", "vote/", {"options": [1]}),
    ]:
        response = client.open(
            f"{VOTING}{poll_id}/{suffix}", method=method, headers=as_ada, json=body
        )
        assert_error(response, 404, code="not_found")


def test_a_private_events_vote_is_a_404_for_outsiders(
    client: FlaskClient,
    assert_error: AssertError,
    as_ada: Headers,
    as_carol: Headers,
    create_event: CreateEvent,
) -> None:
    secret = create_event(as_ada, is_private=True)
    created = client.post(
        VOTING,
        headers=as_ada,
        json={
            "title": "Secret",
            "event": secret["id"],
            "ends_at": ENDS,
            "options": [{"text": "A"}, {"text": "B"}],
        },
    ).get_json()
    for path in (_vote(created["id"]), _vote(created["id"], "results/")):
        assert_error(client.get(path, headers=as_carol), 404)
    assert_error(
        client.post(
            _vote(created["id"], "vote/"),
            headers=as_carol,
            json={"options": [_options(created)[0]]},
        ),
        404,
    )
    assert client.get(VOTING, headers=as_carol).get_json()["count"] == 0


# Detail and results ----------------------------------------------------------


def test_vote_detail_answers_the_documented_body_with_the_viewers_own_vote(
    client: FlaskClient,
    ada: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    picnic: JsonBody,
    start_vote: Callable[..., JsonBody],
    seed_time: Callable[..., str],
) -> None:
    created = start_vote(as_ada)
    pizza, sushi = _options(created)
    client.post(_vote(created["id"], "vote/"), headers=as_bob, json={"options": [pizza]})

    response = client.get(_vote(created["id"]), headers=as_bob)

    assert response.status_code == 200
    assert response.get_json() == {
        "id": created["id"],
        "title": "Lunch",
        "description": "",
        "status": "active",
        "event": {"id": picnic["id"], "title": "Picnic", "date": picnic["date"]},
        "creator": _ref(ada),
        "options": [
            {"id": pizza, "text": "Pizza", "vote_count": 1, "percentage": 100.0},
            {"id": sushi, "text": "Sushi", "vote_count": 0, "percentage": 0.0},
        ],
        "total_votes": 1,
        "user_voted": True,
        "user_vote": {"option_id": pizza, "option_ids": [pizza], "voted_at": seed_time()},
        "ends_at": ENDS,
        "multiple_choice": False,
        "created_at": seed_time(),
    }
    adas = client.get(_vote(created["id"]), headers=as_ada).get_json()
    assert (adas["user_voted"], adas["user_vote"]) == (False, None)


def test_results_reproduce_the_seeds_8_to_7_example(
    client: FlaskClient,
    as_ada: Headers,
    register: Callable[..., JsonBody],
    bearer: Callable[[JsonBody], Headers],
    picnic: JsonBody,
    start_vote: Callable[..., JsonBody],
) -> None:
    created = start_vote(as_ada, "Option 1", "Option 2")
    first, second = _options(created)
    for n in range(15):
        voter = bearer(register(f"voter{n}"))
        _join(client, picnic, voter)
        choice = first if n < 8 else second
        cast = client.post(_vote(created["id"], "vote/"), headers=voter, json={"options": [choice]})
        assert cast.status_code == 200, cast.get_json()

    response = client.get(_vote(created["id"], "results/"), headers=as_ada)

    assert response.status_code == 200
    assert response.get_json() == {
        "id": created["id"],
        "title": "Lunch",
        "status": "active",
        "total_votes": 15,
        "results": [
            {"option_id": first, "text": "Option 1", "vote_count": 8, "percentage": 53.3},
            {"option_id": second, "text": "Option 2", "vote_count": 7, "percentage": 46.7},
        ],
        "ends_at": ENDS,
        "winner": {"option_id": first, "text": "Option 1"},
    }


def test_results_without_votes_have_no_winner_and_zero_percentages(
    client: FlaskClient, as_ada: Headers, start_vote: Callable[..., JsonBody]
) -> None:
    created = start_vote(as_ada)
    body = client.get(_vote(created["id"], "results/"), headers=as_ada).get_json()
    assert body["winner"] is None
    assert body["total_votes"] == 0
    assert [r["percentage"] for r in body["results"]] == [0.0, 0.0]


def test_a_tie_has_no_winner(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, start_vote: Callable[..., JsonBody]
) -> None:
    created = start_vote(as_ada)
    pizza, sushi = _options(created)
    client.post(_vote(created["id"], "vote/"), headers=as_ada, json={"options": [pizza]})
    client.post(_vote(created["id"], "vote/"), headers=as_bob, json={"options": [sushi]})
    body = client.get(_vote(created["id"], "results/"), headers=as_ada).get_json()
    assert [r["percentage"] for r in body["results"]] == [50.0, 50.0]
    assert body["winner"] is None


def test_multiple_choice_counts_voters_and_each_chosen_option(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    start_vote: Callable[..., JsonBody],
) -> None:
    created = start_vote(as_ada, "Pizza", "Sushi", "Tacos", multiple_choice=True)
    pizza, _, tacos = _options(created)
    cast = client.post(
        _vote(created["id"], "vote/"), headers=as_bob, json={"options": [tacos, pizza]}
    ).get_json()
    client.post(_vote(created["id"], "vote/"), headers=as_ada, json={"options": [tacos]})
    assert cast["vote"]["user_vote"]["option_ids"] == [pizza, tacos]
    assert cast["vote"]["user_vote"]["option_id"] == pizza
    body = client.get(_vote(created["id"], "results/"), headers=as_ada).get_json()
    assert body["total_votes"] == 2
    assert [(r["vote_count"], r["percentage"]) for r in body["results"]] == [
        (1, 50.0),
        (0, 0.0),
        (2, 100.0),
    ]
    assert body["winner"] == {"option_id": tacos, "text": "Tacos"}


# List ------------------------------------------------------------------------


def test_the_vote_list_answers_count_next_previous_and_results(
    client: FlaskClient, as_ada: Headers, as_bob: Headers, start_vote: Callable[..., JsonBody]
) -> None:
    created = start_vote(as_ada)
    client.post(
        _vote(created["id"], "vote/"), headers=as_bob, json={"options": [_options(created)[0]]}
    )

    page = client.get(VOTING, headers=as_bob).get_json()

    assert set(page) == {"count", "next", "previous", "results"}
    assert (page["count"], page["next"], page["previous"]) == (1, None, None)
    [listed] = page["results"]
    assert set(listed) == LIST_KEYS
    assert listed == {**{key: created[key] for key in LIST_KEYS}, "total_votes": 1}


def test_the_vote_list_filters_by_event_status_and_creator(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    as_bob: Headers,
    bob: JsonBody,
    create_event: CreateEvent,
    start_vote: Callable[..., JsonBody],
) -> None:
    soon = start_vote(as_ada, title="Soon", ends_at="2027-05-01T12:30:00Z")
    start_vote(as_bob, title="Later")
    other = create_event(as_ada, title="Chess")
    client.post(
        VOTING,
        headers=as_ada,
        json={
            "title": "Elsewhere",
            "event": other["id"],
            "ends_at": ENDS,
            "options": [{"text": "A"}, {"text": "B"}],
        },
    )
    clock.advance(timedelta(minutes=30))

    def titles(query: str) -> list[str]:
        response = client.get(f"{VOTING}?{query}", headers=as_ada)
        assert response.status_code == 200, response.get_json()
        return [vote["title"] for vote in response.get_json()["results"]]

    assert titles("") == ["Soon", "Later", "Elsewhere"]
    assert titles(f"event={other['id']}") == ["Elsewhere"]
    assert titles("status=ended") == ["Soon"]
    assert titles("status=active") == ["Later", "Elsewhere"]
    assert titles(f"creator={bob['user']['id']}") == ["Later"]
    assert titles("page_size=1&page=3") == ["Elsewhere"]
    detail = client.get(_vote(soon["id"]), headers=as_ada).get_json()
    assert detail["status"] == "ended"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page_size=0", "page_size"),
        ("page=0", "page"),
        ("status=closed", "status"),
        ("creator=me", "creator"),
        ("event=x", "event"),
    ],
)
def test_a_bad_vote_list_parameter_is_a_400_naming_it(
    client: FlaskClient, assert_error: AssertError, as_ada: Headers, query: str, field: str
) -> None:
    assert_error(client.get(f"{VOTING}?{query}", headers=as_ada), 400, field=field)


@pytest.mark.parametrize("path", ["", "1/", "1/results/"])
def test_reading_votes_without_a_bearer_token_is_a_401(
    client: FlaskClient, assert_error: AssertError, path: str
) -> None:
    assert_error(client.get(f"{VOTING}{path}"), 401)


# The event detail --------------------------------------------------------------


def test_the_event_detail_lists_its_votes_with_their_status(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    as_bob: Headers,
    picnic: JsonBody,
    start_vote: Callable[..., JsonBody],
) -> None:
    soon = start_vote(as_ada, title="Soon", ends_at="2027-05-01T12:30:00Z")
    later = start_vote(as_ada, title="Later")
    clock.advance(timedelta(minutes=30))

    detail = client.get(f"/api/v1/events/{picnic['id']}/", headers=as_bob).get_json()

    assert detail["votes"] == [
        {"id": soon["id"], "title": "Soon", "status": "ended"},
        {"id": later["id"], "title": "Later", "status": "active"},
    ]
    assert detail["tasks"] == []


def test_the_openapi_document_lists_the_voting_paths(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/voting/"])
    assert "get" in paths["/api/v1/voting/{poll_id}/"]
    assert "post" in paths["/api/v1/voting/{poll_id}/vote/"]
    assert "get" in paths["/api/v1/voting/{poll_id}/results/"]


def test_a_voting_page_size_above_100_is_capped_at_100_and_the_links_say_so(
    client: FlaskClient, as_ada: Headers
) -> None:
    response = client.get(f"{VOTING}?page=2&page_size=1000", headers=as_ada)

    assert response.status_code == 200
    previous = urlsplit(response.get_json()["previous"])
    assert parse_qs(previous.query) == {"page": ["1"], "page_size": ["100"]}
