"""The theme board and theme pages as a rep uses them."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from markupsafe import escape
from sqlalchemy import func, select

from forum_feedback.audit.models import AuditEntry
from forum_feedback.demo.loader import load_demo
from forum_feedback.enums import RunStatus
from forum_feedback.submissions.models import Feedback
from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun
from tests.factories import create_user, sign_in_as
from tests.helpers import page


@pytest.fixture
def app_config():
    return {}


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


def members_of(session, theme) -> list[int]:
    return list(session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == theme.id)))


def test_move_and_doesnt_fit(client, rep, themed, session):
    source, target = themed[0], themed[1]
    feedback_id = members_of(session, source)[0]
    response = client.post(
        f"/staff/themes/{source.id}/move", data={"feedback_ids": [feedback_id], "theme": str(target.id)}
    )
    assert response.status_code == 302 and response.location == f"/staff/themes/{source.id}"
    assert session.get(FeedbackTheme, feedback_id).theme_id == target.id
    client.post(f"/staff/themes/{target.id}/move", data={"feedback_ids": [feedback_id], "theme": "none"})
    link = session.get(FeedbackTheme, feedback_id)
    session.refresh(link)
    assert (link.theme_id, link.source) == (None, "excluded")


def test_move_starts_on_no_theme_and_does_nothing_until_one_is_chosen(client, rep, themed, session):
    """Regression: the control started on a real theme, so one click on Move filed the item there."""
    source = themed[0]
    html = client.get(f"/staff/themes/{source.id}").get_data(as_text=True)
    feedback_id = int(re.search(r'data-testid="theme-item" data-feedback-id="(\d+)"', html).group(1))
    select_html = html[html.index('id="theme"') :].split("</select>")[0]
    options = re.findall(r"<option ([^>]*)>([^<]*)</option>", select_html)
    assert options[0] == ('value=""', "Choose a theme")  # no option is selected, so the browser shows the first
    assert not any("selected" in attributes for attributes, _ in options)
    response = client.post(f"/staff/themes/{source.id}/move", data={"feedback_ids": [feedback_id], "theme": ""})
    view = page(response)
    assert response.status_code == 200 and view.errors == ["Choose where to move the selected feedback"]
    nothing = page(client.post(f"/staff/themes/{source.id}/move", data={"theme": str(themed[1].id)}))
    assert nothing.errors == ["Select the feedback to move"]
    session.expire_all()
    assert session.get(FeedbackTheme, feedback_id).theme_id == source.id
    assert (
        session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "feedback moved")) == 0
    )


def test_merge_asks_first_with_both_themes_and_their_sizes(client, rep, themed, session):
    source, target = themed[2], themed[3]
    response = client.get(f"/staff/themes/{source.id}/merge?into={target.id}")
    view = page(response)
    assert view.h1 == ["Merge these themes?"]
    summary = view.html[view.html.index('data-testid="merge-summary"') :]
    assert f"{source.display_label} ({len(members_of(session, source))} comments)" in summary
    assert f"{target.display_label} ({len(members_of(session, target))} comments)" in summary
    session.expire_all()
    assert session.get(Theme, source.id).status == "active"  # asking changes nothing


def test_merge_without_choosing_a_theme_says_so(client, rep, themed):
    view = page(client.get(f"/staff/themes/{themed[2].id}/merge?into="))
    assert view.errors == ["Select the theme to merge this one into"]


def test_merge_moves_everything_keeps_history_and_can_be_undone(client, rep, themed, session):
    source, target = themed[2], themed[3]
    before = {fid: target.id for fid in members_of(session, target)} | {
        fid: source.id for fid in members_of(session, source)
    }
    response = client.post(f"/staff/themes/{source.id}/merge", data={"into": str(target.id)})
    assert response.location == f"/staff/themes/{target.id}"
    session.expire_all()
    assert session.get(Theme, source.id).status == "merged"
    assert sorted(members_of(session, target)) == sorted(before)
    assert client.get(f"/staff/themes/{source.id}").location.endswith(f"/staff/themes/{target.id}")

    undo = page(client.get(f"/staff/themes/{target.id}"))
    assert "Undo this merge" in undo.html
    correction = re.search(r'action="/staff/themes/changes/(\d+)/undo"', undo.html).group(1)
    client.post(f"/staff/themes/changes/{correction}/undo", data={})
    session.expire_all()
    assert session.get(Theme, source.id).status == "active"
    assert {fid: session.get(FeedbackTheme, fid).theme_id for fid in before} == before
    assert "Undo this merge" not in client.get(f"/staff/themes/{target.id}").get_data(as_text=True)


def test_split_lets_the_rep_name_every_part_and_can_be_undone(client, rep, themed, session):
    theme = themed[0]
    original = sorted(members_of(session, theme))
    proposal = page(client.get(f"/staff/themes/{theme.id}/split"))
    assert proposal.h1 == ["Split this theme into 2"]
    client.post(f"/staff/themes/{theme.id}/split", data={"parts": "2", "name_0": "First part", "name_1": "Second part"})
    session.expire_all()
    first, second = (
        session.get(Theme, theme.id),
        session.scalars(select(Theme).where(Theme.label == "Second part")).one(),
    )
    assert first.display_label == "First part"  # part 1 is named as the rep chose, not kept as it was
    assert sorted(members_of(session, first) + members_of(session, second)) == original
    correction = re.search(
        r'action="/staff/themes/changes/(\d+)/undo"', client.get(f"/staff/themes/{theme.id}").get_data(as_text=True)
    ).group(1)
    client.post(f"/staff/themes/changes/{correction}/undo", data={})
    session.expire_all()
    assert sorted(members_of(session, session.get(Theme, theme.id))) == original
    assert session.get(Theme, theme.id).display_label == theme.display_label
    assert session.get(Theme, second.id).status == "retired"


def test_rebuild_from_the_workspace_is_reviewed_before_it_applies(client, rep, themed, session):
    renamed, target = themed[0], themed[1]
    client.post(f"/staff/themes/{renamed.id}/edit", data={"label": "Our name for it", "description": "", "notes": ""})
    moved = session.scalars(select(FeedbackTheme.feedback_id).where(FeedbackTheme.theme_id == renamed.id)).first()
    client.post(f"/staff/themes/{renamed.id}/move", data={"feedback_ids": [moved], "theme": str(target.id)})

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


def test_theme_page_and_item_page_say_why_a_comment_is_in_its_theme(client, rep, themed, session):
    theme = themed[0]
    html = client.get(f"/staff/themes/{theme.id}").get_data(as_text=True)
    items = re.findall(r'data-feedback-id="(\d+)"(.*?)</li>', html, re.S)
    explained = [(int(fid), re.search(r"Why here: ([^<]+)<", block)) for fid, block in items]
    explained = [(fid, unescape(match.group(1)).split(", ")) for fid, match in explained if match]
    assert len(explained) >= len(items) // 2, "most comments should say why they are here"
    for fid, words in explained:
        story = session.get(Feedback, fid).story.lower()
        assert all(word.lower() in story for word in words), (words, story)  # the family's own words
    feedback_id = explained[0][0]
    item = client.get(f"/staff/feedback/{feedback_id}").get_data(as_text=True)
    assert f'href="/staff/themes/{theme.id}"' in item and 'data-testid="why-here"' in item
