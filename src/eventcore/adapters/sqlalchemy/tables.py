"""The schema as SQLAlchemy Core tables. `migrations/` must create exactly this.

Case-insensitive uniqueness (emails, category names) and case-insensitive
search use `*_key` / `*_folded` columns lower-cased in Python: SQLite's lower()
folds ASCII only, and a column keeps both backends agreeing with the memory
adapter, which compares `str.lower()` values. They are unbounded Text because
lower-casing may lengthen a string ("İ" becomes two code points).

Each unique constraint or index carries, in `info`, the domain field and
message that `conflicts.already_exists` reports when it is violated.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from eventcore.adapters.sqlalchemy.types import ExactDecimal, UtcDateTime

# Deterministic constraint names: migrations can refer to them, and PostgreSQL
# reports the violated one by name.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING_CONVENTION)

SHORT_TEXT = 255
URL_TEXT = 2000


def _conflict(field: str, message: str) -> dict[str, str]:
    return {"field": field, "message": message}


users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(150), nullable=False),
    Column("email", String(254), nullable=False),
    Column("email_key", Text, nullable=False),
    # User.search_text, for the people search.
    Column("search_folded", Text, nullable=False, server_default=""),
    Column("phone", String(100)),
    Column("first_name", String(150), nullable=False),
    Column("last_name", String(150), nullable=False),
    Column("display_name", String(150), nullable=False),
    Column("bio", Text, nullable=False),
    Column("avatar", String(URL_TEXT)),
    Column("role", String(20), nullable=False),
    Column("is_active", Boolean, nullable=False),
    Column("last_login", UtcDateTime),
    Column("age", Integer),
    Column("gender", String(100)),
    Column("birthday", Date),
    Column("pincode", String(100)),
    Column("district", String(100)),
    Column("state", String(100)),
    Column("country", String(100)),
    Column("place", String(100)),
    Column("latitude", Double),
    Column("longitude", Double),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    UniqueConstraint(
        "username", info=_conflict("username", "A user with that username already exists.")
    ),
    UniqueConstraint(
        "email_key", info=_conflict("email", "A user with that email already exists.")
    ),
)

# The memory adapter treats an empty phone like no phone: many users may have one.
Index(
    "uq_users_phone",
    users.c.phone,
    unique=True,
    sqlite_where=text("phone <> ''"),
    postgresql_where=text("phone <> ''"),
    info=_conflict("phone", "A user with that phone number already exists."),
)

credentials = Table(
    "credentials",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("password_hash", String(SHORT_TEXT)),
    Column("google_subject", String(SHORT_TEXT)),
)

Index(
    "uq_credentials_google_subject",
    credentials.c.google_subject,
    unique=True,
    sqlite_where=text("google_subject <> ''"),
    postgresql_where=text("google_subject <> ''"),
    info=_conflict("google_subject", "That Google account is linked to another user."),
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("family", String(128), nullable=False, index=True),
    Column("issued_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("used_at", UtcDateTime),
    Column("revoked_at", UtcDateTime),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True
    ),
    Column("created_at", UtcDateTime, nullable=False),
)

categories = Table(
    "categories",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False),
    Column("name_key", Text, nullable=False),
    Column("icon", String(URL_TEXT)),
    UniqueConstraint(
        "name_key", info=_conflict("name", "A category with that name already exists.")
    ),
)

events = Table(
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column("title_folded", Text, nullable=False),
    Column("creator_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("starts_at", UtcDateTime, nullable=False),
    Column("ends_at", UtcDateTime),
    # `Event.finishes_at` (the end, or start + default duration), stored so that
    # status and overlap filters are plain indexed range conditions.
    Column("finishes_at", UtcDateTime, nullable=False, index=True),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("name", String(SHORT_TEXT), nullable=False),
    Column("description", Text, nullable=False),
    Column("description_folded", Text, nullable=False),
    Column("location", String(SHORT_TEXT), nullable=False),
    Column("address", String(SHORT_TEXT), nullable=False),
    Column("venue_name", String(SHORT_TEXT), nullable=False),
    Column("capacity", Integer),
    Column(
        "category_id",
        Integer,
        ForeignKey("categories.id", ondelete="SET NULL"),
        index=True,
    ),
    Column("is_private", Boolean, nullable=False),
    Column("kind", String(20), nullable=False),
    Column("price", ExactDecimal),
    Column("location_type", String(20)),
    Column("region", String(SHORT_TEXT), nullable=False),
    Column("city", String(SHORT_TEXT), nullable=False),
    Column("pincode", String(SHORT_TEXT), nullable=False, index=True),
    Column("district", String(SHORT_TEXT), nullable=False),
    Column("state", String(SHORT_TEXT), nullable=False),
    Column("place", String(SHORT_TEXT), nullable=False),
    Column("latitude", Double),
    Column("longitude", Double),
    Column("is_bookable", Boolean, nullable=False),
    Column("hosted_here", Boolean, nullable=False),
    Column("external_url", String(URL_TEXT), nullable=False),
    Column("publication_state", String(SHORT_TEXT), nullable=False),
    Column("publication_reason", String(SHORT_TEXT), nullable=False),
    Column("important_information", Text, nullable=False),
    Column("icon", String(SHORT_TEXT), nullable=False, server_default=""),
    # A creator's events, and the count of their private ones (a list's viewer) from
    # the index alone (migration 0013).
    Index(None, "creator_id", "is_private"),
)

# The search index over title_folded and description_folded (migration 0014) is
# built apart on each database, as the tallies' triggers are: an FTS5 table on
# SQLite, trigram indexes on PostgreSQL (event_search.py).

# Lists walk events in this order. With what the visibility rule reads and the end
# beside it, a page's ids, a count over dates and a day's overlapping events come
# from this index alone, never from the table's rows.
Index(
    "ix_events_list_order",
    events.c.starts_at,
    events.c.id,
    events.c.is_private,
    events.c.creator_id,
    events.c.finishes_at,
)

# Kept by triggers on `events` (migration 0011): how many public events there are,
# so that the unfiltered list counts its events without reading them; and how long
# the longest event ever stored lasts, so that an event overlapping a moment is
# looked for among those starting at most that long before it (overlaps.overlap_floor).
event_tallies = Table(
    "event_tallies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("public_events", Integer, nullable=False),
    Column("longest_event_seconds", BigInteger, nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)

# Kept by triggers on `events` (migration 0012): how many public events start on each
# UTC day, so that the upcoming events are counted from the days after now's and
# the rest of now's own day, not one by one (event_filters.visible_count).
public_events_by_day = Table(
    "public_events_by_day",
    metadata,
    Column("day", Date, primary_key=True),
    Column("public_events", Integer, nullable=False),
)

event_images = Table(
    "event_images",
    metadata,
    Column(
        "event_id",
        Integer,
        ForeignKey("events.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("url", String(URL_TEXT), nullable=False),
    Column("is_primary", Boolean, nullable=False),
)

attendances = Table(
    "attendances",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column("status", String(20), nullable=False),
    Column("is_organizer", Boolean, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    # The place in the waiting list while waitlisted (migration 0009), else NULL.
    Column("queue_number", Integer, nullable=True),
    UniqueConstraint(
        "event_id",
        "user_id",
        info=_conflict("event", "You already have an attendance for this event."),
    ),
    # Participant counts and the visibility check read (event_id, status).
    Index(None, "event_id", "status"),
    # A person's attendances, and the events they are registered for (a list's
    # viewer, a member's events) from the index alone (migration 0013).
    Index(None, "user_id", "status", "event_id"),
    # One person per place in a waiting list: two joins that drew the same number
    # (which the event lock prevents) fail instead of sharing it. NULLs never clash.
    Index(
        None,
        "event_id",
        "queue_number",
        unique=True,
        info=_conflict("queue_number", "This place in the waiting list is taken; try again."),
    ),
)

tasks = Table(
    "tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("status", String(20), nullable=False),
    Column("priority", String(20), nullable=False),
    Column("due_date", UtcDateTime, index=True),
    Column("assignee_id", Integer, ForeignKey("users.id", ondelete="SET NULL"), index=True),
    Column("creator_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Column("completed_at", UtcDateTime),
)

polls = Table(
    "polls",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("creator_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("description", Text, nullable=False),
    Column("multiple_choice", Boolean, nullable=False),
    Column("ends_at", UtcDateTime, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("ended_announced", Boolean, nullable=False),
    # The announcer looks for polls not yet announced whose end has passed.
    Index(None, "ended_announced", "ends_at"),
)

poll_options = Table(
    "poll_options",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), nullable=False),
    Column("position", Integer, nullable=False),
    Column("text", String(200), nullable=False),
    UniqueConstraint("poll_id", "position"),
)

# One ballot per user and poll: the UNIQUE constraint is what holds the rule
# when two requests of the same user race.
ballots = Table(
    "ballots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("poll_id", Integer, ForeignKey("polls.id", ondelete="CASCADE"), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("cast_at", UtcDateTime, nullable=False),
    UniqueConstraint("poll_id", "user_id", info=_conflict("option_ids", "You have already voted.")),
)

ballot_choices = Table(
    "ballot_choices",
    metadata,
    Column("ballot_id", Integer, ForeignKey("ballots.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "option_id", Integer, ForeignKey("poll_options.id", ondelete="CASCADE"), primary_key=True
    ),
    # Vote counts read the choices of one option.
    Index(None, "option_id"),
)

# Server-side sessions, by the digest of their token; many per user.
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("created_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("state_hash", String(128), primary_key=True),
    Column("binding_hash", String(128), nullable=False),
    Column("nonce", String(128), nullable=False),
    Column("code_verifier", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False, index=True),
)

comments = Table(
    "comments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("body", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

comment_images = Table(
    "comment_images",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "comment_id",
        Integer,
        ForeignKey("comments.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("url", String(URL_TEXT), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# One like per user and comment: the UNIQUE constraint is what holds the rule when two
# requests of the same user race.
comment_likes = Table(
    "comment_likes",
    metadata,
    Column("comment_id", Integer, ForeignKey("comments.id", ondelete="CASCADE"), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint(
        "comment_id", "user_id", info=_conflict("comment_id", "You like this comment already.")
    ),
)

# A group goes with the account that created it (see docs/community.md).
groups = Table(
    "groups",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", String(200), nullable=False),
    Column(
        "creator_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
)

# One membership per user and group, held by the UNIQUE constraint under races.
group_members = Table(
    "group_members",
    metadata,
    Column("group_id", Integer, ForeignKey("groups.id", ondelete="CASCADE"), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("group_id", "user_id", info=_conflict("user_id", "User already in group.")),
)

# One friendship per pair: stored with the smaller id first (the CHECK), so the UNIQUE
# constraint holds whichever of the two asked, also under races.
friendships = Table(
    "friendships",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "friend_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("user_id", "friend_id", info=_conflict("id", "You are friends already.")),
    CheckConstraint("user_id < friend_id", name="ordered_pair"),
)

invites = Table(
    "invites",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column(
        "sender_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column(
        "receiver_id",
        Integer,
        ForeignKey("users.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE"), index=True),
    Column("created_at", UtcDateTime, nullable=False),
)

# A chat is an event's (event_id set) or a pair's (user_id_1 < user_id_2 set): one of
# each at most, held by the UNIQUE constraints (NULLs never clash).
chats = Table(
    "chats",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("event_id", Integer, ForeignKey("events.id", ondelete="CASCADE")),
    Column("user_id_1", Integer, ForeignKey("users.id", ondelete="CASCADE")),
    Column("user_id_2", Integer, ForeignKey("users.id", ondelete="CASCADE"), index=True),
    Column("created_at", UtcDateTime, nullable=False),
    UniqueConstraint("event_id", info=_conflict("id", "This chat exists already.")),
    UniqueConstraint("user_id_1", "user_id_2", info=_conflict("id", "This chat exists already.")),
)

chat_messages = Table(
    "chat_messages",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("chat_id", Integer, ForeignKey("chats.id", ondelete="CASCADE"), nullable=False),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    ),
    Column("text", Text, nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("updated_at", UtcDateTime, nullable=False),
    Index(None, "chat_id", "created_at"),
)

# What `rows.event_from_row` reads: the search and range helper columns stay behind.
EVENT_ENTITY_COLUMNS = tuple(
    column
    for column in events.c
    if column.name not in {"title_folded", "description_folded", "finishes_at"}
)

# A person's private calendar feed, one per user: the digest of its token, and the salt
# the token is derived from with the server's secret (domain/feeds.py).
feed_tokens = Table(
    "feed_tokens",
    metadata,
    Column("token_hash", String(128), primary_key=True),
    Column(
        "user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, unique=True
    ),
    Column("salt", String(128), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
)

# The deployment's own id, made by its migration (0010_installation.py): JWTs name it as
# their audience, so a token from another deployment that shares the secret key is
# refused here (adapters/sqlalchemy/installation.py). One row, whose key is always 1.
installation = Table(
    "installation",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("installation_id", String(64), nullable=False),
    CheckConstraint("id = 1", name="one_row"),
)
