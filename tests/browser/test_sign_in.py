"""An administrator's first visit: set a password with the one-time link, sign in and set up the
authenticator app, add a rep, sign out."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from sqlalchemy import select

from forum_feedback.auth import services
from forum_feedback.auth.models import StaffSession
from forum_feedback.db import utcnow
from tests.browser.conftest import assert_only_own_origin, check_accessibility, go

pytestmark = pytest.mark.browser

PASSWORD = "violet harbour tractor mango"


def test_admin_sets_password_signs_in_sees_users_and_signs_out(phone, session):
    page, visit = phone
    link = services.create_user(
        session,
        email="admin@example.org",
        role="admin",
        actor_id=None,
        now=utcnow(),
        link_lifetime=dt.timedelta(hours=72),
    )

    page.goto(f"{visit.base_url}/set-password/{link.token}")
    check_accessibility(page, visit)
    assert page.get_by_role("heading", level=1).inner_text() == "Create a password"
    page.get_by_label("Create a password").fill("password123456")
    go(page, visit, lambda: page.get_by_role("button", name="Save password").click())
    assert "list of common passwords" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Create a password").fill(PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Save password").click())

    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert "Your password is saved" in page.locator(".govuk-notification-banner").inner_text()
    page.get_by_label("Email address").fill("admin@example.org")
    page.get_by_label("Password", exact=True).fill("not my password at all")
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    assert page.title().startswith("Error: Sign in")
    assert "Enter a correct email address and password" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())

    # First sign-in: set up the authenticator app with the key shown as text (the QR code holds the same).
    assert page.get_by_role("heading", level=1).inner_text() == "Set up two-factor sign-in"
    assert page.get_by_test_id("qr-code").locator("svg").is_visible()
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code from your app").fill("000000" if pyotp.TOTP(secret).now() != "000000" else "111111")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert (
        "Enter the 6-digit code your authenticator app shows now" in page.locator(".govuk-error-summary").inner_text()
    )
    page.get_by_label("Code from your app").fill(pyotp.TOTP(secret).now())
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Two-factor sign-in is set up"
    assert len(page.get_by_test_id("recovery-codes").locator("li").all()) == 10
    go(page, visit, lambda: page.get_by_role("button", name="I have saved my recovery codes").click())

    assert page.get_by_role("heading", level=1).inner_text() == "Staff home"
    go(page, visit, lambda: page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Users").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Users"
    assert page.get_by_role("link", name="Manage admin@example.org").is_visible()

    # Add a rep: errors first, then the one-time link to pass on, then their page.
    go(page, visit, lambda: page.get_by_role("button", name="Add a user").click())
    go(page, visit, lambda: page.get_by_role("button", name="Add user").click())
    assert page.locator(".govuk-error-summary").inner_text().count("Enter an email address") == 1
    page.get_by_label("Email address").fill("new.rep@example.org")
    page.get_by_label("Forum rep").check()
    go(page, visit, lambda: page.get_by_role("button", name="Add user").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Copy the link to set a password"
    assert "/set-password/" in page.get_by_test_id("password-link").inner_text()
    go(page, visit, lambda: page.get_by_role("link", name="Back to this user").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Manage user"

    go(
        page,
        visit,
        lambda: page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Audit log").click(),
    )
    assert "User created (role: rep)" in page.locator("main").inner_text()

    go(page, visit, lambda: page.get_by_role("button", name="Sign out").click())
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    assert session.scalar(select(StaffSession.ended_at)) is not None
    go(page, visit, lambda: page.goto(f"{visit.base_url}/admin/users"))
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    assert len(visit.checked) >= 16
    assert_only_own_origin(visit)
