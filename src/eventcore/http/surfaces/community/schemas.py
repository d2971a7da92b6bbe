"""Community request and response shapes (seed 000).

Events carry the seed's split fields: `start_date` (YYYY-MM-DD), `start_time`
(HH:MM:SS), `end_date`, `end_time`, read and written in EVENTCORE_TIMEZONE.
Time stamps (`created_at`, `updated_at`) are written as the seed shows them,
"2023-09-22 19:24:04", in UTC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, validates_schema

from eventcore.domain.comments import Comment, CommentImage
from eventcore.domain.groups import Group, GroupView
from eventcore.domain.users import User
from eventcore.domain.views import EventView
from eventcore.http.context import timezone
from eventcore.http.schema import Schema

Messages = dict[str, str | list[Any] | dict[Any, Any]]
_TEXT: Messages = {"invalid": "must be text", "required": "is required", "null": "may not be null"}


def _text(**kwargs: Any) -> fields.String:
    return fields.String(error_messages=_TEXT, **kwargs)


class Input(Schema):
    """A body that ignores fields it does not read (clients send back what they got)."""

    class Meta:
        unknown = EXCLUDE

    error_messages = {"type": "must be a JSON object"}


def stamp(moment: dt.datetime) -> str:
    """The seed's time stamp: "2023-09-22 19:24:04", in UTC."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")


# --- auth and users -------------------------------------------------------------


class AuthIn(Input):
    token = _text(required=True, metadata={"description": "A Google ID token"})


class UserBrief(Schema):
    id = fields.Integer()
    name = fields.String()
    email = fields.String()
    avatar = fields.String(allow_none=True)


class UserOut(UserBrief):
    created_at = fields.String()
    updated_at = fields.String()


class AuthOut(Schema):
    message = fields.String()
    name = fields.String()
    email = fields.String()
    avatar = fields.String(allow_none=True)
    data = fields.Nested(UserBrief)


class MeOut(Schema):
    message = fields.String()
    data = fields.Nested(UserBrief)


class ProfileOut(Schema):
    message = fields.String()
    data = fields.Nested(UserOut)


class ProfileIn(Input):
    name = _text()
    email = _text()
    avatar = _text(allow_none=True)


def name_of(user: User) -> str:
    return user.display_name or user.full_name or user.username


def user_brief(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": name_of(user), "email": user.email, "avatar": user.avatar}


def user_out(user: User) -> dict[str, Any]:
    return {
        **user_brief(user),
        "created_at": stamp(user.created_at),
        "updated_at": stamp(user.updated_at),
    }


# --- events ---------------------------------------------------------------------

_DATE: Messages = {"invalid": "must be a date like 2023-09-21", "required": "is required"}
_TIME: Messages = {"invalid": "must be a time like 10:00:00", "required": "is required"}


class _EventFields(Input):
    title = _text()
    description = _text()
    location = _text()
    start_date = fields.Date(format="%Y-%m-%d", error_messages=_DATE)
    start_time = fields.Time(error_messages=_TIME)
    end_date = fields.Date(format="%Y-%m-%d", allow_none=True, error_messages=_DATE)
    end_time = fields.Time(allow_none=True, error_messages=_TIME)
    thumbnail = _text(allow_none=True)


class EventIn(_EventFields):
    title = _text(required=True)
    start_date = fields.Date(format="%Y-%m-%d", required=True, error_messages=_DATE)
    start_time = fields.Time(required=True, error_messages=_TIME)

    @validates_schema
    def end_needs_its_time(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("end_date") is not None and data.get("end_time") is None:
            raise ValidationError("is required with end_date", "end_time")


class EventPatchIn(_EventFields):
    """An update: only the fields sent change; a date or time sent alone keeps the other
    half of the current start or end."""


def moment(day: dt.date, time: dt.time) -> dt.datetime:
    """A day and a time of EVENTCORE_TIMEZONE, as an aware moment."""
    return dt.datetime.combine(day, time.replace(tzinfo=None), tzinfo=timezone())


class EventOut(Schema):
    id = fields.Integer()
    title = fields.String()
    description = fields.String()
    creator_id = fields.Integer()
    location = fields.String()
    start_date = fields.String()
    start_time = fields.String()
    end_date = fields.String(allow_none=True)
    end_time = fields.String(allow_none=True)
    thumbnail = fields.String(allow_none=True)
    created_at = fields.String()
    updated_at = fields.String()


class EventEnvelope(Schema):
    message = fields.String()
    data = fields.Nested(EventOut)


class EventsEnvelope(Schema):
    message = fields.String()
    data = fields.List(fields.Nested(EventOut))


class EventListQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    page = fields.Integer(load_default=1, validate=lambda n: n >= 1)
    limit = fields.Integer(load_default=100, validate=lambda n: 1 <= n <= 100)


def event_out(view: EventView) -> dict[str, Any]:
    event = view.event
    start = event.starts_at.astimezone(timezone())
    end = event.ends_at.astimezone(timezone()) if event.ends_at is not None else None
    primary = event.primary_image
    return {
        "id": event.id,
        "title": event.title,
        "description": event.description,
        "creator_id": event.creator_id,
        "location": event.location,
        "start_date": start.date().isoformat(),
        "start_time": start.time().replace(tzinfo=None).isoformat("seconds"),
        "end_date": end.date().isoformat() if end else None,
        "end_time": end.time().replace(tzinfo=None).isoformat("seconds") if end else None,
        "thumbnail": primary.url if primary else None,
        "created_at": stamp(event.created_at),
        "updated_at": stamp(event.updated_at),
    }


# --- comments, images, likes, interest ---------------------------------------------


class CommentIn(Input):
    body = _text(required=True)


class CommentOut(Schema):
    id = fields.Integer()
    event_id = fields.Integer()
    user_id = fields.Integer()
    body = fields.String()
    created_at = fields.String()
    updated_at = fields.String()


class CommentEnvelope(Schema):
    message = fields.String()
    data = fields.Nested(CommentOut)


class CommentsEnvelope(Schema):
    message = fields.String()
    data = fields.List(fields.Nested(CommentOut))


def comment_out(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "event_id": comment.event_id,
        "user_id": comment.user_id,
        "body": comment.body,
        "created_at": stamp(comment.created_at),
        "updated_at": stamp(comment.updated_at),
    }


class ImageIn(Input):
    image_url = _text(required=True)


class ImageOut(Schema):
    image_id = fields.Integer()
    comment_id = fields.Integer()
    image_url = fields.String()


class ImageCreated(ImageOut):
    message = fields.String()
    data = fields.Nested(ImageOut)


class ImagesEnvelope(Schema):
    message = fields.String()
    data = fields.List(fields.Nested(ImageOut))


def image_out(image: CommentImage) -> dict[str, Any]:
    return {"image_id": image.id, "comment_id": image.comment_id, "image_url": image.url}


class CountOut(Schema):
    message = fields.String()
    data = fields.Integer()


class TextOut(Schema):
    message = fields.String()
    data = fields.String()


# --- groups -----------------------------------------------------------------------


class GroupIn(Input):
    title = _text(required=True)


class GroupOut(Schema):
    id = fields.Integer()
    title = fields.String()
    creator_id = fields.Integer()
    created_at = fields.String()
    updated = fields.String()


class GroupDetails(Schema):
    group_id = fields.Integer()
    title = fields.String()
    creator_id = fields.Integer()
    members = fields.List(fields.Integer())


class GroupCreated(Schema):
    message = fields.String()
    data = fields.Nested(GroupOut)


class GroupFetched(Schema):
    status = fields.String()
    message = fields.String()
    data = fields.Nested(GroupDetails)


class GroupUpdated(Schema):
    message = fields.String()
    group = fields.Nested(GroupOut)
    data = fields.Nested(GroupOut)


class GroupsEnvelope(Schema):
    message = fields.String()
    data = fields.List(fields.Nested(GroupOut))


class MemberOut(Schema):
    message = fields.String()
    data = fields.Integer()


def group_out(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "title": group.title,
        "creator_id": group.creator_id,
        "created_at": stamp(group.created_at),
        "updated": stamp(group.updated_at),
    }


def group_details(view: GroupView) -> dict[str, Any]:
    return {
        "group_id": view.group.id,
        "title": view.group.title,
        "creator_id": view.group.creator_id,
        "members": list(view.member_ids),
    }
