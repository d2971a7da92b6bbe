"""Comments on events, the images attached to a comment, and likes (one per user and
comment, toggled)."""

from __future__ import annotations

from datetime import datetime

from attrs import define, frozen

from eventcore.domain.errors import AlreadyExists, Forbidden, Reason
from eventcore.domain.ids import CommentId, CommentImageId, EventId, UserId
from eventcore.domain.inputs import TEXT, refuses_unknown_fields, required
from eventcore.domain.validation import check_length, require

BODY_MAX_LENGTH = 5000
IMAGE_URL_MAX_LENGTH = 2000


@define(kw_only=True)
class Comment:
    id: CommentId = CommentId(0)
    event_id: EventId
    user_id: UserId
    body: str
    created_at: datetime
    updated_at: datetime


@define(kw_only=True)
class CommentImage:
    id: CommentImageId = CommentImageId(0)
    comment_id: CommentId
    url: str
    created_at: datetime


@define(kw_only=True)
class Like:
    comment_id: CommentId
    user_id: UserId
    created_at: datetime


@frozen
class LikeCount:
    """The outcome of a toggle: whether the user now likes the comment, and its likes."""

    liked: bool
    count: int


class AlreadyLiked(AlreadyExists):
    code = "already_liked"


@refuses_unknown_fields
@frozen(kw_only=True)
class CommentDraft:
    body: str = required(TEXT)


@refuses_unknown_fields
@frozen(kw_only=True)
class CommentImageDraft:
    url: str = required(TEXT)


def new_comment(
    draft: CommentDraft, *, event_id: EventId, user_id: UserId, now: datetime
) -> Comment:
    """Raises InvalidValue (body) for a blank or too long body."""
    body = draft.body.strip()
    check_length(body, "body", maximum=BODY_MAX_LENGTH)
    require(bool(body), "body", Reason.BLANK)
    return Comment(event_id=event_id, user_id=user_id, body=body, created_at=now, updated_at=now)


def new_comment_image(
    comment: Comment, draft: CommentImageDraft, *, actor_id: UserId, now: datetime
) -> CommentImage:
    """An image on one's own comment. Raises Forbidden for another's comment, InvalidValue
    (url) for a blank or too long URL."""
    if comment.user_id != actor_id:
        raise Forbidden("Only the comment's author can add images to it.", reason="own_comment")
    url = draft.url.strip()
    check_length(url, "url", maximum=IMAGE_URL_MAX_LENGTH)
    require(bool(url), "url", Reason.BLANK)
    return CommentImage(comment_id=comment.id, url=url, created_at=now)
