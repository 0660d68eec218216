"""Bad input never gives a 500: Hypothesis posts random, oversized, malformed, unicode-heavy and
control-character values to every field of every form, and junk to every query parameter and
text in a URL, as each role (anonymous, board, rep, admin), and checks nothing is half-written.

Forms and links are found by reading the pages (starting from every route in ``app.url_map``
without arguments), so a new form is fuzzed without editing this file. Repeatable in CI
(``derandomize``); ``FUZZ_EXAMPLES=50`` runs more by hand (see scripts/fuzz.py).
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from forum_feedback.auth.models import User
from forum_feedback.db import utcnow
from forum_feedback.models import metadata
from forum_feedback.submissions.models import Feedback
from tests.conftest import POSTGRES_URL
from tests.factories import FAST_HASHING, create_user, sign_in_as
from tests.fuzz import stats
from tests.fuzz.pages import Form, read_page
from tests.helpers import page
from tests.submissions.test_journey import answer_all

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2"))
DATABASE = "postgresql" if POSTGRES_URL else "sqlite"
ROLES = ("anonymous", "board", "rep", "admin")
MAX_PAGES = int(os.environ.get("FUZZ_MAX_PAGES", "120"))
#: Query parameters views read themselves, beyond the fields of the GET forms found on pages.
QUERY_PARAMETERS = ("page", "q", "next", "change", "quarter", "pack", "theme", "parts", "sort", "into", "kind")
#: Tables a refused request may still write to, by design: the family's draft keeps what they
#: typed with its errors, failed sign-ins are counted, sessions are renewed, views are audited.
MAY_CHANGE_WHEN_REFUSED = {"draft", "sign_in_failure", "staff_session", "audit_entry", "inbox_count"}
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

SPECIAL = [
    "",
    " ",
    "0",
    "-1",
    "1.5",
    "2147483648",
    "9" * 30,
    "9" * 5_000,
    "²",
    "٣",
    "abc",
    "none",
    "\x00",
    "a\x00b",
    "\r\n",
    "\ufeff",
    "\u202e",
    "💩" * 3,
    "<script>window.__xss=1</script>",
    "' OR 1=1 --",
    "%00",
    "../../etc/passwd",
    '=HYPERLINK("http://x")',
    "2025-02-30",
    "31/12/9999",
    "http://evil.example/",
    "//evil.example",
]
junk = st.one_of(
    st.sampled_from(SPECIAL),
    st.text(max_size=30),
    st.text(st.characters(max_codepoint=0x9F), max_size=20),
    st.text(st.characters(min_codepoint=0x100), max_size=20),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.builds(
        lambda char, times: char * times,
        st.sampled_from(["a", "é", "😀", "\x00", "\r\n"]),
        st.sampled_from([201, 10_001, 50_001]),
    ),
)


@pytest.fixture
def app_config() -> dict[str, object]:
    return dict(FAST_HASHING)


def _row_counts(session: Session) -> dict[str, int]:
    tables = [table for table in metadata.sorted_tables if table.name not in MAY_CHANGE_WHEN_REFUSED]
    counts = session.execute(select(*[select(func.count()).select_from(t).scalar_subquery() for t in tables])).one()
    return dict(zip([t.name for t in tables], counts, strict=True))


def _field_values(form: Form) -> st.SearchStrategy[dict[str, list[str]]]:
    """Each field: left out, one of the values the page offers, junk, or (checkboxes) several."""
    parts = {}
    for name, found in form.fields.items():
        if found.kind == "file":
            continue
        value = st.one_of(st.sampled_from(found.values), junk) if found.values else junk
        parts[name] = st.one_of(st.just([]), st.lists(value, min_size=1, max_size=3 if found.kind == "checkbox" else 1))
    return st.fixed_dictionaries(parts)


class Visitor:
    """One role's client: sends a request, counts it, and checks the answer."""

    def __init__(self, app: Flask, session: Session, role: str) -> None:
        self.app, self.session, self.role = app, session, role
        self.client: FlaskClient = app.test_client()
        self.user = None if role == "anonymous" else create_user(session, email=f"{role}@example.org", role=role)

    def reset(self) -> None:
        """Signed in again as the same user (a fuzzed form may have signed them out or disabled them)."""
        if self.user is None:
            return
        self.session.execute(User.__table__.update().where(User.id == self.user.id).values(active=True, role=self.role))
        self.session.commit()
        sign_in_as(self.client, self.session, self.user)

    def send(self, method: str, url: str, data: dict[str, list[str]] | None = None):
        before = _row_counts(self.session) if method == "post" else None
        if method == "post":
            response = self.client.post(url, data=data or {})
        else:
            # A browser sends a GET form's fields in place of any query in its action.
            response = self.client.get(url.split("?")[0] if data else url, query_string=data or None)
        stats.record(DATABASE, response.status_code)
        assert response.status_code < 500, f"{self.role}: {method.upper()} {url} {data!r} -> {response.status_code}"
        html = response.status_code == 200 and response.mimetype == "text/html"
        refused = response.status_code >= 400 or (html and page(response).errors)
        if before is not None and refused:
            assert _row_counts(self.session) == before, f"{self.role}: half-written by POST {url} {data!r}"
        return response


def _start_urls(app: Flask) -> list[str]:
    """Every GET route without arguments, and every one whose arguments are ids, with id 1."""
    urls = set()
    for rule in app.url_map.iter_rules():
        kinds = {type(converter).__name__ for converter in rule._converters.values()}
        if "GET" in rule.methods and not rule.rule.startswith("/static") and kinds <= {"IdConverter"}:
            urls.add(rule.rule if not rule.arguments else rule.build({name: 1 for name in rule.arguments})[1])
    return sorted(urls)


def crawl(visitor: Visitor, starts: list[str]) -> list[Form]:
    """GET every page reachable from ``starts`` (one of each shape), and return the distinct forms."""
    queue, seen, shapes, forms = list(starts), set(), set(), {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        shape = Form("", "get", url).key[1] + ("?" if "?" in url else "")
        if url in seen or shape in shapes or url.startswith("/static"):
            continue
        seen.add(url)
        shapes.add(shape)
        visitor.reset()
        response = visitor.send("get", url)
        if response.mimetype != "text/html":
            continue
        links, found = read_page(url, response.get_data(as_text=True))
        queue.extend(links)
        for form in found:
            forms.setdefault(form.key, form)
            if form.method == "get":  # what a GET form leads to (a confirmation page with its own form)
                chosen = {name: field.values[-1] for name, field in form.fields.items() if field.values}
                queue.append(f"{urlsplit(form.action).path}?{urlencode(chosen)}")
    return list(forms.values())


def fuzz_form(visitor: Visitor, form: Form) -> None:
    # First, every field over every length limit: the one request certain to be refused by each form.
    visitor.reset()
    visitor.send(form.method, form.action, {name: ["é" * 10_001] for name in form.fields})

    @SETTINGS
    @given(data=_field_values(form))
    def run(data: dict[str, list[str]]) -> None:
        visitor.reset()
        visitor.send(form.method, form.action, data)

    run()


def fuzz_query(visitor: Visitor, urls: list[str]) -> None:
    """Junk in the query parameters views read, on every page (one example per page on average)."""

    @settings(SETTINGS, max_examples=max(EXAMPLES, len(urls)))
    @given(
        url=st.sampled_from(urls),
        data=st.dictionaries(st.sampled_from(QUERY_PARAMETERS), st.lists(junk, min_size=1, max_size=2), max_size=4),
    )
    def run(url: str, data: dict[str, list[str]]) -> None:
        visitor.reset()
        visitor.send("get", url, data)

    run()


def fuzz_path_text(visitor: Visitor, app: Flask) -> None:
    """Junk in every URL part that is text (a slug, a token, a link code)."""
    rules = [rule for rule in app.url_map.iter_rules() if rule.arguments and not rule.rule.startswith("/static")]
    text_rules = [
        r
        for r in rules
        if any(type(c).__name__ in ("UnicodeConverter", "PathConverter") for c in r._converters.values())
    ]

    @SETTINGS
    @given(rule=st.sampled_from(text_rules), value=junk.filter(bool))
    def run(rule, value: str) -> None:
        url = rule.rule
        for name, converter in rule._converters.items():
            filler = quote(value, safe="") if type(converter).__name__ in ("UnicodeConverter", "PathConverter") else "1"
            url = url.replace(f"<{_converter_text(rule, name)}>", filler)
        visitor.reset()
        for method in sorted({"GET", "POST"} & rule.methods):
            visitor.send(method.lower(), url)

    run()


def _converter_text(rule, name: str) -> str:
    start = rule.rule.index(name)
    return rule.rule[rule.rule.rindex("<", 0, start) + 1 : start] + name


def _load_some_feedback(app: Flask, session: Session) -> None:
    from forum_feedback.demo import loader
    from forum_feedback.extensions import get_db

    with app.app_context():
        loader.load_demo(session, n_items=20, today=utcnow().date())
        loader.load_loop(get_db(), app=app, today=utcnow().date())


def _check_integrity(session: Session) -> None:
    """No broken reference and no NUL stored anywhere a family's words go (PostgreSQL refuses NUL anyway)."""
    if DATABASE == "sqlite":
        assert session.execute(text("PRAGMA foreign_key_check")).all() == []
    rows = session.execute(select(Feedback.story, Feedback.what_would_help, Feedback.redacted_story)).all()
    assert not [row for row in rows if any("\x00" in (value or "") for value in row)]


@pytest.mark.parametrize("role", ROLES)
def test_no_input_gives_a_server_error_or_a_half_write(app: Flask, session: Session, role: str) -> None:
    _load_some_feedback(app, session)
    visitor = Visitor(app, session, role)
    if role == "anonymous":
        answer_all(visitor.client)  # a draft, so the check-your-answers form is there to fuzz
    starts = _start_urls(app)
    forms = crawl(visitor, starts)
    assert forms, "no form found to fuzz"
    for form in forms:
        fuzz_form(visitor, form)
    fuzz_query(visitor, starts)
    fuzz_path_text(visitor, app)
    _check_integrity(session)
