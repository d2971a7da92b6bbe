"""Feed tokens and calendar entries behave alike on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import attrs

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Category, Event, EventImage
from eventcore.domain.feeds import CalendarEntry, FeedToken
from eventcore.domain.paging import EventFilter
from eventcore.domain.users import User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]


def test_one_feed_token_per_user_found_by_its_digest_and_replaced_on_save(
    uow_factory: UowFactory, add_user: Callable[..., User], now: datetime
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    first = FeedToken(user_id=ada.id, token_hash="a" * 64, salt="s1", created_at=now)
    with uow_factory() as uow:
        uow.feed_tokens.save(first)
        uow.feed_tokens.save(
            FeedToken(user_id=bob.id, token_hash="b" * 64, salt="s", created_at=now)
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.feed_tokens.get("a" * 64) == first
        assert uow.feed_tokens.for_user(ada.id) == first
        assert uow.feed_tokens.get("\x00") is None
        later = attrs.evolve(first, token_hash="c" * 64, salt="s2", created_at=now + timedelta(1))
        uow.feed_tokens.save(later)
        uow.commit()
    with uow_factory() as uow:
        assert uow.feed_tokens.get("a" * 64) is None
        assert uow.feed_tokens.get("c" * 64) == later
        assert uow.feed_tokens.for_user(ada.id) == later
        uow.feed_tokens.delete_for_user(ada.id)
        uow.feed_tokens.delete_for_user(ada.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.feed_tokens.for_user(ada.id) is None
        assert uow.feed_tokens.for_user(bob.id) is not None


def test_a_persons_entries_are_what_they_made_joined_or_are_interested_in_from_a_moment_on(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    add_category: Callable[..., Category],
    attend: Callable[..., Attendance],
    now: datetime,
) -> None:
    ada, bob = add_user(username="ada"), add_user(username="bob")
    music = add_category("Music")
    day = timedelta(days=1)
    own = add_event(ada.id, title="own", starts_at=now + 3 * day, category_id=music.id)
    staff = add_event(ada.id, title="no seat", starts_at=now + 4 * day, organizer=False)
    joined = add_event(bob.id, title="joined", starts_at=now + day, is_private=True)
    attend(joined.id, ada.id)
    liked = add_event(
        bob.id, title="liked", starts_at=now + 2 * day, images=(EventImage("x.png", True),)
    )
    interest = attend(liked.id, ada.id, AttendanceStatus.INTERESTED)
    left = add_event(bob.id, title="left", starts_at=now + day)
    attend(left.id, ada.id, AttendanceStatus.CANCELLED)
    add_event(bob.id, title="bob's", starts_at=now + day)
    old = add_event(bob.id, title="over", starts_at=now - 2 * day, ends_at=now - day)
    attend(old.id, ada.id)

    with uow_factory() as uow:
        entries = uow.calendar_entries.person(ada.id, now - day / 2, 100)
        assert [e.event.title for e in entries] == ["joined", "liked", "own", "no seat"]
        by_title = {e.event.title: e for e in entries}
        assert by_title["liked"] == CalendarEntry(
            event=attrs.evolve(liked, images=()),
            interested_only=True,
            changed_at=interest.updated_at,
        )
        assert by_title["own"].category == "Music"
        assert by_title["own"].event == own
        assert by_title["no seat"].event == staff
        assert not by_title["joined"].interested_only
        assert [e.event.title for e in uow.calendar_entries.person(ada.id, now - 3 * day, 2)] == [
            "over",
            "joined",
        ]
        assert [e.event.title for e in uow.calendar_entries.person(bob.id, now, 100)] == [
            "joined",
            "left",
            "bob's",
            "liked",
        ]


def test_matching_entries_follow_the_list_filter_soonest_first_up_to_the_limit(
    uow_factory: UowFactory,
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    add_category: Callable[..., Category],
    now: datetime,
) -> None:
    ada = add_user(username="ada")
    music = add_category("Music")
    hour = timedelta(hours=1)
    add_event(ada.id, title="c", starts_at=now + 3 * hour, category_id=music.id)
    add_event(ada.id, title="a", starts_at=now + hour, pincode="10115")
    add_event(ada.id, title="b", starts_at=now + 2 * hour, category_id=music.id)
    add_event(ada.id, title="secret", starts_at=now + hour, is_private=True)

    with uow_factory() as uow:
        assert [e.event.title for e in uow.calendar_entries.matching(EventFilter(), 10)] == [
            "a",
            "b",
            "c",
        ]
        music_only = uow.calendar_entries.matching(EventFilter(category_id=music.id), 1)
        assert [(e.event.title, e.category) for e in music_only] == [("b", "Music")]
        assert [
            e.event.title for e in uow.calendar_entries.matching(EventFilter(pincode="10115"), 10)
        ] == ["a"]
