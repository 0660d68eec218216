"""Security headers on every route the app registers, as a visitor and as a signed-in administrator, and the
production cookie: ``__Host-`` prefixed, Secure, Path=/, no Domain, and HSTS on every response."""

from __future__ import annotations

import pytest

from tests.factories import FAST_HASHING, create_user, sign_in_as
from tests.test_access import URL_VALUES, _url, routes

PRODUCTION = {"ENV": "production", "SECRET_KEY": "p" * 40, **FAST_HASHING}
# Pages that must never be kept in a browser's or a proxy's cache: families' words, contact details,
# receipt codes, staff views. (Every page but static files is no-store; these are named to be sure.)
MUST_NOT_BE_CACHED = ("/feedback/check", "/feedback/sent", "/feedback/experience", "/staff")


def _every_route(app, session, *, identity: str, base_url: str = "http://localhost"):
    """(method, url, response) for every route of the app, GET where it has one, else POST."""
    values = {name: make(session) for name, make in URL_VALUES.items()}
    user = None if identity == "anonymous" else create_user(session, email=f"{identity}@example.org", role=identity)
    for rule in routes(app):
        client = app.test_client()
        if user is not None:
            sign_in_as(client, session, user)
        url = _url(rule, values)
        method = "GET" if "GET" in rule.methods else "POST"
        yield method, url, client.open(url, method=method, base_url=base_url)


def _one_year_or_more(hsts: str) -> bool:
    ages = [int(part.split("=")[1]) for part in hsts.replace(" ", "").split(";") if part.startswith("max-age=")]
    return bool(ages) and ages[0] >= 365 * 24 * 3600


def _header_problems(response) -> list[str]:
    headers, problems = response.headers, []
    csp = headers.get("Content-Security-Policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline/eval")
    expected = {
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Cache-Control": "no-store",
    }
    problems += [f"{name}: {headers.get(name)!r}" for name, value in expected.items() if headers.get(name) != value]
    if not headers.get("X-Request-ID"):
        problems.append("no X-Request-ID")
    return problems


@pytest.fixture
def app_config():
    return dict(FAST_HASHING)


@pytest.mark.parametrize("identity", ["anonymous", "admin"])
def test_every_route_sends_the_security_headers(app, session, identity):
    wrong = []
    for method, url, response in _every_route(app, session, identity=identity):
        problems = _header_problems(response)
        if problems:
            wrong.append(f"{method} {url} {response.status_code}: {problems}")
    assert wrong == []


def test_every_route_in_production_sends_hsts_and_the_headers(make_app, session):
    app = make_app(**PRODUCTION)
    wrong = []
    for method, url, response in _every_route(app, session, identity="anonymous", base_url="https://localhost"):
        problems = _header_problems(response)
        hsts = response.headers.get("Strict-Transport-Security", "")
        if not _one_year_or_more(hsts) or "includeSubDomains" not in hsts:
            problems.append(f"HSTS {hsts!r}")
        if problems:
            wrong.append(f"{method} {url} {response.status_code}: {problems}")
    assert wrong == []


def test_hsts_is_sent_in_production_even_when_the_proxy_does_not_say_https(make_app):
    response = make_app(**PRODUCTION).test_client().get("/")
    assert _one_year_or_more(response.headers["Strict-Transport-Security"])


def test_no_hsts_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


@pytest.mark.parametrize("path", MUST_NOT_BE_CACHED)
def test_pages_with_families_words_are_never_cached(client, path):
    client.post("/feedback/experience", data={"story": "words"})
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    response = client.get("/static/build/app.css")
    response.close()
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"


def test_the_production_session_cookie_is_host_prefixed_secure_and_host_only(make_app):
    app = make_app(**PRODUCTION)
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-forum_feedback_session"
    response = app.test_client().post(
        "/feedback/experience", data={"story": "a story"}, base_url="https://feedback.example.org"
    )
    cookies = response.headers.getlist("Set-Cookie")
    assert len(cookies) == 1, cookies
    attributes = [part.strip() for part in cookies[0].split(";")]
    assert attributes[0].startswith("__Host-forum_feedback_session=")
    assert "Secure" in attributes and "HttpOnly" in attributes and "Path=/" in attributes
    assert "SameSite=Lax" in attributes
    assert not any(part.lower().startswith("domain=") for part in attributes)


def test_a_plain_http_production_server_keeps_an_unprefixed_cookie(make_app):
    """A browser drops a __Host- cookie that is not Secure: a loopback test server (not Secure) keeps the plain name."""
    app = make_app(**PRODUCTION, SESSION_COOKIE_SECURE=False)
    assert app.config["SESSION_COOKIE_NAME"] == "forum_feedback_session"
