"""The core's notices as GatherHub's real-time messages: `{type, data, timestamp}`.

`payload` names each notice as the seed does (event_created, task_completed,
vote_results, ...) and writes its data; `message` makes the JSON text a
WebSocket sends.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from eventcore.domain import notices
from eventcore.domain.planning_views import PollView
from eventcore.domain.tasks import Task
from eventcore.domain.voting import PollStatus
from eventcore.ports.notifier import StampedNotice
from eventcore.timestamps import utc_z

Data = dict[str, Any]


def _event(facts: notices.EventFacts, **extra: Any) -> Data:
    return {
        "id": facts.id,
        "title": facts.title,
        "current_participants": facts.participant_count,
        **extra,
    }


def _task(task: Task) -> Data:
    return {
        "id": task.id,
        "title": task.title,
        "status": task.status.value,
        "priority": task.priority.value,
        "event": task.event_id,
        "creator": task.creator_id,
        "assignee": task.assignee_id,
        "due_date": task.due_date,
        "completed_at": task.completed_at,
    }


def _opened(notice: notices.PollOpened) -> Data:
    poll = notice.poll
    return {
        "id": poll.id,
        "title": poll.title,
        "event": poll.event_id,
        "creator": poll.creator_id,
        "multiple_choice": poll.multiple_choice,
        "ends_at": poll.ends_at,
        "options": [{"id": option.id, "text": option.text} for option in poll.options],
    }


def _cast(notice: notices.BallotCast) -> Data:
    return {
        "id": notice.poll_id,
        "title": notice.title,
        "event": notice.event_id,
        "user_id": notice.user_id,
        "total_votes": notice.total_votes,
    }


def results(view: PollView, status: PollStatus) -> Data:
    """A poll's tally as vote_results and vote_ended carry it."""
    tally = view.tally
    winner = tally.winner
    return {
        "id": view.poll.id,
        "title": view.poll.title,
        "event": view.poll.event_id,
        "status": status.value,
        "total_votes": tally.total_votes,
        "results": [
            {
                "option_id": result.option.id,
                "text": result.option.text,
                "vote_count": result.vote_count,
                "percentage": result.percentage,
            }
            for result in tally.results
        ],
        "winner": None if winner is None else {"option_id": winner.id, "text": winner.text},
    }


# Each kind of notice: its GatherHub type, and how its data reads.
PAYLOADS: Mapping[type[notices.Notice], tuple[str, Callable[[Any], Data]]] = {
    notices.EventCreated: ("event_created", lambda n: _event(n.event)),
    notices.EventUpdated: ("event_updated", lambda n: _event(n.event)),
    notices.EventJoined: ("event_joined", lambda n: _event(n.event, user_id=n.user_id)),
    notices.EventLeft: ("event_left", lambda n: _event(n.event, user_id=n.user_id)),
    notices.PromotedFromWaitingList: (
        "waitlist_promoted",
        lambda n: _event(n.event, user_id=n.user_id),
    ),
    notices.TaskCreated: ("task_created", lambda n: _task(n.task)),
    notices.TaskUpdated: ("task_updated", lambda n: _task(n.task)),
    notices.TaskAssigned: ("task_assigned", lambda n: _task(n.task)),
    notices.TaskCompleted: ("task_completed", lambda n: _task(n.task)),
    notices.PollOpened: ("vote_created", _opened),
    notices.BallotCast: ("vote_cast", _cast),
    notices.PollCounted: ("vote_results", lambda n: results(n.view, n.status)),
    notices.PollEnded: ("vote_ended", lambda n: results(n.view, n.status)),
}


# Notices GatherHub has no word for: chat messages are the socialcalendar socket's.
UNSPOKEN: frozenset[type[notices.Notice]] = frozenset({notices.MessagePosted})


def payload(notice: notices.Notice) -> tuple[str, Data]:
    """The notice's GatherHub type and data (data values may still be datetimes)."""
    kind, data = PAYLOADS[type(notice)]
    return kind, data(notice)


def message(stamped: StampedNotice) -> str | None:
    """The JSON text of a notice as GatherHub clients read it; None for the UNSPOKEN."""
    if type(stamped.notice) in UNSPOKEN:
        return None
    kind, data = payload(stamped.notice)
    return text(kind, data, stamped.at)


def text(kind: str, data: object, at: datetime) -> str:
    return json.dumps({"type": kind, "data": data, "timestamp": utc_z(at)}, default=_jsonable)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc_z(value)
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(f"{type(value).__name__} cannot be sent in a real-time message")
