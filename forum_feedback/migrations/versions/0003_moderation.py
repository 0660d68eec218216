"""moderation

Revision ID: 0003_moderation
Revises: 0002_themes
Create Date: 2026-11-22 03:04:19.880254
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0003_moderation"
down_revision = "0002_themes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "safeguarding_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("acted_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_safeguarding_action_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_safeguarding_action")),
    )
    with op.batch_alter_table("safeguarding_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_safeguarding_action_feedback_id"), ["feedback_id"], unique=False)

    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("redacted_story", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("redacted_help", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("hidden_reason", sa.String(length=500), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("risk_level", sa.String(length=20), nullable=False, server_default="none"))
        batch_op.add_column(sa.Column("safeguarding_open", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("sentiment", sa.Float(), nullable=False, server_default="0"))
        batch_op.create_index(batch_op.f("ix_feedback_risk_level"), ["risk_level"], unique=False)
        batch_op.create_index(
            "ix_feedback_board", ["status", "received_at", "sentiment", "channel", "local_area", "age_band"]
        )
        batch_op.create_index(batch_op.f("ix_feedback_safeguarding_open"), ["safeguarding_open"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_safeguarding_open"))
        batch_op.drop_index("ix_feedback_board")
        batch_op.drop_index(batch_op.f("ix_feedback_risk_level"))
        batch_op.drop_column("sentiment")
        batch_op.drop_column("safeguarding_open")
        batch_op.drop_column("risk_level")
        batch_op.drop_column("hidden_reason")
        batch_op.drop_column("reviewed_by")
        batch_op.drop_column("reviewed_at")
        batch_op.drop_column("redacted_help")
        batch_op.drop_column("redacted_story")

    with op.batch_alter_table("safeguarding_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_safeguarding_action_feedback_id"))

    op.drop_table("safeguarding_action")
