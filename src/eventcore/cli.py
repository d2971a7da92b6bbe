"""The `eventcore` command (DESIGN.md section 5).

Which database a command uses: EVENTCORE_DATABASE_URL, else `eventcore.sqlite3`
in the current directory; a relative SQLite path is read in the current
directory too. The commands that touch the database print the one they use, and
only `db upgrade` creates one.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import click

from eventcore.domain.errors import DomainError
from eventcore.domain.users import Registration, Role
from eventcore.server import THREADS_PER_WORKER
from eventcore.settings import DEFAULT_DATABASE_URL, Settings, SettingsError, database_url
from eventcore.usecases import accounts, categories

# What `categories create --icon` takes besides an http(s) URL: a key of a stored
# upload, as the media store writes them ("icons/concert-3f2a1b.png").
_MEDIA_KEY = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+")


@click.group()
def main() -> None:
    """eventcore: one event-management core behind the client APIs it serves
    (GatherHub, Eventify, ticketing and community; `eventcore serve` lists them with their
    docs).

    Configuration comes from EVENTCORE_* environment variables (see the README). The
    database is EVENTCORE_DATABASE_URL, else eventcore.sqlite3 in the current directory.
    """


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _database_url() -> str:
    """EVENTCORE_DATABASE_URL checked (before anything is created on disk)."""
    try:
        return database_url(
            os.environ.get("EVENTCORE_DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
        )
    except SettingsError as error:
        raise click.ClickException(str(error)) from None


def _check_database(url: str) -> None:
    from eventcore.adapters.sqlalchemy.readiness import DatabaseNotReady, check_schema

    try:
        check_schema(url)
    except DatabaseNotReady as error:
        raise click.ClickException(str(error)) from None


def _ready_settings() -> Settings:
    """The settings, once the database they name holds the current schema: a command
    run in the wrong folder creates nothing there (no database, no instance folder)
    and says what to do."""
    _check_database(_database_url())
    return _settings()


def _say_database(url: str) -> None:
    from eventcore.adapters.sqlalchemy.readiness import display_url

    click.echo(f"Database: {display_url(url)}", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--threads",
    default=THREADS_PER_WORKER,
    show_default=True,
    type=click.IntRange(4, 1024),
    help="Threads per worker, shared by HTTP requests and WebSockets "
    "(a worker admits 3/4 of them as sockets).",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve every configured API with the production server (gunicorn)."""
    from eventcore.server import StartRefused, preflight
    from eventcore.server import serve as run_server

    # Every worker reads the settings and builds the app again; whatever would stop
    # them should stop us here, in one line, not in a loop of workers failing to boot.
    settings = _settings()
    _check_database(settings.database_url)
    try:
        mounted = preflight(settings, host, port)
    except StartRefused as error:
        raise click.ClickException(str(error)) from None
    _say_database(settings.database_url)
    base = f"http://{host}:{port}"
    click.echo(f"Serving on {base}", err=True)
    for api in mounted:
        click.echo(
            f"  {api.name:<10} {api.title} at {base}{api.root}/  docs: {base}{api.docs}", err=True
        )
    click.echo(f"  the list: {base}/", err=True)
    run_server(host, port, workers, threads)


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command()
def upgrade() -> None:
    """Create or migrate the schema to the latest version (Alembic)."""
    from eventcore.adapters.sqlalchemy.migrate import MigrationRefused, current_revision
    from eventcore.adapters.sqlalchemy.migrate import upgrade as run_upgrade
    from eventcore.adapters.sqlalchemy.readiness import (
        DatabaseNotReady,
        display_url,
        reachable_engine,
    )

    url = _settings().database_url
    try:
        engine = reachable_engine(url)
    except DatabaseNotReady as error:
        raise click.ClickException(str(error)) from None
    try:
        before = current_revision(engine)
        run_upgrade(engine)
        after = current_revision(engine)
    except MigrationRefused as refused:
        raise click.ClickException(str(refused)) from None
    finally:
        engine.dispose()
    where = display_url(url)
    if before is None:
        click.echo(f"Created the schema at revision {after} in {where}.")
    elif before == after:
        click.echo(f"Already up to date at revision {after}: {where}.")
    else:
        click.echo(f"Migrated {where} from revision {before} to {after}.")


@db.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Copy the SQLite database, WAL included, into TARGET (a new file), while it serves."""
    from eventcore.adapters.sqlalchemy.readiness import display_url, sqlite_file

    url = _database_url()
    source = sqlite_file(url)
    if source is None:
        raise click.ClickException(
            f"db backup copies SQLite databases; back up {display_url(url)} with its own "
            "tools (pg_dump for PostgreSQL)"
        )
    if not source.exists():
        raise click.ClickException(f"There is no database at {source}.")
    if target.exists():
        raise click.ClickException(f"{target} exists already; name a new file.")
    # sqlite3's online backup reads through SQLite itself, so the copy holds what the
    # WAL holds too, and writers may go on meanwhile.
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as origin,
        sqlite3.connect(target) as copy,
    ):
        origin.backup(copy)
    click.echo(f"Copied {source} to {target.absolute()}.")


@main.group()
def users() -> None:
    """User accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True, prompt=True, hide_input=True)
@click.option("--username", default=None, help="Derived from the email when omitted.")
@click.option(
    "--role", type=click.Choice([r.value for r in Role]), default=Role.USER.value, show_default=True
)
def create_user(email: str, password: str, username: str | None, role: str) -> None:
    """Create a user with any role; prints the new id."""
    from eventcore.bootstrap import build_core

    settings = _ready_settings()
    _say_database(settings.database_url)
    core = build_core(settings)
    try:
        user = accounts.create_user(
            core.uow(),
            core.clock,
            core.hasher,
            Registration(email=email, password=password, username=username, role=Role(role)),
        )
    except DomainError as error:
        raise click.ClickException(_explain(error)) from None
    finally:
        core.close()
    click.echo(user.id)


@main.group("categories")
def categories_group() -> None:
    """Event categories (event types)."""


def _icon(context: click.Context, parameter: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.netloc and not any(c.isspace() for c in value):
        return value
    if _MEDIA_KEY.fullmatch(value) and ".." not in value:
        return value
    raise click.BadParameter(
        "give an http(s) URL (https://example.org/icon.png) or a media key (icons/concert.png)"
    )


@categories_group.command("create")
@click.option("--name", required=True)
@click.option(
    "--icon",
    default=None,
    callback=_icon,
    help="The icon: an http(s) URL, or the key of a file in the media folder.",
)
def create_category(name: str, icon: str | None) -> None:
    """Create a category; prints the new id."""
    from eventcore.bootstrap import build_core

    settings = _ready_settings()
    _say_database(settings.database_url)
    core = build_core(settings)
    try:
        category = categories.create_category(core.uow(), name, icon)
    except DomainError as error:
        raise click.ClickException(_explain(error)) from None
    finally:
        core.close()
    click.echo(category.id)


def _explain(error: DomainError) -> str:
    return f"{error.field}: {error.message}" if error.field else error.message
