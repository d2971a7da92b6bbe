"""The production WSGI server behind `eventcore serve`: gunicorn with threaded workers.

Threaded workers (gthread) let a WebSocket hold a thread without blocking the
worker; each worker builds its own app, and so its own database pool, Redis
connections and real-time subscriber thread, after the fork.

Capacity, per worker: `threads` threads serve HTTP requests and WebSockets
together, and an open WebSocket keeps its thread until it closes. A worker
therefore admits at most three quarters of its threads as sockets
(`websocket_slots`), and the last quarter always serves HTTP. With the
defaults (64 threads) that is 48 sockets and at least 16 concurrent HTTP
requests per worker: `--workers 2` holds 96 sockets. Each socket also has a
reader thread of its own (simple-websocket), which sleeps in select().
Database connections are not held by sockets, only by HTTP requests, which
share the worker's pool of at most `engine.POOL_SIZE` connections (10); an 11th
concurrent request waits for one.

Why these numbers (benchmarks/README.md): the list of 100 000 events through
`--workers 2` served the same rate with 8, 16 or 64 threads, since the GIL lets one
thread of a worker run at a time; 64 threads are there for the sockets. The pool
is sized by what runs at once, not by the threads.

Each worker listens on a socket of its own (SO_REUSEPORT), and the kernel spreads
new connections over them. On one shared socket, whichever worker was idle when a
burst of connections came took them all, and kept them as long as the clients kept
them alive: one core served the load while the other slept.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import gc
import re
import signal
import socket
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flask import Flask
from gunicorn.app.base import BaseApplication
from gunicorn.glogging import Logger

if TYPE_CHECKING:
    from eventcore.http.mounting import MountedApi
    from eventcore.settings import Settings

THREADS_PER_WORKER = 64
# Threads, so that a WebSocket holds a thread and not a whole worker.
WORKER_CLASS = "gthread"
_M_ARENA_MAX = -8  # mallopt's parameter number, from glibc's malloc.h
_TOKEN_IN_QUERY = re.compile(r"((?:^|[?&])token=)[^&\s]*")
# gunicorn's start line, as its arbiter logs it.
_LISTENING = "Listening at: %s (%s)"


def websocket_slots(threads: int) -> int:
    """How many WebSockets one worker with `threads` threads admits."""
    return max(1, threads * 3 // 4)


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's access log, without the access tokens WebSocket URLs carry (?token=);
    and its start line naming the address, which gunicorn leaves empty when each worker
    opens its own socket (`reuse_port`)."""

    def info(self, msg: str, *args: Any, **kwargs: Any) -> None:
        if msg == _LISTENING and args and not args[0]:
            args = (f"{', '.join(self.cfg.bind)}, a socket per worker", *args[1:])
        super().info(msg, *args, **kwargs)

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        for key in ("r", "q"):
            if isinstance(atoms.get(key), str):
                atoms[key] = _TOKEN_IN_QUERY.sub(r"\1[redacted]", atoms[key])
        return atoms


class GunicornApp(BaseApplication):  # type: ignore[misc]
    """gunicorn serving the WSGI app its subclass's `load` builds, with `options` as
    its settings (see `process_settings`)."""

    def __init__(self, options: dict[str, Any]) -> None:
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)


class Server(GunicornApp):
    def load(self) -> Flask:
        # Runs in each worker after the fork, so every worker has its own core: its own
        # database pool, Redis connections and subscriber thread.
        from eventcore.bootstrap import build_core
        from eventcore.http import create_app
        from eventcore.http.websocket import MAX_SOCKETS
        from eventcore.settings import Settings

        app = create_app(build_core(Settings.from_env()))
        app.config[MAX_SOCKETS] = websocket_slots(self.cfg.threads)
        freeze_long_lived_objects()
        return app


def freeze_long_lived_objects() -> None:
    """Move every object alive now out of the garbage collector's passes, for good.

    Called in gunicorn's master before each fork, and in each worker once its app is
    built. What exists then (the libraries, the app, its schemas and routes) lives as
    long as the process. Left to the collector, each full pass walks all of it, about
    158 000 objects: the whole worker pauses for some 90 ms
    (benchmarks/collector_pauses.py). Each pass also writes to every object it walks,
    which copies the pages a worker shares with the master into the worker. Garbage
    is collected first, so that none of it is kept forever."""
    gc.collect()
    gc.freeze()


def _on_worker_start(worker: Any) -> None:
    """Runs in each worker once its app is built: closes sockets on a graceful stop,
    and starts the worker's background jobs."""
    from eventcore.background import announce_ended_polls_periodically
    from eventcore.http.context import core
    from eventcore.http.websocket import going_away

    app: Flask = worker.wsgi
    stopping = going_away(app)
    graceful_stop = signal.getsignal(signal.SIGTERM)

    def on_sigterm(signum: int, frame: Any) -> None:
        stopping.set()
        if callable(graceful_stop):
            graceful_stop(signum, frame)

    signal.signal(signal.SIGTERM, on_sigterm)
    with app.app_context():
        announce_ended_polls_periodically(core())


class StartRefused(RuntimeError):
    """The server would not start; the message says why in one line."""


def preflight(settings: Settings, host: str, port: int) -> Sequence[MountedApi]:
    """Check, before any worker starts, what would make every worker fail to boot: the
    surfaces (unknown, unavailable, clashing routes) and the port. Returns the APIs the
    workers will mount. Raises StartRefused."""
    from eventcore.bootstrap import memory_core
    from eventcore.http import create_app
    from eventcore.http.mounting import RouteClash, mounted_apis
    from eventcore.settings import SettingsError

    try:
        # The same app the workers build, on memory adapters: no connection is opened
        # before the fork.
        app = create_app(memory_core(settings=settings))
    except (SettingsError, RouteClash) as error:
        raise StartRefused(str(error)) from None
    _check_port(host, port)
    return mounted_apis(app)


def _check_port(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise StartRefused(f"--host {host}: no such address on this machine") from None
    family, kind, protocol, _, address = infos[0]
    with socket.socket(family, kind, protocol) as probe:
        # As gunicorn binds: a port left in TIME_WAIT by a server that just stopped is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                other = port + 1 if port < 65535 else 8001
                raise StartRefused(
                    f"Port {port} on {host} is in use by another program; choose another "
                    f"with --port, e.g. `eventcore serve --port {other}`"
                ) from None
            raise StartRefused(f"Cannot listen on {host}:{port}: {error.strerror}") from None


def _before_fork(server: Any, worker: Any) -> None:
    freeze_long_lived_objects()


def _on_worker_exit(server: Any, worker: Any) -> None:
    """Closes the worker's core: its database pool (merging SQLite's WAL into the file)
    and its Redis connections."""
    app = getattr(worker, "wsgi", None)
    if isinstance(app, Flask) and "eventcore" in app.extensions:
        app.extensions["eventcore"].close()


def cap_malloc_arenas() -> None:
    """Let glibc's malloc keep two arenas per process instead of up to eight per core:
    with one arena per busy thread a worker grew by about 20 MB under load and never
    gave it back (benchmarks/README.md). Set in the master, so the workers inherit it."""
    # Without glibc (no mallopt), the allocator has its own rules: nothing to set.
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_ARENA_MAX, 2)


def process_settings(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for serving on `host`:`port` as eventcore does; the
    benchmarks' baseline app is served with the same."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": WORKER_CLASS,
        "threads": threads,
        "accesslog": "-",
        # Several servers may run side by side (tests, benchmarks); the
        # runtime control socket would make them fight over one path.
        "control_socket_disable": True,
        "timeout": 60,
        # A listening socket per worker: the kernel, not a race between the workers'
        # accept calls, decides which worker a connection goes to (see above). With
        # one shared socket, 16 kept-alive connections ran wholly on one worker in 6
        # of 16 runs, then 3 of 16, the list at 175 to 215 req/s instead of 570 to
        # 820 (benchmarks/worker_balance.py); with a socket per worker in none.
        "reuse_port": True,
    }


def server_options(host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """Everything `eventcore serve` gives gunicorn: `process_settings` and its hooks."""
    return {
        **process_settings(host, port, workers, threads),
        "logger_class": RedactingLogger,
        "pre_fork": _before_fork,
        "post_worker_init": _on_worker_start,
        "worker_exit": _on_worker_exit,
    }


def serve(host: str, port: int, workers: int, threads: int = THREADS_PER_WORKER) -> None:
    cap_malloc_arenas()
    Server(server_options(host, port, workers, threads)).run()
