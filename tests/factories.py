"""Plain keyword-only factories that build what a test needs (in the style of notifications-api)."""

from __future__ import annotations

import datetime as dt
import secrets

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from forum_feedback.auth import passwords, two_factor
from forum_feedback.auth.access import SESSION_KEY
from forum_feedback.auth.models import StaffSession, User
from forum_feedback.auth.services import hash_token, normalise_email
from forum_feedback.db import utcnow

DEFAULT_PASSWORD = "plum orchard lantern seventy"
#: The authenticator app secret every test rep and administrator has set up (unless told not to).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
#: Roles given a second factor by default, as the app's TWO_FACTOR_ROLES requires.
TWO_FACTOR_ROLES = ("admin", "rep")

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
    second_factor: bool | None = None,
) -> User:
    """A user in the database, with a password already set (None: invited, no password yet).

    Reps and administrators have an authenticator app set up with ``TOTP_SECRET`` (``fresh_code``
    gives its next code); ``second_factor=False`` leaves it to be set up at first sign-in.

    The hash uses FAST_HASHING's settings: use them in the app too (``app_config``), or the first
    sign-in renews the hash with the app's settings.
    """
    enrolled = role in TWO_FACTOR_ROLES if second_factor is None else second_factor
    now = utcnow()
    user = User(
        email=normalise_email(email),
        role=role,
        active=active,
        created_at=now,
        password_hash=passwords.hash_password(password, hasher=FAST_HASHER) if password else None,
        totp_secret=TOTP_SECRET if enrolled else None,
        totp_confirmed_at=now if enrolled else None,
    )
    session.add(user)
    session.commit()
    return user


def sign_in_as(client: FlaskClient, session: Session, user: User, *, second_factor: bool = True) -> str:
    """Give ``client`` a signed-in session for ``user`` without the sign-in page (and its slow hash).

    The session has passed the second factor, unless ``second_factor=False``: then it is as if the
    person had typed only their password.
    """
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        StaffSession(
            token_hash=hash_token(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            second_factor_at=now if second_factor else None,
        )
    )
    session.commit()
    with client.session_transaction() as cookie_session:
        cookie_session[SESSION_KEY] = token
    return token


def fresh_code(session: Session, email: str, *, secret: str = TOTP_SECRET) -> str:
    """A code from the test authenticator app that this user has not used yet (the app accepts one step ahead).

    Lets a test sign the same person in two or three times within one 30-second step.
    """
    session.expire_all()
    last = session.scalar(select(User.totp_last_step).where(User.email == normalise_email(email)))
    now = utcnow()
    step = int(now.timestamp()) // 30
    if last is not None and last >= step:
        step = last + 1
    if step > int(now.timestamp()) // 30 + two_factor.VALID_WINDOW:
        raise AssertionError("no unused code left in this 30-second window")
    return two_factor.code_for(secret, at=dt.datetime.fromtimestamp(step * 30, tz=dt.UTC))


def pass_second_factor(client: FlaskClient, session: Session, response: TestResponse, email: str) -> TestResponse:
    """After a sign-in POST: when it asked for the app's code, type a fresh one and return that response."""
    if response.status_code != 302 or not response.location.startswith("/sign-in/code"):
        return response
    return client.post(response.location, data={"code": fresh_code(session, email)})


def sign_in_through_pages(
    client: FlaskClient, session: Session, email: str, password: str = DEFAULT_PASSWORD, next_url: str | None = None
) -> TestResponse:
    """Sign in with the real pages: the password, then the app's code when the role needs it."""
    response = client.post(
        "/sign-in", query_string={"next": next_url} if next_url else None, data={"email": email, "password": password}
    )
    return pass_second_factor(client, session, response, email)
