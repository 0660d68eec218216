"""The theme board, theme pages, reps' corrections and rebuilds reviewed before anyone else sees them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum_feedback.audit import services as audit
from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import RUN_BUSY, AuditAction, Role, RunStatus, ThemeStatus
from forum_feedback.extensions import get_session
from forum_feedback.moderation.services import shows_words_as_sent
from forum_feedback.themes import corrections
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import Theme, ThemeRun
from forum_feedback.themes.tasks import start_rebuild
from forum_feedback.triage import forms, queries
from forum_feedback.triage.charts import trend_chart
from forum_feedback.web.filters import FilterForm
from forum_feedback.web.labels import answer_labels
from forum_feedback.web.pagination import pagination
from forum_feedback.web.routing import parse_id
from forum_feedback.web.template_filters import plural

blueprint = Blueprint("triage", __name__, url_prefix="/staff/themes")

BREAKDOWNS = (
    ("service", "Service area"),
    ("local_area", "Local area"),
    ("age_band", "Age"),
    ("channel", "How it came in"),
)


@blueprint.errorhandler(corrections.CorrectionError)
def _refused(error: corrections.CorrectionError) -> Response:
    # A stale page (the theme was merged meanwhile...) or a change that cannot be made: say why.
    flash(str(error))
    theme_id = (request.view_args or {}).get("theme_id")
    return redirect(url_for(".theme", theme_id=theme_id) if theme_id else url_for(".board"))


def _filter_form() -> FilterForm:
    return FilterForm(request.args, config=current_app.config, sorts=forms.SORT_CHOICES)


def _today() -> dt.date:
    return utcnow().date()


def _actor() -> int | None:
    user = current_user()
    return user.id if user else None


@blueprint.get("")
@require_role(Role.REP)
def board() -> str:
    """Every theme with its size, change, share of negative feedback and top service areas."""
    form = _filter_form()
    filters, session = form.filters(), get_session()
    rows = queries.theme_board(session, filters=filters.without("q"), today=_today(), sort=form.value("sort"))
    results = None
    if filters.q:
        results = queries.search_feedback(session, filters=filters, today=_today(), page=form.page_number)
    themes_of = queries.themes_of(session, [item.id for item in results.items]) if results else {}
    runs = {"latest": theme_services.latest_run(session), "current": theme_services.current_run(session)}
    return render_template(
        "triage/board.html",
        form=form,
        rows=rows,
        results=results,
        results_pagination=pagination(results) if results else None,
        themes_of=themes_of,
        labels=answer_labels(current_app.config),
        list_args=filters.as_args(),
        runs=runs,
        rebuild_form=forms.ActionForm(),
    )


def _theme_or_404(theme_id: int) -> Theme:
    theme = get_session().get(Theme, theme_id)
    if theme is None:
        abort(404)
    return theme


def _theme_choices(exclude: int | None = None) -> list[tuple[str, str]]:
    themes = queries.active_themes(get_session())
    return sorted(
        ((str(t.id), t.display_label) for t in themes if t.id != exclude), key=lambda item: item[1].casefold()
    )


@blueprint.get("/<int:theme_id>")
@require_role(Role.REP)
def theme(theme_id: int) -> str | Response:
    """One theme: its name, terms, quotes, trend, breakdowns and the feedback in it."""
    found = _theme_or_404(theme_id)
    if found.status != ThemeStatus.ACTIVE and found.merged_into_id:
        flash("That theme was merged into this one.")
        return redirect(url_for(".theme", theme_id=found.merged_into_id))
    return _theme_page(found)


@blueprint.get("/not-yet-themed")
@require_role(Role.REP)
def unthemed() -> str:
    """Feedback that fits no theme well yet."""
    return _theme_page(None)


def _theme_page(found: Theme | None, **forms_shown: Any) -> str:
    session, today = get_session(), _today()
    form = _filter_form()
    filters, theme_id = form.filters(), found.id if found else None
    trend = queries.monthly_trend(session, theme_id=theme_id, filters=filters, today=today)
    page = queries.feedback_in_theme(session, theme_id=theme_id, filters=filters, today=today, page=form.page_number)
    choices = _theme_choices(exclude=theme_id)
    shown = {
        "edit_form": forms.ThemeEditForm(obj=found, label=found.label or "") if found else None,
        "merge_form": forms.MergeForm(themes=choices, formdata=None),
        "move_form": forms.MoveForm(themes=choices, formdata=None),
        **forms_shown,
    }
    failed = [f for f in (shown["edit_form"], shown["merge_form"], shown["move_form"]) if f and f.errors]
    quotes = theme_services.quotes_for(session, found) if found else []
    unchecked = [f.id for f in page.items if f.redacted_story is None and shows_words_as_sent(f)]
    _log_words_as_sent(theme_id, list(dict.fromkeys([*(q.feedback_id for q in quotes if not q.checked), *unchecked])))
    return render_template(
        "triage/theme.html",
        theme=found,
        form=form,
        trend=trend,
        chart=trend_chart(trend),
        breakdowns=[
            (label, queries.breakdown(session, theme_id=theme_id, column=column, filters=filters, today=today), column)
            for column, label in BREAKDOWNS
        ],
        page=page,
        page_pagination=pagination(page),
        quotes=quotes,
        why=theme_services.why_here(session, [(f.id, f.story, found.key) for f in page.items]) if found else {},
        corrections=corrections.recent_corrections(session, theme_id=found.id) if found else [],
        labels=answer_labels(current_app.config),
        move_choices=choices,
        error_form=failed[0] if failed else form,
        pin_form=forms.ActionForm(),
        undo_form=forms.ActionForm(),
        list_args=filters.as_args(),
        move_form_for=lambda item: (
            shown["move_errors"].get(item.id) or forms.MoveForm(themes=choices, formdata=None, feedback_id=item.id)
        ),
        **{key: value for key, value in shown.items() if key != "move_errors"},
    )


def _log_words_as_sent(theme_id: int | None, feedback_ids: list[int]) -> None:
    """The page shows these items' words as sent (no rep has checked them yet): the audit log says who saw them."""
    if feedback_ids:
        audit.record_access(
            get_session(),
            actor_id=_actor(),
            action=AuditAction.ORIGINAL_VIEWED,
            target_type="theme",
            target_id=theme_id if theme_id is not None else "unthemed",
            detail="feedback " + ", ".join(map(str, feedback_ids)),
            now=utcnow(),
        )


@blueprint.post("/<int:theme_id>/edit")
@require_role(Role.REP)
def edit(theme_id: int) -> str | Response:
    """Rename a theme, describe it, add notes."""
    found = _theme_or_404(theme_id)
    form = forms.ThemeEditForm()
    if not form.validate_on_submit():
        return _theme_page(found, edit_form=form)
    corrections.edit_theme(
        get_session(),
        theme_id=theme_id,
        label=form.label.data or "",
        description=form.description.data or "",
        notes=form.notes.data or "",
        actor_id=_actor(),
        now=utcnow(),
    )
    flash("Theme saved.")
    return redirect(url_for(".theme", theme_id=theme_id))


@blueprint.post("/<int:theme_id>/pin")
@require_role(Role.REP)
def pin(theme_id: int) -> Response:
    """Pin or unpin: a pinned theme is kept by every rebuild."""
    found = _theme_or_404(theme_id)
    if forms.ActionForm().validate_on_submit():
        corrections.set_pinned(
            get_session(), theme_id=theme_id, pinned=not found.pinned, actor_id=_actor(), now=utcnow()
        )
        flash("Theme pinned: rebuilds will keep it." if found.pinned else "Theme unpinned.")
    return redirect(url_for(".theme", theme_id=theme_id))


@blueprint.get("/<int:theme_id>/merge")
@require_role(Role.REP)
def confirm_merge(theme_id: int) -> str | Response:
    """Show both themes, their sizes and what will happen, before anything is merged."""
    found = _theme_or_404(theme_id)
    form = forms.MergeForm(request.args, themes=_theme_choices(exclude=theme_id))
    if not form.validate():
        return _theme_page(found, merge_form=form)
    session = get_session()
    target = corrections.active_theme(session, int(form.into.data))
    return render_template(
        "triage/merge.html",
        theme=found,
        target=target,
        sizes={t.id: corrections.theme_size(session, t.id) for t in (found, target)},
        form=forms.ConfirmMergeForm(into=str(target.id)),
        back_link=url_for(".theme", theme_id=theme_id),
    )


@blueprint.post("/<int:theme_id>/merge")
@require_role(Role.REP)
def merge(theme_id: int) -> Response:
    """Merge this theme into another, as confirmed; the merge can be undone from the theme's page."""
    form = forms.ConfirmMergeForm()
    into = parse_id(form.into.data)
    if not form.validate_on_submit() or into is None:
        flash("Choose the theme to merge into again.")
        return redirect(url_for(".theme", theme_id=theme_id))
    found = _theme_or_404(theme_id)
    correction = corrections.merge_themes(
        get_session(), source_id=found.id, target_id=into, actor_id=_actor(), now=utcnow()
    )
    flash(f"Merged ‘{found.display_label}’ into this theme. You can undo this below.")
    return redirect(url_for(".theme", theme_id=correction.theme_id))


@blueprint.post("/<int:theme_id>/move")
@blueprint.post("/not-yet-themed/move", defaults={"theme_id": None})
@require_role(Role.REP)
def move(theme_id: int | None) -> str | Response:
    """Move the ticked feedback to another theme, or mark it "doesn't fit": only once the rep chose where."""
    found = _theme_or_404(theme_id) if theme_id is not None else None
    form = forms.MoveForm(themes=_theme_choices(exclude=theme_id))
    if not form.validate_on_submit():
        return _theme_page(found, move_form=form)
    moved = corrections.move_feedback(
        get_session(), feedback_ids=form.chosen_ids(), theme_id=form.theme.theme_id, actor_id=_actor(), now=utcnow()
    )
    flash(f"{plural(moved, 'piece', 'pieces')} of feedback moved. Rebuilds will keep each where you put it.")
    back = url_for(".theme", theme_id=theme_id, **request.args) if found else url_for(".unthemed", **request.args)
    return redirect(back)


@blueprint.route("/<int:theme_id>/split", methods=["GET", "POST"])
@require_role(Role.REP)
def split(theme_id: int) -> str | Response:
    """The engine proposes how to split a theme; the rep names every part and accepts."""
    found = _theme_or_404(theme_id)
    wanted = request.values.get("parts", "2")
    parts = int(wanted) if wanted in ("2", "3") else 2
    proposal = corrections.propose_split(get_session(), theme_id=theme_id, parts=parts)
    form = forms.SplitForm(data={f"name_{i}": group.label for i, group in enumerate(proposal)})
    if form.validate_on_submit():
        corrections.accept_split(
            get_session(), theme_id=theme_id, names=form.names(), parts=parts, actor_id=_actor(), now=utcnow()
        )
        flash(f"Theme split into {len(proposal)}. You can undo this below.")
        return redirect(url_for(".theme", theme_id=theme_id))
    return render_template(
        "triage/split.html",
        theme=found,
        proposal=proposal,
        samples=theme_services.samples(get_session(), [group.feedback_ids[:3] for group in proposal]),
        form=form,
        parts=parts,
        back_link=url_for(".theme", theme_id=theme_id),
    )


@blueprint.post("/changes/<int:correction_id>/undo")
@require_role(Role.REP)
def undo(correction_id: int) -> Response:
    """Undo a merge or a split."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    correction = corrections.undo_correction(
        get_session(), correction_id=correction_id, actor_id=_actor(), now=utcnow()
    )
    flash("Undone: the themes are as they were before.")
    return redirect(url_for(".theme", theme_id=correction.theme_id))


@blueprint.post("/rebuild")
@require_role(Role.REP)
def rebuild() -> Response:
    """Start a rebuild off the request path and go to its progress page."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    run = start_rebuild(get_session(), requested_by=_actor(), now=utcnow())
    return redirect(url_for(".run", run_id=run.id))


def _run_or_404(run_id: int) -> ThemeRun:
    run = get_session().get(ThemeRun, run_id)
    if run is None:
        abort(404)
    return run


@blueprint.get("/runs/<int:run_id>")
@require_role(Role.REP)
def run(run_id: int) -> str:
    """A rebuild's progress, then what it would change, to review before applying."""
    found = _run_or_404(run_id)
    review = theme_services.review_changes(get_session(), found) if found.status == RunStatus.READY else None
    return render_template(
        "triage/run.html",
        run=found,
        review=review,
        busy=found.status in RUN_BUSY,
        form=forms.ActionForm(),
        back_link=url_for(".board"),
    )


@blueprint.get("/runs/<int:run_id>/status")
@require_role(Role.REP)
def run_status(run_id: int) -> Response:
    """Progress as JSON, for the page's optional script to update itself."""
    found = _run_or_404(run_id)
    return jsonify({"status": found.status, "progress": found.progress, "message": found.message})


@blueprint.post("/runs/<int:run_id>/apply")
@require_role(Role.REP)
def apply(run_id: int) -> Response:
    """Make a reviewed rebuild what everyone sees."""
    _run_or_404(run_id)
    if forms.ActionForm().validate_on_submit():
        try:
            theme_services.apply_run(get_session(), run_id=run_id, now=utcnow(), actor_id=_actor())
            flash("The new themes are now what everyone sees. Your names, notes, pins and moves were kept.")
        except theme_services.RunNotReady:
            flash("That rebuild can no longer be applied.")
    return redirect(url_for(".board"))


@blueprint.post("/runs/<int:run_id>/discard")
@require_role(Role.REP)
def discard(run_id: int) -> Response:
    """Throw a rebuild away; nothing changes."""
    _run_or_404(run_id)
    if forms.ActionForm().validate_on_submit():
        try:
            theme_services.discard_run(get_session(), run_id=run_id, actor_id=_actor())
            flash("The rebuild was discarded. Nothing changed.")
        except theme_services.RunNotReady:
            flash("That rebuild can no longer be discarded.")
    return redirect(url_for(".board"))
