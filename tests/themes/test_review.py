"""The rebuild review says exactly what applying would change: a test per kind of change."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import ThemeStatus
from forum_feedback.themes import corrections, services
from forum_feedback.themes.models import FeedbackTheme, RunAssignment, Theme, ThemeRun
from forum_feedback.themes.review import compare

LABELS = {"a": "Annual reviews", "b": "Transport", "c": "CAMHS"}


def kinds(changes):
    return {(c.kind, c.previous.key if c.previous else None, c.theme.key if c.theme else None) for c in changes}


def only(changes, kind):
    [change] = [c for c in changes if c.kind == kind]
    return change


def test_a_theme_of_the_same_size_is_kept_not_grown():
    current = {1: "a", 2: "a", 3: "b"}
    labels = {"a": "Annual reviews", "b": "Transport"}
    changes = compare(current, dict(current), labels=labels, new_labels=labels)
    assert [(c.kind, c.theme.before, c.theme.after) for c in changes] == [("kept", 2, 2), ("kept", 1, 1)]


def test_grown_and_shrunk_give_exact_sizes_before_and_after():
    current = {1: "a", 2: "a", 3: "b", 4: "b", 5: "b"}
    after = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b"}
    changes = compare(current, after, labels=LABELS, new_labels=LABELS)
    grown, shrunk = only(changes, "grown"), only(changes, "shrunk")
    assert (grown.theme.key, grown.theme.before, grown.theme.after) == ("a", 2, 3)
    assert (shrunk.theme.key, shrunk.theme.before, shrunk.theme.after) == ("b", 3, 2)


def test_a_new_theme_from_unthemed_comments_is_new():
    current = {1: "a", 2: None, 3: None}
    after = {1: "a", 2: "n", 3: "n"}
    change = only(compare(current, after, labels=LABELS, new_labels={**LABELS, "n": "Speech therapy"}), "new")
    assert (change.theme.key, change.theme.label, change.theme.after, change.previous) == (
        "n",
        "Speech therapy",
        2,
        None,
    )


def test_a_theme_made_mostly_from_one_theme_is_a_split_of_it():
    current = dict.fromkeys(range(10), "a")
    after = {**dict.fromkeys(range(6), "a"), **dict.fromkeys(range(6, 10), "s")}
    changes = compare(current, after, labels=LABELS, new_labels={**LABELS, "s": "Part"})
    split = only(changes, "split")
    assert (split.previous.key, split.theme.key, split.theme.after) == ("a", "s", 4)
    assert only(changes, "shrunk").theme.after == 6


def test_a_theme_whose_comments_go_into_another_is_merged_into_it():
    current = {1: "a", 2: "a", 3: "b", 4: "b"}
    after = {1: "b", 2: "b", 3: "b", 4: "b"}
    changes = compare(current, after, labels=LABELS, new_labels=LABELS)
    merged = only(changes, "merged")
    assert (merged.previous.key, merged.previous.before, merged.theme.key, merged.theme.after) == ("a", 2, "b", 4)


def test_a_theme_whose_comments_scatter_is_retired():
    current = {1: "c", 2: "c", 3: "c", 4: "a", 5: "b"}
    after = {1: "a", 2: "b", 3: None, 4: "a", 5: "b"}
    retired = only(compare(current, after, labels=LABELS, new_labels=LABELS), "retired")
    assert (retired.previous.key, retired.previous.before, retired.theme) == ("c", 3, None)


def test_a_new_suggested_name_is_a_rename_only_when_the_size_is_the_same():
    current = {1: "a", 2: "a"}
    change = only(compare(current, dict(current), labels=LABELS, new_labels={"a": "Annual review delays"}), "renamed")
    assert (change.previous.label, change.theme.label) == ("Annual reviews", "Annual review delays")


# --- in the database: the review compares with what everyone sees now ---------------------------


@pytest.fixture
def applied(runner, session):
    load_demo(session, n_items=300, today=dt.date(2026, 6, 30))
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0
    return session.scalars(select(Theme).order_by(Theme.size.desc())).all()


def rebuild_for_review(runner, session) -> ThemeRun:
    assert runner.invoke(args=["themes", "rebuild", "--review"]).exit_code == 0
    return session.scalars(select(ThemeRun).order_by(ThemeRun.id.desc())).first()


def test_a_reps_merge_is_not_listed_as_the_rebuilds_and_sizes_are_what_reps_see(runner, session, applied):
    source, target = applied[2], applied[3]
    corrections.merge_themes(session, source_id=source.id, target_id=target.id, actor_id=None, now=utcnow())
    run = rebuild_for_review(runner, session)
    changes = services.review_changes(session, run)
    assert source.key not in {c.previous.key for c in changes if c.previous}, "the rep's merge shown as the rebuild's"
    now = {t.key: corrections.theme_size(session, t.id) for t in applied if t.status == ThemeStatus.ACTIVE}
    for change in changes:
        if change.previous is not None:
            assert change.previous.before == now[change.previous.key]
        assert change.kind not in ("grown", "shrunk") or change.theme.before != change.theme.after


def test_applying_gives_every_comment_exactly_the_theme_the_review_showed(runner, session, applied):
    run = rebuild_for_review(runner, session)
    expected = services.after_map(session, run)
    changes = services.review_changes(session, run)
    services.apply_run(session, run_id=run.id, now=utcnow())
    session.expire_all()
    placed = dict(
        session.execute(
            select(FeedbackTheme.feedback_id, Theme.key).outerjoin(Theme, Theme.id == FeedbackTheme.theme_id)
        ).all()
    )
    assert {fid: placed.get(fid) for fid in expected} == expected
    # Placements that kept their theme were updated in place: this run's confidence, marked as its build.
    built = dict(
        session.execute(
            select(RunAssignment.feedback_id, RunAssignment.confidence).where(RunAssignment.run_id == run.id)
        ).all()
    )
    rows = session.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.confidence, FeedbackTheme.source)).all()
    for fid, confidence, source in rows:
        if fid in built and source != "rep" and source != "excluded":
            assert source == "build" and confidence == pytest.approx(built[fid]), fid
    sizes = dict(session.execute(select(Theme.key, func.count()).join(FeedbackTheme).group_by(Theme.key)).all())
    for change in changes:
        if change.theme is not None:
            assert sizes.get(change.theme.key, 0) == change.theme.after
