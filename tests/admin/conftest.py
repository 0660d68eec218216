"""Fast password hashing for these tests: they sign in many times."""

from __future__ import annotations

import pytest

from tests.factories import FAST_HASHING


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(FAST_HASHING)
