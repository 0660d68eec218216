"""pack tally: a frozen evidence pack's counts, kept on the pack

The board home and a pack's page counted every item of every shared pack on each view (at 50,000
feedback items the board home took 27 times as long as at 2,000). A frozen pack's items do not
change, so their counts are made once, when the pack is frozen (and again if a withdrawal before
sharing takes an item out), and each view reads one row. Packs frozen before this migration are
counted by the nightly housekeeping job (and from their items until then).

Revision ID: 0015_pack_tally
Revises: 0014_board_and_unthemed
Create Date: 2026-12-02 18:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015_pack_tally"
down_revision = "0014_board_and_unthemed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("evidence_pack", sa.Column("tally_json", sa.Text(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE evidence_pack DROP COLUMN tally_json")
