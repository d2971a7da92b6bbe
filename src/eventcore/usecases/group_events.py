"""Group events, as the social calendar plans them: an event with its members and its
chat, and leaving one.

The members of a group event are its registered participants; its creator is one
from the start (an organizer's attendance) and stays one, as on every API, so the
creator leaves only as the last member, and the event goes with them.
"""

from __future__ import annotations

from eventcore.domain import attendance as attendance_rules
from eventcore.domain.access import EventPolicy, hidden_event_refusal
from eventcore.domain.attendance import AttendanceStatus
from eventcore.domain.errors import Forbidden, NotFound
from eventcore.domain.events import EventKind
from eventcore.domain.ids import EventId, UserId
from eventcore.domain.social import PlannedEvent
from eventcore.ports.clock import Clock
from eventcore.ports.notifier import Notifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import view_of, visible_details, visible_event
from eventcore.usecases.seats import fill_free_seats, left, promotion_notices

NOT_A_MEMBER = "You are not a member of this event."
CREATOR_STAYS = "The event's creator stays while others take part; delete the event instead."


def planned_event(
    uow: UnitOfWork, viewer_id: UserId, event_id: EventId, policy: EventPolicy
) -> PlannedEvent:
    """The event with its participants and its chat (for a group event).

    Raises NotFound, or as `policy` says for a private event the viewer may not see.
    """
    with uow.reading():
        details = visible_details(uow, viewer_id, event_id, hidden=hidden_event_refusal(policy))
        chat = uow.chats.of_event(event_id)
        return PlannedEvent(details=details, chat_id=chat.id if chat is not None else None)


def leave_group_event(
    uow: UnitOfWork,
    clock: Clock,
    notifier: Notifier,
    actor_id: UserId,
    event_id: EventId,
    policy: EventPolicy,
) -> None:
    """The actor is no longer a member; the last member's leaving deletes the event.

    Raises NotFound, Forbidden (not a member, or the creator while others take part).
    """
    now = clock.now()
    with uow:
        # Locked: two members leaving at once must not both see the other stay.
        event = visible_event(
            uow, actor_id, event_id, lock=True, hidden=hidden_event_refusal(policy)
        )
        if event.kind is not EventKind.GROUP:
            raise NotFound("No group event with this id.", field="id")
        current = uow.attendances.find(event_id, actor_id)
        if current is None or not current.is_participant:
            raise Forbidden(NOT_A_MEMBER, reason="event_member")
        members = uow.attendances.count(event_id, AttendanceStatus.REGISTERED)
        if members <= 1:
            uow.events.delete(event_id)
            uow.commit()
            return
        if current.is_organizer:
            raise Forbidden(CREATOR_STAYS, reason="creator_stays")
        uow.attendances.save(attendance_rules.cancel(current, now))
        # A group event from another API may have a capacity and a waiting list.
        promoted = fill_free_seats(uow, event, now)
        view = view_of(uow, event.id)
        uow.commit()
    notifier.publish(left(view, actor_id))
    for notice in promotion_notices(view, promoted):
        notifier.publish(notice)
