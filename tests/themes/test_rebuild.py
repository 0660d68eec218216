"""Themes stored in the database: rebuilds, review, reps' corrections that stick, theming on arrival."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import RunStatus, ThemeSource
from forum_feedback.extensions import get_db
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes import corrections as triage
from forum_feedback.themes import services
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun
from tests.submissions.test_journey import answer_all


@pytest.fixture
def demo(session):
    load_demo(session, n_items=400, today=dt.date(2026, 6, 30))


def rebuild(runner, *args: str):
    result = runner.invoke(args=["themes", "rebuild", *args])
    assert result.exit_code == 0, result.output
    return result


def test_rebuild_stores_themes_and_a_theme_for_every_comment(runner, session, demo):
    result = rebuild(runner)
    assert "400 comments" in result.output and "Largest themes:" in result.output
    themes = session.scalars(select(Theme)).all()
    assert 8 <= len(themes) <= 40
    assert all(theme.auto_label and 5 <= len(theme.terms) <= 10 for theme in themes)
    assert session.scalar(select(func.count()).select_from(FeedbackTheme)) == 400
    run = session.scalars(select(ThemeRun)).one()
    assert run.status == RunStatus.APPLIED
    assert json.loads(run.state_json)["themes"]  # plain JSON, not pickle


def test_review_mode_changes_nothing_until_applied(runner, session, demo):
    rebuild(runner, "--review")
    run = session.scalars(select(ThemeRun)).one()
    assert run.status == RunStatus.READY
    assert session.scalars(select(Theme)).all() == []
    services.apply_run(session, run_id=run.id, now=utcnow())
    assert session.scalar(select(func.count()).select_from(Theme)) == run.n_themes


def test_rename_pin_and_move_survive_a_rebuild_with_new_feedback(runner, session, demo):
    rebuild(runner)
    themes = session.scalars(select(Theme).order_by(Theme.size.desc())).all()
    named, target = themes[0], themes[-1]
    named.label, named.pinned = "Annual reviews that change nothing", True
    session.commit()
    moved_id = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == named.id)).first()
    triage.move_feedback(session, feedback_ids=[moved_id], theme_id=target.id, actor_id=None, now=utcnow())
    load_demo(session, n_items=60, today=dt.date(2026, 7, 31), seed=99)  # more feedback arrives

    rebuild(runner)
    session.expire_all()
    kept = session.scalars(select(Theme).where(Theme.key == named.key)).one()
    assert kept.display_label == "Annual reviews that change nothing" and kept.pinned and kept.status == "active"
    link = session.get(FeedbackTheme, moved_id)
    assert (link.theme_id, link.source) == (target.id, ThemeSource.REP)
    assert session.scalar(select(func.count()).select_from(FeedbackTheme)) == 460


def test_same_data_rebuilds_to_the_same_themes(runner, session, demo):
    rebuild(runner)
    first = {t.key: (t.auto_label, t.size) for t in session.scalars(select(Theme))}
    rebuild(runner)
    session.expire_all()
    second = {t.key: (t.auto_label, t.size) for t in session.scalars(select(Theme)) if t.status == "active"}
    assert second == first


def test_new_feedback_is_themed_as_it_arrives(runner, client, session, demo):
    rebuild(runner)
    answer_all(client, story="Annual review was cancelled again and the amended plan never arrived from the council")
    client.post("/feedback/check", data={})
    feedback = session.scalars(select(Feedback).where(Feedback.receipt_hash.is_not(None))).one()
    link = session.get(FeedbackTheme, feedback.id)
    assert link is not None and link.source == ThemeSource.ARRIVAL and 0.0 <= link.confidence <= 1.0


def test_a_failing_rebuild_is_marked_failed_and_changes_nothing(app, session, demo, monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(services.engine, "build_themes", broken)
    with app.app_context():
        run, _ = services.request_rebuild(session, requested_by=None, now=utcnow())
        services.execute_rebuild(get_db(), run_id=run.id, vocabulary=None)
    session.expire_all()
    failed = session.get(ThemeRun, run.id)
    assert failed.status == RunStatus.FAILED and "failed" in failed.message
    assert session.scalars(select(Theme)).all() == []


def test_rebuild_if_empty_leaves_existing_themes_alone(runner, session, demo):
    rebuild(runner, "--if-empty")
    again = rebuild(runner, "--if-empty")
    assert "There are themes already" in again.output
    assert session.scalar(select(func.count()).select_from(ThemeRun)) == 1


def _theme_words(session) -> str:
    themes = session.scalars(select(Theme).where(Theme.status == "active")).all()
    return " ".join(f"{t.auto_label} {' '.join(t.terms)} {t.auto_description}" for t in themes).lower()


@pytest.mark.parametrize("checked", [False, True])
def test_a_detail_a_rep_redacted_never_comes_back_as_a_themes_word(runner, session, demo, checked):
    # Thirty families name the same small unit; once a rep has redacted it, the engine reads the rep's words.
    counted = session.scalars(select(Feedback).where(Feedback.status.not_in(services.NOT_COUNTED))).all()[:30]
    for feedback in counted:
        feedback.story = "The zephyrwood unit kept my son waiting for months and nobody rang us back"
        feedback.redacted_story = feedback.story.replace("zephyrwood", "[setting]") if checked else None
    session.commit()
    rebuild(runner)
    # Unchecked, the word is the theme's own (so this test can fail); checked, it is nowhere.
    assert ("zephyrwood" in _theme_words(session)) is not checked
