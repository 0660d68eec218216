"""The family's journey: question pages, check your answers, confirmation, and coming back with a receipt code."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_wtf.csrf import generate_csrf
from sqlalchemy.exc import OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from forum_feedback import errors
from forum_feedback.db import utcnow
from forum_feedback.extensions import get_db, get_session, limiter
from forum_feedback.outcomes.progress import progress_for_receipt
from forum_feedback.submissions import forms, services
from forum_feedback.submissions.steps import STEP_BY_SLUG, STEPS, Step, next_slug, previous_slug
from forum_feedback.submissions.summary import check_rows

logger = logging.getLogger(__name__)

blueprint = Blueprint("submissions", __name__, url_prefix="/feedback")

FIRST_STEP = STEPS[0].slug
DRAFT_KEY = "draft_id"
# The sent draft's random id, so the confirmation page can show its receipt code once. The code itself
# never goes in the cookie: Flask's session cookie is signed, not encrypted, so anyone can read it.
SENT_KEY = "sent_id"


def _submit_limit() -> str:
    return current_app.config["SUBMIT_RATE_LIMIT"]


def _draft_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=current_app.config["DRAFT_LIFETIME_HOURS"])


def _current_answers() -> dict[str, Any] | None:
    return services.load_answers(get_session(), draft_id=session.get(DRAFT_KEY), now=utcnow())


def _lost_draft() -> Response:
    """No answers to show: the draft was sent (by another press or tab), or it expired, or the cookie went.

    Asked only once the answers are found missing, never before: a draft only ever goes from unsent to
    sent, so a draft another press has just sent is never taken for a lost one. (On PostgreSQL each read
    sees the latest commit; asking "sent?" first could read "not sent", then "no answers".)
    """
    draft_id = session.get(DRAFT_KEY)
    if services.is_sent(get_session(), draft_id=draft_id, now=utcnow()):
        return _confirm(draft_id)
    if session.pop(DRAFT_KEY, None):
        flash("We deleted your answers because they were not sent within a day. Please start again.")
    return redirect(url_for(".question", slug=FIRST_STEP))


@blueprint.route("/<slug>", methods=["GET", "POST"])
def question(slug: str) -> Response | str:
    """One question page: show it, or save its answer and go to the next.

    Every POST ends in a redirect, even when an answer needs fixing: what was typed is kept with the
    draft and shown again, with the errors, by the GET that follows. So the browser's history
    holds only GETs, and Back never asks to resend a form.
    """
    step = STEP_BY_SLUG.get(slug)
    if step is None:
        abort(404)
    answers = _current_answers()
    if answers is None and slug != FIRST_STEP:
        return _lost_draft()
    if request.method == "POST":
        return _save(step)
    pending = services.take_pending(get_session(), draft_id=session.get(DRAFT_KEY), step=slug, now=utcnow())
    if pending is not None:
        # A fresh token with the saved answers: the errors shown are the answers' own, never the token's.
        form = step.make_form(formdata=MultiDict({**pending, "csrf_token": [generate_csrf()]}))
        form.validate()
    else:
        form = step.make_form(data=step.form_data(answers or {}))
    return render_template(step.template, form=form, step=step, back_link=_back_link(slug), changing=_changing())


def _save(step: Step) -> Response:
    form = step.make_form()
    draft_id, now = session.get(DRAFT_KEY), utcnow()
    if form.validate_on_submit():
        answers = step.answers_from(form)
        session[DRAFT_KEY] = services.save_answers(
            get_session(), draft_id=draft_id, answers=answers, now=now, lifetime=_draft_lifetime()
        )
        return redirect(_after(step.slug))
    if "csrf_token" in form.errors:
        abort(400)
    typed = {key: request.form.getlist(key) for key in request.form if key != "csrf_token"}
    session[DRAFT_KEY] = services.save_pending(
        get_session(), draft_id=draft_id, step=step.slug, formdata=typed, now=now, lifetime=_draft_lifetime()
    )
    return redirect(url_for(".question", slug=step.slug, **request.args))


@blueprint.errorhandler(OperationalError)
@blueprint.errorhandler(PoolTimeoutError)
def database_unavailable(error: Exception) -> Response:
    """503 with Retry-After; on a question page, the page again with what was typed, so nothing is lost."""
    errors.log_unavailable(error)
    step = STEP_BY_SLUG.get((request.view_args or {}).get("slug", ""))
    if request.endpoint != "submissions.question" or request.method != "POST" or step is None:
        return errors.unavailable()
    form = step.make_form(formdata=request.form)  # as typed; not checked, so no errors are shown with it
    body = render_template(
        step.template, form=form, step=step, back_link=_back_link(step.slug), changing=_changing(), unavailable=True
    )
    return errors.unavailable(body)


def _changing() -> bool:
    return request.args.get("change") == "1"


def _after(slug: str) -> str:
    following = next_slug(slug)
    if _changing() or following is None:
        return url_for(".check")
    return url_for(".question", slug=following)


def _back_link(slug: str) -> str:
    if _changing():
        return url_for(".check")
    previous = previous_slug(slug)
    return url_for(".question", slug=previous) if previous else url_for("site.start")


@blueprint.route("/check", methods=["GET", "POST"])
@limiter.limit(_submit_limit, methods=["POST"])
def check() -> Response | str:
    """Check your answers, then send (exactly once: a second press shows the same confirmation)."""
    draft_id = session.get(DRAFT_KEY)
    answers = _current_answers()
    if answers is None:
        return _lost_draft()
    form = forms.SendForm()
    if form.validate_on_submit():
        if form.website.data:
            # Only automated form-fillers can see this field; tell them plainly it was refused.
            logger.info("refused a submission that filled the honeypot field")
            abort(400)
        try:
            receipt = services.send_draft(get_session(), draft_id=draft_id, now=utcnow())
        except services.AlreadySent:
            logger.info("a second send of a draft already sent: showed its confirmation")
            return _confirm(draft_id)
        logger.info("feedback %s received online", receipt.feedback_id)
        return _confirm(draft_id)
    rows = check_rows(answers, current_app.config)
    back = url_for(".question", slug=STEPS[-1].slug)
    return render_template("submissions/check.html", form=form, rows=rows, back_link=back)


def _confirm(draft_id: str | None) -> Response:
    session.pop(DRAFT_KEY, None)
    session[SENT_KEY] = draft_id
    return redirect(url_for(".sent"))


@blueprint.get("/sent")
def sent() -> str:
    """The confirmation page: the receipt code is shown here once and then forgotten."""
    sent_id = session.pop(SENT_KEY, None)
    # A GET that writes (the code is cleared as it is shown): take the write lock up front on SQLite.
    with get_db().write_session(request=True) as db:
        code = services.take_receipt_code(db, draft_id=sent_id, now=utcnow())
    return render_template("submissions/sent.html", code=code)


@blueprint.route("/your-feedback", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def receipt() -> str:
    """A family comes back with their receipt code to see where their feedback has got to, or to withdraw it."""
    form = forms.ReceiptForm()
    progress = None
    if form.validate_on_submit():
        partners = dict(current_app.config["PARTNERS"])
        progress = progress_for_receipt(get_session(), code=form.code.data, partner_names=partners)
        if progress is None:
            form.code.errors.append("We could not find feedback with that receipt code. Check it and try again")
    template = "submissions/status.html" if progress else "submissions/receipt.html"
    return render_template(
        template,
        form=form,
        progress=progress,
        feedback=progress.feedback if progress else None,
        withdraw_form=forms.WithdrawForm(),
    )


@blueprint.post("/withdraw")
@limiter.limit("20 per hour")
def withdraw() -> str:
    """Withdraw feedback: the code comes in the form body (never in a URL)."""
    form = forms.WithdrawForm()
    code = request.form.get("code", "")
    if not form.validate_on_submit() or not services.withdraw_feedback(get_session(), code=code, now=utcnow()):
        abort(400)
    logger.info("feedback withdrawn by its family")
    return render_template("submissions/withdrawn.html")
