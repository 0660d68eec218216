"""The evidence pages as a rep uses them: build a pack, choose quotes, move it on, export it."""

from __future__ import annotations

import io
from html.parser import HTMLParser

import pytest
from docx import Document
from markupsafe import escape
from sqlalchemy import select

from forum_feedback.enums import PackStatus
from forum_feedback.evidence import exports
from forum_feedback.evidence.models import EvidencePack
from tests.evidence.factories import COUNT_ONLY_WORDS, PARTNER_WORDS, UNCHECKED_WORDS, loop_corpus
from tests.factories import create_user, sign_in_as
from tests.helpers import page


@pytest.fixture
def rep(client, session):
    user = create_user(session, email="rep@example.org", role="rep")
    sign_in_as(client, session, user)
    return user


@pytest.fixture
def corpus(session):
    return loop_corpus(session)


def _build(client, chosen, **extra):
    data = {
        "themes": [str(t.id) for t in chosen],
        "date_from": ["1", "1", "2026"],
        "date_to": ["31", "3", "2026"],
        "audience": "partners",
        "service": "",
        "local_area": "",
        "age_band": "",
        "channel": "",
        "partners": ["la-send"],
        **extra,
    }
    return client.post("/staff/evidence/new", data=data)


class _Cells(HTMLParser):
    """The text of every table cell marked as a count or a change."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "td" and ("forum-count" in classes or "forum-change" in classes):
            self._open = True
            self.cells.append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self._open = False

    def handle_data(self, data):
        if self._open:
            self.cells[-1] += data


def count_cells(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    return [" ".join(cell.split()) for cell in parser.cells]


def test_a_rep_builds_a_pack_from_two_themes(client, rep, corpus, session):
    response = _build(client, corpus["themes"], title="Transport and CAMHS")
    pack = session.scalars(select(EvidencePack)).one()
    assert response.status_code == 302 and response.location == f"/staff/evidence/{pack.id}"
    view = page(client.get(response.location))
    assert view.h1 == ["Transport and CAMHS"] and view.title.startswith("Transport and CAMHS – Evidence packs")
    cells = count_cells(view.html)
    assert cells[:4] == ["20", "20", "0", "+20"]  # items, families, the period before, change
    assert "Pieces of feedback" in view.html and "Late transport" in view.html


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"themes": []}, "Choose at least one theme"),
        ({"date_to": ["1", "12", "2025"]}, "The end of the period must be the same as or after its start"),
        ({"date_from": ["31", "2", "2026"]}, "The start of the period must be a real date"),
        ({"themes": ["999999"]}, "Choose themes from the list"),
    ],
)
def test_building_a_pack_says_what_to_fix(client, rep, corpus, session, extra, error):
    view = page(_build(client, corpus["themes"], **extra))
    assert error in view.errors and view.title.startswith("Error:")
    assert session.scalars(select(EvidencePack)).first() is None


def test_the_quote_picker_offers_only_what_partners_may_see(client, rep, corpus, session):
    _build(client, corpus["themes"])
    pack = session.scalars(select(EvidencePack)).one()
    html = client.get(f"/staff/evidence/{pack.id}/quotes").get_data(as_text=True)
    assert PARTNER_WORDS in html
    assert COUNT_ONLY_WORDS not in html and UNCHECKED_WORDS not in html
    assert "1 comment can’t be quoted: the family asked us to count it only." in html

    refused = client.post(f"/staff/evidence/{pack.id}/quotes", data={"quote": [str(corpus["count_only"].id)]})
    assert refused.status_code == 302
    assert escape("can't be quoted in this pack") in client.get(refused.location).get_data(as_text=True)
    assert session.get(EvidencePack, pack.id, populate_existing=True).quotes == []

    client.post(f"/staff/evidence/{pack.id}/quotes", data={"quote": [str(corpus["partner"].id)]})
    shown = client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True)
    assert f"“{PARTNER_WORDS}”" in shown


def test_marking_ready_freezes_and_the_page_says_so(client, rep, corpus, session):
    _build(client, corpus["themes"])
    pack = session.scalars(select(EvidencePack)).one()
    client.post(f"/staff/evidence/{pack.id}/status", data={"to": PackStatus.READY})
    html = client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True)
    assert "The pack is now: ready." in html and "Choose quotes" not in html
    assert client.get(f"/staff/evidence/{pack.id}/quotes", follow_redirects=True).status_code == 200
    stale = client.post(f"/staff/evidence/{pack.id}/status", data={"to": PackStatus.CLOSED}, follow_redirects=True)
    assert escape("can't move to that status") in stale.get_data(as_text=True)


def test_the_exports_match_the_page(client, rep, corpus, session):
    _build(client, corpus["themes"])
    pack = session.scalars(select(EvidencePack)).one()
    client.post(f"/staff/evidence/{pack.id}/quotes", data={"quote": [str(corpus["partner"].id)]})
    page_cells = count_cells(client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True))

    docx = client.get(f"/staff/evidence/{pack.id}/export.docx")
    assert docx.headers["Content-Disposition"] == f'attachment; filename="evidence-pack-{pack.id}.docx"'
    document = Document(io.BytesIO(docx.data))
    assert [row.cells[1].text for row in document.tables[0].rows][1:] == page_cells[:4]
    assert PARTNER_WORDS in "\n".join(p.text for p in document.paragraphs)

    pdf = client.get(f"/staff/evidence/{pack.id}/export.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    rows = exports.csv_rows(client.get(f"/staff/evidence/{pack.id}/export.csv").data)
    numbers = [row[2] for row in rows if row[0] == "The numbers" and row[1] != "Figure"]
    assert numbers[:3] == page_cells[:3] and int(numbers[3]) == int(page_cells[3])  # "+20" on the page


def test_editing_and_rating_a_pack(client, rep, corpus, session):
    _build(client, corpus["themes"])
    pack = session.scalars(select(EvidencePack)).one()
    blank = page(client.post(f"/staff/evidence/{pack.id}/edit", data={"title": " ", "summary": "", "asks": ""}))
    assert blank.errors == ["Enter a title"]
    client.post(
        f"/staff/evidence/{pack.id}/edit",
        data={
            "title": "Transport",
            "summary": "Families told us.",
            "asks": "A named contact.",
            "partners": ["icb-health"],
        },
    )
    client.post(
        f"/staff/evidence/{pack.id}/rating", data={"rag": "amber", "reason": "Some change.", "rung": "co_design"}
    )
    saved = session.get(EvidencePack, pack.id, populate_existing=True)
    assert (saved.title, saved.asks, saved.partners) == ("Transport", "A named contact.", ["icb-health"])
    assert (saved.rag, saved.rung) == ("amber", "co_design")
    html = client.get(f"/staff/evidence/{pack.id}").get_data(as_text=True)
    assert "Co-design (step 6 of 7" in html and "Integrated care board (health)" in html


def test_a_theme_page_starts_a_pack_with_that_theme_chosen(client, rep, corpus):
    transport = corpus["themes"][0]
    html = client.get(f"/staff/themes/{transport.id}").get_data(as_text=True)
    assert f'href="/staff/evidence/new?theme={transport.id}"' in html
    form = client.get(f"/staff/evidence/new?theme={transport.id}").get_data(as_text=True)
    assert f'value="{transport.id}" checked' in form
