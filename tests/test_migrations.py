"""The database schema is made only by the migrations, and the migrations make exactly what the models say."""

from __future__ import annotations

import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.exc import IntegrityError, SAWarning

from forum_feedback.db import create_db_engine, utcnow
from forum_feedback.migrate import include_object
from forum_feedback.models import metadata
from forum_feedback.themes.models import ThemeRun


def test_migrations_create_exactly_the_models_schema(database_url):
    engine = create_db_engine(database_url)
    try:
        with engine.connect() as connection, warnings.catch_warnings():
            # SQLite cannot reflect the expression index on busy rebuilds; it is tested below instead.
            warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index", SAWarning)
            warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expression-based index")
            context = MigrationContext.configure(
                connection, opts={"compare_type": False, "include_object": include_object}
            )
            differences = compare_metadata(context, metadata)
    finally:
        engine.dispose()
    assert differences == [], "the models and the migrations differ: write a migration"


def test_the_database_refuses_a_second_busy_rebuild(session):
    session.add(ThemeRun(status="queued", created_at=utcnow()))
    session.commit()
    session.add(ThemeRun(status="ready", created_at=utcnow()))
    session.commit()  # finished runs are not limited
    session.add(ThemeRun(status="running", created_at=utcnow()))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
