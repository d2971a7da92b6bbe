"""GatherHub request and response shapes of tasks and votes (polls), and of the event
detail that lists both."""

from __future__ import annotations

from typing import Any

from marshmallow import fields, post_load, validate

from eventcore.domain import tasks as task_rules
from eventcore.domain import voting as poll_rules
from eventcore.domain.paging import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from eventcore.domain.tasks import TaskPriority, TaskStatus
from eventcore.domain.voting import PollStatus
from eventcore.http.context import now
from eventcore.http.fields import CappedPageSize, QueryInteger, StrictInteger, Timestamp
from eventcore.http.schema import Schema
from eventcore.http.surfaces.gatherhub.schemas import EventDetailOut, Input, PersonOut

_STATUSES = [status.value for status in TaskStatus]
_PRIORITIES = [priority.value for priority in TaskPriority]
_POLL_STATUSES = [status.value for status in PollStatus]


class _PageQuery(Input):
    page = QueryInteger(load_default=1, validate=validate.Range(min=1))
    page_size = CappedPageSize(MAX_PAGE_SIZE, load_default=DEFAULT_PAGE_SIZE)


class EventRefOut(Schema):
    id = fields.Integer()
    title = fields.String()


class EventRefWithDateOut(EventRefOut):
    date = Timestamp(attribute="starts_at")


class UserRefOut(Schema):
    id = fields.Integer()
    username = fields.String()


class PersonWithEmailOut(PersonOut):
    email = fields.String()


# Tasks -----------------------------------------------------------------------


class TaskFieldsIn(Input):
    """What both a creation and an update may send."""

    title = fields.String(validate=validate.Length(min=1, max=task_rules.TITLE_MAX_LENGTH))
    description = fields.String(validate=validate.Length(max=task_rules.DESCRIPTION_MAX_LENGTH))
    priority = fields.String(validate=validate.OneOf(_PRIORITIES))
    due_date = Timestamp(allow_none=True)
    assignee = StrictInteger(allow_none=True, attribute="assignee_id")


class TaskIn(TaskFieldsIn):
    title = fields.String(
        required=True, validate=validate.Length(min=1, max=task_rules.TITLE_MAX_LENGTH)
    )
    event = StrictInteger(required=True, attribute="event_id")


class TaskUpdateIn(TaskFieldsIn):
    """PUT: only the fields sent change; a task stays with its event."""

    status = fields.String(validate=validate.OneOf(_STATUSES))


class AssignIn(Input):
    assignee = StrictInteger(required=True, attribute="assignee_id")


class TaskListQuery(_PageQuery):
    event = QueryInteger()
    assignee = QueryInteger()
    status = fields.String(validate=validate.OneOf(_STATUSES))
    due_date_from = fields.Date()
    due_date_to = fields.Date()


class _TaskCore(Schema):
    """A TaskView's own fields."""

    id = fields.Integer(attribute="task.id")
    title = fields.String(attribute="task.title")
    description = fields.String(attribute="task.description")
    status = fields.String(attribute="task.status.value", metadata={"enum": _STATUSES})
    priority = fields.String(attribute="task.priority.value", metadata={"enum": _PRIORITIES})
    due_date = Timestamp(attribute="task.due_date", allow_none=True)


class TaskOut(_TaskCore):
    """A task as the list shows it."""

    event = fields.Nested(EventRefOut)
    assignee = fields.Nested(PersonOut, allow_none=True)
    creator = fields.Nested(UserRefOut)
    created_at = Timestamp(attribute="task.created_at")
    updated_at = Timestamp(attribute="task.updated_at")
    completed_at = Timestamp(attribute="task.completed_at", allow_none=True)


class TaskCreatedOut(_TaskCore):
    event = fields.Nested(EventRefOut)
    assignee = fields.Nested(UserRefOut, allow_none=True)
    creator = fields.Nested(UserRefOut)
    created_at = Timestamp(attribute="task.created_at")


class TaskDetailOut(TaskOut):
    event = fields.Nested(EventRefWithDateOut)
    assignee = fields.Nested(PersonWithEmailOut, allow_none=True)


class TaskUpdatedOut(_TaskCore):
    event = fields.Nested(EventRefOut)
    assignee = fields.Nested(UserRefOut, allow_none=True)
    updated_at = Timestamp(attribute="task.updated_at")
    completed_at = Timestamp(attribute="task.completed_at", allow_none=True)


class TaskPageOut(Schema):
    count = fields.Integer()
    next = fields.String(allow_none=True)
    previous = fields.String(allow_none=True)
    results = fields.List(fields.Nested(TaskOut))


class AssignedTaskOut(Schema):
    id = fields.Integer(attribute="task.id")
    title = fields.String(attribute="task.title")
    assignee = fields.Nested(UserRefOut, allow_none=True)


class AssignedOut(Schema):
    message = fields.String()
    task = fields.Nested(AssignedTaskOut)


class CompletedTaskOut(Schema):
    id = fields.Integer(attribute="task.id")
    title = fields.String(attribute="task.title")
    status = fields.String(attribute="task.status.value", metadata={"enum": _STATUSES})
    completed_at = Timestamp(attribute="task.completed_at", allow_none=True)


class CompletedOut(Schema):
    message = fields.String()
    task = fields.Nested(CompletedTaskOut)


# Votes -----------------------------------------------------------------------


class OptionIn(Input):
    text = fields.String(
        required=True, validate=validate.Length(min=1, max=poll_rules.OPTION_TEXT_MAX_LENGTH)
    )

    @post_load
    def to_text(self, data: dict[str, Any], **_: Any) -> str:
        text: str = data["text"]
        return text


class PollIn(Input):
    title = fields.String(
        required=True, validate=validate.Length(min=1, max=poll_rules.TITLE_MAX_LENGTH)
    )
    description = fields.String(
        load_default="", validate=validate.Length(max=poll_rules.DESCRIPTION_MAX_LENGTH)
    )
    event = StrictInteger(required=True, attribute="event_id")
    options = fields.List(fields.Nested(OptionIn), required=True)
    ends_at = Timestamp(required=True)
    multiple_choice = fields.Boolean(load_default=False)


class CastIn(Input):
    options = fields.List(StrictInteger(), required=True, attribute="option_ids")


class PollListQuery(_PageQuery):
    event = QueryInteger()
    status = fields.String(validate=validate.OneOf(_POLL_STATUSES))
    creator = QueryInteger()


def _poll_status(view: Any) -> str:
    status: str = view.poll.status(now()).value
    return status


class _PollCore(Schema):
    """A PollView's own fields, as every vote body starts."""

    id = fields.Integer(attribute="poll.id")
    title = fields.String(attribute="poll.title")
    description = fields.String(attribute="poll.description")
    status = fields.Function(_poll_status, metadata={"enum": _POLL_STATUSES})


class PollOut(_PollCore):
    """A vote as the list shows it."""

    event = fields.Nested(EventRefOut)
    creator = fields.Nested(UserRefOut)
    total_votes = fields.Integer()
    ends_at = Timestamp(attribute="poll.ends_at")
    created_at = Timestamp(attribute="poll.created_at")


class OptionCountOut(Schema):
    id = fields.Integer(attribute="option.id")
    text = fields.String(attribute="option.text")
    vote_count = fields.Integer()


class OptionShareOut(OptionCountOut):
    percentage = fields.Float()


class PollCreatedOut(_PollCore):
    event = fields.Nested(EventRefOut)
    creator = fields.Nested(UserRefOut)
    options = fields.List(fields.Nested(OptionCountOut), attribute="tally.results")
    total_votes = fields.Integer()
    ends_at = Timestamp(attribute="poll.ends_at")
    multiple_choice = fields.Boolean(attribute="poll.multiple_choice")
    created_at = Timestamp(attribute="poll.created_at")


class PollPageOut(Schema):
    count = fields.Integer()
    next = fields.String(allow_none=True)
    previous = fields.String(allow_none=True)
    results = fields.List(fields.Nested(PollOut))


class UserVoteOut(Schema):
    """The viewer's ballot: `option_id` is its (first) option; `option_ids` lists every
    option of a multiple-choice ballot."""

    option_id = fields.Function(lambda ballot: ballot.option_ids[0])
    option_ids = fields.List(fields.Integer())
    voted_at = Timestamp(attribute="cast_at")


class PollDetailOut(Schema):
    """PollDetails: the view, and the viewer's own ballot."""

    id = fields.Integer(attribute="view.poll.id")
    title = fields.String(attribute="view.poll.title")
    description = fields.String(attribute="view.poll.description")
    status = fields.Function(
        lambda details: _poll_status(details.view), metadata={"enum": _POLL_STATUSES}
    )
    event = fields.Nested(EventRefWithDateOut, attribute="view.event")
    creator = fields.Nested(UserRefOut, attribute="view.creator")
    options = fields.List(fields.Nested(OptionShareOut), attribute="view.tally.results")
    total_votes = fields.Integer(attribute="view.total_votes")
    user_voted = fields.Function(lambda details: details.ballot is not None)
    user_vote = fields.Nested(UserVoteOut, attribute="ballot", allow_none=True)
    ends_at = Timestamp(attribute="view.poll.ends_at")
    multiple_choice = fields.Boolean(attribute="view.poll.multiple_choice")
    created_at = Timestamp(attribute="view.poll.created_at")


class CastVoteOut(Schema):
    id = fields.Integer(attribute="view.poll.id")
    title = fields.String(attribute="view.poll.title")
    user_vote = fields.Nested(UserVoteOut, attribute="ballot")
    total_votes = fields.Integer(attribute="view.total_votes")


class CastOut(Schema):
    message = fields.String()
    vote = fields.Nested(CastVoteOut)


class ResultOut(Schema):
    option_id = fields.Integer(attribute="option.id")
    text = fields.String(attribute="option.text")
    vote_count = fields.Integer()
    percentage = fields.Float()


class WinnerOut(Schema):
    option_id = fields.Integer(attribute="id")
    text = fields.String()


class ResultsOut(Schema):
    id = fields.Integer(attribute="poll.id")
    title = fields.String(attribute="poll.title")
    status = fields.Function(_poll_status, metadata={"enum": _POLL_STATUSES})
    total_votes = fields.Integer()
    results = fields.List(fields.Nested(ResultOut), attribute="tally.results")
    ends_at = Timestamp(attribute="poll.ends_at")
    winner = fields.Nested(WinnerOut, attribute="tally.winner", allow_none=True)


# The event detail --------------------------------------------------------------


class TaskHeadlineOut(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.String(attribute="status.value", metadata={"enum": _STATUSES})


class PollHeadlineOut(Schema):
    id = fields.Integer()
    title = fields.String()
    status = fields.Function(
        lambda headline: headline.status(now()).value, metadata={"enum": _POLL_STATUSES}
    )


class EventOverviewOut(EventDetailOut):
    """The event detail with its tasks and its votes (polls)."""

    tasks = fields.List(fields.Nested(TaskHeadlineOut))
    votes = fields.List(fields.Nested(PollHeadlineOut), attribute="polls")
    waiting_count = fields.Integer(
        attribute="waiting_list.waiting",
        metadata={"description": "How many are on the waiting list (an eventcore extension)."},
    )
    waitlist_position = fields.Integer(
        attribute="waiting_list.position",
        allow_none=True,
        metadata={
            "description": "The caller's place on the waiting list, 1 for the next to get "
            "a seat; null when they are not on it (an eventcore extension)."
        },
    )
