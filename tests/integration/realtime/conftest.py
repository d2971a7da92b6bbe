"""Fixtures for the real-time suites: WebSocket clients (support/sockets.py) for the
GatherHub socket. Redis comes from tests/integration/conftest.py (`redis_url`,
`redis_prefix`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from support.sockets import Socket


@pytest.fixture
def open_socket() -> Iterator[Any]:
    """open_socket(base_url, token, path="/ws/events/") -> a connected Socket; all are
    closed at the end of the test."""
    sockets: list[Socket] = []

    def connect(base: str, token: str | None, path: str = "/ws/events/") -> Socket:
        url = base.replace("http://", "ws://") + path + (f"?token={token}" if token else "")
        socket = Socket(url)
        sockets.append(socket)
        return socket

    yield connect
    for socket in sockets:
        socket.close()
