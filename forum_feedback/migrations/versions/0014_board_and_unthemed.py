"""board and unthemed figures: per-theme monthly counts, and a kept "in a theme" flag on feedback

Measured at 2,000 and 50,000 items (scripts/bench_pages.py), two staff pages still grew with the
feedback: the theme board summed every (theme, day) row of theme_day_count for its all-time
figures (tens of thousands of rows once a forum has a few years of feedback), and "not yet themed"
walked all feedback in date order to find the few that are in no theme.

- theme_month_count (theme, month -> comments, negative ones) holds the all-time figures in one row
  per theme per month; the board reads days only for its 30- and 90-day windows (an index on day
  finds the last 180 days without reading the rest).
- feedback.in_theme says whether a feedback is in a theme now; a partial index holds only those
  that are not, in date order, so "not yet themed" reads the few rows it shows.

Both are kept by triggers the way migrations 0009 and 0013 keep theirs, and the nightly recount
(forum_feedback.figures) checks and repairs them with the rest.

Revision ID: 0014_board_and_unthemed
Revises: 0013_answer_figures
Create Date: 2026-12-02 17:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from forum_feedback.migrations.triggers import create as create_triggers
from forum_feedback.migrations.triggers import drop as drop_triggers

revision = "0014_board_and_unthemed"
down_revision = "0013_answer_figures"
branch_labels = None
depends_on = None

COUNTED = "{f}.status NOT IN ('hidden', 'withdrawn')"
THEME_OF = "COALESCE((SELECT ft.theme_id FROM feedback_theme ft WHERE ft.feedback_id = {id}), 0)"
NOT_IN_THEME = {"sqlite": "in_theme = 0", "postgresql": "in_theme = false"}


def _month(dialect: str, expression: str) -> str:
    if dialect == "sqlite":
        return f"date({expression}, 'start of month')"
    return f"date_trunc('month', ({expression}) AT TIME ZONE 'UTC')::date"


def _flag(dialect: str, condition: str) -> str:
    return f"({condition})" if dialect == "sqlite" else f"({condition})::int"


def _add_month(dialect: str, *, theme: str, f: str, where: str, sign: int) -> str:
    """Add (1) or take away (-1) one feedback ``f`` from theme_month_count at ``theme``."""
    month, negative = _month(dialect, f"{f}.received_at"), _flag(dialect, f"{f}.sentiment < -0.1")
    if sign > 0:
        return (
            f"INSERT INTO theme_month_count (theme_id, month, total, negative) SELECT {theme}, {month}, 1, {negative} "
            f"{where} ON CONFLICT (theme_id, month) DO UPDATE SET total = theme_month_count.total + 1, "
            "negative = theme_month_count.negative + excluded.negative"
        )
    return (
        f"UPDATE theme_month_count SET total = total - 1, negative = negative - (SELECT {negative} {where}) "
        f"WHERE theme_id = {theme} AND month = (SELECT {month} {where})"
    )


def _mark(*, feedback_id: str, in_theme: str) -> str:
    return f"UPDATE feedback SET in_theme = ({in_theme}) WHERE id = {feedback_id}"


def triggers(dialect: str) -> list[tuple[str, str, list[str]]]:
    """(name, "AFTER INSERT ON feedback"-style event, statements run for each row)."""
    row_new, row_old = f"WHERE {COUNTED.format(f='NEW')}", f"WHERE {COUNTED.format(f='OLD')}"

    def placed(key: str) -> str:  # the feedback of a feedback_theme row, if it is counted
        return f"FROM feedback f WHERE f.id = {key}.feedback_id AND {COUNTED.format(f='f')}"

    def month(theme: str, f: str, where: str, sign: int) -> str:
        return _add_month(dialect, theme=theme, f=f, where=where, sign=sign)

    return [
        ("fig_month_feedback_insert", "AFTER INSERT ON feedback", [month("0", "NEW", row_new, 1)]),
        (
            "fig_month_feedback_update",
            "AFTER UPDATE OF status, received_at, sentiment ON feedback",
            [
                month(THEME_OF.format(id="OLD.id"), "OLD", row_old, -1),
                month(THEME_OF.format(id="NEW.id"), "NEW", row_new, 1),
            ],
        ),
        (
            "fig_month_theme_insert",
            "AFTER INSERT ON feedback_theme",
            [
                month("0", "f", placed("NEW"), -1),
                month("COALESCE(NEW.theme_id, 0)", "f", placed("NEW"), 1),
                _mark(feedback_id="NEW.feedback_id", in_theme="NEW.theme_id IS NOT NULL"),
            ],
        ),
        (
            "fig_month_theme_update",
            "AFTER UPDATE OF theme_id ON feedback_theme",
            [
                month("COALESCE(OLD.theme_id, 0)", "f", placed("NEW"), -1),
                month("COALESCE(NEW.theme_id, 0)", "f", placed("NEW"), 1),
                _mark(feedback_id="NEW.feedback_id", in_theme="NEW.theme_id IS NOT NULL"),
            ],
        ),
        (
            "fig_month_theme_delete",
            "AFTER DELETE ON feedback_theme",
            [
                month("COALESCE(OLD.theme_id, 0)", "f", placed("OLD"), -1),
                month("0", "f", placed("OLD"), 1),
                _mark(feedback_id="OLD.feedback_id", in_theme="1 = 0"),
            ],
        ),
    ]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "theme_month_count",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme_id", "month", name=op.f("pk_theme_month_count")),
    )
    op.create_index("ix_theme_day_count_day", "theme_day_count", ["day"])
    # Added in place (a batch copy of the table would drop the figures' triggers on it).
    op.add_column("feedback", sa.Column("in_theme", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute(
        "UPDATE feedback SET in_theme = EXISTS (SELECT 1 FROM feedback_theme ft WHERE ft.feedback_id = feedback.id "
        "AND ft.theme_id IS NOT NULL)"
    )
    op.create_index(
        "ix_feedback_not_in_theme",
        "feedback",
        ["received_at", "id"],
        sqlite_where=sa.text(NOT_IN_THEME["sqlite"]),
        postgresql_where=sa.text(NOT_IN_THEME["postgresql"]),
    )
    create_triggers(dialect, triggers(dialect))
    from forum_feedback.figures import count_queries  # the same count the nightly check makes

    op.execute(
        "INSERT INTO theme_month_count (theme_id, month, total, negative) "
        + count_queries(dialect)["theme_month_count"]
    )


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drop_triggers(dialect, triggers(dialect))
    op.drop_index("ix_feedback_not_in_theme", table_name="feedback")
    op.execute("ALTER TABLE feedback DROP COLUMN in_theme")  # in place, keeping the other triggers
    op.drop_index("ix_theme_day_count_day", table_name="theme_day_count")
    op.drop_table("theme_month_count")
