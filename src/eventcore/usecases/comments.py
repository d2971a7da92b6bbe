"""Comments on events, their images, and likes.

Whoever may see an event may comment on it, read its comments and like them;
images are added to a comment by its author only. A like is toggled: one per
user and comment, held by the repository (a UNIQUE constraint in SQL).
"""

from __future__ import annotations

from collections.abc import Sequence

from eventcore.domain.comments import (
    AlreadyLiked,
    Comment,
    CommentDraft,
    CommentImage,
    CommentImageDraft,
    Like,
    LikeCount,
    new_comment,
    new_comment_image,
)
from eventcore.domain.errors import AlreadyExists, NotFound
from eventcore.domain.ids import MAX_ID, CommentId, EventId, UserId
from eventcore.ports.clock import Clock
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user
from eventcore.usecases.event_access import event_not_found, may_see, visible_event


def comment_not_found() -> NotFound:
    return NotFound("Comment not found.", field="comment_id")


def add_comment(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, event_id: EventId, draft: CommentDraft
) -> Comment:
    """Comment on an event the actor may see. Raises NotFound or InvalidValue (body)."""
    with uow:
        existing_user(uow, actor_id)
        visible_event(uow, actor_id, event_id, missing=event_not_found("event_id"))
        comment = uow.comments.add(
            new_comment(draft, event_id=event_id, user_id=actor_id, now=clock.now())
        )
        uow.commit()
        return comment


def list_comments(uow: UnitOfWork, viewer_id: UserId, event_id: EventId) -> Sequence[Comment]:
    """The event's comments, oldest first. Raises NotFound."""
    with uow:
        visible_event(uow, viewer_id, event_id, missing=event_not_found("event_id"))
        return uow.comments.of_event(event_id)


def add_comment_image(
    uow: UnitOfWork,
    clock: Clock,
    actor_id: UserId,
    comment_id: CommentId,
    draft: CommentImageDraft,
) -> CommentImage:
    """Attach an image (by URL) to one's own comment.

    Raises NotFound, Forbidden (another's comment) or InvalidValue (url).
    """
    with uow:
        existing_user(uow, actor_id)
        comment = _visible_comment(uow, actor_id, comment_id, lock=False)
        image = uow.comments.add_image(
            new_comment_image(comment, draft, actor_id=actor_id, now=clock.now())
        )
        uow.commit()
        return image


def list_comment_images(
    uow: UnitOfWork, viewer_id: UserId, comment_id: CommentId
) -> Sequence[CommentImage]:
    """The comment's images, oldest first. Raises NotFound."""
    with uow:
        _visible_comment(uow, viewer_id, comment_id, lock=False)
        return uow.comments.images_of(comment_id)


def toggle_like(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, comment_id: CommentId
) -> LikeCount:
    """Like the comment, or unlike it when the actor likes it already.

    The comment is locked first, so toggles of one comment run one after the other.
    Raises NotFound, or AlreadyLiked should a like slip in between.
    """
    with uow:
        existing_user(uow, actor_id)
        _visible_comment(uow, actor_id, comment_id, lock=True)
        liked = not uow.comments.remove_like(comment_id, actor_id)
        if liked:
            try:
                uow.comments.add_like(
                    Like(comment_id=comment_id, user_id=actor_id, created_at=clock.now())
                )
            except AlreadyExists as clash:
                raise AlreadyLiked(clash.message, field=clash.field) from clash
        count = uow.comments.like_count(comment_id)
        uow.commit()
        return LikeCount(liked, count)


def like_count(uow: UnitOfWork, viewer_id: UserId, comment_id: CommentId) -> int:
    """How many users like the comment. Raises NotFound."""
    with uow:
        _visible_comment(uow, viewer_id, comment_id, lock=False)
        return uow.comments.like_count(comment_id)


def _visible_comment(
    uow: UnitOfWork, viewer_id: UserId, comment_id: CommentId, *, lock: bool
) -> Comment:
    """The comment, if its event is one the viewer may see; else NotFound."""
    comment = None
    if 0 < comment_id <= MAX_ID:
        comment = uow.comments.lock(comment_id) if lock else uow.comments.get(comment_id)
    event = uow.events.get(comment.event_id) if comment is not None else None
    if comment is None or event is None or not may_see(uow, event, viewer_id):
        raise comment_not_found()
    return comment
