"""retention: when a piece of feedback's original words were deleted under the retention schedule

A plain ADD COLUMN (no table rebuild), so the figure triggers on ``feedback`` stay as they are.

Revision ID: 0011_retention
Revises: 0010_send_once
Create Date: 2026-12-02 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0011_retention"
down_revision = "0010_send_once"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feedback", sa.Column("originals_deleted_at", forum_feedback.db.UTCDateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("feedback", "originals_deleted_at")
