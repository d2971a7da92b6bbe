"""Attendance: /api/events/:id/attendances, /api/events/:eventId/attendees and
/api/users/:id/attendances."""

from __future__ import annotations

from typing import Any

from eventcore.domain import errors as domain_errors
from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.ids import EventId, UserId
from eventcore.http.context import core
from eventcore.http.surfaces.ticketing import schemas
from eventcore.http.surfaces.ticketing.auth import BEARER_SCHEME, actor, bearer_required
from eventcore.http.surfaces.ticketing.blueprint import ticketing_blueprint
from eventcore.http.surfaces.ticketing.errors import (
    ACCESS_DENIED,
    BAD_REQUEST,
    NO_ATTENDANCE,
    USER_NOT_FOUND,
    Say,
    path_id,
    saying,
)
from eventcore.usecases import attendance

blp = ticketing_blueprint(
    "attendance", "Attendance: Interested, Registered, Cancelled, and Waitlisted (an extension)"
)
secured = {"security": [BEARER_SCHEME]}
EVENT_NOT_FOUND_HERE = "Bad Request: Event not found"  # the seed's words on these endpoints
NOT_YOURS = "Unauthorized: You are not authorized to delete this attendance"
# Waitlisted (an extension) is for sold-out events only.
TICKETS_LEFT = "Tickets remain for this event: register instead of joining the waiting list"


@blp.route("/events/<event_id>/attendees", methods=["GET"])
@bearer_required
@saying(
    Say(domain_errors.Forbidden, ACCESS_DENIED), Say(domain_errors.NotFound, EVENT_NOT_FOUND_HERE)
)
@blp.doc(**secured)
@blp.response(200, schemas.AttendeesOut)
@blp.alt_response(400, description="Bad Request: id must be a number")
@blp.alt_response(403, description="Access denied: admins only")
@blp.alt_response(404, description="Bad Request: Event not found")
def attendees(event_id: str) -> dict[str, Any]:
    found = attendance.list_attendees(core().uow(), actor().id, EventId(path_id(event_id)))
    return {"attendees": found}


@blp.route("/events/<event_id>/attendances", methods=["POST"])
@bearer_required
@saying(
    Say(domain_errors.NotFound, EVENT_NOT_FOUND_HERE),
    Say(domain_errors.SeatsAvailable, TICKETS_LEFT),
)
@blp.doc(**secured)
@blp.arguments(schemas.NewAttendanceIn)
@blp.response(201, schemas.NewAttendeeOut)
@blp.alt_response(
    400,
    description="Invalid status, duplicate attendance, or sold out; Waitlisted (an "
    "extension) for an event with tickets left",
)
@blp.alt_response(404, description="Bad Request: Event not found")
def attend(status: AttendanceStatus, event_id: str) -> dict[str, Attendance]:
    c = core()
    record = attendance.attend_event(
        c.uow(), c.clock, c.notifier, actor().id, EventId(path_id(event_id)), status
    )
    return {"newAttendee": record}


@blp.route("/events/<event_id>/attendances", methods=["PATCH"])
@bearer_required
@saying(Say(domain_errors.NotFound, NO_ATTENDANCE), Say(domain_errors.SeatsAvailable, TICKETS_LEFT))
@blp.doc(**secured)
@blp.arguments(schemas.AttendanceStatusIn)
@blp.response(200, schemas.UpdatedAttendanceOut)
@blp.alt_response(
    400, description="Invalid status, or sold out; Waitlisted while holding or with a ticket left"
)
@blp.alt_response(404, description=NO_ATTENDANCE)
def change_status(status: AttendanceStatus, event_id: str) -> dict[str, Attendance]:
    c = core()
    record = attendance.set_attendance_status(
        c.uow(), c.clock, c.notifier, actor().id, EventId(path_id(event_id)), status
    )
    return {"updatedAttendance": record}


@blp.route("/events/<event_id>/attendances", methods=["DELETE"])
@bearer_required
@saying(
    Say(domain_errors.OrganizerStays, "The event creator's own attendance cannot be removed"),
    Say(domain_errors.Forbidden, NOT_YOURS, status=401),
    Say(domain_errors.NotFound, NO_ATTENDANCE),
)
@blp.doc(**secured)
@blp.arguments(schemas.AttendanceRemovalIn)
@blp.response(200, schemas.MessageOut)
@blp.alt_response(400, description="Bad Request: user_id must be provided")
@blp.alt_response(401, description=NOT_YOURS)
@blp.alt_response(404, description=NO_ATTENDANCE)
def remove(data: dict[str, int], event_id: str) -> dict[str, str]:
    c = core()
    attendance.remove_attendance(
        c.uow(),
        c.clock,
        c.notifier,
        actor().id,
        EventId(path_id(event_id)),
        UserId(data["user_id"]),
    )
    return {"msg": "Attendance Deleted"}


@blp.route("/users/<user_id>/attendances", methods=["GET"])
@bearer_required
@saying(Say(domain_errors.Forbidden, ACCESS_DENIED), Say(domain_errors.NotFound, USER_NOT_FOUND))
@blp.doc(**secured)
@blp.response(200, schemas.AttendancesOut)
@blp.alt_response(400, description="Invalid user ID")
@blp.alt_response(403, description="Access denied: your own, or any as an admin")
@blp.alt_response(404, description="User not found")
def user_attendances(user_id: str) -> dict[str, Any]:
    found = attendance.list_user_attendances(
        core().uow(), actor().id, UserId(path_id(user_id, BAD_REQUEST))
    )
    return {"attendances": found}
