"""An event's seats: the notices of taking and freeing one, and the waiting list
filling the seats that free up.

Every use case that frees a seat (leaving, cancelling, a removed attendance, a
deleted account, a larger capacity) calls `fill_free_seats` before it commits,
with the event locked: promotion happens in the transaction that freed the seat,
so no reader ever sees a free seat while someone waits, nor more registered
people than seats.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from eventcore.domain import attendance as rules
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.events import Event
from eventcore.domain.ids import UserId
from eventcore.domain.notices import (
    EventFacts,
    EventJoined,
    EventLeft,
    Notice,
    PromotedFromWaitingList,
    event_audience,
)
from eventcore.domain.views import EventView
from eventcore.ports.unit_of_work import UnitOfWork


def take_seat(uow: UnitOfWork, event: Event, user_id: UserId, now: datetime) -> Attendance:
    """Register `user_id` for `event`, which the caller locked in this unit of work, from
    whatever attendance they had (none, interested, cancelled, waiting).

    Raises AlreadyParticipant or EventFull.
    """
    current = uow.attendances.find(event.id, user_id)
    taken = uow.attendances.count(event.id, AttendanceStatus.REGISTERED)
    attendance = rules.register(event, user_id, current=current, participants=taken, now=now)
    if current is None:
        return uow.attendances.add(attendance)
    uow.attendances.save(attendance)
    return attendance


def fill_free_seats(uow: UnitOfWork, event: Event, now: datetime) -> tuple[Attendance, ...]:
    """Register the first of the event's waiting list, one per free seat; returns them.

    `event` must be locked by the caller (`uow.events.lock`), in this unit of work.
    """
    taken = uow.attendances.count(event.id, AttendanceStatus.REGISTERED)
    free = event.seats_left(taken)
    if free == 0:
        return ()
    queue = uow.attendances.queue(event.id, free)
    promoted = rules.promotions(event, participants=taken, queue=queue, now=now)
    for attendance in promoted:
        uow.attendances.save(attendance)
    return tuple(promoted)


def promotion_notices(view: EventView, promoted: Sequence[Attendance]) -> list[Notice]:
    """For each promoted attendance: EventJoined, as for anyone who joins, and
    PromotedFromWaitingList for the promoted user alone."""
    found: list[Notice] = []
    for attendance in promoted:
        found.append(joined(view, attendance.user_id))
        found.append(
            PromotedFromWaitingList(
                event=EventFacts.of(view),
                user_id=attendance.user_id,
                audience=frozenset({attendance.user_id}),
            )
        )
    return found


def joined(view: EventView, user_id: UserId) -> EventJoined:
    """The notice that `user_id` now takes part; a private event's is theirs and its
    creator's to hear."""
    return EventJoined(
        event=EventFacts.of(view), user_id=user_id, audience=event_audience(view, [user_id])
    )


def left(view: EventView, user_id: UserId) -> EventLeft:
    return EventLeft(
        event=EventFacts.of(view), user_id=user_id, audience=event_audience(view, [user_id])
    )
