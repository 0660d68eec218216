"""Work that must not run on the request path, done by a worker process from a real task queue (huey).

Why huey: it is small, well kept, and its storage can live where the forum's data already is. A
forum on one small server with the embedded SQLite database needs no extra server (the queue is
instance/queue.sqlite3); on PostgreSQL the queue is a few tables in the same database; a network
of forums with several web and worker machines can point it at Redis (``QUEUE_URL=redis://...``).
RQ needs Redis always; Celery needs a broker and is far larger than a forum needs.

``enqueue(name, **arguments)`` is the one way in. Tasks take plain JSON arguments (ids, not live
objects) and open their own database session inside an app context, so they can be retried and
run in another process. Tests run them at once, in the caller, with huey's immediate mode (the
same code path). The worker is ``make worker`` (``huey_consumer forum_feedback.jobs.huey``), which
also runs the periodic jobs.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab

from forum_feedback import config as config_module

logger = logging.getLogger(__name__)

INSTANCE = Path(__file__).resolve().parent.parent / "instance"
NAME = "forum_feedback"


def make_huey(settings: dict[str, Any]) -> Huey:
    """The queue the settings describe (see ``QUEUE_URL``)."""
    if settings.get("JOBS_IMMEDIATE"):
        return MemoryHuey(NAME, immediate=True)
    url = str(settings.get("QUEUE_URL") or settings.get("DATABASE_URL") or "")
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(NAME, url=url)
    if url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
        dsn = "postgresql://" + url.split("://", 1)[1]
        return PostgresHuey(NAME, dsn=dsn, table_prefix="huey")
    if url.startswith("sqlite:///") and settings.get("QUEUE_URL"):
        return SqliteHuey(NAME, filename=url.removeprefix("sqlite:///"))
    return SqliteHuey(NAME, filename=str(INSTANCE / "queue.sqlite3"))


huey = make_huey(config_module.load_settings(INSTANCE))

#: Every job by name: the names are the one way in.
TASKS: dict[str, Any] = {}

_worker_app: Flask | None = None
_worker_lock = threading.Lock()


def _app() -> Flask:
    """The app a job runs in: the caller's (immediate mode, tests, the command line), else the worker's own."""
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if huey.immediate:
        raise RuntimeError("a job ran at once outside an app context: it would not know which database to use")
    global _worker_app
    with _worker_lock:
        if _worker_app is None:
            from forum_feedback import create_app

            _worker_app = create_app()
        return _worker_app


def job(name: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``function(app, **arguments)`` as the job ``name``; huey ``options`` (retries...) apply."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        def run(**arguments: Any) -> Any:
            app = _app()
            with app.app_context():
                return function(app, **arguments)

        run.__name__ = run.__qualname__ = name
        TASKS[name] = huey.task(name=name, **options)(run)
        return function

    return decorate


def periodic(name: str, schedule: crontab, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register ``function(app)`` to run on ``schedule`` in the worker (and by name, like any job)."""

    def decorate(function: Callable[..., Any]) -> Callable[..., Any]:
        def run() -> Any:
            app = _app()
            with app.app_context():
                return function(app)

        run.__name__ = run.__qualname__ = name
        huey.periodic_task(schedule, name=f"{name} (scheduled)", **options)(run)
        TASKS[name] = huey.task(name=name, **options)(run)
        return function

    return decorate


def enqueue(name: str, /, **arguments: Any) -> Any:
    """Queue the job ``name`` with plain JSON ``arguments``; returns huey's result handle."""
    if name not in TASKS:
        raise KeyError(f"no job called {name!r}")
    json.dumps(arguments)  # ids and plain values only: a live object cannot cross to the worker
    logger.info("job %s queued", name)
    return TASKS[name](**arguments)


def _register_all() -> None:
    # Importing the modules that define jobs registers them (the worker imports only this module).
    from forum_feedback import housekeeping  # noqa: F401
    from forum_feedback.mail import tasks as mail_tasks  # noqa: F401
    from forum_feedback.themes import tasks  # noqa: F401


_register_all()
