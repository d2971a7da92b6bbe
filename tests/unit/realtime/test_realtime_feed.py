"""Stamped notices, their wire format between processes, and the in-process notifier."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.feed import Listeners, decode, encode
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.domain.ids import EventId, OptionId, PollId, TaskId, UserId
from eventcore.domain.notices import (
    NOTICE_TYPES,
    BallotCast,
    EventCreated,
    EventFacts,
    EventLeft,
    EventUpdated,
    Notice,
    PollCounted,
    TaskUpdated,
)
from eventcore.domain.planning_views import EventRef, PollView
from eventcore.domain.tasks import Task, TaskPriority, TaskStatus
from eventcore.domain.views import UserSummary
from eventcore.domain.voting import Poll, PollOption, PollStatus
from eventcore.ports.notifier import NoticeFeed, StampedNotice
from support.constants import T0

FACTS = EventFacts(EventId(1), "Jazz", 3)


def created(audience: frozenset[UserId] | None = None) -> EventCreated:
    return EventCreated(event=FACTS, audience=audience)


def test_a_notice_survives_the_wire_with_its_audience_and_time() -> None:
    notice = BallotCast(
        poll_id=PollId(4),
        title="Lunch",
        event_id=EventId(1),
        user_id=UserId(2),
        total_votes=5,
        audience=frozenset({UserId(2), UserId(9)}),
    )
    stamped = StampedNotice(notice, T0)

    assert decode(encode(stamped)) == stamped


def test_a_public_notice_keeps_no_audience_on_the_wire() -> None:
    assert decode(encode(StampedNotice(created(), T0))).notice.audience is None


def test_entities_and_views_in_a_notice_come_back_as_they_were() -> None:
    task = Task(
        id=TaskId(3),
        event_id=EventId(1),
        title="Chairs",
        creator_id=UserId(1),
        created_at=T0,
        updated_at=T0,
        status=TaskStatus.COMPLETED,
        priority=TaskPriority.HIGH,
        due_date=datetime(2030, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
        completed_at=T0,
    )
    options = (PollOption(id=OptionId(7), text="Pizza", position=0),)
    poll = Poll(
        id=PollId(2),
        event_id=EventId(1),
        creator_id=UserId(1),
        title="Lunch",
        options=options,
        ends_at=T0 + timedelta(days=1),
        created_at=T0,
    )
    view = PollView(
        poll=poll,
        event=EventRef(EventId(1), "Jazz", T0),
        creator=UserSummary(UserId(1), "ada", "Ada", "", "ada@example.org", None),
        counts={OptionId(7): 2},
        total_votes=2,
    )
    for notice in (
        TaskUpdated(task=task),
        PollCounted(view=view, status=PollStatus.ACTIVE, audience=frozenset({UserId(1)})),
    ):
        assert decode(encode(StampedNotice(notice, T0))).notice == notice


def test_every_kind_of_notice_has_its_own_name_on_the_wire() -> None:
    names = [kind.__name__ for kind in NOTICE_TYPES]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"kind": "event_created"}',
        '{"kind": "nothing", "notice": {}, "at": "2027-05-01T12:00:00+00:00"}',
        '{"kind": "event_created", "notice": {"event": 1}, "at": "2027-05-01T12:00:00+00:00"}',
        '{"kind": "event_created", "notice": {"event": {"id": 1, "title": "x", '
        '"participant_count": 1}, "audience": null}, "at": "yesterday"}',
    ],
)
def test_anything_else_on_the_wire_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not a notice: "):
        decode(text)


def test_a_notice_with_an_audience_reaches_only_its_members() -> None:
    private = StampedNotice(created(frozenset({UserId(1), UserId(2)})), T0)
    public = StampedNotice(created(), T0)

    assert [private.may_reach(user) for user in (1, 2, 3)] == [True, True, False]
    assert public.may_reach(3)


def test_listeners_all_hear_a_notice_even_when_one_fails() -> None:
    listeners, heard = Listeners(), []

    def broken(stamped: StampedNotice) -> None:
        raise RuntimeError("listener bug")

    listeners.add(broken)
    remove = listeners.add(heard.append)
    stamped = StampedNotice(created(), T0)
    listeners.deliver(stamped)
    remove()
    remove()  # twice is harmless
    listeners.deliver(stamped)

    assert heard == [stamped]
    assert len(listeners) == 1


def test_the_in_process_notifier_stamps_notices_with_its_clock() -> None:
    clock = FixedClock(T0)
    notifier = InProcessNotifier(clock=clock)
    heard: list[StampedNotice] = []
    unsubscribe = notifier.subscribe(heard.append)
    first, second = created(), EventUpdated(event=FACTS)
    third: Notice = EventLeft(event=FACTS, user_id=UserId(2))

    notifier.publish(first)
    clock.advance(timedelta(minutes=5))
    notifier.publish(second)
    unsubscribe()
    notifier.publish(third)

    assert [(s.notice, s.at) for s in heard] == [
        (first, T0),
        (second, T0 + timedelta(minutes=5)),
    ]
    assert list(notifier.published) == [first, second, third]
    assert isinstance(notifier, NoticeFeed)
