"""Subject access pages: a family sees everything held about their feedback with their receipt code, and
downloads it as a file; a rep downloads the same for a family who asks another way, and an
administrator erases feedback for a family who asks another way (what withdrawal does).

The receipt code only ever travels in a form body (never in an address), and every answer is
``Cache-Control: no-store``: these pages hold a family's words and contact details.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.errors import render_error
from forum_feedback.extensions import get_session, limiter
from forum_feedback.retention import Periods
from forum_feedback.rights import services
from forum_feedback.rights.forms import DownloadForm, EraseForm
from forum_feedback.submissions import services as submissions
from forum_feedback.submissions.forms import ReceiptForm
from forum_feedback.submissions.models import Feedback
from forum_feedback.web.labels import answer_labels

blueprint = Blueprint("rights", __name__)

#: Guessing receipt codes on these pages counts against one limit, the same as the receipt lookup's.
_code_lookups = limiter.shared_limit("20 per hour", scope="subject-access", methods=["POST"])
NOT_FOUND = "We could not find feedback with that receipt code. Check it and try again"


@blueprint.after_request
def _no_store(response: BaseResponse) -> BaseResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


@blueprint.errorhandler(services.FeedbackNotFound)
def _not_found(_error: services.FeedbackNotFound) -> tuple[str, int]:
    return render_error(404)


def _held_for(code: str) -> services.Held | None:
    return services.held_for_receipt(
        get_session(),
        code=code,
        labels=answer_labels(current_app.config),
        periods=Periods.from_config(current_app.config),
        now=utcnow(),
    )


@blueprint.route("/feedback/everything-we-hold", methods=["GET", "POST"])
@_code_lookups
def ask() -> str:
    """A family enters their receipt code and sees everything the forum holds about that feedback."""
    form = ReceiptForm()
    held = None
    if form.validate_on_submit():
        held = _held_for(form.code.data)
        if held is None:
            form.code.errors.append(NOT_FOUND)
    if held is None:
        return render_template("rights/ask.html", form=form, error_form=form)
    return render_template("rights/held.html", held=held, download=DownloadForm(code=form.code.data))


@blueprint.post("/feedback/everything-we-hold.json")
@_code_lookups
def download() -> Response:
    """The same, as a file the family keeps (JSON). The code comes in the form body."""
    form = DownloadForm()
    held = _held_for(form.code.data or "") if form.validate_on_submit() else None
    if held is None:
        abort(400)
    return _json_file(held)


@blueprint.get("/staff/feedback/<int:feedback_id>/everything-held.json")
@require_role(Role.REP)
def staff_download(feedback_id: int) -> Response:
    """For a family who asks by phone, letter or in person: the same file, taken by a rep (audit-logged)."""
    user = current_user()
    assert user is not None  # require_role has made sure
    held = services.held_for_staff(
        get_session(),
        feedback_id=feedback_id,
        actor_id=user.id,
        labels=answer_labels(current_app.config),
        periods=Periods.from_config(current_app.config),
        now=utcnow(),
    )
    return _json_file(held)


@blueprint.route("/staff/feedback/<int:feedback_id>/erase", methods=["GET", "POST"])
@require_role(Role.ADMIN)
def erase(feedback_id: int) -> BaseResponse | str:
    """An administrator erases feedback for a family who asked by phone, letter or in person."""
    feedback = get_session().get(Feedback, feedback_id)
    if feedback is None:
        abort(404)
    form = EraseForm()
    if form.validate_on_submit():
        user = current_user()
        assert user is not None  # require_role has made sure
        submissions.erase_feedback(get_session(), feedback_id=feedback_id, actor_id=user.id, now=utcnow())
        flash(f"Feedback {feedback_id} is erased: the family’s words and contact details are deleted everywhere.")
        return redirect(url_for("moderation.item", feedback_id=feedback_id))
    return render_template("rights/erase.html", feedback=feedback, form=form)


def _json_file(held: services.Held) -> Response:
    body = json.dumps(held.as_json(), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="feedback-{held.reference}.json"'
    return response
