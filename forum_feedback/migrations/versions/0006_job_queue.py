"""job queue: one busy rebuild at a time, enforced by the database; a running rebuild's sign of life

Revision ID: 0006_job_queue
Revises: 0005_workspace_second_pass
Create Date: 2026-12-01 23:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import forum_feedback.db

revision = "0006_job_queue"
down_revision = "0005_workspace_second_pass"
branch_labels = None
depends_on = None

BUSY = "status IN ('queued', 'running')"


def upgrade() -> None:
    with op.batch_alter_table("theme_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heartbeat_at", forum_feedback.db.UTCDateTime(timezone=True), nullable=True))
    # Earlier releases could leave several runs "busy" after a crash: keep the newest, fail the rest.
    op.execute(
        f"UPDATE theme_run SET status = 'failed', message = 'Stopped before it finished. Start it again.' "
        f"WHERE {BUSY} AND id < (SELECT MAX(id) FROM theme_run WHERE {BUSY})"
    )
    op.create_index(
        "uq_theme_run_one_busy",
        "theme_run",
        [sa.text(f"({BUSY})")],
        unique=True,
        sqlite_where=sa.text(BUSY),
        postgresql_where=sa.text(BUSY),
    )


def downgrade() -> None:
    op.drop_index("uq_theme_run_one_busy", table_name="theme_run")
    with op.batch_alter_table("theme_run", schema=None) as batch_op:
        batch_op.drop_column("heartbeat_at")
