"""Script in a family's words never runs in a rep's browser: on the theme page and the feedback page."""

from __future__ import annotations

import pytest

from forum_feedback.submissions.models import Feedback
from tests.browser.conftest import assert_only_own_origin, check_accessibility, enter_code_if_asked, go
from tests.evidence.factories import add_feedback, create_theme
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"><svg onload="window.__xss=3">'


def test_a_payload_in_feedback_is_shown_as_text_and_never_runs(phone, session):
    page, visit = phone
    theme = create_theme(session, label=f"Buses {PAYLOAD}")
    [item] = add_feedback(session, theme, story=f"The bus never came {PAYLOAD}")
    feedback = session.get(Feedback, item.id)
    feedback.what_would_help, feedback.redacted_story = f"Help {PAYLOAD}", f"Redacted {PAYLOAD}"
    session.commit()
    create_user(session, email="rep@example.org", role="rep")

    page.goto(f"{visit.base_url}/staff/themes/{theme.id}")
    page.get_by_label("Email address").fill("rep@example.org")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)
    for url in (f"/staff/themes/{theme.id}", f"/staff/feedback/{item.id}", "/staff/themes"):
        page.goto(visit.base_url + url)
        assert page.evaluate("window.__xss") is None, url
        assert page.locator("script:not([src])").count() == 0, url
        assert "<script>window.__xss=1</script>" in page.locator("main").inner_text(), url
    check_accessibility(page, visit)
    assert [url for url in visit.requests if url.endswith("/x")] == []  # the <img> was never made
    assert_only_own_origin(visit)
