"""The staff home page: where signed-in reps, administrators and board members start."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from forum_feedback.auth.access import ALL_STAFF, current_user, require_role
from forum_feedback.enums import Role
from forum_feedback.extensions import get_session
from forum_feedback.staff import services

blueprint = Blueprint("staff", __name__, url_prefix="/staff")


@blueprint.get("/")
@require_role(*ALL_STAFF)
def home() -> str | Response:
    """What is waiting, and links to the parts of the workspace this person may use."""
    user = current_user()
    if user is not None and user.role == Role.BOARD:
        return redirect(url_for("board.home"))  # the board's home is the quarter's summary
    if user is None:
        return render_template("staff/home.html", new_count=None, open_concerns=None)
    session = get_session()
    return render_template(
        "staff/home.html",
        new_count=services.count_new_feedback(session),
        open_concerns=services.count_open_concerns(session),
    )
