"""Keyword-only factories for feedback in the moderation tests."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from forum_feedback.submissions.models import Feedback, FeedbackService

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def create_feedback(
    session: Session,
    *,
    story: str = "Applied for an EHC assessment in January, it's now June and nobody can tell me where it's up to.",
    help: str = "",
    received_at: dt.datetime = START,
    status: str = "new",
    safeguarding_open: bool = False,
    risk_level: str = "none",
    services: tuple[str, ...] = ("ehc-assessment",),
    channel: str = "online",
    contact_name: str = "",
    contact_detail: str = "",
    age_band: str | None = "5-10",
    local_area: str | None = "north",
    consent: str = "quote_partners",
) -> Feedback:
    """One piece of feedback, committed, with the answers a family might give."""
    feedback = Feedback(
        received_at=received_at,
        created_at=received_at,
        channel=channel,
        source="online form",
        story=story,
        what_would_help=help,
        age_band=age_band,
        local_area=local_area,
        consent=consent,
        contact_consent=bool(contact_detail),
        contact_name=contact_name,
        contact_detail=contact_detail,
        status=status,
        safeguarding_open=safeguarding_open,
        risk_level=risk_level,
        services=[FeedbackService(service=slug) for slug in services],
    )
    session.add(feedback)
    session.commit()
    return feedback


def create_many(session: Session, count: int, *, start: dt.datetime = START, **kwargs: object) -> list[Feedback]:
    """``count`` pieces of feedback arriving an hour apart."""
    return [
        create_feedback(session, received_at=start + dt.timedelta(hours=n), **kwargs)  # type: ignore[arg-type]
        for n in range(count)
    ]
