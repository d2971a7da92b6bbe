"""Every repository behaves the same on memory, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import attrs
import pytest

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken, UserOfLogin
from eventcore.domain.errors import AlreadyExists
from eventcore.domain.events import (
    Category,
    Event,
    EventImage,
    EventKind,
    LocationType,
    Publication,
    PublicationState,
)
from eventcore.domain.ids import CategoryId, EventId, UserId
from eventcore.domain.users import Role, User
from eventcore.ports.unit_of_work import UnitOfWork

UowFactory = Callable[[], UnitOfWork]
KOLKATA = timezone(timedelta(hours=5, minutes=30))


def _aware(moment: datetime | None) -> None:
    """Aware, as saved. (Memory keeps the saved zone; SQL hands the instant back in UTC.)"""
    if moment is not None:
        assert moment.utcoffset() is not None


# --- users -----------------------------------------------------------------------


def test_a_user_round_trips_with_every_field(uow_factory: UowFactory, now: datetime) -> None:
    user = User(
        username="ada.l+1@x",
        email="Ada.Lovelace@Example.org",
        created_at=now,
        updated_at=now + timedelta(microseconds=7),
        phone="+91 98765 43210",
        first_name="Ada",
        last_name="Lovelace",
        display_name="Countess",
        bio="Analytical engine\nnotes ✓",
        avatar="avatars/user1.png",
        role=Role.MODERATOR,
        is_active=False,
        last_login=datetime(2026, 2, 1, 9, 30, 15, 123456, tzinfo=KOLKATA),
        age=36,
        gender="female",
        birthday=date(1815, 12, 10),
        pincode="560001",
        district="Bengaluru Urban",
        state="Karnataka",
        country="India",
        place="Indiranagar",
        latitude=12.971599123456,
        longitude=-77.594566987654,
    )
    with uow_factory() as uow:
        added = uow.users.add(user)
        uow.commit()
    assert added.id != 0
    assert added == attrs.evolve(user, id=added.id)

    with uow_factory() as uow:
        loaded = uow.users.get(added.id)
    assert loaded == added
    assert loaded is not None
    _aware(loaded.last_login)
    _aware(loaded.created_at)
    assert loaded.role is Role.MODERATOR


def test_new_users_get_distinct_ids_and_are_counted(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    first, second = add_user(), add_user()
    assert first.id != second.id
    with uow_factory() as uow:
        assert uow.users.count() == 2
        assert uow.users.get(UserId(999_999)) is None


def test_find_by_login_takes_the_username_or_the_email_in_any_case(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    ada = add_user(username="ada", email="Ada@Example.org")
    with uow_factory() as uow:
        assert uow.users.find_by_login("ada") == ada
        assert uow.users.find_by_login("ADA@EXAMPLE.ORG") == ada
        assert uow.users.find_by_login("ada@example.org") == ada
        # Usernames are exact: "ADA" is neither the username nor an email.
        assert uow.users.find_by_login("ADA") is None
        assert uow.users.find_by_login("nobody") is None
        assert uow.users.find_by_email("ADA@example.ORG") == ada
        assert uow.users.find_by_email("nobody@example.org") is None


def test_a_username_match_wins_over_an_email_match(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    by_email = add_user(username="first", email="same@example.org")
    by_name = add_user(username="same@example.org", email="other@example.org")
    with uow_factory() as uow:
        assert uow.users.find_by_login("same@example.org") == by_name
        assert uow.users.find_by_login("SAME@example.org") == by_email


def test_saved_user_changes_are_kept(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    user = add_user()
    changed = attrs.evolve(
        user,
        first_name="Grace",
        email="Grace@Example.org",
        last_login=now,
        phone="123",
        updated_at=now + timedelta(hours=1),
    )
    with uow_factory() as uow:
        uow.users.save(changed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(user.id) == changed
        assert uow.users.find_by_email("grace@example.org") == changed


@pytest.mark.parametrize(
    ("existing", "duplicate", "field"),
    [
        ({"username": "ada"}, {"username": "ada"}, "username"),
        ({"email": "ada@example.org"}, {"email": "ADA@Example.org"}, "email"),
        ({"phone": "555"}, {"phone": "555"}, "phone"),
    ],
)
def test_a_duplicate_user_is_refused_naming_the_field(
    add_user: Callable[..., User],
    uow_factory: UowFactory,
    now: datetime,
    existing: dict[str, str],
    duplicate: dict[str, str],
    field: str,
) -> None:
    add_user(**existing)
    fields: dict[str, Any] = {"username": "newcomer", "email": "newcomer@example.org", **duplicate}
    with uow_factory() as uow, pytest.raises(AlreadyExists) as raised:
        uow.users.add(User(created_at=now, updated_at=now, **fields))
    assert raised.value.field == field
    with uow_factory() as uow:
        assert uow.users.count() == 1


def test_saving_a_user_into_someone_elses_email_is_refused(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    add_user(email="taken@example.org")
    other = add_user()
    with uow_factory() as uow, pytest.raises(AlreadyExists) as raised:
        uow.users.save(attrs.evolve(other, email="TAKEN@example.org"))
    assert raised.value.field == "email"


def test_many_users_may_have_no_phone_or_an_empty_one(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    add_user(phone=None)
    add_user(phone=None)
    add_user(phone="")
    add_user(phone="")
    with uow_factory() as uow:
        assert uow.users.count() == 4


def test_the_unit_of_work_goes_on_after_a_refused_user(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    add_user(username="ada")
    with uow_factory() as uow:
        with pytest.raises(AlreadyExists):
            uow.users.add(
                User(username="ada", email="x@example.org", created_at=now, updated_at=now)
            )
        grace = uow.users.add(
            User(username="grace", email="grace@example.org", created_at=now, updated_at=now)
        )
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get(grace.id) == grace
        assert uow.users.count() == 2


# --- credentials and refresh tokens ------------------------------------------------


def test_credentials_are_inserted_then_replaced(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    user = add_user()
    with uow_factory() as uow:
        assert uow.credentials.get(user.id) is None
        uow.credentials.save(Credentials(user_id=user.id, password_hash="$argon2$one"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.get(user.id) == Credentials(
            user_id=user.id, password_hash="$argon2$one"
        )
        uow.credentials.save(Credentials(user_id=user.id, google_subject="g-1"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.get(user.id) == Credentials(user_id=user.id, google_subject="g-1")


def test_a_google_account_links_to_one_user_only(
    add_user: Callable[..., User], uow_factory: UowFactory
) -> None:
    first, second = add_user(), add_user()
    with uow_factory() as uow:
        uow.credentials.save(Credentials(user_id=first.id, google_subject="g-1"))
        uow.credentials.save(Credentials(user_id=second.id, google_subject=""))
        uow.commit()
    with uow_factory() as uow:
        with pytest.raises(AlreadyExists) as raised:
            uow.credentials.save(Credentials(user_id=second.id, google_subject="g-1"))
        assert raised.value.field == "google_subject"
        # Saving one's own subject again is no conflict.
        uow.credentials.save(Credentials(user_id=first.id, google_subject="g-1", password_hash="h"))
        uow.commit()
    with uow_factory() as uow:
        assert uow.credentials.get(second.id) == Credentials(user_id=second.id, google_subject="")


def _token(user_id: UserId, token_hash: str, family: str, issued: datetime) -> RefreshToken:
    return RefreshToken(
        token_hash=token_hash,
        user_id=user_id,
        family=family,
        issued_at=issued,
        expires_at=issued + timedelta(days=7),
    )


def test_refresh_tokens_round_trip_and_save(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    user = add_user()
    token = _token(user.id, "a" * 64, "fam", now.astimezone(KOLKATA))
    with uow_factory() as uow:
        uow.refresh_tokens.add(token)
        uow.commit()
    with uow_factory() as uow:
        loaded = uow.refresh_tokens.get("a" * 64)
        assert loaded == token
        assert loaded is not None
        _aware(loaded.expires_at)
        assert uow.refresh_tokens.get("b" * 64) is None
        uow.refresh_tokens.save(attrs.evolve(token, used_at=now + timedelta(minutes=1)))
        uow.commit()
    with uow_factory() as uow:
        assert uow.refresh_tokens.get("a" * 64) == attrs.evolve(
            token, used_at=now + timedelta(minutes=1)
        )


def test_an_api_token_and_its_holder_are_found_by_hash_and_replaced_per_user(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    ada, bob = add_user(), add_user()
    first = ApiToken(token_hash="1" * 64, user_id=ada.id, created_at=now)
    with uow_factory() as uow:
        uow.api_tokens.save(first)
        uow.api_tokens.save(ApiToken(token_hash="2" * 64, user_id=bob.id, created_at=now))
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.holding_api_token("1" * 64) == ada
        assert uow.users.holding_api_token("9" * 64) is None
        assert uow.api_tokens.for_user(ada.id) == first
        # One token per user: a new login replaces the old token.
        second = ApiToken(token_hash="3" * 64, user_id=ada.id, created_at=now + timedelta(hours=1))
        uow.api_tokens.save(second)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.holding_api_token("1" * 64) is None
        assert uow.users.holding_api_token("3" * 64) == ada
        assert uow.api_tokens.for_user(ada.id) == second
        uow.api_tokens.delete_for_user(ada.id)
        uow.commit()
    with uow_factory() as uow:
        assert uow.api_tokens.for_user(ada.id) is None
        assert uow.users.holding_api_token("3" * 64) is None
        assert uow.api_tokens.for_user(bob.id) is not None


def test_revoking_a_family_revokes_its_live_tokens_only(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    user = add_user()
    earlier = now - timedelta(hours=1)
    tokens = [
        _token(user.id, "1", "fam", now),
        attrs.evolve(_token(user.id, "2", "fam", now), revoked_at=earlier),
        _token(user.id, "3", "other", now),
    ]
    with uow_factory() as uow:
        for token in tokens:
            uow.refresh_tokens.add(token)
        uow.commit()
    with uow_factory() as uow:
        uow.refresh_tokens.revoke_family("fam", now)
        uow.commit()
    with uow_factory() as uow:
        revoked = [uow.refresh_tokens.get(h) for h in ("1", "2", "3")]
    assert [t.revoked_at if t else "missing" for t in revoked] == [now, earlier, None]


def test_a_user_is_read_with_whether_a_login_of_theirs_is_on(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    ada, bob = add_user(), add_user()
    with uow_factory() as uow:
        # "rotated": one used token and its live successor; "ended": all revoked.
        uow.refresh_tokens.add(attrs.evolve(_token(ada.id, "1", "rotated", now), used_at=now))
        uow.refresh_tokens.add(_token(ada.id, "2", "rotated", now))
        uow.refresh_tokens.add(attrs.evolve(_token(ada.id, "3", "ended", now), used_at=now))
        uow.refresh_tokens.add(_token(ada.id, "4", "ended", now))
        uow.refresh_tokens.add(_token(bob.id, "5", "bobs", now))
        uow.commit()
    with uow_factory() as uow:
        uow.refresh_tokens.revoke_family("ended", now)
        uow.commit()
    with uow_factory() as uow:
        assert uow.users.get_with_login(ada.id, "rotated") == UserOfLogin(ada, login_on=True)
        assert uow.users.get_with_login(ada.id, "ended") == UserOfLogin(ada, login_on=False)
        # Another user's login, or none at all, is not one of ada's.
        assert uow.users.get_with_login(ada.id, "bobs") == UserOfLogin(ada, login_on=False)
        assert uow.users.get_with_login(ada.id, "unknown") == UserOfLogin(ada, login_on=False)
        assert uow.users.get_with_login(bob.id, "bobs") == UserOfLogin(bob, login_on=True)
        assert uow.users.get_with_login(UserId(bob.id + 100), "bobs") is None


# --- categories ------------------------------------------------------------------


def test_categories_round_trip_and_list_in_creation_order(
    add_category: Callable[..., Category], uow_factory: UowFactory
) -> None:
    music = add_category("Music", "https://icons.example/music.svg")
    art = add_category("Art")
    sport = add_category("Ägypten-Reisen")
    with uow_factory() as uow:
        assert uow.categories.list() == [music, art, sport]
        assert uow.categories.get(art.id) == art
        assert uow.categories.get(CategoryId(999)) is None
        assert uow.categories.find_by_name("MUSIC") == music
        assert uow.categories.find_by_name("ägypten-reisen") == sport
        assert uow.categories.find_by_name("Dance") is None


def test_a_category_name_is_unique_in_any_case(
    add_category: Callable[..., Category], uow_factory: UowFactory
) -> None:
    add_category("Music")
    with uow_factory() as uow, pytest.raises(AlreadyExists) as raised:
        uow.categories.add(Category(name="mUSIC"))
    assert raised.value.field == "name"


# --- events ----------------------------------------------------------------------


def _full_event(creator_id: UserId, category_id: CategoryId, now: datetime) -> Event:
    return Event(
        title="Jazz Night — ÉTÉ",
        creator_id=creator_id,
        starts_at=datetime(2026, 7, 1, 19, 30, tzinfo=KOLKATA),
        ends_at=datetime(2026, 7, 1, 23, 0, 0, 1, tzinfo=KOLKATA),
        created_at=now,
        updated_at=now + timedelta(seconds=1),
        name="jazz-night",
        description="Live quartet.\n50% off before 8pm_",
        location="Blue Frog",
        address="3 Main Road",
        venue_name="Main hall",
        capacity=120,
        category_id=category_id,
        is_private=True,
        kind=EventKind.GROUP,
        price=Decimal("1234.560"),
        location_type=LocationType.IN_PERSON,
        region="South",
        city="Pune",
        pincode="411001",
        district="Pune",
        state="Maharashtra",
        place="Koregaon Park",
        latitude=18.536209876543,
        longitude=73.893106123456,
        images=(
            EventImage("https://img.example/1.jpg"),
            EventImage("https://img.example/2.jpg", is_primary=True),
            EventImage("https://img.example/3.jpg"),
        ),
        is_bookable=False,
        hosted_here=True,
        external_url="https://tickets.example/jazz",
        publication=Publication(PublicationState.APPROVED, ""),
        important_information="Bring ID.",
    )


def test_an_event_round_trips_with_every_field(
    add_user: Callable[..., User],
    add_category: Callable[..., Category],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    category = add_category("Music")
    event = _full_event(creator.id, category.id, now)
    with uow_factory() as uow:
        added = uow.events.add(event)
        uow.commit()
    assert added == attrs.evolve(event, id=added.id)

    with uow_factory() as uow:
        loaded = uow.events.get(added.id)
        locked = uow.events.lock(added.id)
    assert loaded == added
    assert locked == added
    assert loaded is not None
    # Digit for digit, not merely equal in value.
    assert str(loaded.price) == "1234.560"
    assert loaded.images == event.images
    assert loaded.latitude == event.latitude
    assert loaded.kind is EventKind.GROUP
    assert loaded.location_type is LocationType.IN_PERSON
    for moment in (loaded.starts_at, loaded.ends_at, loaded.created_at):
        _aware(moment)


def test_an_event_with_only_the_required_fields_round_trips(
    add_user: Callable[..., User], uow_factory: UowFactory, now: datetime
) -> None:
    creator = add_user()
    event = Event(
        title="Bare", creator_id=creator.id, starts_at=now, created_at=now, updated_at=now
    )
    with uow_factory() as uow:
        added = uow.events.add(event)
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.get(added.id) == added
        assert uow.events.get(EventId(999_999)) is None
        assert uow.events.lock(EventId(999_999)) is None


def test_saving_an_event_replaces_its_fields_and_images(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    event = add_event(creator.id, images=(EventImage("a", True), EventImage("b")))
    changed = attrs.evolve(
        event,
        title="Renamed",
        ends_at=event.starts_at + timedelta(hours=5),
        price=Decimal("0.5"),
        images=(EventImage("c"), EventImage("a", True)),
        updated_at=now + timedelta(days=1),
    )
    with uow_factory() as uow:
        uow.events.save(changed)
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.get(event.id) == changed
        uow.events.save(attrs.evolve(changed, images=(), price=None))
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.get(event.id) == attrs.evolve(changed, images=(), price=None)


def test_deleting_an_event_deletes_its_attendances(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
) -> None:
    creator, guest = add_user(), add_user()
    doomed = add_event(creator.id, images=(EventImage("a", True),))
    kept = add_event(creator.id)
    attend(doomed.id, guest.id)
    attend(kept.id, guest.id)
    with uow_factory() as uow:
        uow.events.delete(doomed.id)
        uow.events.delete(EventId(999_999))  # unknown ids are no error
        uow.commit()
    with uow_factory() as uow:
        assert uow.events.get(doomed.id) is None
        assert uow.attendances.find(doomed.id, guest.id) is None
        assert uow.attendances.count(doomed.id, AttendanceStatus.REGISTERED) == 0
        assert uow.events.get(kept.id) == kept
        assert uow.attendances.count(kept.id, AttendanceStatus.REGISTERED) == 2


# --- attendances -----------------------------------------------------------------


def test_attendances_are_found_saved_and_counted_by_status(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    attend: Callable[..., Attendance],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator, ada, bob, cy = add_user(), add_user(), add_user(), add_user()
    event = add_event(creator.id)
    ada_attends = attend(event.id, ada.id)
    attend(event.id, bob.id, AttendanceStatus.INTERESTED)
    attend(event.id, cy.id, AttendanceStatus.CANCELLED)
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, ada.id) == ada_attends
        assert uow.attendances.find(event.id, UserId(999)) is None
        organizer = uow.attendances.find(event.id, creator.id)
        assert organizer is not None
        assert organizer.is_organizer
        counts = {status: uow.attendances.count(event.id, status) for status in AttendanceStatus}
    assert counts == {
        AttendanceStatus.REGISTERED: 2,
        AttendanceStatus.INTERESTED: 1,
        AttendanceStatus.CANCELLED: 1,
        AttendanceStatus.WAITLISTED: 0,
    }

    cancelled = attrs.evolve(
        ada_attends, status=AttendanceStatus.CANCELLED, updated_at=now + timedelta(hours=1)
    )
    with uow_factory() as uow:
        uow.attendances.save(cancelled)
        uow.commit()
    with uow_factory() as uow:
        assert uow.attendances.find(event.id, ada.id) == cancelled
        assert uow.attendances.count(event.id, AttendanceStatus.REGISTERED) == 1


def test_one_attendance_per_user_and_event(
    add_user: Callable[..., User],
    add_event: Callable[..., Event],
    uow_factory: UowFactory,
    now: datetime,
) -> None:
    creator = add_user()
    event = add_event(creator.id)
    with uow_factory() as uow, pytest.raises(AlreadyExists) as raised:
        uow.attendances.add(
            Attendance(
                event_id=event.id,
                user_id=creator.id,
                status=AttendanceStatus.INTERESTED,
                created_at=now,
                updated_at=now,
            )
        )
    assert raised.value.field == "event"
