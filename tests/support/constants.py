"""Values many tests agree on."""

from __future__ import annotations

from datetime import UTC, datetime

# The instant every test clock starts at, unless a test says otherwise.
T0 = datetime(2027, 5, 1, 12, 0, tzinfo=UTC)
# The password every test user gets; long enough for the domain's minimum.
PASSWORD = "correct horse battery"
# The password of the Eventify suites, the one Eventify's own examples use.
EVENTIFY_PASSWORD = "securepassword123"
