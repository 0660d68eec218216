"""The moderation inbox and item pages, for forum reps (and administrators)."""

from __future__ import annotations

import datetime as dt
import logging

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum_feedback.audit import services as audit
from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import AuditAction, Role
from forum_feedback.errors import render_error
from forum_feedback.extensions import get_session
from forum_feedback.moderation import concerns, forms, services
from forum_feedback.submissions.filters import FeedbackFilters
from forum_feedback.themes import services as theme_services
from forum_feedback.web import filters as forms_filters
from forum_feedback.web.labels import answer_labels
from forum_feedback.web.pages import parse_page
from forum_feedback.web.pagination import pagination
from forum_feedback.web.template_filters import plural

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


def _rep_id() -> int:
    user = current_user()
    assert user is not None  # require_role has made sure
    return user.id


def _list() -> forms_filters.FilterForm:
    """The inbox's filters, as sent in this request's query string (the inbox, or an item opened from it)."""
    return forms_filters.FilterForm(request.args, config=current_app.config)


def _labels() -> dict[str, dict[str, str]]:
    return answer_labels(current_app.config)


def _today() -> dt.date:
    return utcnow().date()


@blueprint.get("/inbox")
@require_role(Role.REP)
def inbox() -> str:
    """Open safeguarding concerns, then new feedback in the order it arrived, as the rep filtered it."""
    form = _list()
    filters, session = form.filters(), get_session()
    listing = services.inbox_page(session, page=form.page_number, filters=filters, today=_today())
    for name, counts in services.inbox_facets(session, filters=filters, today=_today()).items():
        form.add_counts(name, counts)
    return render_template(
        "moderation/inbox.html",
        inbox=listing,
        form=form,
        filters=filters,
        list_args=filters.as_args(),
        labels=_labels(),
        pagination=pagination(listing.listing),
    )


@blueprint.get("/inbox/hidden")
@require_role(Role.REP)
def hidden() -> str:
    """Feedback hidden as spam or abuse, which a rep can open and restore."""
    listing = services.hidden_page(get_session(), page=parse_page(request.args.get("page")))
    return render_template("moderation/hidden.html", listing=listing, labels=_labels(), pagination=pagination(listing))


@blueprint.route("/inbox/plain", methods=["GET", "POST"])
@require_role(Role.REP)
def bulk_review() -> Response | str:
    """Preview plain feedback (nothing to redact, no risk words) and mark it reviewed in one go."""
    filters = _list().filters()
    plain = services.plain_feedback(get_session(), filters=filters, today=_today())
    ids = [item.id for item in plain]
    form = forms.BulkReviewForm(ids=ids, data=None if request.method == "POST" else {"feedback": [str(i) for i in ids]})
    if form.validate_on_submit():
        marked = services.mark_plain_reviewed(
            get_session(), feedback_ids=form.chosen_ids(), rep_id=_rep_id(), now=utcnow()
        )
        flash(
            f"{plural(marked, 'piece', 'pieces')} of feedback marked as reviewed, with the family’s words as written."
        )
        return redirect(url_for(".inbox", **filters.as_args()))
    if ids:
        # The preview shows each item's words as sent.
        audit.record_access(
            get_session(),
            actor_id=_rep_id(),
            action=AuditAction.ORIGINAL_VIEWED,
            target_type="inbox",
            target_id="plain",
            detail="feedback " + ", ".join(map(str, ids)),
            now=utcnow(),
        )
    return render_template(
        "moderation/bulk_review.html",
        plain=plain,
        form=form,
        list_args=filters.as_args(),
        back_link=url_for(".inbox", **filters.as_args()),
    )


def _steps() -> list[str]:
    config = current_app.config
    return concerns.escalation_steps(config["SAFEGUARDING_STEPS"], config["SAFEGUARDING_CONTACTS"])


@blueprint.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@require_role(Role.REP)
def item(feedback_id: int) -> Response | str:
    """Everything the family said, with suggested redactions, and the form to save the redacted text.

    Opened from the inbox, the page keeps the inbox's filters in its address, so "Save and next"
    goes on to the next item of the same filtered list.
    """
    found = services.get_item(get_session(), feedback_id=feedback_id)
    filters = _list().filters()
    data = None if request.method == "POST" else {"story": found.redacted_story, "help": found.redacted_help}
    form = forms.RedactForm(
        data=data, max_length=2 * current_app.config["STORY_MAX_CHARS"], has_help=bool(found.feedback.what_would_help)
    )
    if form.validate_on_submit():
        following = services.next_in_inbox(get_session(), feedback_id=feedback_id, filters=filters, today=_today())
        services.save_redaction(
            get_session(),
            feedback_id=feedback_id,
            redacted_story=form.story.data,
            redacted_help=form.help.data if form.has_help else "",
            rep_id=_rep_id(),
            now=utcnow(),
        )
        return _go_on(feedback_id, following, filters)
    if services.shows_words_as_sent(found.feedback):
        audit.record_access(
            get_session(),
            actor_id=_rep_id(),
            action=AuditAction.ORIGINAL_VIEWED,
            target_type="feedback",
            target_id=feedback_id,
            now=utcnow(),
        )
    return render_template(
        "moderation/item.html",
        item=found,
        placement=theme_services.placement(get_session(), feedback_id=feedback_id, text=found.feedback.story),
        form=form,
        labels=_labels(),
        steps=_steps(),
        list_args=filters.as_args(),
        raise_form=forms.RaiseConcernForm(),
        restore_form=forms.RestoreForm(),
        reopen_form=forms.ReopenForm(),
        reason_label=concerns.reason_label,
    )


def _go_on(done: int, following: int | None, filters: FeedbackFilters) -> Response:
    if following is None:
        flash(f"Feedback {done} is saved as reviewed. That was the last item in this list.")
        return redirect(url_for(".inbox", **filters.as_args()))
    flash(f"Feedback {done} is saved as reviewed. This is the next one.")
    return redirect(url_for(".item", feedback_id=following, **filters.as_args()))


@blueprint.post("/feedback/<int:feedback_id>/raise-concern")
@require_role(Role.REP)
def raise_concern(feedback_id: int) -> Response:
    """Open a safeguarding concern the automatic screen missed."""
    if not forms.RaiseConcernForm().validate_on_submit():
        return redirect(url_for(".item", feedback_id=feedback_id))
    concerns.raise_concern(get_session(), feedback_id=feedback_id, rep_id=_rep_id(), now=utcnow())
    flash("You raised a safeguarding concern. Follow the steps below, then record what you did.")
    return redirect(url_for(".item", feedback_id=feedback_id))


@blueprint.route("/feedback/<int:feedback_id>/safeguarding", methods=["GET", "POST"])
@require_role(Role.REP)
def record_action(feedback_id: int) -> Response | str:
    """Record what a rep did about a safeguarding concern, when, and whether it is now closed."""
    feedback = services.get_feedback(get_session(), feedback_id=feedback_id)
    form = forms.SafeguardingActionForm(now=utcnow())
    if form.validate_on_submit():
        concerns.record_safeguarding_action(
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


@blueprint.route("/feedback/<int:feedback_id>/not-a-concern", methods=["GET", "POST"])
@require_role(Role.REP)
def not_a_concern(feedback_id: int) -> Response | str:
    """Close a flagged concern as not a safeguarding concern, choosing why."""
    feedback = services.get_feedback(get_session(), feedback_id=feedback_id)
    args = _list().filters().as_args()
    form = forms.NotAConcernForm()
    if form.validate_on_submit():
        concerns.mark_not_a_concern(
            get_session(),
            feedback_id=feedback_id,
            reason=form.reason.data,
            note=form.note.data or "",
            rep_id=_rep_id(),
            now=utcnow(),
        )
        flash("The concern is closed as not a safeguarding concern. You can reopen it from this page.")
        return redirect(url_for(".item", feedback_id=feedback_id, **args))
    return render_template(
        "moderation/not_a_concern.html",
        feedback=feedback,
        form=form,
        back_link=url_for(".item", feedback_id=feedback_id, **args),
    )


@blueprint.post("/feedback/<int:feedback_id>/reopen")
@require_role(Role.REP)
def reopen(feedback_id: int) -> Response:
    """Open a closed concern again."""
    args = _list().filters().as_args()
    if forms.ReopenForm().validate_on_submit():
        concerns.reopen_concern(get_session(), feedback_id=feedback_id, rep_id=_rep_id(), now=utcnow())
        flash("The safeguarding concern is open again. It is at the top of the inbox until it is closed.")
    return redirect(url_for(".item", feedback_id=feedback_id, **args))


@blueprint.post("/feedback/<int:feedback_id>/restore")
@require_role(Role.REP)
def restore(feedback_id: int) -> Response:
    """Put hidden feedback back in the inbox."""
    if not forms.RestoreForm().validate_on_submit():
        return redirect(url_for(".item", feedback_id=feedback_id))
    services.restore_feedback(get_session(), feedback_id=feedback_id, rep_id=_rep_id(), now=utcnow())
    flash(f"Feedback {feedback_id} is back in the inbox as new.")
    return redirect(url_for(".item", feedback_id=feedback_id))
