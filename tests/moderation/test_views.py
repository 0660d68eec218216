"""The moderation pages as a rep sees them: status, title, h1, error summaries, and what lands in the database."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from sqlalchemy import select

from forum_feedback.db import utcnow
from forum_feedback.submissions.models import Feedback, SafeguardingAction
from forum_feedback.submissions.services import screen_text
from tests.analysis.test_safeguarding_net import WITHDRAWN
from tests.factories import create_user, sign_in_as
from tests.helpers import page
from tests.moderation.factories import START, create_feedback, create_many

STORY = "My son Jack is 7. Ring me on 07700 900123 <script>alert('x')</script> & thanks."
SUGGESTED = "My son [name] is 7. Ring me on [phone number] <script>alert('x')</script> & thanks."


@pytest.fixture
def rep(session):
    return create_user(session, email="rep@example.org", role="rep", password=None)


@pytest.fixture
def rep_client(client, session, rep):
    sign_in_as(client, session, rep)
    return client


def fresh(session, feedback_id: int) -> Feedback:
    return session.get(Feedback, feedback_id, populate_existing=True)


def textarea(html: str, name: str) -> str:
    """What a browser would put in the box: one line break straight after the tag is dropped."""
    value = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    return value.removeprefix("\n")


# --- the inbox ---------------------------------------------------------------------------------------


def test_inbox_lists_new_feedback_with_its_answers(rep_client, session):
    create_feedback(
        session, story=STORY, services=("transport",), contact_detail="jo@example.com", contact_name="Jo Bloggs"
    )
    response = rep_client.get("/staff/inbox")
    view = page(response)
    assert response.status_code == 200
    assert view.title == "Inbox – Northshire PCF" and view.h1 == ["Inbox"]
    for text in (
        "1 new piece of feedback to read",
        "No open safeguarding concerns",
        "Home-to-school transport",
        "Online form",
        "Left contact details",
        "My son [name] is 7. Ring me on [phone number]",
    ):
        assert text in view.html
    # The inbox never shows contact details or the words the excerpt redacted.
    for text in ("jo@example.com", "Jo Bloggs", "Jack", "07700 900123", "<script>alert"):
        assert text not in view.html
    assert "Possible safeguarding concern" not in view.html


def test_open_concerns_come_first_under_a_red_banner(rep_client, session):
    new = create_feedback(session, received_at=START)
    concern = create_feedback(
        session, received_at=START + dt.timedelta(days=1), status="reviewed", safeguarding_open=True, risk_level="high"
    )
    html = rep_client.get("/staff/inbox").get_data(as_text=True)
    assert "forum-notification-banner--safeguarding" in html and "Possible safeguarding concern" in html
    assert "1 open safeguarding concern" in html
    concerns = html.index('data-testid="concerns"')
    new_section = html.index('data-testid="new-feedback"')
    assert (
        concerns
        < html.index(f'data-feedback-id="{concern.id}"')
        < new_section
        < html.index(f'data-feedback-id="{new.id}"')
    )


def test_inbox_is_paginated(rep_client, session):
    create_many(session, 30)
    first = page(rep_client.get("/staff/inbox"))
    assert first.title == "Inbox (page 1 of 2) – Northshire PCF"
    assert "govuk-pagination" in first.html and 'href="/staff/inbox?page=2"' in first.html
    assert "Showing 1 to 25 of 30" in first.html
    second = page(rep_client.get("/staff/inbox?page=2"))
    assert second.title == "Inbox (page 2 of 2) – Northshire PCF"
    assert "Showing 26 to 30 of 30" in second.html and second.html.count('data-testid="inbox-item"') == 5


def test_hidden_feedback_has_its_own_list(rep_client, session):
    hidden = create_feedback(session, status="hidden")
    create_feedback(session)
    view = page(rep_client.get("/staff/inbox/hidden"))
    assert view.h1 == ["Hidden feedback"] and view.title.startswith("Hidden feedback – ")
    assert view.html.count('data-testid="inbox-item"') == 1 and f'data-feedback-id="{hidden.id}"' in view.html
    assert f'data-feedback-id="{hidden.id}"' not in rep_client.get("/staff/inbox").get_data(as_text=True)


# --- one item --------------------------------------------------------------------------------------


def test_item_shows_everything_with_suggested_redactions_marked_and_escaped(rep_client, session):
    feedback = create_feedback(session, story=STORY, help="Mrs Patel listened", contact_detail="jo@example.com")
    response = rep_client.get(f"/staff/feedback/{feedback.id}")
    view = page(response)
    assert response.status_code == 200
    assert view.title == f"Feedback {feedback.id} – Northshire PCF" and view.h1 == [f"Feedback {feedback.id}"]
    html = view.html
    hidden = '<span class="govuk-visually-hidden">Suggested redaction, name: </span>'
    assert f'<mark class="forum-redaction">{hidden}Jack</mark>' in html
    assert '<span class="govuk-visually-hidden">Suggested redaction, phone number: </span>07700 900123</mark>' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; thanks." in html
    assert "jo@example.com" in html and "Only forum reps see these" in html
    assert "style=" not in html and "<script>" not in html.replace('<script src="', "").replace(
        '<script type="module" src="', ""
    )
    assert unescape(textarea(html, "story")) == SUGGESTED
    assert unescape(textarea(html, "help")) == "Mrs [name] listened"


def test_a_concern_the_second_net_raised_marks_its_whole_sentence_and_says_what_it_is(rep_client, session):
    level, concern_open, _ = screen_text(WITHDRAWN)
    assert (level, concern_open) == ("possible", True)  # what a family's send stores
    feedback = create_feedback(session, story=WITHDRAWN, risk_level=level, safeguarding_open=concern_open)
    html = page(rep_client.get(f"/staff/feedback/{feedback.id}")).html
    assert "The automatic check found words about: something that reads like a concern." in html
    flagged = '<span class="govuk-visually-hidden">Flagged as something that reads like a concern: </span>'
    assert f"{flagged}Since he started staying at his dad&#39;s every other weekend" in html
    assert "won&#39;t say why<span" in html and "Transport has been good." in html


def test_saving_the_redaction_lands_exactly_and_goes_back_to_the_inbox(rep_client, session, rep):
    feedback = create_feedback(session, story=STORY, help="Mrs Patel listened")
    edited = "\nMy son [name] is 7.\r\nRing me on [phone number].  "
    response = rep_client.post(f"/staff/feedback/{feedback.id}", data={"story": edited, "help": "Mrs [name]"})
    assert response.status_code == 302 and response.location == "/staff/inbox"
    saved = fresh(session, feedback.id)
    assert saved.redacted_story == "\nMy son [name] is 7.\nRing me on [phone number].  "
    assert (saved.redacted_help, saved.status, saved.reviewed_by) == ("Mrs [name]", "reviewed", rep.id)
    assert f"Feedback {feedback.id} is saved as reviewed." in rep_client.get("/staff/inbox").get_data(as_text=True)
    again = rep_client.get(f"/staff/feedback/{feedback.id}").get_data(as_text=True)
    assert textarea(again, "story") == saved.redacted_story
    assert "Reviewed" in again and "rep@example.org" in again


def test_an_empty_redaction_shows_an_error(rep_client, session):
    feedback = create_feedback(session, story=STORY)
    response = rep_client.post(f"/staff/feedback/{feedback.id}", data={"story": "   "})
    view = page(response)
    assert response.status_code == 200
    assert view.title.startswith("Error: Feedback ")
    assert view.errors == ["Enter their experience with identifying details removed"]
    assert fresh(session, feedback.id).status == "new" and fresh(session, feedback.id).redacted_story is None


def test_withdrawn_feedback_has_no_words_and_no_redaction_form(rep_client, session):
    feedback = create_feedback(session, story="", status="withdrawn")
    html = rep_client.get(f"/staff/feedback/{feedback.id}").get_data(as_text=True)
    assert "The family withdrew this feedback" in html and 'name="story"' not in html
    response = rep_client.post(f"/staff/feedback/{feedback.id}", data={"story": "x"})
    assert response.status_code == 302 and response.location == f"/staff/feedback/{feedback.id}"
    assert fresh(session, feedback.id).redacted_story is None


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/staff/feedback/999"),
        ("post", "/staff/feedback/999"),
        ("get", "/staff/feedback/999/safeguarding"),
        ("post", "/staff/feedback/999/raise-concern"),
        ("get", "/staff/feedback/999/hide"),
        ("post", "/staff/feedback/999/restore"),
    ],
)
def test_unknown_feedback_is_page_not_found(rep_client, method, path):
    response = getattr(rep_client, method)(path, data={"story": "x"} if method == "post" else None)
    assert response.status_code == 404
    assert page(response).h1 == ["Page not found"]


# --- safeguarding ----------------------------------------------------------------------------------


def test_raising_a_concern_shows_the_forums_steps(rep_client, session, app):
    feedback = create_feedback(session)
    response = rep_client.post(f"/staff/feedback/{feedback.id}/raise-concern")
    assert response.status_code == 302 and response.location == f"/staff/feedback/{feedback.id}"
    assert fresh(session, feedback.id).safeguarding_open is True
    html = rep_client.get(response.location).get_data(as_text=True)
    assert "Possible safeguarding concern" in html and "forum-notification-banner--safeguarding" in html
    assert "If a child or adult is in immediate danger, call 999 now." in html
    assert "the forum&#39;s safeguarding lead, 01632 960 000" in html
    assert f'href="/staff/feedback/{feedback.id}/safeguarding"' in html


def test_record_action_page_starts_with_now(rep_client, session):
    feedback = create_feedback(session, safeguarding_open=True)
    view = page(rep_client.get(f"/staff/feedback/{feedback.id}/safeguarding"))
    assert view.h1 == ["Record what you did"]
    assert view.title == f"Record what you did about feedback {feedback.id} – Northshire PCF"
    assert 'name="acted_on"' in view.html and 'name="acted_time"' in view.html
    assert "If a child or adult is in immediate danger" in view.html


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {"action": " ", "acted_on": ["", "", ""], "acted_time": ""},
            [
                "Enter what you did",
                "Enter the date you did it",
                "Enter the time you did it",
                "Select yes if the concern is now closed",
            ],
        ),
        (
            {"action": "Rang the lead", "acted_on": ["31", "2", "2026"], "acted_time": "10:00", "closed": "yes"},
            ["The date you did it must be a real date"],
        ),
        (
            {"action": "Rang the lead", "acted_on": ["1", "", "2026"], "acted_time": "10:00", "closed": "yes"},
            ["The date you did it must include a month"],
        ),
        (
            {"action": "Rang the lead", "acted_on": ["1", "1", "2026"], "acted_time": "25:00", "closed": "no"},
            ["Enter the time you did it like 14:30 or 2:30pm"],
        ),
        (
            {"action": "Rang the lead", "acted_on": ["1", "1", "2999"], "acted_time": "9am", "closed": "no"},
            ["The time you did it must be now or in the past"],
        ),
    ],
)
def test_record_action_errors(rep_client, session, data, errors):
    feedback = create_feedback(session, safeguarding_open=True)
    response = rep_client.post(f"/staff/feedback/{feedback.id}/safeguarding", data=data)
    view = page(response)
    assert response.status_code == 200 and view.title.startswith("Error: ")
    assert view.errors == errors
    assert session.scalars(select(SafeguardingAction)).all() == []
    assert fresh(session, feedback.id).safeguarding_open is True


def test_recording_a_closed_concern_takes_it_off_the_top(rep_client, session, rep):
    feedback = create_feedback(session, safeguarding_open=True, risk_level="high")
    data = {
        "action": "Rang the lead, who referred to the front door.",
        "acted_on": ["2", "3", "2026"],
        "acted_time": "2:30pm",
        "closed": "yes",
    }
    response = rep_client.post(f"/staff/feedback/{feedback.id}/safeguarding", data=data)
    assert response.status_code == 302 and response.location == f"/staff/feedback/{feedback.id}"
    row = session.scalars(select(SafeguardingAction)).one()
    # 2 March 2026 is GMT, so 2:30pm in the UK is 14:30 UTC.
    assert (row.action, row.acted_at, row.closed, row.rep_id) == (
        data["action"],
        dt.datetime(2026, 3, 2, 14, 30, tzinfo=dt.UTC),
        True,
        rep.id,
    )
    assert fresh(session, feedback.id).safeguarding_open is False
    item = rep_client.get(response.location).get_data(as_text=True)
    assert "What you did is recorded. The concern is now closed." in item
    assert data["action"] in item and "concern closed" in item
    assert "No open safeguarding concerns" in rep_client.get("/staff/inbox").get_data(as_text=True)


def test_a_time_in_summer_is_uk_time(rep_client, session):
    feedback = create_feedback(session, safeguarding_open=True)
    data = {"action": "Told the lead", "acted_on": ["1", "7", "2025"], "acted_time": "09:15", "closed": "no"}
    rep_client.post(f"/staff/feedback/{feedback.id}/safeguarding", data=data)
    row = session.scalars(select(SafeguardingAction)).one()
    assert row.acted_at == dt.datetime(2025, 7, 1, 8, 15, tzinfo=dt.UTC) and row.acted_at < utcnow()
    assert fresh(session, feedback.id).safeguarding_open is True


# --- hiding and restoring ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Select why you are hiding this feedback"]),
        ({"reason": "other", "other": " "}, ["Enter the reason for hiding this feedback"]),
    ],
)
def test_hiding_needs_a_reason(rep_client, session, data, errors):
    feedback = create_feedback(session)
    view = page(rep_client.post(f"/staff/feedback/{feedback.id}/hide", data=data))
    assert view.errors == errors and view.title.startswith("Error: Hide feedback")
    assert fresh(session, feedback.id).status == "new"


def test_hide_and_restore(rep_client, session):
    feedback = create_feedback(session)
    view = page(rep_client.get(f"/staff/feedback/{feedback.id}/hide"))
    assert view.h1 == ["Why are you hiding this feedback?"]
    response = rep_client.post(f"/staff/feedback/{feedback.id}/hide", data={"reason": "abusive"})
    assert response.status_code == 302 and response.location == "/staff/inbox"
    hidden = fresh(session, feedback.id)
    assert (hidden.status, hidden.hidden_reason) == ("hidden", "Abusive or offensive")
    item = rep_client.get(f"/staff/feedback/{feedback.id}").get_data(as_text=True)
    assert "This feedback is hidden: Abusive or offensive" in item and 'name="story"' not in item

    response = rep_client.post(f"/staff/feedback/{feedback.id}/restore")
    assert response.status_code == 302 and fresh(session, feedback.id).status == "new"


# --- who may see these pages ----------------------------------------------------------------------------

PAGES = [
    ("get", "/staff/inbox"),
    ("get", "/staff/inbox/hidden"),
    ("get", "/staff/feedback/{id}"),
    ("post", "/staff/feedback/{id}"),
    ("post", "/staff/feedback/{id}/raise-concern"),
    ("get", "/staff/feedback/{id}/safeguarding"),
    ("post", "/staff/feedback/{id}/safeguarding"),
    ("get", "/staff/feedback/{id}/hide"),
    ("post", "/staff/feedback/{id}/hide"),
    ("post", "/staff/feedback/{id}/restore"),
]


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_nobody_signed_in_is_sent_to_sign_in(client, session, method, path):
    feedback = create_feedback(session, status="hidden", safeguarding_open=True)
    response = getattr(client, method)(path.format(id=feedback.id))
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert fresh(session, feedback.id).status == "hidden"


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_board_members_are_refused(client, session, method, path):
    sign_in_as(client, session, create_user(session, email="board@example.org", role="board", password=None))
    feedback = create_feedback(session, status="hidden", safeguarding_open=True)
    response = getattr(client, method)(path.format(id=feedback.id), data={"reason": "spam"})
    assert response.status_code == 403
    assert fresh(session, feedback.id).status == "hidden"


def test_administrators_may_moderate(client, session):
    sign_in_as(client, session, create_user(session, email="admin@example.org", role="admin", password=None))
    feedback = create_feedback(session)
    assert client.get("/staff/inbox").status_code == 200
    assert client.get(f"/staff/feedback/{feedback.id}").status_code == 200


# --- filters, "save and next", plain feedback in bulk, "not a concern", the staff home -------------


def test_save_and_next_opens_the_next_item_of_the_same_filtered_list(rep_client, session):
    camhs = create_many(session, 3, services=("camhs",))
    create_feedback(session, received_at=START + dt.timedelta(minutes=30), services=("transport",))
    listed = page(rep_client.get("/staff/inbox?service=camhs"))
    assert f'href="/staff/feedback/{camhs[0].id}?service=camhs"' in listed.html
    response = rep_client.post(f"/staff/feedback/{camhs[0].id}?service=camhs", data={"story": "fine"})
    assert response.location == f"/staff/feedback/{camhs[1].id}?service=camhs"  # not the transport item, not page 1
    assert fresh(session, camhs[0].id).status == "reviewed"
    last = rep_client.post(f"/staff/feedback/{camhs[2].id}?service=camhs", data={"story": "fine"})
    assert last.location == "/staff/inbox?service=camhs"


def test_inbox_shows_how_many_each_filter_choice_would_list(rep_client, session):
    create_many(session, 2, services=("camhs",))
    create_feedback(session, services=("transport",))
    html = page(rep_client.get("/staff/inbox")).html
    assert ">CAMHS and mental health (2)</option>" in html and ">Home-to-school transport (1)</option>" in html


def test_ten_inbox_items_take_little_room(rep_client, session):
    create_many(session, 12)
    listed = page(rep_client.get("/staff/inbox")).html
    assert listed.count('data-testid="inbox-item"') == 12
    assert "govuk-summary-card" not in listed  # compact lines, not a card a piece


def test_plain_feedback_is_marked_reviewed_after_a_preview(rep_client, session):
    plain = create_many(session, 2, story="Our new SENCO has been brilliant.")
    named = create_feedback(session, story=STORY, received_at=START + dt.timedelta(days=1))
    preview = page(rep_client.get("/staff/inbox/plain"))
    assert preview.h1 == ["Mark plain feedback as reviewed"]
    assert "Our new SENCO has been brilliant." in preview.html and "07700" not in preview.html
    nothing = page(rep_client.post("/staff/inbox/plain", data={}))
    assert nothing.errors == ["Select the feedback to mark as reviewed"]
    response = rep_client.post("/staff/inbox/plain", data={"feedback": [str(f.id) for f in plain] + [str(named.id)]})
    assert response.location == "/staff/inbox"
    assert [fresh(session, f.id).status for f in (*plain, named)] == ["reviewed", "reviewed", "new"]


def test_not_a_concern_needs_a_reason_then_closes_the_concern_and_can_be_reopened(rep_client, session):
    feedback = create_feedback(
        session, story="The CAMHS crisis team were brilliant.", safeguarding_open=True, risk_level="possible"
    )
    item = page(rep_client.get(f"/staff/feedback/{feedback.id}"))
    assert f'href="/staff/feedback/{feedback.id}/not-a-concern"' in item.html
    refused = page(rep_client.post(f"/staff/feedback/{feedback.id}/not-a-concern", data={}))
    assert refused.errors == ["Select why this is not a safeguarding concern"]
    other = page(rep_client.post(f"/staff/feedback/{feedback.id}/not-a-concern", data={"reason": "other"}))
    assert other.errors == ["Enter why this is not a safeguarding concern"]
    assert fresh(session, feedback.id).safeguarding_open
    rep_client.post(f"/staff/feedback/{feedback.id}/not-a-concern", data={"reason": "service-name"})
    assert not fresh(session, feedback.id).safeguarding_open
    closed = page(rep_client.get(f"/staff/feedback/{feedback.id}"))
    assert "closed as not a concern" in closed.html and "Reopen the concern" in closed.html
    rep_client.post(f"/staff/feedback/{feedback.id}/reopen", data={})
    assert fresh(session, feedback.id).safeguarding_open


def test_staff_home_shows_open_concerns_as_well_as_new_feedback(rep_client, session):
    create_feedback(session, safeguarding_open=True, risk_level="high")
    create_many(session, 2)
    html = page(rep_client.get("/staff/")).html
    assert "There is 1 open safeguarding concern." in html and "There are 3 new pieces of feedback." in html
