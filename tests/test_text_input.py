"""Control characters are decided once, at the request boundary; ids in URLs are ones the database holds.

Each test runs on SQLite and, with FORUM_FEEDBACK_TEST_DATABASE_URL, on PostgreSQL (which refuses
NUL in a text column and integers past 2^31 - 1: both gave 500s before).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum_feedback.submissions.models import Feedback
from forum_feedback.text_input import clean_text
from forum_feedback.web.routing import MAX_ID
from tests.factories import FAST_HASHING, create_user, sign_in_as
from tests.helpers import page
from tests.moderation.factories import create_feedback
from tests.submissions.test_journey import answer_all


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(FAST_HASHING)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("a\x00b", "ab"),
        ("line one\r\nline two\rthree\n", "line one\nline two\nthree\n"),
        ("tab\tkept", "tab\tkept"),
        ("\x01\x08\x0b\x0c\x1b[31m\x1f\x7f\x85\x9f", "[31m"),
        ("é 😀 ‘quotes’ \u00a0 \u2028", "é 😀 ‘quotes’ \u00a0 \u2028"),
    ],
)
def test_clean_text_keeps_line_breaks_and_tabs_and_drops_other_controls(sent, kept):
    assert clean_text(sent) == kept


def test_a_story_with_a_nul_is_sent_and_stored_without_it(client, session):
    answer_all(client, story="We waited\x00 a year\r\nfor the\x1b plan")
    client.post("/feedback/what-would-help", data={"help": "Some\x00one to call"})
    client.post("/feedback/contact", data={"contact": "yes", "contact_detail": "parent\x00@example.com"})
    response = client.post("/feedback/check", data={})
    assert response.status_code == 302 and response.location.endswith("/feedback/sent")
    stored = session.scalars(select(Feedback)).one()
    assert (stored.story, stored.what_would_help) == ("We waited a year\nfor the plan", "Someone to call")
    assert stored.contact_detail == "parent@example.com"


def test_a_nul_in_the_sign_in_email_is_a_normal_error(client, session):
    create_user(session, email="rep@example.org")
    response = client.post("/sign-in", data={"email": "rep\x00@example.org\x00", "password": "wrong\x00"})
    assert response.status_code == 200
    assert page(response).errors


def test_a_nul_in_a_redaction_is_saved_without_it(client, session):
    sign_in_as(client, session, create_user(session, role="rep"))
    feedback = create_feedback(session)
    response = client.post(f"/staff/feedback/{feedback.id}", data={"story": "Applied\x00 for [name]\x07"})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Feedback, feedback.id).redacted_story == "Applied for [name]"


@pytest.mark.parametrize("url", ["/staff/inbox", "/staff/themes", "/staff/inbox/plain"])
def test_a_nul_in_the_search_box_searches_without_it(client, session, url):
    sign_in_as(client, session, create_user(session, role="rep"))
    create_feedback(session, story="The EHC plan took a year")
    response = client.get(url, query_string={"q": "EHC\x00 plan", "period": "\x00", "page": "1\x00"})
    assert response.status_code == 200
    assert "The EHC plan took a year" in response.get_data(as_text=True)


def test_a_search_longer_than_the_limit_is_refused_with_a_message(client, session):
    sign_in_as(client, session, create_user(session, role="rep"))
    response = client.get("/staff/themes", query_string={"q": "a" * 50_001})
    assert response.status_code == 200
    assert "Search for 200 characters or fewer" in page(response).errors


def _int_routes(app) -> list[str]:
    return sorted(
        {
            rule.rule
            for rule in app.url_map.iter_rules()
            if any(type(conv).__name__ == "IdConverter" for conv in rule._converters.values())
        }
    )


def test_every_int_route_uses_the_bounded_id_converter(app):
    from werkzeug.routing import IntegerConverter

    plain = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if any(type(conv) is IntegerConverter for conv in rule._converters.values())
    ]
    assert plain == []
    assert len(_int_routes(app)) >= 30


@pytest.mark.parametrize("number", [0, MAX_ID + 1, 2**63, 10**30])
def test_an_id_the_database_cannot_hold_is_page_not_found_on_every_route(app, client, session, number):
    sign_in_as(client, session, create_user(session, role="admin"))
    seen = {}
    for rule in _int_routes(app):
        url = rule
        for name in ("feedback_id", "theme_id", "run_id", "user_id", "pack_id", "outcome_id", "commitment_id"):
            url = url.replace(f"<int:{name}>", str(number))
        url = url.replace("<int:correction_id>", str(number))
        seen[url] = (client.get(url).status_code, client.post(url, data={}).status_code)
    # 405 where the route has no such method: the page is not found either way, and nothing was queried.
    assert {url: codes for url, codes in seen.items() if not set(codes) <= {404, 405}} == {}
    assert {code for codes in seen.values() for code in codes} == {404, 405}
