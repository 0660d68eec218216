"""The theme board, theme pages, reps' corrections and rebuilds reviewed before anyone else sees them."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, jsonify, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from forum_feedback.auth.access import current_user, require_role
from forum_feedback.db import utcnow
from forum_feedback.enums import RUN_BUSY, RunStatus, ThemeStatus
from forum_feedback.extensions import get_session
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import Theme, ThemeRun
from forum_feedback.themes.tasks import start_rebuild
from forum_feedback.triage import forms, queries, services
from forum_feedback.triage.charts import trend_chart

blueprint = Blueprint("triage", __name__, url_prefix="/staff/themes")

BREAKDOWNS = (
    ("service", "Service area"),
    ("local_area", "Local area"),
    ("age_band", "Age"),
    ("channel", "How it came in"),
)


def _filters(form: forms.FilterForm) -> queries.Filters:
    return queries.Filters(
        **{name: form.value(name) for name in ("period", "service", "local_area", "age_band", "channel")}
    )


def _today() -> dt.date:
    return utcnow().date()


def _actor() -> int | None:
    user = current_user()
    return user.id if user else None


def _labels() -> dict[str, dict[str, str]]:
    config = current_app.config
    return {
        "service": dict(config["SERVICE_AREAS"]),
        "local_area": dict(config["LOCAL_AREAS"]),
        "age_band": dict(config["AGE_BANDS"]),
        "channel": dict(forms.CHANNEL_CHOICES),
    }


@blueprint.get("")
@require_role("rep")
def board() -> str:
    """Every theme with its size, change, share of negative feedback and top service areas."""
    form = forms.FilterForm(request.args, config=current_app.config)
    filters, session = _filters(form), get_session()
    rows = queries.theme_board(session, filters=filters, today=_today(), sort=form.value("sort"))
    results = None
    if (form.q.data or "").strip():
        results = queries.search_feedback(
            session, text=form.q.data, filters=filters, today=_today(), page=form.page.data or 1
        )
    themes_of = queries.themes_of(session, [item.id for item in results.items]) if results else {}
    runs = {"latest": theme_services.latest_run(session), "current": theme_services.current_run(session)}
    return render_template(
        "triage/board.html",
        form=form,
        rows=rows,
        results=results,
        themes_of=themes_of,
        labels=_labels(),
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
@require_role("rep")
def theme(theme_id: int) -> str | Response:
    """One theme: its name, terms, quotes, trend, breakdowns and the feedback in it."""
    found = _theme_or_404(theme_id)
    if found.status != ThemeStatus.ACTIVE and found.merged_into_id:
        flash("That theme was merged into this one.")
        return redirect(url_for(".theme", theme_id=found.merged_into_id))
    return _theme_page(found, edit_form=forms.ThemeEditForm(obj=found, label=found.label or ""))


@blueprint.get("/not-yet-themed")
@require_role("rep")
def unthemed() -> str:
    """Feedback that fits no theme well yet."""
    return _theme_page(None, edit_form=None)


def _theme_page(
    found: Theme | None, *, edit_form: forms.ThemeEditForm | None, merge_form: forms.MergeForm | None = None
) -> str:
    session, today = get_session(), _today()
    form = forms.FilterForm(request.args, config=current_app.config)
    filters, theme_id = _filters(form), found.id if found else None
    trend = queries.monthly_trend(session, theme_id=theme_id, filters=filters, today=today)
    page = queries.feedback_in_theme(session, theme_id=theme_id, filters=filters, today=today, page=form.page.data or 1)
    quotes = theme_services.quotes_for(session, found) if found else []
    choices = _theme_choices(exclude=theme_id)
    return render_template(
        "triage/theme.html",
        theme=found,
        form=form,
        edit_form=edit_form,
        trend=trend,
        chart=trend_chart(trend),
        breakdowns=[
            (label, queries.breakdown(session, theme_id=theme_id, column=column, filters=filters, today=today), column)
            for column, label in BREAKDOWNS
        ],
        page=page,
        quotes=quotes,
        labels=_labels(),
        move_choices=choices,
        merge_form=merge_form or forms.MergeForm(themes=choices),
        error_form=next((f for f in (edit_form, merge_form) if f is not None and f.errors), form),
        pin_form=forms.ActionForm(),
        item_links="moderation.item" in current_app.view_functions,
        move_form_for=lambda item: forms.MoveForm(themes=choices, formdata=None, feedback_id=item.id),
    )


@blueprint.post("/<int:theme_id>/edit")
@require_role("rep")
def edit(theme_id: int) -> str | Response:
    """Rename a theme, describe it, add notes."""
    found = _theme_or_404(theme_id)
    form = forms.ThemeEditForm()
    if not form.validate_on_submit():
        return _theme_page(found, edit_form=form)
    services.edit_theme(
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
@require_role("rep")
def pin(theme_id: int) -> Response:
    """Pin or unpin: a pinned theme is kept by every rebuild."""
    found = _theme_or_404(theme_id)
    if forms.ActionForm().validate_on_submit():
        services.set_pinned(get_session(), theme_id=theme_id, pinned=not found.pinned, actor_id=_actor(), now=utcnow())
        flash("Theme pinned: rebuilds will keep it." if found.pinned else "Theme unpinned.")
    return redirect(url_for(".theme", theme_id=theme_id))


@blueprint.post("/<int:theme_id>/merge")
@require_role("rep")
def merge(theme_id: int) -> str | Response:
    """Merge this theme into another."""
    found = _theme_or_404(theme_id)
    form = forms.MergeForm(themes=_theme_choices(exclude=theme_id))
    if not form.validate_on_submit():
        return _theme_page(found, edit_form=forms.ThemeEditForm(obj=found, label=found.label or ""), merge_form=form)
    target = services.merge_themes(
        get_session(), source_id=theme_id, target_id=int(form.target.data), actor_id=_actor(), now=utcnow()
    )
    flash(f"Merged ‘{found.display_label}’ into this theme.")
    return redirect(url_for(".theme", theme_id=target.id))


@blueprint.post("/move")
@require_role("rep")
def move() -> Response:
    """Move one piece of feedback to another theme, or mark it "doesn't fit"."""
    form = forms.MoveForm(themes=_theme_choices())
    back = form.next.data if (form.next.data or "").startswith("/staff/") else url_for(".board")
    if form.validate_on_submit() and (form.feedback_id.data or "").isdigit():
        target = None if form.theme.data == forms.DOES_NOT_FIT else int(form.theme.data)
        try:
            services.move_feedback(
                get_session(), feedback_id=int(form.feedback_id.data), theme_id=target, actor_id=_actor(), now=utcnow()
            )
            flash("Feedback moved. Rebuilds will keep it where you put it.")
        except services.TriageError as error:
            flash(str(error))
    return redirect(back)


@blueprint.route("/<int:theme_id>/split", methods=["GET", "POST"])
@require_role("rep")
def split(theme_id: int) -> str | Response:
    """The engine proposes how to split a theme; the rep names the parts and accepts."""
    found = _theme_or_404(theme_id)
    form = forms.SplitForm()
    parts = int(request.values.get("parts", "2")) if request.values.get("parts", "2") in ("2", "3") else 2
    try:
        proposal = services.propose_split(get_session(), theme_id=theme_id, parts=parts)
    except services.TriageError as error:
        flash(str(error))
        return redirect(url_for(".theme", theme_id=theme_id))
    if form.validate_on_submit():
        names = [form.name_0.data or "", form.name_1.data or "", form.name_2.data or ""]
        services.accept_split(
            get_session(), theme_id=theme_id, names=names, parts=parts, actor_id=_actor(), now=utcnow()
        )
        flash(f"Theme split into {len(proposal)}.")
        return redirect(url_for(".theme", theme_id=theme_id))
    samples = theme_services.samples(get_session(), [group.feedback_ids[:3] for group in proposal])
    return render_template(
        "triage/split.html",
        theme=found,
        proposal=proposal,
        samples=samples,
        form=form,
        parts=parts,
        back_link=url_for(".theme", theme_id=theme_id),
    )


@blueprint.post("/rebuild")
@require_role("rep")
def rebuild() -> Response:
    """Start a rebuild off the request path and go to its progress page."""
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    run = start_rebuild(current_app._get_current_object(), get_session(), requested_by=_actor(), now=utcnow())
    return redirect(url_for(".run", run_id=run.id))


def _run_or_404(run_id: int) -> ThemeRun:
    run = get_session().get(ThemeRun, run_id)
    if run is None:
        abort(404)
    return run


@blueprint.get("/runs/<int:run_id>")
@require_role("rep")
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
@require_role("rep")
def run_status(run_id: int) -> Response:
    """Progress as JSON, for the page's optional script to update itself."""
    found = _run_or_404(run_id)
    return jsonify({"status": found.status, "progress": found.progress, "message": found.message})


@blueprint.post("/runs/<int:run_id>/apply")
@require_role("rep")
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
@require_role("rep")
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
