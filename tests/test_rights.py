"""Subject access: with their receipt code a family sees everything held about their feedback, as a page
and as a file; a rep takes the same file for a family who asks another way. Audit-logged, never cached,
rate-limited, and the code never in an address."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from forum_feedback import retention
from forum_feedback.audit.models import AuditEntry
from forum_feedback.enums import AuditAction, Consent, FeedbackStatus
from forum_feedback.evidence.models import EvidencePack, PackQuote
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.submissions.receipts import hash_receipt_code
from forum_feedback.themes.models import FeedbackTheme, Theme
from tests.factories import create_user, sign_in_as
from tests.helpers import page

CODE = "WXYZ-2345-6789"
STORY = "The taxi to Oakfield Primary was late every day in March."
RECEIVED = dt.datetime(2026, 3, 20, 9, 0, tzinfo=dt.UTC)


class _ByTestId(HTMLParser):
    """The text inside each element with a ``data-testid``."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "meta", "link", "img"):
            return
        testid = dict(attrs).get("data-testid")
        self._open.append((tag, testid))
        if testid:
            self.found[testid] = ""

    def handle_endtag(self, tag):
        if self._open:
            self._open.pop()

    def handle_data(self, data):
        for _tag, testid in self._open:
            if testid:
                self.found[testid] += data


def by_testid(response) -> dict[str, str]:
    parser = _ByTestId()
    parser.feed(response.get_data(as_text=True))
    return {key: " ".join(value.split()) for key, value in parser.found.items()}


@pytest.fixture
def feedback(session) -> Feedback:
    theme = Theme(key="k1", auto_label="Home-to-school transport")
    item = Feedback(
        received_at=RECEIVED,
        channel="online",
        story=STORY,
        what_would_help="A driver who knows him.",
        consent=Consent.QUOTE_PARTNERS,
        status=FeedbackStatus.REVIEWED,
        reviewed_at=RECEIVED + dt.timedelta(days=2),
        redacted_story="The taxi to [school] was late every day in March.",
        redacted_help="A driver who knows him.",
        contact_consent=True,
        contact_name="Tansy Ambrose",
        contact_detail="tansy@example.org",
        age_band="5-10",
        local_area="north",
        receipt_hash=hash_receipt_code(CODE),
        sentiment=-0.5,
        services=[FeedbackService(service="transport")],
    )
    session.add_all([theme, item])
    session.flush()
    pack = EvidencePack(title="Transport in spring", audience="partners", period_start=dt.date(2026, 1, 1))
    pack.period_end = dt.date(2026, 3, 31)
    session.add_all(
        [
            FeedbackTheme(feedback_id=item.id, theme_id=theme.id, confidence=0.9),
            pack,
            OutboxMessage(to_address="tansy@example.org", subject="s", body="b"),
        ]
    )
    session.flush()
    session.add(PackQuote(pack_id=pack.id, feedback_id=item.id))
    session.commit()
    return item


def _audit(session, action):
    return session.scalars(select(AuditEntry).where(AuditEntry.action == action)).all()


def test_the_family_sees_everything_held_about_their_feedback(client, session, feedback):
    response = client.post("/feedback/everything-we-hold", data={"code": CODE})
    assert response.status_code == 200
    assert page(response).h1 == ["Everything we hold about your feedback"]
    assert response.headers["Cache-Control"] == "no-store"
    shown = by_testid(response)
    assert shown["your-words"] == STORY
    assert shown["what-would-help"] == "A driver who knows him."
    assert shown["services"] == "Home-to-school transport"
    assert shown["consent"] == "Quote my words anonymously to the people who run services"
    assert (shown["contact-name"], shown["contact-detail"], shown["may-contact"]) == (
        "Tansy Ambrose",
        "tansy@example.org",
        "Yes",
    )
    assert shown["emails-sent"] == "1"
    assert shown["words-others-see"] == "The taxi to [school] was late every day in March."
    assert shown["theme"] == "Home-to-school transport"
    assert shown["tone"] == "Mostly negative (score -0.50 from -1 to 1)"
    assert "Transport in spring" in shown["packs"] and "Yes, without details" in shown["packs"]
    # Received 20 March 2026: exact words kept 24 months, contact details 12 (the defaults).
    assert "your exact words: on 20 March 2028" in shown["deletion"]
    assert "your contact details: on 20 March 2027" in shown["deletion"]
    [entry] = _audit(session, AuditAction.SUBJECT_ACCESS_BY_FAMILY)
    assert (entry.actor_id, entry.target_id, entry.detail) == (None, str(feedback.id), "")


def test_the_page_asks_for_the_code_in_a_form_never_in_the_address(client):
    response = client.get("/feedback/everything-we-hold")
    assert response.status_code == 200
    assert page(response).h1 == ["See everything we hold about your feedback"]
    assert response.headers["Cache-Control"] == "no-store"
    assert 'method="post"' in response.get_data(as_text=True)


def test_an_unknown_code_is_a_clear_error_and_shows_nothing(client, session, feedback):
    response = client.post("/feedback/everything-we-hold", data={"code": "AAAA-BBBB-CCCC"})
    assert page(response).errors == ["We could not find feedback with that receipt code. Check it and try again"]
    assert page(response).title.startswith("Error: ")
    assert STORY not in response.get_data(as_text=True)
    assert _audit(session, AuditAction.SUBJECT_ACCESS_BY_FAMILY) == []


def test_an_empty_code_is_a_clear_error(client):
    response = client.post("/feedback/everything-we-hold", data={"code": ""})
    assert page(response).errors == ["Enter your receipt code"]


def test_the_family_downloads_it_as_a_file(client, session, feedback):
    response = client.post("/feedback/everything-we-hold.json", data={"code": CODE})
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == f'attachment; filename="feedback-{feedback.id}.json"'
    assert response.headers["Cache-Control"] == "no-store"
    held = json.loads(response.data)
    assert held["your_words"] == STORY and held["contact_detail"] == "tansy@example.org"
    assert held["received_on"] == "2026-03-20" and held["theme"] == "Home-to-school transport"
    assert held["evidence_packs"] == [
        {"title": "Transport in spring", "status": "Draft", "shared": False, "quoted": True}
    ]
    assert held["original_words_will_be_deleted_on"] == "2028-03-20"
    assert len(_audit(session, AuditAction.SUBJECT_ACCESS_BY_FAMILY)) == 1


def test_the_file_needs_a_right_code(client, feedback):
    assert client.post("/feedback/everything-we-hold.json", data={"code": "AAAA-BBBB-CCCC"}).status_code == 400
    assert client.post("/feedback/everything-we-hold.json").status_code == 400


def test_withdrawn_feedback_shows_only_what_is_left(client, session, feedback):
    assert client.post("/feedback/withdraw", data={"code": CODE}).status_code == 200
    response = client.post("/feedback/everything-we-hold", data={"code": CODE})
    shown = by_testid(response)
    assert "You withdrew this feedback" in shown["withdrawn"]
    assert "your-words" not in shown and shown["no-contact"]
    assert STORY not in response.get_data(as_text=True)


def test_after_the_retention_period_the_family_is_told_their_exact_words_went(client, session, feedback):
    retention.apply_retention(session, now=RECEIVED + dt.timedelta(days=800), periods=retention.Periods(24, 12))
    shown = by_testid(client.post("/feedback/everything-we-hold", data={"code": CODE}))
    assert shown["your-words"] == "The taxi to [school] was late every day in March."
    assert "We kept your exact words until" in shown["words-redacted"]
    assert "no-contact" in shown


def test_code_lookups_here_are_rate_limited_across_page_and_file(make_app, session, feedback):
    app = make_app(RATELIMIT_ENABLED=True)
    client = app.test_client()
    for number in range(20):
        url = "/feedback/everything-we-hold" + (".json" if number % 2 else "")
        assert client.post(url, data={"code": "AAAA-BBBB-CCCC"}).status_code in (200, 400)
    assert client.post("/feedback/everything-we-hold", data={"code": CODE}).status_code == 429
    assert client.post("/feedback/everything-we-hold.json", data={"code": CODE}).status_code == 429


def test_a_rep_takes_the_same_file_for_a_family_and_it_is_audit_logged(app, client, session, feedback):
    rep = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, rep)
    response = client.get(f"/staff/feedback/{feedback.id}/everything-held.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert json.loads(response.data)["your_words"] == STORY
    [entry] = _audit(session, AuditAction.SUBJECT_ACCESS_EXPORTED)
    assert (entry.actor_id, entry.target_id, entry.detail) == (rep.id, str(feedback.id), "")
    assert client.get("/staff/feedback/999999/everything-held.json").status_code == 404


def test_the_item_page_offers_the_file(client, session, feedback):
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    html = client.get(f"/staff/feedback/{feedback.id}").get_data(as_text=True)
    assert f'href="/staff/feedback/{feedback.id}/everything-held.json"' in html


def test_the_status_page_links_to_everything_we_hold(client, feedback):
    html = client.post("/feedback/your-feedback", data={"code": CODE}).get_data(as_text=True)
    assert 'action="/feedback/everything-we-hold"' in html


def test_a_board_member_cannot_take_the_file(client, session, feedback):
    sign_in_as(client, session, create_user(session, email="board@example.org", role="board"))
    assert client.get(f"/staff/feedback/{feedback.id}/everything-held.json").status_code == 403
    assert _audit(session, AuditAction.SUBJECT_ACCESS_EXPORTED) == []


def test_deletion_dates_follow_the_settings(session, feedback):
    dates = retention.deletion_dates(feedback, retention.Periods(original_months=6, contact_months=None))
    assert dates.original_words == dt.datetime(2026, 9, 20, 9, 0, tzinfo=dt.UTC) and dates.contact_details is None


def test_the_privacy_notice_gives_the_periods_and_the_way_in(client):
    response = client.get("/privacy")
    shown = by_testid(response)
    assert shown["retention-words"].startswith("We keep your exact words for 24 months")
    assert shown["retention-contact"] == "We delete your contact details 12 months after you send your feedback."
    assert 'href="/feedback/everything-we-hold"' in response.get_data(as_text=True)
