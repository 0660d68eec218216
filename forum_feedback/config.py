"""Configuration in layers: defaults here, then ``instance/config.py``, then environment variables.

Every environment variable that configures the app starts with ``FORUM_FEEDBACK_``; the rest of
its name is the setting, for example ``FORUM_FEEDBACK_DATABASE_URL``. Values are parsed as JSON
when they can be (``true``, ``5``, ``["a", "b"]``) and used as plain strings otherwise.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from forum_feedback import taxonomy

ENV_PREFIX = "FORUM_FEEDBACK_"
DEV_SECRET_KEY = "dev-only-secret-key-change-me"


class ConfigError(RuntimeError):
    """The configuration is not safe or not complete enough to start."""


DEFAULTS: dict[str, Any] = {
    "ENV": "development",
    "SECRET_KEY": DEV_SECRET_KEY,
    # None means the SQLite file instance/forum_feedback.sqlite3; the factory fills it in.
    "DATABASE_URL": None,
    # Web requests fail fast ("Sorry, there is a problem with the service", 503) rather than hang:
    # seconds to wait for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout) or to connect,
    # and (PostgreSQL) for one statement. The worker and the command line wait longer.
    "DATABASE_REQUEST_LOCK_TIMEOUT_SECONDS": 5,
    "DATABASE_REQUEST_STATEMENT_TIMEOUT_SECONDS": 30,
    # Branding: a forum is not a government service (no crown, no GOV.UK logotype or font).
    "FORUM_NAME": "Northshire Parent Carer Forum",
    "FORUM_SHORT_NAME": "Northshire PCF",
    "SERVICE_NAME": "Tell us about your experience",
    "FORUM_EMAIL": "hello@example.org",
    "FORUM_LOGO": "images/logo.svg",
    "BRAND_COLOUR": "#5b2d86",
    "TEMPLATE_BACKGROUND_COLOUR": "#f4f0f8",
    "LINK_COLOUR": "#4a2470",
    # Editable lists (slug, label).
    "SERVICE_AREAS": taxonomy.SERVICE_AREAS,
    "AGE_BANDS": taxonomy.AGE_BANDS,
    "LOCAL_AREAS": taxonomy.LOCAL_AREAS,
    "PARTNERS": taxonomy.PARTNERS,
    # The family's form.
    "STORY_MAX_CHARS": 10_000,
    "HELP_MAX_CHARS": 5_000,
    "DRAFT_LIFETIME_HOURS": 24,
    # Retention (``flask --app forum_feedback retention apply``, and daily in the worker); see
    # docs/data-protection.md. After this many months from arrival, a family's words as sent (their
    # story, what would help, "something else") are replaced by the redacted text: a rep's where a rep
    # saved one, else the automatic redaction. Themes, counts and the redacted quotes stay.
    "RETENTION_ORIGINAL_MONTHS": 24,
    # After this many months from arrival, contact details (name, email or phone) are deleted, and so
    # are the address and wording of emails sent to them.
    "RETENTION_CONTACT_MONTHS": 12,
    "SUBMIT_RATE_LIMIT": "10 per hour;30 per day",
    "RATELIMIT_STORAGE_URI": "memory://",
    "MAX_CONTENT_LENGTH": 256 * 1024,
    # Cookies and security.
    # None: secure cookies in production, plain ones on http://127.0.0.1 in development.
    "SESSION_COOKIE_SECURE": None,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "forum_feedback_session",
    "PERMANENT_SESSION_LIFETIME": 24 * 3600,
    "WTF_CSRF_TIME_LIMIT": 24 * 3600,
    "FORCE_HTTPS": False,
    # The address the app is reached at, for absolute links (set-password links, emails). Empty: the
    # address a request came to, or the one `make run` / `make serve` wrote to SERVED_AT_FILE
    # (see forum_feedback.web.links). Set it in production, e.g. "https://feedback.your-forum.org.uk".
    "BASE_URL": None,
    "SERVED_AT_FILE": None,  # None: instance/served_at
    "PASSWORD_LINK_HOURS": 72,
    "STAFF_IDLE_MINUTES": 30,
    "STAFF_SESSION_HOURS": 12,
    # Per address (Flask-Limiter), on top of the per-account lock-out below.
    "SIGN_IN_RATE_LIMIT": "10 per minute;100 per day",
    # After this many failures within the window, each try waits 1, 2, 4... minutes, up to the maximum.
    "SIGN_IN_MAX_FAILURES": 5,
    "SIGN_IN_FAILURE_WINDOW_MINUTES": 60,
    "SIGN_IN_MAX_DELAY_MINUTES": 15,
    # Roles that must pass a second factor (an authenticator app, or a recovery code) after the
    # password. Board members read only shared summaries; add "board" here to require it of them too.
    "TWO_FACTOR_ROLES": ("admin", "rep"),
    # Attempts at the code page, per account (Flask-Limiter), and how long the password step stays
    # good while the code is typed.
    "TWO_FACTOR_RATE_LIMIT": "5 per minute;30 per hour",
    "TWO_FACTOR_PENDING_MINUTES": 10,
    # The name an authenticator app shows beside the code.
    "TWO_FACTOR_ISSUER": "Forum feedback",
    # Argon2id settings (argon2-cffi's defaults, RFC 9106 low-memory); hashes are renewed when these change.
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_KIB": 65536,
    "PASSWORD_HASH_PARALLELISM": 4,
    # Safeguarding: the forum's own escalation route, shown to a rep on every item with an open concern.
    # Steps are plain English, in order; {lead_name}, {lead_phone}, {front_door_phone} and
    # {out_of_hours_phone} are filled in from SAFEGUARDING_CONTACTS. Every forum must set its own.
    # The job queue (huey): empty means "next to the database": a SQLite file beside an embedded
    # database (instance/queue.sqlite3), or tables in the same PostgreSQL database. Or redis://...
    "QUEUE_URL": "",
    # Run jobs at once, in the caller (tests).
    "JOBS_IMMEDIATE": False,
    # A running rebuild that shows no sign of life for this long is marked failed (its worker stopped).
    "REBUILD_STALE_SECONDS": 300,
    # Email to families (an outcome for their theme was published). "file": each email is written to
    # MAIL_DIR as a .eml file (development and tests); "smtp": sent through the SMTP_* settings.
    "MAIL_BACKEND": "file",
    "MAIL_DIR": None,  # None: instance/mail
    "MAIL_FROM": None,  # None: FORUM_EMAIL
    "SMTP_HOST": "localhost",
    "SMTP_PORT": 587,
    "SMTP_SECURITY": "starttls",  # "starttls", "ssl" or "none"
    "SMTP_USERNAME": "",
    "SMTP_PASSWORD": "",
    "SMTP_TIMEOUT_SECONDS": 20,
    # A failed send is tried again later, waiting longer each time, up to this many tries in all.
    "MAIL_MAX_ATTEMPTS": 8,
    # The TrueType font embedded in PDF exports: "auto" finds DejaVu or Liberation on the system; a path;
    # or "" for the built-in Helvetica (Latin-1 characters only).
    "PDF_FONT": "auto",
    # The safeguarding screen's learned second net (forum_feedback.analysis.safeguarding_net), behind the rules.
    # On text written unlike anything it was tuned on, the rules alone raised about 4 in 5 concerns and rules
    # with the net about 19 in 20; on real ordinary feedback the net more than doubles the share raised (1.3 % to
    # 3.0 % of NHS comments): scripts/bench_safeguarding.py. A forum's safeguarding lead may turn it off.
    "SAFEGUARDING_SECOND_NET": True,
    "SAFEGUARDING_STEPS": [
        "If a child or adult is in immediate danger, call 999 now.",
        "Tell the forum's safeguarding lead today: {lead_name}, {lead_phone}.",
        "If the lead agrees, or you cannot reach them and a child may be at risk of harm, make a referral to the "
        "council's children's services front door on {front_door_phone} (out of hours: {out_of_hours_phone}).",
        "Do not look into it yourself, and do not promise the family to keep it secret.",
        "Record what you did and when. Close the concern only when nothing more needs to be done.",
    ],
    "SAFEGUARDING_CONTACTS": {
        "lead_name": "the forum's safeguarding lead",
        "lead_phone": "01632 960 000",
        "front_door_phone": "01632 960 111",
        "out_of_hours_phone": "01632 960 222",
    },
}


def parse_env_value(raw: str) -> Any:
    """Read an environment value as JSON when it is JSON, else keep the string."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    """Collect the settings given as ``FORUM_FEEDBACK_*`` environment variables."""
    return {
        key[len(ENV_PREFIX) :]: parse_env_value(value) for key, value in environ.items() if key.startswith(ENV_PREFIX)
    }


def environment_overrides() -> dict[str, Any]:
    """The settings from this process's environment (``DATABASE_URL`` is also read unprefixed)."""
    settings = from_environment(os.environ)
    if "DATABASE_URL" not in settings and os.environ.get("DATABASE_URL"):
        settings["DATABASE_URL"] = os.environ["DATABASE_URL"]
    return settings


def instance_settings(instance_path: Path) -> dict[str, Any]:
    """The UPPER_CASE names set in ``instance/config.py``, as Flask's ``from_pyfile`` reads them."""
    path = instance_path / "config.py"
    if not path.is_file():
        return {}
    namespace: dict[str, Any] = {"__file__": str(path)}
    exec(compile(path.read_bytes(), str(path), "exec"), namespace)  # the forum's own settings file
    return {key: value for key, value in namespace.items() if key.isupper()}


def load_settings(instance_path: Path) -> dict[str, Any]:
    """Every setting, in layers: defaults, then ``instance/config.py``, then environment variables.

    The web app and the job worker both read their settings this way.
    """
    return {**DEFAULTS, **instance_settings(instance_path), **environment_overrides()}


def per_process_storage(storage_uri: str) -> bool:
    """Whether rate-limit counts kept here live in one process only (so several processes multiply the limits)."""
    return storage_uri.startswith("memory://")


def server_processes(environ: Mapping[str, str] = os.environ) -> int:
    """How many server processes will run this app, as gunicorn (and most hosts) read it: ``WEB_CONCURRENCY``."""
    try:
        return max(1, int(environ.get("WEB_CONCURRENCY") or 1))
    except ValueError:
        return 1


def check_config(config: Mapping[str, Any]) -> None:
    """Refuse settings that are unsafe in production."""
    if config.get("ENV") != "production":
        return
    storage, processes = str(config.get("RATELIMIT_STORAGE_URI") or "memory://"), server_processes()
    if per_process_storage(storage) and processes > 1 and config.get("RATELIMIT_ENABLED", True):
        raise ConfigError(
            f"Refusing to start in production with {processes} server processes (WEB_CONCURRENCY) and rate limits "
            "kept in each process's memory: every limit would be multiplied. Set FORUM_FEEDBACK_RATELIMIT_STORAGE_URI "
            "to redis://... (shared by every process), or run one process."
        )
    secret = config.get("SECRET_KEY") or ""
    if secret == DEV_SECRET_KEY or len(secret) < 32:
        raise ConfigError(
            "Refusing to start in production with the development secret key: set FORUM_FEEDBACK_SECRET_KEY "
            "to a long random value (for example: python -c 'import secrets; print(secrets.token_hex(32))')."
        )


def check_retention(config: Mapping[str, Any]) -> None:
    """Refuse retention periods that are not whole months, at start-up rather than at the first nightly run."""
    from forum_feedback.retention import Periods  # imported here: it needs the models, settings do not

    try:
        Periods.from_config(config)
    except ValueError as error:
        raise ConfigError(str(error)) from error
