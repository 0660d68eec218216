"""Fixtures: ``app``, ``client``, ``runner`` and ``session``, each test with its own empty, migrated database.

SQLite by default (a fresh file per test, copied from one migrated template). Set
FORUM_FEEDBACK_TEST_DATABASE_URL to a PostgreSQL server to run the same suite there: one
database is created for the run, migrated once, and emptied after every test.
"""

from __future__ import annotations

import os

# Jobs run at once, in the caller, on huey's in-memory queue (before anything imports the queue).
os.environ["FORUM_FEEDBACK_JOBS_IMMEDIATE"] = "true"
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from forum_feedback import create_app, migrate
from forum_feedback.db import create_db_engine, normalise_url
from forum_feedback.extensions import get_db
from forum_feedback.models import metadata

POSTGRES_URL = os.environ.get("FORUM_FEEDBACK_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def _postgres_database() -> Iterator[str]:
    base = make_url(normalise_url(POSTGRES_URL or ""))
    name = f"forum_feedback_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = base.set(database=name).render_as_string(hide_password=False)
    engine = create_db_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    yield url
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    engine = create_db_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database for this test only."""
    if POSTGRES_URL:
        url = request.getfixturevalue("_postgres_database")
        yield url
        _empty_postgres(url)
        return
    path = tmp_path / "test.sqlite3"
    shutil.copy(request.getfixturevalue("_sqlite_template"), path)
    yield f"sqlite:///{path}"


def _empty_postgres(url: str) -> None:
    engine = create_db_engine(url)
    tables = ", ".join(f'"{table.name}"' for table in metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


def make_test_config(database_url: str, **overrides: object) -> dict[str, object]:
    config: dict[str, object] = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
    }
    config.update(overrides)
    return config


@pytest.fixture
def app_config() -> dict[str, object]:
    """Per-test overrides of the test config (a test may fill this before using ``app``)."""
    return {}


@pytest.fixture
def make_app(database_url: str, tmp_path: Path) -> Iterator[Callable[..., Flask]]:
    """Build apps on this test's database with extra settings; their connections close afterwards.

    Nothing is read from or written to the developer's instance folder (``SERVED_AT_FILE`` and
    ``MAIL_DIR`` are the test's own).
    """
    apps: list[Flask] = []

    def build(url: str | None = None, **overrides: object) -> Flask:
        overrides.setdefault("SERVED_AT_FILE", str(tmp_path / "served_at"))
        overrides.setdefault("MAIL_DIR", str(tmp_path / "mail"))
        apps.append(create_app(make_test_config(url or database_url, **overrides)))
        return apps[-1]

    yield build
    for built in apps:
        get_db_for(built).dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask], app_config: dict[str, object]) -> Flask:
    return make_app(**app_config)


def get_db_for(app: Flask):
    with app.app_context():
        return get_db()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()


@pytest.fixture
def session(app: Flask) -> Iterator[Session]:
    """A session on the test's database, for arranging data and checking what landed.

    Each statement is its own transaction, so the session never holds a lock or a stale
    snapshot while the app under test writes.
    """
    db_session = Session(bind=get_db_for(app).engine.execution_options(isolation_level="AUTOCOMMIT"))
    yield db_session
    db_session.close()
