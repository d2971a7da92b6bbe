"""Tasks on the memory core: permissions, visibility, lists, notices, the event overview."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest

from eventcore.adapters.clock import FixedClock
from eventcore.adapters.realtime.inprocess import InProcessNotifier
from eventcore.bootstrap import Core
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.errors import Forbidden, InvalidValue, NotFound
from eventcore.domain.ids import EventId, TaskId, UserId
from eventcore.domain.paging import PageRequest
from eventcore.domain.planning_views import TaskView
from eventcore.domain.tasks import TaskChanges, TaskDraft, TaskFilter, TaskPriority, TaskStatus
from eventcore.domain.users import User
from eventcore.domain.views import EventView, UserSummary
from eventcore.domain.voting import PollDraft
from eventcore.usecases import attendance, events, tasks, voting
from strategies import T0
from support.notices import Notice

Tables = dict[str, dict[Any, Any]]
MakeEvent = Callable[..., EventView]
Snapshot = Callable[[], Tables]


def join(core: Core, user: User, event: EventView) -> None:
    attendance.join_event(core.uow(), core.clock, core.notifier, user.id, event.event.id)


def register(core: Core, event_id: EventId, user: User) -> None:
    """Make `user` a participant directly, as a private event's invitation would."""
    with core.uow() as uow:
        uow.attendances.add(
            Attendance(
                event_id=event_id,
                user_id=user.id,
                status=AttendanceStatus.REGISTERED,
                created_at=T0,
                updated_at=T0,
            )
        )
        uow.commit()


def create(core: Core, actor: User, event: EventView, **fields: Any) -> TaskView:
    fields.setdefault("title", "Bring chairs")
    return tasks.create_task(
        core.uow(), core.clock, core.notifier, actor.id, event.event.id, TaskDraft(**fields)
    )


def update(core: Core, actor: User, task: TaskView, **changes: Any) -> TaskView:
    return tasks.update_task(
        core.uow(), core.clock, core.notifier, actor.id, task.task.id, TaskChanges(**changes)
    )


def assign(core: Core, actor: User, task: TaskView, assignee: User) -> TaskView:
    return tasks.assign_task(
        core.uow(), core.clock, core.notifier, actor.id, task.task.id, assignee.id
    )


def complete(core: Core, actor: User, task: TaskView) -> TaskView:
    return tasks.complete_task(core.uow(), core.clock, core.notifier, actor.id, task.task.id)


def listed(core: Core, **where: Any) -> list[TaskId]:
    page = tasks.list_tasks(core.uow(), TaskFilter(**where), PageRequest())
    return [view.task.id for view in page.items]


def kinds(notifier: InProcessNotifier) -> list[str]:
    return [notice.type for notice in notifier.published if notice.type.startswith("task")]


@pytest.fixture
def picnic(core: Core, ada: User, bob: User, make_event: MakeEvent) -> EventView:
    """Ada's public picnic; Bob has joined it, Carol has not."""
    event = make_event(ada, title="Picnic")
    join(core, bob, event)
    return event


# --- create ------------------------------------------------------------------------


def test_the_organizer_creates_a_task_shown_with_its_event_and_people(
    core: Core, ada: User, bob: User, picnic: EventView
) -> None:
    view = create(
        core,
        ada,
        picnic,
        description="Twelve",
        assignee_id=bob.id,
        priority="high",
        due_date=T0 + timedelta(hours=5),
    )
    assert view.task.id == TaskId(1)
    assert (view.event.id, view.event.title, view.event.starts_at) == (
        picnic.event.id,
        "Picnic",
        picnic.event.starts_at,
    )
    assert view.creator == UserSummary.of(ada)
    assert view.assignee == UserSummary.of(bob)
    assert (view.task.status, view.task.priority, view.task.due_date) == (
        TaskStatus.PENDING,
        TaskPriority.HIGH,
        T0 + timedelta(hours=5),
    )
    assert tasks.get_task(core.uow(), bob.id, view.task.id) == view


def test_a_participant_creates_a_task(core: Core, bob: User, picnic: EventView) -> None:
    assert create(core, bob, picnic).creator.id == bob.id


def test_someone_not_taking_part_may_not_create_a_task_and_nothing_changes(
    core: Core,
    carol: User,
    picnic: EventView,
    snapshot: Snapshot,
    notifier: InProcessNotifier,
) -> None:
    before = snapshot()
    with pytest.raises(Forbidden):
        create(core, carol, picnic)
    assert snapshot() == before
    assert kinds(notifier) == []


def test_someone_who_left_no_longer_creates_tasks(core: Core, bob: User, picnic: EventView) -> None:
    attendance.leave_event(core.uow(), core.clock, core.notifier, bob.id, picnic.event.id)
    with pytest.raises(Forbidden):
        create(core, bob, picnic)


def test_the_assignee_of_a_new_task_must_take_part(
    core: Core, ada: User, carol: User, picnic: EventView, snapshot: Snapshot
) -> None:
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        create(core, ada, picnic, assignee_id=carol.id)
    assert caught.value.field == "assignee_id"
    with pytest.raises(InvalidValue):
        create(core, ada, picnic, assignee_id=UserId(404))
    assert snapshot() == before


def test_a_task_for_a_missing_or_hidden_event_names_the_event_field(
    core: Core, ada: User, carol: User, make_event: MakeEvent
) -> None:
    secret = make_event(ada, is_private=True)
    for event_id in (EventId(404), secret.event.id):
        with pytest.raises(InvalidValue) as caught:
            tasks.create_task(
                core.uow(),
                core.clock,
                core.notifier,
                carol.id,
                event_id,
                TaskDraft(title="Sneak in"),
            )
        assert caught.value.field == "event_id"


def test_creating_a_task_publishes_task_created_to_everyone_for_a_public_event(
    core: Core, ada: User, bob: User, picnic: EventView, notifier: InProcessNotifier
) -> None:
    view = create(core, ada, picnic, assignee_id=bob.id)
    assert notifier.published[-1] == Notice(
        "task_created",
        {
            "id": view.task.id,
            "title": "Bring chairs",
            "status": "pending",
            "priority": "medium",
            "event": picnic.event.id,
            "creator": ada.id,
            "assignee": bob.id,
            "due_date": None,
            "completed_at": None,
        },
        None,
    )


def test_a_private_events_task_notice_is_heard_by_its_creator_and_participants(
    core: Core,
    ada: User,
    bob: User,
    make_event: MakeEvent,
    notifier: InProcessNotifier,
) -> None:
    secret = make_event(ada, is_private=True)
    # Bob would come in by an invitation (not built yet): register him directly.
    register(core, secret.event.id, bob)
    create(core, ada, secret)
    assert notifier.published[-1].audience == frozenset({ada.id, bob.id})


# --- read and list -----------------------------------------------------------------


def test_a_private_events_tasks_are_hidden_from_outsiders_but_not_from_staff(
    core: Core, ada: User, carol: User, moderator: User, make_event: MakeEvent
) -> None:
    secret = make_event(ada, is_private=True)
    view = create(core, ada, secret)
    with pytest.raises(NotFound):
        tasks.get_task(core.uow(), carol.id, view.task.id)
    assert tasks.get_task(core.uow(), moderator.id, view.task.id) == view
    assert listed(core, viewer_id=carol.id) == []
    assert listed(core, viewer_id=ada.id) == [view.task.id]


def test_a_missing_task_is_not_found(core: Core, ada: User) -> None:
    with pytest.raises(NotFound):
        tasks.get_task(core.uow(), ada.id, TaskId(9))


def test_the_list_filters_by_event_assignee_status_and_due_dates(
    core: Core, ada: User, bob: User, picnic: EventView, make_event: MakeEvent
) -> None:
    other = make_event(ada, title="Chess")
    chairs = create(core, ada, picnic, assignee_id=bob.id, due_date=T0 + timedelta(days=1))
    food = create(core, ada, picnic, due_date=T0 + timedelta(days=3))
    boards = create(core, ada, other, assignee_id=ada.id)
    complete(core, ada, food)

    assert listed(core) == [chairs.task.id, food.task.id, boards.task.id]
    assert listed(core, event_id=other.event.id) == [boards.task.id]
    assert listed(core, assignee_id=bob.id) == [chairs.task.id]
    assert listed(core, status=TaskStatus.COMPLETED) == [food.task.id]
    assert listed(core, due_from=T0 + timedelta(days=1)) == [chairs.task.id, food.task.id]
    assert listed(core, due_before=T0 + timedelta(days=1)) == []
    assert listed(core, due_from=T0 + timedelta(days=2), due_before=T0 + timedelta(days=4)) == [
        food.task.id
    ]


def test_the_list_pages_oldest_first(core: Core, ada: User, picnic: EventView) -> None:
    made = [create(core, ada, picnic, title=f"Task {n}").task.id for n in range(5)]
    page = tasks.list_tasks(core.uow(), TaskFilter(), PageRequest(2, 2))
    assert [view.task.id for view in page.items] == made[2:4]
    assert (page.total, page.has_next, page.has_previous) == (5, True, True)


# --- update ------------------------------------------------------------------------


def test_the_assignee_updates_and_completing_by_status_notifies_both_facts(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    picnic: EventView,
    notifier: InProcessNotifier,
) -> None:
    view = create(core, ada, picnic, assignee_id=bob.id)
    clock.advance(timedelta(hours=2))
    done = update(core, bob, view, status="completed", title="Chairs: done")
    assert (done.task.status, done.task.completed_at, done.task.updated_at) == (
        TaskStatus.COMPLETED,
        T0 + timedelta(hours=2),
        T0 + timedelta(hours=2),
    )
    assert kinds(notifier) == ["task_created", "task_updated", "task_completed"]

    reopened = update(core, ada, done, status="in_progress")
    assert (reopened.task.status, reopened.task.completed_at) == (TaskStatus.IN_PROGRESS, None)
    assert tasks.get_task(core.uow(), ada.id, view.task.id) == reopened


def test_others_may_not_update_and_nothing_changes(
    core: Core, ada: User, bob: User, carol: User, picnic: EventView, snapshot: Snapshot
) -> None:
    view = create(core, bob, picnic)
    before = snapshot()
    for outsider in (ada, carol):
        with pytest.raises(Forbidden):
            update(core, outsider, view, title="Hijacked")
    assert snapshot() == before


def test_reassigning_through_an_update_notifies_the_assignment(
    core: Core, ada: User, bob: User, picnic: EventView, notifier: InProcessNotifier
) -> None:
    view = create(core, ada, picnic)
    update(core, ada, view, assignee_id=bob.id)
    assert kinds(notifier) == ["task_created", "task_updated", "task_assigned"]


def test_the_assignee_may_not_reassign_through_an_update(
    core: Core, ada: User, bob: User, picnic: EventView
) -> None:
    view = create(core, ada, picnic, assignee_id=bob.id)
    with pytest.raises(Forbidden):
        update(core, bob, view, assignee_id=ada.id)


def test_an_update_of_a_hidden_task_is_not_found(
    core: Core, ada: User, carol: User, make_event: MakeEvent
) -> None:
    view = create(core, ada, make_event(ada, is_private=True))
    with pytest.raises(NotFound):
        update(core, carol, view, title="Peek")


# --- assign ------------------------------------------------------------------------


def test_the_event_creator_assigns_a_participants_task(
    core: Core, ada: User, bob: User, picnic: EventView, notifier: InProcessNotifier
) -> None:
    view = create(core, bob, picnic)
    assigned = assign(core, ada, view, bob)
    assert assigned.assignee == UserSummary.of(bob)
    assert notifier.published[-1].type == "task_assigned"
    assert notifier.published[-1].data["assignee"] == bob.id


def test_the_task_creator_assigns(core: Core, ada: User, bob: User, picnic: EventView) -> None:
    view = create(core, bob, picnic)
    assert assign(core, bob, view, ada).assignee == UserSummary.of(ada)


def test_the_assignee_and_outsiders_may_not_assign(
    core: Core, ada: User, bob: User, carol: User, picnic: EventView
) -> None:
    view = create(core, ada, picnic, assignee_id=bob.id)
    for someone in (bob, carol):
        with pytest.raises(Forbidden):
            assign(core, someone, view, bob)


def test_assigning_to_someone_not_taking_part_is_invalid_and_changes_nothing(
    core: Core, ada: User, carol: User, picnic: EventView, snapshot: Snapshot
) -> None:
    view = create(core, ada, picnic)
    before = snapshot()
    with pytest.raises(InvalidValue) as caught:
        assign(core, ada, view, carol)
    assert caught.value.field == "assignee_id"
    assert snapshot() == before


# --- complete ----------------------------------------------------------------------


def test_the_assignee_completes_once_and_a_second_completion_changes_nothing(
    core: Core,
    clock: FixedClock,
    ada: User,
    bob: User,
    picnic: EventView,
    notifier: InProcessNotifier,
) -> None:
    view = create(core, ada, picnic, assignee_id=bob.id)
    done = complete(core, bob, view)
    assert (done.task.status, done.task.completed_at) == (TaskStatus.COMPLETED, T0)
    clock.advance(timedelta(days=1))
    assert complete(core, ada, view) == done
    assert kinds(notifier) == ["task_created", "task_completed"]


def test_others_may_not_complete(
    core: Core, ada: User, bob: User, carol: User, picnic: EventView
) -> None:
    view = create(core, bob, picnic)
    for someone in (ada, carol):
        with pytest.raises(Forbidden):
            complete(core, someone, view)


# --- the event overview ------------------------------------------------------------


def test_the_overview_shows_the_events_tasks_and_polls(
    core: Core, ada: User, bob: User, picnic: EventView, make_event: MakeEvent
) -> None:
    chairs = create(core, ada, picnic)
    create(core, ada, make_event(ada, title="Elsewhere"))
    poll = voting.create_poll(
        core.uow(),
        core.clock,
        core.notifier,
        ada.id,
        picnic.event.id,
        PollDraft(title="Lunch", options=["Pizza", "Sushi"], ends_at=T0 + timedelta(days=1)),
    )

    overview = events.event_overview(core.uow(), bob.id, picnic.event.id)

    assert overview.details == events.get_event(core.uow(), bob.id, picnic.event.id)
    assert overview.tasks == (chairs.task,)
    assert [(h.id, h.title, h.ends_at) for h in overview.polls] == [
        (poll.poll.id, "Lunch", T0 + timedelta(days=1))
    ]
    assert (overview.event, overview.participant_count) == (picnic.event, 2)


def test_the_overview_of_a_hidden_event_is_not_found(
    core: Core, ada: User, carol: User, make_event: MakeEvent
) -> None:
    secret = make_event(ada, is_private=True)
    with pytest.raises(NotFound):
        events.event_overview(core.uow(), carol.id, secret.event.id)
    with pytest.raises(NotFound):
        events.event_overview(core.uow(), carol.id, EventId(404))


def test_deleting_an_event_removes_its_tasks_polls_and_ballots(
    core: Core, ada: User, bob: User, picnic: EventView, snapshot: Snapshot
) -> None:
    create(core, ada, picnic)
    poll = voting.create_poll(
        core.uow(),
        core.clock,
        core.notifier,
        ada.id,
        picnic.event.id,
        PollDraft(title="Lunch", options=["Pizza", "Sushi"], ends_at=T0 + timedelta(days=1)),
    )
    voting.cast_ballot(
        core.uow(), core.clock, core.notifier, bob.id, poll.poll.id, [poll.poll.options[0].id]
    )
    events.delete_event(core.uow(), ada.id, picnic.event.id)
    tables = snapshot()
    assert (tables["tasks"], tables["polls"], tables["ballots"]) == ({}, {}, {})
