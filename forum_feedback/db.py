"""Database plumbing: the declarative base, engines for SQLite and PostgreSQL, and sessions.

SQLite is the embedded default. It runs in WAL mode so readers never wait for the writer, and
every transaction that may write starts with ``BEGIN IMMEDIATE``: the write lock is taken at
the start (waiting up to the busy timeout for another writer), so a transaction never fails
half-way with "database is locked" when two families press send at the same moment.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

SQLITE_BUSY_TIMEOUT_SECONDS = 30  # the worker, the command line and scripts; web requests wait less
POSTGRES_CONNECT_TIMEOUT_SECONDS = 5  # an unreachable server is reported in seconds, not minutes

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base class of every model; constraint names are stable so migrations can name them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC times")
        return value.astimezone(dt.UTC).replace(tzinfo=None) if dialect.name == "sqlite" else value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC."""
    return dt.datetime.now(dt.UTC)


def normalise_url(url: str) -> str:
    """Use the psycopg 3 driver for ``postgres://`` and ``postgresql://`` URLs."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def create_db_engine(url: str) -> Engine:
    """Create an engine; parameters are never logged, because they hold families' words."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            hide_parameters=True,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "check_same_thread": False},
        )
        _configure_sqlite(engine)
        return engine
    engine = create_engine(
        url,
        hide_parameters=True,
        pool_pre_ping=True,
        pool_timeout=POSTGRES_CONNECT_TIMEOUT_SECONDS,
        connect_args={"connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS},
    )
    _configure_postgres(engine)
    return engine


def _configure_postgres(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        # Web requests give their transactions short limits (see Database.session); others have none.
        options = connection.get_execution_options()
        if options.get("lock_timeout_seconds"):
            connection.exec_driver_sql(
                f"SET LOCAL lock_timeout = {int(options['lock_timeout_seconds'] * 1000)}; "
                f"SET LOCAL statement_timeout = {int(options.get('statement_timeout_seconds', 0) * 1000)}"
            )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide how each transaction starts.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_SECONDS * 1000}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection: Any) -> None:
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return  # each statement is its own transaction (used by tests to watch what lands)
        options = connection.get_execution_options()
        # How long this transaction waits for the write lock: web requests wait a few seconds at most.
        busy = options.get("lock_timeout_seconds") or SQLITE_BUSY_TIMEOUT_SECONDS
        connection.exec_driver_sql(f"PRAGMA busy_timeout={int(busy * 1000)}")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get("sqlite_immediate", False) else "BEGIN")


class Database:
    """Holds one engine and hands out sessions: plain ones for reading, immediate ones for writing."""

    def __init__(self, url: str, *, request_lock_timeout: float = 5, request_statement_timeout: float = 30) -> None:
        self.url = normalise_url(url)
        self.engine = create_db_engine(self.url)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        writer_bind = self.engine.execution_options(sqlite_immediate=True)
        self._writer = sessionmaker(writer_bind, expire_on_commit=False)
        # Web requests fail fast (503, "try again later") instead of keeping a family waiting on a lock.
        limits = {"lock_timeout_seconds": request_lock_timeout, "statement_timeout_seconds": request_statement_timeout}
        self.request_engine = self.engine.execution_options(**limits)
        self._request_reader = sessionmaker(self.request_engine, expire_on_commit=False)
        self._request_writer = sessionmaker(
            self.request_engine.execution_options(sqlite_immediate=True), expire_on_commit=False
        )

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    def session(self, *, write: bool = False, request: bool = False) -> Session:
        """A new session; ``write=True`` takes SQLite's write lock when its transaction begins.

        ``request=True``: a web request's session, whose transactions wait only briefly for locks.
        """
        if request:
            return self._request_writer() if write else self._request_reader()
        return self._writer() if write else self._reader()

    @contextmanager
    def write_session(self, *, request: bool = False) -> Iterator[Session]:
        """A writing session that is closed (and rolled back if not committed) afterwards."""
        session = self.session(write=True, request=request)
        try:
            yield session
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
