"""The theme board and theme pages as a rep uses them."""

from __future__ import annotations

import datetime as dt

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import RunStatus
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun
from tests.factories import create_user, sign_in_as
from tests.helpers import page


@pytest.fixture
def app_config():
    return {"JOBS_RUN_INLINE": True}


@pytest.fixture
def rep(client, session):
    user = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, user)
    return user


@pytest.fixture
def themed(runner, session):
    load_demo(session, n_items=300, today=dt.date.today())
    result = runner.invoke(args=["themes", "rebuild"])
    assert result.exit_code == 0, result.output
    return session.scalars(select(Theme).order_by(Theme.size.desc())).all()


def test_board_lists_every_theme_and_not_yet_themed(client, rep, themed):
    response = client.get("/staff/themes")
    view = page(response)
    assert response.status_code == 200 and view.h1 == ["Themes"]
    html = view.html
    assert all(str(escape(theme.auto_label)) in html for theme in themed)
    assert "Not yet themed" in html


def test_board_filters_and_sorts_without_errors(client, rep, themed):
    for query in (
        "period=30&sort=change_30",
        "service=transport&sort=negative",
        "age_band=5-10&sort=label",
        "channel=rep&local_area=north",
        "period=bogus&sort=bogus",
    ):
        assert client.get(f"/staff/themes?{query}").status_code == 200, query


def test_search_finds_feedback_by_words(client, rep, themed, session):
    response = client.get("/staff/themes?q=transport")
    assert "found" in page(response).html


def test_theme_page_shows_terms_quotes_trend_table_and_feedback(client, rep, themed):
    theme = themed[0]
    view = page(client.get(f"/staff/themes/{theme.id}"))
    assert view.h1[0].startswith(theme.auto_label)
    assert str(escape(theme.terms[0])) in view.html
    assert "Show the numbers as a table" in view.html and "<svg" in view.html
    assert f"Feedback in this theme ({theme.size}" in view.html


def test_rename_is_saved_and_audited(client, rep, themed, session):
    theme = themed[0]
    response = client.post(
        f"/staff/themes/{theme.id}/edit",
        data={"label": "Waiting for annual reviews", "description": "", "notes": "Raise at March board"},
    )
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Theme, theme.id).display_label == "Waiting for annual reviews"
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "theme edited")).one()
    assert entry.actor_id == rep.id and "Raise at March" not in entry.detail


def test_too_long_name_shows_error_summary(client, rep, themed):
    view = page(client.post(f"/staff/themes/{themed[0].id}/edit", data={"label": "x" * 201}))
    assert view.errors == ["Name must be 200 characters or fewer"]


def test_move_and_doesnt_fit(client, rep, themed, session):
    source, target = themed[0], themed[1]
    feedback_id = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == source.id)).first()
    client.post(
        "/staff/themes/move", data={"feedback_id": feedback_id, "theme": str(target.id), "next": "/staff/themes"}
    )
    assert session.get(FeedbackTheme, feedback_id).theme_id == target.id
    client.post("/staff/themes/move", data={"feedback_id": feedback_id, "theme": "none"})
    link = session.get(FeedbackTheme, feedback_id)
    session.refresh(link)
    assert (link.theme_id, link.source) == (None, "excluded")


def test_merge_moves_everything_and_keeps_history(client, rep, themed, session):
    source, target = themed[2], themed[3]
    count = source.size + target.size
    response = client.post(f"/staff/themes/{source.id}/merge", data={"target": str(target.id)})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Theme, source.id).status == "merged"
    assert (
        session.scalar(select(func.count()).select_from(FeedbackTheme).where(FeedbackTheme.theme_id == target.id))
        == count
    )
    assert client.get(f"/staff/themes/{source.id}").location.endswith(f"/staff/themes/{target.id}")


def test_split_proposes_then_creates_themes(client, rep, themed, session):
    theme = themed[0]
    original_size = theme.size
    proposal = page(client.get(f"/staff/themes/{theme.id}/split"))
    assert proposal.h1 == ["Split this theme into 2"]
    client.post(f"/staff/themes/{theme.id}/split", data={"parts": "2", "name_0": "", "name_1": "Second part"})
    session.expire_all()
    new = session.scalars(select(Theme).where(Theme.label == "Second part")).one()
    assert new.status == "active" and session.get(Theme, theme.id).size + new.size == original_size


def test_rebuild_from_the_workspace_is_reviewed_before_it_applies(client, rep, themed, session):
    renamed, target = themed[0], themed[1]
    client.post(f"/staff/themes/{renamed.id}/edit", data={"label": "Our name for it", "description": "", "notes": ""})
    moved = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == renamed.id)).first()
    client.post("/staff/themes/move", data={"feedback_id": moved, "theme": str(target.id)})

    response = client.post("/staff/themes/rebuild", data={})
    run = session.scalars(select(ThemeRun).order_by(ThemeRun.id.desc())).first()
    assert response.location.endswith(f"/staff/themes/runs/{run.id}") and run.status == RunStatus.READY
    review = page(client.get(f"/staff/themes/runs/{run.id}"))
    assert "What would change" in review.html
    client.post(f"/staff/themes/runs/{run.id}/apply", data={})
    session.expire_all()
    assert session.get(ThemeRun, run.id).status == RunStatus.APPLIED
    assert session.scalars(select(Theme).where(Theme.key == renamed.key)).one().display_label == "Our name for it"
    assert session.get(FeedbackTheme, moved).theme_id == target.id


def test_board_members_cannot_triage(client, session, themed):
    sign_in_as(client, session, create_user(session, email="chair@example.org", role="board"))
    assert client.get("/staff/themes").status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(client, themed):
    response = client.get("/staff/themes")
    assert response.status_code == 302 and "/sign-in" in response.location
