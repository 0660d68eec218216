"""maintained figures: per-theme daily counts, per-theme service counts and inbox counts, kept by triggers

The theme board, theme trends and the inbox's counts read these small tables instead of counting
every row of feedback on every request. Database triggers keep them exact whatever writes the
rows (a request, the worker, an import, a rep in a psql shell): a feedback's place in them changes
when it arrives, when its theme changes, when its status, date, sentiment, risk or answers change.
Feedback rows are never deleted by the app (withdrawal and retention blank them); the nightly
recount (forum_feedback.figures) checks and repairs the tables all the same.

Counted feedback is any whose status is not hidden or withdrawn; theme 0 is "not yet themed". The
inbox holds new feedback and any with a safeguarding concern open.

Revision ID: 0009_maintained_figures
Revises: 0007_evidence
Create Date: 2026-12-01 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from forum_feedback.migrations.triggers import create as create_triggers
from forum_feedback.migrations.triggers import drop as drop_triggers

revision = "0009_maintained_figures"
down_revision = "0007_evidence"
branch_labels = None
depends_on = None

COUNTED = "{f}.status NOT IN ('hidden', 'withdrawn')"
IN_INBOX = "({f}.status = 'new' OR {f}.safeguarding_open)"
THEME_OF = "COALESCE((SELECT ft.theme_id FROM feedback_theme ft WHERE ft.feedback_id = {id}), 0)"
INBOX_FACETS = (  # (facet, value expression on the feedback row)
    ("all", "''"),
    ("channel", "{f}.channel"),
    ("local_area", "COALESCE({f}.local_area, '')"),
    ("risk", "{f}.risk_level"),
)


class Dialect:
    def __init__(self, name: str) -> None:
        self.name = name

    def day(self, expression: str) -> str:
        return f"date({expression})" if self.name == "sqlite" else f"(({expression}) AT TIME ZONE 'UTC')::date"

    def flag(self, condition: str) -> str:
        """A condition as 0 or 1."""
        return f"({condition})" if self.name == "sqlite" else f"({condition})::int"


def _add_day(d: Dialect, *, theme: str, f: str, where: str, sign: int = 1) -> str:
    """Add (sign 1) or take away (sign -1) one feedback ``f`` from theme_day_count at ``theme``."""
    if sign > 0:
        return (
            "INSERT INTO theme_day_count (theme_id, day, total, negative) "
            f"SELECT {theme}, {d.day(f + '.received_at')}, 1, {d.flag(f + '.sentiment < -0.1')} "
            f"{where} ON CONFLICT (theme_id, day) DO UPDATE SET total = theme_day_count.total + excluded.total, "
            "negative = theme_day_count.negative + excluded.negative"
        )
    return (
        f"UPDATE theme_day_count SET total = total - 1, negative = negative - "
        f"(SELECT {d.flag(f + '.sentiment < -0.1')} {where}) "
        f"WHERE theme_id = {theme} AND day = (SELECT {d.day(f + '.received_at')} {where})"
    )


def _add_services(*, theme: str, feedback_id: str, where: str, sign: int = 1) -> str:
    """Add or take away every service of one feedback from theme_service_count at ``theme``."""
    services = f"SELECT fs.service FROM feedback_service fs WHERE fs.feedback_id = {feedback_id}"
    if sign > 0:
        return (
            f"INSERT INTO theme_service_count (theme_id, service, total) SELECT {theme}, s.service, 1 "
            f"FROM ({services}) s WHERE EXISTS (SELECT 1 {where}) "
            "ON CONFLICT (theme_id, service) DO UPDATE SET total = theme_service_count.total + excluded.total"
        )
    return (
        f"UPDATE theme_service_count SET total = total - 1 WHERE theme_id = {theme} "
        f"AND service IN ({services}) AND EXISTS (SELECT 1 {where})"
    )


def _add_service(*, theme: str, service: str, where: str, sign: int = 1) -> str:
    if sign > 0:
        return (
            f"INSERT INTO theme_service_count (theme_id, service, total) SELECT {theme}, {service}, 1 {where} "
            "ON CONFLICT (theme_id, service) DO UPDATE SET total = theme_service_count.total + excluded.total"
        )
    return (
        f"UPDATE theme_service_count SET total = total - 1 WHERE theme_id = {theme} AND service = {service} "
        f"AND EXISTS (SELECT 1 {where})"
    )


def _inbox(*, facet: str, value: str, where: str, sign: int = 1) -> str:
    if sign > 0:
        return (
            f"INSERT INTO inbox_count (facet, value, total) SELECT '{facet}', {value}, 1 {where} "
            "ON CONFLICT (facet, value) DO UPDATE SET total = inbox_count.total + excluded.total"
        )
    return f"UPDATE inbox_count SET total = total - 1 WHERE facet = '{facet}' AND value = (SELECT {value} {where})"


def _inbox_row(f: str, sign: int) -> list[str]:
    """A feedback row's own inbox facets (not its services), added or taken away."""
    where = f"WHERE {IN_INBOX.format(f=f)}"
    facets = [_inbox(facet=name, value=value.format(f=f), where=where, sign=sign) for name, value in INBOX_FACETS]
    facets.append(_inbox(facet="new", value="''", where=f"WHERE {f}.status = 'new'", sign=sign))
    facets.append(_inbox(facet="open", value="''", where=f"WHERE {f}.safeguarding_open", sign=sign))
    return facets


def _inbox_services(f: str, sign: int) -> str:
    services = f"SELECT fs.service FROM feedback_service fs WHERE fs.feedback_id = {f}.id"
    if sign > 0:
        return (
            f"INSERT INTO inbox_count (facet, value, total) SELECT 'service', s.service, 1 FROM ({services}) s "
            f"WHERE {IN_INBOX.format(f=f)} "
            "ON CONFLICT (facet, value) DO UPDATE SET total = inbox_count.total + excluded.total"
        )
    return (
        f"UPDATE inbox_count SET total = total - 1 WHERE facet = 'service' AND value IN ({services}) "
        f"AND {IN_INBOX.format(f=f)}"
    )


def _feedback_from(alias: str, feedback_id: str, counted: bool = True) -> str:
    condition = f" AND {COUNTED.format(f=alias)}" if counted else ""
    return f"FROM feedback {alias} WHERE {alias}.id = {feedback_id}{condition}"


def triggers(d: Dialect) -> list[tuple[str, str, str, list[str]]]:
    """(name, "AFTER INSERT ON feedback"-style event, for each row, statements)."""
    theme_new, theme_old = THEME_OF.format(id="NEW.id"), THEME_OF.format(id="OLD.id")
    counted_new, counted_old = f"WHERE {COUNTED.format(f='NEW')}", f"WHERE {COUNTED.format(f='OLD')}"
    moved = []  # a feedback_theme row's change: take away at the old theme, add at the new
    for old_theme, new_theme, key in (
        ("0", "COALESCE(NEW.theme_id, 0)", "NEW"),
        ("COALESCE(OLD.theme_id, 0)", "COALESCE(NEW.theme_id, 0)", "NEW"),
        ("COALESCE(OLD.theme_id, 0)", "0", "OLD"),
    ):
        fid = f"{key}.feedback_id"
        where = _feedback_from("f", fid)
        moved.append(
            [
                _add_day(d, theme=old_theme, f="f", where=where, sign=-1),
                _add_day(d, theme=new_theme, f="f", where=where),
                _add_services(theme=old_theme, feedback_id=fid, where=where, sign=-1),
                _add_services(theme=new_theme, feedback_id=fid, where=where),
            ]
        )
    service_where = _feedback_from("f", "{k}.feedback_id")
    inbox_where = "FROM feedback f WHERE f.id = {k}.feedback_id AND " + IN_INBOX.format(f="f")
    service_theme = THEME_OF.format(id="{k}.feedback_id")
    return [
        (
            "fig_feedback_insert",
            "AFTER INSERT ON feedback",
            [_add_day(d, theme="0", f="NEW", where=counted_new), *_inbox_row("NEW", 1)],
        ),
        (
            "fig_feedback_update",
            "AFTER UPDATE OF status, received_at, sentiment, safeguarding_open, risk_level, channel, local_area "
            "ON feedback",
            [
                _add_day(d, theme=theme_old, f="OLD", where=counted_old, sign=-1),
                _add_day(d, theme=theme_new, f="NEW", where=counted_new),
                _add_services(theme=theme_old, feedback_id="OLD.id", where=counted_old, sign=-1),
                _add_services(theme=theme_new, feedback_id="NEW.id", where=counted_new),
                *_inbox_row("OLD", -1),
                _inbox_services("OLD", -1),
                *_inbox_row("NEW", 1),
                _inbox_services("NEW", 1),
            ],
        ),
        ("fig_theme_insert", "AFTER INSERT ON feedback_theme", moved[0]),
        ("fig_theme_update", "AFTER UPDATE OF theme_id ON feedback_theme", moved[1]),
        ("fig_theme_delete", "AFTER DELETE ON feedback_theme", moved[2]),
        (
            "fig_service_insert",
            "AFTER INSERT ON feedback_service",
            [
                _add_service(
                    theme=service_theme.format(k="NEW"), service="NEW.service", where=service_where.format(k="NEW")
                ),
                _inbox(facet="service", value="NEW.service", where=inbox_where.format(k="NEW")),
            ],
        ),
        (
            "fig_service_delete",
            "AFTER DELETE ON feedback_service",
            [
                _add_service(
                    theme=service_theme.format(k="OLD"),
                    service="OLD.service",
                    where=service_where.format(k="OLD"),
                    sign=-1,
                ),
                _inbox(facet="service", value="OLD.service", where=inbox_where.format(k="OLD"), sign=-1),
            ],
        ),
    ]


def upgrade() -> None:
    op.create_table(
        "theme_day_count",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("negative", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme_id", "day", name=op.f("pk_theme_day_count")),
    )
    op.create_table(
        "theme_service_count",
        sa.Column("theme_id", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=60), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("theme_id", "service", name=op.f("pk_theme_service_count")),
    )
    op.create_table(
        "inbox_count",
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", name=op.f("pk_inbox_count")),
    )
    dialect = Dialect(op.get_bind().dialect.name)
    create_triggers(dialect.name, triggers(dialect))
    from forum_feedback.figures import recount_statements  # the same counts the nightly check makes

    # Only this migration's tables: later migrations add (and fill) tables of their own.
    for statement in recount_statements(dialect.name, ("theme_day_count", "theme_service_count", "inbox_count")):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    drop_triggers(dialect, triggers(Dialect(dialect)))
    for table in ("inbox_count", "theme_service_count", "theme_day_count"):
        op.drop_table(table)
