"""The board's pages: only shared packs, the quarter's summary, responses and commitments."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from forum_feedback.board import services
from forum_feedback.board.models import Commitment
from forum_feedback.enums import PackStatus
from forum_feedback.evidence.models import EvidencePack
from tests.evidence.factories import LABELS, PARTNER_WORDS, create_pack, loop_corpus, shared_pack
from tests.factories import create_user, sign_in_as
from tests.helpers import page

Q2 = services.Quarter(2026, 2)


@pytest.fixture
def board_member(client, session):
    user = create_user(session, email="board@example.org", role="board")
    sign_in_as(client, session, user)
    return user


@pytest.fixture
def packs(session):
    corpus = loop_corpus(session)
    shared = shared_pack(session, list(corpus["themes"]), quotes=[corpus["partner"]])
    draft = create_pack(session, [corpus["themes"][1]])
    draft.title = "A draft the board must not see"
    session.commit()
    return shared, draft


def test_quarters():
    assert services.parse_quarter("2026-q2", today=dt.date(2025, 1, 1)) == Q2
    assert services.parse_quarter("nonsense", today=dt.date(2026, 5, 1)) == Q2
    assert (Q2.start, Q2.end, Q2.label) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30), "April to June 2026")
    assert Q2.previous == services.Quarter(2026, 1) and services.Quarter(2026, 4).next == services.Quarter(2027, 1)


def test_a_board_member_starts_at_the_quarter_and_sees_only_shared_packs(client, board_member, packs):
    shared, draft = packs
    assert client.get("/staff/").location == "/staff/board"
    view = page(client.get("/staff/board?quarter=2026-q2"))
    assert view.h1 == ["April to June 2026"]
    assert shared.title in view.html and draft.title not in view.html
    assert f'href="/staff/board/packs/{shared.id}"' in view.html
    assert "Themes where either period had fewer than 5 are left out." in view.html
    assert client.get(f"/staff/board/packs/{draft.id}").status_code == 404
    assert client.get(f"/staff/board/packs/{draft.id}/export.pdf").status_code == 404
    assert client.get(f"/staff/evidence/{shared.id}").status_code == 403
    assert "No evidence was shared with partners this quarter." in client.get("/staff/board?quarter=2026-q1").text


def test_the_shared_pack_shows_only_its_chosen_redacted_quotes(client, board_member, packs):
    shared, _ = packs
    html = client.get(f"/staff/board/packs/{shared.id}").get_data(as_text=True)
    assert f"“{PARTNER_WORDS}”" in html
    assert html.count('data-testid="pack-quote"') == 1
    assert "/staff/themes" not in html and "/staff/inbox" not in html


def test_top_and_rising_themes_leave_out_small_numbers(session, packs):
    summary = services.board_summary(session, quarter=Q2, today=dt.date(2026, 5, 1), labels=LABELS)
    assert [(row.label, row.now.text) for row in summary.top_themes] == [("Late transport", "13"), ("CAMHS waits", "7")]
    assert [row.change.text for row in summary.rising] == ["+13", "+7"]
    assert [status for status, found in summary.by_status if found] == [PackStatus.SHARED]


def test_a_response_moves_the_pack_on(client, board_member, packs, session):
    shared, _ = packs
    missing = page(client.post(f"/staff/board/packs/{shared.id}/response", data={"response": " "}))
    assert missing.errors == ["Enter the partner’s response"]
    client.post(
        f"/staff/board/packs/{shared.id}/response",
        data={"response": "We agree and will act.", "partner_rag": "amber", "partner_rag_reason": "Started."},
    )
    saved = session.get(EvidencePack, shared.id, populate_existing=True)
    assert (saved.status, saved.partner_rag, saved.response) == ("response_received", "amber", "We agree and will act.")


def test_a_commitment_is_recorded_and_its_progress_dated(client, board_member, packs, session):
    shared, _ = packs
    bad = page(client.post(f"/staff/board/packs/{shared.id}/commitments/new", data={"text": "x", "owner": "LA"}))
    assert "Enter the date it is due" in bad.errors
    client.post(
        f"/staff/board/packs/{shared.id}/commitments/new",
        data={
            "text": "We will ring back in two days.",
            "owner": "LA SEND",
            "due_on": ["1", "1", "2020"],
            "rag": "red",
            "rung": "consultation",
        },
    )
    commitment = session.scalars(select(Commitment)).one()
    html = client.get(f"/staff/board/commitments/{commitment.id}").get_data(as_text=True)
    assert "Overdue" in html and "Consultation (step 4 of 7)" in html
    client.post(
        f"/staff/board/commitments/{commitment.id}", data={"note": "Done now.", "status": "done", "rag": "green"}
    )
    session.expire_all()
    done = session.get(Commitment, commitment.id)
    assert (done.status, done.rag, [n.note for n in done.notes]) == ("done", "green", ["Done now."])
    assert "Overdue" not in client.get(f"/staff/board/commitments/{commitment.id}").get_data(as_text=True)
    home = client.get("/staff/board?quarter=2026-q2").get_data(as_text=True)
    assert "No commitment is overdue." in home


def test_commitments_only_for_shared_packs(session, packs):
    _, draft = packs
    with pytest.raises(services.BoardError):
        services.record_commitment(
            session,
            pack_id=draft.id,
            text="We will",
            owner="LA",
            due_on=dt.date(2026, 6, 1),
            rag=None,
            rung=None,
            actor_id=None,
            now=dt.datetime(2026, 4, 2, tzinfo=dt.UTC),
        )
