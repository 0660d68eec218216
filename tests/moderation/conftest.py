"""Fixtures for the moderation tests: a writing session like a request's, for calling services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from tests.conftest import get_db_for


@pytest.fixture
def db(app) -> Iterator[Session]:
    """A session like the one a request writes with: services commit (or roll back) in it."""
    with get_db_for(app).write_session() as session:
        yield session
