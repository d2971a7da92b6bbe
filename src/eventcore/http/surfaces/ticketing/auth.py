"""JWT bearer authentication for ticketing views: `Authorization: Bearer <token>`."""

from eventcore.http.bearer import BEARER_SCHEME, actor, actor_or_none, bearer_optional
from eventcore.http.bearer import bearer_required as _bearer_required

__all__ = ["BEARER_SCHEME", "actor", "actor_or_none", "bearer_optional", "bearer_required"]

bearer_required = _bearer_required("Token missing")
