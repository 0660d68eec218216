"""Alembic environment: migrations run on the connection the app's CLI hands over."""

from __future__ import annotations

from alembic import context

from forum_feedback.migrate import include_object
from forum_feedback.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations with: flask --app forum_feedback db upgrade")

# SQLite cannot ALTER most things in place; batch mode rebuilds tables when a migration needs it.
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
    include_object=include_object,
)
with context.begin_transaction():
    context.run_migrations()
