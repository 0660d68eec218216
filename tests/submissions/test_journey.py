"""The family's journey through the question pages, as the server sees it."""

from __future__ import annotations

import re

from sqlalchemy import select

from forum_feedback.submissions.models import Draft, Feedback
from forum_feedback.submissions.receipts import hash_receipt_code
from tests.helpers import page

STORY = (
    "Applied for an EHC assessment in January,\nit's now June 🙁 and nobody can tell me where it's up to."
    "\n\nÇa suffit. 我们很累。"
)


def answer_all(client, *, story: str = STORY) -> None:
    client.post("/feedback/experience", data={"story": story})
    client.post("/feedback/about", data={"services": ["ehc-assessment", "other"], "service_other": "the bus"})
    client.post("/feedback/age", data={"choice": "5-10"})
    client.post("/feedback/area", data={"choice": "not-say"})
    client.post("/feedback/what-would-help", data={"help": "A named caseworker who stays"})
    client.post("/feedback/your-words", data={"consent": "quote_partners"})
    client.post("/feedback/contact", data={"contact": "yes", "contact_detail": "parent@example.com"})


def test_start_page_explains_and_links(client):
    response = client.get("/")
    assert response.status_code == 200
    view = page(response)
    assert view.h1 == ["Tell us about your experience"]
    assert 'href="/privacy"' in view.html and 'href="/accessibility"' in view.html
    assert 'href="/feedback/experience"' in view.html


def test_privacy_and_accessibility_pages_exist(client):
    assert page(client.get("/privacy")).h1 == ["Privacy notice"]
    assert page(client.get("/accessibility")).h1 == ["Accessibility statement"]


def test_whole_journey_stores_exactly_what_was_typed(client, session):
    answer_all(client)
    check = client.get("/feedback/check")
    assert page(check).h1 == ["Check your answers before sending"]
    assert "Ça suffit" in check.get_data(as_text=True)
    assert session.scalars(select(Feedback)).all() == []  # nothing stored before send

    response = client.post("/feedback/check", data={})
    assert response.status_code == 302 and response.location.endswith("/feedback/sent")
    sent = client.get("/feedback/sent").get_data(as_text=True)
    code = re.search(r'data-testid="receipt-code">([A-Z0-9-]+)<', sent).group(1)

    feedback = session.scalars(select(Feedback)).one()
    assert feedback.story == STORY
    assert feedback.service_slugs == ["ehc-assessment"]
    assert feedback.service_other == "the bus"
    assert (feedback.age_band, feedback.local_area, feedback.consent) == ("5-10", None, "quote_partners")
    assert feedback.contact_consent and feedback.contact_detail == "parent@example.com"
    assert feedback.channel == "online"
    assert feedback.receipt_hash == hash_receipt_code(code) and code not in feedback.receipt_hash
    # The sent draft stays a few minutes, empty, so a second press of send finds it sent.
    assert [(d.answers, d.receipt_code) for d in session.scalars(select(Draft))] == [("{}", None)]


def test_receipt_code_is_shown_only_once(client):
    answer_all(client)
    client.post("/feedback/check", data={})
    first = client.get("/feedback/sent").get_data(as_text=True)
    second = client.get("/feedback/sent").get_data(as_text=True)
    assert 'data-testid="receipt-code"' in first
    assert 'data-testid="receipt-code"' not in second


def test_receipt_code_is_not_stored_in_clear(client, session):
    answer_all(client)
    client.post("/feedback/check", data={})
    code = re.search(r'receipt-code">([A-Z0-9-]+)<', client.get("/feedback/sent").get_data(as_text=True)).group(1)
    normalised = code.replace("-", "")
    for value in session.execute(select(Feedback.__table__)).one():
        assert normalised not in str(value) and code not in str(value)


def test_only_the_story_is_required(client, session):
    client.post("/feedback/experience", data={"story": "transport still not sorted"})
    for slug in ("about", "age", "area", "what-would-help", "your-words", "contact"):
        response = client.post(f"/feedback/{slug}", data={})
        assert response.status_code == 302, slug
    client.post("/feedback/check", data={})
    feedback = session.scalars(select(Feedback)).one()
    assert feedback.consent == "count"  # no choice means we only count it
    assert not feedback.contact_consent and feedback.service_slugs == []


def post_with_errors(client, url: str, data: dict):
    """Post an answer that needs fixing: the server redirects to the same page, which shows the errors."""
    response = client.post(url, data=data)
    assert response.status_code == 302 and response.location == url, "a failed answer must redirect to its page"
    return page(client.get(url))


def test_empty_story_shows_error_summary(client):
    view = post_with_errors(client, "/feedback/experience", {"story": "   \n  "})
    assert view.title.startswith("Error: ")
    assert view.errors == ["Enter your experience"]


def test_a_page_with_errors_is_shown_once_then_the_saved_answers_again(client):
    """Back after a fixed error must show the page with its answers, not ask to resend a form."""
    client.post("/feedback/experience", data={"story": "x"})
    assert post_with_errors(client, "/feedback/about", {"services": ["other"]}).errors
    client.post("/feedback/about", data={"services": ["other"], "service_other": "the bus"})
    again = page(client.get("/feedback/about"))
    assert again.errors == [] and 'value="the bus"' in again.html


def test_too_long_story_is_refused_and_kept(client):
    story = "é" * 10_001
    view = post_with_errors(client, "/feedback/experience", {"story": story})
    assert view.errors == ["Your experience must be 10,000 characters or fewer"]
    assert story in view.html


def test_story_of_exactly_the_limit_is_accepted(client):
    response = client.post("/feedback/experience", data={"story": "é" * 10_000})
    assert response.status_code == 302 and response.location.endswith("/feedback/about")


def test_length_is_counted_as_the_pages_character_count_counts_it(client):
    """GOV.UK's character count counts an emoji as 2 (UTF-16): the server must refuse what it calls too long."""
    view = post_with_errors(client, "/feedback/experience", {"story": "é" * 9_999 + "😀"})
    assert view.errors == ["Your experience must be 10,000 characters or fewer"]
    assert client.post("/feedback/experience", data={"story": "é" * 9_998 + "😀"}).status_code == 302


def test_something_else_needs_words(client):
    client.post("/feedback/experience", data={"story": "x"})
    view = post_with_errors(client, "/feedback/about", {"services": ["other"]})
    assert view.errors == ["Enter what it was about, or untick ‘Something else’"]


def test_contact_yes_needs_a_way_to_contact(client):
    client.post("/feedback/experience", data={"story": "x"})
    view = post_with_errors(client, "/feedback/contact", {"contact": "yes", "contact_name": "Sam"})
    assert view.errors == ["Enter an email address or phone number so we can contact you"]
    assert 'value="Sam"' in view.html
    view = post_with_errors(client, "/feedback/contact", {"contact": "yes", "contact_detail": "tomorrow"})
    assert view.errors[0].startswith("Enter an email address like name@example.com")


def test_unknown_choice_is_refused(client):
    client.post("/feedback/experience", data={"story": "x"})
    assert post_with_errors(client, "/feedback/age", {"choice": "99"}).errors
    assert post_with_errors(client, "/feedback/your-words", {"consent": "sell"}).errors


def test_check_page_tells_a_skipped_question_from_prefer_not_to_say(client):
    client.post("/feedback/experience", data={"story": "x"})
    client.post("/feedback/age", data={})
    client.post("/feedback/area", data={"choice": "not-say"})
    html = client.get("/feedback/check").get_data(as_text=True)
    rows = dict(
        re.findall(r'key">([^<]+)</dt>\s*<dd class="govuk-summary-list__value">\s*<p class="govuk-body">([^<]+)<', html)
    )
    assert rows["Age of the child or young person"] == "Not answered"
    assert rows["Where you live"] == "Prefer not to say"


def test_crlf_line_breaks_are_kept_as_typed(client, session):
    client.post("/feedback/experience", data={"story": "line one\r\nline two\r\n\r\nend"})
    client.post("/feedback/check", data={})
    assert session.scalars(select(Feedback.story)).one() == "line one\nline two\n\nend"


def test_change_link_returns_to_check_page(client):
    answer_all(client)
    response = client.post("/feedback/age?change=1", data={"choice": "11-15"})
    assert response.location.endswith("/feedback/check")
    assert "11 to 15" in client.get("/feedback/check").get_data(as_text=True)


def test_previous_answers_are_shown_when_going_back(client):
    answer_all(client)
    html = client.get("/feedback/experience").get_data(as_text=True)
    assert "nobody can tell me where it" in html
    assert "checked" in client.get("/feedback/area").get_data(as_text=True)  # "Prefer not to say" stays chosen


def test_later_pages_without_a_draft_go_to_the_start(client):
    response = client.get("/feedback/check")
    assert response.status_code == 302 and response.location.endswith("/feedback/experience")


def test_honeypot_submission_is_refused_and_not_stored(client, session):
    answer_all(client)
    response = client.post("/feedback/check", data={"website": "http://spam.example"})
    assert response.status_code == 400
    assert session.scalars(select(Feedback)).all() == []


def test_unknown_step_is_not_found(client):
    assert client.get("/feedback/nope").status_code == 404


def test_family_can_see_status_and_withdraw(client, session):
    answer_all(client)
    client.post("/feedback/check", data={})
    code = re.search(r'receipt-code">([A-Z0-9-]+)<', client.get("/feedback/sent").get_data(as_text=True)).group(1)
    status = page(client.post("/feedback/your-feedback", data={"code": code.lower().replace("-", " ")}))
    assert status.h1 == ["Your feedback"]
    done = client.post("/feedback/withdraw", data={"code": code})
    assert page(done).h1 == ["Feedback withdrawn"]
    feedback = session.scalars(select(Feedback)).one()
    assert (feedback.status, feedback.story, feedback.contact_detail) == ("withdrawn", "", "")


def test_wrong_receipt_code_gets_a_clear_message(client):
    view = page(client.post("/feedback/your-feedback", data={"code": "AAAA-BBBB-CCCC"}))
    assert view.errors == ["We could not find feedback with that receipt code. Check it and try again"]
