"""Evidence packs as a rep builds them: figures, quotes, the snapshot when ready, status, and withdrawal."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.enums import Consent, PackStatus
from forum_feedback.evidence import queries, services
from forum_feedback.evidence.models import EvidencePack
from forum_feedback.submissions import services as submissions
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.receipts import hash_receipt_code
from forum_feedback.themes.models import FeedbackTheme
from tests.evidence.factories import BEFORE, LABELS, add_feedback, create_pack, create_theme

NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def themes(session):
    transport, camhs = create_theme(session, label="Late transport"), create_theme(session, label="CAMHS waits")
    add_feedback(session, transport, n=12, contact="same@example.org")  # one family, twelve times
    add_feedback(session, transport, n=6, received_at=BEFORE)
    add_feedback(session, camhs, n=8, services=("camhs",), local_area="south", age_band="11-15")
    add_feedback(session, camhs, n=3, consent=Consent.COUNT, services=("camhs",), local_area="south")
    return transport, camhs


def _view(session, pack):
    return services.pack_view(session, pack_id=pack.id, labels=LABELS, partner_names={"la-send": "LA SEND"})


def test_a_new_pack_counts_its_themes_and_drafts_what_families_told_us(session, themes):
    pack = create_pack(session, list(themes))
    view = _view(session, pack)
    assert pack.title == "Late transport and CAMHS waits"
    assert view.figures.items.value == 23 and view.figures.previous.value == 6
    assert view.figures.change.text == "+17"
    assert view.figures.families.value == 12  # the twelve from one address count once
    assert [(row.label, row.now.value, row.before.value) for row in view.figures.themes] == [
        ("Late transport", 12, 6),
        ("CAMHS waits", 11, 0),
    ]
    assert "23 pieces of feedback about Late transport and CAMHS waits" in pack.summary
    assert "17 more than in the period of the same length before" in pack.summary


def test_filters_narrow_the_pack(session, themes):
    pack = create_pack(session, list(themes), local_area="south")
    assert _view(session, pack).figures.items.value == 11


def test_only_quotable_comments_can_be_chosen(session, themes):
    transport, camhs = themes
    pack = create_pack(session, [camhs])
    count_only = session.scalars(select(Feedback.id).where(Feedback.consent == Consent.COUNT)).first()
    [unchecked] = add_feedback(session, camhs, reviewed=False, services=("camhs",))
    with pytest.raises(services.PackError):
        services.choose_quotes(session, pack_id=pack.id, feedback_ids=[count_only], actor_id=None, now=NOW)
    with pytest.raises(services.PackError):
        services.choose_quotes(session, pack_id=pack.id, feedback_ids=[unchecked.id], actor_id=None, now=NOW)
    other_theme = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == transport.id))
    with pytest.raises(services.PackError):
        services.choose_quotes(session, pack_id=pack.id, feedback_ids=[other_theme.first()], actor_id=None, now=NOW)
    candidates = queries.quote_candidates(session, pack=pack)
    assert count_only not in {q.feedback_id for q in candidates} and unchecked.id not in {
        q.feedback_id for q in candidates
    }
    services.choose_quotes(session, pack_id=pack.id, feedback_ids=[candidates[0].feedback_id], actor_id=None, now=NOW)
    assert [q.feedback_id for q in _view(session, pack).quotes] == [candidates[0].feedback_id]
    assert queries.why_not_quotable(session, pack=pack)["count_only"] == 3


def test_a_public_pack_quotes_only_families_who_said_public(session, themes):
    transport, _ = themes
    pack = create_pack(session, [transport], audience="public")
    assert queries.quote_candidates(session, pack=pack) == []  # those families allowed quoting to partners only
    [public] = add_feedback(session, transport, consent=Consent.QUOTE_PUBLIC, story="Public words about the bus.")
    assert [q.feedback_id for q in queries.quote_candidates(session, pack=pack)] == [public.id]


def _ready(session, pack, quote_ids):
    services.choose_quotes(session, pack_id=pack.id, feedback_ids=quote_ids, actor_id=None, now=NOW)
    return services.move_pack(session, pack_id=pack.id, to=PackStatus.READY, actor_id=None, now=NOW)


def test_a_ready_pack_keeps_its_figures_names_and_words_whatever_the_themes_do(session, themes):
    transport, camhs = themes
    pack = create_pack(session, [transport])
    quoted = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == transport.id)).first()
    _ready(session, pack, [quoted])
    before = _view(session, pack)

    transport.label = "Renamed later"
    session.get(Feedback, quoted).redacted_story = "Edited after the pack was ready."
    moved = session.scalars(select(FeedbackTheme).where(FeedbackTheme.theme_id == transport.id)).all()[:4]
    for row in moved:
        row.theme_id = camhs.id  # a later merge or move
    add_feedback(session, transport, n=5)
    session.commit()

    after = _view(session, pack)
    assert after.figures == before.figures
    assert after.figures.themes[0].label == "Late transport"
    assert [q.text for q in after.quotes] == [q.text for q in before.quotes] != ["Edited after the pack was ready."]


def test_status_moves_one_step_at_a_time_dated_and_logged(session, themes, app):
    pack = create_pack(session, [themes[0]])
    with pytest.raises(services.PackError):
        services.move_pack(session, pack_id=pack.id, to=PackStatus.SHARED, actor_id=None, now=NOW)
    for status in (PackStatus.READY, PackStatus.SHARED, PackStatus.RESPONSE_RECEIVED):
        services.move_pack(session, pack_id=pack.id, to=status, actor_id=None, now=NOW)
    pack = session.get(EvidencePack, pack.id, populate_existing=True)
    assert [step.status for step in _view(session, pack).history] == ["draft", "ready", "shared", "response_received"]
    assert pack.shared_at is not None
    logged = session.scalars(select(AuditEntry.detail).where(AuditEntry.target_type == "evidence pack")).all()
    assert "ready → shared" in logged


def test_back_to_draft_from_ready_lets_go_of_the_snapshot(session, themes):
    transport, _ = themes
    pack = _ready(session, create_pack(session, [transport]), [])
    services.move_pack(session, pack_id=pack.id, to=PackStatus.DRAFT, actor_id=None, now=NOW)
    add_feedback(session, transport, n=5)
    assert _view(session, pack).figures.items.value == 17


def _withdraw(session, feedback: Feedback) -> None:
    feedback.receipt_hash = hash_receipt_code(f"CODE{feedback.id:08d}")
    session.commit()
    assert submissions.withdraw_feedback(session, code=f"CODE{feedback.id:08d}", now=NOW)


def test_withdrawal_leaves_every_pack_and_flags_shared_ones(session, themes):
    transport, _ = themes
    ids = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == transport.id)).all()
    quoted = session.get(Feedback, ids[0])
    ready = _ready(session, create_pack(session, [transport]), [quoted.id])
    shared = _ready(session, create_pack(session, [transport]), [quoted.id])
    services.move_pack(session, pack_id=shared.id, to=PackStatus.SHARED, actor_id=None, now=NOW)
    draft = create_pack(session, [transport])
    services.choose_quotes(session, pack_id=draft.id, feedback_ids=[quoted.id], actor_id=None, now=NOW)

    _withdraw(session, quoted)

    session.expire_all()
    for pack in (ready, shared, draft):
        assert _view(session, pack).quotes == []
    assert _view(session, ready).figures.items.value == 11  # not yet shared: it leaves the count
    assert _view(session, draft).figures.items.value == 11
    assert _view(session, shared).figures.items.value == 12  # shared: the partner has read 12
    flagged = session.get(EvidencePack, shared.id)
    assert flagged.needs_attention and "the partner already has" in flagged.attention_note
    assert not session.get(EvidencePack, ready.id).needs_attention


def test_a_frozen_pack_reads_the_counts_kept_when_frozen_and_they_equal_its_items(session, themes):
    from forum_feedback.evidence import figures

    pack = _ready(session, create_pack(session, list(themes)), [])
    assert pack.tally_json
    from_items = figures.compute(
        queries.frozen_items(session, pack_id=pack.id),
        period=queries.period_of(pack),
        theme_ids=pack.theme_ids,
        answer_order={key: list(LABELS[key]) for key in ("local_area", "age_band")},
    )
    assert services.pack_figures(session, pack, labels=LABELS) == from_items
    assert from_items.items == 23 and dict(from_items.by_local_area)["south"] == 11

    pack.tally_json = None  # as a pack frozen before the tally was kept
    session.commit()
    assert services.pack_figures(session, pack, labels=LABELS) == from_items  # counted from its items
    assert services.fill_missing_tallies(session) == 1
    assert services.pack_figures(session, session.get(EvidencePack, pack.id), labels=LABELS) == from_items
    services.move_pack(session, pack_id=pack.id, to=PackStatus.DRAFT, actor_id=None, now=NOW)
    assert session.get(EvidencePack, pack.id).tally_json is None
