"""Reps build evidence packs: choose themes and a period, write what families told us, pick quotes, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as BaseResponse

from forum_feedback.audit import services as audit
from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import AuditAction, PackStatus, Role
from forum_feedback.evidence import exports, forms, queries, services
from forum_feedback.evidence.charts import SMALL_NOTE
from forum_feedback.evidence.figures import Period
from forum_feedback.extensions import get_session
from forum_feedback.triage.queries import active_themes
from forum_feedback.web.labels import answer_labels
from forum_feedback.web.routing import parse_ids

blueprint = Blueprint("evidence", __name__, url_prefix="/staff/evidence")

DEFAULT_DAYS = 90
EXPORT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


@blueprint.errorhandler(services.PackError)
def _refused(error: services.PackError) -> BaseResponse:
    flash(str(error))
    pack_id = (request.view_args or {}).get("pack_id")
    return redirect(url_for(".pack", pack_id=pack_id) if pack_id else url_for(".packs"))


def _actor() -> int | None:
    user = current_user()
    return user.id if user else None


def labels() -> dict[str, dict[str, str]]:
    return answer_labels(current_app.config)


def partner_names() -> dict[str, str]:
    return dict(current_app.config["PARTNERS"])


def view_of(pack_id: int) -> services.PackView:
    """The pack as every page and export shows it (404 if it does not exist)."""
    try:
        return services.pack_view(get_session(), pack_id=pack_id, labels=labels(), partner_names=partner_names())
    except services.PackError:
        abort(404)


@blueprint.get("")
@require_role(Role.REP)
def packs() -> str:
    """Every pack, newest first, with its status."""
    return render_template("evidence/packs.html", packs=services.list_packs(get_session()))


def _theme_choices() -> list[tuple[str, str]]:
    themes = sorted(active_themes(get_session()), key=lambda t: t.display_label.casefold())
    return [(str(t.id), t.display_label) for t in themes]


@blueprint.route("/new", methods=["GET", "POST"])
@require_role(Role.REP)
def new() -> str | BaseResponse:
    """Build a pack from one or more themes, for a period and optional filters."""
    today = utcnow().date()
    defaults = {"date_from": today - dt.timedelta(days=DEFAULT_DAYS - 1), "date_to": today}
    form = forms.NewPackForm(data=defaults, config=current_app.config, themes=_theme_choices())
    if request.method == "GET":
        form.themes.data = request.args.getlist("theme")
    if not form.validate_on_submit():
        return render_template("evidence/new.html", form=form, back_link=url_for(".packs"))
    scope = services.Scope(
        form.theme_ids,
        Period(form.date_from.data, form.date_to.data),
        audience=form.audience.data,
        service=form.service.data or "",
        local_area=form.local_area.data or "",
        age_band=form.age_band.data or "",
        channel=form.channel.data or "",
    )
    pack = services.create_pack(
        get_session(),
        title=form.title.data or "",
        scope=scope,
        partners=form.partners.data or [],
        labels=labels(),
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Pack built. Check what families told us, then choose quotes.")
    return redirect(url_for(".pack", pack_id=pack.id))


@blueprint.get("/<int:pack_id>")
@require_role(Role.REP)
def pack(pack_id: int) -> str:
    """The pack as partners will read it, with what the rep can do next."""
    view = view_of(pack_id)
    return render_template(
        "evidence/pack.html",
        **page_context(view),
        moves=services.allowed_moves(view.pack),
        move_form=forms.MoveForm(),
        action_form=forms.ActionForm(),
        commitments=_commitments(pack_id),
        outcomes=_outcomes(pack_id),
    )


def page_context(view: services.PackView) -> dict[str, Any]:
    """What the pack's body needs: the view, its charts (the same as the exports draw) and the note on small numbers."""
    charts = {"trend": exports.trend_chart(view.figures), "breakdowns": exports.breakdown_charts(view.figures)}
    return {"view": view, "charts": charts, "small_note": SMALL_NOTE}


def _commitments(pack_id: int) -> list[Any]:
    from forum_feedback.board import services as board_services

    return board_services.commitments_for(get_session(), pack_id=pack_id, today=utcnow().date())


def _outcomes(pack_id: int) -> list[Any]:
    from forum_feedback.outcomes import services as outcome_services

    return outcome_services.outcomes_for_pack(get_session(), pack_id=pack_id)


@blueprint.route("/<int:pack_id>/edit", methods=["GET", "POST"])
@require_role(Role.REP)
def edit(pack_id: int) -> str | BaseResponse:
    """Write the pack's words: title, what families told us, the families' ask, who it is for."""
    view = view_of(pack_id)
    form = forms.EditPackForm(obj=view.pack, partners=current_app.config["PARTNERS"])
    if request.method == "GET":
        form.partners.data = view.pack.partners
    if not form.validate_on_submit():
        return render_template("evidence/edit.html", form=form, view=view, back_link=url_for(".pack", pack_id=pack_id))
    services.update_pack(
        get_session(),
        pack_id=pack_id,
        title=form.title.data,
        summary=form.summary.data or "",
        asks=form.asks.data or "",
        partners=form.partners.data or [],
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Pack saved.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.route("/<int:pack_id>/rating", methods=["GET", "POST"])
@require_role(Role.REP)
def rate(pack_id: int) -> str | BaseResponse:
    """The forum's RAG rating with its reason, and the co-production rung reached so far."""
    view = view_of(pack_id)
    form = forms.RatePackForm(data={"rag": view.pack.rag, "reason": view.pack.rag_reason, "rung": view.pack.rung})
    if not form.validate_on_submit():
        return render_template("evidence/rate.html", form=form, view=view, back_link=url_for(".pack", pack_id=pack_id))
    services.rate_pack(
        get_session(),
        pack_id=pack_id,
        rag=form.rag.data or None,
        reason=form.reason.data or "",
        rung=form.rung.data or None,
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Rating saved.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.route("/<int:pack_id>/quotes", methods=["GET", "POST"])
@require_role(Role.REP)
def quotes(pack_id: int) -> str | BaseResponse:
    """Pick quotes from those the pack's audience may see (count-only and unchecked words never appear)."""
    view = view_of(pack_id)
    form = forms.QuotesForm()
    if form.validate_on_submit():
        chosen = parse_ids(request.form.getlist("quote"))
        services.choose_quotes(get_session(), pack_id=pack_id, feedback_ids=chosen, actor_id=_actor(), now=utcnow())
        flash("Quotes saved." if chosen else "No quotes chosen.")
        return redirect(url_for(".pack", pack_id=pack_id))
    session = get_session()
    return render_template(
        "evidence/quotes.html",
        view=view,
        form=form,
        candidates=queries.quote_candidates(session, pack=view.pack),
        chosen={quote.feedback_id for quote in view.quotes},
        not_quotable=queries.why_not_quotable(session, pack=view.pack),
        limit=services.MAX_QUOTES,
        back_link=url_for(".pack", pack_id=pack_id),
    )


@blueprint.post("/<int:pack_id>/status")
@require_role(Role.REP)
def move(pack_id: int) -> BaseResponse:
    """Move the pack on one step (marking it ready freezes its figures and quotes)."""
    form = forms.MoveForm()
    if not form.validate_on_submit():
        abort(400)
    pack = services.move_pack(get_session(), pack_id=pack_id, to=form.to.data or "", actor_id=_actor(), now=utcnow())
    flash(f"The pack is now: {PackStatus(pack.status).label.lower()}.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.post("/<int:pack_id>/attention")
@require_role(Role.REP)
def clear_attention(pack_id: int) -> BaseResponse:
    """The rep has told the partner about a withdrawal from a shared pack."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    services.clear_attention(get_session(), pack_id=pack_id, actor_id=_actor(), now=utcnow())
    flash("Marked as dealt with.")
    return redirect(url_for(".pack", pack_id=pack_id))


@blueprint.get("/<int:pack_id>/export.<any(docx, pdf, csv):kind>")
@require_role(Role.REP)
def export(pack_id: int, kind: str) -> Response:
    """The pack as a Word document, a PDF or a CSV of its numbers."""
    return export_response(view_of(pack_id), kind)


def export_response(view: services.PackView, kind: str) -> Response:
    """Build an export of ``view`` (shared with the board's pages); every download is audit-logged."""
    audit.record_access(
        get_session(),
        actor_id=_actor(),
        action=AuditAction.PACK_EXPORTED,
        target_type="evidence pack",
        target_id=view.pack.id,
        detail=kind,
        now=utcnow(),
    )
    outline = exports.outline(view, forum_name=current_app.config["FORUM_NAME"])
    if kind == "docx":
        body = exports.to_docx(outline)
    elif kind == "pdf":
        font = current_app.config["PDF_FONT"]
        body = exports.to_pdf(outline, font=font or None)
    else:
        body = exports.to_csv(outline)
    response = Response(body, mimetype=EXPORT_TYPES[kind])
    # A filename from the id only: a title could carry anything.
    response.headers["Content-Disposition"] = f'attachment; filename="evidence-pack-{view.pack.id}.{kind}"'
    return response
