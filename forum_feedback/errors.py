"""Error pages in GOV.UK wording: never a stack trace, never the family's words."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

logger = logging.getLogger(__name__)

# status -> (title, template)
PAGES = {
    400: ("Sorry, there is a problem with the service", "errors/400.html"),
    403: ("You do not have permission to see this page", "errors/403.html"),
    404: ("Page not found", "errors/404.html"),
    405: ("Page not found", "errors/404.html"),
    413: ("Your answer is too long to send", "errors/413.html"),
    429: ("You have sent too many requests", "errors/429.html"),
    500: ("Sorry, there is a problem with the service", "errors/500.html"),
}


def render_error(status: int) -> tuple[str, int]:
    """The page for an HTTP status (unknown 4xx look like 400, 5xx like 500)."""
    key = status if status in PAGES else (500 if status >= 500 else 400)
    title, template = PAGES[key]
    return render_template(template, title=title), status


def register(app: Flask) -> None:
    """Attach error handlers for HTTP errors, CSRF failures and unexpected exceptions."""

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        logger.info("refused a form without a valid CSRF token: %s", error.description)
        return render_template("errors/csrf.html", title="Sorry, your session has timed out"), 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        return render_error(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[str, int]:
        # Log the type and where it happened, not the message: messages can quote what a family typed.
        logger.error("unexpected %s at\n%s", type(error).__name__, "".join(traceback.format_tb(error.__traceback__)))
        return render_error(500)
