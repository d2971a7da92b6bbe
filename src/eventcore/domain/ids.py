"""Typed identifiers: distinct to mypy, plain ints at run time."""

from typing import NewType

UserId = NewType("UserId", int)
EventId = NewType("EventId", int)
CategoryId = NewType("CategoryId", int)
AttendanceId = NewType("AttendanceId", int)
