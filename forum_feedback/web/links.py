"""Absolute links (set-password links, links in emails): every one is built from one base URL.

The base URL is, in order: the ``BASE_URL`` setting; inside a request, the address that request
came to (so an administrator's page shows links on the address they are using); otherwise (the
command line, background jobs) the address ``make run`` or ``make serve`` last served on, which
they write to ``SERVED_AT_FILE``; and only then Flask's default development address.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app, has_request_context, request

FLASK_DEFAULT = "http://127.0.0.1:5000"


def base_url() -> str:
    """The address the app is reached at, without a trailing slash."""
    configured = current_app.config.get("BASE_URL")
    if configured:
        return str(configured).rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    served = Path(current_app.config["SERVED_AT_FILE"])
    if served.is_file():
        recorded = served.read_text(encoding="utf-8").strip()
        if recorded.startswith(("http://", "https://")):
            return recorded.rstrip("/")
    return FLASK_DEFAULT


def absolute_url(endpoint: str, **values: Any) -> str:
    """The full address of a page, built from the URL map (so the command line can make it too)."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return base_url() + path
