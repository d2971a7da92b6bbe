"""Typed inputs: a library caller's mistakes are refused as a client's are, naming the field."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventcore.domain.errors import WORDING, InvalidValue, Reason
from eventcore.domain.event_changes import EventChanges, EventDraft
from eventcore.domain.events import EventKind, PublicationState
from eventcore.domain.inputs import UNSET
from eventcore.domain.inputs import given as given_fields
from eventcore.domain.tasks import TaskChanges, TaskDraft, TaskPriority
from eventcore.domain.users import AccountChanges, ProfileChanges, Registration, Role
from eventcore.domain.voting import PollDraft

START = datetime(2030, 5, 1, 18, tzinfo=UTC)


def refusal(make: Any, **values: Any) -> tuple[str | None, str]:
    with pytest.raises(InvalidValue) as refused:
        make(**values)
    return refused.value.field, refused.value.reason


@pytest.mark.parametrize(
    ("make", "values", "field"),
    [
        (EventDraft, {"starts_at": START}, "title"),
        (EventDraft, {"title": "Jazz"}, "starts_at"),
        (TaskDraft, {}, "title"),
        (PollDraft, {"title": "Lunch", "options": ["A", "B"]}, "ends_at"),
        (Registration, {"email": "ada@example.org"}, "password"),
    ],
)
def test_a_missing_required_field_is_refused_naming_it(
    make: Any, values: dict[str, Any], field: str
) -> None:
    assert refusal(make, **values) == (field, Reason.REQUIRED)


@pytest.mark.parametrize(
    ("make", "values", "field"),
    [
        (EventDraft, {"title": 3, "starts_at": START}, "title"),
        (EventDraft, {"title": "Jazz", "starts_at": "2030-05-01"}, "starts_at"),
        (EventDraft, {"title": "Jazz", "starts_at": START, "capacity": True}, "capacity"),
        (EventDraft, {"title": "Jazz", "starts_at": START, "capacity": 2.5}, "capacity"),
        (EventDraft, {"title": "Jazz", "starts_at": START, "images": "a.png"}, "images"),
        (EventChanges, {"is_private": "yes"}, "is_private"),
        (EventChanges, {"price": 9.99}, "price"),
        (TaskChanges, {"assignee_id": "2"}, "assignee_id"),
        (PollDraft, {"title": "Q", "options": "AB", "ends_at": START}, "options"),
        (ProfileChanges, {"age": "36"}, "age"),
    ],
)
def test_a_value_of_the_wrong_type_is_refused_naming_the_field(
    make: Any, values: dict[str, Any], field: str
) -> None:
    assert refusal(make, **values) == (field, Reason.WRONG_TYPE)


@pytest.mark.parametrize(
    ("make", "values", "field"),
    [
        (EventDraft, {"title": "Jazz", "starts_at": START, "id": 4}, "id"),
        (EventChanges, {"created_at": START}, "created_at"),
        (ProfileChanges, {"role": "admin"}, "role"),
        (TaskDraft, {"title": "Chairs", "status": "completed"}, "status"),
    ],
)
def test_a_field_the_use_case_does_not_list_is_refused_naming_it(
    make: Any, values: dict[str, Any], field: str
) -> None:
    assert refusal(make, **values) == (field, Reason.NOT_SETTABLE)


def test_enums_are_taken_as_members_or_as_their_values() -> None:
    draft = EventDraft(title="Jazz", starts_at=START, kind="group", publication_state="live")
    assert (draft.kind, draft.publication_state) == (EventKind.GROUP, PublicationState.LIVE)
    assert TaskDraft(title="Chairs", priority="high").priority is TaskPriority.HIGH
    assert Registration(email="a@b.org", password="x" * 8, role=Role.ADMIN).role is Role.ADMIN
    assert refusal(Registration, email="a@b.org", password="x" * 8, role="root") == (
        "role",
        Reason.NOT_ONE_OF,
    )


def test_numbers_are_kept_in_their_domain_types() -> None:
    draft = EventDraft(title="Jazz", starts_at=START, price=10, latitude=12)
    assert (draft.price, draft.latitude) == (Decimal(10), 12.0)
    assert isinstance(draft.latitude, float)


def test_a_changes_object_leaves_what_it_does_not_name_unset() -> None:
    changes = EventChanges(title="Blues", ends_at=None)
    assert changes.capacity is UNSET
    assert given_fields(changes) == {"title": "Blues", "ends_at": None}
    assert given_fields(AccountChanges()) == {}


def test_every_reason_has_words() -> None:
    assert set(WORDING) == set(Reason)


@given(st.sampled_from(sorted(Reason)), st.text(min_size=1, max_size=20))
def test_a_surface_words_a_reason_with_its_own_field_name(reason: Reason, label: str) -> None:
    params = {
        "expected": "text",
        "minimum": 1,
        "maximum": 9,
        "choices": "a, b",
        "taken": 2,
        "left": 3,
        "known": "Music",
        "creator": 7,
        "text": "A",
        "option": 4,
        "suffixes": ".png",
        "megabytes": 5,
    }
    error = InvalidValue("capacity", reason, **params)
    assert error.message == WORDING[reason].format(field="capacity", **params)
    assert error.describe(label, {reason: "{field}!"}) == f"{label}!"
