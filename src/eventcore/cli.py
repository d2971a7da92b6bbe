"""The `eventcore` command (DESIGN.md section 5)."""

from __future__ import annotations

import click

from eventcore.bootstrap import build_core
from eventcore.domain.errors import DomainError
from eventcore.domain.users import Registration, Role
from eventcore.settings import Settings, SettingsError
from eventcore.usecases import accounts, categories


@click.group()
def main() -> None:
    """eventcore: one event-management core behind five client APIs.

    Configuration comes from EVENTCORE_* environment variables (see the README).
    """


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--threads",
    default=64,
    show_default=True,
    type=click.IntRange(4, 1024),
    help="Threads per worker, shared by HTTP requests and WebSockets "
    "(a worker admits 3/4 of them as sockets).",
)
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve every configured API with the production server (gunicorn)."""
    from eventcore.server import serve as run_server

    try:
        # Every worker reads the settings again; a bad one should stop us here,
        # with its message, not in a loop of workers failing to boot.
        Settings.from_env()
    except SettingsError as error:
        raise click.ClickException(str(error)) from None
    run_server(host, port, workers, threads)


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command()
def upgrade() -> None:
    """Create or migrate the schema to the latest version (Alembic)."""
    from eventcore.adapters.sqlalchemy.engine import make_engine
    from eventcore.adapters.sqlalchemy.migrate import upgrade as run_upgrade

    engine = make_engine(Settings.from_env().database_url)
    try:
        run_upgrade(engine)
    finally:
        engine.dispose()
    click.echo("Database is up to date.")


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
    core = build_core(Settings.from_env())
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


@categories_group.command("create")
@click.option("--name", required=True)
@click.option("--icon", default=None, help="URL of the category's icon.")
def create_category(name: str, icon: str | None) -> None:
    """Create a category; prints the new id."""
    core = build_core(Settings.from_env())
    try:
        category = categories.create_category(core.uow(), name, icon)
    except DomainError as error:
        raise click.ClickException(_explain(error)) from None
    finally:
        core.close()
    click.echo(category.id)


def _explain(error: DomainError) -> str:
    return f"{error.field}: {error.message}" if error.field else error.message
