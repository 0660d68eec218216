"""The staff home page: where signed-in reps, administrators and board members start."""

from __future__ import annotations

from flask import Blueprint, render_template

from forum_feedback.auth.access import ALL_STAFF, current_user, require_role
from forum_feedback.enums import Role
from forum_feedback.extensions import get_session
from forum_feedback.staff import services

blueprint = Blueprint("staff", __name__, url_prefix="/staff")


@blueprint.get("/")
@require_role(*ALL_STAFF)
def home() -> str:
    """What is waiting, and links to the parts of the workspace this person may use."""
    user = current_user()
    if user is None or user.role == Role.BOARD:
        return render_template("staff/home.html", new_count=None, open_concerns=None)
    session = get_session()
    return render_template(
        "staff/home.html",
        new_count=services.count_new_feedback(session),
        open_concerns=services.count_open_concerns(session),
    )
