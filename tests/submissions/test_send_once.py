"""Sending is exactly once: two presses of send at the same moment store one story, and the receipt code
never travels in the (signed, readable) session cookie."""

from __future__ import annotations

import base64
import re
import threading
import zlib

import pytest
from sqlalchemy import func, select

from forum_feedback.analysis.redaction import find_identifiers
from forum_feedback.analysis.safeguarding import warm_up as warm_up_screen
from forum_feedback.enums import FeedbackStatus
from forum_feedback.submissions import services
from forum_feedback.submissions.models import Draft, Feedback
from forum_feedback.submissions.steps import STEPS
from tests.conftest import POSTGRES_URL
from tests.helpers import page
from tests.submissions.test_journey import answer_all

TRIALS = 8
COOKIE = "forum_feedback_session"
RECEIPT = re.compile(r'data-testid="receipt-code">([A-Z0-9-]+)<')


def _twin(app, client):
    """A second client holding the same cookie: the same browser pressing send twice (or two tabs)."""
    twin = app.test_client()
    twin.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return twin


def _send_together(clients) -> list:
    barrier, responses = threading.Barrier(len(clients)), [None] * len(clients)

    def send(index: int) -> None:
        barrier.wait()
        responses[index] = clients[index].post("/feedback/check", data={})

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_two_simultaneous_sends_store_one_story(app, session):
    """Real threads against the app on its database (a SQLite file, or PostgreSQL): one row each trial."""
    # As gunicorn's post_worker_init does: compile the screening rules now, not while a send holds
    # SQLite's write lock (the twin would wait past the request's lock timeout on a busy machine).
    warm_up_screen()
    find_identifiers("warm up")
    for trial in range(TRIALS):
        client = app.test_client()
        answer_all(client, story=f"double send {trial}")
        responses = _send_together([client, _twin(app, client)])
        stored = session.scalar(
            select(func.count()).select_from(Feedback).where(Feedback.story == f"double send {trial}")
        )
        assert stored == 1, f"trial {trial}: {stored} rows"
        assert [response.status_code for response in responses] == [302, 302]
        assert all(response.location.endswith("/feedback/sent") for response in responses)


@pytest.mark.skipif(not POSTGRES_URL, reason="SQLite's write lock, taken at BEGIN, orders the two sends")
def test_a_send_that_lands_between_the_twins_reads_still_shows_the_twin_the_confirmation(app, session, monkeypatch):
    """The interleaving the threads above hit only on a busy machine, forced: the other press commits just
    after this one first reads the draft. PostgreSQL's reads see each commit, so a second read of the draft
    finds it sent; that must mean "sent", never "your answers were deleted"."""
    client = app.test_client()
    answer_all(client, story="sent by the other press mid-read")
    twin = _twin(app, client)
    other: list = []

    def the_other_press_lands_after(read):
        def reading(*args, **kwargs):
            result = read(*args, **kwargs)
            if not other:
                other.append("pressed")
                pressing = threading.Thread(target=lambda: other.append(client.post("/feedback/check", data={})))
                pressing.start()
                pressing.join()
            return result

        return reading

    for name in ("is_sent", "load_answers"):
        monkeypatch.setattr(services, name, the_other_press_lands_after(getattr(services, name)))
    response = twin.post("/feedback/check", data={})
    assert other[1].status_code == 302 and other[1].location.endswith("/feedback/sent")
    assert response.status_code == 302 and response.location.endswith("/feedback/sent")
    assert page(twin.get("/feedback/sent")).h1 == ["Feedback sent"]
    stored = select(func.count(Feedback.id)).where(Feedback.story == "sent by the other press mid-read")
    assert session.scalar(stored) == 1


def test_the_second_send_shows_the_confirmation_and_the_code_shown_withdraws_the_one_copy(app, client, session):
    answer_all(client, story="sent twice by a double click")
    twin = _twin(app, client)
    first = client.post("/feedback/check", data={})
    second = twin.post("/feedback/check", data={})
    assert first.status_code == second.status_code == 302
    assert second.location.endswith("/feedback/sent")
    # The browser shows the second response: its confirmation page carries the code, once.
    shown = twin.get("/feedback/sent")
    assert page(shown).h1 == ["Feedback sent"]
    code = RECEIPT.search(shown.get_data(as_text=True)).group(1)
    assert RECEIPT.search(client.get("/feedback/sent").get_data(as_text=True)) is None
    assert session.scalar(select(func.count(Feedback.id))) == 1

    assert client.post("/feedback/withdraw", data={"code": code}).status_code == 200
    assert session.scalars(select(Feedback.status)).all() == [FeedbackStatus.WITHDRAWN]
    assert session.scalar(select(func.count(Feedback.id)).where(Feedback.story != "")) == 0


def test_sending_again_after_the_confirmation_stores_nothing_more(client, session):
    answer_all(client)
    cookie = client.get_cookie(COOKIE).value
    client.post("/feedback/check", data={})
    client.get("/feedback/sent")
    client.set_cookie(COOKIE, cookie)  # Back to the check page, as it was before sending, and send again
    again = client.post("/feedback/check", data={})
    assert again.status_code == 302 and again.location.endswith("/feedback/sent")
    assert page(client.get("/feedback/sent")).h1 == ["Feedback sent"]
    assert session.scalar(select(func.count(Feedback.id))) == 1


def test_a_question_page_in_the_other_tab_after_sending_shows_the_confirmation_not_lost_answers(app, client):
    answer_all(client)
    other_tab = _twin(app, client)
    client.post("/feedback/check", data={})
    later_question = other_tab.get(f"/feedback/{STEPS[1].slug}")
    assert later_question.status_code == 302 and later_question.location.endswith("/feedback/sent")
    shown = other_tab.get("/feedback/sent").get_data(as_text=True)
    assert "not sent within a day" not in shown and "Feedback sent" in shown


def test_a_sent_draft_keeps_no_answers(client, session):
    answer_all(client, story="words that must not linger in the draft")
    client.post("/feedback/check", data={})
    assert [draft.answers for draft in session.scalars(select(Draft))] == ["{}"]
    client.get("/feedback/sent")
    assert [draft.receipt_code for draft in session.scalars(select(Draft))] == [None]


def _cookie_contents(app, client) -> str:
    """Everything the session cookie says, as anyone holding it can read it (no secret key needed)."""
    cookie = client.get_cookie(COOKIE)
    if cookie is None:
        return ""
    value = cookie.value
    decoded = app.session_interface.get_signing_serializer(app).loads(value)
    payload = value.lstrip(".").split(".")[0]
    raw = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    if value.startswith("."):
        raw = zlib.decompress(raw)
    return f"{decoded!r} {raw.decode()}"


def test_the_receipt_code_is_never_in_the_session_cookie(app, client):
    answer_all(client)
    client.post("/feedback/check", data={})
    after_send = _cookie_contents(app, client)
    code = RECEIPT.search(client.get("/feedback/sent").get_data(as_text=True)).group(1)
    assert "sent_id" in after_send  # the cookie was read: it holds the sent draft's id, not its code
    for contents in (after_send, _cookie_contents(app, client)):
        assert code not in contents and code.replace("-", "") not in contents
