"""Typed identifiers: distinct to mypy, plain ints at run time."""

from typing import NewType

UserId = NewType("UserId", int)
EventId = NewType("EventId", int)
CategoryId = NewType("CategoryId", int)
AttendanceId = NewType("AttendanceId", int)
TaskId = NewType("TaskId", int)
PollId = NewType("PollId", int)
OptionId = NewType("OptionId", int)
BallotId = NewType("BallotId", int)
CommentId = NewType("CommentId", int)
CommentImageId = NewType("CommentImageId", int)
GroupId = NewType("GroupId", int)
InviteId = NewType("InviteId", int)
ChatId = NewType("ChatId", int)
MessageId = NewType("MessageId", int)

# Ids live in 32-bit integer columns (PostgreSQL INTEGER), so a larger number names
# nothing; checked before a query, since PostgreSQL refuses to compare it at all.
MAX_ID = 2**31 - 1
