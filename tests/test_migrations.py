"""The database schema is made only by the migrations, and the migrations make exactly what the models say."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from forum_feedback.db import create_db_engine
from forum_feedback.models import metadata


def test_migrations_create_exactly_the_models_schema(database_url):
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": False})
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == [], "the models and the migrations differ: write a migration"
