"""GatherHub's OpenAPI document at /openapi.json and its self-hosted docs page at /docs."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient

# Every GatherHub path this build serves, with its methods, as the seed names them
# (path variables normalised to {id}).
DOCUMENTED: dict[str, set[str]] = {
    "/api/v1/auth/register/": {"post"},
    "/api/v1/auth/login/": {"post"},
    "/api/v1/auth/refresh/": {"post"},
    "/api/v1/auth/logout/": {"post"},
    "/api/v1/auth/profile/": {"get", "put"},
    "/api/v1/events/": {"get", "post"},
    "/api/v1/events/{id}/": {"get", "put", "delete"},
    "/api/v1/events/{id}/join/": {"post"},
    "/api/v1/events/{id}/leave/": {"post"},
    "/health/": {"get"},
    "/health/ready/": {"get"},
    "/health/live/": {"get"},
    "/health/status/": {"get"},
}
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
EXTERNAL = re.compile(r"https?://", re.IGNORECASE)


class _Assets(HTMLParser):
    """Collects the URLs a page loads: script src, link href, img src."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        for name, value in attrs:
            if name == wanted and value:
                self.urls.append(value)


def _normalised(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{id}", path)


@pytest.fixture
def document(client: FlaskClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body: dict[str, Any] = response.get_json()
    return body


def test_the_document_is_openapi_3_titled_for_gatherhub(document: dict[str, Any]) -> None:
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "GatherHub API"
    assert isinstance(document["info"]["version"], str)


def test_the_document_lists_every_gatherhub_path_with_its_methods(
    document: dict[str, Any],
) -> None:
    paths = {
        _normalised(path): {method for method in operations if method in HTTP_METHODS}
        for path, operations in document["paths"].items()
    }

    for path, methods in DOCUMENTED.items():
        assert path in paths, f"{path} is missing from /openapi.json"
        assert methods <= paths[path], f"{path}: {paths[path]}"


def test_the_document_declares_bearer_auth_on_protected_operations(
    document: dict[str, Any],
) -> None:
    scheme = document["components"]["securitySchemes"]["bearerAuth"]
    events = next(
        ops for path, ops in document["paths"].items() if _normalised(path) == "/api/v1/events/"
    )

    assert scheme == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert events["get"]["security"] == [{"bearerAuth": []}]


def test_the_document_describes_request_and_response_bodies(document: dict[str, Any]) -> None:
    create = document["paths"]["/api/v1/events/"]["post"]

    assert "requestBody" in create
    assert "201" in create["responses"]


def test_the_docs_page_is_html(client: FlaskClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert "/openapi.json" in response.get_data(as_text=True)


def test_the_docs_page_loads_its_assets_from_the_app_itself(client: FlaskClient) -> None:
    parser = _Assets()
    parser.feed(client.get("/docs").get_data(as_text=True))

    assert any(url.endswith(".js") for url in parser.urls)
    assert any(url.endswith(".css") for url in parser.urls)
    for url in parser.urls:
        assert url.startswith("/"), url
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert asset.data, url


def test_the_docs_page_references_no_external_host(client: FlaskClient) -> None:
    page = client.get("/docs").get_data(as_text=True)

    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    assert "//cdn" not in page
    assert 'src="//' not in page
    assert 'href="//' not in page
