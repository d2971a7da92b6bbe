"""A WebSocket client for tests that reads JSON notices, over simple-websocket."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

from simple_websocket import Client, ConnectionClosed


class PatientClient(Client):  # type: ignore[misc]
    """simple-websocket's client, also reading the frames that arrived together with the
    handshake response: the library leaves them unread until more bytes come, so a
    close frame sent right after the upgrade was lost when the server then hung up
    (the test saw 1005 instead of the server's code, about once in 600 sockets)."""

    def _thread(self) -> None:
        self.connected = self._handle_events()
        if not self.connected:
            self.event.set()
            self.sock.close()
            return
        super()._thread()


class Socket:
    """A WebSocket client that reads JSON notices."""

    def __init__(self, url: str, headers: Mapping[str, str] | None = None) -> None:
        """Connect to `url`, sending `headers` with the upgrade (a Cookie, say)."""
        self.client = PatientClient.connect(url, headers=dict(headers or {}))

    def next(self, timeout: float = 2.0) -> dict[str, Any]:
        """The next message; fails when none comes within `timeout` seconds."""
        text = self.client.receive(timeout=timeout)
        assert text is not None, f"no message within {timeout} s"
        message: dict[str, Any] = json.loads(text)
        return message

    def next_of(self, kind: str, timeout: float = 2.0) -> dict[str, Any]:
        """The next message of type `kind`, skipping others."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.next(max(0.01, deadline - time.monotonic()))
            if message["type"] == kind:
                return message

    def silent_for(self, seconds: float) -> list[dict[str, Any]]:
        """Everything received within `seconds` (expected: nothing)."""
        heard = []
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            text = self.client.receive(timeout=left)
            if text is not None:
                heard.append(json.loads(text))
        return heard

    def close_reason(self, timeout: float = 2.0) -> tuple[int, str]:
        """The (code, reason) the server closed with."""
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self.client.receive(timeout=deadline - time.monotonic())
        except ConnectionClosed as closed:
            return int(closed.reason), str(closed.message)
        raise AssertionError(f"the server did not close the socket within {timeout} s")

    def close(self) -> None:
        if self.client.connected:
            self.client.close()
