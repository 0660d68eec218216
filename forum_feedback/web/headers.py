"""Response headers talisman does not cover: no caching of pages, and HSTS in production whatever the proxy says.

- ``Cache-Control: no-store`` on every page but static files. The family's pages show what they
  typed (question pages), their contact details (check your answers) and their receipt code
  (confirmation); staff pages show families' words. None of it may stay in a shared computer's
  browser cache or a proxy's, and a page served from cache after sending could show an old draft.
- ``Strict-Transport-Security`` in production on every response. Talisman sends it only when the
  request looks secure (HTTPS, or ``X-Forwarded-Proto: https`` from the proxy); behind a proxy that
  does not say so it would never be sent. Browsers ignore it over plain HTTP, so sending it always
  is harmless.
"""

from __future__ import annotations

from flask import Flask, request
from werkzeug.wrappers import Response

HSTS = "max-age=31556926; includeSubDomains"  # a year, as talisman sends it over HTTPS
#: Endpoints whose responses may be cached: the compiled CSS, JavaScript, fonts and images only.
CACHEABLE_ENDPOINTS = frozenset({"static"})


def register(app: Flask) -> None:
    """Add the headers to every response of ``app``."""
    production = app.config["ENV"] == "production"

    @app.after_request
    def add_headers(response: Response) -> Response:
        if request.endpoint not in CACHEABLE_ENDPOINTS:
            response.headers["Cache-Control"] = "no-store"
        if production and "Strict-Transport-Security" not in response.headers:
            response.headers["Strict-Transport-Security"] = HSTS
        return response
