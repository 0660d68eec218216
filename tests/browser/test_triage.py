"""A rep shapes the themes in Chromium: rename, move, merge, rebuild, review, and the corrections survive."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import RunStatus
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun
from tests.browser.conftest import assert_only_own_origin, check_accessibility, enter_code_if_asked, go
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser


@pytest.fixture
def themed(app, session):
    """Demo feedback with themes already applied, as a forum would have after its first rebuild."""
    load_demo(session, n_items=250, today=dt.date.today())
    with app.app_context():
        from forum_feedback.extensions import get_db

        run, _ = theme_services.request_rebuild(session, requested_by=None, now=utcnow())
        theme_services.execute_rebuild(get_db(), run_id=run.id, vocabulary=None)
    session.expire_all()
    theme_services.apply_run(session, run_id=run.id, now=utcnow())
    return session.scalars(select(Theme).order_by(Theme.size.desc())).all()


def test_rep_renames_moves_merges_and_rebuilds(phone, session, themed):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    renamed, target, merged = themed[0], themed[1], themed[2]

    page.goto(f"{visit.base_url}/staff/themes")
    check_accessibility(page, visit)
    page.get_by_label("Email address").fill("rep@example.org")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)
    assert page.get_by_role("heading", level=1).inner_text() == "Themes"

    # Rename the largest theme.
    go(page, visit, lambda: page.get_by_role("link", name=renamed.auto_label, exact=True).click())
    page.get_by_text("Rename or describe this theme").click()
    page.get_by_label("Name", exact=True).fill("Annual reviews that change nothing")
    go(page, visit, lambda: page.get_by_role("button", name="Save changes").click())
    assert "Annual reviews that change nothing" in page.get_by_role("heading", level=1).inner_text()

    # Move the first comment listed to the second theme: nothing happens until a theme is chosen.
    moved = int(page.get_by_test_id("theme-item").first.get_attribute("data-feedback-id"))
    page.get_by_label(f"Select feedback {moved}").check()
    go(page, visit, lambda: page.get_by_role("button", name="Move selected feedback").click())
    assert "Choose where to move the selected feedback" in page.locator(".govuk-error-summary").inner_text()
    assert session.get(FeedbackTheme, moved, populate_existing=True).theme_id == renamed.id
    assert page.get_by_label(f"Select feedback {moved}").is_checked()  # the tick is kept
    page.get_by_label("Move the selected feedback to").select_option(str(target.id))
    go(page, visit, lambda: page.get_by_role("button", name="Move selected feedback").click())
    assert session.get(FeedbackTheme, moved, populate_existing=True).theme_id == target.id

    # Merge the third theme into the second: asked first, then undone, then merged for good.
    page.goto(f"{visit.base_url}/staff/themes/{merged.id}")
    page.get_by_label("Merge this theme into").select_option(str(target.id))
    go(page, visit, lambda: page.get_by_role("button", name="Merge themes…").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Merge these themes?"
    assert merged.display_label in page.get_by_test_id("merge-summary").inner_text()
    assert session.get(Theme, merged.id, populate_existing=True).status == "active"
    go(page, visit, lambda: page.get_by_role("button", name="Yes, merge these themes").click())
    assert page.url.endswith(f"/staff/themes/{target.id}")
    go(page, visit, lambda: page.get_by_role("button", name="Undo this merge").click())
    assert session.get(Theme, merged.id, populate_existing=True).status == "active"
    page.goto(f"{visit.base_url}/staff/themes/{merged.id}/merge?into={target.id}")
    go(page, visit, lambda: page.get_by_role("button", name="Yes, merge these themes").click())

    # Rebuild off the request path; the page updates itself when the review is ready.
    menu = page.get_by_role("navigation", name="Staff menu")
    go(page, visit, lambda: menu.get_by_role("link", name="Themes").click())
    go(page, visit, lambda: page.get_by_role("button", name="Rebuild themes").click())
    page.get_by_role("heading", name="What would change").wait_for(timeout=60_000)
    check_accessibility(page, visit)
    go(page, visit, lambda: page.get_by_role("button", name="Apply these themes").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Themes"
    assert page.get_by_role("link", name="Annual reviews that change nothing").is_visible()

    session.expire_all()
    assert session.scalars(select(ThemeRun).order_by(ThemeRun.id.desc())).first().status == RunStatus.APPLIED
    kept = session.scalars(select(Theme).where(Theme.key == renamed.key)).one()
    assert kept.label == "Annual reviews that change nothing"
    assert session.get(FeedbackTheme, moved).theme_id == target.id
    assert session.get(Theme, merged.id).status == "merged"
    assert_only_own_origin(visit)
