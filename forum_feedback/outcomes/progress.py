"""Where a family's feedback has got to, in plain words, for the page their receipt code opens.

Received → read by the forum → part of a theme the forum is working on → in evidence shared with
named partners → outcome published. Nothing here shows the family's words, or anyone else's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from forum_feedback.enums import PACK_SHARED, FeedbackStatus, ThemeStatus
from forum_feedback.evidence.models import EvidencePack, PackItem, PackTheme
from forum_feedback.outcomes.models import Outcome
from forum_feedback.submissions.models import Feedback
from forum_feedback.submissions.services import find_by_receipt
from forum_feedback.themes.models import FeedbackTheme, Theme


@dataclass(frozen=True)
class Step:
    title: str
    done: bool
    detail: str = ""


@dataclass(frozen=True)
class Progress:
    feedback: Feedback
    steps: list[Step] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)


def progress_for_receipt(session: Session, *, code: str, partner_names: Mapping[str, str]) -> Progress | None:
    """The feedback a receipt code belongs to and how far it has got, or None for an unknown code."""
    feedback = find_by_receipt(session, code=code)
    if feedback is None:
        return None
    if feedback.status == FeedbackStatus.WITHDRAWN:
        return Progress(feedback)
    theme = _theme(session, feedback.id)
    packs = _shared_packs(session, feedback.id)
    partners = sorted({partner_names.get(slug, slug) for pack in packs for slug in pack.partners})
    outcomes = _outcomes(session, [pack.id for pack in packs], theme.id if theme else None)
    steps = [
        Step("We received it", True, f"on {feedback.received_at:%-d %B %Y}"),
        Step("A forum rep has read it", feedback.status in (FeedbackStatus.REVIEWED, FeedbackStatus.HIDDEN)),
        Step(
            "It is part of a theme the forum is working on",
            theme is not None,
            f"‘{theme.display_label}’" if theme else "",
        ),
        Step(
            "It is in evidence we shared with the people who run services",
            bool(packs),
            "with " + _and(partners) if partners else "",
        ),
        Step("We have published what came of it", bool(outcomes)),
    ]
    return Progress(feedback, steps, outcomes)


def _theme(session: Session, feedback_id: int) -> Theme | None:
    return session.scalars(
        select(Theme)
        .join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
        .where(FeedbackTheme.feedback_id == feedback_id, Theme.status == ThemeStatus.ACTIVE)
    ).first()


def _shared_packs(session: Session, feedback_id: int) -> list[EvidencePack]:
    return list(
        session.scalars(
            select(EvidencePack)
            .join(PackItem, PackItem.pack_id == EvidencePack.id)
            .where(PackItem.feedback_id == feedback_id, PackItem.in_period, EvidencePack.status.in_(PACK_SHARED))
            .order_by(EvidencePack.shared_at)
        )
    )


def _outcomes(session: Session, pack_ids: list[int], theme_id: int | None) -> list[Outcome]:
    """Published outcomes of a pack the feedback is in, or of a pack about the theme it is in now."""
    about_theme = select(PackTheme.pack_id).where(PackTheme.theme_id == theme_id) if theme_id else None
    conditions = [Outcome.pack_id.in_(pack_ids)] if pack_ids else []
    if about_theme is not None:
        conditions.append(Outcome.pack_id.in_(about_theme))
    if not conditions:
        return []
    return list(
        session.scalars(
            select(Outcome).where(Outcome.published_at.is_not(None), or_(*conditions)).order_by(Outcome.published_at)
        )
    )


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
