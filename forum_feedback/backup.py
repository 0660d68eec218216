"""Backups of the embedded SQLite database: a consistent copy taken while the app runs, and restoring one.

SQLite's online backup API copies the database page by page inside read transactions, so families
can keep sending feedback while it runs, and the copy is one consistent moment (WAL included).
Restoring replaces the live database the same way, after checking the file is a forum_feedback
database. PostgreSQL uses its own tools (pg_dump / pg_restore: see the README).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why in plain words."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    pages: int
    feedback: int


def sqlite_path(database_url: str) -> Path:
    """The file behind a SQLite URL. Raises BackupError for any other database."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database:
        raise BackupError(
            "The backup command is for the embedded SQLite database. For PostgreSQL use pg_dump and pg_restore "
            "(see the README, 'Backups')."
        )
    return Path(url.database)


def _count_feedback(connection: sqlite3.Connection) -> int:
    try:
        return connection.execute("SELECT count(*) FROM feedback").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError("That file is not a forum_feedback database.") from exc


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> int:
    pages = 0

    def progress(_status: int, _remaining: int, total: int) -> None:
        nonlocal pages
        pages = total

    # Small steps with a pause between them let the app's writers in while a big database is copied.
    source.backup(target, pages=256, progress=progress, sleep=0.005)
    return pages


def backup(database_url: str, destination: Path) -> BackupReport:
    """Copy the live database to ``destination`` (which must not exist yet)."""
    live = sqlite_path(database_url)
    if not live.exists():
        raise BackupError(f"There is no database at {live}.")
    if destination.exists():
        raise BackupError(f"{destination} already exists: choose a new file name so no backup is overwritten.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(live) as source, sqlite3.connect(destination) as target:
        pages = _copy(source, target)
        feedback = _count_feedback(target)
    source.close()
    target.close()
    return BackupReport(destination, pages, feedback)


def restore(database_url: str, source_file: Path) -> BackupReport:
    """Replace the live database with a backup, in place (stop the web server and worker first)."""
    live = sqlite_path(database_url)
    if not source_file.is_file():
        raise BackupError(f"There is no backup at {source_file}.")
    with sqlite3.connect(f"file:{source_file}?mode=ro", uri=True) as source:
        feedback = _count_feedback(source)
        integrity = source.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            raise BackupError(f"The backup is damaged ({integrity}); nothing was changed.")
        with sqlite3.connect(live) as target:
            pages = _copy(source, target)
        target.close()
    source.close()
    return BackupReport(live, pages, feedback)
