"""Health check, error pages, security headers and configuration."""

from __future__ import annotations

import re

import pytest

from forum_feedback import __version__, create_app
from forum_feedback.config import DEV_SECRET_KEY, ConfigError, from_environment
from tests.conftest import make_test_config
from tests.helpers import page


def test_healthz_reports_version_and_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "version": __version__, "database": True}


def test_healthz_is_503_when_the_database_does_not_answer(make_app, tmp_path):
    app = make_app(f"sqlite:///{tmp_path}/missing/dir/db.sqlite3")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] is False


def test_not_found_page_uses_govuk_wording(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    view = page(response)
    assert view.h1 == ["Page not found"]
    assert "Traceback" not in view.html


def test_unexpected_error_shows_generic_page_without_details(app, client, caplog):
    words = "secret detail " + "from a family"

    @app.get("/boom")
    def boom():
        raise RuntimeError(words)

    response = client.get("/boom")
    assert response.status_code == 500
    assert page(response).h1 == ["Sorry, there is a problem with the service"]
    assert "secret detail" not in response.get_data(as_text=True)
    assert "secret detail" not in caplog.text
    assert "RuntimeError" in caplog.text


def test_security_headers_and_csp(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_pages_have_no_inline_script_or_third_party_url(client):
    for path in ("/", "/privacy", "/accessibility", "/feedback/experience"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<script >" not in html, path
        assert not re.search(r'(src|href|action)="(https?:)?//', html), path


def test_session_cookie_is_httponly_and_lax(client):
    client.post("/feedback/experience", data={"story": "x"})
    cookie = client.get_cookie("forum_feedback_session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_production_refuses_the_development_secret_key(tmp_path):
    with pytest.raises(ConfigError):
        create_app(make_test_config(f"sqlite:///{tmp_path}/db.sqlite3", ENV="production", SECRET_KEY=DEV_SECRET_KEY))


def test_production_uses_secure_cookies(tmp_path):
    app = create_app(make_test_config(f"sqlite:///{tmp_path}/db.sqlite3", ENV="production", SECRET_KEY="x" * 40))
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_environment_variables_use_one_prefix_and_parse_json():
    settings = from_environment(
        {"FORUM_FEEDBACK_DRAFT_LIFETIME_HOURS": "6", "FORUM_FEEDBACK_FORUM_NAME": "X PCF", "OTHER": "1"}
    )
    assert settings == {"DRAFT_LIFETIME_HOURS": 6, "FORUM_NAME": "X PCF"}


def test_forum_name_comes_from_config(make_app):
    app = make_app(FORUM_NAME="Southvale Parent Carer Forum")
    assert "Southvale Parent Carer Forum" in app.test_client().get("/").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/", "/feedback/experience", "/privacy", "/accessibility", "/feedback/your-feedback"])
def test_public_pages_can_be_found_by_search_engines(client, path):
    assert 'name="robots"' not in client.get(path).get_data(as_text=True)


def test_staff_pages_ask_search_engines_not_to_index_them(client):
    assert '<meta name="robots" content="noindex, nofollow">' in client.get("/sign-in").get_data(as_text=True)
