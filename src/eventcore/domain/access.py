"""Who may do what: role and ownership checks as pure functions."""

from __future__ import annotations

from eventcore.domain.errors import Forbidden
from eventcore.domain.events import Event
from eventcore.domain.users import User


def may_manage_event(user: User, event: Event) -> bool:
    """The creator manages an event; moderators and admins manage every event."""
    return user.id == event.creator_id or user.is_staff


def ensure_may_manage_event(user: User, event: Event) -> None:
    if not may_manage_event(user, event):
        raise Forbidden("Only the event creator can change this event.")
