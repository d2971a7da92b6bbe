"""The tables of one memory core, their foreign keys, and the lock that makes its
units of work serial.

A table maps a key to an entity (an attrs instance): most are keyed by `id`,
`credentials`, `api_tokens` and `feed_tokens` by `user_id`, `refresh_tokens` and
`sessions` by `token_hash`, `login_attempts` by `state_hash`, `comment_likes` and
`group_members` by their (id, user_id) pair, `friendships` by their (user_id,
friend_id) pair.
What SQL keeps in tables of their own stays inside the entity here: an event's
images, a poll's options and a ballot's choices, so they go wherever it goes.
"""

from __future__ import annotations

import enum
import itertools
import threading
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import attrs

Tables = dict[str, dict[Any, Any]]


class OnDelete(enum.Enum):
    """What deleting a row does to the rows whose foreign key names it."""

    # tables.py declares no ON DELETE rule for these: SQL's NO ACTION, which is
    # checked once the statement's cascades are done, as `delete_row` does.
    RESTRICT = "restrict"
    CASCADE = "cascade"
    SET_NULL = "set null"


@attrs.frozen
class ForeignKey:
    """A reference to the key of a row of `table`, with the rule `tables.py` gives it."""

    table: str
    on_delete: OnDelete


RESTRICT, CASCADE, SET_NULL = OnDelete.RESTRICT, OnDelete.CASCADE, OnDelete.SET_NULL

# Every table with its foreign keys (entity attribute -> referenced table and
# rule), exactly as in `adapters/sqlalchemy/tables.py`.
TABLES: Mapping[str, Mapping[str, ForeignKey]] = {
    "users": {},
    "credentials": {"user_id": ForeignKey("users", CASCADE)},
    "refresh_tokens": {"user_id": ForeignKey("users", CASCADE)},
    "api_tokens": {"user_id": ForeignKey("users", CASCADE)},
    "categories": {},
    "events": {
        "creator_id": ForeignKey("users", RESTRICT),
        "category_id": ForeignKey("categories", SET_NULL),
    },
    "attendances": {
        "event_id": ForeignKey("events", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "tasks": {
        "event_id": ForeignKey("events", CASCADE),
        "assignee_id": ForeignKey("users", SET_NULL),
        "creator_id": ForeignKey("users", RESTRICT),
    },
    "polls": {
        "event_id": ForeignKey("events", CASCADE),
        "creator_id": ForeignKey("users", RESTRICT),
    },
    "ballots": {
        "poll_id": ForeignKey("polls", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "sessions": {"user_id": ForeignKey("users", CASCADE)},
    "login_attempts": {},
    "comments": {
        "event_id": ForeignKey("events", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "comment_images": {"comment_id": ForeignKey("comments", CASCADE)},
    "comment_likes": {
        "comment_id": ForeignKey("comments", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "groups": {"creator_id": ForeignKey("users", CASCADE)},
    "group_members": {
        "group_id": ForeignKey("groups", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "friendships": {
        "user_id": ForeignKey("users", CASCADE),
        "friend_id": ForeignKey("users", CASCADE),
    },
    "invites": {
        "sender_id": ForeignKey("users", CASCADE),
        "receiver_id": ForeignKey("users", CASCADE),
        "event_id": ForeignKey("events", CASCADE),
    },
    "chats": {
        "event_id": ForeignKey("events", CASCADE),
        "user_id_1": ForeignKey("users", CASCADE),
        "user_id_2": ForeignKey("users", CASCADE),
    },
    "chat_messages": {
        "chat_id": ForeignKey("chats", CASCADE),
        "user_id": ForeignKey("users", CASCADE),
    },
    "feed_tokens": {"user_id": ForeignKey("users", CASCADE)},
}


@attrs.frozen
class _Referrer:
    """A foreign key seen from the table it points to."""

    table: str
    column: str
    on_delete: OnDelete


def _referrers() -> dict[str, list[_Referrer]]:
    found: dict[str, list[_Referrer]] = {name: [] for name in TABLES}
    for table, keys in TABLES.items():
        for column, key in keys.items():
            found[key.table].append(_Referrer(table, column, key.on_delete))
    return found


_REFERRERS = _referrers()


class StillReferenced(Exception):
    """A row could not be deleted: a RESTRICT foreign key of another row names it.

    The memory counterpart of the IntegrityError SQL raises; repositories turn it
    into the domain's Conflict, as the SQL repositories do."""

    def __init__(self, table: str, referrer: str, column: str) -> None:
        super().__init__(f"{referrer}.{column} still refers to a row of {table}")
        self.table = table
        self.referrer = referrer
        self.column = column


def delete_row(tables: Tables, table: str, key: Any) -> None:
    """Delete a row of `tables[table]` as SQL's DELETE does: follow the CASCADE keys
    that name it (and those naming what they delete, and so on), empty the SET NULL
    ones, and raise StillReferenced, changing nothing, when a RESTRICT key of a row
    that stays names a deleted one. An unknown key deletes nothing."""
    doomed = _cascade(tables, table, key)
    for name, keys in doomed.items():
        for referrer in _REFERRERS[name]:
            if referrer.on_delete is RESTRICT and any(
                getattr(row, referrer.column) in keys
                for row_key, row in tables[referrer.table].items()
                if row_key not in doomed.get(referrer.table, ())
            ):
                raise StillReferenced(name, referrer.table, referrer.column)
    for name, keys in doomed.items():
        for row_key in keys:
            del tables[name][row_key]
        for referrer in _REFERRERS[name]:
            if referrer.on_delete is SET_NULL:
                rows = tables[referrer.table]
                for row_key, row in list(rows.items()):
                    if getattr(row, referrer.column) in keys:
                        rows[row_key] = attrs.evolve(row, **{referrer.column: None})


def _cascade(tables: Tables, table: str, key: Any) -> dict[str, set[Any]]:
    """The keys, per table, of the row and of every row its deletion cascades to."""
    doomed: defaultdict[str, set[Any]] = defaultdict(set)
    pending: list[tuple[str, set[Any]]] = [(table, {key})]
    while pending:
        name, keys = pending.pop()
        fresh = {k for k in keys if k in tables[name] and k not in doomed[name]}
        if not fresh:
            continue
        doomed[name] |= fresh
        for referrer in _REFERRERS[name]:
            if referrer.on_delete is CASCADE:
                children = {
                    row_key
                    for row_key, row in tables[referrer.table].items()
                    if getattr(row, referrer.column) in fresh
                }
                pending.append((referrer.table, children))
    return dict(doomed)


@attrs.define
class MemoryStore:
    tables: Tables = attrs.field(factory=lambda: {name: {} for name in TABLES})
    lock: threading.RLock = attrs.field(factory=threading.RLock)
    _ids: dict[str, itertools.count[int]] = attrs.field(factory=dict)

    def next_id(self, table: str) -> int:
        return next(self._ids.setdefault(table, itertools.count(1)))
