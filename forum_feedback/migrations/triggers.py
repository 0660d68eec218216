"""Row triggers for the migrations that keep figures (0009, 0013, 0014), written once for both databases.

A trigger is (name, event, statements): the event as in "AFTER INSERT ON feedback", the statements
run for each row (SQL that reads NEW and OLD). SQLite takes them as a trigger body; PostgreSQL as a
plpgsql function ``<name>_fn`` that the trigger executes.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

Trigger = tuple[str, str, Sequence[str]]


def create(dialect: str, triggers: Sequence[Trigger]) -> None:
    for name, event, statements in triggers:
        body = ";\n".join(statements)
        if dialect == "sqlite":
            op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN\n{body};\nEND")
        else:
            op.execute(
                f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n{body};\n"
                "RETURN NULL;\nEND\n$$"
            )
            op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW EXECUTE FUNCTION {name}_fn()")


def drop(dialect: str, triggers: Sequence[Trigger]) -> None:
    for name, event, _ in triggers:
        table = event.rsplit(" ON ", 1)[1]
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + ("" if dialect == "sqlite" else f" ON {table}"))
        if dialect != "sqlite":
            op.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
