"""send once: a sent draft is marked, not deleted, so a second press of send finds it sent

A draft that is sent keeps its row (with its answers emptied) until it expires a few minutes later:
``sent_at`` says it went, and ``receipt_code`` holds the code until the confirmation page has shown it
once (then it is cleared). The browser's cookie holds only the draft's random id, never the code.

Revision ID: 0010_send_once
Revises: 0009_maintained_figures
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from forum_feedback.db import UTCDateTime

revision = "0010_send_once"
down_revision = "0009_maintained_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.add_column(sa.Column("sent_at", UTCDateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("receipt_code", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("draft") as batch:
        batch.drop_column("receipt_code")
        batch.drop_column("sent_at")
