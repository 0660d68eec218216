"""gunicorn settings for ``make serve`` (production). Every value can be set in the environment.

- ``PORT`` (8000) and ``BIND_HOST`` (127.0.0.1): serve on loopback; a reverse proxy in front
  (nginx, Caddy...) terminates TLS and forwards to it.
- ``WEB_CONCURRENCY`` (1): worker processes. One process with threads is right for one small
  server: SQLite writes one at a time anyway, and per-process state (rate limits kept in memory)
  stays correct. Several processes need shared rate-limit storage (``RATELIMIT_STORAGE_URI=redis://``),
  so gunicorn refuses to start with several processes and in-memory limits.
- ``WEB_THREADS`` (8): threads per process; each handles one request at a time.
- ``WEB_TIMEOUT`` (30): seconds before a stuck request's worker is restarted.
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn import glogging

from forum_feedback import config as config_module
from forum_feedback.jobs import INSTANCE

bind = f"{os.environ.get('BIND_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "1"))
threads = int(os.environ.get("WEB_THREADS", "8"))
worker_class = "gthread"
timeout = int(os.environ.get("WEB_TIMEOUT", "30"))
graceful_timeout = 20
# gunicorn's control socket lives at one path in the user's home: two servers on one machine (a test
# run beside a live forum) would take it from each other, and nothing here uses it.
control_socket_disable = True
keepalive = 5
accesslog = "-"
# The access log holds no query strings: search words and filters are a family's words too.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss'
errorlog = "-"
# The app's own log lines: one line each, with the request's correlation id (see forum_feedback.errors).
logconfig_dict = {
    "formatters": {
        **glogging.CONFIG_DEFAULTS["formatters"],
        "app": {"class": "forum_feedback.errors.RequestLogFormatter"},
    },
    "handlers": {
        **glogging.CONFIG_DEFAULTS["handlers"],
        "app_console": {"class": "logging.StreamHandler", "formatter": "app", "stream": "ext://sys.stderr"},
    },
    "loggers": {
        **{name: {**logger, "propagate": False} for name, logger in glogging.CONFIG_DEFAULTS["loggers"].items()},
        "forum_feedback": {"level": "INFO", "handlers": ["app_console"], "propagate": False},
    },
}
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server: Any) -> None:
    """Refuse settings that would quietly weaken the app: several processes with per-process rate limits.

    The number of processes is gunicorn's own (``server.cfg.workers``), so ``-w 4`` on the command line
    is caught as well as ``WEB_CONCURRENCY=4``.
    """
    processes = int(server.cfg.workers)
    storage = str(config_module.load_settings(INSTANCE).get("RATELIMIT_STORAGE_URI") or "memory://")
    if config_module.per_process_storage(storage) and processes > 1:
        raise SystemExit(
            f"Refusing to start {processes} worker processes with rate limits kept in each process's memory: "
            "every limit would be multiplied by the number of processes. Set RATELIMIT_STORAGE_URI to "
            "redis://... (shared), or run one process (WEB_CONCURRENCY=1) with threads."
        )


def post_worker_init(worker: object) -> None:
    """Compile the safeguarding and redaction rules before the first request, not during a family's send."""
    from forum_feedback.analysis.redaction import find_identifiers
    from forum_feedback.analysis.safeguarding import warm_up as warm_up_screen

    warm_up_screen()
    find_identifiers("warm up")
