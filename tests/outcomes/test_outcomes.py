"""'You said, we did': publishing, the public pages and feed, and the email to families who asked."""

from __future__ import annotations

import datetime as dt
from email import policy
from email.parser import BytesParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from forum_feedback.db import utcnow
from forum_feedback.enums import MailStatus
from forum_feedback.mail.models import OutboxMessage
from forum_feedback.outcomes.models import Outcome
from forum_feedback.submissions import services as submissions
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.receipts import hash_receipt_code
from tests.evidence.factories import PARTNER_WORDS, PUBLIC_WORDS, loop_corpus, shared_pack
from tests.factories import create_user, sign_in_as
from tests.helpers import page

WORDS = {
    "title": "A coordinator who rings back",
    "you_said": "Families told us nobody rang back about transport.",
    "we_did": "The council named a transport coordinator.",
    "progress": "changed",
    "rung": "co_design",
    "service": "transport",
}


@pytest.fixture
def rep(client, session):
    user = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, user)
    return user


@pytest.fixture
def corpus(session):
    corpus = loop_corpus(session)
    corpus["pack"] = shared_pack(session, list(corpus["themes"]), quotes=[corpus["public"], corpus["partner"]])
    return corpus


def _write(client, pack, **changes):
    response = client.post("/staff/outcomes/new", data={"pack": str(pack.id), **WORDS, **changes})
    assert response.status_code == 302, page(response).errors
    return int(response.location.rsplit("/", 1)[1])


def mails(app) -> list:
    folder = Path(app.config["MAIL_DIR"])
    return [BytesParser(policy=policy.default).parsebytes(path.read_bytes()) for path in sorted(folder.glob("*.eml"))]


def test_nothing_is_public_until_published(client, rep, corpus, app):
    outcome_id = _write(client, corpus["pack"])
    anonymous = app.test_client()
    assert anonymous.get(f"/you-said-we-did/{outcome_id}").status_code == 404
    assert WORDS["title"] not in anonymous.get("/you-said-we-did").get_data(as_text=True)
    assert b"<entry>" not in anonymous.get("/you-said-we-did/feed.atom").data

    client.post(f"/staff/outcomes/{outcome_id}/publish")
    listing = page(anonymous.get("/you-said-we-did"))
    assert listing.h1 == ["You said, we did"] and WORDS["title"] in listing.html
    view = page(anonymous.get(f"/you-said-we-did/{outcome_id}"))
    assert view.h1 == [WORDS["title"]] and "Co-design: step 6 of 7" in view.html
    assert f"“{PUBLIC_WORDS}”" in view.html and PARTNER_WORDS not in view.html  # public consent only


def test_the_public_page_filters_by_service_area(client, rep, corpus, app):
    client.post(f"/staff/outcomes/{_write(client, corpus['pack'])}/publish")
    anonymous = app.test_client()
    assert WORDS["title"] in anonymous.get("/you-said-we-did?service=transport").get_data(as_text=True)
    other = anonymous.get("/you-said-we-did?service=camhs").get_data(as_text=True)
    assert WORDS["title"] not in other and "Nothing published here yet about this service area." in other


def test_the_atom_feed(client, rep, corpus, app):
    outcome_id = _write(client, corpus["pack"])
    client.post(f"/staff/outcomes/{outcome_id}/publish")
    response = app.test_client().get("/you-said-we-did/feed.atom")
    assert response.mimetype == "application/atom+xml"
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.data)
    [entry] = feed.findall("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == WORDS["title"]
    assert entry.find("a:link", ns).get("href").endswith(f"/you-said-we-did/{outcome_id}")
    assert "We did: The council named a transport coordinator." in entry.findtext("a:content", namespaces=ns)


def test_publishing_emails_the_family_who_asked_without_their_words(client, rep, corpus, app, session):
    client.post(f"/staff/outcomes/{_write(client, corpus['pack'])}/publish")
    [mail] = mails(app)
    assert mail["To"] == "family@example.org" and "What came of what you told us" in mail["Subject"]
    body = mail.get_content()
    assert body.startswith("Hello Alex,") and "/you-said-we-did/" in body and "/unsubscribe/" in body
    assert PUBLIC_WORDS not in body and "transport coordinator phoned" not in body
    assert session.scalars(select(OutboxMessage.status)).all() == [MailStatus.SENT]


def test_a_failed_send_is_retried_and_never_blocks_publishing(make_app, corpus, session):
    app = make_app(
        MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=9, SMTP_SECURITY="none", SMTP_TIMEOUT_SECONDS=2
    )
    client = app.test_client()
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    outcome_id = _write(client, corpus["pack"])
    assert client.post(f"/staff/outcomes/{outcome_id}/publish").status_code == 302
    assert session.get(Outcome, outcome_id).published_at is not None
    message = session.scalars(select(OutboxMessage)).one()
    assert message.status == MailStatus.WAITING and message.attempts >= 1 and message.last_error

    from forum_feedback.extensions import get_db
    from forum_feedback.mail import services as mail

    file_app = make_app()  # the mail server is back (here: the file backend)
    with file_app.app_context():
        later = utcnow() + dt.timedelta(days=1)
        assert mail.send_due(get_db(), config=file_app.config, now=later) == {"sent": 1, "failed": 0}
    session.expire_all()
    assert session.get(OutboxMessage, message.id).status == MailStatus.SENT


def test_unsubscribing_erases_the_contact_details(client, rep, corpus, app, session):
    client.post(f"/staff/outcomes/{_write(client, corpus['pack'])}/publish")
    link = next(line for line in mails(app)[0].get_content().splitlines() if "/unsubscribe/" in line)
    path = "/unsubscribe/" + link.rsplit("/unsubscribe/", 1)[1].strip()
    anonymous = app.test_client()
    assert page(anonymous.get(path)).h1 == ["Stop emails from us"]
    assert session.get(Feedback, corpus["public"].id).contact_detail == "family@example.org"  # a GET changes nothing
    assert page(anonymous.post(path)).title.startswith("You will not get emails from us")
    session.expire_all()
    feedback = session.get(Feedback, corpus["public"].id)
    assert (feedback.contact_consent, feedback.contact_detail, feedback.contact_name) == (False, "", "")
    assert session.scalars(select(OutboxMessage.to_address)).all() == [""]
    assert anonymous.get("/unsubscribe/forged-token").status_code == 404


def test_withdrawal_cancels_an_email_not_sent_yet(make_app, corpus, session):
    app = make_app(
        MAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=9, SMTP_SECURITY="none", SMTP_TIMEOUT_SECONDS=2
    )
    client = app.test_client()
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    client.post(f"/staff/outcomes/{_write(client, corpus['pack'])}/publish")
    feedback = corpus["public"]
    feedback.receipt_hash = hash_receipt_code("ABCD-EFGH-JKLM")
    session.commit()
    submissions.withdraw_feedback(session, code="ABCD-EFGH-JKLM", now=utcnow())
    session.expire_all()
    message = session.scalars(select(OutboxMessage)).one()
    assert (message.status, message.to_address) == (MailStatus.CANCELLED, "")
