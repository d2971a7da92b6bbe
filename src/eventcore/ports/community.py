"""Repositories of comments (with their images and likes) and of groups (with their
memberships)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventcore.domain.comments import Comment, CommentImage, Like
from eventcore.domain.groups import Group, Membership
from eventcore.domain.ids import CommentId, EventId, GroupId, UserId


class CommentRepository(Protocol):
    def add(self, comment: Comment) -> Comment:
        """Store a new comment and return it with its id."""
        ...

    def get(self, comment_id: CommentId) -> Comment | None: ...

    def lock(self, comment_id: CommentId) -> Comment | None:
        """Like get, and holds off other writers to this comment (and its likes) until
        the unit of work ends."""
        ...

    def of_event(self, event_id: EventId) -> Sequence[Comment]:
        """Every comment on the event, oldest first."""
        ...

    def add_image(self, image: CommentImage) -> CommentImage: ...

    def images_of(self, comment_id: CommentId) -> Sequence[CommentImage]:
        """The comment's images, oldest first."""
        ...

    def add_like(self, like: Like) -> None:
        """Raises AlreadyExists when the user likes the comment already, also when
        another transaction stored that like a moment ago."""
        ...

    def remove_like(self, comment_id: CommentId, user_id: UserId) -> bool:
        """Remove the user's like; True when there was one."""
        ...

    def likes(self, comment_id: CommentId, user_id: UserId) -> bool:
        """Whether the user likes the comment."""
        ...

    def like_count(self, comment_id: CommentId) -> int: ...


class GroupRepository(Protocol):
    def add(self, group: Group) -> Group: ...

    def get(self, group_id: GroupId) -> Group | None: ...

    def lock(self, group_id: GroupId) -> Group | None:
        """Like get, and holds off other writers to this group (and its memberships)
        until the unit of work ends."""
        ...

    def save(self, group: Group) -> None: ...

    def delete(self, group_id: GroupId) -> None:
        """Remove the group with its memberships."""
        ...

    def list(self) -> Sequence[Group]:
        """Every group, by id."""
        ...

    def add_member(self, membership: Membership) -> None:
        """Raises AlreadyExists when the user is a member already, also when another
        transaction added them a moment ago."""
        ...

    def remove_member(self, group_id: GroupId, user_id: UserId) -> bool:
        """Remove the membership; True when there was one."""
        ...

    def members(self, group_id: GroupId) -> Sequence[Membership]:
        """The group's memberships, oldest first."""
        ...
