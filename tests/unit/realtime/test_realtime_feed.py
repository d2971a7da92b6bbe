"""Stamped notices, their wire format, and the in-process notifier."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.feed import Listeners, decode, encode
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.ports.notifier import Notice, NoticeFeed, StampedNotice, jsonable
from support.constants import T0


class Colour(enum.Enum):
    RED = "red"


def test_a_notice_survives_the_wire_with_its_audience_and_time() -> None:
    stamped = StampedNotice(Notice("vote_cast", {"id": 4, "user_id": 2}, frozenset({2, 9})), T0)

    assert decode(encode(stamped)) == stamped


def test_a_public_notice_keeps_no_audience_on_the_wire() -> None:
    stamped = StampedNotice(Notice("event_created", {"id": 1}), T0)

    assert decode(encode(stamped)).notice.audience is None


def test_values_use_cases_put_in_notices_become_json() -> None:
    data: dict[str, Any] = {
        "ends_at": datetime(2030, 1, 2, 3, 4, 5, 678, tzinfo=UTC),
        "day": date(2030, 1, 2),
        "price": Decimal("12.50"),
        "colour": Colour.RED,
        "ids": frozenset({3, 1}),
    }

    received = decode(encode(StampedNotice(Notice("task_updated", data), T0))).notice.data

    assert received == {
        "ends_at": "2030-01-02T03:04:05Z",
        "day": "2030-01-02",
        "price": "12.50",
        "colour": "red",
        "ids": [1, 3],
    }


def test_a_value_with_no_json_form_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="object cannot be sent"):
        jsonable(object())


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[]",
        '{"type": "x"}',
        '{"type": "x", "data": {}, "audience": null}',
        '{"type": "x", "data": {}, "audience": ["a"], "at": "2027-05-01T12:00:00+00:00"}',
        '{"type": "x", "data": {}, "audience": null, "at": "yesterday"}',
    ],
)
def test_anything_else_on_the_wire_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"^not a notice: "):
        decode(text)


def test_a_notice_with_an_audience_reaches_only_its_members() -> None:
    private = StampedNotice(Notice("event_updated", {}, frozenset({1, 2})), T0)
    public = StampedNotice(Notice("event_updated", {}), T0)

    assert [private.may_reach(user) for user in (1, 2, 3)] == [True, True, False]
    assert public.may_reach(3)


def test_listeners_all_hear_a_notice_even_when_one_fails() -> None:
    listeners, heard = Listeners(), []

    def broken(stamped: StampedNotice) -> None:
        raise RuntimeError("listener bug")

    listeners.add(broken)
    remove = listeners.add(heard.append)
    stamped = StampedNotice(Notice("event_created", {}), T0)
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

    notifier.publish(Notice("event_created", {"id": 1}))
    clock.advance(timedelta(minutes=5))
    notifier.publish(Notice("event_updated", {"id": 1}))
    unsubscribe()
    notifier.publish(Notice("event_left", {"id": 1}))

    assert [(s.notice.type, s.at) for s in heard] == [
        ("event_created", T0),
        ("event_updated", T0 + timedelta(minutes=5)),
    ]
    assert [notice.type for notice in notifier.published] == [
        "event_created",
        "event_updated",
        "event_left",
    ]
    assert isinstance(notifier, NoticeFeed)
