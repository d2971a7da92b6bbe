"""Accounts: register one, sign in with a password, read and change profiles, list,
disable and delete accounts.

Every surface registers users through `add_user` and checks passwords through
`verify_password`, whatever credential it then hands out (a JWT pair, an
access token alone, an opaque token).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from eventcore.domain import users as user_rules
from eventcore.domain.access import (
    ensure_may_change_account,
    ensure_may_grant_role,
    ensure_may_list_users,
)
from eventcore.domain.credentials import Credentials
from eventcore.domain.errors import (
    AccountDisabled,
    AlreadyExists,
    AlreadyTaken,
    Conflict,
    NotFound,
    Reason,
    UnknownLogin,
    WrongPassword,
)
from eventcore.domain.ids import UserId
from eventcore.domain.inputs import UNSET, Unset, given
from eventcore.domain.media import Upload, check_image
from eventcore.domain.paging import EventFilter, PageRequest
from eventcore.domain.users import AccountChanges, ProfileChanges, Registration, User
from eventcore.domain.validation import require
from eventcore.ports.clock import Clock
from eventcore.ports.media import MediaStore
from eventcore.ports.notifier import Notifier
from eventcore.ports.security import PasswordHasher
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.event_access import view_of
from eventcore.usecases.seats import fill_free_seats, promotion_notices

USERNAME_TAKEN = "A user with that username already exists."
EMAIL_TAKEN = "A user with that email already exists."
PHONE_TAKEN = "A user with that phone number already exists."


def register(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    registration: Registration,
    *,
    registrar_id: UserId | None,
) -> User:
    """Create an account: anyone an ordinary one, the admin `registrar_id` any role.

    Raises Forbidden, InvalidValue, or AlreadyTaken naming every taken field.
    """
    with uow:
        registrar = uow.users.get(registrar_id) if registrar_id is not None else None
        ensure_may_grant_role(registrar, registration.role)
        user = add_user(uow, clock, hasher, registration)
        uow.commit()
        return user


def create_user(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, registration: Registration
) -> User:
    """Create an account with any role, for whoever runs the core (the command line).

    Raises InvalidValue or AlreadyTaken.
    """
    with uow:
        user = add_user(uow, clock, hasher, registration)
        uow.commit()
        return user


def add_self_registered(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, registration: Registration
) -> User:
    """`add_user` for a person registering themselves: an ordinary account only.

    Raises Forbidden for a registration asking for a role, and what add_user raises.
    """
    ensure_may_grant_role(None, registration.role)
    return add_user(uow, clock, hasher, registration)


def add_user(
    uow: UnitOfWork, clock: Clock, hasher: PasswordHasher, registration: Registration
) -> User:
    """Add a user with a password inside the caller's open unit of work.

    A missing username is derived from the email and kept unique. Raises
    InvalidValue, or AlreadyTaken naming, in this order, each of the username,
    email and phone number that another user has.
    """
    username = registration.username
    draft = user_rules.new_user(
        registration,
        username=username or free_username(uow, registration.email),
        now=clock.now(),
    )
    clashes = {}
    if username is not None and uow.users.find_by_login(draft.username) is not None:
        clashes["username"] = USERNAME_TAKEN
    if uow.users.find_by_email(draft.email) is not None:
        clashes["email"] = EMAIL_TAKEN
    if draft.phone and uow.users.find_by_phone(draft.phone) is not None:
        clashes["phone"] = PHONE_TAKEN
    if clashes:
        raise AlreadyTaken(clashes)
    user = uow.users.add(draft)
    uow.credentials.save(
        Credentials(user_id=user.id, password_hash=hasher.hash(registration.password))
    )
    return user


def free_username(uow: UnitOfWork, email: str) -> str:
    """A username derived from `email` that nobody has, inside an open unit of work;
    for every way an account is made without one (registration, Google sign-in)."""
    for candidate in user_rules.username_candidates(email):
        if uow.users.find_by_login(candidate) is None:
            return candidate
    raise AlreadyExists("No free username could be derived from this email.", field="email")


def verify_password(
    uow: UnitOfWork,
    clock: Clock,
    hasher: PasswordHasher,
    login: str,
    password: str,
    *,
    by_email_only: bool = False,
) -> User:
    """The active user named by `login` (their email, or also their username unless
    `by_email_only`) whose password this is; stamps their last login. Runs inside the
    caller's open unit of work, so the caller decides what credential to issue.

    Raises InvalidValue when either is empty, UnknownLogin or WrongPassword (both
    InvalidCredentials), AccountDisabled. An unknown login costs as much time as a
    wrong password, so answers do not tell which accounts exist.
    """
    login = login.strip()
    require(bool(login) and bool(password), "username", Reason.LOGIN_AND_PASSWORD_REQUIRED)
    user = uow.users.find_by_email(login) if by_email_only else uow.users.find_by_login(login)
    credentials = uow.credentials.get(user.id) if user else None
    # An account made by a Google login has no password: no password matches it.
    stored_hash = credentials.password_hash if credentials else None
    if user is None or stored_hash is None:
        hasher.hash(password)
        if user is None:
            raise UnknownLogin("Invalid credentials.", field="username")
        raise WrongPassword("Invalid credentials.", field="username")
    if not hasher.verify(stored_hash, password):
        raise WrongPassword("Invalid credentials.", field="username")
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    signed_in = user_rules.record_login(user, clock.now())
    uow.users.save(signed_in)
    return signed_in


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
    changes: ProfileChanges,
    avatar: Upload | None = None,
) -> User:
    """Change one's own profile and, optionally, the avatar image.

    Raises NotFound, InvalidValue or AlreadyExists (phone).
    """
    with uow:
        user = existing_user(uow, user_id)
        updated = user_rules.update_profile(user, changes, clock.now())
        suffix = check_image(avatar, "avatar") if avatar is not None else None
        uow.users.save(updated)
        if avatar is not None:
            # Stored only once every rule has passed, so a refused change leaves no file.
            key = media.save("avatars", f"user{user_id}{suffix}", avatar.content)
            updated = user_rules.update_account(updated, AccountChanges(avatar=key), clock.now())
            uow.users.save(updated)
        uow.commit()
        return updated


def change_account(
    uow: UnitOfWork, clock: Clock, actor_id: UserId, user_id: UserId, changes: AccountChanges
) -> User:
    """Change one's own account and, as an admin, one's role.

    Raises NotFound, Forbidden (another's account, or a role only an admin grants),
    InvalidValue (nothing to change, or a bad value) or AlreadyExists (username, email).
    """
    require(bool(given(changes)), "body", Reason.NOTHING_TO_CHANGE)
    with uow:
        actor = existing_user(uow, actor_id)
        user = existing_user(uow, user_id)
        ensure_may_change_account(actor, user_id)
        now = clock.now()
        updated = user_rules.update_account(user, attrs.evolve(changes, role=UNSET), now)
        if not isinstance(changes.role, Unset) and changes.role is not user.role:
            ensure_may_grant_role(actor, changes.role)
            updated = user_rules.with_role(updated, changes.role, now)
        uow.users.save(updated)
        uow.commit()
        return updated


def list_users(uow: UnitOfWork, actor_id: UserId) -> Sequence[User]:
    """Every user, by id, for an admin. Raises NotFound (no such actor) or Forbidden."""
    with uow:
        ensure_may_list_users(existing_user(uow, actor_id))
        return uow.users.list()


def delete_account(
    uow: UnitOfWork, clock: Clock, notifier: Notifier, actor_id: UserId, user_id: UserId
) -> User:
    """Delete one's own account with its credentials, tokens and attendances (its places
    in waiting lists too); returns it. Each seat it held goes to the first of that
    event's waiting list.

    The events an account created hold other people's tickets, so they are never
    deleted along with it: while it owns any, this raises Conflict. Also raises
    NotFound and Forbidden.
    """
    now = clock.now()
    with uow:
        actor = existing_user(uow, actor_id)
        user = existing_user(uow, user_id)
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
        # The events whose seats it frees, locked in id order (so two deletions never
        # wait on each other) before the seats are counted again.
        seated = sorted(a.event_id for a in uow.attendances.for_user(user_id) if a.is_participant)
        freed = [event for event in map(uow.events.lock, seated) if event is not None]
        uow.users.delete(user_id)
        promoted = [(event.id, fill_free_seats(uow, event, now)) for event in freed]
        notices = [
            notice
            for event_id, found in promoted
            if found
            for notice in promotion_notices(view_of(uow, event_id), found)
        ]
        uow.commit()
    for notice in notices:
        notifier.publish(notice)
    return user


def set_active(uow: UnitOfWork, clock: Clock, user_id: UserId, active: bool) -> User:
    """Enable or disable an account; a disabled account cannot log in."""
    with uow:
        user = user_rules.with_active(existing_user(uow, user_id), active, clock.now())
        uow.users.save(user)
        uow.commit()
        return user
