"""Who is signed in to this request, and the role checks every staff page makes on the server.

The browser's cookie holds only the random token of a ``StaffSession`` row. Each request looks
the token up: an ended, idle or too-old session, or a disabled user, means nobody is signed in.

A rep or administrator (``TWO_FACTOR_ROLES``) whose session has typed the password but not yet
passed the second factor is not signed in either: ``current_user()`` is None for them, so no page,
template or check can mistake them for staff. They are only a ``pending_user()``, who may see the
code and set-up pages, and every staff page sends them there.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from argon2 import PasswordHasher
from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for

from forum_feedback.auth import passwords, services
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.extensions import get_db
from forum_feedback.web.links import absolute_url

SESSION_KEY = "staff_session"
ALL_STAFF = (Role.ADMIN, Role.REP, Role.BOARD)

F = TypeVar("F", bound=Callable[..., Any])

#: The staff navigation: (label, candidate endpoints, roles). A link shows only when one of its
#: endpoints exists, so features can land in any order.
NAVIGATION: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Home", ("staff.home",), ALL_STAFF),
    ("Inbox", ("moderation.inbox", "triage.inbox"), (Role.REP,)),
    ("Themes", ("triage.board",), (Role.REP,)),
    ("Evidence", ("evidence.packs",), (Role.REP,)),
    ("Board summary", ("board.home",), (Role.BOARD, Role.REP)),
    ("You said, we did", ("outcomes.manage",), (Role.REP,)),
    ("Users", ("admin.users",), (Role.ADMIN,)),
    ("Audit log", ("admin.audit",), (Role.ADMIN,)),
)


def current_user() -> services.CurrentUser | None:
    """The signed-in staff member, or None for a family, anyone not signed in, or anyone part-way in."""
    return g.get("user")


def pending_user() -> services.CurrentUser | None:
    """Someone who has typed their password but must still pass the second factor (or set it up)."""
    return g.get("pending_user")


def allowed_roles(roles: tuple[str, ...]) -> frozenset[str]:
    """The roles a page named for ``roles`` lets in: an administrator may do all a rep may."""
    allowed = set(roles)
    if Role.REP in allowed:
        allowed.add(Role.ADMIN)
    return frozenset(allowed)


def require_role(*roles: str) -> Callable[[F], F]:
    """Only these roles (and administrators wherever reps may go) see the page.

    Nobody signed in: a redirect to the sign-in page (coming back here afterwards for a GET).
    Signed in without the role: 403.
    """
    allowed = allowed_roles(roles)

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None and pending_user() is not None:
                return redirect_to_second_factor()
            if user is None:
                return redirect_to_sign_in()
            if user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        wrapped.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def redirect_to_sign_in() -> Any:
    if g.get("session_expired"):
        flash("You were signed out because you had not used the workspace for a while. Sign in again.")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.sign_in", next=target))


def redirect_to_second_factor() -> Any:
    """To the code page (or the set-up page for someone with no app yet), coming back here afterwards."""
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.second_factor", next=target))


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, otherwise None (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def begin_staff_session(token: str) -> None:
    """Start a fresh cookie session holding only the new token (a fixed session id cannot be planted)."""
    session.clear()
    session[SESSION_KEY] = token


def set_password_url(token: str) -> str:
    """The absolute one-time link, on the address the forum's staff reach the app at."""
    return absolute_url("auth.set_password", token=token)


def session_times(config: dict[str, Any]) -> services.SessionTimes:
    return services.SessionTimes(
        idle=dt.timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
        lifetime=dt.timedelta(hours=config["STAFF_SESSION_HOURS"]),
    )


def lockout_policy(config: dict[str, Any]) -> services.LockoutPolicy:
    return services.LockoutPolicy(
        max_failures=config["SIGN_IN_MAX_FAILURES"],
        window=dt.timedelta(minutes=config["SIGN_IN_FAILURE_WINDOW_MINUTES"]),
        max_delay=dt.timedelta(minutes=config["SIGN_IN_MAX_DELAY_MINUTES"]),
    )


def password_hasher() -> PasswordHasher:
    """The app's Argon2 hasher, built from its settings."""
    return current_app.extensions["forum_feedback_hasher"]


def two_factor_roles(config: dict[str, Any]) -> frozenset[str]:
    return frozenset(config["TWO_FACTOR_ROLES"])


def load_user() -> None:
    """Look up this request's staff session (in short sessions of its own, before the view's).

    Runs once per request: a rate limit keyed on the account may have looked it up already.
    """
    if "pending_user" in g:
        return
    g.user = None
    g.pending_user = None
    token = session.get(SESSION_KEY)
    if not token or request.endpoint == "static":
        return
    now = utcnow()
    database = get_db()
    with database.session() as db_session:
        check = services.check_staff_session(db_session, token=token, now=now, times=session_times(current_app.config))
    if check.user is None:
        session.pop(SESSION_KEY, None)
        g.session_expired = check.expired
        return
    if check.needs_touch:
        with database.write_session() as db_session:
            services.touch_staff_session(db_session, session_id=check.user.session_id, now=now)
    _place_user(check.user, now)


def _place_user(user: services.CurrentUser, now: dt.datetime) -> None:
    config = current_app.config
    if user.second_factor_passed or user.role not in two_factor_roles(config):
        g.user = user
        return
    pending_for = dt.timedelta(minutes=config["TWO_FACTOR_PENDING_MINUTES"])
    if user.started_at is not None and now - user.started_at > pending_for:
        # The password was typed too long ago: start again from the sign-in page.
        session.pop(SESSION_KEY, None)
        g.session_expired = True
        return
    g.pending_user = user


def staff_navigation() -> list[dict[str, Any]]:
    """The staff navigation links this person may use, with the current page marked."""
    user = current_user()
    if user is None:
        return []
    items = []
    for label, endpoints, roles in NAVIGATION:
        endpoint = next((name for name in endpoints if name in current_app.view_functions), None)
        if endpoint and user.role in allowed_roles(roles):
            items.append({"text": label, "href": url_for(endpoint), "active": request.endpoint == endpoint})
    return items


def _no_store(response: Any) -> Any:
    # Pages for signed-in staff must not stay in the browser's cache after signing out, nor the
    # set-up and recovery-code pages someone part-way in sees (they hold the app's key and the codes).
    if current_user() is not None or pending_user() is not None:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Load the signed-in user on every request and give templates ``current_user`` and the navigation."""
    config = app.config
    app.extensions["forum_feedback_hasher"] = passwords.make_hasher(
        time_cost=config["PASSWORD_HASH_TIME_COST"],
        memory_kib=config["PASSWORD_HASH_MEMORY_KIB"],
        parallelism=config["PASSWORD_HASH_PARALLELISM"],
    )
    app.before_request(load_user)
    app.after_request(_no_store)
    app.context_processor(lambda: {"current_user": current_user(), "staff_navigation": staff_navigation})
