"""Signing in and out, and setting a password with a one-time link."""

from __future__ import annotations

import logging
import math

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from forum_feedback.auth import forms, services
from forum_feedback.auth.access import (
    SESSION_KEY,
    begin_staff_session,
    current_user,
    lockout_policy,
    password_hasher,
    safe_next,
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
