"""Rows as each API writes them, by hand: GatherHub (seed 003), Eventify (seed 001) and
ticketing (seed 004), field for field what eventcore's schemas answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo
from decimal import Decimal
from typing import Any

from baseline_db import read_moment, utc_z

# Eventify writes "NA" where an event has no outside URL or cancellation reason.
_NOT_APPLICABLE = "NA"
_PHOTO_SLOTS = 3

Image = tuple[str, bool]


def media_url(key: str | None, media_base: str) -> str | None:
    """An absolute URL for a stored file; a URL that is absolute already passes through."""
    if not key:
        return None
    if key.startswith(("http://", "https://")):
        return key
    return media_base + key


def event_status(row: Any, now: datetime) -> str:
    if now < read_moment(row.starts_at):
        return "upcoming"
    return "ongoing" if now < read_moment(row.finishes_at) else "completed"


def gatherhub_event(
    row: Any, participants: int, images: Sequence[Image], now: datetime, media_base: str
) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description,
        "date": utc_z(row.starts_at),
        "end_date": utc_z(row.ends_at),
        "location": row.location,
        "max_participants": row.capacity,
        "current_participants": participants,
        "status": event_status(row, now),
        "creator": gatherhub_person(
            row.creator_id, row.creator_username, row.creator_first_name, row.creator_last_name
        ),
        "category": row.category_id,
        "is_private": bool(row.is_private),
        "address": row.address,
        "venue_name": row.venue_name,
        "price": None if row.price is None else format(Decimal(str(row.price)), "f"),
        "pincode": row.pincode,
        "district": row.district,
        "state": row.state,
        "place": row.place,
        "latitude": None if row.latitude is None else float(row.latitude),
        "longitude": None if row.longitude is None else float(row.longitude),
        "images": [
            {"url": media_url(url, media_base), "is_primary": primary} for url, primary in images
        ],
        "name": row.name,
        "is_bookable": bool(row.is_bookable),
        "is_eventify_event": bool(row.hosted_here),
        "outside_event_url": row.external_url,
        "event_status": row.publication_state,
        "cancelled_reason": row.publication_reason,
        "important_information": row.important_information,
        "created_at": utc_z(row.created_at),
        "updated_at": utc_z(row.updated_at),
    }


def gatherhub_person(
    user_id: int, username: str, first_name: str, last_name: str
) -> dict[str, Any]:
    return {"id": user_id, "username": username, "first_name": first_name, "last_name": last_name}


def eventify_dated_event(
    row: Any, primary_image: str | None, zone: tzinfo, media_base: str
) -> dict[str, Any]:
    """An event of `events-by-date`: local dates and times, the primary image's URL."""
    starts = read_moment(row.starts_at).astimezone(zone)
    finishes = read_moment(row.finishes_at).astimezone(zone)
    return {
        "id": row.id,
        "created_date": read_moment(row.created_at).astimezone(zone).date().isoformat(),
        "name": row.name or row.title,
        "description": row.description,
        "start_date": starts.date().isoformat(),
        "end_date": finishes.date().isoformat(),
        "start_time": starts.strftime("%H:%M:%S"),
        "end_time": finishes.strftime("%H:%M:%S"),
        "latitude": _decimal_text(row.latitude),
        "longitude": _decimal_text(row.longitude),
        "pincode": row.pincode,
        "district": row.district,
        "state": row.state,
        "place": row.place,
        "is_bookable": bool(row.is_bookable),
        "is_eventify_event": bool(row.hosted_here),
        "outside_event_url": row.external_url or _NOT_APPLICABLE,
        "event_type": row.category_id,
        "event_status": row.publication_state,
        "cancelled_reason": row.publication_reason or _NOT_APPLICABLE,
        "title": row.title,
        "important_information": row.important_information,
        "venue_name": row.venue_name,
        "thumb_img": media_url(primary_image, media_base),
    }


def _decimal_text(value: float | None) -> str | None:
    """12.9716 -> "12.9716": a coordinate as Eventify writes it, in text, to 6 places."""
    if value is None:
        return None
    written = f"{value:.6f}".rstrip("0")
    return written + "0" if written.endswith(".") else written


def ticketing_event(row: Any, participants: int, images: Sequence[Image]) -> dict[str, Any]:
    # The photos in slot order, the primary one first; ticketing gives them unchanged.
    photos = [url for url, primary in images if primary] + [
        url for url, primary in images if not primary
    ]
    photos = (photos + [None] * _PHOTO_SLOTS)[:_PHOTO_SLOTS]
    capacity = row.capacity
    return {
        "id": row.id,
        "owner_id": row.creator_id,
        "title": row.title,
        "description": row.description,
        "category": row.category_name,
        "start_datetime": utc_z(row.starts_at),
        "end_datetime": utc_z(row.ends_at),
        "location_type": row.location_type or None,
        "price": None if row.price is None else float(row.price),
        "photo_1_url": photos[0],
        "photo_2_url": photos[1],
        "photo_3_url": photos[2],
        "region": row.region,
        "city": row.city,
        "address": row.address,
        "tickets_remaining": None if capacity is None else max(0, capacity - participants),
        "capacity": capacity,
    }
