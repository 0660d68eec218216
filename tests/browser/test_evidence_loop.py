"""The whole loop in Chromium, at 375 px and on a desktop: a rep builds and exports a pack, a board
member reads the quarter and records a commitment, the rep publishes the outcome, the public page
and feed show it, the family sees it with their receipt code and is emailed, then withdraws, and
their words are gone from every page and export."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from forum_feedback.db import utcnow
from forum_feedback.submissions.receipts import hash_receipt_code
from tests.browser.conftest import Visit, assert_only_own_origin, check_accessibility, enter_code_if_asked, go
from tests.evidence.factories import COUNT_ONLY_WORDS, PARTNER_WORDS, PUBLIC_WORDS, loop_corpus
from tests.factories import DEFAULT_PASSWORD, create_user

pytestmark = pytest.mark.browser
CODE = "QRST-UVWX-YZ23"


@pytest.fixture
def desktop(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(base_url=live_server)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: visit.console_errors.append(message.text) if message.type == "error" else None)
    yield page, visit
    context.close()


@pytest.fixture
def corpus(session):
    corpus = loop_corpus(session, received_at=utcnow() - dt.timedelta(days=10))
    corpus["public"].receipt_hash = hash_receipt_code(CODE)
    session.commit()
    create_user(session, email="rep@example.org", role="rep")
    create_user(session, email="board@example.org", role="board")
    return corpus


def sign_in(page, visit, email: str) -> None:
    page.goto(f"{visit.base_url}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    go(page, visit, lambda: page.get_by_role("button", name="Sign in").click())
    enter_code_if_asked(page, visit)


def download(page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).click()
    return Path(info.value.path()).read_bytes()


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def rep_builds_and_shares(page, visit, corpus) -> str:
    sign_in(page, visit, "rep@example.org")
    go(
        page,
        visit,
        lambda: page.get_by_role("navigation", name="Staff menu").get_by_role("link", name="Evidence").click(),
    )
    go(page, visit, lambda: page.get_by_role("button", name="Build a new pack").click())
    for theme in corpus["themes"]:
        page.get_by_label(theme.auto_label).check()
    go(page, visit, lambda: page.get_by_role("button", name="Build the pack").click())
    pack_url = page.url
    go(page, visit, lambda: page.get_by_role("link", name="Choose quotes").click())
    assert "the family asked us to count it only" in page.get_by_test_id("not-quotable").inner_text()
    assert COUNT_ONLY_WORDS not in page.content()  # a count-only comment cannot be picked
    page.get_by_label(PUBLIC_WORDS).check()
    page.get_by_label(PARTNER_WORDS).check()
    go(page, visit, lambda: page.get_by_role("button", name="Use these quotes").click())
    docx = Document(io.BytesIO(download(page, "Download as a Word document")))
    assert docx.paragraphs[0].text == "CAMHS waits and Late transport"
    assert PARTNER_WORDS in "\n".join(p.text for p in docx.paragraphs)
    assert PUBLIC_WORDS in pdf_text(download(page, "Download as a PDF"))
    go(page, visit, lambda: page.get_by_role("button", name="Mark as ready").click())
    go(page, visit, lambda: page.get_by_role("button", name="Mark as shared with the partner").click())
    assert "Shared with partner" in page.get_by_test_id("pack-status").inner_text()
    return pack_url


def board_records_a_commitment(page, visit) -> None:
    sign_in(page, visit, "board@example.org")  # lands on the quarter's summary
    assert "Late transport" in page.get_by_test_id("top-themes").inner_text()
    go(page, visit, lambda: page.get_by_test_id("top-themes").get_by_role("link").first.click())
    assert page.get_by_role("heading", level=1).inner_text() == "CAMHS waits and Late transport"
    go(page, visit, lambda: page.get_by_role("link", name="Record a commitment").click())
    page.get_by_label("What will they do?").fill("We will name a transport coordinator for every school.")
    page.get_by_label("Which organisation owns it?").fill("Northshire Council transport team")
    due = utcnow().date() + dt.timedelta(days=60)
    page.get_by_label("Day").fill(str(due.day))
    page.get_by_label("Month").fill(str(due.month))
    page.get_by_label("Year").fill(str(due.year))
    page.get_by_label("Amber").check()
    go(page, visit, lambda: page.get_by_role("button", name="Save the commitment").click())
    assert "name a transport coordinator" in page.get_by_test_id("commitment").inner_text()


def rep_publishes(page, visit, pack_url: str) -> None:
    page.goto(pack_url)
    go(page, visit, lambda: page.get_by_role("link", name="Write a “You said, we did”").click())
    page.get_by_label("Title").fill("A transport coordinator who rings back")
    page.get_by_label("You said").fill("Families told us nobody rang back when the taxi was late.")
    page.get_by_label("We did").fill("The council named a coordinator for every school.")
    page.get_by_label("Changed", exact=True).check()
    go(page, visit, lambda: page.get_by_role("button", name="Save").click())
    go(page, visit, lambda: page.get_by_role("button", name="Publish").click())
    assert "Published" in page.get_by_test_id("outcome-state").inner_text()


def test_the_loop_from_pack_to_family_and_back(phone, desktop, corpus, app):
    rep, rep_visit = phone
    board, board_visit = desktop
    pack_url = rep_builds_and_shares(rep, rep_visit, corpus)
    board_records_a_commitment(board, board_visit)
    rep_publishes(rep, rep_visit, pack_url)

    # The public page and its feed; the family's progress with their receipt code.
    public = rep.context.browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    family = public.new_page()
    family.goto(f"{rep_visit.base_url}/you-said-we-did")
    check_accessibility(family, rep_visit)
    go(family, rep_visit, lambda: family.get_by_role("link", name="A transport coordinator who rings back").click())
    assert PUBLIC_WORDS in family.content() and PARTNER_WORDS not in family.content()
    assert (
        b"A transport coordinator who rings back"
        in family.request.get(f"{rep_visit.base_url}/you-said-we-did/feed.atom").body()
    )
    go(family, rep_visit, lambda: family.get_by_role("link", name="Check on feedback you sent").click())
    family.get_by_label("Check on feedback you sent").fill(CODE)
    go(family, rep_visit, lambda: family.get_by_role("button", name="Continue").click())
    assert "A transport coordinator who rings back" in family.get_by_test_id("family-outcome").inner_text()

    # The consenting family's email landed in MAIL_DIR, without their words.
    [mail] = sorted(Path(app.config["MAIL_DIR"]).glob("*.eml"))
    assert b"To: family@example.org" in mail.read_bytes() and b"coordinator phoned" not in mail.read_bytes()

    # They withdraw: their words leave every page and export.
    go(family, rep_visit, lambda: family.get_by_role("button", name="Yes, withdraw my feedback").click())
    assert family.get_by_role("heading", level=1).inner_text() == "Feedback withdrawn"
    rep.goto(pack_url)
    check_accessibility(rep, rep_visit)
    assert PUBLIC_WORDS not in rep.content() and PARTNER_WORDS in rep.content()
    assert PUBLIC_WORDS not in pdf_text(download(rep, "Download as a PDF"))
    board.reload()
    check_accessibility(board, board_visit)
    assert PUBLIC_WORDS not in board.content()
    family.goto(f"{rep_visit.base_url}/you-said-we-did")
    go(family, rep_visit, lambda: family.get_by_role("link", name="A transport coordinator who rings back").click())
    assert PUBLIC_WORDS not in family.content()
    public.close()
    assert_only_own_origin(rep_visit)
    assert_only_own_origin(board_visit)
