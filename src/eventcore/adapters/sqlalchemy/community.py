"""Sql repositories of sessions, login attempts, comments (with images and likes) and groups (with
memberships), with their row functions.

Each method runs a fixed number of statements. Likes and memberships are inserted
inside `unique_rules`, so a UNIQUE violation (a parallel request that got there
first) becomes AlreadyExists and the unit of work stays usable.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs
from sqlalchemy import ColumnElement, bindparam, delete, func, insert, select, update

from eventcore.adapters.sqlalchemy import rows
from eventcore.adapters.sqlalchemy.conflicts import unique_rules
from eventcore.adapters.sqlalchemy.repositories import _new_id, _Repository
from eventcore.adapters.sqlalchemy.tables import (
    comment_images,
    comment_likes,
    comments,
    group_members,
    groups,
    login_attempts,
    sessions,
)
from eventcore.domain.comments import Comment, CommentImage, Like
from eventcore.domain.groups import Group, Membership
from eventcore.domain.ids import CommentId, CommentImageId, EventId, GroupId, UserId
from eventcore.domain.sessions import LoginAttempt, Session


def session_from_row(row: rows.Row) -> Session:
    return Session(
        token_hash=row["token_hash"],
        user_id=UserId(row["user_id"]),
        created_at=row["created_at"],
        expires_at=row["expires_at"],
    )


def comment_from_row(row: rows.Row) -> Comment:
    return Comment(
        id=CommentId(row["id"]),
        event_id=EventId(row["event_id"]),
        user_id=UserId(row["user_id"]),
        body=row["body"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def comment_values(comment: Comment) -> rows.Values:
    """Every column but `id`."""
    return {
        "event_id": comment.event_id,
        "user_id": comment.user_id,
        "body": comment.body,
        "created_at": comment.created_at,
        "updated_at": comment.updated_at,
    }


def image_from_row(row: rows.Row) -> CommentImage:
    return CommentImage(
        id=CommentImageId(row["id"]),
        comment_id=CommentId(row["comment_id"]),
        url=row["url"],
        created_at=row["created_at"],
    )


def group_from_row(row: rows.Row) -> Group:
    return Group(
        id=GroupId(row["id"]),
        title=row["title"],
        creator_id=UserId(row["creator_id"]),
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )


def group_values(group: Group) -> rows.Values:
    """Every column but `id`."""
    return {
        "title": group.title,
        "creator_id": group.creator_id,
        "created_at": group.created_at,
        "updated_at": group.updated_at,
    }


def membership_from_row(row: rows.Row) -> Membership:
    return Membership(
        group_id=GroupId(row["group_id"]),
        user_id=UserId(row["user_id"]),
        created_at=row["created_at"],
    )


# Every request of a signed-in browser reads its session: built once.
_SESSION_BY_HASH = select(sessions).where(sessions.c.token_hash == bindparam("token_hash"))


class SqlSessionRepository(_Repository):
    def add(self, session: Session) -> None:
        self._connection.execute(insert(sessions).values(attrs.asdict(session)))

    def get(self, token_hash: str) -> Session | None:
        values = {"token_hash": token_hash}
        row = self._connection.execute(_SESSION_BY_HASH, values).mappings().first()
        return None if row is None else session_from_row(row)

    def delete(self, token_hash: str) -> None:
        self._connection.execute(delete(sessions).where(sessions.c.token_hash == token_hash))

    def for_user(self, user_id: UserId) -> Sequence[Session]:
        result = self._connection.execute(
            select(sessions)
            .where(sessions.c.user_id == user_id)
            .order_by(sessions.c.created_at, sessions.c.token_hash)
        )
        return [session_from_row(row) for row in result.mappings()]


class SqlLoginAttemptRepository(_Repository):
    def add(self, attempt: LoginAttempt) -> None:
        self._connection.execute(insert(login_attempts).values(attrs.asdict(attempt)))

    def take(self, state_hash: str) -> LoginAttempt | None:
        # DELETE ... RETURNING: of two callbacks with one state, only one gets a row.
        row = (
            self._connection.execute(
                delete(login_attempts)
                .where(login_attempts.c.state_hash == state_hash)
                .returning(*login_attempts.c)
            )
            .mappings()
            .first()
        )
        return None if row is None else LoginAttempt(**row)

    def purge(self, begun_before: datetime) -> None:
        self._connection.execute(
            delete(login_attempts).where(login_attempts.c.created_at < begun_before)
        )


class SqlCommentRepository(_Repository):
    def add(self, comment: Comment) -> Comment:
        result = self._connection.execute(insert(comments).values(comment_values(comment)))
        return attrs.evolve(comment, id=CommentId(_new_id(result)))

    def get(self, comment_id: CommentId) -> Comment | None:
        return self._one(comment_id, for_update=False)

    def lock(self, comment_id: CommentId) -> Comment | None:
        # FOR UPDATE on PostgreSQL; SQLite's write transactions are serial already.
        return self._one(comment_id, for_update=True)

    def of_event(self, event_id: EventId) -> Sequence[Comment]:
        result = self._connection.execute(
            select(comments).where(comments.c.event_id == event_id).order_by(comments.c.id)
        )
        return [comment_from_row(row) for row in result.mappings()]

    def add_image(self, image: CommentImage) -> CommentImage:
        result = self._connection.execute(
            insert(comment_images).values(
                comment_id=image.comment_id, url=image.url, created_at=image.created_at
            )
        )
        return attrs.evolve(image, id=CommentImageId(_new_id(result)))

    def images_of(self, comment_id: CommentId) -> Sequence[CommentImage]:
        result = self._connection.execute(
            select(comment_images)
            .where(comment_images.c.comment_id == comment_id)
            .order_by(comment_images.c.id)
        )
        return [image_from_row(row) for row in result.mappings()]

    def add_like(self, like: Like) -> None:
        with unique_rules(self._connection):
            self._connection.execute(insert(comment_likes).values(attrs.asdict(like)))

    def remove_like(self, comment_id: CommentId, user_id: UserId) -> bool:
        result = self._connection.execute(
            delete(comment_likes).where(self._like(comment_id, user_id))
        )
        return result.rowcount > 0

    def likes(self, comment_id: CommentId, user_id: UserId) -> bool:
        found = self._connection.execute(
            select(comment_likes.c.user_id).where(self._like(comment_id, user_id))
        ).first()
        return found is not None

    def like_count(self, comment_id: CommentId) -> int:
        return self._connection.execute(
            select(func.count())
            .select_from(comment_likes)
            .where(comment_likes.c.comment_id == comment_id)
        ).scalar_one()

    def _one(self, comment_id: CommentId, *, for_update: bool) -> Comment | None:
        statement = select(comments).where(comments.c.id == comment_id)
        if for_update:
            statement = statement.with_for_update()
        row = self._connection.execute(statement).mappings().first()
        return None if row is None else comment_from_row(row)

    @staticmethod
    def _like(comment_id: CommentId, user_id: UserId) -> ColumnElement[bool]:
        return (comment_likes.c.comment_id == comment_id) & (comment_likes.c.user_id == user_id)


class SqlGroupRepository(_Repository):
    def add(self, group: Group) -> Group:
        result = self._connection.execute(insert(groups).values(group_values(group)))
        return attrs.evolve(group, id=GroupId(_new_id(result)))

    def get(self, group_id: GroupId) -> Group | None:
        return self._one(group_id, for_update=False)

    def lock(self, group_id: GroupId) -> Group | None:
        return self._one(group_id, for_update=True)

    def save(self, group: Group) -> None:
        self._connection.execute(
            update(groups).where(groups.c.id == group.id).values(group_values(group))
        )

    def delete(self, group_id: GroupId) -> None:
        # Its memberships go with it: ON DELETE CASCADE.
        self._connection.execute(delete(groups).where(groups.c.id == group_id))

    def list(self) -> Sequence[Group]:
        result = self._connection.execute(select(groups).order_by(groups.c.id))
        return [group_from_row(row) for row in result.mappings()]

    def add_member(self, membership: Membership) -> None:
        with unique_rules(self._connection):
            self._connection.execute(insert(group_members).values(attrs.asdict(membership)))

    def remove_member(self, group_id: GroupId, user_id: UserId) -> bool:
        result = self._connection.execute(
            delete(group_members).where(
                group_members.c.group_id == group_id, group_members.c.user_id == user_id
            )
        )
        return result.rowcount > 0

    def members(self, group_id: GroupId) -> Sequence[Membership]:
        result = self._connection.execute(
            select(group_members)
            .where(group_members.c.group_id == group_id)
            .order_by(group_members.c.created_at, group_members.c.user_id)
        )
        return [membership_from_row(row) for row in result.mappings()]

    def _one(self, group_id: GroupId, *, for_update: bool) -> Group | None:
        statement = select(groups).where(groups.c.id == group_id)
        if for_update:
            statement = statement.with_for_update()
        row = self._connection.execute(statement).mappings().first()
        return None if row is None else group_from_row(row)
