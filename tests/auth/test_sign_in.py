"""Signing in: generic errors, safe redirects, a fresh session, and limits per account and per address."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, update

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth import passwords
from forum_feedback.auth.access import SESSION_KEY, safe_next
from forum_feedback.auth.models import SignInFailure, StaffSession, User
from forum_feedback.auth.services import LockoutPolicy
from tests.factories import DEFAULT_PASSWORD, FAST_HASHER, create_user, pass_second_factor
from tests.helpers import page

REFUSED = "Enter a correct email address and password"


def sign_in(client, email="rep@example.org", password=DEFAULT_PASSWORD, next_url=None):
    """The password page only: a rep is then asked for the app's code (tests/auth/test_two_factor.py)."""
    url = "/sign-in" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"email": email, "password": password})


def sign_in_fully(client, session, email="rep@example.org", **kwargs):
    """The password, then the code from the app."""
    return pass_second_factor(client, session, sign_in(client, email=email, **kwargs), email)


def test_sign_in_page(client):
    view = page(client.get("/sign-in"))
    assert view.title.startswith("Sign in – ")
    assert view.h1 == ["Sign in"]


def test_empty_form_shows_both_errors(client):
    view = page(client.post("/sign-in", data={}))
    assert view.title.startswith("Error: Sign in")
    assert view.errors == ["Enter your email address", "Enter your password"]


def test_right_password_signs_in_and_goes_to_staff_home(client, session):
    user = create_user(session, email="Rep@Example.org")
    response = sign_in(client, email="  REP@example.ORG ")
    assert response.status_code == 302 and response.location == "/sign-in/code"
    response = pass_second_factor(client, session, response, "rep@example.org")
    assert response.status_code == 302 and response.location == "/staff/"
    assert page(client.get("/staff/")).h1 == ["Staff home"]
    assert session.scalar(select(func.count(StaffSession.id)).where(StaffSession.user_id == user.id)) == 1
    assert session.scalar(select(User.last_signed_in_at).where(User.id == user.id)) is not None
    assert session.scalars(select(AuditEntry.action)).all() == ["signed in"]


@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("rep@example.org", "not the right password", True),
        ("nobody@example.org", DEFAULT_PASSWORD, True),
        ("rep@example.org", DEFAULT_PASSWORD, False),  # disabled: same answer, so nothing is revealed
    ],
)
def test_refusals_look_the_same_whatever_the_reason(client, session, email, password, active):
    create_user(session, active=active)
    response = sign_in(client, email=email, password=password)
    assert response.status_code == 200
    view = page(response)
    assert view.errors == [REFUSED]
    assert 'value="' + password not in view.html  # the password is never sent back
    assert SESSION_KEY not in (client.get_cookie("forum_feedback_session") or "")


def test_invited_user_without_password_cannot_sign_in(client, session):
    create_user(session, password=None)
    assert page(sign_in(client, password="")).errors == ["Enter your password"]
    assert page(sign_in(client, password="anything at all here")).errors == [REFUSED]


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [
        ("/admin/users", "/admin/users"),
        ("/staff/?x=1", "/staff/?x=1"),
        ("//evil.example/", "/staff/"),
        ("https://evil.example/", "/staff/"),
        ("/\\evil.example", "/staff/"),
        ("javascript:alert(1)", "/staff/"),
    ],
)
def test_next_is_followed_only_to_local_paths(client, session, next_url, expected):
    create_user(session, role="admin")
    response = client.post(
        "/sign-in", query_string={"next": next_url}, data={"email": "rep@example.org", "password": DEFAULT_PASSWORD}
    )
    assert pass_second_factor(client, session, response, "rep@example.org").location == expected


def test_safe_next():
    assert safe_next("/feedback/check") == "/feedback/check"
    for unsafe in (None, "", "http://x", "//x", "\\\\x", "/a\nb", "x/y", "/\\x"):
        assert safe_next(unsafe) is None


def test_signing_in_starts_a_new_cookie_session(client, session):
    """Anything planted in the cookie session before sign-in (session fixation) is thrown away."""
    create_user(session)
    with client.session_transaction() as cookie:
        cookie[SESSION_KEY] = "planted-token"
        cookie["draft_id"] = "planted-draft"
    sign_in(client)
    with client.session_transaction() as cookie:
        assert set(cookie) == {SESSION_KEY}
        assert cookie[SESSION_KEY] != "planted-token"


def test_signed_in_visitor_to_sign_in_page_goes_to_staff_home(client, session):
    create_user(session)
    sign_in_fully(client, session)
    assert client.get("/sign-in").location == "/staff/"


def test_lockout_policy_grows_and_is_capped():
    policy = LockoutPolicy()
    assert [policy.delay(n).total_seconds() / 60 for n in range(4, 11)] == [0, 1, 2, 4, 8, 15, 15]


def _age_failures(session, minutes):
    """Move the clock on: every failed sign-in happened ``minutes`` earlier."""
    for failure in session.scalars(select(SignInFailure)):
        failure.failed_at -= dt.timedelta(minutes=minutes)
    session.commit()


def test_account_waits_after_five_failures_then_may_try_again(client, session):
    create_user(session)
    for _ in range(5):
        assert page(sign_in(client, password="wrong password here")).errors == [REFUSED]
    # The sixth try is refused even with the right password, and the password is not checked.
    refused = page(sign_in(client))
    assert refused.errors == ["You have tried to sign in too many times. Wait 1 minute, then try again"]
    assert client.get("/staff/").status_code == 302
    _age_failures(session, minutes=2)
    assert sign_in_fully(client, session).location == "/staff/"
    assert session.scalar(select(func.count(SignInFailure.id))) == 0  # a success forgives the failures


def test_wait_grows_with_each_failure_after_the_first_lock(client, session):
    create_user(session)
    for _ in range(5):
        sign_in(client, password="wrong password here")
    _age_failures(session, minutes=2)
    sign_in(client, password="wrong password again")  # the 6th failure: now 2 minutes
    assert "Wait 2 minutes" in page(sign_in(client)).errors[0]


def test_unknown_address_is_locked_the_same_way(client):
    for _ in range(5):
        sign_in(client, email="nobody@example.org", password="wrong password here")
    assert "too many times" in page(sign_in(client, email="nobody@example.org")).errors[0]


def test_failures_never_lock_for_ever(client, session):
    create_user(session)
    for _ in range(30):
        sign_in(client, password="wrong password here")
        _age_failures(session, minutes=1)  # an attacker waiting between tries
    _age_failures(session, minutes=15)
    assert sign_in_fully(client, session).location == "/staff/"


def test_sign_in_is_rate_limited_per_address(make_app, session):
    app = make_app(RATELIMIT_ENABLED=True, SIGN_IN_RATE_LIMIT="3 per minute")
    client = app.test_client()
    for number in range(3):
        sign_in(client, email=f"person{number}@example.org", password="wrong password here")
    refused = sign_in(client, email="someone-else@example.org")
    assert refused.status_code == 429
    assert page(refused).h1 == ["You have sent too many requests"]
    assert client.get("/sign-in").status_code == 200  # only the POST is limited


def test_password_hash_is_renewed_when_settings_change(client, session):
    other_settings = passwords.make_hasher(time_cost=2, memory_kib=4096, parallelism=1)
    user = create_user(session)
    old_hash = passwords.hash_password(DEFAULT_PASSWORD, hasher=other_settings)
    session.execute(update(User).where(User.id == user.id).values(password_hash=old_hash))
    assert sign_in_fully(client, session).location == "/staff/"
    new_hash = session.scalar(select(User.password_hash).where(User.id == user.id))
    assert new_hash != old_hash and not passwords.needs_rehash(new_hash, hasher=FAST_HASHER)
    assert passwords.verify_password(new_hash, DEFAULT_PASSWORD)


def test_failed_sign_ins_of_real_accounts_are_audited_without_the_address_typed(client, session):
    user = create_user(session)
    sign_in(client, password="wrong password here")
    sign_in(client, email="stranger@example.org", password="wrong password here")
    entries = session.scalars(select(AuditEntry)).all()
    assert [(entry.action, entry.target_id) for entry in entries] == [("sign-in failed", str(user.id))]
    assert all("stranger" not in entry.detail for entry in entries)
