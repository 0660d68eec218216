"""The board's pages: the quarter's summary, shared packs, responses and commitments.

Read-only for board members except a partner's response and commitments, which a board member
or a rep may record. Only packs shared with partners are shown here.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from forum_feedback.auth.access import current_user, require_role
from forum_feedback.board import forms, services
from forum_feedback.db import utcnow
from forum_feedback.enums import Role
from forum_feedback.evidence import views as evidence_views
from forum_feedback.evidence.services import PackError, record_response
from forum_feedback.extensions import get_session

blueprint = Blueprint("board", __name__, url_prefix="/staff/board")
BOARD_AND_REPS = (Role.BOARD, Role.REP)


@blueprint.errorhandler(services.BoardError)
@blueprint.errorhandler(PackError)
def _refused(error: ValueError) -> BaseResponse:
    flash(str(error))
    return redirect(url_for(".home"))


def _actor() -> int | None:
    user = current_user()
    return user.id if user else None


def _shared_view(pack_id: int):
    try:
        services.shared_pack(get_session(), pack_id=pack_id)
    except services.BoardError:
        abort(404)
    return evidence_views.view_of(pack_id)


@blueprint.get("")
@require_role(*BOARD_AND_REPS)
def home() -> str:
    """The chosen quarter: top and fastest-rising themes, packs by status, ratings, commitments due."""
    today = utcnow().date()
    quarter = services.parse_quarter(request.args.get("quarter"), today=today)
    summary = services.board_summary(get_session(), quarter=quarter, today=today, labels=evidence_views.labels())
    return render_template("board/home.html", summary=summary, rising_rule=services.RISING_RULE)


@blueprint.get("/packs/<int:pack_id>")
@require_role(*BOARD_AND_REPS)
def pack(pack_id: int) -> str:
    """A shared pack as the partner has it, with its commitments."""
    view = _shared_view(pack_id)
    commitments = services.commitments_for(get_session(), pack_id=pack_id, today=utcnow().date())
    return render_template(
        "board/pack.html", commitments=commitments, **evidence_views.page_context(view), back_link=url_for(".home")
    )


@blueprint.get("/packs/<int:pack_id>/export.<any(docx, pdf, csv):kind>")
@require_role(*BOARD_AND_REPS)
def export(pack_id: int, kind: str) -> Response:
    """A shared pack as a Word document, a PDF or a CSV."""
    return evidence_views.export_response(_shared_view(pack_id), kind)


@blueprint.route("/packs/<int:pack_id>/response", methods=["GET", "POST"])
@require_role(*BOARD_AND_REPS)
def response(pack_id: int) -> str | BaseResponse:
    """Record the partner's response and their own RAG rating."""
    view = _shared_view(pack_id)
    pack = view.pack
    form = forms.ResponseForm(
        data={"response": pack.response, "partner_rag": pack.partner_rag, "partner_rag_reason": pack.partner_rag_reason}
    )
    if not form.validate_on_submit():
        return render_template("board/response.html", form=form, view=view, back_link=url_for(".pack", pack_id=pack_id))
    record_response(
        get_session(),
        pack_id=pack_id,
        response=form.response.data,
        partner_rag=form.partner_rag.data or None,
        partner_rag_reason=form.partner_rag_reason.data or "",
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Response saved.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.route("/packs/<int:pack_id>/commitments/new", methods=["GET", "POST"])
@require_role(*BOARD_AND_REPS)
def new_commitment(pack_id: int) -> str | BaseResponse:
    """Record a partner's commitment ("we will") against a shared pack."""
    view = _shared_view(pack_id)
    form = forms.CommitmentForm()
    if not form.validate_on_submit():
        return render_template(
            "board/new_commitment.html", form=form, view=view, back_link=url_for(".pack", pack_id=pack_id)
        )
    services.record_commitment(
        get_session(),
        pack_id=pack_id,
        text=form.text.data,
        owner=form.owner.data,
        due_on=form.due_on.data,
        rag=form.rag.data or None,
        rung=form.rung.data or None,
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Commitment saved.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.route("/commitments/<int:commitment_id>", methods=["GET", "POST"])
@require_role(*BOARD_AND_REPS)
def commitment(commitment_id: int) -> str | BaseResponse:
    """One commitment, its progress notes, and a note of new progress."""
    session = get_session()
    try:
        found = services.get_commitment(session, commitment_id=commitment_id)
    except services.BoardError:
        abort(404)
    form = forms.ProgressForm(data={"status": found.status, "rag": found.rag})
    if form.validate_on_submit():
        services.record_progress(
            session,
            commitment_id=commitment_id,
            note=form.note.data,
            status=form.status.data,
            rag=form.rag.data or None,
            actor_id=_actor(),
            now=utcnow(),
        )
        flash("Progress saved.")
        return redirect(url_for(".commitment", commitment_id=commitment_id))
    return render_template(
        "board/commitment.html",
        commitment=found,
        overdue=services.is_overdue(found, today=utcnow().date()),
        pack=services.shared_pack(session, pack_id=found.pack_id),
        form=form,
        back_link=url_for(".pack", pack_id=found.pack_id),
        authors=services.note_authors(session, found),
    )
