"""answer figures: per-theme counts of each answer (channel, local area, age band), kept by triggers

A theme page (and "not yet themed") shows its feedback broken down by service, local area, age band
and channel. Services were kept already (theme_service_count, migration 0009); the other three were
counted from every row on every request, so "not yet themed" at 50,000 items took six times as long
as at 2,000. theme_answer_count keeps them the way 0009 keeps the rest: database triggers change a
feedback's place when it arrives, when its theme changes and when its status or answers change;
the nightly recount (forum_feedback.figures) checks and repairs the table with the others.

It also indexes a theme's members in quote order (closest to the centre first), so picking a
theme's quotes reads a few dozen rows of the index instead of sorting every member.

Counted feedback is any whose status is not hidden or withdrawn; theme 0 is "not yet themed"; a
missing answer is kept as '' (a primary key cannot hold NULL).

Revision ID: 0013_answer_figures
Revises: 0012_two_factor
Create Date: 2026-12-02 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from forum_feedback.migrations.triggers import create as create_triggers
from forum_feedback.migrations.triggers import drop as drop_triggers

revision = "0013_answer_figures"
down_revision = "0012_two_factor"
branch_labels = None
depends_on = None

FACETS = ("channel", "local_area", "age_band")
COUNTED = "{f}.status NOT IN ('hidden', 'withdrawn')"
THEME_OF = "COALESCE((SELECT ft.theme_id FROM feedback_theme ft WHERE ft.feedback_id = {id}), 0)"


def _add(*, theme: str, facet: str, f: str, where: str, sign: int) -> str:
    """Add (1) or take away (-1) one feedback ``f``'s answer to ``facet`` at ``theme``."""
    value = f"COALESCE({f}.{facet}, '')"
    if sign > 0:
        return (
            f"INSERT INTO theme_answer_count (theme_id, facet, value, total) SELECT {theme}, '{facet}', {value}, 1 "
            f"{where} ON CONFLICT (theme_id, facet, value) DO UPDATE SET total = theme_answer_count.total + 1"
        )
    return (
        f"UPDATE theme_answer_count SET total = total - 1 WHERE theme_id = {theme} AND facet = '{facet}' "
        f"AND value = (SELECT {value} {where})"
    )


def _all(*, theme: str, f: str, where: str, sign: int) -> list[str]:
    return [_add(theme=theme, facet=facet, f=f, where=where, sign=sign) for facet in FACETS]


def triggers() -> list[tuple[str, str, list[str]]]:
    """(name, "AFTER INSERT ON feedback"-style event, statements run for each row)."""
    row_new, row_old = f"WHERE {COUNTED.format(f='NEW')}", f"WHERE {COUNTED.format(f='OLD')}"

    def placed(key: str) -> str:  # the feedback of a feedback_theme row, if it is counted
        return f"FROM feedback f WHERE f.id = {key}.feedback_id AND {COUNTED.format(f='f')}"

    return [
        (
            "fig_answer_feedback_insert",
            "AFTER INSERT ON feedback",
            _all(theme=THEME_OF.format(id="NEW.id"), f="NEW", where=row_new, sign=1),
        ),
        (
            "fig_answer_feedback_update",
            "AFTER UPDATE OF status, channel, local_area, age_band ON feedback",
            [
                *_all(theme=THEME_OF.format(id="OLD.id"), f="OLD", where=row_old, sign=-1),
                *_all(theme=THEME_OF.format(id="NEW.id"), f="NEW", where=row_new, sign=1),
            ],
        ),
        (
            "fig_answer_theme_insert",
            "AFTER INSERT ON feedback_theme",
            [
                *_all(theme="0", f="f", where=placed("NEW"), sign=-1),
                *_all(theme="COALESCE(NEW.theme_id, 0)", f="f", where=placed("NEW"), sign=1),
            ],
        ),
        (
            "fig_answer_theme_update",
            "AFTER UPDATE OF theme_id ON feedback_theme",
            [
                *_all(theme="COALESCE(OLD.theme_id, 0)", f="f", where=placed("NEW"), sign=-1),
                *_all(theme="COALESCE(NEW.theme_id, 0)", f="f", where=placed("NEW"), sign=1),
            ],
        ),
        (
            "fig_answer_theme_delete",
            "AFTER DELETE ON feedback_theme",
            [
                *_all(theme="COALESCE(OLD.theme_id, 0)", f="f", where=placed("OLD"), sign=-1),
                *_all(theme="0", f="f", where=placed("OLD"), sign=1),
            ],
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "theme_answer_count",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme_id", "facet", "value", name=op.f("pk_theme_answer_count")),
    )
    op.create_index("ix_feedback_theme_quote_order", "feedback_theme", ["theme_id", "confidence", "feedback_id"])
    dialect = op.get_bind().dialect.name
    create_triggers(dialect, triggers())
    from forum_feedback.figures import count_queries  # the same count the nightly check makes

    op.execute(
        "INSERT INTO theme_answer_count (theme_id, facet, value, total) " + count_queries(dialect)["theme_answer_count"]
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drop_triggers(dialect, triggers())
    op.drop_table("theme_answer_count")
    op.drop_index("ix_feedback_theme_quote_order", table_name="feedback_theme")
