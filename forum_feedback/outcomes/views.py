"""“You said, we did”: reps write and publish outcomes; anyone reads them, filters them and follows the feed."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from forum_feedback.auth.access import current_user, require_role
from forum_feedback.board.services import shared_packs
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.extensions import get_session
from forum_feedback.mail.tokens import make_token
from forum_feedback.outcomes import feed, forms, services
from forum_feedback.web.labels import answer_labels
from forum_feedback.web.links import absolute_url

blueprint = Blueprint("outcomes", __name__)


@blueprint.errorhandler(services.OutcomeError)
def _refused(error: services.OutcomeError) -> BaseResponse:
    flash(str(error))
    return redirect(url_for(".manage"))


def _actor() -> int | None:
    user = current_user()
    return user.id if user else None


def _partner_names() -> dict[str, str]:
    return dict(current_app.config["PARTNERS"])


# --- reps -------------------------------------------------------------------------------------------


@blueprint.get("/staff/outcomes")
@require_role(Role.REP)
def manage() -> str:
    """Every outcome, published or not."""
    return render_template("outcomes/manage.html", outcomes=services.all_outcomes(get_session()))


@blueprint.route("/staff/outcomes/new", methods=["GET", "POST"])
@require_role(Role.REP)
def new() -> str | BaseResponse:
    """Write an outcome for a pack shared with partners."""
    session = get_session()
    packs = {str(p.id): p for p in shared_packs(session)}
    chosen = packs.get(request.args.get("pack", ""))
    data = (
        {"pack": str(chosen.id), "title": chosen.title, "you_said": chosen.summary.split("\n\n")[0]} if chosen else {}
    )
    choices = [(key, pack.title) for key, pack in packs.items()]
    form = forms.NewOutcomeForm(data=data, config=current_app.config, packs=choices)
    if not form.validate_on_submit():
        return render_template("outcomes/edit.html", form=form, outcome=None, back_link=url_for(".manage"))
    outcome = services.create_outcome(
        session, pack_id=int(form.pack.data), words=form.words(), actor_id=_actor(), now=utcnow()
    )
    flash("Outcome saved. It is not public until you publish it.")
    return redirect(url_for(".edit", outcome_id=outcome.id))


@blueprint.route("/staff/outcomes/<int:outcome_id>", methods=["GET", "POST"])
@require_role(Role.REP)
def edit(outcome_id: int) -> str | BaseResponse:
    """Change an outcome's words; publish or unpublish it."""
    session = get_session()
    try:
        outcome = services.get_outcome(session, outcome_id=outcome_id)
    except services.OutcomeError:
        abort(404)
    form = forms.OutcomeForm(obj=outcome, config=current_app.config)
    if form.validate_on_submit():
        services.update_outcome(session, outcome_id=outcome_id, words=form.words(), actor_id=_actor(), now=utcnow())
        flash("Outcome saved.")
        return redirect(url_for(".edit", outcome_id=outcome_id))
    return render_template(
        "outcomes/edit.html", form=form, outcome=outcome, action_form=forms.ActionForm(), back_link=url_for(".manage")
    )


def mail_links() -> services.MailLinks:
    """The links an email to a family needs, on the address the forum is reached at."""
    secret = current_app.config["SECRET_KEY"]
    return services.MailLinks(
        outcome=lambda outcome_id: absolute_url("outcomes.outcome", outcome_id=outcome_id),
        unsubscribe=lambda message_id: absolute_url("mail.unsubscribe", link=make_token(secret, message_id)),
        check_feedback=absolute_url("submissions.receipt"),
    )


@blueprint.post("/staff/outcomes/<int:outcome_id>/publish")
@require_role(Role.REP)
def publish(outcome_id: int) -> BaseResponse:
    """Publish it; families who asked to hear back are emailed (by the job queue, after this)."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.publish_outcome(
        get_session(),
        outcome_id=outcome_id,
        links=mail_links(),
        forum_name=current_app.config["FORUM_NAME"],
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Published on “You said, we did”. Families who asked to hear back will get an email.")
    return redirect(url_for(".edit", outcome_id=outcome_id))


@blueprint.post("/staff/outcomes/<int:outcome_id>/unpublish")
@require_role(Role.REP)
def unpublish(outcome_id: int) -> BaseResponse:
    """Take it off the public page."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.unpublish_outcome(get_session(), outcome_id=outcome_id, actor_id=_actor(), now=utcnow())
    flash("Taken off the public page.")
    return redirect(url_for(".edit", outcome_id=outcome_id))


# --- the public pages -----------------------------------------------------------------------------------


@blueprint.get("/you-said-we-did")
def index() -> str:
    """Published outcomes, newest first, filterable by service area."""
    form = forms.ServiceFilterForm(request.args, config=current_app.config)
    outcomes = services.published_outcomes(get_session(), service=form.chosen)
    return render_template(
        "outcomes/index.html", form=form, outcomes=outcomes, labels=answer_labels(current_app.config)
    )


@blueprint.get("/you-said-we-did/<int:outcome_id>")
def outcome(outcome_id: int) -> str:
    """One published outcome."""
    session = get_session()
    try:
        found = services.published_outcome(session, outcome_id=outcome_id)
    except services.OutcomeError:
        abort(404)
    view = services.public_view(session, outcome=found, partner_names=_partner_names())
    return render_template(
        "outcomes/outcome.html", view=view, labels=answer_labels(current_app.config), back_link=url_for(".index")
    )


@blueprint.get("/you-said-we-did/feed.atom")
def atom() -> Response:
    """The Atom feed of published outcomes."""
    body = feed.atom_feed(
        services.published_outcomes(get_session()),
        title=f"You said, we did – {current_app.config['FORUM_NAME']}",
        feed_url=absolute_url("outcomes.atom"),
        page_url=absolute_url("outcomes.index"),
        link_for=lambda outcome_id: absolute_url("outcomes.outcome", outcome_id=outcome_id),
    )
    return Response(body, mimetype="application/atom+xml")
