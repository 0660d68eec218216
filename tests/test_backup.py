"""`flask backup` and `flask restore` for the embedded SQLite database: a round trip loses nothing."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from forum_feedback.submissions.models import Feedback
from tests.conftest import POSTGRES_URL
from tests.moderation.factories import create_feedback, create_many

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's backup commands; PostgreSQL uses pg_dump")


def count(session) -> int:
    return session.scalar(select(func.count(Feedback.id)))


def test_backup_then_restore_gives_back_exactly_what_was_there(runner, session, tmp_path):
    kept = create_many(session, 5)
    backup_file = tmp_path / "backups" / "forum.sqlite3"
    result = runner.invoke(args=["backup", str(backup_file)])
    assert result.exit_code == 0, result.output
    assert "Backed up 5 pieces of feedback" in result.output

    create_feedback(session, story="Written after the backup")
    session.execute(Feedback.__table__.delete().where(Feedback.id == kept[0].id))
    session.commit()
    result = runner.invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert sorted(session.scalars(select(Feedback.story)).all()) == sorted(f.story for f in kept)
    assert count(session) == 5


def test_backup_while_families_keep_sending_is_consistent(runner, session, tmp_path):
    create_many(session, 50)
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            create_feedback(session, story="sent during the backup")

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    finally:
        stop.set()
        writer.join()
    assert result.exit_code == 0, result.output
    assert int(result.output.split("Backed up ")[1].split(" ")[0]) >= 50


def test_backup_refuses_to_overwrite_and_restore_refuses_a_stranger(runner, tmp_path):
    existing = tmp_path / "exists.sqlite3"
    existing.write_bytes(b"")
    assert "already exists" in runner.invoke(args=["backup", str(existing)]).output
    stranger = tmp_path / "other.sqlite3"
    stranger.write_bytes(b"this is not a database")
    result = runner.invoke(args=["restore", str(stranger), "--yes"])
    assert result.exit_code == 1 and "not a forum_feedback database" in result.output
