"""Staff pages answer crafted or stale input with a message, never a 500 (issue 10, defect 3)."""

from __future__ import annotations

import pytest

from forum_feedback.themes.models import FeedbackTheme, Theme
from tests.evidence.factories import add_feedback, create_theme
from tests.factories import FAST_HASHING, create_user, sign_in_as
from tests.helpers import page


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(FAST_HASHING)


@pytest.fixture
def themes(client, session) -> list[Theme]:
    sign_in_as(client, session, create_user(session, role="admin"))
    made = [create_theme(session, label=label) for label in ("Buses", "Taxis", "Trains")]
    for theme in made:
        add_feedback(session, theme, n=2)
    return made


def test_merging_from_a_stale_page_says_the_theme_is_gone(client, session, themes):
    kept, gone, target = themes
    assert client.post(f"/staff/themes/{gone.id}/merge", data={"into": str(target.id)}).status_code == 302
    # The rep's page still offers the theme merged a moment ago.
    for response in (
        client.get(f"/staff/themes/{kept.id}/merge", query_string={"into": str(gone.id)}),
        client.post(f"/staff/themes/{kept.id}/merge", data={"into": str(gone.id)}),
    ):
        assert response.status_code in (200, 302)
        shown = page(client.get(response.location) if response.status_code == 302 else response)
        assert "no longer exists" in shown.html or shown.errors
    assert session.get(Theme, kept.id, populate_existing=True).status == "active"


@pytest.mark.parametrize("theme", ["abc", "", "99999999999999999999", "\x00", "-1"])
def test_moving_to_a_theme_that_is_not_a_choice_is_a_form_error(client, session, themes, theme):
    source = themes[0]
    moved = session.query(FeedbackTheme).filter_by(theme_id=source.id).first().feedback_id
    response = client.post(f"/staff/themes/{source.id}/move", data={"feedback_ids": [str(moved)], "theme": theme})
    assert response.status_code == 200
    assert page(response).errors == ["Choose where to move the selected feedback"]
    assert session.get(FeedbackTheme, moved, populate_existing=True).theme_id == source.id


@pytest.mark.parametrize(
    "url", ["/admin/audit", "/staff/inbox", "/staff/inbox/hidden", "/staff/themes/1", "/staff/themes"]
)
def test_a_crafted_page_number_shows_a_page(client, themes, url):
    statuses = {
        number: client.get(url, query_string={"page": number, "q": "bus" if url == "/staff/themes" else ""}).status_code
        for number in ("²", "٣", "9" * 5_000, "-5", "1e3", "0x10", "\x00")
    }
    assert set(statuses.values()) == {200}, statuses


@pytest.mark.parametrize("number", ["2147483648", "99999999999999999", "9" * 5_000])
def test_an_id_in_a_form_the_database_cannot_hold_is_ignored(client, session, themes, number):
    source, target = themes[0], themes[1]
    moved = session.query(FeedbackTheme).filter_by(theme_id=source.id).first().feedback_id
    merge = client.post(f"/staff/themes/{source.id}/merge", data={"into": number})
    assert merge.status_code == 302
    assert session.get(Theme, source.id, populate_existing=True).status == "active"
    move = client.post(
        f"/staff/themes/{source.id}/move", data={"feedback_ids": [number, str(moved)], "theme": str(target.id)}
    )
    assert move.status_code == 302
    assert session.get(FeedbackTheme, moved, populate_existing=True).theme_id == target.id
    assert client.post("/staff/inbox/plain", data={"feedback": [number]}).status_code < 500


def test_a_crafted_quarter_shows_this_quarter(client, themes):
    for quarter in ("9" * 5_000 + "-q1", "2026-q" + "9" * 5_000, "²⁰²⁶-q1"):
        assert client.get("/staff/board", query_string={"quarter": quarter}).status_code == 200
