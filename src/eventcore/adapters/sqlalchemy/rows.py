"""Row -> entity and entity -> column values, one pair per aggregate.

Rows arrive as mappings of column name to value (`Result.mappings()`); a joined
query may prefix another table's columns (`creator_username`), hence `prefix`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from eventcore.domain.attendance import Attendance, AttendanceStatus
from eventcore.domain.credentials import ApiToken, Credentials, RefreshToken
from eventcore.domain.events import (
    Category,
    Event,
    EventImage,
    EventKind,
    LocationType,
    Publication,
    PublicationState,
)
from eventcore.domain.ids import AttendanceId, CategoryId, EventId, UserId
from eventcore.domain.users import Role, User
from eventcore.domain.views import UserSummary

# Keyed by column name; typed loosely because RowMapping also accepts Column keys.
Row = Mapping[Any, Any]
Values = dict[str, Any]


def user_from_row(row: Row) -> User:
    return User(
        id=UserId(row["id"]),
        username=row["username"],
        email=row["email"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        phone=row["phone"],
        first_name=row["first_name"],
        last_name=row["last_name"],
        display_name=row["display_name"],
        bio=row["bio"],
        avatar=row["avatar"],
        role=Role(row["role"]),
        is_active=row["is_active"],
        last_login=row["last_login"],
        age=row["age"],
        gender=row["gender"],
        birthday=row["birthday"],
        pincode=row["pincode"],
        district=row["district"],
        state=row["state"],
        country=row["country"],
        place=row["place"],
        latitude=row["latitude"],
        longitude=row["longitude"],
    )


def user_values(user: User) -> Values:
    """Every column but `id`."""
    return {
        "username": user.username,
        "email": user.email,
        "email_key": user.email.lower(),
        "search_folded": user.search_text,
        "phone": user.phone,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "display_name": user.display_name,
        "bio": user.bio,
        "avatar": user.avatar,
        "role": user.role.value,
        "is_active": user.is_active,
        "last_login": user.last_login,
        "age": user.age,
        "gender": user.gender,
        "birthday": user.birthday,
        "pincode": user.pincode,
        "district": user.district,
        "state": user.state,
        "country": user.country,
        "place": user.place,
        "latitude": user.latitude,
        "longitude": user.longitude,
        "created_at": user.created_at,
        "updated_at": user.updated_at,
    }


SUMMARY_COLUMNS = ("id", "username", "first_name", "last_name", "email", "avatar")


def user_summary_from_row(row: Row, prefix: str = "") -> UserSummary:
    return UserSummary(
        UserId(row[f"{prefix}id"]),
        row[f"{prefix}username"],
        row[f"{prefix}first_name"],
        row[f"{prefix}last_name"],
        row[f"{prefix}email"],
        row[f"{prefix}avatar"],
    )


def credentials_from_row(row: Row) -> Credentials:
    return Credentials(
        user_id=UserId(row["user_id"]),
        password_hash=row["password_hash"],
        google_subject=row["google_subject"],
    )


def credentials_values(credentials: Credentials) -> Values:
    return {
        "user_id": credentials.user_id,
        "password_hash": credentials.password_hash,
        "google_subject": credentials.google_subject,
    }


def refresh_token_from_row(row: Row) -> RefreshToken:
    return RefreshToken(
        token_hash=row["token_hash"],
        user_id=UserId(row["user_id"]),
        family=row["family"],
        issued_at=row["issued_at"],
        expires_at=row["expires_at"],
        used_at=row["used_at"],
        revoked_at=row["revoked_at"],
    )


def refresh_token_values(token: RefreshToken) -> Values:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "family": token.family,
        "issued_at": token.issued_at,
        "expires_at": token.expires_at,
        "used_at": token.used_at,
        "revoked_at": token.revoked_at,
    }


def api_token_from_row(row: Row) -> ApiToken:
    return ApiToken(
        token_hash=row["token_hash"], user_id=UserId(row["user_id"]), created_at=row["created_at"]
    )


def api_token_values(token: ApiToken) -> Values:
    return {
        "token_hash": token.token_hash,
        "user_id": token.user_id,
        "created_at": token.created_at,
    }


def category_from_row(row: Row, prefix: str = "") -> Category:
    return Category(
        id=CategoryId(row[f"{prefix}id"]), name=row[f"{prefix}name"], icon=row[f"{prefix}icon"]
    )


def category_values(category: Category) -> Values:
    """Every column but `id`."""
    return {"name": category.name, "name_key": category.name.lower(), "icon": category.icon}


def event_from_row(row: Row, images: Iterable[EventImage] = ()) -> Event:
    location_type = row["location_type"]
    category_id = row["category_id"]
    return Event(
        id=EventId(row["id"]),
        title=row["title"],
        creator_id=UserId(row["creator_id"]),
        starts_at=row["starts_at"],
        ends_at=row["ends_at"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        name=row["name"],
        description=row["description"],
        location=row["location"],
        address=row["address"],
        venue_name=row["venue_name"],
        capacity=row["capacity"],
        category_id=None if category_id is None else CategoryId(category_id),
        is_private=row["is_private"],
        kind=EventKind(row["kind"]),
        price=row["price"],
        location_type=None if location_type is None else LocationType(location_type),
        region=row["region"],
        city=row["city"],
        pincode=row["pincode"],
        district=row["district"],
        state=row["state"],
        place=row["place"],
        latitude=row["latitude"],
        longitude=row["longitude"],
        images=tuple(images),
        is_bookable=row["is_bookable"],
        hosted_here=row["hosted_here"],
        external_url=row["external_url"],
        publication=Publication(
            PublicationState(row["publication_state"]), row["publication_reason"]
        ),
        important_information=row["important_information"],
        icon=row["icon"],
    )


def event_values(event: Event) -> Values:
    """Every column of `events` but `id`; images go to `event_images`."""
    return {
        "title": event.title,
        "title_folded": event.title.lower(),
        "creator_id": event.creator_id,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "finishes_at": event.finishes_at,
        "created_at": event.created_at,
        "updated_at": event.updated_at,
        "name": event.name,
        "description": event.description,
        "description_folded": event.description.lower(),
        "location": event.location,
        "address": event.address,
        "venue_name": event.venue_name,
        "capacity": event.capacity,
        "category_id": event.category_id,
        "is_private": event.is_private,
        "kind": event.kind.value,
        "price": event.price,
        "location_type": None if event.location_type is None else event.location_type.value,
        "region": event.region,
        "city": event.city,
        "pincode": event.pincode,
        "district": event.district,
        "state": event.state,
        "place": event.place,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "is_bookable": event.is_bookable,
        "hosted_here": event.hosted_here,
        "external_url": event.external_url,
        "publication_state": event.publication.state.value,
        "publication_reason": event.publication.reason,
        "important_information": event.important_information,
        "icon": event.icon,
    }


def image_values(event_id: EventId, images: Iterable[EventImage]) -> list[Values]:
    return [
        {
            "event_id": event_id,
            "position": position,
            "url": image.url,
            "is_primary": image.is_primary,
        }
        for position, image in enumerate(images)
    ]


def attendance_from_row(row: Row) -> Attendance:
    return Attendance(
        id=AttendanceId(row["id"]),
        event_id=EventId(row["event_id"]),
        user_id=UserId(row["user_id"]),
        status=AttendanceStatus(row["status"]),
        is_organizer=row["is_organizer"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        queue_number=row["queue_number"],
    )


def attendance_values(attendance: Attendance) -> Values:
    """Every column but `id`."""
    return {
        "event_id": attendance.event_id,
        "user_id": attendance.user_id,
        "status": attendance.status.value,
        "is_organizer": attendance.is_organizer,
        "created_at": attendance.created_at,
        "updated_at": attendance.updated_at,
        "queue_number": attendance.queue_number,
    }
