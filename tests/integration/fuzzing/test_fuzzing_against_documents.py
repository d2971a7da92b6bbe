"""Every mounted API, fuzzed against its own OpenAPI document (schemathesis, in-process
over WSGI, on SQLite): no answer is a 5xx, and every status code, content type and
body is one the document describes.

The runs are bounded (FUZZ_EXAMPLES per operation, derandomized, so a run is
repeatable); `EVENTCORE_FUZZ_EXAMPLES=300 scripts/test tests/integration/fuzzing`
is the long run the README names.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from fuzz_documents import TARGET
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.fuzz

FUZZ_EXAMPLES = int(os.environ.get("EVENTCORE_FUZZ_EXAMPLES", "12"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
BOUNDED = settings(
    max_examples=FUZZ_EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


gatherhub = TARGET.document("")
eventify = TARGET.document("/eventify")
ticketing = TARGET.document("/ticketing")
community = TARGET.document("/community")
socialcalendar = TARGET.document("/socialcalendar")


def _check(case: Any, **credentials: Any) -> None:
    case.call_and_validate(checks=CHECKS, **credentials)


@gatherhub.parametrize()
@BOUNDED
def test_gatherhub_answers_as_its_document_says(case: Any) -> None:
    _check(case, headers=TARGET.bearer)


@eventify.parametrize()
@BOUNDED
def test_eventify_answers_as_its_document_says(case: Any) -> None:
    # Eventify reads who is calling from the JSON body: a real user's there.
    if isinstance(case.body, dict):
        case.body = {**case.body, **TARGET.eventify}
    _check(case)


@ticketing.parametrize()
@BOUNDED
def test_ticketing_answers_as_its_document_says(case: Any) -> None:
    _check(case, headers=TARGET.bearer)


@community.parametrize()
@BOUNDED
def test_community_answers_as_its_document_says(case: Any) -> None:
    _check(case, cookies={"community_session": TARGET.session})


@socialcalendar.parametrize()
@BOUNDED
def test_socialcalendar_answers_as_its_document_says(case: Any) -> None:
    _check(case, cookies={"socialcalendar_session": TARGET.session})
