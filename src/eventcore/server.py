"""The production WSGI server behind `eventcore serve`: gunicorn with threaded workers.

Threaded workers (gthread) let a WebSocket hold a thread without blocking the
worker; each worker builds its own app, and so its own database pool, after
the fork.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

THREADS_PER_WORKER = 16


class Server(BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        from eventcore.http import create_app

        return create_app()


def serve(host: str, port: int, workers: int) -> None:
    Server(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS_PER_WORKER,
            "accesslog": "-",
            # Several servers may run side by side (tests, benchmarks); the
            # runtime control socket would make them fight over one path.
            "control_socket_disable": True,
            "timeout": 60,
        }
    ).run()
