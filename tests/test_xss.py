"""Script in what a family or a rep typed is shown as text on every page and in every export.

The payloads go into a story, what would help, the redaction, a theme's name and a pack's title;
then every page a signed-in admin can reach (found by reading the pages, as the fuzz tests do)
is read, and the Word, PDF and CSV exports are opened.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from forum_feedback.enums import PackStatus
from forum_feedback.evidence import exports, services
from forum_feedback.submissions.models import Feedback
from tests.evidence.factories import add_feedback, create_pack, create_theme
from tests.factories import FAST_HASHING
from tests.fuzz.test_fuzz import Visitor, crawl

NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
SCRIPT = "<script>window.__xss=1</script>"
IMAGE = '<img src=x onerror="window.__xss=1">'
STORY = f"The bus never came {SCRIPT} and {IMAGE} again"
#: What would run if any of it were put on a page as HTML.
RAW = ("<script>window.__xss", "<img src=x onerror")
ESCAPED = "&lt;script&gt;window.__xss=1&lt;/script&gt;"


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(FAST_HASHING)


@pytest.fixture
def pack_id(session) -> int:
    theme = create_theme(session, label=f"Buses {SCRIPT}")
    [quoted] = add_feedback(session, theme, story=STORY)
    add_feedback(session, theme, n=12)
    feedback = session.get(Feedback, quoted.id)
    feedback.what_would_help, feedback.redacted_story = f"Help {IMAGE}", f"Redacted {SCRIPT} {IMAGE}"
    session.commit()
    pack = create_pack(session, [theme])
    services.update_pack(
        session,
        pack_id=pack.id,
        title=f"Pack {SCRIPT}",
        summary=f"Summary {IMAGE}",
        asks=f"Ask {SCRIPT}",
        partners=["la-send"],
        actor_id=None,
        now=NOW,
    )
    services.choose_quotes(session, pack_id=pack.id, feedback_ids=[quoted.id], actor_id=None, now=NOW)
    services.move_pack(session, pack_id=pack.id, to=PackStatus.READY, actor_id=None, now=NOW)
    return pack.id


def test_payloads_are_text_on_every_page(app, session, pack_id):
    visitor = Visitor(app, session, "admin")
    pages: dict[str, str] = {}
    original_send = visitor.send

    def keep(method, url, data=None):
        response = original_send(method, url, data)
        if response.mimetype == "text/html":
            pages[url] = response.get_data(as_text=True)
        return response

    visitor.send = keep
    crawl(visitor, ["/staff/", f"/staff/evidence/{pack_id}", "/staff/feedback/1", "/staff/themes/1"])
    assert {url: raw for url, html in pages.items() for raw in RAW if raw in html} == {}
    shown = sorted(url for url, html in pages.items() if ESCAPED in html)
    assert {f"/staff/evidence/{pack_id}", "/staff/feedback/1", "/staff/themes/1"} <= set(shown)


def test_payloads_are_text_in_every_export(client, session, pack_id):
    from tests.factories import create_user, sign_in_as

    sign_in_as(client, session, create_user(session, role="rep"))
    docx = client.get(f"/staff/evidence/{pack_id}/export.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.data)).paragraphs)
    assert f"Pack {SCRIPT}" in text and f"Redacted {SCRIPT} {IMAGE}" in text
    pdf = client.get(f"/staff/evidence/{pack_id}/export.pdf")
    flat = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "<script>window.__xss=1</script>" in flat
    rows = exports.csv_rows(client.get(f"/staff/evidence/{pack_id}/export.csv").data)
    assert rows[0] == ["Pack", f"Pack {SCRIPT}"]
    assert all(not cell.startswith(exports.FORMULA_STARTS) for row in rows for cell in row)
