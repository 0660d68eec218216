"""Two-factor sign-in for reps and administrators: set-up, codes, recovery codes, enforcement, reset, limits."""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth import two_factor
from forum_feedback.auth.models import RecoveryCode, StaffSession, User
from forum_feedback.db import utcnow
from tests.factories import (
    DEFAULT_PASSWORD,
    FAST_HASHING,
    TOTP_SECRET,
    create_user,
    fresh_code,
    sign_in_as,
    sign_in_through_pages,
)
from tests.helpers import page
from tests.test_access import ACCESS, PUBLIC, SIGN_IN_STEPS, URL_VALUES, _url, routes

CODE_REFUSED = "Enter a correct code from your authenticator app, or an unused recovery code"
RECOVERY = re.compile(r"<code>([a-z2-9]{5}-[a-z2-9]{5})</code>")
SECRET_ON_PAGE = re.compile(r'data-testid="totp-secret">([A-Z2-7 ]+)<')


def password_step(client, email="rep@example.org", next_url=None):
    return client.post(
        "/sign-in",
        query_string={"next": next_url} if next_url else None,
        data={"email": email, "password": DEFAULT_PASSWORD},
    )


def audit_actions(session) -> list[str]:
    return session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()


def set_up(client, session, email="rep@example.org"):
    """First sign-in of someone with no app yet: returns the recovery codes shown."""
    assert password_step(client, email).location == "/sign-in/code"
    setup = client.get("/sign-in/code")
    assert setup.location == "/sign-in/set-up"
    secret = SECRET_ON_PAGE.search(client.get("/sign-in/set-up").get_data(as_text=True)).group(1).replace(" ", "")
    done = client.post("/sign-in/set-up", data={"code": pyotp.TOTP(secret).now()})
    assert page(done).h1 == ["Two-factor sign-in is set up"]
    return RECOVERY.findall(done.get_data(as_text=True))


# Setting up ----------------------------------------------------------------------------------


def test_first_sign_in_sets_up_the_app_then_shows_recovery_codes_once(client, session):
    user = create_user(session, second_factor=False)
    assert password_step(client, next_url="/staff/inbox").location == "/sign-in/code?next=/staff/inbox"
    assert client.get("/sign-in/code?next=/staff/inbox").location == "/sign-in/set-up?next=/staff/inbox"
    assert client.get("/staff/").location == "/sign-in/code?next=/staff/"  # not in the workspace yet

    view = page(client.get("/sign-in/set-up?next=/staff/inbox"))
    assert view.h1 == ["Set up two-factor sign-in"]
    shown = SECRET_ON_PAGE.search(view.html).group(1)
    secret = session.scalar(select(User.totp_secret).where(User.id == user.id))
    assert shown == " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))  # grouped for typing
    assert '<svg width="' in view.html and "<title>QR code for your authenticator app</title>" in view.html
    assert "<script" not in view.html.split('data-testid="qr-code"')[1].split("</div>")[0]
    assert SECRET_ON_PAGE.search(page(client.get("/sign-in/set-up")).html).group(1) == shown  # a reload: same key

    wrong = page(
        client.post("/sign-in/set-up", data={"code": "000000" if pyotp.TOTP(secret).now() != "000000" else "111111"})
    )
    assert wrong.title.startswith("Error: Set up two-factor sign-in")
    assert wrong.errors == ["Enter the 6-digit code your authenticator app shows now"]
    assert page(client.post("/sign-in/set-up", data={"code": ""})).errors == ["Enter the 6-digit code from your app"]

    done = client.post("/sign-in/set-up?next=/staff/inbox", data={"code": pyotp.TOTP(secret).now()})
    view = page(done)
    assert view.h1 == ["Two-factor sign-in is set up"]
    codes = RECOVERY.findall(view.html)
    assert len(codes) == 10 == len(set(codes))
    assert 'href="/staff/inbox"' in view.html
    assert client.get("/staff/").status_code == 200

    stored = session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and not set(stored) & set(codes)  # only hashes are kept
    assert all(len(value) == 64 for value in stored)
    assert session.scalar(select(StaffSession.second_factor_at)) is not None
    assert session.scalar(select(User.totp_confirmed_at).where(User.id == user.id)) is not None
    assert audit_actions(session)[-1] == "two-factor sign-in set up"
    assert not any(code in (entry.detail or "") for entry in session.scalars(select(AuditEntry)) for code in codes)
    # Set up: the page cannot be used again to swap in another app.
    assert client.get("/sign-in/set-up").location == "/staff/"


def test_someone_with_only_the_password_cannot_replace_the_app(client, session):
    create_user(session)  # has an app already
    password_step(client)
    assert client.get("/sign-in/set-up").location == "/sign-in/code"
    assert client.post("/sign-in/set-up", data={"code": "123456"}).location == "/sign-in/code"
    assert session.scalar(select(User.totp_secret)) == TOTP_SECRET


def test_second_factor_pages_send_others_on(client, session):
    assert client.get("/sign-in/code").location == "/sign-in"
    assert client.get("/sign-in/set-up").location == "/sign-in"
    sign_in_as(client, session, create_user(session))
    assert client.get("/sign-in/code?next=/staff/inbox").location == "/staff/inbox"


# Codes ---------------------------------------------------------------------------------------


def test_right_code_signs_in_and_goes_on_to_next(client, session):
    create_user(session)
    assert password_step(client, next_url="/admin/users").location == "/sign-in/code?next=/admin/users"
    view = page(client.get("/sign-in/code?next=/admin/users"))
    assert view.h1 == ["Enter the code from your authenticator app"]
    code = fresh_code(session, "rep@example.org")
    response = client.post(
        "/sign-in/code?next=/staff/inbox", data={"code": f"{code[:3]} {code[3:]}"}
    )  # as apps show it
    assert response.location == "/staff/inbox"
    assert client.get("/staff/").status_code == 200


def test_the_session_token_is_renewed_once_the_second_factor_is_passed(app, client, session):
    """A cookie copied between the password and the code does not carry the signed-in session (ASVS 7.2.4)."""
    create_user(session)
    password_step(client)
    with client.session_transaction() as cookie:
        half_way = dict(cookie)
    client.post("/sign-in/code", data={"code": fresh_code(session, "rep@example.org")})
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as cookie:
        assert dict(cookie) != half_way
    copied = app.test_client()
    with copied.session_transaction() as cookie:
        cookie.update(half_way)
    assert copied.get("/staff/").status_code == 302


def test_wrong_code_is_refused_in_the_error_summary_and_audited(client, session):
    user = create_user(session)
    password_step(client)
    for typed, error in [
        ("", "Enter the code from your authenticator app"),
        ("12345", CODE_REFUSED),
        ("abcdefghij", CODE_REFUSED),
    ]:
        view = page(client.post("/sign-in/code", data={"code": typed}))
        assert view.title.startswith("Error: Enter the code from your authenticator app")
        assert view.errors == [error]
    wrong = next(
        f"{n:06d}" for n in range(10) if two_factor.matching_step(TOTP_SECRET, f"{n:06d}", now=utcnow()) is None
    )
    assert page(client.post("/sign-in/code", data={"code": wrong})).errors == [CODE_REFUSED]
    assert client.get("/staff/").location == "/sign-in/code?next=/staff/"
    assert audit_actions(session).count("two-factor code refused") >= 2
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "two-factor code refused")).first()
    assert entry.target_id == str(user.id) and "abcdefghij" not in (entry.detail or "")


def test_a_code_cannot_be_used_twice(app, session):
    create_user(session)
    first, second = app.test_client(), app.test_client()
    password_step(first)
    password_step(second)
    code = fresh_code(session, "rep@example.org")
    assert first.post("/sign-in/code", data={"code": code}).location == "/staff/"
    # Someone who saw the code (over a shoulder, or a phishing page) cannot use it again.
    assert page(second.post("/sign-in/code", data={"code": code})).errors == [CODE_REFUSED]
    assert second.get("/staff/").status_code == 302
    # Nor an earlier one from the window; the app's next code works.
    assert second.post("/sign-in/code", data={"code": fresh_code(session, "rep@example.org")}).location == "/staff/"


def test_codes_one_step_either_side_are_accepted_and_no_further():
    now = dt.datetime(2026, 12, 2, 1, 0, 15, tzinfo=dt.UTC)
    step = int(now.timestamp()) // 30
    for offset, accepted in [(-2, False), (-1, True), (0, True), (1, True), (2, False)]:
        code = pyotp.TOTP(TOTP_SECRET).generate_otp(step + offset)
        assert (two_factor.matching_step(TOTP_SECRET, code, now=now) == step + offset) is accepted


def test_password_step_goes_stale(make_app, session):
    app = make_app(TWO_FACTOR_PENDING_MINUTES=10, **FAST_HASHING)
    client = app.test_client()
    create_user(session)
    password_step(client)
    session.execute(update(StaffSession).values(created_at=utcnow() - dt.timedelta(minutes=11)))
    assert client.get("/sign-in/code").location == "/sign-in"
    assert client.post("/sign-in/code", data={"code": fresh_code(session, "rep@example.org")}).location == "/sign-in"


# Recovery codes ------------------------------------------------------------------------------


def test_recovery_code_works_once(app, session):
    create_user(session, second_factor=False)
    codes = set_up(app.test_client(), session)
    client = app.test_client()
    password_step(client)
    response = client.post("/sign-in/code", data={"code": codes[3].upper().replace("-", " ")})
    assert response.location == "/staff/"
    assert "You have 9 left" in client.get("/staff/").get_data(as_text=True)
    assert audit_actions(session)[-1] == "recovery code used"
    client.post("/sign-out")
    password_step(client)
    assert page(client.post("/sign-in/code", data={"code": codes[3]})).errors == [CODE_REFUSED]
    assert client.post("/sign-in/code", data={"code": codes[4]}).location == "/staff/"


def test_recovery_code_is_spent_in_the_database_even_by_two_requests_at_once(app, session):
    user = create_user(session, second_factor=False)
    codes = set_up(app.test_client(), session)
    sessions = []
    for _ in range(2):
        client = app.test_client()
        password_step(client)
        sessions.append(session.scalars(select(StaffSession.id).order_by(StaffSession.id.desc())).first())
    key = app.config["SECRET_KEY"]
    results = [
        two_factor.check_code(session, user_id=user.id, session_id=sid, code=codes[0], now=utcnow(), key=key)
        for sid in sessions
    ]
    assert results == [two_factor.Check.PASSED_WITH_RECOVERY_CODE, two_factor.Check.REFUSED]
    used = session.scalars(select(RecoveryCode.used_at).where(RecoveryCode.used_at.is_not(None))).all()
    assert len(used) == 1


def test_recovery_codes_are_bound_to_their_user(app, session):
    create_user(session, second_factor=False)
    other = create_user(session, email="other@example.org", second_factor=False)
    codes = set_up(app.test_client(), session)
    set_up(app.test_client(), session, email="other@example.org")
    client = app.test_client()
    password_step(client, "other@example.org")
    assert page(client.post("/sign-in/code", data={"code": codes[0]})).errors == [CODE_REFUSED]
    assert session.scalar(select(User.id).where(User.email == "other@example.org")) == other.id


# Enforcement ---------------------------------------------------------------------------------


STAFF_ENDPOINTS = sorted(
    endpoint for endpoint, who in ACCESS.items() if who != PUBLIC and endpoint not in SIGN_IN_STEPS
)


@pytest.mark.parametrize("role", ["rep", "admin"])
def test_password_alone_reaches_no_staff_route(app, session, role):
    """Every route that is not public, GET or POST, sends someone part-way in to the code page."""
    values = {name: make(session) for name, make in URL_VALUES.items()}
    user = create_user(session, email=f"{role}2@example.org", role=role)
    reached = []
    checked = 0
    for rule in routes(app):
        if rule.endpoint not in STAFF_ENDPOINTS:
            continue
        client = app.test_client()
        sign_in_as(client, session, user, second_factor=False)
        url = _url(rule, values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method)
            checked += 1
            if response.status_code != 302 or not response.location.startswith("/sign-in/code"):
                reached.append(f"{method} {url}: {response.status_code} {response.location}")
    assert reached == []
    assert checked >= len(STAFF_ENDPOINTS) >= 50


def test_board_members_need_only_their_password_unless_configured(make_app, session):
    board = create_user(session, email="board@example.org", role="board")
    client = make_app(**FAST_HASHING).test_client()
    assert password_step(client, "board@example.org").location == "/staff/"
    strict = make_app(TWO_FACTOR_ROLES=["admin", "rep", "board"], **FAST_HASHING).test_client()
    sign_in_as(strict, session, board, second_factor=False)
    assert strict.get("/staff/board").location == "/sign-in/code?next=/staff/board"


def test_a_board_member_made_a_rep_must_set_up_the_app_before_the_next_page(app, session):
    board = create_user(session, email="board@example.org", role="board")
    admin = create_user(session, email="admin@example.org", role="admin")
    board_client, admin_client = app.test_client(), app.test_client()
    sign_in_as(board_client, session, board, second_factor=False)
    sign_in_as(admin_client, session, admin)
    assert board_client.get("/staff/board").status_code == 200
    admin_client.post(f"/admin/users/{board.id}/role", data={"role": "rep"})
    assert board_client.get("/staff/board").location == "/sign-in/code?next=/staff/board"
    assert board_client.get("/sign-in/code").location == "/sign-in/set-up"


# Reset ---------------------------------------------------------------------------------------


def test_admin_resets_a_lost_app(app, session):
    admin = create_user(session, email="admin@example.org", role="admin")
    rep = create_user(session)
    admin_client, rep_client = app.test_client(), app.test_client()
    sign_in_as(admin_client, session, admin)
    sign_in_as(rep_client, session, rep)
    session.add(RecoveryCode(user_id=rep.id, code_hash="x" * 64, created_at=utcnow()))
    session.commit()
    assert "Reset two-factor sign-in" in page(admin_client.get(f"/admin/users/{rep.id}")).html

    response = admin_client.post(f"/admin/users/{rep.id}/two-factor/reset")
    assert response.location == f"/admin/users/{rep.id}"
    assert "will set up two-factor sign-in again" in admin_client.get(response.location).get_data(as_text=True)
    session.expire_all()
    stored = session.get(User, rep.id)
    assert (stored.totp_secret, stored.totp_confirmed_at, stored.totp_last_step) == (None, None, None)
    assert session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == rep.id)).all() == []
    assert rep_client.get("/staff/").location.startswith("/sign-in?")  # signed out at once
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "two-factor sign-in reset")).one()
    assert (entry.actor_id, entry.target_type, entry.target_id) == (admin.id, "user", str(rep.id))
    # At the next sign-in they set up a new app.
    password_step(rep_client)
    assert rep_client.get("/sign-in/code").location == "/sign-in/set-up"


def test_admin_cannot_reset_their_own(client, session):
    admin = create_user(session, email="admin@example.org", role="admin")
    sign_in_as(client, session, admin)
    response = client.post(f"/admin/users/{admin.id}/two-factor/reset")
    assert "Ask another administrator" in client.get(response.location).get_data(as_text=True)
    assert session.scalar(select(User.totp_secret)) == TOTP_SECRET


def test_cli_resets_the_first_admin(runner, client, session):
    create_user(session, email="admin@example.org", role="admin")
    result = runner.invoke(args=["users", "reset-2fa", "Admin@Example.org"])
    assert result.exit_code == 0, result.output
    assert "they set it up again when they next sign in" in result.output
    assert session.scalar(select(User.totp_secret)) is None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "two-factor sign-in reset")).one()
    assert entry.actor_id is None
    assert runner.invoke(args=["users", "reset-2fa", "nobody@example.org"]).exit_code != 0


# Rate limit ----------------------------------------------------------------------------------


def test_code_attempts_are_rate_limited_per_account(make_app, session):
    app = make_app(
        RATELIMIT_ENABLED=True,
        TWO_FACTOR_RATE_LIMIT="3 per minute",
        **FAST_HASHING,
    )
    create_user(session)
    first, second = app.test_client(), app.test_client()
    second.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # another address: the limit is per account
    password_step(first)
    for _ in range(3):
        assert first.post("/sign-in/code", data={"code": "abcdefghij"}).status_code == 200
    refused = first.post("/sign-in/code", data={"code": fresh_code(session, "rep@example.org")})
    assert refused.status_code == 429
    assert page(refused).h1 == ["You have sent too many requests"]
    # A new session after the password again does not get new tries: the limit is the account's.
    password_step(second)
    assert second.post("/sign-in/code", data={"code": fresh_code(session, "rep@example.org")}).status_code == 429
    assert second.get("/sign-in/code").status_code == 200  # only the POST is limited


def test_sign_in_through_pages_helper_passes_both_steps(client, session):
    create_user(session)
    assert sign_in_through_pages(client, session, "rep@example.org").location == "/staff/"


def test_pages_with_the_key_and_the_recovery_codes_are_not_cached(client, session):
    create_user(session, second_factor=False)
    password_step(client)
    setup = client.get("/sign-in/set-up")
    assert setup.headers["Cache-Control"] == "no-store"
    secret = session.scalar(select(User.totp_secret))
    done = client.post("/sign-in/set-up", data={"code": pyotp.TOTP(secret).now()})
    assert page(done).h1 == ["Two-factor sign-in is set up"]
    assert done.headers["Cache-Control"] == "no-store"


def test_part_way_in_can_cancel_and_sign_out(client, session):
    create_user(session)
    password_step(client)
    assert client.post("/sign-out").location == "/signed-out"
    assert session.scalar(select(StaffSession.ended_at)) is not None
    assert client.get("/sign-in/code").location == "/sign-in"


def test_a_new_password_does_not_remove_the_second_factor(client, session):
    """A set-password link (a forgotten password) never skips the app's code."""
    from forum_feedback.auth import services

    user = create_user(session)
    link = services.create_password_link(
        session, user_id=user.id, actor_id=None, now=utcnow(), lifetime=dt.timedelta(hours=1)
    )
    new_password = "quiet meadow bicycle thirteen"
    assert client.post(f"/set-password/{link.token}", data={"password": new_password}).location == "/sign-in"
    response = client.post("/sign-in", data={"email": "rep@example.org", "password": new_password})
    assert response.location == "/sign-in/code"
    assert client.get("/staff/").location == "/sign-in/code?next=/staff/"
    assert session.scalar(select(User.totp_secret)) == TOTP_SECRET


def test_set_up_is_confirmed_once_even_from_two_tabs(app, session):
    user = create_user(session, second_factor=False)
    tabs = [app.test_client(), app.test_client()]
    for tab in tabs:
        password_step(tab)
    setup = two_factor.begin_setup(session, user_id=user.id, issuer="Test forum")
    ids = session.scalars(select(StaffSession.id).order_by(StaffSession.id)).all()
    code = pyotp.TOTP(setup.secret).now()
    key = app.config["SECRET_KEY"]
    other_tab = Session(bind=session.get_bind())
    seen = other_tab.get_one(User, user.id)  # this request read the user before the first tab confirmed
    assert seen.totp_confirmed_at is None
    first = two_factor.confirm_setup(session, user_id=user.id, session_id=ids[0], code=code, now=utcnow(), key=key)
    second = two_factor.confirm_setup(other_tab, user_id=user.id, session_id=ids[1], code=code, now=utcnow(), key=key)
    other_tab.close()
    assert len(first) == 10 and second is None
    assert len(session.scalars(select(RecoveryCode.id)).all()) == 10
