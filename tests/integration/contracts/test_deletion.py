"""What deleting a user or an event does to every aggregate, alike on memory,
SQLite and PostgreSQL.

Each test builds the same small world, observes it through the repositories,
deletes one thing, and observes again: the observations that changed must be
exactly the ones the foreign-key rules predict, with the values they predict.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import pytest

from eventcore.adapters.memory.store import CASCADE, RESTRICT, SET_NULL, TABLES, OnDelete
from eventcore.adapters.sqlalchemy.tables import metadata
from eventcore.domain.attendance import Attendance, AttendanceStatus, WaitingList
from eventcore.domain.comments import Comment, CommentImage, Like
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken
from eventcore.domain.errors import Conflict
from eventcore.domain.events import Category, Event, EventImage
from eventcore.domain.feeds import FeedToken
from eventcore.domain.groups import Group, Membership
from eventcore.domain.ids import CommentId, EventId, GroupId, PollId, TaskId, UserId
from eventcore.domain.sessions import new_session
from eventcore.domain.tasks import Task
from eventcore.domain.users import User
from eventcore.domain.voting import Ballot, Poll, PollOption
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
Observed = dict[Hashable, Any]


@attrs.frozen
class World:
    """`owner` made both events and what is on them, and a group; `ada` and `bob` take
    part in everything (attendances, assigned tasks, ballots, the group), each wrote a
    comment the other likes, and they own nothing else. At the picnic they are on the
    waiting list, Ada first."""

    owner: User
    ada: User
    bob: User
    category: Category
    party: Event
    picnic: Event
    tasks: Mapping[str, TaskId]
    polls: Mapping[str, PollId]
    comments: Mapping[str, CommentId]
    group: GroupId

    @property
    def users(self) -> tuple[User, ...]:
        return (self.owner, self.ada, self.bob)

    @property
    def events(self) -> tuple[Event, ...]:
        return (self.party, self.picnic)


# What a user has alone, observed per user: it goes when the user does.
THEIRS_ALONE = (
    "user",
    "credentials",
    "refresh token",
    "api token",
    "api token holder",
    "feed token",
    "feed token by hash",
)


def token_hash(user: User, kind: str) -> str:
    return f"{kind}-{user.username}".ljust(64, "0")


@pytest.fixture
def world(
    uow_factory: UowFactory,
    now: datetime,
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
) -> World:
    owner, ada, bob = add_user(username="owner"), add_user(username="ada"), add_user(username="bob")
    category = add_category("Music")
    party = add_event(
        owner.id,
        title="Party",
        category_id=category.id,
        images=(EventImage("party-1.png", True), EventImage("party-2.png")),
    )
    picnic = add_event(owner.id, title="Picnic", images=(EventImage("picnic.png", True),))
    for event in (party, picnic):
        attend(event.id, ada.id)
        attend(event.id, bob.id)
    with uow_factory() as uow:
        # At the picnic they wait instead, Ada first: a waiting list to delete from.
        for number, user in enumerate((ada, bob), start=1):
            picnic_goer = uow.attendances.find(picnic.id, user.id)
            assert picnic_goer is not None
            uow.attendances.save(
                attrs.evolve(picnic_goer, status=AttendanceStatus.WAITLISTED, queue_number=number)
            )
        uow.commit()
    with uow_factory() as uow:
        for user in (owner, ada, bob):
            uow.credentials.save(Credentials(user_id=user.id, password_hash=f"hash-{user.id}"))
            uow.refresh_tokens.add(
                RefreshToken(
                    token_hash=token_hash(user, "refresh"),
                    user_id=user.id,
                    family=f"family-{user.username}",
                    issued_at=now,
                    expires_at=now + timedelta(days=7),
                )
            )
            uow.api_tokens.save(
                ApiToken(token_hash=token_hash(user, "api"), user_id=user.id, created_at=now)
            )
            uow.feed_tokens.save(
                FeedToken(
                    user_id=user.id,
                    token_hash=token_hash(user, "feed"),
                    salt=f"salt-{user.username}",
                    created_at=now,
                )
            )

        def task(event: Event, assignee: User | None) -> TaskId:
            made = Task(
                event_id=event.id,
                title=f"Chores of {assignee.username if assignee else 'nobody'}",
                creator_id=owner.id,
                created_at=now,
                updated_at=now,
                assignee_id=None if assignee is None else assignee.id,
            )
            return uow.tasks.add(made).id

        def poll(event: Event, *voters: User) -> PollId:
            made = uow.polls.add(
                Poll(
                    event_id=event.id,
                    creator_id=owner.id,
                    title=f"Music at the {event.title}",
                    options=(
                        PollOption(text="Jazz", position=0),
                        PollOption(text="Folk", position=1),
                    ),
                    ends_at=now + timedelta(days=1),
                    created_at=now,
                )
            )
            for position, voter in enumerate(voters):
                uow.polls.add_ballot(
                    Ballot(
                        poll_id=made.id,
                        user_id=voter.id,
                        option_ids=(made.options[position % 2].id,),
                        cast_at=now,
                    )
                )
            return made.id

        for user in (owner, ada, bob):
            uow.sessions.add(new_session(token_hash(user, "session"), user.id, now))

        def comment(event: Event, author: User, liker: User) -> CommentId:
            made = uow.comments.add(
                Comment(
                    event_id=event.id,
                    user_id=author.id,
                    body=f"{author.username} was here",
                    created_at=now,
                    updated_at=now,
                )
            )
            uow.comments.add_image(
                CommentImage(comment_id=made.id, url=f"{author.username}.png", created_at=now)
            )
            uow.comments.add_like(Like(comment_id=made.id, user_id=liker.id, created_at=now))
            return made.id

        comments = {
            "ada on party": comment(party, ada, bob),
            "bob on picnic": comment(picnic, bob, ada),
        }
        group = uow.groups.add(
            Group(title="Friends", creator_id=owner.id, created_at=now, updated_at=now)
        )
        for member in (owner, ada, bob):
            uow.groups.add_member(Membership(group_id=group.id, user_id=member.id, created_at=now))
        tasks = {
            "party ada": task(party, ada),
            "party bob": task(party, bob),
            "party open": task(party, None),
            "picnic ada": task(picnic, ada),
        }
        polls = {"party": poll(party, ada, bob), "picnic": poll(picnic, ada)}
        uow.commit()
    return World(owner, ada, bob, category, party, picnic, tasks, polls, comments, group.id)


def observe(uow: UnitOfWork, world: World) -> Observed:
    """Everything the repositories tell about the world, by what was asked."""
    seen: Observed = {"users": uow.users.list(), "user count": uow.users.count()}
    seen["categories"] = uow.categories.list()
    seen["category", "Music"] = uow.categories.get(world.category.id)
    for user in world.users:
        seen["user", user.username] = uow.users.get(user.id)
        seen["credentials", user.username] = uow.credentials.get(user.id)
        seen["refresh token", user.username] = uow.refresh_tokens.get(token_hash(user, "refresh"))
        seen["api token", user.username] = uow.api_tokens.for_user(user.id)
        seen["api token holder", user.username] = uow.users.holding_api_token(
            token_hash(user, "api")
        )
        seen["attendances of", user.username] = uow.attendances.for_user(user.id)
        seen["sessions of", user.username] = uow.sessions.for_user(user.id)
        seen["feed token", user.username] = uow.feed_tokens.for_user(user.id)
        seen["feed token by hash", user.username] = uow.feed_tokens.get(token_hash(user, "feed"))
        seen["calendar of", user.username] = uow.calendar_entries.person(
            user.id, datetime.min.replace(tzinfo=UTC), 100
        )
    seen["group"] = uow.groups.get(world.group)
    seen["groups"] = uow.groups.list()
    seen["members"] = uow.groups.members(world.group)
    for name, comment_id in world.comments.items():
        seen["comment", name] = uow.comments.get(comment_id)
        seen["images", name] = uow.comments.images_of(comment_id)
        seen["likes", name] = uow.comments.like_count(comment_id)
        for user in world.users:
            seen["like", name, user.username] = uow.comments.likes(comment_id, user.id)
    for event in world.events:
        seen["comments at", event.title] = uow.comments.of_event(event.id)
        seen["event", event.title] = uow.events.get(event.id)
        seen["attendances at", event.title] = uow.attendances.for_event(event.id)
        seen["tasks at", event.title] = uow.tasks.of_event(event.id)
        seen["poll headlines", event.title] = uow.polls.headlines(event.id)
        seen["waiting list at", event.title] = uow.attendances.queue(event.id)
        for user in world.users:
            seen["attendance", event.title, user.username] = uow.attendances.find(event.id, user.id)
            seen["standing", event.title, user.username] = uow.attendances.waiting_list(
                event.id, user.id
            )
    for name, task_id in world.tasks.items():
        seen["task", name] = uow.tasks.get(task_id)
    for name, poll_id in world.polls.items():
        seen["poll", name] = uow.polls.get(poll_id)
        view = uow.polls.view(poll_id)
        seen["votes", name] = None if view is None else (view.total_votes, dict(view.counts))
        for user in world.users:
            seen["ballot", name, user.username] = uow.polls.ballot_of(poll_id, user.id)
    return seen


def observe_committed(uow_factory: UowFactory, world: World) -> Observed:
    with uow_factory() as uow:
        return observe(uow, world)


def changes(before: Observed, after: Observed) -> set[Hashable]:
    assert before.keys() == after.keys()
    return {key for key in before if before[key] != after[key]}


# --- deleting a user --------------------------------------------------------------


def test_deleting_a_user_takes_what_is_theirs_alone_and_unassigns_their_tasks(
    uow_factory: UowFactory, world: World
) -> None:
    before = observe_committed(uow_factory, world)
    with uow_factory() as uow:
        uow.users.delete(world.ada.id)
        uow.commit()
    after = observe_committed(uow_factory, world)

    assert changes(before, after) == {
        "users",
        "user count",
        *((kind, "ada") for kind in (*THEIRS_ALONE, "attendances of", "calendar of")),
        *(("attendance", title, "ada") for title in ("Party", "Picnic")),
        *(("attendances at", title) for title in ("Party", "Picnic")),
        ("task", "party ada"),
        ("task", "picnic ada"),
        *(("tasks at", title) for title in ("Party", "Picnic")),
        ("ballot", "party", "ada"),
        ("ballot", "picnic", "ada"),
        ("votes", "party"),
        ("votes", "picnic"),
        ("sessions of", "ada"),
        # Her comment goes with its image and likes; her like of Bob's comment goes.
        ("comments at", "Party"),
        *((kind, "ada on party") for kind in ("comment", "images", "likes")),
        ("like", "ada on party", "bob"),
        ("likes", "bob on picnic"),
        ("like", "bob on picnic", "ada"),
        "members",
        # Her place in the picnic's waiting list goes; Bob moves up to it, and one
        # fewer waits for everyone.
        ("waiting list at", "Picnic"),
        *(("standing", "Picnic", user.username) for user in world.users),
    }
    assert after["users"] == [world.owner, world.bob]
    assert after["waiting list at", "Picnic"] == [before["attendance", "Picnic", "bob"]]
    assert after["standing", "Picnic", "ada"] == WaitingList(1, None)
    assert after["standing", "Picnic", "owner"] == WaitingList(1, None)
    assert after["standing", "Picnic", "bob"] == WaitingList(1, 1)
    assert after["sessions of", "ada"] == []
    assert after["comments at", "Party"] == []
    assert after["comment", "ada on party"] is None
    assert after["images", "ada on party"] == []
    assert after["likes", "ada on party"] == 0
    assert after["likes", "bob on picnic"] == 0
    assert after["comment", "bob on picnic"] == before["comment", "bob on picnic"]
    assert [m.user_id for m in after["members"]] == [world.owner.id, world.bob.id]
    assert after["group"] == before["group"]
    assert after["user count"] == 2
    for kind in THEIRS_ALONE:
        assert after[kind, "ada"] is None, kind
    assert after["calendar of", "ada"] == []
    # She only waits for the picnic: a waiting-list place puts no event on a calendar.
    assert [entry.event.title for entry in before["calendar of", "ada"]] == ["Party"]
    assert after["attendances of", "ada"] == []
    for title in ("Party", "Picnic"):
        assert after["attendance", title, "ada"] is None
        assert after["attendances at", title] == [
            a for a in before["attendances at", title] if a.user_id != world.ada.id
        ]
    # SET NULL: the task stays on its event, with no one assigned and nothing else changed.
    for name in ("party ada", "picnic ada"):
        assert after["task", name] == attrs.evolve(before["task", name], assignee_id=None)
    assert after["tasks at", "Party"] == [
        attrs.evolve(task, assignee_id=None) if task.assignee_id == world.ada.id else task
        for task in before["tasks at", "Party"]
    ]
    assert after["tasks at", "Picnic"] == [after["task", "picnic ada"]]
    assert after["ballot", "party", "ada"] is None
    assert after["ballot", "picnic", "ada"] is None
    party_poll = before["poll", "party"]
    assert after["votes", "party"] == (1, {party_poll.options[1].id: 1})
    assert after["votes", "picnic"] == (0, {})


def owns_an_event(uow: UnitOfWork, world: World, now: datetime) -> None:
    uow.events.add(
        Event(creator_id=world.ada.id, title="Ada's", starts_at=now, created_at=now, updated_at=now)
    )


def owns_a_task(uow: UnitOfWork, world: World, now: datetime) -> None:
    uow.tasks.add(
        Task(
            event_id=world.picnic.id,
            title="Ada's chore",
            creator_id=world.ada.id,
            created_at=now,
            updated_at=now,
        )
    )


def owns_a_poll(uow: UnitOfWork, world: World, now: datetime) -> None:
    uow.polls.add(
        Poll(
            event_id=world.picnic.id,
            creator_id=world.ada.id,
            title="Ada's question",
            options=(PollOption(text="Yes", position=0),),
            ends_at=now + timedelta(days=1),
            created_at=now,
        )
    )


@pytest.mark.parametrize("owned", [owns_an_event, owns_a_task, owns_a_poll])
def test_a_user_who_created_an_event_a_task_or_a_poll_cannot_be_deleted(
    uow_factory: UowFactory,
    world: World,
    now: datetime,
    owned: Callable[[UnitOfWork, World, datetime], None],
) -> None:
    with uow_factory() as uow:
        owned(uow, world, now)
        uow.commit()
    before = observe_committed(uow_factory, world)
    with uow_factory() as uow:
        with pytest.raises(Conflict) as refused:
            uow.users.delete(world.ada.id)
        assert refused.value.message == "This user still owns events, tasks or polls."
        assert refused.value.field == "id"
        # Nothing went, not even what a successful deletion would have taken along,
        # and the unit of work goes on.
        assert observe(uow, world) == before
        uow.users.delete(world.bob.id)
        uow.commit()
    after = observe_committed(uow_factory, world)
    assert after["user", "ada"] == world.ada
    assert after["credentials", "ada"] == before["credentials", "ada"]
    assert after["user", "bob"] is None


def test_a_user_whose_task_was_on_a_deleted_event_can_then_be_deleted(
    uow_factory: UowFactory, world: World, now: datetime
) -> None:
    with uow_factory() as uow:
        owns_a_task(uow, world, now)
        owns_a_poll(uow, world, now)
        uow.commit()
    with uow_factory() as uow:
        uow.events.delete(world.picnic.id)
        uow.users.delete(world.ada.id)
        uow.commit()
    after = observe_committed(uow_factory, world)
    assert after["user", "ada"] is None
    assert after["users"] == [world.owner, world.bob]


def test_deleting_a_user_who_made_a_group_takes_the_group_and_its_memberships(
    uow_factory: UowFactory, world: World, now: datetime
) -> None:
    with uow_factory() as uow:
        made = uow.groups.add(
            Group(title="Bob's", creator_id=world.bob.id, created_at=now, updated_at=now)
        )
        uow.groups.add_member(Membership(group_id=made.id, user_id=world.ada.id, created_at=now))
        uow.commit()
    with uow_factory() as uow:
        uow.users.delete(world.bob.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.groups.get(made.id) is None
        assert uow.groups.members(made.id) == []
        assert [g.id for g in uow.groups.list()] == [world.group]


# --- deleting an event ------------------------------------------------------------


def test_deleting_an_event_takes_its_attendances_tasks_polls_and_ballots_along(
    uow_factory: UowFactory, world: World
) -> None:
    before = observe_committed(uow_factory, world)
    with uow_factory() as uow:
        uow.events.delete(world.party.id)
        uow.commit()
    after = observe_committed(uow_factory, world)

    assert changes(before, after) == {
        ("event", "Party"),
        ("attendances at", "Party"),
        *(("attendance", "Party", user.username) for user in world.users),
        *(("attendances of", user.username) for user in world.users),
        *(("calendar of", user.username) for user in world.users),
        ("tasks at", "Party"),
        *(("task", name) for name in ("party ada", "party bob", "party open")),
        ("poll headlines", "Party"),
        ("poll", "party"),
        ("votes", "party"),
        *(("ballot", "party", user.username) for user in (world.ada, world.bob)),
        ("comments at", "Party"),
        *((kind, "ada on party") for kind in ("comment", "images", "likes")),
        ("like", "ada on party", "bob"),
    }
    assert after["event", "Party"] is None
    assert after["comment", "ada on party"] is None
    assert after["images", "ada on party"] == []
    assert after["likes", "ada on party"] == 0
    assert after["comments at", "Picnic"] == before["comments at", "Picnic"]
    assert after["attendances at", "Party"] == []
    for user in world.users:
        assert after["attendance", "Party", user.username] is None
        assert after["attendances of", user.username] == [
            after["attendance", "Picnic", user.username]
        ]
    # The owner made the picnic; Ada and Bob only wait for it (no calendar entry).
    calendars = {user.username: after["calendar of", user.username] for user in world.users}
    assert {name: [entry.event.title for entry in found] for name, found in calendars.items()} == {
        "owner": ["Picnic"],
        "ada": [],
        "bob": [],
    }
    assert after["tasks at", "Party"] == []
    for name in ("party ada", "party bob", "party open"):
        assert after["task", name] is None
    assert after["poll headlines", "Party"] == []
    assert after["poll", "party"] is None
    assert after["votes", "party"] is None
    assert after["ballot", "party", "ada"] is None
    assert after["ballot", "party", "bob"] is None
    # The other event keeps its images, tasks and polls; the category stays.
    assert after["event", "Picnic"] == world.picnic
    assert after["category", "Music"] == world.category


def test_deleting_an_unknown_event_or_user_changes_nothing(
    uow_factory: UowFactory, world: World
) -> None:
    before = observe_committed(uow_factory, world)
    with uow_factory() as uow:
        uow.events.delete(EventId(999_999))
        uow.users.delete(UserId(999_999))
        uow.commit()
    assert observe_committed(uow_factory, world) == before


# --- the memory store's rules are the schema's ------------------------------------

SQL_ON_DELETE: Mapping[str | None, OnDelete] = {
    None: RESTRICT,  # no ON DELETE rule: NO ACTION
    "CASCADE": CASCADE,
    "SET NULL": SET_NULL,
}

# Kept inside the entity they belong to in memory (Event.images, Poll.options,
# Ballot.option_ids), so they can only go along with it.
EMBEDDED_IN_MEMORY = {"event_images", "poll_options", "ballot_choices"}
# In SQL alone: the deployment's id, which no user or event refers to (a memory core is
# a deployment of its own, with an id it makes when built: bootstrap.memory_core), and
# the counts of public events (in all, per day) that the database's triggers keep for
# the list.
SQL_ONLY = {"installation", "event_tallies", "public_events_by_day"}


def test_the_memory_foreign_keys_mirror_the_sql_schema() -> None:
    sql = {
        table.name: {
            key.parent.name: (key.column.table.name, SQL_ON_DELETE[key.ondelete])
            for key in table.foreign_keys
        }
        for table in metadata.sorted_tables
    }
    memory = {
        name: {column: (key.table, key.on_delete) for column, key in keys.items()}
        for name, keys in TABLES.items()
    }
    assert sql.keys() - memory.keys() == EMBEDDED_IN_MEMORY | SQL_ONLY
    assert all(sql[name] == {} for name in SQL_ONLY)
    assert {name: sql[name] for name in memory} == memory
    for name in EMBEDDED_IN_MEMORY:
        assert {rule for _, rule in sql[name].values()} == {CASCADE}, name
