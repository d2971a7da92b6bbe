"""One like per user and comment, one membership per user and group, under parallel
requests on SQLite and PostgreSQL."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import Engine

from eventcore.adapters.clock import SystemClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.adapters.sqlalchemy.unit_of_work import SqlUnitOfWork
from eventcore.domain.comments import CommentDraft
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.groups import GroupDraft
from eventcore.domain.ids import UserId
from eventcore.domain.users import User
from eventcore.usecases import comments, events, groups

PARALLEL = 20


def _users(engine: Engine, count: int) -> list[UserId]:
    now = SystemClock().now()
    with SqlUnitOfWork(engine) as uow:
        made = [
            uow.users.add(
                User(username=f"u{n}", email=f"u{n}@example.org", created_at=now, updated_at=now)
            ).id
            for n in range(count)
        ]
        uow.commit()
    return made


def test_parallel_like_toggles_by_one_user_leave_zero_or_one_like(sql_engine: Engine) -> None:
    clock = SystemClock()
    author, liker = _users(sql_engine, 2)
    view = events.create_event(
        SqlUnitOfWork(sql_engine),
        clock,
        InProcessNotifier(),
        author,
        EventDraft(title="Talk", starts_at=clock.now() + timedelta(days=1)),
    )
    comment = comments.add_comment(
        SqlUnitOfWork(sql_engine), clock, author, view.event.id, CommentDraft(body="Hi")
    )

    def toggle(_: int) -> str:
        try:
            outcome = comments.toggle_like(SqlUnitOfWork(sql_engine), clock, liker, comment.id)
        except AlreadyExists:
            return "clash"
        return "liked" if outcome.liked else "unliked"

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(toggle, range(PARALLEL)))

    count = comments.like_count(SqlUnitOfWork(sql_engine), liker, comment.id)
    assert count in (0, 1)
    # The comment's lock makes the toggles take turns: they alternate exactly.
    assert outcomes.count("liked") - outcomes.count("unliked") == count
    with SqlUnitOfWork(sql_engine) as uow:
        assert uow.comments.likes(comment.id, liker) is (count == 1)


def test_parallel_adds_of_one_member_leave_one_membership(sql_engine: Engine) -> None:
    clock = SystemClock()
    creator, member = _users(sql_engine, 2)
    group = groups.create_group(SqlUnitOfWork(sql_engine), clock, creator, GroupDraft(title="G"))

    def add(_: int) -> str:
        try:
            groups.add_member(SqlUnitOfWork(sql_engine), clock, member, group.group.id, member)
        except AlreadyExists:
            return "already"
        return "added"

    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        outcomes = list(pool.map(add, range(PARALLEL)))

    assert outcomes.count("added") == 1
    assert outcomes.count("already") == PARALLEL - 1
    view = groups.get_group(SqlUnitOfWork(sql_engine), group.group.id)
    assert view.member_ids == (creator, member)
