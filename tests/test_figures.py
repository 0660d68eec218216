"""The figures the database keeps (theme per day, theme per service, inbox facets) always equal a fresh
count, after every kind of change the app makes, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select, text

from forum_feedback import figures
from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.moderation import concerns
from forum_feedback.moderation import services as moderation
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes import corrections
from forum_feedback.themes.models import FeedbackTheme, Theme
from tests.conftest import get_db_for
from tests.factories import create_user


@pytest.fixture
def db(app):
    with get_db_for(app).write_session() as session:
        yield session


def assert_in_step(session):
    found = figures.drift(session)
    session.rollback()  # end the read, so the next writer is not kept waiting
    assert found == dict.fromkeys([*figures.TABLES, "feedback.in_theme"], 0)


def test_kept_figures_follow_every_change(runner, app, session, db):
    load_demo(session, n_items=160, today=dt.date(2026, 6, 30))
    assert_in_step(db)
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0
    assert_in_step(db)
    rep = create_user(session, email="rep@example.org", role="rep")
    themes = db.scalars(select(Theme).order_by(Theme.size.desc())).all()
    now = utcnow()
    member = db.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == themes[0].id)).first()
    corrections.move_feedback(db, feedback_ids=[member], theme_id=themes[1].id, actor_id=rep.id, now=now)
    corrections.move_feedback(db, feedback_ids=[member], theme_id=None, actor_id=rep.id, now=now)
    assert_in_step(db)
    merge = corrections.merge_themes(db, source_id=themes[2].id, target_id=themes[3].id, actor_id=rep.id, now=now)
    split = corrections.accept_split(db, theme_id=themes[0].id, names=["", ""], parts=2, actor_id=rep.id, now=now)
    assert_in_step(db)
    corrections.undo_correction(db, correction_id=split.id, actor_id=rep.id, now=now)
    corrections.undo_correction(db, correction_id=merge.id, actor_id=rep.id, now=now)
    assert_in_step(db)

    items = db.scalars(select(Feedback).order_by(Feedback.id)).all()
    moderation.hide_feedback(db, feedback_id=items[0].id, reason="spam", rep_id=rep.id, now=now)
    moderation.save_redaction(
        db, feedback_id=items[1].id, redacted_story="words", redacted_help="", rep_id=rep.id, now=now
    )
    concerns.raise_concern(db, feedback_id=items[2].id, rep_id=rep.id, now=now)
    assert_in_step(db)
    moderation.restore_feedback(db, feedback_id=items[0].id, rep_id=rep.id, now=now)
    concerns.mark_not_a_concern(db, feedback_id=items[2].id, reason="praise", note="", rep_id=rep.id, now=now)
    items[3].status, items[3].story = "withdrawn", ""  # as a family's withdrawal leaves it
    items[4].received_at, items[4].sentiment, items[4].local_area = now, -0.8, "east"
    items[5].services = []
    items[6].age_band, items[6].channel = "16-25", "phone"
    db.commit()
    assert_in_step(db)
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0  # apply replaces every build placement
    assert_in_step(db)


def test_the_nightly_recount_repairs_figures_that_drifted(session, db):
    load_demo(session, n_items=40, today=dt.date(2026, 6, 30))
    db.execute(text("UPDATE theme_day_count SET total = total + 5"))
    db.execute(text("DELETE FROM inbox_count WHERE facet = 'channel'"))
    db.execute(text("UPDATE theme_answer_count SET total = total + 1 WHERE facet = 'age_band'"))
    db.execute(text("DELETE FROM theme_month_count WHERE theme_id = 0"))
    flipped = db.execute(text("UPDATE feedback SET in_theme = NOT in_theme WHERE id % 3 = 0")).rowcount
    db.commit()
    found = figures.recount(db)
    assert found["theme_day_count"] > 0 and found["inbox_count"] > 0 and found["theme_answer_count"] > 0
    assert found["theme_month_count"] > 0 and found["feedback.in_theme"] == flipped > 0
    assert_in_step(db)


@pytest.mark.parametrize("period", ["all", "30", "90", "365"])
def test_the_board_from_kept_figures_matches_the_board_counted_live(runner, session, db, period):
    from forum_feedback.submissions.filters import FeedbackFilters
    from forum_feedback.triage import queries

    load_demo(session, n_items=200, today=dt.date.today())
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0
    filters, today = FeedbackFilters(period=period), dt.date.today()
    kept = queries._kept_board(db, filters=filters, today=today)
    live = queries._live_board(db, filters, today)
    as_ints = {key: [int(v or 0) for v in values] for key, values in live.items()}
    assert {key: [int(v or 0) for v in values] for key, values in kept.items() if any(values)} == {
        key: values for key, values in as_ints.items() if any(values)
    }
    for theme_id in list(as_ints)[:3]:
        months_kept = queries._kept_months(
            db, theme_id=theme_id, filters=filters, first=dt.date(2000, 1, 1), today=today
        )
        year, month = queries.extract("year", Feedback.received_at), queries.extract("month", Feedback.received_at)
        live_query = queries._in_theme(
            queries.select(year, month, queries.func.count()).select_from(Feedback), theme_id
        )
        months_live = {
            (int(y), int(m)): n for y, m, n in db.execute(filters.apply(live_query, today=today).group_by(year, month))
        }
        assert {k: v for k, v in months_kept.items() if v} == months_live


def test_the_whole_inbox_counts_from_kept_figures_match_counting_live(session, db):
    from forum_feedback.moderation import services
    from forum_feedback.submissions.filters import FeedbackFilters, facet_counts

    load_demo(session, n_items=150, today=dt.date(2026, 6, 30))
    today = dt.date(2026, 6, 30)
    kept = services.inbox_facets(db, filters=FeedbackFilters(), today=today)
    for name, counts in kept.items():
        live = facet_counts(db, where=list(services.INBOX), filters=FeedbackFilters(), facet=name, today=today)
        assert {k or "": v for k, v in live.items() if v} == {k: v for k, v in counts.items() if v}, name
    listing = services.inbox_page(db, page=1, filters=FeedbackFilters(), today=today)
    live_open = db.scalar(select(func.count(Feedback.id)).where(Feedback.safeguarding_open))
    assert listing.open_concerns == live_open
    assert listing.new_feedback == db.scalar(select(func.count(Feedback.id)).where(Feedback.status == "new"))


def test_a_theme_page_from_kept_figures_matches_counting_live(runner, session, db):
    """Breakdowns and the number of items, for every theme and "not yet themed", kept and live alike."""
    from forum_feedback.submissions.filters import FeedbackFilters
    from forum_feedback.triage import queries
    from forum_feedback.web import pages

    load_demo(session, n_items=200, today=dt.date.today())
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0
    rep = create_user(session, email="rep@example.org", role="rep")
    member = db.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id.is_not(None))).first()
    corrections.move_feedback(db, feedback_ids=[member], theme_id=None, actor_id=rep.id, now=utcnow())
    whole, today = FeedbackFilters(), dt.date.today()
    assert queries._whole(whole) and not queries._whole(FeedbackFilters(period="30"))
    theme_ids = [None, *db.scalars(select(Theme.id).where(Theme.status == "active"))]
    for theme_id in theme_ids:
        for column in ("service", "local_area", "age_band", "channel"):
            kept = queries.breakdown(db, theme_id=theme_id, column=column, filters=whole, today=today)
            live = queries._live_breakdown(db, theme_id=theme_id, column=column, filters=whole, today=today)
            assert sorted(kept, key=str) == sorted(live, key=str), (theme_id, column)
        live_query = queries._in_theme(select(Feedback), theme_id)
        assert queries.kept_size(db, theme_id) == pages.count_rows(db, live_query), theme_id
    assert queries.kept_size(db, None) >= 1
