"""forum_feedback: families tell their Parent Carer Forum about their experience; reps turn it into evidence."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then ``instance/config.py``, then ``FORUM_FEEDBACK_*`` environment variables.

    ``test_config`` replaces the last two layers (tests must not depend on the machine). The
    factory has no side effects: it does not create tables, migrate or touch the network.
    """
    # Flask is imported here, not at the top, so the pure libraries (forum_feedback.analysis)
    # can be imported on their own without the web framework.
    from flask import Flask

    from forum_feedback import config as config_module

    app = Flask(__name__, instance_path=str(_instance_path()), instance_relative_config=True)
    _init_request_handling(app)
    if test_config is None:
        app.config.from_mapping(config_module.load_settings(Path(app.instance_path)))
    else:
        app.config.from_mapping({**config_module.DEFAULTS, **test_config})
    _finish_config(app, config_module)
    _init_extensions(app)
    _register_features(app)
    return app


def _init_request_handling(app: Flask) -> None:
    # Text sent in is cleaned of control characters once, for every form and query string; and
    # an id in a URL is one the database can hold (a bigger one is simply "Page not found").
    from forum_feedback.web.requests import CleanRequest
    from forum_feedback.web.routing import IdConverter

    app.request_class = CleanRequest
    app.url_map.converters["int"] = IdConverter


def _instance_path() -> Path:
    # The instance folder sits at the project root in a checkout (see instance/README.md).
    return Path(__file__).resolve().parent.parent / "instance"


def _finish_config(app: Flask, config_module: Any) -> None:
    if app.config["SESSION_COOKIE_SECURE"] is None:
        app.config["SESSION_COOKIE_SECURE"] = app.config["ENV"] == "production"
    if app.config["ENV"] == "production" and app.config["SESSION_COOKIE_SECURE"]:
        # "__Host-": the browser keeps the cookie only if it is Secure, for Path=/ and with no Domain, so
        # another site on a sibling sub-domain (or a plain-HTTP page) cannot plant or overwrite it.
        if not app.config["SESSION_COOKIE_NAME"].startswith("__Host-"):
            app.config["SESSION_COOKIE_NAME"] = "__Host-" + app.config["SESSION_COOKIE_NAME"]
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'forum_feedback.sqlite3'}"
    if not app.config.get("SERVED_AT_FILE"):
        app.config["SERVED_AT_FILE"] = str(Path(app.instance_path) / "served_at")
    if not app.config.get("MAIL_DIR"):
        app.config["MAIL_DIR"] = str(Path(app.instance_path) / "mail")
    if not app.config.get("MAIL_FROM"):
        app.config["MAIL_FROM"] = app.config["FORUM_EMAIL"]
    app.config["MAX_FORM_MEMORY_SIZE"] = app.config["MAX_CONTENT_LENGTH"]
    config_module.check_config(app.config)
    config_module.check_retention(app.config)


def _init_extensions(app: Flask) -> None:
    from forum_feedback import extensions

    extensions.init_database(app)
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    extensions.talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=extensions.CONTENT_SECURITY_POLICY,
        referrer_policy="same-origin",
        frame_options="DENY",
        permissions_policy={"geolocation": "()", "camera": "()", "microphone": "()", "interest-cohort": "()"},
    )
    from forum_feedback.web import headers

    headers.register(app)
    from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
    from werkzeug.middleware.proxy_fix import ProxyFix

    if app.config.get("PROXY_FIX_X_FOR"):
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(app.config["PROXY_FIX_X_FOR"]))  # type: ignore[method-assign]
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("forum_feedback"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )


def _register_features(app: Flask) -> None:
    # The job queue, and with it every job and every receiver of the app's events.
    from forum_feedback import cli, errors, jobs, site, submissions
    from forum_feedback.admin.views import blueprint as admin_blueprint
    from forum_feedback.auth import access
    from forum_feedback.auth.views import blueprint as auth_blueprint
    from forum_feedback.board.views import blueprint as board_blueprint
    from forum_feedback.evidence.views import blueprint as evidence_blueprint
    from forum_feedback.mail.views import blueprint as mail_blueprint
    from forum_feedback.moderation.views import blueprint as moderation_blueprint
    from forum_feedback.outcomes.views import blueprint as outcomes_blueprint
    from forum_feedback.rights.views import blueprint as rights_blueprint
    from forum_feedback.site.views import blueprint as site_blueprint
    from forum_feedback.staff.views import blueprint as staff_blueprint
    from forum_feedback.submissions.views import blueprint as submissions_blueprint
    from forum_feedback.triage.views import blueprint as triage_blueprint

    del jobs, site, submissions
    app.register_blueprint(site_blueprint)
    app.register_blueprint(submissions_blueprint)
    app.register_blueprint(outcomes_blueprint)  # the public "You said, we did" and reps' outcomes
    app.register_blueprint(mail_blueprint)
    app.register_blueprint(rights_blueprint)  # subject access, for families and for reps
    # Staff: who is signed in is loaded on every request; every staff view checks its role itself.
    access.init_app(app)
    app.register_blueprint(auth_blueprint)
    app.register_blueprint(staff_blueprint)
    app.register_blueprint(admin_blueprint)
    app.register_blueprint(moderation_blueprint)
    app.register_blueprint(triage_blueprint)
    app.register_blueprint(evidence_blueprint)
    app.register_blueprint(board_blueprint)
    errors.register(app)
    cli.register(app)
    from govuk_frontend_wtf.main import WTFormsHelpers

    WTFormsHelpers(app)
    from forum_feedback.web import template_filters

    template_filters.register(app)
    app.jinja_env.globals["forum"] = _forum_globals(app)
    from forum_feedback import enums

    app.jinja_env.globals.update({enum.__name__: enum for enum in enums.ALL})
    app.jinja_env.globals["PACK_SHARED"] = enums.PACK_SHARED


def _forum_globals(app: Flask) -> dict[str, Any]:
    keys = ("FORUM_NAME", "FORUM_SHORT_NAME", "SERVICE_NAME", "FORUM_EMAIL", "FORUM_LOGO")
    return {key.lower(): app.config[key] for key in keys}
