"""Event lists and details agree on memory, SQLite and PostgreSQL, condition by condition."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Category, Event, EventImage, EventStatus, status_at
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.paging import EventFilter, Page, PageRequest
from eventcore.domain.users import User
from eventcore.domain.views import EventView, UserSummary
from eventcore.ports.unit_of_work import UnitOfWork
from support.references import add_users, examples_on_seeded_data, memory_reference

UowFactory = Callable[[], UnitOfWork]
HOUR = timedelta(hours=1)
MICROSECOND = timedelta(microseconds=1)
INDIA = timezone(timedelta(hours=5, minutes=30))
KIRITIMATI = timezone(timedelta(hours=14))


def _page(
    uow_factory: UowFactory, where: EventFilter | None = None, request: PageRequest | None = None
) -> Page[EventView]:
    with uow_factory() as uow:
        return uow.event_queries.page(where or EventFilter(), request or PageRequest())


def _ids(page: Page[EventView]) -> list[EventId]:
    return [view.event.id for view in page.items]


def test_a_page_shows_each_event_with_creator_category_images_and_participants(
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
) -> None:
    creator = add_user(first_name="Ada", avatar="avatars/1.png")
    guests = [add_user() for _ in range(3)]
    music = add_category("Music", "icon.svg")
    images = (EventImage("x.jpg"), EventImage("y.jpg", is_primary=True))
    event = add_event(creator.id, category_id=music.id, images=images)
    bare = add_event(creator.id, starts_at=event.starts_at + HOUR, organizer=False)
    attend(event.id, guests[0].id)
    attend(event.id, guests[1].id, AttendanceStatus.INTERESTED)
    attend(event.id, guests[2].id, AttendanceStatus.CANCELLED)

    page = _page(uow_factory)

    assert page.total == 2
    first, second = page.items
    assert first == EventView(event, UserSummary.of(creator), 2, music)
    assert first.event.images == images
    assert second == EventView(bare, UserSummary.of(creator), 0, None)


def test_pages_are_ordered_by_start_then_id_and_counted_in_full(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    late = add_event(creator.id, starts_at=now + 3 * HOUR)
    tie_a = add_event(creator.id, starts_at=now + 2 * HOUR)
    early = add_event(creator.id, starts_at=now + HOUR)
    tie_b = add_event(creator.id, starts_at=now + 2 * HOUR)
    everything = [early.id, tie_a.id, tie_b.id, late.id]

    assert _ids(_page(uow_factory)) == everything
    second = _page(uow_factory, request=PageRequest(page=2, page_size=3))
    assert (_ids(second), second.total, second.has_next, second.has_previous) == (
        [late.id],
        4,
        False,
        True,
    )
    beyond = _page(uow_factory, request=PageRequest(page=5, page_size=3))
    assert (_ids(beyond), beyond.total) == ([], 4)


@pytest.mark.parametrize("viewer", [False, True])
def test_every_event_streamed_is_every_event_of_one_page(
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
    now: datetime,
    viewer: bool,
) -> None:
    creator, guest = add_user(), add_user()
    music = add_category("Music", "icon.svg")
    for n in range(7):
        images = tuple(EventImage(f"{n}-{i}.jpg", is_primary=i == 1) for i in range(n % 3))
        # Ties of start, out of id order.
        add_event(creator.id, starts_at=now + (n * 5 % 3) * HOUR, images=images)
    own = add_event(guest.id, is_private=True, category_id=music.id, images=(EventImage("p"),))
    attend(own.id, creator.id)
    where = EventFilter(viewer_id=guest.id if viewer else None)

    with uow_factory() as uow:
        streamed = uow.event_queries.every(where)
        total, items = streamed.total, list(streamed.items)
    whole = _page(uow_factory, where, PageRequest.all_items())

    assert (total, items) == (whole.total, list(whole.items))
    assert total == (8 if viewer else 7)


def test_anonymous_viewers_see_public_events_only(
    add_user: Callable[..., User], add_event: Callable[..., Event], uow_factory: UowFactory
) -> None:
    creator = add_user()
    public = add_event(creator.id)
    add_event(creator.id, is_private=True)
    assert _ids(_page(uow_factory)) == [public.id]


def test_a_private_event_is_seen_by_its_creator_and_its_registered_participants(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator, registered, interested, cancelled, stranger = (add_user() for _ in range(5))
    public = add_event(creator.id, starts_at=now + HOUR)
    private = add_event(creator.id, is_private=True, organizer=False, starts_at=now + 2 * HOUR)
    attend(private.id, registered.id)
    attend(private.id, interested.id, AttendanceStatus.INTERESTED)
    attend(private.id, cancelled.id, AttendanceStatus.CANCELLED)

    def seen_by(user: User) -> list[EventId]:
        return _ids(_page(uow_factory, EventFilter(viewer_id=user.id)))

    assert seen_by(creator) == [public.id, private.id]
    assert seen_by(registered) == [public.id, private.id]
    for outsider in (interested, cancelled, stranger):
        assert seen_by(outsider) == [public.id]
    with uow_factory() as uow:
        assert uow.event_queries.takes_part(private.id, registered.id)
        assert not uow.event_queries.takes_part(private.id, interested.id)
        assert not uow.event_queries.takes_part(private.id, creator.id)  # not an attendee
        assert uow.event_queries.takes_part(public.id, creator.id)  # the organizer


@pytest.mark.parametrize(
    ("needle", "expected"),
    [
        ("jazz", ["title"]),
        ("JAZZ", ["title"]),
        ("quartet", ["description"]),
        ("été", ["title"]),
        ("ÉTÉ", ["title"]),
        ("50%", ["description"]),
        ("a_b", ["underscore"]),
        ("%", ["description"]),
        ("c/d", ["slash"]),
        ("/", ["slash"]),
        ("c//d", []),
        # The escape character of the LIKE pattern is taken literally too.
        ("\\", ["backslash"]),
        ("c\\d", ["backslash"]),
        ("\\\\", []),
        ("\\_", []),
        # Within the search index's reach (three characters or more) FTS5 syntax and
        # quotes are text like any other.
        ('"hi"', ["quote"]),
        ('say "', ["quote"]),
        ("or near(", ["quote"]),
        ("x*)", ["quote"]),
        ("*)", ["quote"]),
        ("", ["title", "description", "underscore", "neither", "slash", "backslash", "quote"]),
        ("nothing like it", []),
    ],
)
def test_search_finds_text_in_title_or_description_in_any_case(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
    needle: str,
    expected: list[str],
) -> None:
    creator = add_user()
    made = {
        "title": add_event(creator.id, title="Jazz d'Été", starts_at=now + HOUR),
        "description": add_event(
            creator.id, title="Plain", description="A QUARTET. 50% off", starts_at=now + 2 * HOUR
        ),
        "underscore": add_event(creator.id, title="a_b", starts_at=now + 3 * HOUR),
        "neither": add_event(creator.id, title="axb", starts_at=now + 4 * HOUR),
        "slash": add_event(creator.id, title="AC/DC night", starts_at=now + 5 * HOUR),
        "backslash": add_event(creator.id, title="ac\\dc", starts_at=now + 6 * HOUR),
        "quote": add_event(creator.id, title='Say "hi" OR NEAR(x*)', starts_at=now + 7 * HOUR),
    }
    found = _ids(_page(uow_factory, EventFilter(search=needle)))
    assert found == [made[name].id for name in expected]


def test_search_follows_every_edit_and_deletion(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    # The SQL adapters find a search's events through an index kept beside the rows.
    creator = add_user()
    chess = add_event(creator.id, title="Chess club", description="Bring a board")
    jazz = add_event(creator.id, title="Jazz night", starts_at=now + HOUR)

    def found(text: str) -> list[EventId]:
        return _ids(_page(uow_factory, EventFilter(search=text)))

    with uow_factory() as uow:
        uow.events.save(attrs.evolve(chess, title="Blitz chess", description="Clocks given"))
        uow.events.save(attrs.evolve(jazz, capacity=40))  # neither text changes
        uow.commit()
    assert found("club") == found("board") == []
    assert found("blitz") == found("clocks") == [chess.id]
    assert found("jazz") == [jazz.id]

    with uow_factory() as uow:
        uow.events.delete(jazz.id)
        uow.commit()
    assert found("jazz") == []
    assert found("chess") == [chess.id]


# Words with quotes, LIKE's wildcards and escape, FTS5's syntax, and letters whose
# lower case is longer or is shared.
_WORDS = (
    "Jazz",
    "jazz",
    "JAM",
    "été",
    "50%",
    "a_b",
    "c\\d",
    '"hi"',
    "NEAR(x*)",
    "Straße",
    "İz",
    "\N{KELVIN SIGN}",  # lower-cased, the letter k
    "k",
)


def test_a_search_counts_and_pages_exactly_the_events_holding_its_text(
    uow_factory: UowFactory, now: datetime
) -> None:
    # The SQL adapters count a search from their index alone when nothing else
    # narrows the list, and find its page by walking the list order when the matches
    # are many or by sorting them when they are few: every way must agree with the
    # memory adapter's substring test, whatever the text.
    reference = memory_reference()
    chosen = random.Random(14)
    texts = [" ".join(chosen.choices(_WORDS, k=chosen.randint(0, 4))) for _ in range(80)]
    users = _seed_texts(uow_factory, now, texts)
    assert _seed_texts(reference, now, texts) == users
    pieces = sorted(
        {text[i : i + k] for text in texts for k in range(1, 7) for i in range(len(text))}
    )

    @examples_on_seeded_data(80)
    @given(
        where=st.builds(
            EventFilter,
            viewer_id=st.none() | st.sampled_from(users),
            # Common words (many matches), any piece of the texts, or any text.
            search=st.sampled_from(_WORDS)
            | st.sampled_from(pieces)
            | st.text(alphabet="".join(_WORDS), max_size=5),
        ),
        request=st.builds(PageRequest, page=st.integers(1, 4), page_size=st.integers(1, 12)),
    )
    def agrees(where: EventFilter, request: PageRequest) -> None:
        expected = _page(reference, where, request)
        actual = _page(uow_factory, where, request)
        assert (actual.total, _ids(actual)) == (expected.total, _ids(expected))

    agrees()


def _seed_texts(uow_factory: UowFactory, now: datetime, texts: Sequence[str]) -> list[UserId]:
    """Two users and 40 events, titled and described by `texts`, one in six private."""
    with uow_factory() as uow:
        users = add_users(uow, now, 2)
        for n in range(40):
            uow.events.add(
                Event(
                    title=texts[n],
                    description=texts[40 + n],
                    creator_id=users[n % 2],
                    starts_at=now + timedelta(hours=(n * 7) % 40),
                    created_at=now,
                    updated_at=now,
                    is_private=n % 6 == 0,
                )
            )
        uow.commit()
    return users


def test_status_follows_now_against_start_and_end(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    upcoming = add_event(creator.id, starts_at=now + timedelta(microseconds=1))
    starting_now = add_event(creator.id, starts_at=now, ends_at=now + HOUR)
    # No end: the default duration (2 h) applies.
    open_ended = add_event(creator.id, starts_at=now - 90 * timedelta(minutes=1))
    ended_now = add_event(creator.id, starts_at=now - HOUR, ends_at=now)
    long_over = add_event(creator.id, starts_at=now - 3 * HOUR)

    def with_status(status: EventStatus, at: datetime = now) -> set[EventId]:
        return set(_ids(_page(uow_factory, EventFilter(status=status, now=at))))

    assert with_status(EventStatus.UPCOMING) == {upcoming.id}
    assert with_status(EventStatus.ONGOING) == {starting_now.id, open_ended.id}
    assert with_status(EventStatus.COMPLETED) == {ended_now.id, long_over.id}
    # A status condition means nothing without the moment it is judged at.
    with pytest.raises(ValueError, match="now"):
        EventFilter(status=EventStatus.UPCOMING)


def test_counts_by_status_split_the_events_at_now_and_at_its_utc_midnight(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    # The SQL adapters count the upcoming events of the days after now's UTC day from
    # a tally per day and the rest of now's day one by one, and the completed ones as
    # what is neither upcoming nor ongoing: the events here sit on either side of
    # each of those lines.
    owner, host, guest, stranger = (add_user() for _ in range(4))
    day = now.replace(hour=0)
    tomorrow = day + timedelta(days=1)
    public = {
        "long over": add_event(owner.id, starts_at=day - timedelta(days=10)),
        "over by now": add_event(owner.id, starts_at=day - HOUR, ends_at=day + HOUR),
        "across midnight": add_event(owner.id, starts_at=day - HOUR, ends_at=now + HOUR),
        "this morning": add_event(owner.id, starts_at=day + 6 * HOUR, ends_at=day + 7 * HOUR),
        "going on": add_event(owner.id, starts_at=now - HOUR),
        "starting now": add_event(owner.id, starts_at=now, ends_at=now + HOUR),
        "just after": add_event(owner.id, starts_at=now + MICROSECOND),
        "last moment": add_event(owner.id, starts_at=tomorrow - MICROSECOND),
        "at midnight": add_event(owner.id, starts_at=tomorrow),
        # Their zones' dates are the next day's; their UTC days come first.
        "tonight, told in India": add_event(
            owner.id, starts_at=(day + 19 * HOUR).astimezone(INDIA)
        ),
        "tomorrow, told in Kiritimati": add_event(
            owner.id, starts_at=(tomorrow + 18 * HOUR).astimezone(KIRITIMATI)
        ),
        "in ten days": add_event(owner.id, starts_at=day + timedelta(days=10)),
    }
    theirs = add_event(owner.id, is_private=True, starts_at=day + 15 * HOUR)
    their_past = add_event(owner.id, is_private=True, starts_at=day - timedelta(days=2))
    invited_to = add_event(host.id, is_private=True, starts_at=tomorrow + 9 * HOUR)
    invited_now = add_event(host.id, is_private=True, starts_at=now - HOUR / 2, ends_at=now + HOUR)
    hosts_alone = add_event(host.id, is_private=True, starts_at=day + 20 * HOUR)
    for event in (invited_to, invited_now):
        attend(event.id, guest.id)
    seen = list(public.values())
    sees = {
        None: seen,
        owner.id: [*seen, theirs, their_past],
        host.id: [*seen, invited_to, invited_now, hosts_alone],
        guest.id: [*seen, invited_to, invited_now],
        stranger.id: seen,
    }

    def counted(viewer_id: UserId | None, status: EventStatus, at: datetime) -> tuple[int, int]:
        """The list's count, and the events on its one page."""
        where = EventFilter(viewer_id=viewer_id, status=status, now=at)
        page = _page(uow_factory, where, PageRequest.all_items())
        return page.total, len(page.items)

    def expected(viewer_id: UserId | None, status: EventStatus, at: datetime) -> int:
        return sum(status_at(at, e.starts_at, e.ends_at) is status for e in sees[viewer_id])

    at_noon = {
        (viewer, status): counted(viewer, status, now)[0]
        for viewer in (None, owner.id, guest.id)
        for status in EventStatus
    }
    assert at_noon == {
        (None, EventStatus.UPCOMING): 6,
        (None, EventStatus.ONGOING): 3,
        (None, EventStatus.COMPLETED): 3,
        (owner.id, EventStatus.UPCOMING): 7,
        (owner.id, EventStatus.ONGOING): 3,
        (owner.id, EventStatus.COMPLETED): 4,
        (guest.id, EventStatus.UPCOMING): 7,
        (guest.id, EventStatus.ONGOING): 4,
        (guest.id, EventStatus.COMPLETED): 3,
    }
    moments = [
        now,
        now.astimezone(KIRITIMATI),  # the same moment, on the next day's date there
        (tomorrow + 9 * HOUR).astimezone(timezone(-10 * HOUR)),  # on the day before's
        day,
        day - HOUR / 2,
        tomorrow - MICROSECOND,
        tomorrow,
        tomorrow + MICROSECOND,
        tomorrow + 9 * HOUR,
        day - timedelta(days=30),
        day + timedelta(days=30),
    ]
    for at in moments:
        for viewer in sees:
            for status in EventStatus:
                total = expected(viewer, status, at)
                assert counted(viewer, status, at) == (total, total), (at, viewer, status)


def test_creator_category_and_pincode_conditions_combine(
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    ada, bob = add_user(), add_user()
    music, art = add_category("Music"), add_category("Art")
    a1 = add_event(ada.id, category_id=music.id, pincode="560001", starts_at=now + HOUR)
    a2 = add_event(ada.id, category_id=art.id, pincode="560001", starts_at=now + 2 * HOUR)
    b1 = add_event(bob.id, category_id=music.id, pincode="", starts_at=now + 3 * HOUR)

    def matching(**conditions: Any) -> list[EventId]:
        return _ids(_page(uow_factory, EventFilter(**conditions)))

    assert matching(creator_id=ada.id) == [a1.id, a2.id]
    assert matching(category_id=music.id) == [a1.id, b1.id]
    assert matching(pincode="560001") == [a1.id, a2.id]
    assert matching(pincode="") == [b1.id]
    assert matching(creator_id=ada.id, category_id=music.id) == [a1.id]
    assert matching(creator_id=bob.id, pincode="560001") == []
    assert matching(category_id=CategoryId(999)) == []


def test_start_and_overlap_windows_are_half_open(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    first = add_event(creator.id, starts_at=now, ends_at=now + HOUR)
    second = add_event(creator.id, starts_at=now + HOUR)  # ends at now + 3h by default
    third = add_event(creator.id, starts_at=now + 4 * HOUR, ends_at=now + 5 * HOUR)

    def matching(**conditions: Any) -> list[EventId]:
        return _ids(_page(uow_factory, EventFilter(**conditions)))

    assert matching(starts_from=now + HOUR) == [second.id, third.id]
    assert matching(starts_before=now + HOUR) == [first.id]
    assert matching(starts_from=now, starts_before=now + 4 * HOUR) == [first.id, second.id]
    assert matching(overlaps_from=now + HOUR) == [second.id, third.id]
    assert matching(overlaps_from=now + 3 * HOUR) == [third.id]
    assert matching(overlaps_before=now + HOUR) == [first.id]
    assert matching(overlaps_from=now + 2 * HOUR, overlaps_before=now + 4 * HOUR) == [second.id]
    assert matching(overlaps_from=now + 5 * HOUR) == []


def test_details_list_registered_participants_in_joining_order(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
) -> None:
    creator, late, early, undecided = (add_user() for _ in range(4))
    event = add_event(creator.id, images=(EventImage("p.png", is_primary=True),))
    attend(event.id, early.id)
    attend(event.id, undecided.id, AttendanceStatus.INTERESTED)
    attend(event.id, late.id)

    with uow_factory() as uow:
        details = uow.event_queries.details(event.id)
        assert uow.event_queries.details(EventId(999_999)) is None
    assert details is not None
    assert details.view == EventView(event, UserSummary.of(creator), 3, None)
    assert details.participants == tuple(UserSummary.of(u) for u in (creator, early, late))


def test_a_view_is_the_details_without_participants_and_counts_registered_only(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
) -> None:
    creator, going, waiting = (add_user() for _ in range(3))
    event = add_event(creator.id, images=(EventImage("p.png", is_primary=True),))
    attend(event.id, going.id)
    attend(event.id, waiting.id, AttendanceStatus.WAITLISTED)

    with uow_factory() as uow:
        view = uow.event_queries.view(event.id)
        details = uow.event_queries.details(event.id)
        assert uow.event_queries.view(EventId(999_999)) is None
    assert details is not None
    assert view == details.view == EventView(event, UserSummary.of(creator), 2, None)


# --- every condition at once, against the memory adapter as reference --------------


def _seed(uow_factory: UowFactory, now: datetime) -> tuple[list[UserId], list[CategoryId]]:
    """A fixed mix of users, categories, events and attendances, the same on any backend."""
    with uow_factory() as uow:
        users = add_users(uow, now, 4)
        categories = [uow.categories.add(Category(name=name)).id for name in ("Music", "Art")]
        for n in range(24):
            event = uow.events.add(
                Event(
                    title=("Jazz " if n % 3 == 0 else "Talk ") + str(n),
                    description="quiet ÉVENING" if n % 4 == 0 else "",
                    creator_id=users[n % 3],
                    starts_at=now + timedelta(hours=(n * 7) % 30 - 10),
                    ends_at=None if n % 2 else now + timedelta(hours=(n * 7) % 30 - 10 + n % 5 + 1),
                    created_at=now,
                    updated_at=now,
                    category_id=categories[n % 2] if n % 3 else None,
                    pincode=("560001", "411001", "")[n % 3],
                    is_private=n % 5 == 0,
                )
            )
            if n % 4 == 1:
                uow.attendances.add(
                    Attendance(
                        event_id=event.id,
                        user_id=users[3],
                        status=AttendanceStatus.REGISTERED,
                        created_at=now,
                        updated_at=now,
                    )
                )
        uow.commit()
    return users, categories


def test_any_combination_of_conditions_matches_the_memory_adapter(
    uow_factory: UowFactory, now: datetime
) -> None:
    reference = memory_reference()
    users, categories = _seed(uow_factory, now)
    assert _seed(reference, now) == (users, categories)
    moments = st.sampled_from([now + timedelta(hours=h) for h in range(-12, 24, 3)])

    @examples_on_seeded_data(60)
    @given(
        where=st.builds(
            EventFilter,
            viewer_id=st.none() | st.sampled_from(users),
            search=st.none() | st.sampled_from(["jazz", "EVEN", "1", "", "é"]),
            status=st.none() | st.sampled_from(EventStatus),
            now=moments,
            creator_id=st.none() | st.sampled_from(users),
            category_id=st.none() | st.sampled_from(categories),
            pincode=st.none() | st.sampled_from(["560001", "", "000000"]),
            starts_from=st.none() | moments,
            starts_before=st.none() | moments,
            overlaps_from=st.none() | moments,
            overlaps_before=st.none() | moments,
        ),
        request=st.builds(PageRequest, page=st.integers(1, 3), page_size=st.integers(1, 10)),
    )
    def agrees(where: EventFilter, request: PageRequest) -> None:
        expected = _page(reference, where, request)
        actual = _page(uow_factory, where, request)
        assert (actual.total, _summaries(actual.items)) == (
            expected.total,
            _summaries(expected.items),
        )

    agrees()


def _summaries(views: Sequence[EventView]) -> list[tuple[EventId, int, UserId]]:
    return [(v.event.id, v.participant_count, v.creator.id) for v in views]
