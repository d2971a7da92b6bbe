"""Signing in with a Google ID token, for every API that offers it.

The Google subject is the identity key, kept in `Credentials.google_subject`:
the same subject is always the same user, whatever its email is now. A first
sign-in links an existing account only through a verified email equal to that
account's; otherwise it makes a new account with the token's name, email and
picture. An unverified email never signs in as anyone else.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from eventcore.domain import users as user_rules
from eventcore.domain.credentials import Credentials
from eventcore.domain.errors import AccountDisabled
from eventcore.domain.identity import (
    NO_EMAIL,
    UNVERIFIED_EMAIL_TAKEN,
    GoogleAccountRefused,
    GoogleIdentity,
    user_from_identity,
)
from eventcore.domain.users import User
from eventcore.ports.clock import Clock
from eventcore.ports.identity import GoogleIdentityVerifier
from eventcore.ports.unit_of_work import UnitOfWork
from eventcore.usecases.accounts import existing_user, free_username
from eventcore.usecases.sessions import OpenedSession, open_session

LINKED_ELSEWHERE = "The account with this email is linked to another Google account."


def sign_in_with_google(
    uow: UnitOfWork, clock: Clock, verifier: GoogleIdentityVerifier, id_token: str
) -> OpenedSession:
    """Verify the ID token, find or make its user, and open a session for them.

    Raises MalformedIdentityToken, UntrustedIdentityToken, GoogleLoginUnavailable,
    GoogleAccountRefused or AccountDisabled; nothing is written then.
    """
    return open_session_for(uow, clock, verifier.verify(id_token))


def open_session_for(uow: UnitOfWork, clock: Clock, identity: GoogleIdentity) -> OpenedSession:
    """Find or make the user of a verified `identity` and open a session for them.

    Raises GoogleAccountRefused or AccountDisabled; nothing is written then.
    """
    now = clock.now()
    with uow:
        user = user_for_identity(uow, identity, now)
        signed_in = user_rules.record_login(user, now)
        uow.users.save(signed_in)
        opened = open_session(uow, signed_in, now)
        uow.commit()
        return opened


def user_for_identity(uow: UnitOfWork, identity: GoogleIdentity, now: datetime) -> User:
    """The active user the verified `identity` signs in as, linked or made inside the
    caller's open unit of work. Raises GoogleAccountRefused or AccountDisabled."""
    linked = uow.credentials.find_by_google_subject(identity.subject)
    if linked is not None:
        user = existing_user(uow, linked.user_id)
    else:
        user = _link_or_make(uow, identity, now)
    if not user.is_active:
        raise AccountDisabled("This account is disabled.")
    return user


def _link_or_make(uow: UnitOfWork, identity: GoogleIdentity, now: datetime) -> User:
    same_email = uow.users.find_by_email(identity.email) if identity.email else None
    if same_email is not None:
        if not identity.email_verified:
            raise GoogleAccountRefused(UNVERIFIED_EMAIL_TAKEN, reason="unverified_email")
        credentials = uow.credentials.get(same_email.id) or Credentials(user_id=same_email.id)
        if credentials.google_subject:
            raise GoogleAccountRefused(LINKED_ELSEWHERE, reason="linked_elsewhere")
        uow.credentials.save(attrs.evolve(credentials, google_subject=identity.subject))
        return same_email
    if not identity.email:
        raise GoogleAccountRefused(NO_EMAIL, reason="no_email")
    draft = user_from_identity(identity, username=free_username(uow, identity.email), now=now)
    user = uow.users.add(draft)
    uow.credentials.save(Credentials(user_id=user.id, google_subject=identity.subject))
    return user
