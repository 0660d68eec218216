"""The job queue: jobs by name with plain arguments, theming on arrival for every channel, rebuilds that
survive a stopped worker, and the periodic jobs. Jobs run at once here (huey's immediate mode)."""

from __future__ import annotations

import datetime as dt

import pytest
from huey.exceptions import TaskException
from sqlalchemy import func, select

from forum_feedback import housekeeping, jobs
from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import RunStatus, ThemeSource
from forum_feedback.submissions.models import Draft, Feedback
from forum_feedback.themes import services as themes
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun
from forum_feedback.themes.tasks import start_rebuild


@pytest.fixture
def applied(runner, session):
    load_demo(session, n_items=200, today=dt.date(2026, 6, 30))
    assert runner.invoke(args=["themes", "rebuild"]).exit_code == 0


def test_jobs_are_called_by_name_with_plain_arguments(app):
    with app.app_context(), pytest.raises(KeyError):
        jobs.enqueue("no_such_job")
    with app.app_context(), pytest.raises(TypeError):
        jobs.enqueue("rebuild_themes", run_id=object())  # a live object cannot cross to a worker


def test_a_job_run_at_once_outside_an_app_needs_one():
    with pytest.raises(TaskException, match="outside an app context"):
        jobs.TASKS["purge_expired_drafts"]().get()


def test_imported_csv_feedback_is_themed_on_arrival_without_a_rebuild(runner, session, applied, tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(
        "Comment\n"
        '"The school transport taxi was late again and the driver changed with no warning"\n'
        '"Still waiting for the EHC needs assessment after 30 weeks"\n',
        encoding="utf-8",
    )
    result = runner.invoke(args=["feedback", "import", str(path), "--text-column", "Comment"])
    assert result.exit_code == 0, result.output
    imported = session.scalars(select(Feedback.id).where(Feedback.channel == "import")).all()
    links = session.scalars(select(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(imported))).all()
    assert len(links) == 2 and {link.source for link in links} == {ThemeSource.ARRIVAL}
    assert any(link.theme_id is not None for link in links)
    assert session.scalar(select(func.count()).select_from(ThemeRun)) == 1  # no rebuild was needed


def test_feedback_whose_arrival_job_was_lost_is_themed_by_the_periodic_job(app, session, applied):
    stray = Feedback(received_at=utcnow(), channel="online", story="The taxi never came again", consent="count")
    session.add(stray)
    session.commit()  # stored without the arrival event, as if its job had been lost
    with app.app_context():
        assert housekeeping.theme_unplaced(app) >= 1
    assert session.get(FeedbackTheme, stray.id).source == ThemeSource.ARRIVAL


def test_a_rebuild_whose_worker_died_is_failed_within_minutes_and_another_can_run(app, session, applied):
    applied_before = {t.key: t.id for t in session.scalars(select(Theme))}
    with app.app_context():
        run = start_rebuild(session, requested_by=None, now=utcnow())
    session.expire_all()
    assert session.get(ThemeRun, run.id).status == RunStatus.READY  # immediate mode: it already ran
    # Simulate a worker killed mid-rebuild: a run left "running", silent for longer than STALE_RUN.
    dead = ThemeRun(status=RunStatus.RUNNING, created_at=utcnow(), started_at=utcnow() - dt.timedelta(minutes=1))
    session.add(dead)
    session.commit()
    with app.app_context():
        assert start_rebuild(session, requested_by=None, now=utcnow()).id == dead.id  # still busy: one at a time
        assert housekeeping.watch_rebuilds(app) == {"failed": 0, "requeued": 0}  # not silent for long enough yet
        dead.heartbeat_at = utcnow() - themes.STALE_RUN - dt.timedelta(seconds=1)
        session.commit()
        assert housekeeping.watch_rebuilds(app) == {"failed": 1, "requeued": 0}
        again = start_rebuild(session, requested_by=None, now=utcnow())
    session.expire_all()
    assert session.get(ThemeRun, dead.id).status == RunStatus.FAILED
    assert session.get(ThemeRun, again.id).status == RunStatus.READY
    assert {t.key: t.id for t in session.scalars(select(Theme))} == applied_before  # applied themes untouched


def test_a_queued_rebuild_whose_job_was_lost_is_queued_again_and_runs_once(app, session, applied):
    waiting = ThemeRun(status=RunStatus.QUEUED, created_at=utcnow() - dt.timedelta(minutes=3), message="Waiting")
    session.add(waiting)
    session.commit()
    with app.app_context():
        assert housekeeping.watch_rebuilds(app) == {"failed": 0, "requeued": 1}
        jobs.enqueue("rebuild_themes", run_id=waiting.id)  # a second copy: it finds the run claimed and stops
    session.expire_all()
    assert session.get(ThemeRun, waiting.id).status == RunStatus.READY


def test_expired_drafts_are_purged_by_the_periodic_job(app, session):
    now = utcnow()
    session.add_all(
        [
            Draft(id="old", answers="{}", created_at=now, updated_at=now, expires_at=now - dt.timedelta(minutes=1)),
            Draft(id="live", answers="{}", created_at=now, updated_at=now, expires_at=now + dt.timedelta(hours=1)),
        ]
    )
    session.commit()
    with app.app_context():
        assert jobs.enqueue("purge_expired_drafts").get() == 1
    assert session.scalars(select(Draft.id)).all() == ["live"]


def test_every_periodic_job_is_on_the_workers_schedule():
    scheduled = {task.__name__ for task in jobs.huey._registry._periodic_tasks}
    for name in ("purge_expired_drafts", "purge_staff_records", "watch_rebuilds", "theme_unplaced"):
        assert f"{name} (scheduled)" in scheduled
