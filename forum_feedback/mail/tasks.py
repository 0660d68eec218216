"""The mail jobs: send one email as soon as it is queued, and sweep the outbox for any due again."""

from __future__ import annotations

import logging

from flask import Flask
from huey import crontab

from forum_feedback import events, jobs
from forum_feedback.db import utcnow
from forum_feedback.extensions import get_db
from forum_feedback.mail import services

logger = logging.getLogger(__name__)


@jobs.job("send_mail", retries=3, retry_delay=60)
def send_mail(app: Flask, *, message_id: int) -> bool:
    """Send one email; a failure is recorded and raised, so the queue tries again a minute later."""
    return services.send_message(get_db(), message_id=message_id, config=app.config, now=utcnow())


@jobs.periodic("send_outbox", crontab(minute="*/5"))
def send_outbox(app: Flask) -> dict[str, int]:
    """Every five minutes: emails whose next try is due (a lost job, a mail server that was down)."""
    counts = services.send_due(get_db(), config=app.config, now=utcnow())
    if counts["sent"] or counts["failed"]:
        logger.info("outbox: %s sent, %s failed", counts["sent"], counts["failed"])
    return counts


@events.mail_queued.connect
def _send_when_queued(_sender: object, *, message_ids: list[int]) -> None:
    for message_id in message_ids:
        jobs.enqueue("send_mail", message_id=message_id)
