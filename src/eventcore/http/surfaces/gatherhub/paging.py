"""What GatherHub's lists share: {count, next, previous, results} pages with absolute
page URLs, and date filters read as whole days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from flask import request

from eventcore.domain.events import midnight
from eventcore.domain.paging import Page
from eventcore.http.context import timezone


def paged(found: Page[Any]) -> dict[str, Any]:
    """The page as GatherHub lists write it; next and previous keep the other query
    parameters of the request, with the page size that was served (a page_size
    above the maximum was capped, and the links say so)."""
    size = found.request.page_size
    return {
        "count": found.total,
        "next": _page_url(found.request.page + 1, size) if found.has_next else None,
        "previous": _page_url(found.request.page - 1, size) if found.has_previous else None,
        "results": found.items,
    }


def _page_url(page: int, page_size: int) -> str:
    arguments = request.args.to_dict(flat=False)
    arguments["page"] = [str(page)]
    if "page_size" in arguments:
        arguments["page_size"] = [str(page_size)]
    return f"{request.base_url}?{urlencode(arguments, doseq=True)}"


def day_start(day: date | None, days_after: int = 0) -> datetime | None:
    """Date filters mean calendar days in EVENTCORE_TIMEZONE."""
    if day is None or day == date.max:
        return None
    return midnight(day + timedelta(days=days_after), timezone())
