"""The exports, opened as a reader would: the Word document (python-docx), the PDF (its text) and the CSV."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document
from pypdf import PdfReader

from forum_feedback.enums import PackStatus
from forum_feedback.evidence import exports, services
from tests.evidence.factories import LABELS, add_feedback, create_pack, create_theme

NOW = dt.datetime(2026, 4, 2, 10, 0, tzinfo=dt.UTC)
QUOTE = "Three caseworkers this year and each one starts from scratch – we’re exhausted."


@pytest.fixture
def view(session):
    theme = create_theme(session, label="Caseworkers change")
    [quoted] = add_feedback(session, theme, story=QUOTE)
    add_feedback(session, theme, n=16)
    pack = create_pack(session, [theme])
    services.update_pack(
        session,
        pack_id=pack.id,
        title='=HYPERLINK("http://evil.example","Caseworkers")',
        summary="Families told us their caseworker keeps changing.\n\nThey start again each time.",
        asks="One named caseworker for each family.",
        partners=["la-send"],
        actor_id=None,
        now=NOW,
    )
    services.choose_quotes(session, pack_id=pack.id, feedback_ids=[quoted.id], actor_id=None, now=NOW)
    services.rate_pack(
        session, pack_id=pack.id, rag="red", reason="No change yet.", rung="consultation", actor_id=None, now=NOW
    )
    services.move_pack(session, pack_id=pack.id, to=PackStatus.READY, actor_id=None, now=NOW)
    return services.pack_view(session, pack_id=pack.id, labels=LABELS, partner_names={"la-send": "LA SEND"})


def _outline(view):
    return exports.outline(view, forum_name="Northshire PCF")


def test_the_word_document_has_the_title_numbers_quotes_and_asks(view):
    document = Document(io.BytesIO(exports.to_docx(_outline(view))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == view.pack.title
    assert QUOTE in text and "One named caseworker for each family." in text
    assert "Red. No change yet." in text and "Consultation (step 4 of 7)" in text
    numbers = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert numbers["Pieces of feedback"] == "17"
    assert len(document.inline_shapes) == 4  # the trend, and service area, local area and age


def test_the_pdf_has_the_same_title_numbers_and_quote(view):
    reader = PdfReader(io.BytesIO(exports.to_pdf(_outline(view))))
    text = " ".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    assert "Caseworkers" in flat and "Pieces of feedback 17" in flat
    assert "each one starts from scratch" in flat and "we’re exhausted" in flat


def test_the_pdf_without_a_system_font_still_has_the_words(view):
    reader = PdfReader(io.BytesIO(exports.to_pdf(_outline(view), font=None)))
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "we're exhausted" in flat  # typographic marks become plain ones in Helvetica


def test_the_csv_has_the_numbers_and_no_formula(view):
    rows = exports.csv_rows(exports.to_csv(_outline(view)))
    assert rows[0] == ["Pack", '\'=HYPERLINK("http://evil.example","Caseworkers")']
    assert ["The numbers", "Pieces of feedback", "17"] in rows
    assert all(not cell.startswith(exports.FORMULA_STARTS) for row in rows for cell in row)


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(value):
    assert exports.neutralise(value) == "'" + value
    assert exports.neutralise(-3) == -3 and exports.neutralise("Transport") == "Transport"
