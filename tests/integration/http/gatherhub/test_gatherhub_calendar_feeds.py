"""GatherHub's calendar feeds: one event as .ics, a person's private feed opened by its
token alone, the public feed; each read back with `icalendar` (and once with `ical`) and
compared field by field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient

from eventcore.adapters.clock import FixedClock
from eventcore.bootstrap import memory_core
from eventcore.core import Core
from eventcore.domain.ids import EventId, UserId
from eventcore.settings import Settings
from eventcore.usecases import interests
from support.calendars import events_by_uid, read_calendar, read_independently
from support.constants import T0
from support.gatherhub import sign_up

JsonBody = dict[str, Any]
Headers = dict[str, str]

TRICKY_TITLE = "Jazz, blues; and more — Café “Zum Löwen” 🎷"
TRICKY_TEXT = (
    "Line one, with a comma; and a semicolon.\nLine two: back\\slash and ümlauts.\n"
    + "A long line that goes on and on so that it must be folded by the writer " * 3
)


def path_of(url: str) -> str:
    return url.removeprefix("http://localhost")


def only_event(client: FlaskClient, event_id: int, headers: Headers | None = None) -> Any:
    calendar = read_calendar(client.get(f"/api/v1/events/{event_id}/calendar.ics", headers=headers))
    (vevent,) = calendar.events
    return vevent


def make_feed(client: FlaskClient, headers: Headers) -> JsonBody:
    response = client.post("/api/v1/calendar/feed/", headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    link: JsonBody = response.get_json()
    return link


# --- one event --------------------------------------------------------------------


def test_an_event_as_icalendar_carries_every_field_and_round_trips_its_text(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    made = create_event(
        as_ada,
        title=TRICKY_TITLE,
        description=TRICKY_TEXT,
        location="Keller, Hinterhof; links",
        latitude=52.52,
        longitude=13.405,
    )
    vevent = only_event(client, made["id"])

    assert str(vevent["SUMMARY"]) == TRICKY_TITLE
    assert str(vevent["DESCRIPTION"]) == TRICKY_TEXT
    assert str(vevent["LOCATION"]) == "Keller, Hinterhof; links"
    assert vevent.start == datetime(2027, 5, 2, 18, tzinfo=UTC)
    assert vevent.end == datetime(2027, 5, 2, 20, tzinfo=UTC)  # two hours when no end is given
    assert vevent.uid == f"event-{made['id']}-20270501T120000Z@eventcore"
    assert str(vevent["URL"]) == f"http://localhost/api/v1/events/{made['id']}/"
    assert vevent["CREATED"].dt == T0
    assert vevent["LAST-MODIFIED"].dt == T0
    assert vevent["DTSTAMP"].dt == T0
    assert vevent.sequence == 0
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["TRANSP"]) == "OPAQUE"
    geo = vevent["GEO"]
    assert (geo.latitude, geo.longitude) == (52.52, 13.405)


def test_the_uid_stays_and_the_sequence_grows_when_the_event_changes(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    create_event: Callable[..., JsonBody],
) -> None:
    made = create_event(as_ada)
    first = only_event(client, made["id"], as_ada)
    assert only_event(client, made["id"]).uid == first.uid

    clock.advance(timedelta(minutes=5))
    changed = client.patch(
        f"/api/v1/events/{made['id']}/", headers=as_ada, json={"title": "Jazz night, later"}
    )
    assert changed.status_code == 200, changed.get_data(as_text=True)
    second = only_event(client, made["id"])

    assert second.uid == first.uid
    assert second.sequence > first.sequence
    assert str(second["SUMMARY"]) == "Jazz night, later"
    assert second["LAST-MODIFIED"].dt == T0 + timedelta(minutes=5)
    assert second["CREATED"].dt == T0


def test_a_cancelled_event_says_so(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    made = create_event(as_ada)
    cancelled = client.patch(
        f"/api/v1/events/{made['id']}/",
        headers=as_ada,
        json={"event_status": "cancelled", "cancelled_reason": "Rain"},
    )
    assert cancelled.status_code == 200, cancelled.get_data(as_text=True)
    assert str(only_event(client, made["id"])["STATUS"]) == "CANCELLED"


def test_a_private_event_is_a_404_to_anyone_who_may_not_see_it(
    client: FlaskClient,
    as_ada: Headers,
    as_bob: Headers,
    create_event: Callable[..., JsonBody],
    assert_error: Callable[..., JsonBody],
) -> None:
    made = create_event(as_ada, is_private=True)
    path = f"/api/v1/events/{made['id']}/calendar.ics"

    assert_error(client.get(path), 404, code="not_found")
    assert_error(client.get(path, headers=as_bob), 404, code="not_found")
    assert only_event(client, made["id"], as_ada).uid.startswith(f"event-{made['id']}-")
    assert_error(client.get("/api/v1/events/999999/calendar.ics"), 404, code="not_found")


def test_a_bad_bearer_token_on_the_event_calendar_is_a_401(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    made = create_event(as_ada)
    response = client.get(
        f"/api/v1/events/{made['id']}/calendar.ics", headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401


# --- time zones and days ----------------------------------------------------------


@pytest.fixture
def berlin(clock: FixedClock) -> Core:
    settings = Settings(secret_key="k" * 64, timezone=ZoneInfo("Europe/Berlin"))
    return memory_core(clock=clock, settings=settings)


@pytest.fixture
def berlin_client(berlin: Core, make_app: Callable[[Core], Flask]) -> FlaskClient:
    return make_app(berlin).test_client()


def _event(client: FlaskClient, headers: Headers, **fields: Any) -> int:
    response = client.post("/api/v1/events/", headers=headers, json={"title": "T", **fields})
    assert response.status_code == 201, response.get_data(as_text=True)
    made: int = response.get_json()["id"]
    return made


def test_times_are_written_in_the_configured_zone_at_the_right_hour_across_daylight_saving(
    berlin_client: FlaskClient,
) -> None:
    _, headers = sign_up(berlin_client, "ada")
    # Europe/Berlin leaves summer time on 2027-10-31 at 03:00: 10:00 is 08:00Z before
    # and 09:00Z after.
    before = _event(berlin_client, headers, date="2027-10-30T08:00:00Z")
    after = _event(berlin_client, headers, date="2027-11-01T09:00:00Z")
    across = _event(
        berlin_client, headers, date="2027-10-30T20:00:00Z", end_date="2027-10-31T09:00:00Z"
    )
    link = make_feed(berlin_client, headers)
    response = berlin_client.get(path_of(link["url"]))
    calendar = read_calendar(response)

    (zone,) = calendar.timezones
    assert zone.tz_name == "Europe/Berlin"
    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    found = {int(str(e.uid).split("-")[1]): e for e in calendar.events}
    for event_id in (before, after):
        start = found[event_id].start
        assert str(start.tzinfo) == "Europe/Berlin"
        assert (start.hour, start.minute) == (10, 0)
        assert found[event_id]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert found[before].start.utcoffset() == timedelta(hours=2)
    assert found[after].start.utcoffset() == timedelta(hours=1)
    # 22:00 summer time to 10:00 winter time: thirteen real hours.
    assert (found[across].start.hour, found[across].end.hour) == (22, 10)
    real = found[across].end.astimezone(UTC) - found[across].start.astimezone(UTC)
    assert real == timedelta(hours=13)

    # A second parser, written independently, reads the same instants from the same text.
    independent = {e.uid: e for e in read_independently(response).timeline}
    assert independent.keys() == {str(e.uid) for e in calendar.events}
    for event in calendar.events:
        other = independent[str(event.uid)]
        assert other.dtstart.astimezone(UTC) == event.start.astimezone(UTC)
        assert other.dtend.astimezone(UTC) == event.end.astimezone(UTC)
        assert other.summary == str(event["SUMMARY"])
        assert other.sequence == event.sequence


def test_midnight_to_midnight_events_are_whole_days_and_multi_day_events_keep_their_days(
    berlin_client: FlaskClient,
) -> None:
    _, headers = sign_up(berlin_client, "ada")
    # Midnight to midnight in Berlin (summer time: 22:00Z the day before).
    festival = _event(
        berlin_client, headers, date="2027-06-30T22:00:00Z", end_date="2027-07-02T22:00:00Z"
    )
    trip = _event(
        berlin_client, headers, date="2027-07-10T16:00:00Z", end_date="2027-07-12T08:00:00Z"
    )
    whole = only_event(berlin_client, festival, headers)
    assert whole["DTSTART"].params.get("VALUE") == "DATE"
    assert (whole.start, whole.end) == (date(2027, 7, 1), date(2027, 7, 3))

    days = only_event(berlin_client, trip, headers)
    assert days.start == datetime(2027, 7, 10, 18, tzinfo=ZoneInfo("Europe/Berlin"))
    assert days.end == datetime(2027, 7, 12, 10, tzinfo=ZoneInfo("Europe/Berlin"))


def test_the_utc_default_writes_utc_times_without_a_vtimezone(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    made = create_event(as_ada)
    calendar = read_calendar(client.get(f"/api/v1/events/{made['id']}/calendar.ics"))
    assert calendar.timezones == []
    assert b"DTSTART:20270502T180000Z" in calendar.to_ical()


# --- the private feed -------------------------------------------------------------


def test_a_feed_is_made_once_seen_again_and_opened_by_its_url_alone(
    client: FlaskClient, as_ada: Headers, assert_error: Callable[..., JsonBody]
) -> None:
    assert_error(client.get("/api/v1/calendar/feed/", headers=as_ada), 404, code="not_found")
    link = make_feed(client, as_ada)

    assert link["url"].startswith("http://localhost/api/v1/calendar/feeds/")
    assert link["url"].endswith(".ics")
    assert link["webcal_url"] == "webcal://" + link["url"].removeprefix("http://")
    assert link["created_at"] == "2027-05-01T12:00:00Z"
    again = client.post("/api/v1/calendar/feed/", headers=as_ada)
    assert again.status_code == 200
    assert again.get_json() == link
    assert client.get("/api/v1/calendar/feed/", headers=as_ada).get_json() == link
    assert read_calendar(client.get(path_of(link["url"]))).events == []


def test_the_feed_management_needs_a_bearer_token(client: FlaskClient) -> None:
    for method in ("get", "post", "delete"):
        assert getattr(client, method)("/api/v1/calendar/feed/").status_code == 401
    assert client.post("/api/v1/calendar/feed/rotate/").status_code == 401


def test_the_feed_lists_what_the_person_made_joined_or_is_interested_in(
    client: FlaskClient,
    core: Core,
    clock: FixedClock,
    ada: JsonBody,
    as_ada: Headers,
    as_bob: Headers,
    create_event: Callable[..., JsonBody],
) -> None:
    own = create_event(as_ada, title="Ada's own")
    joined = create_event(as_bob, title="Bob's, joined", date="2027-05-03T18:00:00Z")
    assert client.post(f"/api/v1/events/{joined['id']}/join/", headers=as_ada).status_code == 200
    liked = create_event(as_bob, title="Bob's, interesting", date="2027-05-04T18:00:00Z")
    interests.show_interest(
        core.uow(),
        core.clock,
        UserId(ada["user"]["id"]),
        UserId(ada["user"]["id"]),
        EventId(liked["id"]),
    )
    create_event(as_ada, title="Ada's private", is_private=True)
    left = create_event(as_bob, title="Bob's, left")
    client.post(f"/api/v1/events/{left['id']}/join/", headers=as_ada)
    assert client.post(f"/api/v1/events/{left['id']}/leave/", headers=as_ada).status_code == 200
    create_event(as_bob, title="Bob's alone")
    link = make_feed(client, as_ada)

    calendar = read_calendar(client.get(path_of(link["url"])))
    summaries = [str(event["SUMMARY"]) for event in calendar.events]
    assert summaries == [
        "Ada's own",
        "Ada's private",
        "Bob's, joined",
        "Bob's, interesting",
    ]
    transparency = {str(e["SUMMARY"]): str(e["TRANSP"]) for e in calendar.events}
    assert transparency["Bob's, interesting"] == "TRANSPARENT"
    assert transparency["Ada's own"] == "OPAQUE"
    # The same UID as the event's own .ics.
    assert events_by_uid(calendar).keys() >= {only_event(client, own["id"]).uid}

    # Four weeks after an event it is still there; five weeks after, it is gone.
    clock.advance(timedelta(weeks=4))
    assert len(read_calendar(client.get(path_of(link["url"]))).events) == 4
    clock.advance(timedelta(weeks=1))
    assert read_calendar(client.get(path_of(link["url"]))).events == []


def test_rotating_kills_the_old_url_at_once_and_revoking_kills_the_feed(
    client: FlaskClient, as_ada: Headers, assert_error: Callable[..., JsonBody]
) -> None:
    old = make_feed(client, as_ada)
    rotated = client.post("/api/v1/calendar/feed/rotate/", headers=as_ada)
    assert rotated.status_code == 200
    new = rotated.get_json()
    assert new["url"] != old["url"]

    assert_error(client.get(path_of(old["url"])), 404, code="not_found", field="token")
    assert client.get(path_of(new["url"])).status_code == 200
    assert client.get("/api/v1/calendar/feed/", headers=as_ada).get_json() == new

    assert client.delete("/api/v1/calendar/feed/", headers=as_ada).status_code == 204
    assert_error(client.get(path_of(new["url"])), 404, code="not_found")
    assert_error(client.get("/api/v1/calendar/feed/", headers=as_ada), 404)
    assert_error(client.delete("/api/v1/calendar/feed/", headers=as_ada), 404)


@pytest.mark.parametrize(
    "token",
    [
        "nope",
        "A" * 43,
        "A" * 42 + "=",
        "%00" * 43,
        "A" * 4000,
    ],
)
def test_a_wrong_token_is_a_404_in_the_envelope(
    client: FlaskClient, as_ada: Headers, token: str, assert_error: Callable[..., JsonBody]
) -> None:
    make_feed(client, as_ada)
    assert_error(client.get(f"/api/v1/calendar/feeds/{token}.ics"), 404, code="not_found")


def test_a_feed_answers_304_to_a_client_that_has_it_and_changes_when_the_feed_does(
    client: FlaskClient,
    clock: FixedClock,
    as_ada: Headers,
    as_bob: Headers,
    create_event: Callable[..., JsonBody],
) -> None:
    create_event(as_ada)
    link = make_feed(client, as_ada)
    path = path_of(link["url"])
    first = client.get(path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert modified == "Sat, 01 May 2027 12:00:00 GMT"

    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        cached = client.get(path, headers=headers)
        assert cached.status_code == 304
        assert cached.get_data() == b""
        assert cached.headers["ETag"] == etag
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200

    clock.advance(timedelta(minutes=30))
    other = create_event(as_bob, title="Another")
    assert client.post(f"/api/v1/events/{other['id']}/join/", headers=as_ada).status_code == 200
    changed = client.get(path, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert changed.headers["Last-Modified"] == "Sat, 01 May 2027 12:30:00 GMT"
    assert len(read_calendar(changed).events) == 2
    assert changed.headers["Cache-Control"] == "private, no-cache"


def test_a_disabled_account_has_no_feed(
    client: FlaskClient, core: Core, ada: JsonBody, as_ada: Headers
) -> None:
    link = make_feed(client, as_ada)
    with core.uow() as uow:
        user = uow.users.get(UserId(ada["user"]["id"]))
        assert user is not None
        user.is_active = False
        uow.users.save(user)
        uow.commit()
    assert client.get(path_of(link["url"])).status_code == 404


# --- the public feed --------------------------------------------------------------


def test_the_public_feed_shows_public_upcoming_events_filtered_like_the_list(
    client: FlaskClient,
    core: Core,
    clock: FixedClock,
    as_ada: Headers,
    create_event: Callable[..., JsonBody],
) -> None:
    from eventcore.usecases import categories

    music = categories.create_category(core.uow(), "Music")
    create_event(as_ada, title="Soon", date="2027-05-01T13:00:00Z", category=music.id)
    create_event(as_ada, title="Later", date="2027-06-10T18:00:00Z", pincode="10115")
    create_event(as_ada, title="Hidden", is_private=True)
    create_event(as_ada, title="Started", date="2027-05-01T12:30:00Z")
    clock.advance(timedelta(hours=0.75))  # "Started" has begun

    def titles(query: str = "") -> list[str]:
        feed = read_calendar(client.get(f"/api/v1/calendar/public.ics{query}"))
        return [str(event["SUMMARY"]) for event in feed.events]

    assert titles() == ["Soon", "Later"]
    assert titles(f"?category={music.id}") == ["Soon"]
    assert titles("?pincode=10115") == ["Later"]
    assert titles("?date_from=2027-06-10&date_to=2027-06-10") == ["Later"]
    assert titles("?search=soo") == ["Soon"]
    feed = read_calendar(client.get(f"/api/v1/calendar/public.ics?category={music.id}"))
    assert [str(c) for c in feed.events[0]["CATEGORIES"].cats] == ["Music"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("date_from=soon", "date_from"),
        ("date_to=2027-13-01", "date_to"),
        ("category=0", "category"),
        ("category=99999999999", "category"),
        ("creator=x", "creator"),
        ("search=" + "a" * 201, "search"),
    ],
)
def test_a_bad_public_feed_filter_is_a_400_naming_it(
    client: FlaskClient, query: str, field: str, assert_error: Callable[..., JsonBody]
) -> None:
    assert_error(client.get(f"/api/v1/calendar/public.ics?{query}"), 400, field=field)


def test_the_public_feed_answers_304_too(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    create_event(as_ada)
    first = client.get("/api/v1/calendar/public.ics")
    assert first.headers["Cache-Control"] == "public, no-cache"
    again = client.get(
        "/api/v1/calendar/public.ics", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


# --- the document -----------------------------------------------------------------


def test_the_openapi_document_describes_the_feeds_as_text_calendar(client: FlaskClient) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/events/{event_id}/calendar.ics",
        "/api/v1/calendar/feeds/{token}.ics",
        "/api/v1/calendar/public.ics",
    ):
        ok = paths[path]["get"]["responses"]["200"]
        assert set(ok["content"]) == {"text/calendar"}, path
        assert {"ETag", "Last-Modified"} <= set(ok["headers"]), path
        assert "304" in paths[path]["get"]["responses"], path
    feed = paths["/api/v1/calendar/feed/"]
    assert set(feed) == {"get", "post", "delete"}
    assert "post" in paths["/api/v1/calendar/feed/rotate/"]


def test_any_change_to_an_event_changes_the_etag_even_within_the_same_instant(
    client: FlaskClient, as_ada: Headers, create_event: Callable[..., JsonBody]
) -> None:
    made = create_event(as_ada)
    link = make_feed(client, as_ada)
    path = path_of(link["url"])
    first = client.get(path)
    assert client.get(path).get_data() == first.get_data()

    # The test clock stands still: the change carries the same updated_at.
    patched = client.patch(f"/api/v1/events/{made['id']}/", headers=as_ada, json={"title": "New"})
    assert patched.status_code == 200
    changed = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200
    assert [str(e["SUMMARY"]) for e in read_calendar(changed).events] == ["New"]
