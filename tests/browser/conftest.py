"""Browser tests: the real app served over HTTP in this process, driven by Debian's Chromium.

Chromium comes from the system (``apt-get install chromium``); Playwright's own browser
download is never used. Without Chromium these tests are skipped, unless
FORUM_FEEDBACK_REQUIRE_BROWSER=1 (as in CI), when they fail instead.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("FORUM_FEEDBACK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
BUILT_CSS = Path(__file__).resolve().parents[2] / "forum_feedback" / "static" / "build" / "app.css"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("FORUM_FEEDBACK_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    if not BUILT_CSS.exists():
        pytest.fail("Front-end assets are not built: run `make assets`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def live_server(make_app) -> Iterator[str]:
    """The app with CSRF and rate limits on, served on a free port of 127.0.0.1."""
    app = make_app(WTF_CSRF_ENABLED=True, RATELIMIT_ENABLED=True)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@dataclass
class Visit:
    """Everything a test saw: pages checked by axe, every request made, console errors."""

    base_url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)


@pytest.fixture
def phone(browser, live_server) -> Iterator[tuple[object, Visit]]:
    """A page in a 375 px wide phone-sized viewport, recording its requests and console errors."""
    context = browser.new_context(
        viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(base_url=live_server)
    page.on("request", lambda request: visit.requests.append(request.url))
    page.on("console", lambda message: visit.console_errors.append(message.text) if message.type == "error" else None)
    yield page, visit
    context.close()


_AXE = Axe()


def check_accessibility(page, visit: Visit) -> None:
    """Run axe on the page as it is now and fail with its report if anything is wrong; check it reflows."""
    results = _AXE.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"
    check_reflow(page)
    visit.checked.append(page.url)


def check_reflow(page) -> None:
    """WCAG 1.4.10: nothing makes the page wider than the window (wide tables scroll in their own region)."""
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"{page.url} is {widths[0]} px wide in a {widths[1]} px window"


def assert_only_own_origin(visit: Visit) -> None:
    strangers = [url for url in visit.requests if not url.startswith(visit.base_url + "/")]
    assert strangers == []
    assert visit.console_errors == []


def go(page, visit: Visit, action) -> None:
    """Do something that loads a new page, then check the new page with axe."""
    with page.expect_navigation():
        action()
    check_accessibility(page, visit)


def enter_code_if_asked(page, visit: Visit, secret: str | None = None) -> None:
    """After the password: a rep or administrator types the code their authenticator app shows now."""
    if "/sign-in/code" not in page.url:
        return
    from forum_feedback.auth import two_factor
    from forum_feedback.db import utcnow
    from tests.factories import TOTP_SECRET

    assert page.get_by_role("heading", level=1).inner_text() == "Enter the code from your authenticator app"
    page.get_by_label("Code", exact=True).fill(two_factor.code_for(secret or TOTP_SECRET, at=utcnow()))
    go(page, visit, lambda: page.get_by_role("button", name="Continue").click())
