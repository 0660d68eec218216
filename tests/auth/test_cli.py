"""``flask users``: the only way to make the first account (there are no default accounts)."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import func, select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth.models import SignInFailure, StaffSession, User
from forum_feedback.db import utcnow
from tests.factories import create_user

LINK = re.compile(r"^http://127\.0\.0\.1:5000/set-password/([A-Za-z0-9_\-]{40,})$", re.MULTILINE)


def test_users_create_prints_a_one_time_link_that_works(runner, client, session):
    result = runner.invoke(args=["users", "create", "Admin@Example.org", "--role", "admin"])
    assert result.exit_code == 0, result.output
    token = LINK.search(result.output).group(1)
    user = session.scalar(select(User))
    assert (user.email, user.role, user.password_hash) == ("admin@example.org", "admin", None)
    assert client.get(f"/set-password/{token}").status_code == 200
    entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert (entry.actor_id, entry.action, entry.detail) == (None, "user created", "role: admin")


def test_link_uses_base_url(make_app):
    app = make_app(BASE_URL="https://feedback.northshire-pcf.org.uk/")
    result = app.test_cli_runner().invoke(args=["users", "create", "a@example.org", "--role", "rep"])
    assert "https://feedback.northshire-pcf.org.uk/set-password/" in result.output


def test_link_uses_the_address_make_run_served_on(make_app, tmp_path):
    """Regression: links pointed at port 5000 whatever PORT `make run` used."""
    served = tmp_path / "served_at"
    served.write_text("http://127.0.0.1:8123\n")
    app = make_app(SERVED_AT_FILE=str(served))
    result = app.test_cli_runner().invoke(args=["users", "create", "a@example.org", "--role", "rep"])
    assert "http://127.0.0.1:8123/set-password/" in result.output


def test_users_create_refuses_a_duplicate(runner, session):
    create_user(session, email="rep@example.org")
    result = runner.invoke(args=["users", "create", "REP@example.org", "--role", "admin"])
    assert result.exit_code == 1
    assert "There is already a user with the email address rep@example.org." in result.output
    assert session.scalar(select(func.count(User.id))) == 1
    assert session.scalar(select(User.role)) == "rep"


def test_users_create_refuses_bad_input(runner, session):
    assert runner.invoke(args=["users", "create", "not-an-email", "--role", "admin"]).exit_code == 1
    assert runner.invoke(args=["users", "create", "a@example.org", "--role", "superuser"]).exit_code == 2
    assert runner.invoke(args=["users", "create", "a@example.org"]).exit_code == 2
    assert session.scalar(select(func.count(User.id))) == 0


def test_users_link_makes_a_new_link_for_an_existing_user(runner, client, session):
    create_user(session)
    result = runner.invoke(args=["users", "link", "rep@example.org"])
    assert result.exit_code == 0, result.output
    assert client.get(f"/set-password/{LINK.search(result.output).group(1)}").status_code == 200
    assert runner.invoke(args=["users", "link", "nobody@example.org"]).exit_code == 1


def test_users_purge_deletes_only_old_records(runner, session):
    user = create_user(session)
    now = utcnow()
    old, recent = now - dt.timedelta(days=91), now - dt.timedelta(days=1)
    session.add_all(
        [
            StaffSession(token_hash="a" * 64, user_id=user.id, created_at=old, last_seen_at=old, ended_at=old),
            StaffSession(token_hash="b" * 64, user_id=user.id, created_at=recent, last_seen_at=recent),
            SignInFailure(account_key="k", failed_at=old),
            SignInFailure(account_key="k", failed_at=recent),
        ]
    )
    session.commit()
    result = runner.invoke(args=["users", "purge"])
    assert result.exit_code == 0 and "Deleted 2 old record(s)." in result.output
    assert session.scalars(select(StaffSession.token_hash)).all() == ["b" * 64]
    assert session.scalar(select(func.count(SignInFailure.id))) == 1
