"""The database unavailable (503, Retry-After, the answer kept, fast), and unexpected errors (a correlation
id in the page, the header and every log line; no form values in logs; no forged log lines)."""

from __future__ import annotations

import logging
import sqlite3
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from forum_feedback.db import normalise_url
from forum_feedback.errors import RequestLogFormatter
from forum_feedback.submissions import services
from tests.conftest import POSTGRES_URL
from tests.helpers import page
from tests.submissions.test_journey import answer_all

STORY = "Third caseworker this year, each one starts from scratch. UNSAVED-CANARY"
SORRY = "Sorry, there is a problem with the service"
FAST = 3.0  # seconds: a locked or unreachable database is reported well within this (the lock wait is 0.2 s)


def _down(*_args, **_kwargs):
    raise OperationalError("UPDATE draft ...", {}, Exception("server closed the connection unexpectedly"))


def _assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    html = response.get_data(as_text=True)
    assert SORRY in html
    assert "Traceback" not in html and "server closed" not in html


def _assert_story_kept(response) -> None:
    _assert_unavailable(response)
    assert page(response).h1 == ["Tell us about your experience"]
    assert STORY in response.get_data(as_text=True)  # still in the text box, ready to send again


def test_a_failing_database_answers_503_and_keeps_the_typed_answer(client, monkeypatch):
    monkeypatch.setattr(services, "save_answers", _down)
    _assert_story_kept(client.post("/feedback/experience", data={"story": STORY}))


def test_a_failing_send_answers_503_and_keeps_the_draft(client, monkeypatch):
    answer_all(client, story=STORY)
    with monkeypatch.context() as patch:
        patch.setattr(services, "send_draft", _down)
        _assert_unavailable(client.post("/feedback/check", data={}))
    check = client.get("/feedback/check")  # once the database is back, the answers are all there
    assert check.status_code == 200 and STORY in check.get_data(as_text=True)


@pytest.fixture
def locked_database(database_url):
    """Another process holds the database's write lock (SQLite) or an exclusive lock on the drafts (PostgreSQL)."""
    if POSTGRES_URL:
        engine = create_engine(normalise_url(database_url))
        connection = engine.connect()
        connection.execute(text("LOCK TABLE draft IN ACCESS EXCLUSIVE MODE"))
        yield
        connection.rollback()
        connection.close()
        engine.dispose()
        return
    connection = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    connection.execute("BEGIN EXCLUSIVE")
    yield
    connection.execute("ROLLBACK")
    connection.close()


def test_a_locked_database_answers_503_fast_and_keeps_the_answer(make_app, locked_database):
    client = make_app(DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS=0.2).test_client()
    started = time.monotonic()
    response = client.post("/feedback/experience", data={"story": STORY})
    assert time.monotonic() - started < FAST
    _assert_story_kept(response)


@pytest.mark.skipif(bool(POSTGRES_URL), reason="PostgreSQL: one locked table leaves the database writable")
def test_healthz_is_503_while_another_process_holds_the_write_lock(make_app, locked_database):
    client = make_app(DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS=0.2).test_client()
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < FAST
    assert response.status_code == 503 and response.json["database"] is False
    assert response.headers["Retry-After"].isdigit()


def test_postgresql_unreachable_answers_503_fast_and_keeps_the_answer(make_app):
    from scripts.loadlib import free_port

    app = make_app(f"postgresql://postgres@127.0.0.1:{free_port()}/forum_feedback")
    client = app.test_client()
    started = time.monotonic()
    _assert_story_kept(client.post("/feedback/experience", data={"story": STORY}))
    health = client.get("/healthz")
    assert time.monotonic() - started < 2 * FAST
    assert health.status_code == 503 and health.json["database"] is False


# --- unexpected errors and the logs ---------------------------------------------------------------


@pytest.fixture
def boom_app(app):
    @app.post("/boom")
    def boom():
        logging.getLogger("forum_feedback.test").info("about to fail")
        raise RuntimeError("secret detail from a family")

    return app


def test_an_unexpected_error_has_a_correlation_id_in_page_header_and_every_log_line(boom_app, caplog):
    caplog.set_level(logging.INFO)
    response = boom_app.test_client().post("/boom", data={"story": "FORM-VALUE-CANARY 07700 900123"})
    assert response.status_code == 500
    assert page(response).h1 == [SORRY]
    request_id = response.headers["X-Request-ID"]
    assert len(request_id) >= 16
    assert request_id in response.get_data(as_text=True)
    records = [record for record in caplog.records if record.name.startswith("forum_feedback")]
    assert records[0].getMessage() == "about to fail"
    assert all(record.request_id == request_id for record in records)
    error = next(record for record in records if record.levelno == logging.ERROR)
    assert "RuntimeError" in error.getMessage() and "test_errors.py" in error.getMessage()  # the stack, with the id
    assert "secret detail" not in caplog.text and "FORM-VALUE-CANARY" not in caplog.text and "07700" not in caplog.text


def test_every_response_has_a_request_id_and_each_request_its_own(client):
    first, second = client.get("/"), client.get("/no-such-page")
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_a_proxys_request_id_is_kept_only_if_it_is_plain(client):
    assert client.get("/", headers={"X-Request-ID": "proxy-abc123-xyz"}).headers["X-Request-ID"] == "proxy-abc123-xyz"
    for junk in ("<script>alert(1)</script>", "short", "x" * 65, "id with spaces [ERROR] admin"):
        assert client.get("/", headers={"X-Request-ID": junk}).headers["X-Request-ID"] != junk


def test_a_logged_value_cannot_forge_a_log_line(app, caplog):
    caplog.set_level(logging.INFO)
    forged = "Jack\r\n2026-12-02 01:00:00 [ERROR] admin signed in\u2028x"

    @app.get("/log")
    def log_value():
        logging.getLogger("forum_feedback.test").info("searched for %s", forged)
        logging.getLogger("forum_feedback.test").info(forged)
        return "ok"

    app.test_client().get("/log")
    messages = [record.getMessage() for record in caplog.records if record.name == "forum_feedback.test"]
    assert len(messages) == 2
    for message in messages:
        assert "\n" not in message and "\r" not in message and "\u2028" not in message
        assert "\\r\\n2026-12-02" in message
    line = RequestLogFormatter().format(logging.makeLogRecord({"msg": "a\nb", "levelname": "INFO"}))
    assert line.splitlines() == [line]


def test_any_page_answers_503_with_retry_after_when_the_database_fails(app, caplog):
    @app.get("/staff-like-page")
    def staff_like_page():
        _down()

    response = app.test_client().get("/staff-like-page")
    _assert_unavailable(response)
    assert page(response).h1 == [SORRY]
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)
    assert "server closed" not in caplog.text


def test_web_requests_wait_briefly_for_locks_and_the_command_line_longer(make_app):
    app = make_app(DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS=2, DATABASE_REQUEST_STATEMENT_TIMEOUT_SECONDS=7)
    from forum_feedback.extensions import get_db, get_session

    def limits(session) -> tuple[str, ...]:
        if get_db().is_sqlite:
            return (str(session.execute(text("PRAGMA busy_timeout")).scalar()),)
        return tuple(session.execute(text(f"SHOW {name}")).scalar() for name in ("lock_timeout", "statement_timeout"))

    with app.test_request_context("/feedback/check", method="POST"):
        in_request = limits(get_session())
    with app.app_context(), get_db().write_session() as session:
        elsewhere = limits(session)
    if POSTGRES_URL:
        assert in_request == ("2s", "7s") and elsewhere == ("0", "0")
    else:
        assert in_request == ("2000",) and elsewhere == ("30000",)


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's disk full, simulated with PRAGMA max_page_count")
def test_a_full_sqlite_disk_answers_503_and_keeps_the_story_in_the_form(app, client):
    """The disk fills as a family saves their story: the friendly 503, no stack trace, the story still in the box."""
    from sqlalchemy import event

    from tests.conftest import get_db_for

    client.post("/feedback/experience", data={"story": "A short start."})  # the draft exists
    # Nearly the longest story a family may send: more pages than the file has free.
    story = STORY + " " + "The school said they would call back and never did. " * 188
    engine = get_db_for(app).engine

    def no_room_to_grow(connection, _record) -> None:
        cursor = connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    event.listen(engine, "connect", no_room_to_grow)
    engine.dispose()  # every new connection finds the disk full
    try:
        response = client.post("/feedback/experience", data={"story": story})
    finally:
        event.remove(engine, "connect", no_room_to_grow)
        engine.dispose()
    _assert_story_kept(response)
    # Room again: the same story is saved and the family goes on.
    assert client.post("/feedback/experience", data={"story": story}).location == "/feedback/about"
