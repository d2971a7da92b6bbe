"""Accounts: sign up, log in, profiles."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from eventcore.domain import users as user_rules
from eventcore.domain.credentials import Credentials, TokenPair
from eventcore.domain.errors import (
    AccountDisabled,
    AlreadyExists,
    Forbidden,
    InvalidCredentials,
    NotFound,
)
from eventcore.domain.ids import UserId
from eventcore.domain.media import Upload, check_image
from eventcore.domain.users import Role, User
from eventcore.ports.clock import Clock
from eventcore.ports.media import MediaStore
from eventcore.ports.security import PasswordHasher, TokenCodec
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.tokens import issue_pair


@frozen
class SignedIn:
    user: User
    tokens: TokenPair


def create_user(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    username: str | None = None,
    role: Role = Role.USER,
    **profile: Any,
) -> User:
    """Create an account with any role (for admins and the CLI). Raises AlreadyExists."""
    with uow:
        user = add_user(
            uow,
            clock,
            hasher,
            email=email,
            password=password,
            username=username,
            role=role,
            **profile,
        )
        uow.commit()
        return user


def sign_up(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    *,
    username: str,
    email: str,
    password: str,
    **profile: Any,
) -> SignedIn:
    """Register an ordinary user and sign them in.

    Raises InvalidValue, AlreadyExists, or Forbidden when the profile asks for a
    role: only an admin (or the CLI) grants one.
    """
    if "role" in profile:
        raise Forbidden("Only an admin can grant a role.", field="role")
    with uow:
        user = add_user(
            uow,
            clock,
            hasher,
            email=email,
            password=password,
            username=username,
            role=Role.USER,
            **profile,
        )
        tokens = issue_pair(uow, codec, user.id, clock.now())
        uow.commit()
        return SignedIn(user, tokens)


def add_user(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    *,
    email: str,
    password: str,
    username: str | None,
    role: Role,
    **profile: Any,
) -> User:
    """Add a user with a password inside the caller's open unit of work.

    A missing `username` is derived from the email and kept unique. Raises
    InvalidValue or AlreadyExists (field username or email).
    """
    now = clock.now()
    user_rules.check_password(password)
    if username is None:
        username = _free_username(uow, email)
    draft = user_rules.new_user(username=username, email=email, now=now, role=role, **profile)
    if uow.users.find_by_login(draft.username) is not None:
        raise AlreadyExists("A user with that username already exists.", field="username")
    if uow.users.find_by_email(draft.email) is not None:
        raise AlreadyExists("A user with that email already exists.", field="email")
    user = uow.users.add(draft)
    uow.credentials.save(Credentials(user_id=user.id, password_hash=hasher.hash(password)))
    return user


def _free_username(uow: UnitOfWork, email: str) -> str:
    for candidate in user_rules.username_candidates(email):
        if uow.users.find_by_login(candidate) is None:
            return candidate
    raise AlreadyExists("No free username could be derived from this email.", field="email")


def verify_password_login(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, login: str, password: str
) -> User:
    """The active user named by `login` (username or email) with this password.

    Stamps last_login. Raises InvalidCredentials or AccountDisabled. Runs inside
    the caller's open unit of work, so callers decide what else to issue.
    """
    user = uow.users.find_by_login(login.strip())
    credentials = uow.credentials.get(user.id) if user else None
    stored_hash = credentials.password_hash if credentials else None
    if stored_hash is None:
        # Hash anyway, so an unknown login costs as much time as a wrong password.
        hasher.hash(password)
        raise InvalidCredentials("Invalid credentials.", field="username")
    if user is None or not hasher.verify(stored_hash, password):
        raise InvalidCredentials("Invalid credentials.", field="username")
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    user.last_login = clock.now()
    uow.users.save(user)
    return user


def log_in(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    codec: TokenCodec,
    *,
    login: str,
    password: str,
) -> SignedIn:
    """Password login by username or email, answered with a JWT pair."""
    with uow:
        user = verify_password_login(uow, clock, hasher, login, password)
        tokens = issue_pair(uow, codec, user.id, clock.now())
        uow.commit()
        return SignedIn(user, tokens)


def existing_user(uow: UnitOfWork, user_id: UserId) -> User:
    """The user, inside an open unit of work. Raises NotFound when there is no such
    account (any more)."""
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("User not found.")
    return user


def get_profile(uow: UnitOfWork, user_id: UserId) -> User:
    """Raises NotFound."""
    with uow:
        return existing_user(uow, user_id)


def update_profile(
    uow: UnitOfWork,
    clock: Clock,
    media: MediaStore,
    user_id: UserId,
    changes: dict[str, Any],
    avatar: Upload | None = None,
) -> User:
    """Change one's own profile fields and, optionally, the avatar image."""
    with uow:
        user = existing_user(uow, user_id)
        updated = user_rules.update_profile(user, changes, clock.now())
        suffix = check_image(avatar, "avatar") if avatar is not None else None
        uow.users.save(updated)
        if avatar is not None:
            # Stored only once every rule has passed, so a refused change leaves no file.
            updated.avatar = media.save("avatars", f"user{user_id}{suffix}", avatar.content)
            uow.users.save(updated)
        uow.commit()
        return updated


def set_active(uow: UnitOfWork, clock: Clock, user_id: UserId, active: bool) -> User:
    """Enable or disable an account; a disabled account cannot log in."""
    with uow:
        user = existing_user(uow, user_id)
        user.is_active = active
        user.updated_at = clock.now()
        uow.users.save(user)
        uow.commit()
        return user
