"""What the community HTTP tests share besides fixtures: the path, the client id the
local Google stand-in signs for, and the table type. (A plain module, since
`conftest` names many modules in one test run.)"""

from __future__ import annotations

from typing import Any

CLIENT_ID = "community-tests.apps.example"
API = "/community/api"
Tables = dict[str, dict[Any, Any]]
