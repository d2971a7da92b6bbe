"""GatherHub writes every kind of the core's notices as its `{type, data, timestamp}`."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from eventcore.domain.ids import ChatId, EventId, TaskId, UserId
from eventcore.domain.notices import NOTICE_TYPES, MessagePosted, TaskCompleted
from eventcore.domain.social import ChatMessage
from eventcore.domain.tasks import Task, TaskStatus
from eventcore.http.surfaces.gatherhub.notices import PAYLOADS, UNSPOKEN, message
from eventcore.ports.notifier import StampedNotice
from support.constants import T0


def test_every_kind_of_notice_has_a_gatherhub_type_but_the_unspoken_ones() -> None:
    assert set(PAYLOADS) == set(NOTICE_TYPES) - UNSPOKEN
    assert len({kind for kind, _ in PAYLOADS.values()}) == len(PAYLOADS)


def test_chat_messages_are_not_written_to_gatherhub_clients() -> None:
    posted = MessagePosted(
        message=ChatMessage(
            chat_id=ChatId(1), user_id=UserId(1), text="hi", created_at=T0, updated_at=T0
        ),
        audience=frozenset({UserId(1)}),
    )
    assert message(StampedNotice(posted, T0)) is None


def test_a_notice_is_written_as_json_with_utc_times() -> None:
    task = Task(
        id=TaskId(3),
        event_id=EventId(1),
        title="Chairs",
        creator_id=UserId(1),
        created_at=T0,
        updated_at=T0,
        status=TaskStatus.COMPLETED,
        due_date=datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC),
        completed_at=T0,
    )
    written = json.loads(message(StampedNotice(TaskCompleted(task=task), T0)))
    assert written == {
        "type": "task_completed",
        "data": {
            "id": 3,
            "title": "Chairs",
            "status": "completed",
            "priority": "medium",
            "event": 1,
            "creator": 1,
            "assignee": None,
            "due_date": "2030-01-02T03:04:05Z",
            "completed_at": "2027-05-01T12:00:00Z",
        },
        "timestamp": "2027-05-01T12:00:00Z",
    }
