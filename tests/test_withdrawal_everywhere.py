"""A withdrawn family's words appear nowhere: no page any role can open, no export, no table of the database.

Their words were quoted in a shared pack, a draft pack and a published outcome, and they had left
an email address. After they withdraw, every GET route the app has is opened as a rep, a board
member and the public, with every id the corpus made, and every export is read.
"""

from __future__ import annotations

import io

import pytest
from docx import Document
from pypdf import PdfReader
from sqlalchemy import select

from forum_feedback.db import utcnow
from forum_feedback.enums import Consent, FeedbackStatus
from forum_feedback.evidence import services as evidence
from forum_feedback.models import metadata
from forum_feedback.outcomes import services as outcomes
from forum_feedback.submissions.receipts import hash_receipt_code
from tests.evidence.factories import add_feedback, create_pack, loop_corpus, shared_pack
from tests.factories import create_user, sign_in_as

CANARY = "Quillwhistle"
STORY = f"Mrs {CANARY} at the school said my son cannot go on the trip, and the taxi came late again."
CODE = "WXYZ-2345-6789"


@pytest.fixture
def world(session):
    corpus = loop_corpus(session)
    transport = corpus["themes"][0]
    [family] = add_feedback(
        session, transport, story=STORY, consent=Consent.QUOTE_PUBLIC, contact="canary@example.org", confidence=1.0
    )
    family.what_would_help, family.redacted_help = f"Ask {CANARY} to ring me.", f"Ask {CANARY} to ring."
    # The rep left the name in: withdrawal must erase the redacted copy too, wherever it went.
    family.redacted_story, family.receipt_hash = STORY, hash_receipt_code(CODE)
    session.commit()
    shared = shared_pack(session, [transport], quotes=[family], audience="public")
    draft = create_pack(session, [transport])
    evidence.choose_quotes(session, pack_id=draft.id, feedback_ids=[family.id], actor_id=None, now=utcnow())
    words = outcomes.OutcomeWords("Trips for everyone", "Families said", "Partners did", "changed", None, "")
    outcome = outcomes.create_outcome(session, pack_id=shared.id, words=words, actor_id=None, now=utcnow())
    links = outcomes.MailLinks(outcome=str, unsubscribe=str, check_feedback="/c")
    outcomes.publish_outcome(session, outcome_id=outcome.id, links=links, forum_name="PCF", actor_id=None, now=utcnow())
    return {"family": family, "theme": transport, "packs": [shared, draft], "outcome": outcome}


def _urls(app, world) -> list[str]:
    values = {
        "feedback_id": world["family"].id,
        "theme_id": world["theme"].id,
        "outcome_id": world["outcome"].id,
        "slug": "experience",
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        if "pack_id" in rule.arguments:
            for pack in world["packs"]:
                for kind in ("docx", "pdf", "csv") if "kind" in rule.arguments else (None,):
                    args = {"pack_id": pack.id, **({"kind": kind} if kind else {})}
                    urls.append(rule.build(args)[1])
        elif set(rule.arguments) <= set(values):
            urls.append(rule.build({name: values[name] for name in rule.arguments})[1])
    return [*sorted(set(urls)), "/staff/themes?q=taxi", f"/staff/themes/{world['theme'].id}?q=trip"]


def _text(response) -> str:
    if response.mimetype.endswith("wordprocessingml.document"):
        document = Document(io.BytesIO(response.data))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    if response.mimetype == "application/pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    return response.get_data(as_text=True)


def test_before_withdrawal_the_words_are_there(app, session, world):
    client = app.test_client()
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    pack = world["packs"][0]
    assert CANARY in _text(client.get(f"/staff/evidence/{pack.id}/export.pdf"))
    assert CANARY in app.test_client().get(f"/you-said-we-did/{world['outcome'].id}").get_data(as_text=True)


def test_after_withdrawal_the_words_are_nowhere(app, session, world):
    clients = {"anonymous": app.test_client()}
    for role in ("rep", "board", "admin"):
        clients[role] = app.test_client()
        sign_in_as(clients[role], session, create_user(session, email=f"{role}@example.org", role=role))
    assert clients["anonymous"].post("/feedback/withdraw", data={"code": CODE}).status_code == 200

    seen = 0
    for url in _urls(app, world):
        for role, client in clients.items():
            response = client.get(url)
            assert response.status_code < 500, (role, url)
            if response.status_code == 200:
                seen += 1
                text = _text(response)
                assert CANARY not in text and "canary@example.org" not in text, (role, url)
    assert seen > 60  # every page each role may open was read

    for table in metadata.sorted_tables:
        for row in session.execute(select(table)):
            assert CANARY not in str(tuple(row)) and "canary@example.org" not in str(tuple(row)), table.name
    assert session.get(type(world["family"]), world["family"].id).status == FeedbackStatus.WITHDRAWN
