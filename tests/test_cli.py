"""The database and draft commands."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import inspect, select

from forum_feedback.db import utcnow
from forum_feedback.extensions import get_db
from forum_feedback.submissions.models import Draft


def test_db_upgrade_creates_every_table_and_is_repeatable(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/fresh.sqlite3")
    runner = app.test_cli_runner()
    for _ in range(2):
        result = runner.invoke(args=["db", "upgrade"])
        assert result.exit_code == 0, result.output
    with app.app_context():
        tables = set(inspect(get_db().engine).get_table_names())
    assert {"feedback", "feedback_service", "draft", "alembic_version"} <= tables


def test_drafts_purge_deletes_only_expired(runner, session):
    now = utcnow()
    session.add_all(
        [
            Draft(id="old", answers="{}", created_at=now, updated_at=now, expires_at=now - dt.timedelta(minutes=1)),
            Draft(id="live", answers="{}", created_at=now, updated_at=now, expires_at=now + dt.timedelta(hours=1)),
        ]
    )
    session.commit()
    result = runner.invoke(args=["drafts", "purge"])
    assert "Deleted 1 expired draft(s)." in result.output
    assert session.scalars(select(Draft.id)).all() == ["live"]


def test_expired_draft_is_not_used_and_family_is_told(client, session):
    client.post("/feedback/experience", data={"story": "my words"})
    session.execute(Draft.__table__.update().values(expires_at=utcnow() - dt.timedelta(seconds=1)))
    session.commit()
    response = client.get("/feedback/about")
    assert response.location.endswith("/feedback/experience")
    assert "We deleted your answers" in client.get("/feedback/experience").get_data(as_text=True)
