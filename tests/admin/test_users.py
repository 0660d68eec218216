"""Administrators add users, change roles, disable and enable accounts, and make new set-password links."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.auth.models import User
from tests.factories import create_user, sign_in_as
from tests.helpers import page

# The test client's requests come to http://localhost/: the link is on the address the admin is using.
LINK = re.compile(r'data-testid="password-link">(http://localhost/set-password/[^<]+)<')


@pytest.fixture
def admin(session):
    return create_user(session, email="admin@example.org", role="admin")


@pytest.fixture
def admin_client(client, session, admin):
    sign_in_as(client, session, admin)
    return client


def audit_actions(session):
    return [(entry.action, entry.detail) for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_users_page_lists_everyone(admin_client, session):
    create_user(session, email="rep@example.org", role="rep")
    create_user(session, email="invited@example.org", role="board", password=None)
    view = page(admin_client.get("/admin/users"))
    assert view.title.startswith("Users – ") and view.h1 == ["Users"]
    for text in ("admin@example.org", "rep@example.org", "invited@example.org", "Invited", "Board member"):
        assert text in view.html


def test_adding_a_user_shows_their_link_once(admin_client, session, admin):
    response = admin_client.post("/admin/users/new", data={"email": " New.Rep@Example.org ", "role": "rep"})
    user = session.scalar(select(User).where(User.email == "new.rep@example.org"))
    assert user.role == "rep" and user.password_hash is None
    shown = response
    with admin_client.session_transaction() as cookie:
        assert not any("set-password" in str(value) for value in cookie.values())  # never in the readable cookie
    assert page(shown).h1 == ["Copy the link to set a password"]
    assert page(shown).title.startswith("Copy the link for new.rep@example.org")
    link = LINK.search(shown.get_data(as_text=True)).group(1)
    assert admin_client.get(link.removeprefix("http://localhost")).status_code == 200
    # Reloading does not show it again: it is not kept anywhere.
    assert admin_client.get(f"/admin/users/{user.id}/link").location == f"/admin/users/{user.id}"
    entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.actor_id, e.action, e.target_id) for e in entries] == [
        (admin.id, "user created", str(user.id)),
        (admin.id, "set-password link created", str(user.id)),
    ]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Enter an email address", "Select a role"]),
        (
            {"email": "not an email", "role": "rep"},
            ["Enter an email address in the correct format, like name@example.com"],
        ),
        ({"email": "a@example.org", "role": "owner"}, ["Select a role"]),
        ({"email": "ADMIN@example.org", "role": "rep"}, ["There is already a user with this email address"]),
    ],
)
def test_adding_a_user_errors(admin_client, session, data, errors):
    view = page(admin_client.post("/admin/users/new", data=data))
    assert view.title.startswith("Error: Add a user")
    assert view.errors == errors
    assert len(session.scalars(select(User)).all()) == 1


def test_changing_a_role(admin_client, session):
    rep = create_user(session, email="rep@example.org", role="rep")
    response = admin_client.post(f"/admin/users/{rep.id}/role", data={"role": "admin"})
    assert response.location == f"/admin/users/{rep.id}"
    assert "The role of rep@example.org is now administrator." in admin_client.get(response.location).get_data(
        as_text=True
    )
    assert session.scalar(select(User.role).where(User.id == rep.id)) == "admin"
    assert audit_actions(session) == [("role changed", "rep → admin")]


def test_role_change_takes_effect_on_the_next_request(app, admin_client, session):
    rep = create_user(session, email="rep@example.org", role="rep")
    rep_client = app.test_client()
    sign_in_as(rep_client, session, rep)
    assert rep_client.get("/admin/users").status_code == 403
    admin_client.post(f"/admin/users/{rep.id}/role", data={"role": "admin"})
    assert rep_client.get("/admin/users").status_code == 200


def test_an_administrator_cannot_change_their_own_role_or_disable_themselves(admin_client, session, admin):
    view = page(admin_client.get(f"/admin/users/{admin.id}"))
    assert "This is your account" in view.html and "Disable account" not in view.html
    refused = page(admin_client.post(f"/admin/users/{admin.id}/role", data={"role": "rep"}))
    assert refused.errors == ["You cannot change the role of your own account. Ask another administrator"]
    admin_client.post(f"/admin/users/{admin.id}/disable")
    assert session.scalar(select(User.role)) == "admin" and session.scalar(select(User.active)) is True
    assert audit_actions(session) == []


def test_disabling_and_enabling(admin_client, session):
    rep = create_user(session, email="rep@example.org")
    response = admin_client.post(f"/admin/users/{rep.id}/disable")
    assert "rep@example.org can no longer sign in." in admin_client.get(response.location).get_data(as_text=True)
    assert session.scalar(select(User.active).where(User.id == rep.id)) is False
    admin_client.post(f"/admin/users/{rep.id}/enable")
    assert session.scalar(select(User.active).where(User.id == rep.id)) is True
    assert audit_actions(session) == [("user disabled", ""), ("user enabled", "")]


def test_making_a_new_link(admin_client, session):
    rep = create_user(session, email="rep@example.org")
    response = admin_client.post(f"/admin/users/{rep.id}/link")
    assert LINK.search(response.get_data(as_text=True))
    assert admin_client.get(f"/admin/users/{rep.id}/link").location == f"/admin/users/{rep.id}"  # shown once
    assert audit_actions(session) == [("set-password link created", "")]


def test_unknown_user_is_not_found(admin_client):
    assert admin_client.get("/admin/users/999").status_code == 404
    assert admin_client.post("/admin/users/999/disable").status_code == 404
