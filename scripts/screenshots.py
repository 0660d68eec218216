"""Render the README's screenshots from demo data: a pack, the first page of its PDF, the board home,
the public "You said, we did" page and a family's status page.

Builds a fresh database in a temporary folder (the demo corpus, its themes and the loop on top),
serves the app on 127.0.0.1, drives Debian's Chromium with Playwright, and renders the PDF's first
page with PDFium (pypdfium2). Writes PNGs to docs/screenshots/ (or --out).

Run: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--width 1100]
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = os.environ.get("FORUM_FEEDBACK_CHROMIUM") or "/usr/bin/chromium"
PASSWORD = "plum orchard lantern seventy"
#: The rep's authenticator app secret (as if set up at first sign-in); sign_in types its code.
TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"


def build_app(folder: Path):
    """A migrated database with the demo loop, and an app on it."""
    from forum_feedback import create_app, migrate
    from forum_feedback.auth import passwords
    from forum_feedback.auth.models import User
    from forum_feedback.demo import loader
    from forum_feedback.extensions import get_db

    app = create_app(
        {
            "SECRET_KEY": "screenshots-only-secret-key-not-for-production",
            "DATABASE_URL": f"sqlite:///{folder / 'demo.sqlite3'}",
            "MAIL_DIR": str(folder / "mail"),
            "SERVED_AT_FILE": str(folder / "served_at"),
            "RATELIMIT_ENABLED": False,
            "JOBS_IMMEDIATE": True,
        }
    )
    with app.app_context():
        database = get_db()
        migrate.upgrade(database.engine)
        today = dt.date.today()
        with database.write_session() as session:
            loader.load_demo(session, n_items=1800, today=today)
        demo = loader.load_loop(database, app=app, today=today)
        hasher = passwords.make_hasher(time_cost=1, memory_kib=8192, parallelism=1)
        with database.write_session() as session:
            for email, role in (("rep@example.org", "rep"), ("board@example.org", "board")):
                hashed = passwords.hash_password(PASSWORD, hasher=hasher)
                now = dt.datetime.now(dt.UTC)
                enrolled = role != "board"  # reps and administrators need a second factor
                session.add(
                    User(
                        email=email,
                        role=role,
                        active=True,
                        created_at=now,
                        password_hash=hashed,
                        totp_secret=TOTP_SECRET if enrolled else None,
                        totp_confirmed_at=now if enrolled else None,
                    )
                )
            session.commit()
    return app, demo


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    if "/sign-in/code" in page.url:
        import pyotp

        page.get_by_label("Code", exact=True).fill(pyotp.TOTP(TOTP_SECRET).now())
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()


def first_pdf_page(pdf: bytes, out: Path) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument(io.BytesIO(pdf))
    document[0].render(scale=1.6).to_pil().save(out)


def take(args: argparse.Namespace) -> None:
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        app, demo = build_app(Path(tmp))
        server, base = serve(app)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
                shoot(browser, base, out, demo.receipt_code, args.width)
                browser.close()
        finally:
            server.shutdown()
    print(f"Wrote screenshots to {out}")


def shoot(browser, base: str, out: Path, code: str | None, width: int) -> None:
    rep = browser.new_context(viewport={"width": width, "height": 900})
    page = rep.new_page()
    sign_in(page, base, "rep@example.org")
    page.goto(f"{base}/staff/evidence/1")
    page.screenshot(path=str(out / "pack.png"), full_page=True)
    pdf = page.request.get(f"{base}/staff/evidence/1/export.pdf").body()
    first_pdf_page(pdf, out / "pack-pdf-page-1.png")
    rep.close()

    board = browser.new_context(viewport={"width": width, "height": 900})
    page = board.new_page()
    sign_in(page, base, "board@example.org")
    page.screenshot(path=str(out / "board-home.png"), full_page=True)
    board.close()

    public = browser.new_context(viewport={"width": width, "height": 900})
    page = public.new_page()
    page.goto(f"{base}/you-said-we-did")
    page.screenshot(path=str(out / "you-said-we-did.png"), full_page=True)
    if code:
        page.goto(f"{base}/feedback/your-feedback")
        page.get_by_label("Check on feedback you sent").fill(code)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
        page.screenshot(path=str(out / "family-status.png"), full_page=True)
    public.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--width", type=int, default=1100)
    take(parser.parse_args())


if __name__ == "__main__":
    main()
