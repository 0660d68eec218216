"""Staff actions that see a family's words as sent, export, or erase are in the audit log, with who did it,
naming records by id only and never holding the words themselves."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from forum_feedback import retention
from forum_feedback.audit.models import AuditEntry
from forum_feedback.enums import AuditAction, FeedbackStatus
from forum_feedback.evidence.models import EvidencePack
from forum_feedback.models import metadata
from forum_feedback.submissions.models import Feedback
from tests.evidence.factories import UNCHECKED_WORDS, add_feedback, create_pack, loop_corpus, shared_pack
from tests.factories import create_user, sign_in_as

CANARY = "Quillwhistle"


@pytest.fixture
def corpus(session):
    return loop_corpus(session)


@pytest.fixture
def rep(client, session):
    user = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, user)
    return user


def _entries(session, action) -> list[AuditEntry]:
    return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)))


def _no_words_in_the_log(session) -> None:
    for entry in session.scalars(select(AuditEntry)):
        assert CANARY not in entry.detail and "Unchecked words" not in entry.detail


def test_opening_an_item_with_the_words_as_sent_is_logged(client, session, corpus, rep):
    [item] = add_feedback(session, corpus["themes"][0], story=f"Mrs {CANARY} shouted at him.", reviewed=False)
    assert client.get(f"/staff/feedback/{item.id}").status_code == 200
    assert client.get(f"/staff/feedback/{item.id}").status_code == 200
    entries = _entries(session, AuditAction.ORIGINAL_VIEWED)
    assert [(e.actor_id, e.target_type, e.target_id, e.detail) for e in entries] == [
        (rep.id, "feedback", str(item.id), "")
    ] * 2
    _no_words_in_the_log(session)


def test_an_item_without_words_as_sent_is_not_logged_as_seen(client, session, corpus, rep):
    [old] = add_feedback(session, corpus["themes"][0], story=f"Mrs {CANARY} shouted at him.", reviewed=False)
    retention.apply_retention(session, now=old.received_at.replace(year=2030), periods=retention.Periods(24, None))
    response = client.get(f"/staff/feedback/{old.id}")
    assert response.status_code == 200 and "under the forum’s retention schedule" in response.get_data(as_text=True)
    assert _entries(session, AuditAction.ORIGINAL_VIEWED) == []


def test_a_theme_page_showing_unchecked_words_logs_which_items(client, session, corpus, rep):
    transport = corpus["themes"][0]
    response = client.get(f"/staff/themes/{transport.id}")
    assert response.status_code == 200 and UNCHECKED_WORDS in response.get_data(as_text=True)
    [entry] = _entries(session, AuditAction.ORIGINAL_VIEWED)
    assert (entry.actor_id, entry.target_type, entry.target_id) == (rep.id, "theme", str(transport.id))
    assert entry.detail == f"feedback {corpus['unchecked'].id}"
    _no_words_in_the_log(session)


def test_a_theme_page_with_only_checked_words_is_not_logged(client, session, corpus, rep):
    camhs = corpus["themes"][1]
    assert client.get(f"/staff/themes/{camhs.id}").status_code == 200
    assert _entries(session, AuditAction.ORIGINAL_VIEWED) == []


@pytest.mark.parametrize("kind", ["docx", "pdf", "csv"])
def test_every_evidence_export_is_logged(client, session, corpus, rep, kind):
    pack = create_pack(session, [corpus["themes"][0]])
    assert client.get(f"/staff/evidence/{pack.id}/export.{kind}").status_code == 200
    [entry] = _entries(session, AuditAction.PACK_EXPORTED)
    assert (entry.actor_id, entry.target_type, entry.target_id, entry.detail) == (
        rep.id,
        "evidence pack",
        str(pack.id),
        kind,
    )


def test_a_board_members_export_is_logged(client, session, corpus):
    pack = shared_pack(session, [corpus["themes"][0]], quotes=[corpus["partner"]])
    board = create_user(session, email="board@example.org", role="board")
    sign_in_as(client, session, board)
    assert client.get(f"/staff/board/packs/{pack.id}/export.pdf").status_code == 200
    [entry] = _entries(session, AuditAction.PACK_EXPORTED)
    assert (entry.actor_id, entry.target_id, entry.detail) == (board.id, str(pack.id), "pdf")


def test_an_administrator_erases_feedback_for_a_family_everywhere(client, session, corpus):
    family = corpus["public"]
    family.story = family.redacted_story = f"Mrs {CANARY} at the school."
    session.commit()
    pack = shared_pack(session, [corpus["themes"][0]], quotes=[family])
    admin = create_user(session, email="admin@example.org", role="admin")
    sign_in_as(client, session, admin)
    confirm = client.get(f"/staff/feedback/{family.id}/erase")
    assert confirm.status_code == 200 and "Erase feedback" in confirm.get_data(as_text=True)
    response = client.post(f"/staff/feedback/{family.id}/erase")
    assert response.status_code == 302 and response.location.endswith(f"/staff/feedback/{family.id}")

    for table in metadata.sorted_tables:
        for row in session.execute(select(table)):
            assert CANARY not in str(tuple(row)) and "family@example.org" not in str(tuple(row)), table.name
    session.expire_all()
    assert session.get(Feedback, family.id).status == FeedbackStatus.WITHDRAWN
    [entry] = _entries(session, AuditAction.FEEDBACK_ERASED_BY_STAFF)
    assert (entry.actor_id, entry.target_id, entry.detail) == (admin.id, str(family.id), "")
    assert client.post(f"/staff/feedback/{family.id}/erase").status_code == 302  # twice: nothing more
    assert len(_entries(session, AuditAction.FEEDBACK_ERASED_BY_STAFF)) == 1
    assert session.get(EvidencePack, pack.id).needs_attention  # the rep is told to tell the partner


def test_a_rep_cannot_erase(client, session, corpus, rep):
    assert client.post(f"/staff/feedback/{corpus['public'].id}/erase").status_code == 403
    assert session.get(Feedback, corpus["public"].id).status == FeedbackStatus.REVIEWED
    assert "Erase this feedback" not in client.get(f"/staff/feedback/{corpus['public'].id}").get_data(as_text=True)


def test_erasing_feedback_that_does_not_exist_is_not_found(client, session):
    sign_in_as(client, session, create_user(session, email="admin@example.org", role="admin"))
    assert client.get("/staff/feedback/999999/erase").status_code == 404


def test_the_plain_feedback_preview_logs_which_items_it_shows(client, session, corpus, rep):
    [plain] = add_feedback(session, corpus["themes"][0], story="The bus was late twice this week.", reviewed=False)
    response = client.get("/staff/inbox/plain")
    assert response.status_code == 200 and "The bus was late twice this week." in response.get_data(as_text=True)
    [entry] = _entries(session, AuditAction.ORIGINAL_VIEWED)
    assert (entry.actor_id, entry.target_type) == (rep.id, "inbox")
    assert str(plain.id) in entry.detail.removeprefix("feedback ").split(", ")
    _no_words_in_the_log(session)
