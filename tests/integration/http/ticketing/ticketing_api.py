"""What the ticketing HTTP tests share besides fixtures: paths, the password, the seed's
key sets. (A plain module, since `conftest` names many modules in one test run.)"""

from __future__ import annotations

from typing import Any

# The ticketing tests take the shared password from here, with the API's names.
from support.constants import PASSWORD as PASSWORD

API = "/ticketing/api"

JsonBody = dict[str, Any]
Headers = dict[str, str]
Tables = dict[str, dict[Any, Any]]
USER_KEYS = {
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "age",
    "gender",
    "access_type",
    "avatar",
    "created_at",
    "updated_at",
}
EVENT_KEYS = {
    "id",
    "owner_id",
    "title",
    "description",
    "category",
    "start_datetime",
    "end_datetime",
    "location_type",
    "price",
    "photo_1_url",
    "photo_2_url",
    "photo_3_url",
    "region",
    "city",
    "address",
    "tickets_remaining",
    "capacity",
}
ATTENDANCE_KEYS = {"event_id", "user_id", "status", "registered_at"}
