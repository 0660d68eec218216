"""A family tells the forum about their experience on a phone: by touch, by keyboard only, and through errors."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum_feedback.submissions.models import Feedback
from tests.browser.conftest import assert_only_own_origin, check_accessibility, go

pytestmark = pytest.mark.browser

STORY = (
    "Applied for an EHC assessment in January, it's now June and nobody can tell me where it's up to 😞\n"
    "\n"
    "Third caseworker this year.\tEach one starts from scratch.\n"
    "Notre fils attend toujours. ہم بہت تھکے ہوئے ہیں۔ 我们很累。"
)


def receipt_code(page) -> str:
    code = page.get_by_test_id("receipt-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    return code


def test_journey_by_touch_with_errors_and_recovery(phone, session):
    page, visit = phone
    page.goto(visit.base_url + "/")
    check_accessibility(page, visit)
    go(page, visit, lambda: page.get_by_role("button", name="Start now").click())

    # Sending nothing shows the error summary; the link in it moves focus to the answer box.
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert page.title().startswith("Error: ")
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter your experience").click()
    box = page.get_by_label("Tell us about your experience")
    assert box.evaluate("el => el === document.activeElement")
    box.fill(STORY)
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())

    # "Something else" without saying what: an error, and the ticks made are kept.
    page.get_by_label("Annual reviews").check()
    page.get_by_label("Something else").check()
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert "Enter what it was about, or untick ‘Something else’" in page.locator(".govuk-error-summary").inner_text()
    assert page.get_by_label("Annual reviews").is_checked()
    page.get_by_label("Tell us what it was about").fill("the school bus")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())

    page.get_by_label("5 to 10 (primary school)").check()
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())  # area: skipped
    page.get_by_label("What would have helped? (optional)").fill("A named caseworker who stays")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    page.get_by_label("Quote my words anonymously to the people who run services").check()
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())

    page.get_by_label("Yes, you can contact me about this").check()
    page.get_by_label("Email address or phone number").fill("not an address")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert "Enter an email address like name@example.com" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Email address or phone number").fill("parent@example.com")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())

    # Check answers: the long story is all there; change a link and come back.
    assert page.get_by_role("heading", level=1).inner_text() == "Check your answers before sending"
    assert "Third caseworker this year." in page.locator(".forum-story").first.inner_text()
    go(page, visit, lambda: page.get_by_role("link", name="Change your experience").click())
    assert page.get_by_label("Tell us about your experience").input_value() == STORY
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert page.url.endswith("/feedback/check")
    go(page, visit, lambda: page.get_by_role("button", name="Send your feedback").click())

    receipt_code(page)
    stored = session.scalars(select(Feedback)).one()
    assert stored.story == STORY
    assert stored.service_slugs == ["annual-reviews"] and stored.service_other == "the school bus"
    assert (stored.age_band, stored.local_area, stored.consent) == ("5-10", None, "quote_partners")
    assert stored.contact_detail == "parent@example.com"
    assert len(visit.checked) >= 14
    assert_only_own_origin(visit)


def tab_to(page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    target = page.locator(selector).first
    for _ in range(limit):
        if target.evaluate("el => el === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"could not reach {selector} with the Tab key")


def keyboard_go(page, visit, key: str = "Enter") -> None:
    with page.expect_navigation():
        page.keyboard.press(key)
    check_accessibility(page, visit)


def test_journey_by_keyboard_only(phone, session):
    page, visit = phone
    page.goto(visit.base_url + "/")
    check_accessibility(page, visit)
    tab_to(page, "a.govuk-button--start")
    keyboard_go(page, visit)

    tab_to(page, "textarea#story")
    page.keyboard.type("Transport still not sorted.")
    page.keyboard.press("Enter")
    page.keyboard.type("Second week of term!")
    tab_to(page, "button.govuk-button")
    keyboard_go(page, visit)

    tab_to(page, "input[value='transport']")
    page.keyboard.press("Space")
    tab_to(page, "button.govuk-button")
    keyboard_go(page, visit)
    for _ in range(3):  # age, area, what would have helped: skipped
        tab_to(page, "button.govuk-button")
        keyboard_go(page, visit)
    tab_to(page, "input[name='consent']")
    page.keyboard.press("ArrowDown")  # arrow keys move within a radio group
    assert page.locator("input[value='quote_partners']").is_checked()
    tab_to(page, "button.govuk-button")
    keyboard_go(page, visit)
    tab_to(page, "button.govuk-button")
    keyboard_go(page, visit)
    tab_to(page, "button.govuk-button")
    keyboard_go(page, visit)

    receipt_code(page)
    stored = session.scalars(select(Feedback)).one()
    assert stored.story == "Transport still not sorted.\nSecond week of term!"
    assert stored.service_slugs == ["transport"] and stored.consent == "quote_partners"
    assert_only_own_origin(visit)


def test_receipt_lets_a_family_withdraw(phone, session):
    page, visit = phone
    page.goto(visit.base_url + "/feedback/experience")
    page.get_by_label("Tell us about your experience").fill("Please remove this later")
    for _ in range(8):
        go(page, visit, lambda: page.locator("button.govuk-button").click())
        if page.url.endswith("/feedback/sent"):
            break
    code = receipt_code(page)
    page.goto(visit.base_url + "/feedback/your-feedback")
    check_accessibility(page, visit)
    page.get_by_label("Check on feedback you sent").fill(code.lower())
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    go(page, visit, lambda: page.get_by_role("button", name="Yes, withdraw my feedback").click())
    assert page.get_by_role("heading", level=1).inner_text() == "Feedback withdrawn"
    stored = session.scalars(select(Feedback)).one()
    assert (stored.status, stored.story) == ("withdrawn", "")
    assert_only_own_origin(visit)


def test_back_after_fixing_an_error_shows_the_previous_question_with_its_answers(phone):
    """Regression: Back after a validation error showed "Confirm Form Resubmission" (ERR_CACHE_MISS)."""
    page, visit = phone
    page.goto(visit.base_url + "/feedback/experience")
    page.get_by_label("Tell us about your experience").fill("The taxi never came.")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    page.get_by_label("Something else").check()
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert page.title().startswith("Error: ")
    page.get_by_label("Tell us what it was about").fill("the school bus")
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
    assert page.url.endswith("/feedback/age")

    with page.expect_navigation():
        page.go_back()
    assert page.url.endswith("/feedback/about")
    assert page.get_by_role("heading", level=1).inner_text() == "What was it about? (optional)"
    assert page.get_by_label("Something else").is_checked()
    assert page.get_by_label("Tell us what it was about").input_value() == "the school bus"
    assert not page.locator(".govuk-error-summary").count()  # the fixed error is not shown again
    check_accessibility(page, visit)
    with page.expect_navigation():
        page.go_back()  # the page with the error, as a GET: shown again, never a resubmission prompt
    assert page.url.endswith("/feedback/about")
    assert page.get_by_role("heading", level=1).inner_text() == "What was it about? (optional)"
    assert_only_own_origin(visit)
