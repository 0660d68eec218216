"""No count from 1 to 4 leaves the workspace: every export, the board's pages and the public pages.

The corpus has small counts in many cells (a small theme, small local areas and ages, a month
with 3, a previous period with 2) and cells that would give a small one back by subtraction.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from pypdf import PdfReader

from forum_feedback.db import utcnow
from forum_feedback.disclosure import SMALL_TEXT
from forum_feedback.evidence import exports
from forum_feedback.outcomes import services as outcomes
from tests.evidence.factories import BEFORE, add_feedback, create_theme, shared_pack
from tests.evidence.test_views import count_cells
from tests.factories import create_user, sign_in_as

SMALL = {"1", "2", "3", "4"}
JAN, MAR = dt.datetime(2026, 1, 12, tzinfo=dt.UTC), dt.datetime(2026, 3, 12, tzinfo=dt.UTC)


@pytest.fixture
def pack(session):
    big, small = create_theme(session, label="Big theme"), create_theme(session, label="Small theme")
    add_feedback(session, big, n=9, local_area="north", age_band="5-10")
    add_feedback(session, big, n=3, local_area="south", age_band="11-15", received_at=MAR)  # 3 in March
    add_feedback(session, big, n=2, received_at=BEFORE)  # 2 in the period before
    add_feedback(session, small, n=3, services=("camhs",), local_area=None, received_at=JAN)
    add_feedback(session, small, n=7, received_at=BEFORE)
    return shared_pack(session, [big, small])


def _assert_no_small(cells: list[str]) -> None:
    assert cells, "no count cells found"
    assert not SMALL & set(cells), cells
    assert SMALL_TEXT in cells


def test_the_pack_page_and_the_board_show_no_small_count(client, session, pack):
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    page_cells = count_cells(client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True))
    _assert_no_small(page_cells)
    assert page_cells[:4] == ["15", "15", "9", "+6"]
    board = create_user(session, email="board@example.org", role="board")
    member = client.application.test_client()
    sign_in_as(member, session, board)
    _assert_no_small(count_cells(member.get(f"/staff/board/packs/{pack.id}").get_data(as_text=True)))
    home = member.get("/staff/board?quarter=2026-q2").get_data(as_text=True)
    assert not SMALL & set(count_cells(home))
    # Both themes' counts are hidden (the subtraction case), so neither is listed with a number.
    assert "No theme had 5 or more pieces of feedback." in home and "No theme rose by a number" in home


def test_the_subtraction_case_on_the_page(client, session, pack):
    sign_in_as(client, session, create_user(session, email="rep@example.org", role="rep"))
    html = client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True)
    theme_rows = re.findall(r'<th scope="row" class="govuk-table__header">(Big theme|Small theme)</th>(.*?)</tr>', html)
    cells = {label: count_cells(f"<table><tr>{row}</tr></table>") for label, row in theme_rows}
    # 12 and 3 add up to the 15 shown: hiding only the 3 would give it back, so the 12 is hidden too.
    assert cells["Small theme"][0] == SMALL_TEXT and cells["Big theme"][0] == SMALL_TEXT
    assert cells["Big theme"][2] == cells["Small theme"][2] == "not shown (small numbers)"


def _outline(client, session, pack):
    from forum_feedback.evidence.views import labels, partner_names

    with client.application.test_request_context():
        from forum_feedback.evidence import services

        view = services.pack_view(session, pack_id=pack.id, labels=labels(), partner_names=partner_names())
    return exports.outline(view, forum_name="PCF")


def test_no_export_shows_a_small_count(client, session, pack):
    outline = _outline(client, session, pack)
    document = Document(io.BytesIO(exports.to_docx(outline)))
    docx_cells = [cell.text for table in document.tables for row in table.rows[1:] for cell in row.cells[1:]]
    _assert_no_small(docx_cells)

    csv_rows = exports.csv_rows(exports.to_csv(outline))
    counts = [row[2] for row in csv_rows[1:] if row[1] not in ("Figure", "Change") and row[0] != "By theme"]
    counts += [cell for row in csv_rows if row[0] == "By theme" and row[1] != "Theme" for cell in row[2:4]]
    _assert_no_small(counts)

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(exports.to_pdf(outline))).pages)
    flat = " ".join(text.split())
    labels = [
        "Pieces of feedback",
        "Big theme",
        "Small theme",
        "North",
        "South",
        "Not answered",
        "March 2026",
        "January 2026",
        "In the 90 days before",
        "5 to 10 (primary school)",
    ]
    for label in labels:
        assert not re.search(rf"{re.escape(label)} [1-4](?![\d,])", flat), label
    assert SMALL_TEXT in flat


def test_the_public_page_shows_no_small_count(client, session):
    theme = create_theme(session, label="Tiny")
    add_feedback(session, theme, n=3)
    pack = shared_pack(session, [theme])
    words = outcomes.OutcomeWords("Small but real", "Families said", "Partners did", "changed", None, "")
    outcome = outcomes.create_outcome(session, pack_id=pack.id, words=words, actor_id=None, now=utcnow())
    links = outcomes.MailLinks(outcome=str, unsubscribe=str, check_feedback="/c")
    outcomes.publish_outcome(session, outcome_id=outcome.id, links=links, forum_name="PCF", actor_id=None, now=utcnow())
    cells = count_cells(client.get(f"/you-said-we-did/{outcome.id}").get_data(as_text=True).replace("span", "td"))
    assert cells == [SMALL_TEXT]
