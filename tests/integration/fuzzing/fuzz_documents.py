"""The target every fuzzing test shares: one SQLite database in a folder of its own,
every surface mounted with the limits off, and the credentials of the people the
fuzzer acts as. Built when the test module is imported, as schemathesis reads the
documents then; the folder goes when the process ends."""

from __future__ import annotations

import atexit
import secrets
import shutil
import tempfile
from functools import cached_property
from pathlib import Path

import schemathesis
from flask import Flask
from schemathesis.schemas import BaseSchema

from eventcore.adapters.memory.identity import StaticGoogleVerifier
from eventcore.adapters.sqlalchemy.engine import make_engine
from eventcore.adapters.sqlalchemy.migrate import upgrade
from eventcore.bootstrap import build_core
from eventcore.core import Core
from eventcore.domain.event_changes import EventDraft
from eventcore.domain.identity import GoogleIdentity
from eventcore.domain.users import Registration
from eventcore.http.app import create_app
from eventcore.settings import Settings
from eventcore.usecases import accounts, events, google_sign_in, opaque_tokens, tokens
from support.constants import PASSWORD, T0
from support.cores import fast_hasher


class FuzzTarget:
    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="eventcore-fuzz-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        url = f"sqlite:///{folder / 'fuzz.sqlite3'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        settings = Settings(
            database_url=url,
            secret_key=secrets.token_hex(32),
            instance_dir=folder,
            media_dir=folder / "media",
            rate_limit="off",
            login_rate_limit="off",
            # The code flow configured, so /login answers its 302. No state the fuzzer
            # makes up opens an attempt, so nothing is ever sent to the token URI (a
            # closed local port, to be sure).
            google_client_ids=("fuzz-client",),
            google_client_secret="fuzz-secret",
            google_token_uri="http://127.0.0.1:9/token",
        )
        self.core: Core = build_core(settings, hasher=fast_hasher(), google=StaticGoogleVerifier())
        atexit.register(self.core.close)
        self.app: Flask = create_app(self.core)

    def document(self, prefix: str) -> BaseSchema:
        return schemathesis.openapi.from_wsgi(f"{prefix}/openapi.json", self.app)

    @cached_property
    def bearer(self) -> dict[str, str]:
        """An access token of a user with an event of their own (GatherHub, ticketing)."""
        c = self.core
        user = accounts.register(
            c.uow(),
            c.clock,
            c.hasher,
            Registration(email="fuzz@example.org", password=PASSWORD),
            registrar_id=None,
        )
        events.create_event(
            c.uow(), c.clock, c.notifier, user.id, EventDraft(title="Fuzzed", starts_at=T0)
        )
        signed_in = tokens.log_in(
            c.uow(), c.clock, c.hasher, c.tokens, login="fuzz@example.org", password=PASSWORD
        )
        return {"Authorization": f"Bearer {signed_in.tokens.access}"}

    @cached_property
    def eventify(self) -> dict[str, str]:
        """The body credentials of an Eventify user: `token` and `username`."""
        c = self.core
        issued = opaque_tokens.sign_up(
            c.uow(),
            c.clock,
            c.hasher,
            Registration(username="fuzzify", email="fuzzify@example.org", password=PASSWORD),
        )
        return {"token": issued.token, "username": issued.user.username}

    @cached_property
    def session(self) -> str:
        """A session of a Google user (community, socialcalendar)."""
        c = self.core
        verifier = c.google
        assert isinstance(verifier, StaticGoogleVerifier)
        token = verifier.issue(
            GoogleIdentity(subject="fuzz", email="google@example.org", email_verified=True)
        )
        return google_sign_in.sign_in_with_google(c.uow(), c.clock, verifier, token).token


TARGET = FuzzTarget()
