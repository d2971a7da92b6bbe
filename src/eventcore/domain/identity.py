"""Signing in with a Google account: the claims a verified ID token vouches for, the
refusals of a token, and the account a first sign-in makes.

Shared by every API that signs people in with Google (community, socialcalendar).
"""

from __future__ import annotations

from datetime import datetime

from attrs import frozen

from eventcore.domain.errors import DomainError, Forbidden, Unauthenticated
from eventcore.domain.users import AVATAR_MAX_LENGTH, NAME_MAX_LENGTH, User
from eventcore.domain.validation import normalize_email


@frozen(kw_only=True)
class GoogleIdentity:
    """What a verified Google ID token says about its holder. `subject` (the `sub`
    claim) is the account's identity key: it never changes, unlike the email."""

    subject: str
    email: str = ""
    email_verified: bool = False
    name: str = ""
    picture: str = ""
    # The `nonce` claim: what a sign-in through Google's consent page sent, so the
    # token cannot have been minted for another sign-in.
    nonce: str = ""


class MalformedIdentityToken(Unauthenticated):
    """Not an ID token at all: missing, empty, or not a JWT."""

    code = "invalid_token"


class UntrustedIdentityToken(Unauthenticated):
    """A well-formed token that fails its signature, audience, issuer or expiry."""

    code = "untrusted_token"


class GoogleCodeRefused(Unauthenticated):
    """Google does not give an ID token for this authorization code: unknown, used
    already, expired, or issued for another redirect."""

    code = "code_refused"


class LoginStateRefused(Forbidden):
    """The callback of a Google sign-in that this browser did not begin: its `state`
    is missing, unknown, answered already, expired, or was issued to another browser."""

    code = "login_state_refused"


class GoogleLoginUnavailable(DomainError):
    """Google sign-in is not configured (no client ids), or Google's certificates
    cannot be fetched right now."""

    code = "google_login_unavailable"


class GoogleAccountRefused(Forbidden):
    """A verified token that cannot sign anyone in: no email to make an account with,
    or an unverified email that an existing account already uses."""

    code = "google_account_refused"


NO_EMAIL = "The Google account shares no email address, so no account can be made for it."
UNVERIFIED_EMAIL_TAKEN = (
    "The Google account's email is not verified, and another account already uses it."
)


def user_from_identity(identity: GoogleIdentity, *, username: str, now: datetime) -> User:
    """The unsaved account a first sign-in makes: name, email and avatar from the token.

    A name or picture too long to store is left out rather than refusing the sign-in.
    Raises GoogleAccountRefused when the token carries no email.
    """
    if not identity.email:
        raise GoogleAccountRefused(NO_EMAIL, reason="no_email")
    name = identity.name.strip()
    picture = identity.picture.strip()
    return User(
        username=username,
        email=normalize_email(identity.email),
        display_name=name if len(name) <= NAME_MAX_LENGTH and "\x00" not in name else "",
        avatar=picture if 0 < len(picture) <= AVATAR_MAX_LENGTH and "\x00" not in picture else None,
        created_at=now,
        updated_at=now,
    )
