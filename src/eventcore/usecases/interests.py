"""Interest in an event: the shared attendance status INTERESTED, so every API that
shows attendances (ticketing's `Interested`) sees the same fact.

Interest is that status exactly: an attendance that is Registered already stays
as it is (there is nothing more to show), a Cancelled one becomes Interested
again, and withdrawing interest removes only an Interested attendance, never a
registration.
"""

from __future__ import annotations

from eventcore.domain import attendance as rules
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import Forbidden, NotFound
from eventcore.domain.ids import EventId, UserId
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import visible_event


def _ensure_own(actor_id: UserId, user_id: UserId) -> None:
    if actor_id != user_id:
        raise Forbidden("You can only show or withdraw your own interest.", reason="own_interest")


def _missing() -> NotFound:
    return NotFound("User or Event not found.", field="event_id")


def show_interest(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, user_id: UserId, event_id: EventId
) -> bool:
    """Record the actor's interest in an event they may see; True when it is new, False
    when they had shown it (or registered) already.

    Raises Forbidden (for someone else) or NotFound.
    """
    _ensure_own(actor_id, user_id)
    now = clock.now()
    with uow:
        existing_user(uow, actor_id)
        event = visible_event(uow, actor_id, event_id, lock=True, missing=_missing())
        current = uow.attendances.find(event_id, actor_id)
        if current is None:
            uow.attendances.add(rules.express_interest(event, actor_id, now))
        elif current.status is AttendanceStatus.CANCELLED:
            uow.attendances.save(
                rules.change_status(
                    event, current, AttendanceStatus.INTERESTED, participants=0, now=now
                )
            )
        else:
            return False
        uow.commit()
        return True


def withdraw_interest(
    uow: UnitOfWork, actor_id: UserId, user_id: UserId, event_id: EventId
) -> bool:
    """Remove the actor's interest in an event; True when there was one to remove.

    Raises Forbidden (for someone else) or NotFound.
    """
    _ensure_own(actor_id, user_id)
    with uow:
        existing_user(uow, actor_id)
        visible_event(uow, actor_id, event_id, lock=True, missing=_missing())
        current = uow.attendances.find(event_id, actor_id)
        if current is None or current.status is not AttendanceStatus.INTERESTED:
            return False
        uow.attendances.delete(event_id, actor_id)
        uow.commit()
        return True
