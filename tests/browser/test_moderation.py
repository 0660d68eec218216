"""A rep's morning in the inbox: sign in, redact a family's words, raise and close a safeguarding concern."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum_feedback.submissions.models import Feedback, SafeguardingAction
from tests.browser.conftest import assert_only_own_origin, check_accessibility, enter_code_if_asked, go
from tests.factories import DEFAULT_PASSWORD, create_user
from tests.moderation.factories import START, create_feedback

pytestmark = pytest.mark.browser

NAMED = (
    "My son Jack is 9 and has waited two years for an autism assessment.\n"
    "Please call me on 07700 900123, I would like to help."
)
REDACTED = (
    "My son [name] is 9 and has waited two years for an autism assessment.\n"
    "Please call me on [phone number], I would like to help."
)
# Ambiguous on its face (it may be nothing, or a child who cannot say what happens there): the screen raises
# nothing, and a rep who knows the family raises it by hand.
WORRYING = "He has been much quieter since the new escort started on his bus."


def test_rep_redacts_and_acts_on_a_safeguarding_concern(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    named = create_feedback(session, story=NAMED, received_at=START)
    worrying = create_feedback(session, story=WORRYING, received_at=START.replace(hour=10))

    # Signing in on the way to the inbox comes back to it.
    page.goto(f"{visit.base_url}/staff/inbox")
    check_accessibility(page, visit)
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"
    page.get_by_label("Email address").fill("rep@example.org")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)
    assert page.get_by_role("heading", level=1).inner_text() == "Inbox"
    assert "2 new pieces of feedback to read" in page.get_by_test_id("inbox-counts").inner_text()

    # The item page marks the name and the phone number, and the box holds the suggested redaction.
    go(page, visit, lambda: page.get_by_role("link", name=f"Feedback {named.id}", exact=True).click())
    assert page.get_by_role("heading", level=1).inner_text() == f"Feedback {named.id}"
    marks = page.get_by_test_id("story").locator("mark")
    assert marks.count() == 2
    assert marks.nth(0).text_content() == "Suggested redaction, name: Jack"
    assert marks.nth(1).text_content() == "Suggested redaction, phone number: 07700 900123"
    box = page.get_by_label("Their experience, with identifying details removed")
    assert box.input_value() == REDACTED
    go(page, visit, lambda: page.get_by_role("button", name="Save and next").click())
    assert page.get_by_role("heading", level=1).inner_text() == f"Feedback {worrying.id}"  # the next in the list
    assert f"Feedback {named.id} is saved as reviewed." in page.locator(".govuk-notification-banner").first.inner_text()
    saved = session.get(Feedback, named.id, populate_existing=True)
    assert (saved.redacted_story, saved.redacted_help, saved.status) == (REDACTED, "", "reviewed")
    assert saved.story == NAMED

    # The screen missed this one: the rep raises a concern, and it goes to the top of the inbox.
    go(page, visit, lambda: page.get_by_role("button", name="Raise a safeguarding concern").click())
    assert (
        "If a child or adult is in immediate danger, call 999 now."
        in page.get_by_test_id("safeguarding-steps").inner_text()
    )
    go(page, visit, lambda: page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Inbox").click())
    assert "Possible safeguarding concern" in page.locator(".forum-notification-banner--safeguarding").inner_text()
    assert page.get_by_test_id("concerns").get_by_role("link", name=f"Feedback {worrying.id}").is_visible()

    # Recording what was done, with an error first, then closing the concern.
    go(page, visit, lambda: page.get_by_test_id("concerns").get_by_role("link", name=f"Feedback {worrying.id}").click())
    go(page, visit, lambda: page.get_by_role("button", name="Record what you did").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Record what you did"
    go(page, visit, lambda: page.get_by_role("button", name="Record what you did").click())
    assert page.title().startswith("Error: ")
    assert "Enter what you did" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("What did you do?").fill("Told the safeguarding lead, who rang the family and the school.")
    page.get_by_label("Yes, nothing more needs to be done").check()
    go(page, visit, lambda: page.get_by_role("button", name="Record what you did").click())
    assert "The concern is now closed." in page.locator(".govuk-notification-banner").first.inner_text()
    assert "Told the safeguarding lead" in page.get_by_test_id("safeguarding-history").inner_text()

    go(page, visit, lambda: page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Inbox").click())
    assert page.get_by_test_id("concerns").count() == 0
    assert page.get_by_test_id("new-feedback").get_by_role("link", name=f"Feedback {worrying.id}").is_visible()
    action = session.scalars(select(SafeguardingAction)).one()
    assert (action.feedback_id, action.closed) == (worrying.id, True)
    assert session.get(Feedback, worrying.id, populate_existing=True).safeguarding_open is False

    assert len(visit.checked) >= 10
    assert_only_own_origin(visit)


def test_rep_hides_spam_and_restores_it(phone, session):
    page, visit = phone
    create_user(session, email="rep@example.org", role="rep")
    spam = create_feedback(session, story="Cheap essay writing, visit our website today!!!")

    page.goto(f"{visit.base_url}/staff/feedback/{spam.id}")
    page.get_by_label("Email address").fill("rep@example.org")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)
    assert page.get_by_role("heading", level=1).inner_text() == f"Feedback {spam.id}"

    go(page, visit, lambda: page.get_by_role("button", name="Hide as spam or abuse").click())
    page.get_by_label("Another reason", exact=True).check()
    go(page, visit, lambda: page.get_by_role("button", name="Hide this feedback").click())
    assert "Enter the reason for hiding this feedback" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Spam").check()
    go(page, visit, lambda: page.get_by_role("button", name="Hide this feedback").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Inbox"
    assert "No new feedback to read" in page.get_by_test_id("inbox-counts").inner_text()

    go(page, visit, lambda: page.get_by_role("link", name="See feedback hidden as spam or abuse").click())
    go(page, visit, lambda: page.get_by_role("link", name=f"Feedback {spam.id}").click())
    assert "This feedback is hidden: Spam" in page.locator("main").inner_text()
    go(page, visit, lambda: page.get_by_role("button", name="Restore to the inbox").click())
    assert session.get(Feedback, spam.id, populate_existing=True).status == "new"
    assert_only_own_origin(visit)
