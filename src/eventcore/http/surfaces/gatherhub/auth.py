"""JWT bearer authentication for GatherHub views."""

from eventcore.http.bearer import BEARER_SCHEME, actor
from eventcore.http.bearer import bearer_required as _bearer_required

__all__ = ["BEARER_SCHEME", "actor", "bearer_required"]

bearer_required = _bearer_required("Authentication credentials were not provided.")
