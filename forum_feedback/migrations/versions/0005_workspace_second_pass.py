"""workspace second pass: "not a concern" with its reason, undoable theme merges and splits, theme descriptions

Revision ID: 0005_workspace_second_pass
Revises: 0004_accounts_and_audit
Create Date: 2026-12-01 21:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0005_workspace_second_pass"
down_revision = "0004_accounts_and_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("safeguarding_action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=20), nullable=False, server_default="action"))
        batch_op.add_column(sa.Column("reason", sa.String(length=40), nullable=True))

    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("auto_description", sa.Text(), nullable=False, server_default=""))

    op.create_table(
        "theme_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("undone_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("undone_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["theme_id"], ["theme.id"], name=op.f("fk_theme_correction_theme_id_theme")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_correction")),
    )
    with op.batch_alter_table("theme_correction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_theme_correction_theme_id"), ["theme_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("theme_correction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_theme_correction_theme_id"))
    op.drop_table("theme_correction")
    with op.batch_alter_table("theme", schema=None) as batch_op:
        batch_op.drop_column("auto_description")
    with op.batch_alter_table("safeguarding_action", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("kind")
