"""GatherHub path ids between 2**31 and 2**63 on PostgreSQL, whose id columns are INTEGER."""

from __future__ import annotations

import pytest

from eventcore.bootstrap import Core
from eventcore.http.app import create_app


@pytest.mark.postgres
@pytest.mark.parametrize("sql_backend", ["postgresql"])  # sql_core on PostgreSQL only
def test_an_event_path_id_past_the_integer_column_is_a_404(sql_core: Core) -> None:
    client = create_app(sql_core).test_client()
    access = client.post(
        "/api/v1/auth/register/",
        json={"username": "ada", "email": "ada@example.org", "password": "correct horse"},
    ).get_json()["access"]
    response = client.get(f"/api/v1/events/{2**31}/", headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 404
