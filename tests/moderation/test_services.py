"""Moderation services: redaction saved, safeguarding, hiding and restoring, and the inbox's order and pages."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.moderation import concerns, services
from forum_feedback.submissions.filters import FeedbackFilters
from forum_feedback.submissions.models import Feedback, SafeguardingAction
from tests.factories import create_user
from tests.moderation.factories import START, create_feedback, create_many

NOW = START + dt.timedelta(days=30)
TODAY = NOW.date()
STORY = "My son Jack is 7. The school rang me on 07700 900123 every lunchtime to collect him."
HELP = "Someone at Oakfield Primary who listens"


@pytest.fixture
def rep(session):
    return create_user(session, email="rep@example.org", role="rep", password=None)


def fresh(session, feedback_id: int) -> Feedback:
    """The feedback as it is in the database now (not as this session last saw it)."""
    return session.get(Feedback, feedback_id, populate_existing=True)


def audit_entries(session) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def test_item_highlights_suggested_redactions(db, session):
    feedback = create_feedback(session, story=STORY, help=HELP)
    item = services.get_item(db, feedback_id=feedback.id)
    marked = [(segment.text, segment.kind) for segment in item.story if segment.kind]
    assert marked == [("Jack", "name"), ("07700 900123", "phone number")]
    assert "".join(segment.text for segment in item.story) == STORY
    assert item.suggested_story == (
        "My son [name] is 7. The school rang me on [phone number] every lunchtime to collect him."
    )
    assert item.suggested_help == "Someone at [school] who listens"
    assert item.redacted_story == item.suggested_story  # nothing saved yet: the box starts with the suggestion
    assert item.suggestions == 3


def test_unknown_feedback_is_not_found(db):
    with pytest.raises(services.FeedbackNotFound):
        services.get_item(db, feedback_id=999)
    with pytest.raises(services.FeedbackNotFound):
        concerns.raise_concern(db, feedback_id=999, rep_id=1, now=NOW)


def test_saving_the_suggestion_marks_it_reviewed_with_an_audit_entry_without_text(db, session, rep):
    feedback = create_feedback(session, story=STORY, help=HELP)
    suggested = services.get_item(db, feedback_id=feedback.id)
    db.rollback()
    services.save_redaction(
        db,
        feedback_id=feedback.id,
        redacted_story=suggested.suggested_story,
        redacted_help=suggested.suggested_help,
        rep_id=rep.id,
        now=NOW,
    )

    saved = fresh(session, feedback.id)
    assert saved.redacted_story == suggested.suggested_story
    assert saved.redacted_help == "Someone at [school] who listens"
    assert (saved.status, saved.reviewed_at, saved.reviewed_by) == ("reviewed", NOW, rep.id)
    assert saved.story == STORY  # the family's own words are kept for reps
    [entry] = audit_entries(session)
    assert (entry.action, entry.target_type, entry.target_id, entry.actor_id) == (
        "feedback redacted",
        "feedback",
        str(feedback.id),
        rep.id,
    )
    assert entry.detail == "suggested redactions accepted"
    for words in ("Jack", "07700", "lunchtime", "school", "[name]"):
        assert words not in entry.detail


def test_an_edited_redaction_is_saved_exactly_and_shown_next_time(db, session, rep):
    feedback = create_feedback(session, story=STORY)
    edited = "My son [name] is [age]. The school rang me on [phone number]\nevery lunchtime.  "
    services.save_redaction(
        db, feedback_id=feedback.id, redacted_story=edited, redacted_help="ignored", rep_id=rep.id, now=NOW
    )
    saved = fresh(session, feedback.id)
    assert saved.redacted_story == edited
    assert saved.redacted_help == ""  # the family did not answer "what would have helped"
    assert audit_entries(session)[0].detail == "redactions edited by the rep"
    assert services.get_item(db, feedback_id=feedback.id).redacted_story == edited


@pytest.mark.parametrize("status", ["hidden", "withdrawn"])
def test_hidden_or_withdrawn_feedback_cannot_be_redacted(db, session, rep, status):
    feedback = create_feedback(session, story=STORY, status=status)
    with pytest.raises(services.WrongStatus):
        services.save_redaction(
            db, feedback_id=feedback.id, redacted_story="x", redacted_help="", rep_id=rep.id, now=NOW
        )
    assert fresh(session, feedback.id).redacted_story is None
    assert audit_entries(session) == []


def test_raising_a_concern_opens_it_once(db, session, rep):
    feedback = create_feedback(session, status="reviewed")
    concerns.raise_concern(db, feedback_id=feedback.id, rep_id=rep.id, now=NOW)
    concerns.raise_concern(db, feedback_id=feedback.id, rep_id=rep.id, now=NOW)
    assert fresh(session, feedback.id).safeguarding_open is True
    assert [(e.action, e.target_id, e.detail) for e in audit_entries(session)] == [
        ("safeguarding concern raised", str(feedback.id), "")
    ]


def test_recording_an_action_keeps_the_concern_open_until_closed(db, session, rep):
    feedback = create_feedback(session, safeguarding_open=True, risk_level="high")
    first = "Rang the safeguarding lead, no answer; left a message."
    concerns.record_safeguarding_action(
        db,
        feedback_id=feedback.id,
        action=first,
        acted_at=NOW - dt.timedelta(hours=2),
        closed=False,
        rep_id=rep.id,
        now=NOW,
    )
    assert fresh(session, feedback.id).safeguarding_open is True

    second = "Lead referred to the children's services front door, reference 12345."
    concerns.record_safeguarding_action(
        db, feedback_id=feedback.id, action=second, acted_at=NOW, closed=True, rep_id=rep.id, now=NOW
    )
    assert fresh(session, feedback.id).safeguarding_open is False
    rows = session.scalars(select(SafeguardingAction).order_by(SafeguardingAction.id)).all()
    assert [(r.action, r.acted_at, r.closed, r.rep_id, r.recorded_at) for r in rows] == [
        (first, NOW - dt.timedelta(hours=2), False, rep.id, NOW),
        (second, NOW, True, rep.id, NOW),
    ]
    entries = audit_entries(session)
    assert [(e.action, e.detail) for e in entries] == [
        ("safeguarding action recorded", "concern still open"),
        ("safeguarding action recorded", "concern closed"),
    ]
    history = services.get_item(db, feedback_id=feedback.id).actions
    assert [(a.action, a.rep, a.closed) for a in history] == [
        (first, "rep@example.org", False),
        (second, "rep@example.org", True),
    ]


def test_an_action_in_the_future_or_empty_is_refused(db, session, rep):
    feedback = create_feedback(session, safeguarding_open=True)
    with pytest.raises(ValueError):
        concerns.record_safeguarding_action(
            db,
            feedback_id=feedback.id,
            action="Rang the lead",
            acted_at=NOW + dt.timedelta(minutes=5),
            closed=True,
            rep_id=rep.id,
            now=NOW,
        )
    with pytest.raises(ValueError):
        concerns.record_safeguarding_action(
            db, feedback_id=feedback.id, action="  ", acted_at=NOW, closed=True, rep_id=rep.id, now=NOW
        )
    assert session.scalars(select(SafeguardingAction)).all() == []
    assert fresh(session, feedback.id).safeguarding_open is True


def test_hide_and_restore(db, session, rep):
    feedback = create_feedback(session)
    services.hide_feedback(db, feedback_id=feedback.id, reason="spam", rep_id=rep.id, now=NOW)
    hidden = fresh(session, feedback.id)
    assert (hidden.status, hidden.hidden_reason) == ("hidden", "Spam")
    with pytest.raises(services.WrongStatus):
        services.hide_feedback(db, feedback_id=feedback.id, reason="spam", rep_id=rep.id, now=NOW)

    services.restore_feedback(db, feedback_id=feedback.id, rep_id=rep.id, now=NOW)
    restored = fresh(session, feedback.id)
    assert (restored.status, restored.hidden_reason) == ("new", "")
    with pytest.raises(services.WrongStatus):
        services.restore_feedback(db, feedback_id=feedback.id, rep_id=rep.id, now=NOW)
    assert [(e.action, e.detail) for e in audit_entries(session)] == [
        ("feedback hidden", "reason: spam"),
        ("feedback restored", ""),
    ]


def test_hiding_for_another_reason_keeps_the_words_out_of_the_audit(db, session, rep):
    feedback = create_feedback(session)
    services.hide_feedback(
        db, feedback_id=feedback.id, reason="other", other="Advert for a tutoring firm", rep_id=rep.id, now=NOW
    )
    assert fresh(session, feedback.id).hidden_reason == "Advert for a tutoring firm"
    assert [(e.action, e.detail) for e in audit_entries(session)] == [("feedback hidden", "reason: other")]


def test_hiding_needs_a_known_reason_and_words_for_another_reason(db, session, rep):
    feedback = create_feedback(session)
    for reason, other in (("rude", ""), ("other", "  ")):
        with pytest.raises(ValueError):
            services.hide_feedback(db, feedback_id=feedback.id, reason=reason, other=other, rep_id=rep.id, now=NOW)
    withdrawn = create_feedback(session, status="withdrawn")
    with pytest.raises(services.WrongStatus):
        services.hide_feedback(db, feedback_id=withdrawn.id, reason="spam", rep_id=rep.id, now=NOW)
    assert fresh(session, feedback.id).status == "new"
    assert audit_entries(session) == []


def inbox(db, *, page: int = 1, filters: FeedbackFilters | None = None, **kwargs):
    return services.inbox_page(db, page=page, filters=filters or FeedbackFilters(), today=TODAY, **kwargs)


def test_inbox_lists_open_concerns_first_then_new_feedback_in_arrival_order(db, session):
    late_new = create_feedback(session, received_at=START + dt.timedelta(hours=5))
    early_new = create_feedback(session, received_at=START + dt.timedelta(hours=1))
    late_concern = create_feedback(session, received_at=START + dt.timedelta(hours=4), safeguarding_open=True)
    reviewed_concern = create_feedback(
        session, received_at=START + dt.timedelta(hours=3), status="reviewed", safeguarding_open=True
    )
    create_feedback(session, received_at=START, status="reviewed")
    create_feedback(session, received_at=START, status="hidden")
    create_feedback(session, received_at=START, status="withdrawn")

    listing = inbox(db, page=1)
    assert [row.id for row in listing.concerns] == [reviewed_concern.id, late_concern.id]
    assert [row.id for row in listing.new] == [early_new.id, late_new.id]
    assert (listing.listing.total, listing.open_concerns, listing.new_feedback, listing.listing.pages) == (4, 2, 3, 1)


def test_inbox_pages_run_through_the_concerns_then_the_new_feedback(db, session):
    concerns = create_many(session, 3, safeguarding_open=True, risk_level="high")
    new = create_many(session, 5, start=START + dt.timedelta(days=1))

    pages = [inbox(db, page=n, per_page=3) for n in (1, 2, 3)]
    assert [([r.id for r in p.concerns], [r.id for r in p.new]) for p in pages] == [
        ([f.id for f in concerns], []),
        ([], [f.id for f in new[:3]]),
        ([], [f.id for f in new[3:]]),
    ]
    listings = [p.listing for p in pages]
    assert [(p.page, p.pages, p.first, p.last) for p in listings] == [(1, 3, 1, 3), (2, 3, 4, 6), (3, 3, 7, 8)]

    straddling = inbox(db, page=1, per_page=4)
    assert [r.id for r in straddling.concerns] == [f.id for f in concerns]
    assert [r.id for r in straddling.new] == [new[0].id]
    assert [r.id for r in inbox(db, page=2, per_page=4).new] == [f.id for f in new[1:5]]


def test_inbox_page_numbers_out_of_range_show_the_nearest_page(db, session):
    create_many(session, 4)
    assert inbox(db, page=99, per_page=3).listing.page == 2
    assert inbox(db, page=-1, per_page=3).listing.page == 1
    empty = services.hidden_page(db, page=5)
    assert (empty.page, empty.pages, empty.total, empty.first, empty.last) == (1, 1, 0, 0, 0)


def test_inbox_rows_summarise_the_answers_with_a_redacted_excerpt(db, session):
    long_story = STORY + " " + "They said the paperwork was lost again and again. " * 10
    create_feedback(session, story=long_story, services=("transport", "camhs"), contact_detail="jo@example.com")
    [row] = inbox(db, page=1).new
    assert row.services == ("camhs", "transport")
    assert (row.age_band, row.local_area, row.consent, row.contact_consent) == ("5-10", "north", "quote_partners", True)
    assert row.excerpt.startswith("My son [name] is 7. The school rang me on [phone number]")
    assert row.excerpt.endswith("…") and len(row.excerpt) <= services.EXCERPT_CHARS + 1
    assert "Jack" not in row.excerpt and "07700" not in row.excerpt


def test_inbox_reads_a_page_in_a_fixed_number_of_queries(db, session, app):
    create_many(session, 30, services=("transport", "camhs"))
    create_many(session, 3, safeguarding_open=True)
    statements: list[str] = []
    engine = db.get_bind()

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", count)
    try:
        listing = inbox(db, page=1)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(listing.concerns) + len(listing.new) == services.PER_PAGE
    # Three counts, then each list and its services: never one query a row.
    selects = [statement for statement in statements if statement.startswith("SELECT")]
    assert len(selects) <= 7, selects


def test_hidden_page_lists_only_hidden_feedback(db, session):
    create_feedback(session)
    hidden = create_feedback(session, status="hidden")
    listing = services.hidden_page(db, page=1)
    assert [row.id for row in listing.items] == [hidden.id] and listing.total == 1


def test_escalation_steps_fill_in_the_forums_contacts():
    steps = ["Call {lead_name} on {lead_phone}.", "Tell {somebody}.", "Call 999."]
    assert concerns.escalation_steps(steps, {"lead_name": "Sam", "lead_phone": "01632 960 000"}) == [
        "Call Sam on 01632 960 000.",
        "Tell {somebody}.",
        "Call 999.",
    ]


def test_excerpt_cuts_at_a_word():
    assert services.excerpt("short and sweet") == "short and sweet"
    text = "word " * 100
    cut = services.excerpt(text, length=22)
    assert cut == "word word word word…"


# --- filters, "save and next", plain feedback in bulk, "not a concern" --------------------------


def test_inbox_filters_narrow_both_lists_and_count_each_choice(db, session):
    camhs = create_feedback(session, services=("camhs",), story="Two years on the CAMHS waiting list")
    create_feedback(session, services=("transport",), story="The taxi never came", local_area="south")
    concern = create_feedback(session, services=("camhs",), safeguarding_open=True, risk_level="high")
    listing = inbox(db, filters=FeedbackFilters(service="camhs"))
    assert [r.id for r in listing.concerns] == [concern.id] and [r.id for r in listing.new] == [camhs.id]
    assert [r.id for r in inbox(db, filters=FeedbackFilters(q="waiting list")).new] == [camhs.id]
    assert [r.id for r in inbox(db, filters=FeedbackFilters(risk="concern")).concerns] == [concern.id]
    assert inbox(db, filters=FeedbackFilters(risk="concern")).new == []
    facets = services.inbox_facets(db, filters=FeedbackFilters(local_area="north"), today=TODAY)
    assert facets["service"] == {"camhs": 2}  # the transport item is in the south
    assert facets["local_area"] == {"north": 2, "south": 1}  # a facet ignores its own filter
    assert facets["risk"]["concern"] == 1


def test_search_takes_wildcards_literally(db, session):
    create_feedback(session, story="100% sure the plan is late")
    create_feedback(session, story="1000 times I have asked")
    assert len(inbox(db, filters=FeedbackFilters(q="100%")).new) == 1
    assert len(inbox(db, filters=FeedbackFilters(q="_")).new) == 0


def test_inbox_date_range_includes_both_days(db, session):
    first, second, third = create_many(session, 3, start=START)
    later = create_feedback(session, received_at=START + dt.timedelta(days=2))
    only = inbox(db, filters=FeedbackFilters(date_from=START.date(), date_to=START.date()))
    assert [r.id for r in only.new] == [first.id, second.id, third.id]
    assert [r.id for r in inbox(db, filters=FeedbackFilters(date_from=later.received_at.date())).new] == [later.id]


def test_next_in_inbox_follows_the_filtered_list_order(db, session):
    concerns_ = create_many(session, 2, safeguarding_open=True, services=("camhs",))
    camhs = create_many(session, 3, start=START + dt.timedelta(days=1), services=("camhs",))
    create_many(session, 2, start=START + dt.timedelta(days=1, minutes=30), services=("transport",))
    only_camhs = FeedbackFilters(service="camhs")

    def following(item):
        return services.next_in_inbox(db, feedback_id=item.id, filters=only_camhs, today=TODAY)

    assert following(concerns_[0]) == concerns_[1].id
    assert following(concerns_[1]) == camhs[0].id  # after the last concern, the first new item
    assert following(camhs[0]) == camhs[1].id  # the transport items in between are not in this list
    assert following(camhs[2]) is None


def test_plain_feedback_is_previewed_and_marked_reviewed_in_bulk(db, session, rep):
    plain = create_many(session, 3, story="The new SENCO has been brilliant and actually listens.")
    named = create_feedback(session, story=STORY, received_at=START + dt.timedelta(hours=5))
    flagged = create_feedback(session, received_at=START + dt.timedelta(hours=6), risk_level="possible")
    found = services.plain_feedback(db, filters=FeedbackFilters(), today=TODAY)
    assert [item.id for item in found] == [f.id for f in plain]
    marked = services.mark_plain_reviewed(
        db, feedback_ids=[plain[0].id, plain[1].id, named.id, flagged.id], rep_id=rep.id, now=NOW
    )
    assert marked == 2  # the named and flagged items are checked again and left alone
    first = fresh(session, plain[0].id)
    assert (first.status, first.redacted_story, first.reviewed_by) == ("reviewed", first.story, rep.id)
    assert [fresh(session, f.id).status for f in (plain[2], named, flagged)] == ["new", "new", "new"]
    assert [e.action for e in audit_entries(session)] == ["feedback marked reviewed in bulk"] * 2


def test_not_a_concern_needs_a_reason_is_audited_and_can_be_reopened(db, session, rep):
    feedback = create_feedback(session, safeguarding_open=True, risk_level="possible")
    with pytest.raises(ValueError):
        concerns.mark_not_a_concern(db, feedback_id=feedback.id, reason="bored", note="", rep_id=rep.id, now=NOW)
    with pytest.raises(ValueError):
        concerns.mark_not_a_concern(db, feedback_id=feedback.id, reason="other", note=" ", rep_id=rep.id, now=NOW)
    assert fresh(session, feedback.id).safeguarding_open
    concerns.mark_not_a_concern(
        db, feedback_id=feedback.id, reason="service-name", note="The crisis team is a service", rep_id=rep.id, now=NOW
    )
    assert not fresh(session, feedback.id).safeguarding_open
    concerns.reopen_concern(db, feedback_id=feedback.id, rep_id=rep.id, now=NOW)
    assert fresh(session, feedback.id).safeguarding_open
    steps = session.scalars(select(SafeguardingAction).order_by(SafeguardingAction.id)).all()
    assert [(a.kind, a.reason, a.closed) for a in steps] == [
        ("not_a_concern", "service-name", True),
        ("reopened", None, False),
    ]
    assert [(e.action, e.detail) for e in audit_entries(session)] == [
        ("safeguarding marked not a concern", "reason: service-name"),
        ("safeguarding concern reopened", ""),
    ]


def test_the_item_marks_the_words_that_raised_a_concern_with_their_kind(db, session):
    story = "My son Jack told me he wants to die. The taxi is late every day."
    feedback = create_feedback(session, story=story, safeguarding_open=True, risk_level="high")
    item = services.get_item(db, feedback_id=feedback.id)
    flagged = [(segment.text, segment.risk) for segment in item.story if segment.risk]
    assert flagged and all(reason for _, reason in flagged)
    assert any("die" in text for text, _ in flagged)
    assert "".join(segment.text for segment in item.story) == story  # nothing lost in the cutting
    assert [segment.text for segment in item.story if segment.kind] == ["Jack"]
