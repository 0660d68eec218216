"""The moderation inbox and item pages, for forum reps (and administrators)."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.errors import render_error
from forum_feedback.extensions import get_session
from forum_feedback.moderation import forms, services
from forum_feedback.taxonomy import CHANNELS, CONSENT_CHOICES

logger = logging.getLogger(__name__)

blueprint = Blueprint("moderation", __name__, url_prefix="/staff")


@blueprint.errorhandler(services.FeedbackNotFound)
def _not_found(_error: services.FeedbackNotFound) -> tuple[str, int]:
    return render_error(404)


@blueprint.errorhandler(services.WrongStatus)
def _wrong_status(error: services.WrongStatus) -> Response:
    # A stale page: someone else hid it, or the family withdrew it, since this page was loaded.
    messages = {
        "hidden": "This feedback is hidden. To change it, restore it to the inbox first.",
        "withdrawn": "The family withdrew this feedback.",
    }
    flash(messages.get(str(error), "That could not be done: the feedback has changed. Check it and try again."))
    return redirect(url_for(".item", feedback_id=(request.view_args or {}).get("feedback_id")))


@blueprint.app_template_filter("staff_date")
def staff_date(value: dt.datetime | None) -> str:
    """A day as forum staff read it, in UK time: "3 March 2026"."""
    if value is None:
        return ""
    local = value.astimezone(forms.forum_zone())
    return f"{local.day} {local:%B %Y}"


def _rep_id() -> int:
    user = current_user()
    assert user is not None  # require_role has made sure
    return user.id


def _page() -> int:
    return request.args.get("page", default=1, type=int) or 1


def _labels() -> dict[str, dict[str, str]]:
    config = current_app.config
    return {
        "services": dict(config["SERVICE_AREAS"]),
        "age": dict(config["AGE_BANDS"]),
        "area": dict(config["LOCAL_AREAS"]),
        "consent": dict(CONSENT_CHOICES),
        "channel": dict(CHANNELS),
    }


def _page_numbers(page: int, pages: int) -> list[int | None]:
    """Page numbers to link to: the first, the last and those next to this one; None for a gap."""
    wanted = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def pagination(page: int, pages: int, endpoint: str) -> dict[str, Any] | None:
    """Parameters for GOV.UK's pagination component, or None when everything fits on one page."""
    if pages <= 1:
        return None
    items = [
        {"ellipsis": True}
        if number is None
        else {"number": number, "href": url_for(endpoint, page=number), "current": number == page}
        for number in _page_numbers(page, pages)
    ]
    params: dict[str, Any] = {"items": items, "landmarkLabel": "Pages"}
    if page > 1:
        params["previous"] = {"href": url_for(endpoint, page=page - 1)}
    if page < pages:
        params["next"] = {"href": url_for(endpoint, page=page + 1)}
    return params


@blueprint.get("/inbox")
@require_role(Role.REP)
def inbox() -> str:
    """New feedback in the order it arrived, with open safeguarding concerns above it."""
    listing = services.inbox_page(get_session(), page=_page())
    return render_template(
        "moderation/inbox.html",
        inbox=listing,
        labels=_labels(),
        pagination=pagination(listing.page, listing.pages, ".inbox"),
    )


@blueprint.get("/inbox/hidden")
@require_role(Role.REP)
def hidden() -> str:
    """Feedback hidden as spam or abuse, which a rep can open and restore."""
    listing = services.hidden_page(get_session(), page=_page())
    return render_template(
        "moderation/hidden.html",
        inbox=listing,
        labels=_labels(),
        pagination=pagination(listing.page, listing.pages, ".hidden"),
    )


def _steps() -> list[str]:
    config = current_app.config
    return services.escalation_steps(config["SAFEGUARDING_STEPS"], config["SAFEGUARDING_CONTACTS"])


@blueprint.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@require_role(Role.REP)
def item(feedback_id: int) -> Response | str:
    """Everything the family said, with suggested redactions, and the form to save the redacted text."""
    found = services.get_item(get_session(), feedback_id=feedback_id)
    data = None if request.method == "POST" else {"story": found.redacted_story, "help": found.redacted_help}
    form = forms.RedactForm(
        data=data, max_length=2 * current_app.config["STORY_MAX_CHARS"], has_help=bool(found.feedback.what_would_help)
    )
    if form.validate_on_submit():
        services.save_redaction(
            get_session(),
            feedback_id=feedback_id,
            redacted_story=form.story.data,
            redacted_help=form.help.data if form.has_help else "",
            rep_id=_rep_id(),
            now=utcnow(),
        )
        flash(f"Feedback {feedback_id} is saved as reviewed.")
        return redirect(url_for(".inbox"))
    return render_template(
        "moderation/item.html",
        item=found,
        form=form,
        labels=_labels(),
        steps=_steps(),
        raise_form=forms.RaiseConcernForm(),
        restore_form=forms.RestoreForm(),
    )


@blueprint.post("/feedback/<int:feedback_id>/raise-concern")
@require_role(Role.REP)
def raise_concern(feedback_id: int) -> Response:
    """Open a safeguarding concern the automatic screen missed."""
    if not forms.RaiseConcernForm().validate_on_submit():
        return redirect(url_for(".item", feedback_id=feedback_id))
    services.raise_concern(get_session(), feedback_id=feedback_id, rep_id=_rep_id(), now=utcnow())
    flash("You raised a safeguarding concern. Follow the steps below, then record what you did.")
    return redirect(url_for(".item", feedback_id=feedback_id))


@blueprint.route("/feedback/<int:feedback_id>/safeguarding", methods=["GET", "POST"])
@require_role(Role.REP)
def record_action(feedback_id: int) -> Response | str:
    """Record what a rep did about a safeguarding concern, when, and whether it is now closed."""
    feedback = services.get_feedback(get_session(), feedback_id=feedback_id)
    form = forms.SafeguardingActionForm(now=utcnow())
    if form.validate_on_submit():
        services.record_safeguarding_action(
            get_session(),
            feedback_id=feedback_id,
            action=form.action.data,
            acted_at=form.acted_at(),
            closed=form.closed.data == "yes",
            rep_id=_rep_id(),
            now=utcnow(),
        )
        closed = "The concern is now closed." if form.closed.data == "yes" else "The concern is still open."
        flash(f"What you did is recorded. {closed}")
        return redirect(url_for(".item", feedback_id=feedback_id))
    return render_template(
        "moderation/record_action.html",
        feedback=feedback,
        form=form,
        steps=_steps(),
        back_link=url_for(".item", feedback_id=feedback_id),
    )


@blueprint.route("/feedback/<int:feedback_id>/hide", methods=["GET", "POST"])
@require_role(Role.REP)
def hide(feedback_id: int) -> Response | str:
    """Hide feedback as spam or abuse, with the reason."""
    feedback = services.get_feedback(get_session(), feedback_id=feedback_id)
    form = forms.HideForm()
    if form.validate_on_submit():
        services.hide_feedback(
            get_session(),
            feedback_id=feedback_id,
            reason=form.reason.data,
            other=form.other.data or "",
            rep_id=_rep_id(),
            now=utcnow(),
        )
        flash(f"Feedback {feedback_id} is hidden. It is kept, but left out of the inbox, themes and counts.")
        return redirect(url_for(".inbox"))
    return render_template(
        "moderation/hide.html", feedback=feedback, form=form, back_link=url_for(".item", feedback_id=feedback_id)
    )


@blueprint.post("/feedback/<int:feedback_id>/restore")
@require_role(Role.REP)
def restore(feedback_id: int) -> Response:
    """Put hidden feedback back in the inbox."""
    if not forms.RestoreForm().validate_on_submit():
        return redirect(url_for(".item", feedback_id=feedback_id))
    services.restore_feedback(get_session(), feedback_id=feedback_id, rep_id=_rep_id(), now=utcnow())
    flash(f"Feedback {feedback_id} is back in the inbox as new.")
    return redirect(url_for(".item", feedback_id=feedback_id))
