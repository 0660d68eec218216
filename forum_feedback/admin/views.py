"""Administrators manage the forum's users and read the audit log."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum_feedback.admin import forms, services
from forum_feedback.audit import services as audit_services
from forum_feedback.auth import services as auth_services
from forum_feedback.auth.access import current_user, require_role, set_password_url, two_factor_roles
from forum_feedback.auth.models import User
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.extensions import get_session
from forum_feedback.web.pages import parse_page
from forum_feedback.web.pagination import pagination

logger = logging.getLogger(__name__)

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _link_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["PASSWORD_LINK_HOURS"])


def _actor_id() -> int:
    user = current_user()
    assert user is not None  # require_role has made sure
    return user.id


def _show_link(link: auth_services.NewLink) -> str:
    """The link, shown once in the answer to the POST that made it.

    Never through the cookie session: Flask's is signed, not encrypted, so anyone who saw the cookie
    could read a live link. The page is not cached (every page is no-store); reloading asks before
    sending again, and a new link replaces the old one.
    """
    user = _user_or_404(link.user_id)
    hours = current_app.config["PASSWORD_LINK_HOURS"]
    return render_template("admin/link.html", user=user, url=set_password_url(link.token), hours=hours)


def _user_or_404(user_id: int) -> User:
    user = services.get_user(get_session(), user_id=user_id)
    if user is None:
        abort(404)
    return user


@blueprint.get("/users")
@require_role(Role.ADMIN)
def users() -> str:
    """Everyone who can sign in, with their role and whether their account is active."""
    return render_template("admin/users.html", users=services.list_users(get_session()))


@blueprint.route("/users/new", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def invite() -> Response | str:
    """Add a user: they get a one-time link to set their password (shown here to pass on)."""
    form = forms.InviteForm()
    if form.validate_on_submit():
        try:
            link = auth_services.create_user(
                get_session(),
                email=form.email.data,
                role=form.role.data,
                actor_id=_actor_id(),
                now=utcnow(),
                link_lifetime=_link_lifetime(),
            )
        except auth_services.UserExists:
            form.email.errors.append("There is already a user with this email address")
        else:
            return _show_link(link)
    return render_template("admin/invite.html", form=form, role_items=forms.role_hints())


@blueprint.get("/users/<int:user_id>")
@require_role(Role.ADMIN)
def user(user_id: int) -> str:
    """One user: change their role, disable or enable them, or make a new set-password link."""
    return _render_user(_user_or_404(user_id), forms.RoleForm(role=None))


def _render_user(user: User, role_form: forms.RoleForm) -> str:
    if role_form.role.data is None:
        role_form.role.data = user.role
    return render_template(
        "admin/user.html",
        user=user,
        form=role_form,
        role_items=forms.role_hints(),
        is_me=user.id == _actor_id(),
        needs_two_factor=user.role in two_factor_roles(current_app.config),
    )


@blueprint.post("/users/<int:user_id>/role")
@require_role(Role.ADMIN)
def change_role(user_id: int) -> Response | str:
    user = _user_or_404(user_id)
    form = forms.RoleForm()
    if not form.validate_on_submit():
        return _render_user(user, form)
    try:
        changed = services.change_role(
            get_session(), user_id=user.id, role=form.role.data, actor_id=_actor_id(), now=utcnow()
        )
    except services.NotAllowed as refused:
        form.role.errors.append(str(refused))
        return _render_user(user, form)
    if changed:
        flash(f"The role of {user.email} is now {user.role_label.lower()}.")
    return redirect(url_for(".user", user_id=user.id))


def _set_active(user_id: int, active: bool) -> Response:
    user = _user_or_404(user_id)
    try:
        services.set_active(get_session(), user_id=user.id, active=active, actor_id=_actor_id(), now=utcnow())
    except services.NotAllowed as refused:
        flash(f"{refused}.")
    else:
        flash(f"{user.email} can sign in again." if active else f"{user.email} can no longer sign in.")
    return redirect(url_for(".user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/disable")
@require_role(Role.ADMIN)
def disable(user_id: int) -> Response:
    """Stop a user signing in, and end any session they have open now."""
    return _set_active(user_id, False)


@blueprint.post("/users/<int:user_id>/enable")
@require_role(Role.ADMIN)
def enable(user_id: int) -> Response:
    return _set_active(user_id, True)


@blueprint.post("/users/<int:user_id>/two-factor/reset")
@require_role(Role.ADMIN)
def reset_two_factor(user_id: int) -> Response:
    """Remove a user's authenticator app and recovery codes (a lost phone): they set up a new one at next sign-in."""
    user = _user_or_404(user_id)
    try:
        services.reset_second_factor(get_session(), user_id=user.id, actor_id=_actor_id(), now=utcnow())
    except services.NotAllowed as refused:
        flash(f"{refused}.")
    else:
        flash(f"{user.email} has been signed out and will set up two-factor sign-in again when they next sign in.")
    return redirect(url_for(".user", user_id=user.id))


@blueprint.post("/users/<int:user_id>/link")
@require_role(Role.ADMIN)
def create_link(user_id: int) -> str:
    """A new one-time link to set a password (for a forgotten password, or an expired invitation)."""
    user = _user_or_404(user_id)
    link = auth_services.create_password_link(
        get_session(), user_id=user.id, actor_id=_actor_id(), now=utcnow(), lifetime=_link_lifetime()
    )
    return _show_link(link)


@blueprint.get("/users/<int:user_id>/link")
@require_role(Role.ADMIN)
def new_link(user_id: int) -> Response:
    """A link is shown only once, when it is made: asking for this address again goes to the user's page."""
    user = _user_or_404(user_id)
    return redirect(url_for(".user", user_id=user.id))


@blueprint.get("/audit")
@require_role(Role.ADMIN)
def audit() -> str:
    """The audit log, newest first: who did what to which record, and when."""
    log = audit_services.list_entries(get_session(), page=parse_page(request.args.get("page")))
    return render_template("admin/audit.html", log=log, pagination=pagination(log, label="Audit log pages"))
