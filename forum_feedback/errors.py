"""Error pages in GOV.UK wording: never a stack trace, never the family's words.

Every request has a correlation id: sent back in the ``X-Request-ID`` header, shown on the error page,
and carried by every log line written while the request runs, so a person reporting "it said
sorry, reference 3f9a..." can be matched to the stack trace. Log lines hold no request bodies or
form values, and a value logged cannot forge a line: carriage returns and line feeds in it are escaped.
"""

from __future__ import annotations

import logging
import re
import secrets
import traceback
from typing import Any

from flask import Flask, g, has_request_context, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's own id is kept if it looks like one (so its logs and ours match); anything else is replaced.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
#: Seconds a browser or proxy is asked to wait before trying again when the database is unavailable.
RETRY_AFTER_SECONDS = 30

# status -> (title, template)
PAGES = {
    400: ("Sorry, there is a problem with the service", "errors/400.html"),
    403: ("You do not have permission to see this page", "errors/403.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("Page not found", "errors/404.html"),
    413: ("Your answer is too long to send", "errors/413.html"),
    429: ("You have sent too many requests", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
    503: ("Sorry, there is a problem with the service", "errors/503.html"),
}


def request_id() -> str:
    """This request's correlation id (made on first use), or "-" outside a request."""
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _SAFE_REQUEST_ID.fullmatch(incoming) else secrets.token_hex(8)
    return g.request_id


def render_error(status: int) -> tuple[str, int]:
    """The page for an HTTP status (unknown 4xx look like 400, 5xx like 500)."""
    key = status if status in PAGES else (500 if status >= 500 else 400)
    title, template = PAGES[key]
    return render_template(template, title=title, request_id=request_id()), status


def unavailable(body: str | None = None) -> Response:
    """503 with Retry-After: the database is unavailable; nothing was stored, try again soon."""
    page = body if body is not None else render_error(503)[0]
    return Response(page, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)}, mimetype="text/html")


def log_unavailable(error: BaseException) -> None:
    # The type only: a driver's message can quote the statement's values.
    logger.warning("database unavailable (%s): answered 503", type(error).__name__)


def register(app: Flask) -> None:
    """Attach the correlation id, and error handlers for HTTP errors, CSRF failures and unexpected exceptions."""
    install_log_record_factory()

    @app.after_request
    def send_request_id(response: Response) -> Response:
        response.headers[REQUEST_ID_HEADER] = request_id()
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        logger.info("refused a form without a valid CSRF token: %s", error.description)
        return render_template("errors/csrf.html", title="Sorry, your session has timed out"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception) -> Response:
        log_unavailable(error)
        return unavailable()

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        # The type and where it happened, not the message: messages can quote what a family typed.
        logger.error("unexpected %s; stack (innermost last): %s", type(error).__name__, stack_of(error))
        return render_error(500)


def stack_of(error: BaseException) -> str:
    """Where an exception happened, frame by frame on one line: files, lines and functions, no values."""
    frames = traceback.extract_tb(error.__traceback__)
    return " > ".join(f"{frame.filename}:{frame.lineno} in {frame.name}" for frame in frames)


# --- log lines -------------------------------------------------------------------------------------


def escape_line_breaks(value: str) -> str:
    """A logged value on one line: CR and LF (and the other line separators Python splits on) escaped."""
    return (
        value.replace("\\", "\\\\")
        .replace("\r", "\\r")
        .replace("\n", "\\n")
        .replace("\x0b", "\\x0b")
        .replace("\x0c", "\\x0c")
        .replace("\x1c", "\\x1c")
        .replace("\x1d", "\\x1d")
        .replace("\x1e", "\\x1e")
        .replace("\x85", "\\x85")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _escaped(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    return escape_line_breaks(value if isinstance(value, str) else str(value))


def install_log_record_factory() -> None:
    """Give every log record this request's id, and escape line breaks in what it logs (once per process)."""
    current = logging.getLogRecordFactory()
    if getattr(current, "forum_feedback", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = current(*args, **kwargs)
        record.request_id = request_id()
        if isinstance(record.msg, str):
            record.msg = escape_line_breaks(record.msg)
        if isinstance(record.args, dict):
            record.args = {key: _escaped(value) for key, value in record.args.items()}
        elif record.args:
            record.args = tuple(_escaped(value) for value in record.args)
        return record

    factory.forum_feedback = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


class RequestLogFormatter(logging.Formatter):
    """The app's log lines: time, level, request id, logger and message, one line each."""

    def __init__(self, fmt: str | None = None, datefmt: str | None = None, *_args: Any, **_kwargs: Any) -> None:
        super().__init__(fmt or "%(asctime)s [%(levelname)s] [request %(request_id)s] %(name)s: %(message)s", datefmt)

    def format(self, record: logging.LogRecord) -> str:
        if not hasattr(record, "request_id"):
            record.request_id = "-"
        return escape_line_breaks(super().format(record))
