"""A rep's month in the workspace on real Chromium: a filtered inbox cleared with "Save and next",
twenty items moderated with few actions, "not a concern" with a reason, and every staff page at 320 px."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.submissions.models import Feedback, SafeguardingAction
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import Theme
from tests.browser.conftest import assert_only_own_origin, check_accessibility, enter_code_if_asked, go
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.moderation.factories import START, create_feedback, create_many

pytestmark = pytest.mark.browser

PLAIN = "The new SENCO has been brilliant. She actually listens and rings me back."
NAMED = "Mrs Patel at the school has been great, but the EHCP is still not finished after 30 weeks."


def sign_in(page, visit, path: str) -> None:
    page.goto(visit.base_url + path)
    page.get_by_label("Email address").fill("rep@example.org")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)


class Actions:
    """Counts what the rep does: every click or choice that changes the page or the data."""

    def __init__(self, page, visit) -> None:
        self.page, self.visit, self.count = page, visit, 0

    def go(self, action) -> None:
        self.count += 1
        go(self.page, self.visit, action)


def test_rep_moderates_twenty_items_with_at_most_two_actions_a_plain_one(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    plain = create_many(session, 16, story=PLAIN)
    named = create_many(session, 4, start=START + dt.timedelta(days=1), story=NAMED)
    sign_in(page, visit, "/staff/inbox")
    acted = Actions(page, visit)

    # The plain ones in one go, after reading them on the preview.
    acted.go(lambda: page.get_by_role("link", name="Mark plain feedback as reviewed").click())
    preview = page.locator("main").inner_text()
    assert preview.count(PLAIN) == 16 and "Mrs Patel" not in preview
    acted.go(lambda: page.get_by_role("button", name="Mark these as reviewed").click())
    assert "16 pieces of feedback marked as reviewed" in page.locator(".govuk-notification-banner").inner_text()
    plain_actions = acted.count

    # The ones with a name: open the first, then "Save and next" through the rest.
    acted.go(lambda: page.get_by_role("link", name=f"Feedback {named[0].id}", exact=True).click())
    for item in named:
        assert page.get_by_role("heading", level=1).inner_text() == f"Feedback {item.id}"
        assert (
            page.get_by_label("Their experience, with identifying details removed")
            .input_value()
            .startswith("Mrs [name]")
        )
        acted.go(lambda: page.get_by_role("button", name="Save and next").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Inbox"
    assert "No new feedback to read" in page.get_by_test_id("inbox-counts").inner_text()

    session.expire_all()
    assert {f.status for f in session.scalars(select(Feedback))} == {"reviewed"}
    assert plain_actions / len(plain) <= 2 and (acted.count - plain_actions) / len(named) <= 2
    assert acted.count <= 2 * 20
    assert_only_own_origin(visit)


def test_rep_clears_a_filtered_inbox_with_save_and_next(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    camhs = create_many(session, 3, services=("camhs",), story="Two years on the CAMHS waiting list.")
    transport = create_feedback(session, received_at=START + dt.timedelta(minutes=30), services=("transport",))
    sign_in(page, visit, "/staff/inbox")

    page.get_by_text("Filter and search").click()
    page.get_by_label("Service area").select_option("camhs")
    go(page, visit, lambda: page.get_by_role("button", name="Apply filters").click())
    assert "3 new pieces of feedback to read in this list" in page.get_by_test_id("inbox-counts").inner_text()
    go(page, visit, lambda: page.get_by_role("link", name=f"Feedback {camhs[0].id}", exact=True).click())
    for item in camhs:
        assert page.get_by_role("heading", level=1).inner_text() == f"Feedback {item.id}"
        go(page, visit, lambda: page.get_by_role("button", name="Save and next").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Inbox"
    assert "That was the last item in this list" in page.locator(".govuk-notification-banner").inner_text()
    assert "service=camhs" in page.url
    session.expire_all()
    assert [session.get(Feedback, f.id).status for f in camhs] == ["reviewed"] * 3
    assert session.get(Feedback, transport.id).status == "new"  # not in the list: left alone
    assert_only_own_origin(visit)


def test_not_a_concern_with_a_reason_closes_it_and_reopening_brings_it_back(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    flagged = create_feedback(
        session,
        story="The CAMHS crisis team were brilliant when we needed them.",
        safeguarding_open=True,
        risk_level="possible",
    )
    sign_in(page, visit, f"/staff/feedback/{flagged.id}")
    go(page, visit, lambda: page.get_by_role("button", name="Not a concern").click())
    go(page, visit, lambda: page.get_by_role("button", name="Close as not a concern").click())
    assert "Select why this is not a safeguarding concern" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("The words name a service (for example, the crisis team or an at-risk register)").check()
    go(page, visit, lambda: page.get_by_role("button", name="Close as not a concern").click())
    assert "closed as not a concern" in page.get_by_test_id("safeguarding-history").inner_text()
    assert session.get(Feedback, flagged.id, populate_existing=True).safeguarding_open is False
    go(page, visit, lambda: page.get_by_role("button", name="Reopen the concern").click())
    assert session.get(Feedback, flagged.id, populate_existing=True).safeguarding_open is True
    steps = session.scalars(select(SafeguardingAction).order_by(SafeguardingAction.id)).all()
    assert [(s.kind, s.reason) for s in steps] == [("not_a_concern", "service-name"), ("reopened", None)]
    assert_only_own_origin(visit)


def test_the_words_that_raised_a_concern_are_marked_with_their_kind(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    flagged = create_feedback(
        session,
        story="Since the move he keeps saying he wants to die and I do not know who to ask.",
        safeguarding_open=True,
        risk_level="high",
    )
    sign_in(page, visit, f"/staff/feedback/{flagged.id}")
    marked = page.get_by_test_id("risk-words")
    assert marked.count() >= 1
    assert "wants to die" in marked.first.inner_text()
    assert marked.first.text_content().startswith("Flagged as ")  # the kind, for screen readers too
    assert_only_own_origin(visit)


@pytest.fixture
def themed(app, session):
    load_demo(session, n_items=200, today=dt.date.today())
    with app.app_context():
        from forum_feedback.extensions import get_db

        run, _ = theme_services.request_rebuild(session, requested_by=None, now=utcnow())
        theme_services.execute_rebuild(get_db(), run_id=run.id, vocabulary=None)
    session.expire_all()
    theme_services.apply_run(session, run_id=run.id, now=utcnow())
    return session.scalars(select(Theme).order_by(Theme.size.desc())).all()


def test_every_staff_page_reflows_at_320_px(browser, live_server, session, themed):
    context = browser.new_context(viewport={"width": 320, "height": 640}, device_scale_factor=2, is_mobile=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    from tests.browser.conftest import Visit

    visit = Visit(base_url=live_server)
    create_user(session, email="rep@example.org", role="admin")
    item = session.scalars(select(Feedback.id)).first()
    sign_in(page, visit, "/staff/")
    for path in (
        "/staff/",
        "/staff/inbox",
        f"/staff/feedback/{item}",
        "/staff/inbox/plain",
        "/staff/themes",
        f"/staff/themes/{themed[0].id}",
        f"/staff/themes/{themed[0].id}/merge?into={themed[1].id}",
        f"/staff/themes/{themed[0].id}/split",
        "/staff/themes/not-yet-themed",
        "/admin/users",
        "/admin/audit",
    ):
        page.goto(visit.base_url + path)
        check_accessibility(page, visit)  # axe, and no wider than the 320 px window
    context.close()


def test_a_laptop_screen_holds_at_least_ten_inbox_items(browser, live_server, session):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    from tests.browser.conftest import Visit

    visit = Visit(base_url=live_server)
    create_user(session, email="rep@example.org", role="rep")
    create_many(session, 12, story=NAMED + " " + PLAIN)  # two lines of excerpt each
    sign_in(page, visit, "/staff/inbox")
    items = page.get_by_test_id("inbox-item")
    first, tenth = items.nth(0).bounding_box(), items.nth(9).bounding_box()
    assert tenth["y"] + tenth["height"] - first["y"] <= 768, "ten items do not fit on one laptop screen"
    context.close()
