"""The fuzz run's figures, as one line per database at the end of the run."""

from __future__ import annotations

from tests.fuzz import stats


def pytest_terminal_summary(terminalreporter) -> None:
    for database, sent in sorted(stats.REQUESTS.items()):
        terminalreporter.write_line(f"fuzz {database}: requests {sent}, 5xx {stats.SERVER_ERRORS[database]}")
