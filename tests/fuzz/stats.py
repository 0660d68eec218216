"""Requests the fuzz tests sent and the 5xx answers they saw, per database (printed at the end of the run)."""

from __future__ import annotations

from collections import Counter

REQUESTS: Counter[str] = Counter()
SERVER_ERRORS: Counter[str] = Counter()


def record(database: str, status: int) -> None:
    REQUESTS[database] += 1
    if status >= 500:
        SERVER_ERRORS[database] += 1
