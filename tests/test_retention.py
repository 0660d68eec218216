"""The retention schedule: past its period a family's words as sent and contact details are gone, checked
in SQL on every table, while the redacted text, the themes and every count stay, and newer items are untouched."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from forum_feedback import jobs, retention
from forum_feedback.audit.models import AuditEntry
from forum_feedback.db import utcnow
from forum_feedback.enums import AuditAction, Consent, FeedbackStatus, MailStatus
from forum_feedback.figures import InboxCount, ThemeDayCount, ThemeServiceCount
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.models import metadata
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.themes.models import FeedbackTheme, Theme

NOW = utcnow()  # the command and the job read the clock themselves: the ages below hold either way
OLD = NOW - dt.timedelta(days=800)  # past the 24 months the words as sent are kept
MIDDLE = NOW - dt.timedelta(days=500)  # past 12 months for contact details, inside 24 for words
RECENT = NOW - dt.timedelta(days=30)
PERIODS = retention.Periods(original_months=24, contact_months=12)

# Words that only the versions as sent hold: after the schedule runs they must be in no table at all.
REVIEWED_STORY = "Mrs Quillwhistle at Oakfield Primary said my son cannot go on the trip."
REVIEWED_REDACTED = "[name] at [school] said my son cannot go on the trip."
REVIEWED_HELP, REVIEWED_HELP_REDACTED = "Ask Quillwhistle to ring me.", "Ask [name] to ring me."
UNCHECKED_STORY = "Mrs Brackenfold at Oakfield Primary sends him home at lunch. Ring me on 07700 900123."
GONE = ("Quillwhistle", "Brackenfold", "07700 900123", "Oakfield", "tansy@example.org", "Tansy Ambrose")


def _feedback(session, theme, *, received_at, story, reviewed=False, **values) -> Feedback:
    feedback = Feedback(
        received_at=received_at,
        created_at=received_at,
        channel="online",
        story=story,
        consent=Consent.QUOTE_PARTNERS,
        status=FeedbackStatus.REVIEWED if reviewed else FeedbackStatus.NEW,
        local_area="north",
        age_band="5-10",
        services=[FeedbackService(service="transport")],
        **values,
    )
    session.add(feedback)
    session.flush()
    session.add(FeedbackTheme(feedback_id=feedback.id, theme_id=theme.id, confidence=0.9))
    session.commit()
    return feedback


@pytest.fixture
def world(session):
    theme = Theme(key="k1", auto_label="Transport", terms_json='["taxi"]')
    session.add(theme)
    session.commit()
    contact = {"contact_consent": True, "contact_name": "Tansy Ambrose", "contact_detail": "tansy@example.org"}
    items = {
        "reviewed": _feedback(
            session,
            theme,
            received_at=OLD,
            story=REVIEWED_STORY,
            reviewed=True,
            redacted_story=REVIEWED_REDACTED,
            what_would_help=REVIEWED_HELP,
            redacted_help=REVIEWED_HELP_REDACTED,
            service_other="Oakfield Primary after-school club",
            **contact,
        ),
        "unchecked": _feedback(session, theme, received_at=OLD, story=UNCHECKED_STORY),
        "concern": _feedback(session, theme, received_at=OLD, story="Mrs Fellowe hit him.", safeguarding_open=True),
        "middle": _feedback(session, theme, received_at=MIDDLE, story="Mrs Marchbank was kind.", **contact),
        "recent": _feedback(
            session, theme, received_at=RECENT, story="Mrs Larkspur was kind.", contact_detail="larkspur@example.org"
        ),
    }
    session.add_all(
        [
            OutboxMessage(
                created_at=MIDDLE,
                to_address="tansy@example.org",
                subject="What came of it",
                body="Hello Tansy Ambrose,",
            ),
            OutboxMessage(
                created_at=RECENT, to_address="larkspur@example.org", subject="What came of it", body="Hello Lark,"
            ),
        ]
    )
    session.commit()
    return {name: feedback.id for name, feedback in items.items()}


def _row(session, feedback_id: int) -> dict:
    query = text(
        "SELECT story, what_would_help, service_other, redacted_story, redacted_help, contact_name, contact_detail,"
        " contact_consent, status, originals_deleted_at FROM feedback WHERE id = :id"
    )
    return dict(session.execute(query, {"id": feedback_id}).mappings().one())


def _counts(session) -> list:
    tables = (ThemeDayCount, ThemeServiceCount, InboxCount)
    rows = [sorted(tuple(row) for row in session.execute(select(table.__table__))) for table in tables]
    themes = sorted(session.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id)).all())
    return [*rows, themes, session.scalar(select(func.count(Feedback.id)))]


def _every_table_text(session) -> str:
    return "\n".join(str(tuple(row)) for table in metadata.sorted_tables for row in session.execute(select(table)))


def test_words_as_sent_and_contact_details_past_their_period_are_gone_from_every_table(session, world):
    counts = _counts(session)
    assert all(word in _every_table_text(session) for word in GONE)  # the check below can fail

    retention.apply_retention(session, now=NOW, periods=PERIODS)
    session.expire_all()

    everything = _every_table_text(session)
    assert [word for word in GONE if word in everything] == []
    reviewed = _row(session, world["reviewed"])
    # The rep's redacted text stays, and is now the only text there is.
    assert reviewed["story"] == reviewed["redacted_story"] == REVIEWED_REDACTED
    assert reviewed["what_would_help"] == reviewed["redacted_help"] == REVIEWED_HELP_REDACTED
    assert reviewed["originals_deleted_at"] is not None and reviewed["status"] == FeedbackStatus.REVIEWED
    # Never checked: the automatic redaction replaces the words, and it is still not marked as checked.
    unchecked = _row(session, world["unchecked"])
    assert unchecked["story"] == "Mrs [name] at [school] sends him home at lunch. Ring me on [phone number]."
    assert unchecked["redacted_story"] is None and unchecked["status"] == FeedbackStatus.NEW
    assert _counts(session) == counts  # themes, counts and figures all stay


def test_what_is_inside_its_period_is_untouched(session, world):
    before = {name: _row(session, feedback_id) for name, feedback_id in world.items()}
    retention.apply_retention(session, now=NOW, periods=PERIODS)
    session.expire_all()
    assert _row(session, world["recent"]) == before["recent"]
    assert _row(session, world["concern"]) == before["concern"]  # a person still needs the words
    middle = _row(session, world["middle"])
    assert middle["story"] == "Mrs Marchbank was kind." and middle["originals_deleted_at"] is None
    assert (middle["contact_name"], middle["contact_detail"], bool(middle["contact_consent"])) == ("", "", False)
    emails = dict(session.execute(text("SELECT to_address, body FROM outbox_message ORDER BY id")).all())
    assert emails == {"": "", "larkspur@example.org": "Hello Lark,"}


def test_running_it_again_changes_nothing(session, world):
    first = retention.apply_retention(session, now=NOW, periods=PERIODS)
    snapshot = _every_table_text(session)
    second = retention.apply_retention(session, now=NOW, periods=PERIODS)
    assert (first.words_replaced_by_rep_redaction, first.words_replaced_by_automatic_redaction) == (1, 1)
    assert (first.contact_details_deleted, first.emails_erased, first.kept_for_open_safeguarding) == (2, 1, 1)
    assert second.changed == 0 and second.kept_for_open_safeguarding == 1
    assert _every_table_text(session) == snapshot  # not even another audit entry


def test_the_run_is_audit_logged_as_the_system_in_counts_only(session, world):
    retention.apply_retention(session, now=NOW, periods=PERIODS)
    [entry] = session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.RETENTION_APPLIED)).all()
    assert entry.actor_id is None
    assert entry.detail == "rep-redacted 1, auto-redacted 1, contacts 2, emails 1"


def test_a_waiting_email_past_the_period_is_cancelled(session):
    session.add(OutboxMessage(created_at=MIDDLE, to_address="a@example.org", subject="s", body="Hello A,"))
    session.commit()
    retention.apply_retention(session, now=NOW, periods=PERIODS)
    [message] = session.scalars(select(OutboxMessage)).all()
    assert (message.status, message.to_address, message.body) == (MailStatus.CANCELLED, "", "")


def test_no_limit_keeps_everything(session, world):
    snapshot = _every_table_text(session)
    result = retention.apply_retention(session, now=NOW, periods=retention.Periods(None, None))
    assert result.changed == 0 and _every_table_text(session) == snapshot


def test_the_command_prints_counts_only(app, runner, session, world):
    result = runner.invoke(args=["retention", "apply"])
    assert result.exit_code == 0, result.output
    assert "Words as sent replaced by a rep's redacted text: 1" in result.output
    assert "Contact details deleted: 2" in result.output
    assert not any(word in result.output for word in (*GONE, "Marchbank", "Larkspur", "larkspur@example.org"))
    again = runner.invoke(args=["retention", "apply"])
    assert "Contact details deleted: 0" in again.output


def test_the_worker_runs_it_daily(app, session, world):
    scheduled = {task.__name__ for task in jobs.huey._registry._periodic_tasks}
    assert "apply_retention (scheduled)" in scheduled
    with app.app_context():
        done = jobs.enqueue("apply_retention").get()
    assert done["words_replaced_by_rep_redaction"] == 1 and done["contact_details_deleted"] == 2
    assert session.get(Feedback, world["reviewed"]).story == REVIEWED_REDACTED


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (dt.datetime(2026, 3, 31, tzinfo=dt.UTC), -1, dt.datetime(2026, 2, 28, tzinfo=dt.UTC)),
        (dt.datetime(2026, 1, 15, tzinfo=dt.UTC), -24, dt.datetime(2024, 1, 15, tzinfo=dt.UTC)),
        (dt.datetime(2024, 2, 29, tzinfo=dt.UTC), 12, dt.datetime(2025, 2, 28, tzinfo=dt.UTC)),
    ],
)
def test_months_are_calendar_months(moment, months, expected):
    assert retention.add_months(moment, months) == expected


@pytest.mark.parametrize("bad", [-1, "two", 1.5, True])
def test_a_period_that_is_not_whole_months_is_refused(bad):
    with pytest.raises(ValueError, match="RETENTION_ORIGINAL_MONTHS"):
        retention.Periods.from_config({"RETENTION_ORIGINAL_MONTHS": bad})


def test_the_defaults_are_documented_periods():
    from forum_feedback.config import DEFAULTS

    assert retention.Periods.from_config(DEFAULTS) == retention.Periods(original_months=24, contact_months=12)


def test_it_works_through_every_batch(monkeypatch, session, world):
    monkeypatch.setattr(retention, "BATCH", 1)
    result = retention.apply_retention(session, now=NOW, periods=PERIODS)
    assert (result.words_replaced_by_rep_redaction, result.words_replaced_by_automatic_redaction) == (1, 1)
    assert not any(word in _every_table_text(session) for word in GONE)


def test_a_bad_period_stops_the_app_starting(make_app):
    from forum_feedback.config import ConfigError

    with pytest.raises(ConfigError, match="RETENTION_CONTACT_MONTHS"):
        make_app(RETENTION_CONTACT_MONTHS="a year")
