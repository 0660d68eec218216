"""themes

Revision ID: 0002_themes
Revises: 0001_feedback_and_drafts
Create Date: 2026-11-22 03:01:42.858643
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0002_themes"
down_revision = "0001_feedback_and_drafts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("auto_label", sa.String(length=200), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("terms_json", sa.Text(), nullable=False),
        sa.Column("quote_ids_json", sa.Text(), nullable=False),
        sa.Column("sentiment_json", sa.Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["merged_into_id"], ["theme.id"], name=op.f("fk_theme_merged_into_id_theme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme")),
        sa.UniqueConstraint("key", name=op.f("uq_theme_key")),
    )
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_status"), ["status"], unique=False)

    op.create_table(
        "theme_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("applied_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("message", sa.String(length=500), nullable=False),
        sa.Column("n_docs", sa.Integer(), nullable=False),
        sa.Column("n_themes", sa.Integer(), nullable=False),
        sa.Column("n_unthemed", sa.Integer(), nullable=False),
        sa.Column("fit_seconds", sa.Float(), nullable=False),
        sa.Column("proposal_json", sa.Text(), nullable=False),
        sa.Column("state_json", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_run")),
    )
    with op.batch_alter_table("theme_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_run_status"), ["status"], unique=False)

    op.create_table(
        "feedback_theme",
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("updated_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"], ["feedback.id"], name=op.f("fk_feedback_theme_feedback_id_feedback"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], name=op.f("fk_feedback_theme_theme_id_theme")),
        sa.PrimaryKeyConstraint("feedback_id", name=op.f("pk_feedback_theme")),
    )
    with op.batch_alter_table("feedback_theme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feedback_theme_theme_id"), ["theme_id"], unique=False)

    op.create_table(
        "theme_run_assignment",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("feedback_id", sa.Integer(), nullable=False),
        sa.Column("theme_key", sa.String(length=32), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["feedback_id"],
            ["feedback.id"],
            name=op.f("fk_theme_run_assignment_feedback_id_feedback"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["theme_run.id"], name=op.f("fk_theme_run_assignment_run_id_theme_run"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("run_id", "feedback_id", name=op.f("pk_theme_run_assignment")),
    )


def downgrade() -> None:
    op.drop_table("theme_run_assignment")
    with op.batch_alter_table("feedback_theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_theme_theme_id"))

    op.drop_table("feedback_theme")
    with op.batch_alter_table("theme_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_run_status"))

    op.drop_table("theme_run")
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_status"))

    op.drop_table("theme")
