"""Work that must not run on the request path (theme rebuilds), done by one background thread.

A forum runs one small server, so an in-process worker is enough and needs no broker: the job's
state lives in the database (ThemeRun rows), so a page can show progress and nothing is lost if
the process stops (a run left half-done is marked failed and can be started again). Tests and
the CLI set ``JOBS_RUN_INLINE`` to run the same function in the caller's thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from flask import Flask

logger = logging.getLogger(__name__)

_EXECUTORS: dict[int, ThreadPoolExecutor] = {}


def submit(app: Flask, work: Callable[..., Any], /, **kwargs: Any) -> Future[Any] | None:
    """Run ``work(**kwargs)`` in the app's background thread (or now, when JOBS_RUN_INLINE is set)."""
    if app.config.get("JOBS_RUN_INLINE"):
        work(**kwargs)
        return None
    executor = _EXECUTORS.setdefault(id(app), ThreadPoolExecutor(max_workers=1, thread_name_prefix="jobs"))
    future = executor.submit(work, **kwargs)
    future.add_done_callback(_log_failure)
    return future


def _log_failure(future: Future[Any]) -> None:
    error = future.exception()
    if error is not None:
        logger.error("background job failed: %s", type(error).__name__)
