"""Accounts with an access type: register one (only an admin makes moderators and
admins), list them, change or delete one's own, and log in by email for a bare
access token (the ticketing API's JWT)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs

from eventcore.domain import users as user_rules
from eventcore.domain.access import (
    ensure_may_change_account,
    ensure_may_grant_role,
    ensure_may_list_users,
)
from eventcore.domain.errors import (
    AccountDisabled,
    Conflict,
    InvalidCredentials,
    NotFound,
)
from eventcore.domain.ids import UserId
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import Role, User
from eventcore.domain.validation import require
from eventcore.ports.clock import Clock
from eventcore.ports.security import PasswordHasher, TokenCodec
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases import accounts
from eventcore.usecases.tokens import issue_access_token


def log_in_by_email(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    *,
    email: str,
    password: str,
) -> str:
    """An access token for the active user with this email and password; stamps last_login.

    Raises InvalidValue when either is empty, NotFound for an email no user has,
    InvalidCredentials for a wrong password, AccountDisabled.
    """
    require(bool(email.strip()) and bool(password), "email", "Email and password are required")
    now = clock.now()
    with uow:
        user = uow.users.find_by_email(email.strip())
        if user is None:
            raise NotFound("User not found.", field="email")
        credentials = uow.credentials.get(user.id)
        stored_hash = credentials.password_hash if credentials else None
        # An account made by a Google login has no password: no password matches it.
        if stored_hash is None or not hasher.verify(stored_hash, password):
            raise InvalidCredentials("Invalid password.", field="password")
        if not user.is_active:
            raise AccountDisabled("This account is disabled.")
        user.last_login = now
        uow.users.save(user)
        token = issue_access_token(codec, user.id, now)
        uow.commit()
        return token


def register_account(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    actor_id: UserId | None,
    *,
    email: str,
    password: str,
    username: str | None = None,
    role: Role = Role.USER,
    avatar: str | None = None,
    **profile: Any,
) -> User:
    """Create an account: anyone an ordinary one, the admin `actor_id` any role.

    A missing username is derived from the email. Raises Forbidden, InvalidValue,
    or AlreadyExists (field username or email).
    """
    with uow:
        actor = uow.users.get(actor_id) if actor_id is not None else None
        ensure_may_grant_role(actor, role)
        user = accounts.add_user(
            uow,
            clock,
            hasher,
            email=email,
            password=password,
            username=username,
            role=role,
            **profile,
        )
        if avatar:
            user = user_rules.update_account(user, {"avatar": avatar}, user.updated_at)
            uow.users.save(user)
        uow.commit()
        return user


def list_users(uow: UnitOfWork, actor_id: UserId) -> Sequence[User]:
    """Every user, by id, for an admin. Raises NotFound (no such actor) or Forbidden."""
    with uow:
        ensure_may_list_users(accounts.existing_user(uow, actor_id))
        return uow.users.list()


def change_account(
    uow: UnitOfWork,
    clock: Clock,
    actor_id: UserId,
    user_id: UserId,
    changes: dict[str, Any],
    role: Role | None = None,
) -> User:
    """Change one's own account (user_rules.ACCOUNT_FIELDS) and, as an admin, one's role.

    Raises NotFound, Forbidden (another's account, or a role only an admin grants),
    InvalidValue (nothing to change, or a bad value) or AlreadyExists (username, email).
    """
    require(bool(changes) or role is not None, "body", "Give at least one field to change.")
    with uow:
        actor = accounts.existing_user(uow, actor_id)
        user = accounts.existing_user(uow, user_id)
        ensure_may_change_account(actor, user_id)
        updated = user_rules.update_account(user, changes, clock.now())
        if role is not None and role is not user.role:
            ensure_may_grant_role(actor, role)
            updated = attrs.evolve(updated, role=role)
        uow.users.save(updated)
        uow.commit()
        return updated


def delete_account(uow: UnitOfWork, actor_id: UserId, user_id: UserId) -> User:
    """Delete one's own account with its credentials, tokens and attendances; returns it.

    The events an account created hold other people's tickets, so they are never
    deleted along with it: while it owns any, this raises Conflict. Also raises
    NotFound and Forbidden.
    """
    with uow:
        actor = accounts.existing_user(uow, actor_id)
        user = accounts.existing_user(uow, user_id)
        ensure_may_change_account(actor, user_id)
        owned = uow.event_queries.page(
            EventFilter(creator_id=user_id, viewer_id=user_id), PageRequest(1, 1)
        ).total
        if owned:
            raise Conflict(
                f"This account still owns {owned} event{'' if owned == 1 else 's'}; "
                "they must be deleted before the account.",
                field="id",
            )
        uow.users.delete(user_id)
        uow.commit()
        return user
