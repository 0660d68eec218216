"""evidence and the loop: packs (themes, quotes, frozen items, status events), commitments, outcomes, outbox

Revision ID: 0007_evidence
Revises: 0006_job_queue
Create Date: 2026-12-02 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0007_evidence"
down_revision = "0006_job_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "evidence_pack",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("asks", sa.Text(), nullable=False),
        sa.Column("audience", sa.String(length=20), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("service", sa.String(length=60), nullable=False),
        sa.Column("local_area", sa.String(length=120), nullable=False),
        sa.Column("age_band", sa.String(length=40), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("partners_json", sa.Text(), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("rag_reason", sa.Text(), nullable=False),
        sa.Column("partner_rag", sa.String(length=10), nullable=True),
        sa.Column("partner_rag_reason", sa.Text(), nullable=False),
        sa.Column("rung", sa.String(length=20), nullable=True),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("needs_attention", sa.Boolean(), nullable=False),
        sa.Column("attention_note", sa.String(length=500), nullable=False),
        sa.Column("frozen_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("shared_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_pack")),
    )
    with op.batch_alter_table("evidence_pack", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_pack_shared_at"), ["shared_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_pack_status"), ["status"], unique=False)

    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("rung", sa.String(length=20), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["pack_id"], ["evidence_pack.id"], name=op.f("fk_commitment_pack_id_evidence_pack"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_due_on"), ["due_on"], unique=False)
        batch_op.create_index(batch_op.f("ix_commitment_pack_id"), ["pack_id"], unique=False)

    op.create_table(
        "evidence_pack_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["evidence_pack.id"],
            name=op.f("fk_evidence_pack_event_pack_id_evidence_pack"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_pack_event")),
    )
    with op.batch_alter_table("evidence_pack_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_pack_event_pack_id"), ["pack_id"], unique=False)

    op.create_table(
        "evidence_pack_item",
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("in_period", sa.Boolean(), nullable=False),
        sa.Column("received_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("local_area", sa.String(length=120), nullable=True),
        sa.Column("age_band", sa.String(length=40), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("services_json", sa.Text(), nullable=False),
        sa.Column("family", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_evidence_pack_item_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["evidence_pack.id"],
            name=op.f("fk_evidence_pack_item_pack_id_evidence_pack"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pack_id", "feedback_id", name=op.f("pk_evidence_pack_item")),
    )
    op.create_table(
        "evidence_pack_quote",
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_evidence_pack_quote_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["evidence_pack.id"],
            name=op.f("fk_evidence_pack_quote_pack_id_evidence_pack"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pack_id", "feedback_id", name=op.f("pk_evidence_pack_quote")),
    )
    op.create_table(
        "evidence_pack_theme",
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.ForeignKeyConstraint(
            ["pack_id"],
            ["evidence_pack.id"],
            name=op.f("fk_evidence_pack_theme_pack_id_evidence_pack"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], name=op.f("fk_evidence_pack_theme_theme_id_theme")),
        sa.PrimaryKeyConstraint("pack_id", "theme_id", name=op.f("pk_evidence_pack_theme")),
    )
    op.create_table(
        "outcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("you_said", sa.Text(), nullable=False),
        sa.Column("we_did", sa.Text(), nullable=False),
        sa.Column("progress", sa.String(length=20), nullable=False),
        sa.Column("rung", sa.String(length=20), nullable=True),
        sa.Column("service", sa.String(length=60), nullable=False),
        sa.Column("families", sa.Integer(), nullable=False),
        sa.Column("published_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["pack_id"], ["evidence_pack.id"], name=op.f("fk_outcome_pack_id_evidence_pack")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcome")),
    )
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcome_pack_id"), ["pack_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outcome_published_at"), ["published_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outcome_service"), ["service"], unique=False)

    op.create_table(
        "commitment_note",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_note_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_note")),
    )
    with op.batch_alter_table("commitment_note", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_note_commitment_id"), ["commitment_id"], unique=False)

    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=False),
        sa.Column("outcome_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["outcome_id"], ["outcome.id"], name=op.f("fk_outbox_message_outcome_id_outcome"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_message")),
    )
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_message_next_attempt_at"), ["next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_outcome_id"), ["outcome_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_message_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_message_status"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_outcome_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_message_next_attempt_at"))

    op.drop_table("outbox_message")
    with op.batch_alter_table("commitment_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_note_commitment_id"))

    op.drop_table("commitment_note")
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outcome_service"))
        batch_op.drop_index(batch_op.f("ix_outcome_published_at"))
        batch_op.drop_index(batch_op.f("ix_outcome_pack_id"))

    op.drop_table("outcome")
    op.drop_table("evidence_pack_theme")
    op.drop_table("evidence_pack_quote")
    op.drop_table("evidence_pack_item")
    with op.batch_alter_table("evidence_pack_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_pack_event_pack_id"))

    op.drop_table("evidence_pack_event")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_pack_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_due_on"))

    op.drop_table("commitment")
    with op.batch_alter_table("evidence_pack", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_pack_status"))
        batch_op.drop_index(batch_op.f("ix_evidence_pack_shared_at"))

    op.drop_table("evidence_pack")
