"""The database schema is made only by the migrations, and the migrations make exactly what the models say."""

from __future__ import annotations

import uuid
import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError, SAWarning

from forum_feedback import migrate
from forum_feedback.db import create_db_engine, normalise_url, utcnow
from forum_feedback.migrate import include_object
from forum_feedback.models import metadata
from forum_feedback.themes.models import ThemeRun
from tests.conftest import POSTGRES_URL


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


PREVIOUS_RELEASE = "0004_accounts_and_audit"  # the schema of the last release that landed


@pytest.fixture
def empty_database_url(tmp_path):
    """A brand-new, empty database (not migrated): a file for SQLite, a fresh database on PostgreSQL."""
    if not POSTGRES_URL:
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    base = make_url(normalise_url(POSTGRES_URL))
    name = f"forum_feedback_upgrade_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_a_database_of_the_previous_release_with_data_upgrades_to_the_latest(empty_database_url):
    engine = create_db_engine(empty_database_url)
    try:
        migrate.upgrade(engine, PREVIOUS_RELEASE)
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO feedback (received_at, created_at, channel, source, story, what_would_help, "
                    "service_other, consent, contact_consent, contact_name, contact_detail, status, hidden_reason, "
                    "risk_level, sentiment, safeguarding_open) VALUES (:at, :at, 'online', 'online form', "
                    "'Two years on the CAMHS waiting list', '', '', 'quote_partners', false, '', '', 'new', '', "
                    "'none', 0, true)"
                ),
                {"at": "2026-11-20 10:00:00"},
            )
            feedback_id = connection.execute(text("SELECT id FROM feedback")).scalar_one()
            connection.execute(
                text(
                    "INSERT INTO safeguarding_action (feedback_id, recorded_at, acted_at, action, closed) "
                    "VALUES (:id, :at, :at, 'Told the lead', false)"
                ),
                {"id": feedback_id, "at": "2026-11-20 11:00:00"},
            )
            for status in ("running", "queued", "applied"):  # a crash could leave two runs busy before 0006
                connection.execute(
                    text(
                        "INSERT INTO theme_run (status, created_at, progress, message, n_docs, n_themes, n_unthemed, "
                        "fit_seconds, proposal_json, state_json) VALUES (:s, :at, 0, '', 0, 0, 0, 0, '{}', '')"
                    ),
                    {"s": status, "at": "2026-11-20 12:00:00"},
                )
        migrate.upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT story FROM feedback")).scalar_one().startswith("Two years")
            assert connection.execute(text("SELECT kind FROM safeguarding_action")).scalar_one() == "action"
            statuses = connection.execute(text("SELECT status FROM theme_run ORDER BY id")).scalars().all()
            assert statuses == ["failed", "queued", "applied"]  # only the newest busy run stays busy
    finally:
        engine.dispose()
