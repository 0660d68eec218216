"""The audit log: recorded in the same transaction as the change, paginated, and free of feedback text."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from forum_feedback.audit import services as audit
from forum_feedback.audit.models import AuditEntry
from forum_feedback.db import utcnow
from forum_feedback.submissions.models import Feedback
from tests.factories import DEFAULT_PASSWORD, create_user, sign_in_as
from tests.helpers import page

CANARY = "CANARY-91b2 my son's school"


@pytest.fixture
def admin_client(client, session):
    sign_in_as(client, session, create_user(session, email="admin@example.org", role="admin"))
    return client


def test_record_action_does_not_commit(app, session):
    from forum_feedback.extensions import get_db

    with app.app_context(), get_db().write_session() as db_session:
        audit.record_action(db_session, actor_id=None, action="test", target_type="user", target_id=1)
        db_session.rollback()
    assert session.scalars(select(AuditEntry)).all() == []


def test_record_action_keeps_detail_short():
    entry = audit.record_action(
        _FakeSession(), actor_id=None, action="x", target_type="user", target_id=1, detail="d" * 2000
    )
    assert len(entry.detail) == audit.DETAIL_MAX_CHARS


class _FakeSession:
    def add(self, _entry):
        pass


def test_audit_page_shows_who_what_when_and_target(admin_client, session):
    rep = create_user(session, email="rep@example.org")
    admin_client.post(f"/admin/users/{rep.id}/role", data={"role": "board"})
    view = page(admin_client.get("/admin/audit"))
    assert view.h1 == ["Audit log"]
    assert "Role changed (rep → board)" in view.html
    assert f"User {rep.id}" in view.html and "admin@example.org" in view.html


def test_audit_page_is_paginated(admin_client, session):
    now = utcnow()
    session.add_all(
        [
            AuditEntry(
                at=now - dt.timedelta(minutes=n),
                actor_id=None,
                action=f"action {n:03d}",
                target_type="user",
                target_id="1",
                detail="",
            )
            for n in range(120)
        ]
    )
    session.commit()
    first = page(admin_client.get("/admin/audit"))
    assert first.title.startswith("Audit log (page 1 of 3)")
    assert "Action 000" in first.html and "Action 050" not in first.html
    last = page(admin_client.get("/admin/audit?page=3"))
    assert last.title.startswith("Audit log (page 3 of 3)")
    assert "Action 119" in last.html and "Action 099" not in last.html
    assert page(admin_client.get("/admin/audit?page=nonsense")).title.startswith("Audit log (page 1 of 3)")
    assert page(admin_client.get("/admin/audit?page=99")).title.startswith("Audit log (page 3 of 3)")


def test_audit_log_never_holds_feedback_text(app, admin_client, session):
    now = utcnow()
    session.add(Feedback(received_at=now, channel="online", story=CANARY, what_would_help=CANARY, consent="count"))
    session.commit()
    rep = create_user(session, email="rep@example.org")
    rep_client = app.test_client()
    rep_client.post("/sign-in", data={"email": "rep@example.org", "password": DEFAULT_PASSWORD})
    rep_client.post("/sign-in", data={"email": "rep@example.org", "password": "wrong password typed"})
    rep_client.post("/sign-out")
    admin_client.post("/admin/users/new", data={"email": "board@example.org", "role": "board"})
    admin_client.post(f"/admin/users/{rep.id}/role", data={"role": "admin"})
    admin_client.post(f"/admin/users/{rep.id}/disable")
    entries = session.scalars(select(AuditEntry)).all()
    assert len(entries) >= 7
    for entry in entries:
        for value in (entry.action, entry.detail, entry.target_type, entry.target_id):
            assert "CANARY" not in value and "wrong password" not in value
    assert "CANARY" not in admin_client.get("/admin/audit").get_data(as_text=True)
