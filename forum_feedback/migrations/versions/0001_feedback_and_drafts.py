"""feedback and drafts

Revision ID: 0001_feedback_and_drafts
Revises:
Create Date: 2026-11-22 02:51:26.249971
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0001_feedback_and_drafts"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "draft",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_draft")),
    )
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_draft_expires_at"), ["expires_at"], unique=False)

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("story", sa.Text(), nullable=False),
        sa.Column("what_would_help", sa.Text(), nullable=False),
        sa.Column("service_other", sa.String(length=500), nullable=False),
        sa.Column("age_band", sa.String(length=40), nullable=True),
        sa.Column("local_area", sa.String(length=120), nullable=True),
        sa.Column("consent", sa.String(length=20), nullable=False),
        sa.Column("contact_consent", sa.Boolean(), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=False),
        sa.Column("contact_detail", sa.String(length=320), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("withdrawn_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("receipt_hash", sa.String(length=64), nullable=True),
        sa.Column("import_key", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
        sa.UniqueConstraint("import_key", name=op.f("uq_feedback_import_key")),
        sa.UniqueConstraint("receipt_hash", name=op.f("uq_feedback_receipt_hash")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_age_band"), ["age_band"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_local_area"), ["local_area"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_feedback_status"), ["status"], unique=False)

    op.create_table(
        "feedback_service",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_feedback_service_feedback_id_feedback"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feedback_id", "service", name=op.f("pk_feedback_service")),
    )
    with op.batch_alter_table("feedback_service", schema=None) as batch_op:
        batch_op.create_index("ix_feedback_service_service", ["service"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feedback_service", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_service_service")

    op.drop_table("feedback_service")
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_status"))
        batch_op.drop_index(batch_op.f("ix_feedback_received_at"))
        batch_op.drop_index(batch_op.f("ix_feedback_local_area"))
        batch_op.drop_index(batch_op.f("ix_feedback_channel"))
        batch_op.drop_index(batch_op.f("ix_feedback_age_band"))

    op.drop_table("feedback")
    with op.batch_alter_table("draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_draft_expires_at"))

    op.drop_table("draft")
