"""Server-side staff sessions: signing out, disabling and timeouts end them, and copied cookies stop working."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from forum_feedback.auth.models import StaffSession
from forum_feedback.db import utcnow
from tests.factories import DEFAULT_PASSWORD, create_user, sign_in_as, sign_in_through_pages
from tests.helpers import page

COOKIE = "forum_feedback_session"


def sign_in(client, session, email):
    """The real pages: the password, then the app's code."""
    assert sign_in_through_pages(client, session, email).location == "/staff/"


def copy_cookie(app, client):
    """A second browser holding a copy of ``client``'s session cookie."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def is_signed_in(client) -> bool:
    return client.get("/staff/").status_code == 200


def move_session_clock(session, **changes: dt.timedelta):
    for row in session.scalars(select(StaffSession)):
        for column, delta in changes.items():
            setattr(row, column, getattr(row, column) - delta)
    session.commit()


def test_replaying_the_cookie_after_sign_out_is_refused(app, client, session):
    create_user(session)
    sign_in(client, session, "rep@example.org")
    thief = copy_cookie(app, client)
    assert is_signed_in(thief)  # the copy works while the session is open...
    response = client.post("/sign-out")
    assert response.location == "/signed-out"
    assert page(client.get("/signed-out")).h1 == ["You have signed out"]
    replay = thief.get("/staff/")  # ...and not after sign-out, although the cookie is still valid
    assert replay.status_code == 302 and replay.location.startswith("/sign-in")
    assert session.scalar(select(StaffSession.ended_at)) is not None


def test_disabling_an_account_ends_its_sessions_at_once(app, session):
    admin = create_user(session, email="admin@example.org", role="admin")
    rep = create_user(session, email="rep@example.org", role="rep")
    admin_client, rep_client = app.test_client(), app.test_client()
    sign_in_as(admin_client, session, admin)
    sign_in(rep_client, session, "rep@example.org")
    assert is_signed_in(rep_client)
    assert admin_client.post(f"/admin/users/{rep.id}/disable").status_code == 302
    assert not is_signed_in(rep_client)
    assert (
        rep_client.post("/sign-in", data={"email": "rep@example.org", "password": DEFAULT_PASSWORD}).status_code == 200
    )


def test_idle_session_times_out_and_says_why(client, session):
    user = create_user(session)
    sign_in_as(client, session, user)
    move_session_clock(session, last_seen_at=dt.timedelta(minutes=31), created_at=dt.timedelta(minutes=31))
    response = client.get("/admin/users")
    assert response.location == "/sign-in?next=/admin/users"
    assert "had not used the workspace for a while" in client.get(response.location).get_data(as_text=True)


def test_idle_timeout_is_configurable(make_app, session):
    app = make_app(STAFF_IDLE_MINUTES=5)
    client = app.test_client()
    sign_in_as(client, session, create_user(session))
    move_session_clock(session, last_seen_at=dt.timedelta(minutes=6))
    assert not is_signed_in(client)


def test_session_ends_after_twelve_hours_however_busy(client, session):
    sign_in_as(client, session, create_user(session))
    move_session_clock(session, created_at=dt.timedelta(hours=12, minutes=1))
    assert not is_signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute(client, session):
    sign_in_as(client, session, create_user(session))
    move_session_clock(session, last_seen_at=dt.timedelta(seconds=30))
    before = session.scalar(select(StaffSession.last_seen_at))
    assert is_signed_in(client)
    session.expire_all()
    assert session.scalar(select(StaffSession.last_seen_at)) == before
    move_session_clock(session, last_seen_at=dt.timedelta(seconds=61))
    assert is_signed_in(client)
    session.expire_all()
    assert utcnow() - session.scalar(select(StaffSession.last_seen_at)) < dt.timedelta(seconds=5)


def test_staff_pages_are_not_cached(client, session):
    sign_in_as(client, session, create_user(session))
    assert client.get("/staff/").headers["Cache-Control"] == "no-store"


def test_signing_out_without_a_session_just_shows_signed_out(client):
    assert client.post("/sign-out").location == "/signed-out"
