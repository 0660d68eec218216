"""Keyword-only factories for themes with feedback in them, and packs built from them."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy.orm import Session

from forum_feedback.enums import Consent, FeedbackStatus
from forum_feedback.evidence import services
from forum_feedback.evidence.figures import Period
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.themes.models import FeedbackTheme, Theme
from forum_feedback.web.labels import answer_labels

LABELS = answer_labels(
    {
        "SERVICE_AREAS": [("transport", "Home-to-school transport"), ("camhs", "CAMHS and mental health")],
        "AGE_BANDS": [("5-10", "5 to 10"), ("11-15", "11 to 15")],
        "LOCAL_AREAS": [("north", "North"), ("south", "South")],
    }
)
PERIOD = Period(dt.date(2026, 1, 1), dt.date(2026, 3, 31))
IN_PERIOD = dt.datetime(2026, 2, 10, 10, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2025, 11, 10, 10, 0, tzinfo=dt.UTC)
_keys = itertools.count(1)


def create_theme(session: Session, *, label: str, terms: tuple[str, ...] = ("late", "driver")) -> Theme:
    theme = Theme(key=f"k{next(_keys)}", auto_label=label, terms_json=str(list(terms)).replace("'", '"'))
    session.add(theme)
    session.commit()
    return theme


def add_feedback(
    session: Session,
    theme: Theme,
    *,
    n: int = 1,
    received_at: dt.datetime = IN_PERIOD,
    consent: str = Consent.QUOTE_PARTNERS,
    reviewed: bool = True,
    story: str = "The transport was late again and nobody rang us.",
    services: tuple[str, ...] = ("transport",),
    local_area: str | None = "north",
    age_band: str | None = "5-10",
    contact: str = "",
    confidence: float = 0.8,
) -> list[Feedback]:
    """``n`` pieces of feedback in ``theme``, an hour apart, redacted by a rep unless ``reviewed`` is False."""
    made = []
    for index in range(n):
        feedback = Feedback(
            received_at=received_at + dt.timedelta(hours=index),
            channel="online",
            story=story if n == 1 else f"{story} ({index + 1})",
            consent=consent,
            status=FeedbackStatus.REVIEWED if reviewed else FeedbackStatus.NEW,
            local_area=local_area,
            age_band=age_band,
            contact_consent=bool(contact),
            contact_detail=contact,
            services=[FeedbackService(service=slug) for slug in services],
        )
        if reviewed:
            feedback.redacted_story = feedback.story
        session.add(feedback)
        session.flush()
        session.add(FeedbackTheme(feedback_id=feedback.id, theme_id=theme.id, confidence=confidence))
        made.append(feedback)
    session.commit()
    return made


def create_pack(session: Session, themes: list[Theme], *, audience: str = "partners", **scope: str):
    return services.create_pack(
        session,
        title="",
        scope=services.Scope(tuple(t.id for t in themes), PERIOD, audience=audience, **scope),
        partners=["la-send"],
        labels=LABELS,
        actor_id=None,
        now=dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC),
    )


COUNT_ONLY_WORDS = "Count only words about the minibus escort nobody replaced"
PUBLIC_WORDS = "Public words: the new transport coordinator phoned us back within a day"
PARTNER_WORDS = "Partner words: three different drivers in one week and no warning"
UNCHECKED_WORDS = "Unchecked words the rep has not read yet about the taxi"


def loop_corpus(session: Session, *, received_at: dt.datetime = IN_PERIOD) -> dict[str, object]:
    """Two themes with what the loop needs: words each audience may quote, a count-only comment, an
    unchecked one, and one family who left an email address and agreed to be contacted."""
    transport, camhs = create_theme(session, label="Late transport"), create_theme(session, label="CAMHS waits")
    add_feedback(session, transport, n=9, received_at=received_at)
    [public] = add_feedback(
        session,
        transport,
        story=PUBLIC_WORDS,
        consent=Consent.QUOTE_PUBLIC,
        received_at=received_at,
        contact="family@example.org",
        confidence=0.99,
    )
    [partner] = add_feedback(session, transport, story=PARTNER_WORDS, received_at=received_at, confidence=0.98)
    [count_only] = add_feedback(
        session, transport, story=COUNT_ONLY_WORDS, consent=Consent.COUNT, received_at=received_at, confidence=0.97
    )
    [unchecked] = add_feedback(session, transport, story=UNCHECKED_WORDS, reviewed=False, received_at=received_at)
    add_feedback(session, camhs, n=7, services=("camhs",), local_area="south", received_at=received_at)
    public.contact_name = "Alex"
    session.commit()
    return {
        "themes": (transport, camhs),
        "public": public,
        "partner": partner,
        "count_only": count_only,
        "unchecked": unchecked,
    }


def shared_pack(session: Session, themes: list[Theme], *, quotes=(), audience: str = "partners", shared_at=None):
    """A pack with ``quotes`` chosen, marked ready and shared (at ``shared_at``, default 2 April 2026)."""
    when = shared_at or dt.datetime(2026, 4, 2, 9, 0, tzinfo=dt.UTC)
    pack = create_pack(session, themes, audience=audience)
    services.choose_quotes(session, pack_id=pack.id, feedback_ids=[q.id for q in quotes], actor_id=None, now=when)
    for status in ("ready", "shared"):
        services.move_pack(session, pack_id=pack.id, to=status, actor_id=None, now=when)
    return pack
