"""SocialCalendar request and response shapes (seed 002).

The seed's clients came from a MongoDB back end: every id is written as a string
("124412") and read from a string or a number. `datetime` is "dd.mm.yyyy HH:MM" in
EVENTCORE_TIMEZONE; `is_private` is the string "true" or "false" (real booleans
are read too); a message's `datetime` is epoch milliseconds. An event's `icon` is
sent as an icon's name ("bell.svg") and written as the URL of /load_icon/<name>.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask import url_for
from marshmallow import EXCLUDE, fields, validate

from eventcore.domain.events import EventKind
from eventcore.domain.ids import MAX_ID
from eventcore.domain.social import Chat, ChatMessage, ChatTranscript, Invite, PlannedEvent, Ties
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.http.context import timezone
from eventcore.http.fields import QueryInteger
from eventcore.http.schema import Schema
from eventcore.http.surfaces.socialcalendar import icons

DATETIME_FORMAT = "%d.%m.%Y %H:%M"
_DATETIME_SHAPE = re.compile(r"^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$")
_DIGITS = re.compile(r"^[0-9]{1,19}$")
KINDS = [kind.value for kind in EventKind]


class Input(Schema):
    """A body that ignores fields it does not read (clients send back what they got)."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": "must be a JSON object"}


class CalendarMoment(fields.Field[dt.datetime]):
    """ "23.11.2019 19:00", read and written in EVENTCORE_TIMEZONE."""

    default_error_messages = {"invalid": "must be a date and time as dd.mm.yyyy HH:MM"}

    def _serialize(self, value: Any, attr: str | None, obj: Any, **kwargs: Any) -> str | None:
        return None if value is None else calendar_moment(value)

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> dt.datetime:
        if not isinstance(value, str) or not _DATETIME_SHAPE.match(value):
            raise self.make_error("invalid")
        try:
            naive = dt.datetime.strptime(value, DATETIME_FORMAT)
        except ValueError:
            raise self.make_error("invalid") from None
        return naive.replace(tzinfo=timezone())


class Flag(fields.Field[bool]):
    """The seed's "true" / "false" strings, or a JSON boolean."""

    default_error_messages = {"invalid": 'must be "true" or "false"'}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return bool(value == "true")
        raise self.make_error("invalid")


class AnyId(fields.Field[int]):
    """An id, as a string of digits ("124412") or a JSON number."""

    default_error_messages = {"invalid": "must be an id (a whole number, as text or a number)"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and _DIGITS.match(value.strip()):
            number = int(value.strip())
        else:
            raise self.make_error("invalid")
        if not 0 < number <= MAX_ID:
            raise self.make_error("invalid")
        return number


class IconName(fields.String):
    """An icon by name ("bell.svg"), or by the URL this API writes for it."""

    default_error_messages = {"unknown": "must name one of the icons of /load_icon"}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        text = super()._deserialize(value, attr, data, **kwargs)
        name = text.rsplit("/load_icon/", 1)[-1].strip()
        if name and not icons.is_icon(name):
            raise self.make_error("unknown")
        return name


def _text(**kwargs: Any) -> fields.String:
    return fields.String(
        error_messages={"invalid": "must be text", "required": "is required"}, **kwargs
    )


# --- requests --------------------------------------------------------------------


class LoginIn(Input):
    token = _text(required=True, metadata={"description": "A Google ID token"})


class CallbackQuery(Schema):
    code = fields.String(load_default="")
    state = fields.String(load_default="")
    error = fields.String(load_default="")


class IdQuery(Schema):
    id = AnyId(required=True, error_messages={"required": "is required"})


class SearchQuery(Schema):
    filtered_str = fields.String(load_default="")


class MonthQuery(Schema):
    year = QueryInteger(required=True, validate=validate.Range(1, 9999))
    month = QueryInteger(required=True, validate=validate.Range(1, 12))


class ChatsQuery(Schema):
    count_getting = QueryInteger(load_default=0, validate=validate.Range(min=0))
    count = QueryInteger(load_default=20, validate=validate.Range(1, 100))


class EventIn(Input):
    type = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = _text(required=True)
    is_private = Flag(required=True)
    datetime = CalendarMoment(required=True)
    address = _text(required=True)
    icon = IconName(required=True)
    description = _text(load_default="")


class EventPutIn(Input):
    id = AnyId(required=True)
    type = fields.String(required=True, validate=validate.OneOf(KINDS))
    name = _text()
    is_private = Flag()
    datetime = CalendarMoment()
    address = _text()
    icon = IconName()
    description = _text()


class MessageIn(Input):
    chat_id = AnyId(required=True)
    text = _text(required=True)


class MessagePutIn(Input):
    id = AnyId(required=True)
    text = _text(required=True)


class InviteIn(Input):
    type = fields.String(required=True, validate=validate.OneOf(["friend", "event"]))
    receiver_id = AnyId(required=True)
    event_id = AnyId(load_default=None, allow_none=True)


class InviteAnswerQuery(Schema):
    id = AnyId(required=True)
    action = fields.String(required=True, validate=validate.OneOf(["accept", "decline"]))


# --- responses (for the document; views build plain dicts) ------------------------


class FriendOut(Schema):
    id = fields.String()
    name = fields.String()
    email = fields.String()
    profile_pic = fields.String(allow_none=True)
    birthday = fields.String(allow_none=True, metadata={"description": "dd.mm.yyyy"})


class FriendTiesOut(FriendOut):
    event_id_list = fields.List(fields.String())
    friend_id_list = fields.List(fields.String())


class UserOut(FriendTiesOut):
    google_id = fields.String(allow_none=True)
    chat_id_list = fields.List(fields.String())
    invite_id_list = fields.List(fields.String())


class CreatedOut(Schema):
    id = fields.String()


class EventOut(Schema):
    id = fields.String()
    type = fields.String()
    name = fields.String()
    is_private = fields.String(metadata={"description": '"true" or "false"'})
    datetime = fields.String(metadata={"description": "dd.mm.yyyy HH:MM"})
    address = fields.String()
    description = fields.String()
    icon = fields.String(metadata={"description": "The URL of /load_icon/<name>"})
    member_id_list = fields.List(fields.String(), metadata={"description": "group events"})
    chat_id = fields.String(allow_none=True, metadata={"description": "group events"})


class MessageOut(Schema):
    id = fields.String()
    chat_id = fields.String()
    user_id = fields.String()
    datetime = fields.Integer(metadata={"description": "epoch milliseconds"})
    text = fields.String()


class ChatOut(Schema):
    id = fields.String()
    msg_id_list = fields.List(fields.Nested(MessageOut))
    event_id = fields.String(metadata={"description": "an event's chat"})
    user_id_1 = fields.String(metadata={"description": "a direct chat"})
    user_id_2 = fields.String(metadata={"description": "a direct chat"})


class InviteOut(Schema):
    id = fields.String()
    sender_id = fields.String()
    receiver_id = fields.String()
    type = fields.String()
    event_id = fields.String(allow_none=True)


# --- rendering -------------------------------------------------------------------


def calendar_moment(moment: dt.datetime) -> str:
    return moment.astimezone(timezone()).strftime(DATETIME_FORMAT)


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


def _ids(values: Any) -> list[str]:
    return [str(value) for value in values]


def person(user: User) -> dict[str, Any]:
    return {
        "id": str(user.id),
        "name": user.display_name or user.full_name or user.username,
        "email": user.email,
        "profile_pic": user.avatar,
        "birthday": user.birthday.strftime("%d.%m.%Y") if user.birthday else None,
    }


def friend(ties: Ties) -> dict[str, Any]:
    return {
        **person(ties.user),
        "event_id_list": _ids(ties.event_ids),
        "friend_id_list": _ids(ties.friend_ids),
    }


def user(ties: Ties) -> dict[str, Any]:
    """The /user object; the Google id and the four lists are the user's own, left out
    (null and empty) for others."""
    return {
        "id": str(ties.user.id),
        "google_id": ties.google_subject,
        **{key: value for key, value in person(ties.user).items() if key != "id"},
        "event_id_list": _ids(ties.event_ids),
        "friend_id_list": _ids(ties.friend_ids),
        "chat_id_list": _ids(ties.chat_ids),
        "invite_id_list": _ids(ties.invite_ids),
    }


def icon_url(name: str) -> str:
    if not name:
        return ""
    return url_for("socialcalendar_icons.load_icon", name=name, _external=True)


def calendar_entry(view: EventView) -> dict[str, Any]:
    """An event as /events lists it."""
    event = view.event
    return {
        "id": str(event.id),
        "type": event.kind.value,
        "name": event.title,
        "is_private": "true" if event.is_private else "false",
        "datetime": calendar_moment(event.starts_at),
        "address": event.address or event.location,
        "description": event.description,
        "icon": icon_url(event.icon),
    }


def event(planned: PlannedEvent) -> dict[str, Any]:
    """An event as GET /event answers it: a group event with its members and chat."""
    entry = calendar_entry(planned.details.view)
    del entry["type"]
    if planned.details.event.kind is not EventKind.GROUP:
        return entry
    members = _ids(person.id for person in planned.details.participants)
    return {**entry, "member_id_list": members, "chat_id": _id(planned.chat_id)}


def message(item: ChatMessage) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "chat_id": str(item.chat_id),
        "user_id": str(item.user_id),
        "datetime": int(item.created_at.timestamp() * 1000),
        "text": item.text,
    }


def chat(transcript: ChatTranscript) -> dict[str, Any]:
    found: Chat = transcript.chat
    written: dict[str, Any] = {
        "id": str(found.id),
        "msg_id_list": [message(item) for item in transcript.messages],
    }
    if found.event_id is not None:
        return {**written, "event_id": str(found.event_id)}
    return {**written, "user_id_1": _id(found.user_id_1), "user_id_2": _id(found.user_id_2)}


def invite(item: Invite) -> dict[str, Any]:
    return {
        "id": str(item.id),
        "sender_id": str(item.sender_id),
        "receiver_id": str(item.receiver_id),
        "type": item.kind.value,
        "event_id": _id(item.event_id),
    }
