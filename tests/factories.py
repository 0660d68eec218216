"""Plain keyword-only factories that build what a test needs (in the style of notifications-api)."""

from __future__ import annotations

import secrets

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from forum_feedback.auth import passwords
from forum_feedback.auth.access import SESSION_KEY
from forum_feedback.auth.models import StaffSession, User
from forum_feedback.auth.services import hash_token, normalise_email
from forum_feedback.db import utcnow

DEFAULT_PASSWORD = "plum orchard lantern seventy"

#: Cheap Argon2 settings for tests that sign in many times (the real ones take ~0.4 s a hash).
FAST_HASHING = {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8192, "PASSWORD_HASH_PARALLELISM": 1}
FAST_HASHER = passwords.make_hasher(time_cost=1, memory_kib=8192, parallelism=1)


def create_user(
    session: Session,
    *,
    email: str = "rep@example.org",
    role: str = "rep",
    password: str | None = DEFAULT_PASSWORD,
    active: bool = True,
) -> User:
    """A user in the database, with a password already set (None: invited, no password yet).

    The hash uses FAST_HASHING's settings: use them in the app too (``app_config``), or the first
    sign-in renews the hash with the app's settings.
    """
    user = User(
        email=normalise_email(email),
        role=role,
        active=active,
        created_at=utcnow(),
        password_hash=passwords.hash_password(password, hasher=FAST_HASHER) if password else None,
    )
    session.add(user)
    session.commit()
    return user


def sign_in_as(client: FlaskClient, session: Session, user: User) -> str:
    """Give ``client`` a signed-in session for ``user`` without the sign-in page (and its slow hash)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(StaffSession(token_hash=hash_token(token), user_id=user.id, created_at=now, last_seen_at=now))
    session.commit()
    with client.session_transaction() as cookie_session:
        cookie_session[SESSION_KEY] = token
    return token
