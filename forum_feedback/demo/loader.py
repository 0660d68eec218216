"""Put the synthetic demo corpus into the database, quickly enough for 50,000 items."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from forum_feedback.db import Database, utcnow
from forum_feedback.demo import loop
from forum_feedback.demo.corpus import DemoItem, generate_corpus
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.submissions.services import screen_text

if TYPE_CHECKING:
    from flask import Flask

BATCH = 2000


def has_feedback(session: Session) -> bool:
    """Whether any feedback is stored yet."""
    return session.scalar(select(Feedback.id).limit(1)) is not None


def _row(item: DemoItem, now: dt.datetime) -> dict[str, object]:
    return {
        "received_at": item.received_at,
        "created_at": now,
        "channel": item.channel,
        "source": "demo data",
        "story": item.text,
        "what_would_help": item.what_would_help,
        "service_other": item.service_other,
        "age_band": item.age_band,
        "local_area": item.local_area,
        "consent": item.consent,
        "contact_consent": False,
        "contact_name": "",
        "contact_detail": "",
        "status": "new",
        **_risk(item),
    }


def _risk(item: DemoItem) -> dict[str, object]:
    level, open_concern, sentiment = screen_text(item.text, item.what_would_help)
    return {"risk_level": level, "safeguarding_open": open_concern, "sentiment": sentiment}


def load_demo(session: Session, *, n_items: int, today: dt.date, seed: int = 2026) -> int:
    """Insert ``n_items`` demo items ending ``today``, in one transaction; returns how many."""
    items = generate_corpus(n_items=n_items, end=today, seed=seed)
    now = utcnow()
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        statement = insert(Feedback).returning(Feedback.id, sort_by_parameter_order=True)
        ids = session.scalars(statement, [_row(item, now) for item in batch]).all()
        links = [
            {"feedback_id": fid, "service": s} for fid, item in zip(ids, batch, strict=True) for s in item.services
        ]
        if links:
            session.execute(insert(FeedbackService), links)
    session.commit()
    return len(items)


def load_loop(database: Database, *, app: Flask, today: dt.date) -> loop.LoopDemo:
    """Themes for the demo feedback (when there are none), then the loop on top of them (demo/loop.py):
    packs, a response, commitments and published outcomes, made with the app's own services."""
    from forum_feedback.outcomes.views import mail_links
    from forum_feedback.themes.tasks import vocabulary_path
    from forum_feedback.web.labels import answer_labels

    loop.ensure_themes(database, now=utcnow(), vocabulary=vocabulary_path(app))
    with database.write_session() as session:
        return loop.load_loop_demo(
            session,
            today=today,
            labels=answer_labels(app.config),
            links=mail_links(),
            forum_name=app.config["FORUM_NAME"],
        )
