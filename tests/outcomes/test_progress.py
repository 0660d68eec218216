"""A family's receipt code shows where their feedback has got to, and what came of it."""

from __future__ import annotations

import pytest

from forum_feedback.db import utcnow
from forum_feedback.outcomes import services as outcomes
from forum_feedback.submissions.receipts import hash_receipt_code
from tests.evidence.factories import loop_corpus, shared_pack
from tests.helpers import page

CODE = "ABCD-EFGH-JKLM"


@pytest.fixture
def corpus(session):
    corpus = loop_corpus(session)
    corpus["partner"].receipt_hash = hash_receipt_code(CODE)
    session.commit()
    return corpus


def _steps(client) -> dict[str, str]:
    html = client.post("/feedback/your-feedback", data={"code": CODE}).get_data(as_text=True)
    steps = {}
    for chunk in html.split('class="forum-progress__step')[1:]:
        title = chunk.split('forum-progress__title govuk-body govuk-!-font-weight-bold">')[1].split("<")[0]
        steps[title] = chunk.split('data-done="')[1].split('"')[0]
    return steps


def test_received_read_and_in_a_theme(client, corpus):
    assert _steps(client) == {
        "We received it": "yes",
        "A forum rep has read it": "yes",
        "It is part of a theme the forum is working on": "yes",
        "It is in evidence we shared with the people who run services": "no",
        "We have published what came of it": "no",
    }


def test_shared_with_named_partners_then_the_outcome(client, corpus, session):
    pack = shared_pack(session, list(corpus["themes"]))
    html = client.post("/feedback/your-feedback", data={"code": CODE}).get_data(as_text=True)
    assert "with Local authority SEND service" in html
    assert _steps(client)["We have published what came of it"] == "no"

    words = outcomes.OutcomeWords("Transport fixed", "Families said", "Partners did", "changed", None, "transport")
    outcome = outcomes.create_outcome(session, pack_id=pack.id, words=words, actor_id=None, now=utcnow())
    links = outcomes.MailLinks(outcome=lambda i: f"/o/{i}", unsubscribe=lambda i: f"/u/{i}", check_feedback="/c")
    outcomes.publish_outcome(session, outcome_id=outcome.id, links=links, forum_name="PCF", actor_id=None, now=utcnow())

    view = page(client.post("/feedback/your-feedback", data={"code": CODE}))
    assert view.h1 == ["Your feedback"] and "Transport fixed" in view.html
    assert f'href="/you-said-we-did/{outcome.id}"' in view.html
    assert _steps(client)["We have published what came of it"] == "yes"
    assert "Yes, withdraw my feedback" in view.html  # they can still withdraw


def test_a_withdrawn_item_says_so_and_nothing_else(client, corpus):
    client.post("/feedback/withdraw", data={"code": CODE})
    view = page(client.post("/feedback/your-feedback", data={"code": CODE}))
    assert "You withdrew this feedback." in view.html and 'data-testid="progress"' not in view.html
