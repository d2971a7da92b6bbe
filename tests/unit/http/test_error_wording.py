"""Each surface words the core's refusals itself, from their reason and parameters."""

from __future__ import annotations

import inspect
import re

from eventcore.domain import access
from eventcore.domain.errors import InvalidValue, Reason
from eventcore.http.errors import Problem
from eventcore.http.surfaces.ticketing import errors as ticketing_errors


def test_a_refused_value_is_worded_with_the_clients_field_name_and_nothing_else_changes() -> None:
    # "status" also stands inside a choice; only the field is the client's word.
    error = InvalidValue("status", Reason.NOT_ONE_OF, choices="status-quo, changed")
    problem = Problem.from_domain(error, 400, {"status": "event_status"})
    assert problem.message == "event_status must be one of status-quo, changed."
    assert problem.details == {"event_status": [problem.message]}


def test_a_surface_may_word_a_reason_its_own_way() -> None:
    error = InvalidValue("seats_left", Reason.SEATS_LEFT_MISMATCH, taken=3, left=7)
    problem = Problem.from_domain(
        error, 400, ticketing_errors.FIELD_NAMES, ticketing_errors.WORDING
    )
    assert problem.message == (
        "tickets_remaining must equal capacity minus the 3 tickets already taken (7)."
    )
    assert error.message == "seats_left must equal capacity minus the 3 seats already taken (7)."


def test_ticketing_has_words_for_every_refusal_of_the_access_rules() -> None:
    raised = set(re.findall(r'reason="(\w+)"', inspect.getsource(access)))
    assert raised
    assert raised <= set(ticketing_errors.ACCESS_DENIED_WORDS)
