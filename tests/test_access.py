"""Who may use every route: one explicit table, checked against every route the app registers.

A new route without an entry here fails ``test_every_route_has_an_entry``, so nobody can add a
page without deciding who may see it. Each route is requested as someone not signed in and as
each role: GET when the route has it, otherwise POST (CSRF is off in tests).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from forum_feedback.auth import services as auth_services
from forum_feedback.db import utcnow
from forum_feedback.enums import PackStatus, RunStatus
from tests.factories import FAST_HASHING, create_user, sign_in_as
from tests.helpers import page

PUBLIC = frozenset({"anonymous", "board", "rep", "admin"})
STAFF = frozenset({"board", "rep", "admin"})
REPS = frozenset({"rep", "admin"})
ADMINS = frozenset({"admin"})
IDENTITIES = ("anonymous", "board", "rep", "admin")
#: Steps of signing in itself: someone not signed in is sent to the sign-in page, not back here after it.
SIGN_IN_STEPS = frozenset({"auth.second_factor", "auth.set_up_second_factor"})

ACCESS: dict[str, frozenset[str]] = {
    # The family's side and the site's pages: anyone.
    "site.start": PUBLIC,
    "site.privacy": PUBLIC,
    "site.accessibility": PUBLIC,
    "site.healthz": PUBLIC,
    "submissions.question": PUBLIC,
    "submissions.check": PUBLIC,
    "submissions.sent": PUBLIC,
    "submissions.receipt": PUBLIC,
    "submissions.withdraw": PUBLIC,
    # Subject access with a receipt code (the code is the permission).
    "rights.ask": PUBLIC,
    "rights.download": PUBLIC,
    # Signing in and out, and the one-time link (the token is the permission).
    "auth.sign_in": PUBLIC,
    "auth.sign_out": PUBLIC,
    "auth.signed_out": PUBLIC,
    "auth.set_password": PUBLIC,
    # The second factor, after the password: for someone part-way signed in (anyone else is sent on:
    # to the sign-in page, or onwards when they are signed in already).
    "auth.second_factor": STAFF,
    "auth.set_up_second_factor": STAFF,
    # The staff workspace.
    "staff.home": STAFF,
    # Themes: reps (and administrators).
    "triage.board": REPS,
    "triage.theme": REPS,
    "triage.unthemed": REPS,
    "triage.edit": REPS,
    "triage.pin": REPS,
    "triage.merge": REPS,
    "triage.confirm_merge": REPS,
    "triage.undo": REPS,
    "triage.move": REPS,
    "triage.split": REPS,
    "triage.rebuild": REPS,
    "triage.run": REPS,
    "triage.run_status": REPS,
    "triage.apply": REPS,
    "triage.discard": REPS,
    # Reading and moderating feedback: reps (and administrators).
    "moderation.inbox": REPS,
    "moderation.hidden": REPS,
    "moderation.item": REPS,
    "moderation.raise_concern": REPS,
    "moderation.record_action": REPS,
    "moderation.hide": REPS,
    "moderation.restore": REPS,
    "moderation.bulk_review": REPS,
    "moderation.not_a_concern": REPS,
    "moderation.reopen": REPS,
    "rights.staff_download": REPS,
    "rights.erase": ADMINS,
    # Evidence packs: reps (and administrators).
    "evidence.packs": REPS,
    "evidence.new": REPS,
    "evidence.pack": REPS,
    "evidence.edit": REPS,
    "evidence.rate": REPS,
    "evidence.quotes": REPS,
    "evidence.move": REPS,
    "evidence.clear_attention": REPS,
    "evidence.export": REPS,
    # The board's pages: board members and reps (only packs shared with partners; the service checks).
    "board.home": STAFF,
    "board.pack": STAFF,
    "board.export": STAFF,
    "board.response": STAFF,
    "board.new_commitment": STAFF,
    "board.commitment": STAFF,
    # "You said, we did": reps write and publish; anyone reads the published ones and the feed.
    "outcomes.manage": REPS,
    "outcomes.new": REPS,
    "outcomes.edit": REPS,
    "outcomes.publish": REPS,
    "outcomes.unpublish": REPS,
    "outcomes.index": PUBLIC,
    "outcomes.outcome": PUBLIC,
    "outcomes.atom": PUBLIC,
    # The unsubscribe link in an email to a family (the signed link is the permission).
    "mail.unsubscribe": PUBLIC,
    # Users and the audit log: administrators only.
    "admin.users": ADMINS,
    "admin.invite": ADMINS,
    "admin.user": ADMINS,
    "admin.change_role": ADMINS,
    "admin.disable": ADMINS,
    "admin.enable": ADMINS,
    "admin.create_link": ADMINS,
    "admin.reset_two_factor": ADMINS,
    "admin.new_link": ADMINS,
    "admin.audit": ADMINS,
}


def _theme_id(session: Session) -> int:
    from forum_feedback.themes.models import Theme

    theme = Theme(key="access-test", auto_label="Access test theme")
    session.add(theme)
    session.commit()
    return theme.id


def _run_id(session: Session) -> int:
    from forum_feedback.themes.models import ThemeRun

    run = ThemeRun(status=RunStatus.DISCARDED)
    session.add(run)
    session.commit()
    return run.id


def _feedback_id(session: Session) -> int:
    from forum_feedback.submissions.models import Feedback

    feedback = Feedback(received_at=utcnow(), channel="online", story="Access test story", consent="count")
    session.add(feedback)
    session.commit()
    return feedback.id


def _shared_pack(session: Session):
    from forum_feedback.evidence.models import EvidencePack, PackTheme
    from forum_feedback.themes.models import Theme

    theme = Theme(key=f"access-pack-{uuid.uuid4().hex[:8]}", auto_label="Access test pack theme")
    session.add(theme)
    session.flush()
    today = utcnow().date()
    pack = EvidencePack(
        title="Access test pack",
        audience="partners",
        period_start=today,
        period_end=today,
        status=PackStatus.SHARED,
        shared_at=utcnow(),
        themes=[PackTheme(theme_id=theme.id, position=0, label="Access test pack theme")],
    )
    session.add(pack)
    session.commit()
    return pack


def _pack_id(session: Session) -> int:
    return _shared_pack(session).id


def _commitment_id(session: Session) -> int:
    from forum_feedback.board.models import Commitment

    commitment = Commitment(pack_id=_shared_pack(session).id, text="We will test", owner="LA", due_on=utcnow().date())
    session.add(commitment)
    session.commit()
    return commitment.id


def _outcome_id(session: Session) -> int:
    from forum_feedback.outcomes.models import Outcome

    outcome = Outcome(
        pack_id=_shared_pack(session).id, title="Access outcome", you_said="Said", we_did="Did", published_at=utcnow()
    )
    session.add(outcome)
    session.commit()
    return outcome.id


def _unsubscribe_link(session: Session) -> str:
    from forum_feedback.mail.models import OutboxMessage
    from forum_feedback.mail.tokens import make_token

    message = OutboxMessage(to_address="family@example.org", subject="s", body="b")
    session.add(message)
    session.commit()
    return make_token("test-secret-key", message.id)


def _user_id(session: Session) -> int:
    return create_user(session, email="target@example.org", role="rep").id


def _token(session: Session) -> str:
    user = create_user(session, email="invited@example.org", role="rep", password=None)
    return auth_services.create_password_link(
        session, user_id=user.id, actor_id=None, now=utcnow(), lifetime=dt.timedelta(hours=1)
    ).token


#: A real value for each URL parameter, made in the test's database.
URL_VALUES: dict[str, Callable[[Session], object]] = {
    "slug": lambda _session: "experience",
    "user_id": _user_id,
    "token": _token,
    "theme_id": _theme_id,
    "run_id": _run_id,
    "feedback_id": _feedback_id,
    "correction_id": lambda _session: 1,
    "pack_id": _pack_id,
    "kind": lambda _session: "csv",
    "commitment_id": _commitment_id,
    "outcome_id": _outcome_id,
    "link": _unsubscribe_link,
}


def routes(app: Flask) -> list:
    return sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"), key=str)


@pytest.fixture
def app_config():
    return dict(FAST_HASHING)


def test_every_route_has_an_entry(app):
    registered = {rule.endpoint for rule in routes(app)}
    assert sorted(registered - ACCESS.keys()) == [], "add these endpoints to ACCESS in tests/test_access.py"
    assert sorted(ACCESS.keys() - registered) == [], "these endpoints in ACCESS no longer exist"


def _url(rule, values: dict[str, object]) -> str:
    missing = [name for name in rule.arguments if name not in values]
    if missing:
        pytest.fail(f"no value for URL parameter(s) {missing} of {rule.endpoint}: add them to URL_VALUES")
    return rule.build({name: values[name] for name in rule.arguments})[1]


def _denied(identity: str, response) -> bool:
    if identity == "anonymous":
        return response.status_code == 302 and urlsplit(response.location).path == "/sign-in"
    return response.status_code == 403


@pytest.mark.parametrize("identity", IDENTITIES)
def test_every_route_lets_in_exactly_the_roles_in_the_table(app, session, identity):
    values = {name: make(session) for name, make in URL_VALUES.items()}
    user = None if identity == "anonymous" else create_user(session, email=f"{identity}@example.org", role=identity)
    wrong = []
    for rule in routes(app):
        client = app.test_client()
        if user is not None:
            sign_in_as(client, session, user)
        url = _url(rule, values)
        method = "GET" if "GET" in rule.methods else "POST"
        response = client.open(url, method=method)
        allowed = identity in ACCESS.get(rule.endpoint, frozenset())
        if allowed == _denied(identity, response):
            wrong.append(f"{method} {url} ({rule.endpoint}): {response.status_code}, expected allowed={allowed}")
        elif not allowed and identity != "anonymous":
            assert page(response).h1 == ["You do not have permission to see this page"]
        elif not allowed and method == "GET" and rule.endpoint not in SIGN_IN_STEPS:
            assert response.location == f"/sign-in?next={url}"  # and back here after signing in
    assert wrong == []
