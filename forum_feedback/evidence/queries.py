"""Read-only queries behind evidence packs: the live items of a draft, and the comments that may be quoted."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from forum_feedback.enums import NOT_COUNTED, Consent, FeedbackStatus
from forum_feedback.evidence.figures import Item, Period
from forum_feedback.evidence.models import EvidencePack, PackItem
from forum_feedback.quoting import Audience, Quote, quotable, quotable_condition
from forum_feedback.submissions.filters import FeedbackFilters
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.themes.models import FeedbackTheme


def period_of(pack: EvidencePack) -> Period:
    return Period(pack.period_start, pack.period_end)


def scope_filters(pack: EvidencePack, *, previous: bool = True) -> FeedbackFilters:
    """The pack's optional filters and dates (from the previous period's start when ``previous``)."""
    period = period_of(pack)
    return FeedbackFilters(
        date_from=period.previous.start if previous else period.start,
        date_to=period.end,
        service=pack.service,
        local_area=pack.local_area,
        age_band=pack.age_band,
        channel=pack.channel,
    )


def _in_scope(query: Select, pack: EvidencePack, theme_ids: Sequence[int], *, previous: bool) -> Select:
    query = query.join(FeedbackTheme, FeedbackTheme.feedback_id == Feedback.id).where(
        FeedbackTheme.theme_id.in_(list(theme_ids)), Feedback.status.not_in(NOT_COUNTED)
    )
    return scope_filters(pack, previous=previous).apply(query, today=pack.period_end)


def live_items(session: Session, *, pack: EvidencePack, theme_ids: Sequence[int]) -> list[Item]:
    """The counted feedback in the pack's themes now, this period and the one before, with its answers."""
    if not theme_ids:
        return []
    rows = session.execute(
        _in_scope(
            select(
                Feedback.id,
                FeedbackTheme.theme_id,
                Feedback.received_at,
                Feedback.local_area,
                Feedback.age_band,
                Feedback.channel,
                Feedback.contact_detail,
            ),
            pack,
            theme_ids,
            previous=True,
        ).order_by(Feedback.id)
    ).all()
    services = _services(session, pack, theme_ids)
    start = period_of(pack).start
    families: dict[str, int] = {}
    items = []
    for fid, theme_id, received_at, area, age, channel, contact in rows:
        # One family who left the same contact details twice is counted once; the details stay here.
        key = contact.strip().casefold() if contact and contact.strip() else f"item {fid}"
        family = families.setdefault(key, len(families) + 1)
        in_period = received_at.date() >= start
        items.append(Item(fid, theme_id, in_period, received_at, area, age, channel, services.get(fid, ()), family))
    return items


def _services(session: Session, pack: EvidencePack, theme_ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    query = _in_scope(
        select(FeedbackService.feedback_id, FeedbackService.service)
        .select_from(Feedback)
        .join(FeedbackService, FeedbackService.feedback_id == Feedback.id),
        pack,
        theme_ids,
        previous=True,
    ).order_by(FeedbackService.feedback_id, FeedbackService.service)
    found: dict[int, list[str]] = defaultdict(list)
    for fid, service in session.execute(query):
        found[fid].append(service)
    return {fid: tuple(values) for fid, values in found.items()}


def frozen_items(session: Session, *, pack_id: int) -> list[Item]:
    """The items a pack froze when it was marked ready."""
    rows = session.scalars(select(PackItem).where(PackItem.pack_id == pack_id).order_by(PackItem.feedback_id))
    return [
        Item(
            row.feedback_id,
            row.theme_id,
            row.in_period,
            row.received_at,
            row.local_area,
            row.age_band,
            row.channel,
            tuple(json.loads(row.services_json)),
            row.family,
        )
        for row in rows
    ]


# --- quotes ---------------------------------------------------------------------------------------

CANDIDATES = 40


def quote_candidates(session: Session, *, pack: EvidencePack, limit: int = CANDIDATES) -> list[Quote]:
    """Comments in the pack's themes and period that the pack's audience may see quoted, closest to
    each theme's centre first (only moderated, redacted words: the quoting rule decides)."""
    audience = Audience(pack.audience)
    ids = list(
        session.scalars(
            _in_scope(select(Feedback.id), pack, pack.theme_ids, previous=False)
            .where(quotable_condition(audience))
            .order_by(FeedbackTheme.confidence.desc(), Feedback.id)
            .limit(limit)
        )
    )
    allowed = quotable(session, ids, audience=audience)
    return [allowed[i] for i in ids if i in allowed]


def candidate_ids(session: Session, *, pack: EvidencePack, feedback_ids: Sequence[int]) -> set[int]:
    """Of ``feedback_ids``, those in the pack's scope that its audience may see quoted."""
    audience = Audience(pack.audience)
    in_scope = set(
        session.scalars(
            _in_scope(select(Feedback.id), pack, pack.theme_ids, previous=False).where(
                Feedback.id.in_(list(feedback_ids)), quotable_condition(audience)
            )
        )
    )
    return set(quotable(session, in_scope, audience=audience))


def why_not_quotable(session: Session, *, pack: EvidencePack) -> dict[str, int]:
    """How many comments in scope can't be quoted to the pack's audience, by reason (for the picker)."""
    query = _in_scope(select(Feedback.consent, Feedback.status, func.count()), pack, pack.theme_ids, previous=False)
    counts = {"count_only": 0, "not_public": 0, "not_checked": 0}
    for consent, status, n in session.execute(query.group_by(Feedback.consent, Feedback.status)):
        if consent == Consent.COUNT:
            counts["count_only"] += n
        elif pack.audience == Audience.PUBLIC and consent != Consent.QUOTE_PUBLIC:
            counts["not_public"] += n
        elif status != FeedbackStatus.REVIEWED:
            counts["not_checked"] += n
    return counts
