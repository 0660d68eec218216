"""Flask extensions, created unbound here and attached to the app in the factory."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import Session

from forum_feedback.db import Database

csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
talisman = Talisman()

#: No inline script, no inline style, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def init_database(app: Flask) -> Database:
    """Attach the database to the app and close each request's session when the request ends."""
    database = Database(
        app.config["DATABASE_URL"],
        request_lock_timeout=app.config["DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS"],
        request_statement_timeout=app.config["DATABASE_REQUEST_STATEMENT_TIMEOUT_SECONDS"],
    )
    app.extensions["forum_feedback_db"] = database

    @app.teardown_appcontext
    def close_session(_exc: BaseException | None) -> None:
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    return database


def get_db() -> Database:
    """The current app's database."""
    return current_app.extensions["forum_feedback_db"]


def get_session() -> Session:
    """This request's session; requests that may write take SQLite's write lock up front."""
    if "db_session" not in g:
        write = request.method not in _SAFE_METHODS if request else True
        g.db_session = get_db().session(write=write, request=bool(request))
    return g.db_session
