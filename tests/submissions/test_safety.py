"""CSRF, rate limits, oversized input, logs that never hold feedback, and concurrent sends."""

from __future__ import annotations

import logging
import re
import threading

import pytest
from sqlalchemy import func, select

from forum_feedback.analysis.redaction import find_identifiers
from forum_feedback.analysis.safeguarding import warm_up as warm_up_screen
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.services import screen_text
from tests.helpers import page
from tests.submissions.test_journey import answer_all

CANARY = "CANARY-7f3e9 my son Jack at Oakfield Primary 07700 900123"


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def _token(client, path: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get(path).get_data(as_text=True)).group(
        1
    )


def test_post_without_csrf_token_is_refused(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/feedback/experience", data={"story": "hello"})
    assert response.status_code == 400
    assert page(response).h1 == ["Sorry, your session has timed out"]


def test_post_with_csrf_token_is_accepted(csrf_app):
    client = csrf_app.test_client()
    token = _token(client, "/feedback/experience")
    response = client.post("/feedback/experience", data={"story": "hello", "csrf_token": token})
    assert response.status_code == 302


def test_canary_story_never_appears_in_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    answer_all(client, story=CANARY)
    client.post("/feedback/contact", data={"contact": "yes", "contact_detail": "canary-contact@example.com"})
    client.get("/feedback/check")
    client.post("/feedback/check", data={})
    client.get("/feedback/sent")
    assert "feedback" in caplog.text  # the app did log something about the submission
    assert "CANARY-7f3e9" not in caplog.text
    assert "canary-contact" not in caplog.text
    assert "07700" not in caplog.text


def test_sending_is_rate_limited_per_address_and_keeps_the_draft(make_app, session):
    app = make_app(RATELIMIT_ENABLED=True, SUBMIT_RATE_LIMIT="2 per hour")
    client = app.test_client()
    for _ in range(2):
        answer_all(client)
        assert client.post("/feedback/check", data={}).status_code == 302
    answer_all(client)
    refused = client.post("/feedback/check", data={})
    assert refused.status_code == 429
    assert page(refused).h1 == ["You have sent too many requests"]
    assert session.scalar(select(func.count(Feedback.id))) == 2
    assert client.get("/feedback/check").status_code == 200  # the answers are still there


def test_oversized_request_is_refused_politely(make_app):
    app = make_app(MAX_CONTENT_LENGTH=50_000)
    response = app.test_client().post("/feedback/experience", data={"story": "x" * 60_000})
    assert response.status_code == 413
    assert page(response).h1 == ["Your answer is too long to send"]


def test_concurrent_sends_all_land(app, session):
    """Sixteen families press send at the same moment: every one is stored, none sees an error."""
    # As gunicorn's post_worker_init does: compile the screening rules before the first send, which
    # would otherwise compile them while holding SQLite's write lock, past the others' lock timeout.
    warm_up_screen()
    find_identifiers("warm up")
    clients = [app.test_client() for _ in range(16)]
    for number, client in enumerate(clients):
        answer_all(client, story=f"story {number}")
    barrier, statuses = threading.Barrier(len(clients)), []

    def send(client) -> None:
        barrier.wait()
        statuses.append(client.post("/feedback/check", data={}).status_code)

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * len(clients)
    stories = set(session.scalars(select(Feedback.story)))
    assert stories == {f"story {number}" for number in range(len(clients))}


def test_a_forum_can_turn_the_safeguarding_second_net_off(make_app):
    """Only the learned net raises this text (no rule names it): with SAFEGUARDING_SECOND_NET off, nothing does."""
    story = (
        "Since he started staying at his dad's every other weekend he comes back very quiet and withdrawn, "
        "and he won't say why."
    )
    with make_app().app_context():
        assert screen_text(story)[:2] == ("possible", True)
    with make_app(SAFEGUARDING_SECOND_NET=False).app_context():
        assert screen_text(story)[:2] == ("none", False)
        assert screen_text("He said he wants to die.")[:2] == ("high", True)  # the rules still read everything
