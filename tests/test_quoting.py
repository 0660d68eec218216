"""One rule for what may be quoted, where: the three paths that showed families' words where they must not appear."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum_feedback.db import utcnow
from forum_feedback.enums import Consent, FeedbackStatus
from forum_feedback.moderation import services as moderation
from forum_feedback.quoting import Audience, quotable
from forum_feedback.submissions import services as submissions
from forum_feedback.submissions.models import Draft, Feedback
from forum_feedback.submissions.receipts import hash_receipt_code, new_receipt_code
from forum_feedback.themes import corrections
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import FeedbackTheme, Theme
from tests.factories import create_user, sign_in_as
from tests.moderation.factories import create_feedback

STORY = "Our caseworker Zebedee Quillfeather never rang back about the transport form, three terms now."
REDACTED = "Our caseworker [name] never rang back about the transport form, three terms now."
HELP = "Somebody who answers the phone about Quillfeather's transport form."
REDACTED_HELP = "Somebody who answers the phone about the transport form."


@pytest.fixture
def rep(client, session):
    user = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, user)
    return user


def _theme(session, key="t1", label="Transport forms") -> Theme:
    theme = Theme(key=key, auto_label=label)
    session.add(theme)
    session.commit()
    return theme


def _place(session, feedback, theme, confidence=0.9):
    session.add(FeedbackTheme(feedback_id=feedback.id, theme_id=theme.id, confidence=confidence))
    session.commit()


def _reviewed(session, *, consent=Consent.QUOTE_PUBLIC, contact="parent@example.org"):
    feedback = create_feedback(
        session, story=STORY, help=HELP, consent=consent, contact_name="Sam", contact_detail=contact
    )
    feedback.status, feedback.redacted_story, feedback.redacted_help = FeedbackStatus.REVIEWED, REDACTED, REDACTED_HELP
    code = new_receipt_code()
    feedback.receipt_hash = hash_receipt_code(code)
    session.commit()
    return feedback, code


# --- a withdrawn item's words still showed as a quote on its theme page ---------------------------------


def test_withdrawal_erases_every_copy_of_the_words_and_contact_details(client, rep, session):
    theme = _theme(session)
    feedback, code = _reviewed(session)
    _place(session, feedback, theme)
    assert "[name] never rang back" in client.get(f"/staff/themes/{theme.id}").get_data(as_text=True)
    assert "1 piece of feedback found" in client.get("/staff/themes?q=rang+back").get_data(as_text=True)

    assert submissions.withdraw_feedback(session, code=code, now=utcnow())

    session.expire_all()
    stored = session.get(Feedback, feedback.id)
    assert stored.status == FeedbackStatus.WITHDRAWN
    copies = (stored.story, stored.redacted_story, stored.what_would_help, stored.redacted_help)
    assert all(not value for value in copies), copies
    assert (stored.contact_name, stored.contact_detail, stored.contact_consent) == ("", "", False)
    html = client.get(f"/staff/themes/{theme.id}").get_data(as_text=True)
    assert "never rang back" not in html and "Quillfeather" not in html
    search = client.get("/staff/themes?q=rang+back").get_data(as_text=True)
    assert "0 pieces of feedback found" in search


def test_no_column_of_any_table_keeps_the_withdrawn_words(session):
    _feedback, code = _reviewed(session)
    submissions.withdraw_feedback(session, code=code, now=utcnow())
    for column in (Feedback.story, Feedback.redacted_story, Feedback.what_would_help, Feedback.redacted_help):
        assert session.scalar(select(func.count()).where(column.like("%rang back%"))) == 0
    assert session.scalar(select(func.count()).select_from(Draft).where(Draft.answers.like("%rang back%"))) == 0


def test_a_withdrawn_item_is_never_quotable_to_anyone(session):
    feedback, code = _reviewed(session)
    submissions.withdraw_feedback(session, code=code, now=utcnow())
    for audience in Audience:
        assert quotable(session, [feedback.id], audience=audience) == {}


# --- splitting a theme quoted feedback whose family chose "count only" ----------------------------------

SPLIT_TEXTS = [
    "The school transport taxi was late again and the driver did not know my son needs a harness.",
    "Home to school transport turned up an hour late, the escort left and nobody told us why.",
    "Transport minibus driver changed again, no escort this week, my daughter was distressed.",
    "School transport never came on the first day of term and the council phone line was closed.",
    "Waiting two years on the CAMHS list and we have been told to wait even more months now.",
    "CAMHS discharged my son after one appointment, his anxiety is worse and school can't cope.",
    "The CAMHS waiting list is over eighteen months and the crisis team said it was not urgent.",
    "Still no CAMHS appointment after a referral from the GP last spring, anxiety every morning.",
]


def test_a_split_never_quotes_count_only_feedback(client, rep, session):
    theme = _theme(session, label="Everything")
    items = [create_feedback(session, story=text, consent=Consent.COUNT) for text in SPLIT_TEXTS]
    for item in items:
        item.status, item.redacted_story = FeedbackStatus.REVIEWED, item.story
        _place(session, item, theme)
    session.commit()

    corrections.accept_split(session, theme_id=theme.id, names=[], parts=2, actor_id=rep.id, now=utcnow())

    parts = session.scalars(select(Theme).where(Theme.status == "active")).all()
    assert len(parts) == 2
    for part in parts:
        for audience in Audience:
            assert theme_services.quotes_for(session, part, audience=audience) == []
        html = client.get(f"/staff/themes/{part.id}").get_data(as_text=True)
        assert 'data-testid="quote"' not in html


# --- theme quotes fell back to the raw, unchecked story ---------------------------------------------------


def test_unchecked_words_are_never_quoted_beyond_the_reps(session, rep):
    feedback = create_feedback(session, story=STORY, consent=Consent.QUOTE_PUBLIC)  # new: no rep has read it
    assert quotable(session, [feedback.id], audience=Audience.PARTNERS) == {}
    assert quotable(session, [feedback.id], audience=Audience.PUBLIC) == {}
    workspace = quotable(session, [feedback.id], audience=Audience.WORKSPACE)[feedback.id]
    assert workspace.text == STORY and not workspace.checked  # reps see it, marked as not yet checked

    moderation.save_redaction(
        session, feedback_id=feedback.id, redacted_story=REDACTED, redacted_help="", rep_id=rep.id, now=utcnow()
    )
    for audience in (Audience.PARTNERS, Audience.PUBLIC):
        assert quotable(session, [feedback.id], audience=audience)[feedback.id].text == REDACTED


def test_consent_decides_the_audience(session):
    partners_only = create_feedback(session, story=STORY, consent=Consent.QUOTE_PARTNERS)
    public = create_feedback(session, story=STORY, consent=Consent.QUOTE_PUBLIC)
    count_only = create_feedback(session, story=STORY, consent=Consent.COUNT)
    open_concern = create_feedback(session, story=STORY, consent=Consent.QUOTE_PUBLIC, safeguarding_open=True)
    for item in (partners_only, public, count_only, open_concern):
        item.status, item.redacted_story = FeedbackStatus.REVIEWED, REDACTED
    session.commit()
    ids = [partners_only.id, public.id, count_only.id, open_concern.id]
    assert set(quotable(session, ids, audience=Audience.PARTNERS)) == {partners_only.id, public.id}
    assert set(quotable(session, ids, audience=Audience.PUBLIC)) == {public.id}
