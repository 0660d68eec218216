"""One-time set-password links: stored only as a hash, single use, and they expire."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth import services
from forum_feedback.auth.models import PasswordLink, StaffSession, User
from forum_feedback.db import utcnow
from tests.factories import FAST_HASHER, create_user, sign_in_as
from tests.helpers import page

PASSWORD = "violet harbour tractor mango"
LIFETIME = dt.timedelta(hours=72)


def new_user_link(session, *, email="new.rep@example.org", role="rep"):
    return services.create_user(session, email=email, role=role, actor_id=None, now=utcnow(), link_lifetime=LIFETIME)


def test_link_token_is_stored_only_as_its_hash(session):
    link = new_user_link(session)
    stored = session.scalars(select(PasswordLink.token_hash)).all()
    assert stored == [hashlib.sha256(link.token.encode()).hexdigest()]
    assert len(link.token) >= 40


def test_setting_a_password_with_the_link_then_signing_in(client, session):
    link = new_user_link(session)
    view = page(client.get(f"/set-password/{link.token}"))
    assert view.h1 == ["Create a password"]
    assert "new.rep@example.org" in view.html
    response = client.post(f"/set-password/{link.token}", data={"password": PASSWORD})
    assert response.location == "/sign-in"
    assert "Your password is saved" in client.get("/sign-in").get_data(as_text=True)
    signed_in = client.post("/sign-in", data={"email": "new.rep@example.org", "password": PASSWORD})
    assert signed_in.location == "/sign-in/code"  # a rep: the second factor next (test_two_factor.py)
    assert session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all() == [
        "user created",
        "set-password link created",
        "password set",
        "signed in",
    ]


def test_password_rules_are_shown_in_the_error_summary(client, session):
    link = new_user_link(session)
    for password, error in [
        ("", "Enter a password"),
        ("too short", "Your password must be 12 characters or more"),
        ("password123456", "Choose a password that is harder to guess: this one is on a list of common passwords"),
        ("new.rep and more words", "Your password must not contain your email address or your name from it"),
    ]:
        view = page(client.post(f"/set-password/{link.token}", data={"password": password}))
        assert view.title.startswith("Error: Create a password")
        assert view.errors == [error]
    assert session.scalar(select(User.password_hash)) is None
    # A refused password does not spend the link.
    assert client.post(f"/set-password/{link.token}", data={"password": PASSWORD}).location == "/sign-in"


def test_link_works_only_once(client, session):
    link = new_user_link(session)
    client.post(f"/set-password/{link.token}", data={"password": PASSWORD})
    again = client.get(f"/set-password/{link.token}")
    assert again.status_code == 404
    assert page(again).h1 == ["This link has expired or has already been used"]
    replay = client.post(f"/set-password/{link.token}", data={"password": "another long password here"})
    assert replay.status_code == 404
    assert (
        services.sign_in(
            session,
            email="new.rep@example.org",
            password=PASSWORD,
            now=utcnow(),
            policy=services.LockoutPolicy(),
            hasher=FAST_HASHER,
        ).outcome
        is services.Outcome.SIGNED_IN
    )


def test_link_expires(client, session):
    link = new_user_link(session)
    for row in session.scalars(select(PasswordLink)):
        row.expires_at = utcnow() - dt.timedelta(seconds=1)
    session.commit()
    assert client.get(f"/set-password/{link.token}").status_code == 404
    assert client.post(f"/set-password/{link.token}", data={"password": PASSWORD}).status_code == 404
    assert session.scalar(select(User.password_hash)) is None


def test_link_of_a_disabled_account_does_not_work(client, session):
    link = new_user_link(session)
    for user in session.scalars(select(User)):
        user.active = False
    session.commit()
    assert client.get(f"/set-password/{link.token}").status_code == 404


def test_unknown_link_is_refused(client):
    assert page(client.get("/set-password/made-up-token")).h1 == ["This link has expired or has already been used"]


def test_a_new_link_replaces_the_old_one(client, session):
    first = new_user_link(session)
    second = services.create_password_link(
        session, user_id=first.user_id, actor_id=None, now=utcnow(), lifetime=LIFETIME
    )
    assert client.get(f"/set-password/{first.token}").status_code == 404
    assert client.get(f"/set-password/{second.token}").status_code == 200


def test_setting_a_password_ends_every_open_session(app, client, session):
    user = create_user(session)
    other_browser = app.test_client()
    sign_in_as(other_browser, session, user)
    link = services.create_password_link(session, user_id=user.id, actor_id=None, now=utcnow(), lifetime=LIFETIME)
    client.post(f"/set-password/{link.token}", data={"password": PASSWORD})
    assert other_browser.get("/staff/").status_code == 302
    assert session.scalar(select(func.count(StaffSession.id)).where(StaffSession.ended_at.is_(None))) == 0
