"""Signing in (password, then the second factor) and out, and setting a password with a one-time link."""

from __future__ import annotations

import logging
import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from werkzeug.wrappers import Response

from forum_feedback.auth import forms, services, two_factor
from forum_feedback.auth.access import (
    SESSION_KEY,
    begin_staff_session,
    current_user,
    load_user,
    lockout_policy,
    password_hasher,
    pending_user,
    safe_next,
    two_factor_roles,
)
from forum_feedback.db import utcnow
from forum_feedback.extensions import get_session, limiter

logger = logging.getLogger(__name__)

blueprint = Blueprint("auth", __name__)


def _sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _home() -> str:
    return url_for("staff.home")


@blueprint.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
def sign_in() -> Response | str:
    """The staff sign-in page. Families never need an account."""
    next_url = safe_next(request.args.get("next"))
    if request.method == "GET" and current_user() is not None:
        return redirect(next_url or _home())
    form = forms.SignInForm()
    if form.validate_on_submit():
        result = services.sign_in(
            get_session(),
            email=form.email.data,
            password=form.password.data,
            now=utcnow(),
            policy=lockout_policy(current_app.config),
            hasher=password_hasher(),
        )
        if result.outcome is services.Outcome.SIGNED_IN:
            _end_previous_session()
            begin_staff_session(result.token or "")
            if result.role in two_factor_roles(current_app.config):
                return redirect(url_for(".second_factor", next=next_url))
            return redirect(next_url or _home())
        form.email.errors.append(_refusal(result))
    return render_template("auth/sign_in.html", form=form)


def _refusal(result: services.SignInResult) -> str:
    if result.outcome is services.Outcome.WAIT and result.wait_until is not None:
        minutes = max(1, math.ceil((result.wait_until - utcnow()).total_seconds() / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return f"You have tried to sign in too many times. Wait {minutes} {unit}, then try again"
    return forms.SIGN_IN_REFUSED


def _end_previous_session() -> None:
    previous = session.get(SESSION_KEY)
    if previous:
        services.sign_out(get_session(), token=previous, now=utcnow())


@blueprint.post("/sign-out")
def sign_out() -> Response:
    """End the session on the server and in the browser."""
    token = session.get(SESSION_KEY)
    if token:
        services.sign_out(get_session(), token=token, now=utcnow())
    session.clear()
    return redirect(url_for(".signed_out"))


@blueprint.get("/signed-out")
def signed_out() -> str:
    return render_template("auth/signed_out.html")


@blueprint.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def set_password(token: str) -> Response | tuple[str, int] | str:
    """Choose a password with the one-time link an administrator (or the command line) gave you."""
    user = services.find_password_link(get_session(), token=token, now=utcnow())
    if user is None:
        return render_template("auth/link_invalid.html"), 404
    form = forms.SetPasswordForm(email=user.email)
    if form.validate_on_submit():
        try:
            saved = services.set_password(
                get_session(), token=token, password=form.password.data, now=utcnow(), hasher=password_hasher()
            )
        except services.PasswordRefused as refused:
            form.password.errors.append(str(refused))
        else:
            if saved is None:
                return render_template("auth/link_invalid.html"), 404
            flash("Your password is saved. Sign in with it now.")
            return redirect(url_for(".sign_in"))
    return render_template("auth/set_password.html", form=form, email=user.email)


# The second factor ---------------------------------------------------------------------------


def _two_factor_limit() -> str:
    return current_app.config["TWO_FACTOR_RATE_LIMIT"]


def _two_factor_key() -> str:
    """Per account, whichever address or session the guesses come from (the address when nobody is part-way in)."""
    load_user()  # the limiter runs before the app's own before-request step
    user = pending_user()
    return f"two-factor:{user.id}" if user is not None else get_remote_address()


def _onward_or_sign_in(next_url: str | None) -> Response | None:
    """Where to send someone who should not be on a second-factor page, or None if they should."""
    if current_user() is not None:
        return redirect(next_url or _home())
    if pending_user() is None:
        return redirect(url_for(".sign_in", next=next_url))
    return None


def _key() -> str:
    return current_app.config["SECRET_KEY"]


@blueprint.route("/sign-in/code", methods=["GET", "POST"])
@limiter.shared_limit(_two_factor_limit, scope="two-factor", key_func=_two_factor_key, methods=["POST"])
def second_factor() -> Response | str:
    """After the password: a code from the authenticator app, or a recovery code."""
    next_url = safe_next(request.args.get("next"))
    elsewhere = _onward_or_sign_in(next_url)
    if elsewhere is not None:
        return elsewhere
    user = pending_user()
    assert user is not None
    if not user.has_second_factor:
        return redirect(url_for(".set_up_second_factor", next=next_url))
    form = forms.CodeForm()
    if form.validate_on_submit():
        outcome = two_factor.check_code(
            get_session(), user_id=user.id, session_id=user.session_id, code=form.code.data, now=utcnow(), key=_key()
        )
        if outcome is two_factor.Check.REFUSED:
            form.code.errors.append(forms.CODE_REFUSED)
        else:
            # A new token for the stronger session (this also starts a fresh cookie: flash after it).
            begin_staff_session(services.renew_session_token(get_session(), session_id=user.session_id))
            if outcome is two_factor.Check.PASSED_WITH_RECOVERY_CODE:
                left = two_factor.recovery_codes_left(get_session(), user_id=user.id)
                flash(
                    f"You used a recovery code. You have {left} left. If you have lost your authenticator app, "
                    "ask an administrator to reset your two-factor sign-in."
                )
            return redirect(next_url or _home())
    return render_template("auth/second_factor.html", form=form)


@blueprint.route("/sign-in/set-up", methods=["GET", "POST"])
@limiter.shared_limit(_two_factor_limit, scope="two-factor", key_func=_two_factor_key, methods=["POST"])
def set_up_second_factor() -> Response | str:
    """First sign-in of a rep or administrator: add the forum to an authenticator app, then save recovery codes."""
    next_url = safe_next(request.args.get("next"))
    elsewhere = _onward_or_sign_in(next_url)
    if elsewhere is not None:
        return elsewhere
    user = pending_user()
    assert user is not None
    if user.has_second_factor:
        return redirect(url_for(".second_factor", next=next_url))
    setup = two_factor.begin_setup(get_session(), user_id=user.id, issuer=current_app.config["TWO_FACTOR_ISSUER"])
    form = forms.SetUpForm()
    if form.validate_on_submit():
        codes = two_factor.confirm_setup(
            get_session(), user_id=user.id, session_id=user.session_id, code=form.code.data, now=utcnow(), key=_key()
        )
        if codes is not None:
            begin_staff_session(services.renew_session_token(get_session(), session_id=user.session_id))
            return render_template("auth/recovery_codes.html", codes=codes, onward=next_url or _home())
        form.code.errors.append(forms.SETUP_CODE_REFUSED)
    return render_template("auth/set_up_second_factor.html", form=form, setup=setup, email=user.email)
