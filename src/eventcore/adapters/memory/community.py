"""Memory repositories of sessions, login attempts, comments (with images and likes)
and groups (with memberships). Likes and memberships are keyed by their pair of ids,
which is what makes them one per user, as the SQL UNIQUE constraints do."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from eventcore.adapters.memory.repositories import _copy, _Table
from eventcore.adapters.memory.store import delete_row
from eventcore.domain.comments import Comment, CommentImage, Like
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.groups import Group, Membership
from eventcore.domain.ids import CommentId, CommentImageId, EventId, GroupId, UserId
from eventcore.domain.sessions import LoginAttempt, Session

ALREADY_LIKED = "You like this comment already."
ALREADY_MEMBER = "User already in group."


class MemorySessionRepository(_Table):
    name = "sessions"

    def add(self, session: Session) -> None:
        self._rows[session.token_hash] = attrs.evolve(session)

    def get(self, token_hash: str) -> Session | None:
        return _copy(self._rows.get(token_hash))

    def delete(self, token_hash: str) -> None:
        self._rows.pop(token_hash, None)

    def for_user(self, user_id: UserId) -> Sequence[Session]:
        mine = [s for s in self._rows.values() if s.user_id == user_id]
        return [attrs.evolve(s) for s in sorted(mine, key=lambda s: (s.created_at, s.token_hash))]


class MemoryLoginAttemptRepository(_Table):
    name = "login_attempts"

    def add(self, attempt: LoginAttempt) -> None:
        self._rows[attempt.state_hash] = attrs.evolve(attempt)

    def take(self, state_hash: str) -> LoginAttempt | None:
        return _copy(self._rows.pop(state_hash, None))

    def purge(self, begun_before: datetime) -> None:
        for key in [k for k, a in self._rows.items() if a.created_at < begun_before]:
            del self._rows[key]


class MemoryCommentRepository(_Table):
    name = "comments"

    def add(self, comment: Comment) -> Comment:
        stored = attrs.evolve(comment, id=CommentId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, comment_id: CommentId) -> Comment | None:
        return _copy(self._rows.get(comment_id))

    def lock(self, comment_id: CommentId) -> Comment | None:
        # A memory unit of work already holds the store's lock from start to end.
        return self.get(comment_id)

    def of_event(self, event_id: EventId) -> Sequence[Comment]:
        return [
            attrs.evolve(c)
            for c in sorted(self._rows.values(), key=lambda c: c.id)
            if c.event_id == event_id
        ]

    def add_image(self, image: CommentImage) -> CommentImage:
        stored = attrs.evolve(image, id=CommentImageId(self._store.next_id("comment_images")))
        self._tables["comment_images"][stored.id] = stored
        return attrs.evolve(stored)

    def images_of(self, comment_id: CommentId) -> Sequence[CommentImage]:
        images = self._tables["comment_images"].values()
        return [
            attrs.evolve(i)
            for i in sorted(images, key=lambda i: i.id)
            if i.comment_id == comment_id
        ]

    def add_like(self, like: Like) -> None:
        likes = self._tables["comment_likes"]
        key = (like.comment_id, like.user_id)
        if key in likes:
            raise AlreadyExists(ALREADY_LIKED, field="comment_id")
        likes[key] = attrs.evolve(like)

    def remove_like(self, comment_id: CommentId, user_id: UserId) -> bool:
        return self._tables["comment_likes"].pop((comment_id, user_id), None) is not None

    def likes(self, comment_id: CommentId, user_id: UserId) -> bool:
        return (comment_id, user_id) in self._tables["comment_likes"]

    def like_count(self, comment_id: CommentId) -> int:
        return sum(
            1 for like in self._tables["comment_likes"].values() if like.comment_id == comment_id
        )


class MemoryGroupRepository(_Table):
    name = "groups"

    def add(self, group: Group) -> Group:
        stored = attrs.evolve(group, id=GroupId(self._store.next_id(self.name)))
        self._rows[stored.id] = stored
        return attrs.evolve(stored)

    def get(self, group_id: GroupId) -> Group | None:
        return _copy(self._rows.get(group_id))

    def lock(self, group_id: GroupId) -> Group | None:
        return self.get(group_id)

    def save(self, group: Group) -> None:
        self._rows[group.id] = attrs.evolve(group)

    def delete(self, group_id: GroupId) -> None:
        # Its memberships go along: the store's CASCADE key, as in SQL.
        delete_row(self._tables, self.name, group_id)

    def list(self) -> Sequence[Group]:
        return [attrs.evolve(g) for g in sorted(self._rows.values(), key=lambda g: g.id)]

    def add_member(self, membership: Membership) -> None:
        members = self._tables["group_members"]
        key = (membership.group_id, membership.user_id)
        if key in members:
            raise AlreadyExists(ALREADY_MEMBER, field="user_id")
        members[key] = attrs.evolve(membership)

    def remove_member(self, group_id: GroupId, user_id: UserId) -> bool:
        return self._tables["group_members"].pop((group_id, user_id), None) is not None

    def members(self, group_id: GroupId) -> Sequence[Membership]:
        mine = [m for m in self._tables["group_members"].values() if m.group_id == group_id]
        return [attrs.evolve(m) for m in sorted(mine, key=lambda m: (m.created_at, m.user_id))]
