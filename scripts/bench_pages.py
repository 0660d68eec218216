"""Server time of the rep workspace's busiest pages with a large forum's worth of feedback.

Loads N demo-style feedback items (default 50,000) into a fresh SQLite database (or the
PostgreSQL database named by --database-url, which must be empty), rebuilds the themes, signs a
rep in, then requests the theme board, the largest theme's page and the moderation inbox
repeatedly through the WSGI app in this process, timing each request end to end (routing,
queries, templates). Prints p50/p95 per page; the last line is one JSON object with every figure.

Run: python scripts/bench_pages.py [--items 50000] [--repeat 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select

from forum_feedback import create_app, migrate
from forum_feedback.auth.access import SESSION_KEY
from forum_feedback.auth.models import StaffSession, User
from forum_feedback.auth.services import hash_token
from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo
from forum_feedback.extensions import get_db
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import Theme


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=30, help="requests per page after one warm-up")
    parser.add_argument("--database-url", help="an empty database to use instead of a temporary SQLite file")
    return parser.parse_args()


def prepare(app, items: int) -> dict[str, float]:
    timings = {}
    with app.app_context():
        database = get_db()
        migrate.upgrade(database.engine)
        with database.write_session() as session:
            started = time.perf_counter()
            load_demo(session, n_items=items, today=dt.date.today())
            timings["load_seconds"] = round(time.perf_counter() - started, 2)
            run, _ = theme_services.request_rebuild(session, requested_by=None, now=utcnow())
        started = time.perf_counter()
        theme_services.execute_rebuild(database, run_id=run.id, vocabulary=None)
        with database.write_session() as session:
            theme_services.apply_run(session, run_id=run.id, now=utcnow())
        timings["rebuild_seconds"] = round(time.perf_counter() - started, 2)
    return timings


def signed_in_client(app):
    token = secrets.token_urlsafe(32)
    with app.app_context(), get_db().write_session() as session:
        user = User(email="bench@example.org", role="rep", active=True, created_at=utcnow(), password_hash=None)
        session.add(user)
        session.flush()
        session.add(
            StaffSession(token_hash=hash_token(token), user_id=user.id, created_at=utcnow(), last_seen_at=utcnow())
        )
        session.commit()
        largest = session.scalars(select(Theme.id).order_by(Theme.size.desc())).first()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie[SESSION_KEY] = token
    return client, largest


def measure(client, path: str, repeat: int) -> dict[str, float]:
    response = client.get(path)  # warm-up (template compilation, caches)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(0, int(0.95 * len(times)) - 1)], 1),
        "max_ms": round(times[-1], 1),
    }


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{folder}/bench.sqlite3"
        app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "RATELIMIT_ENABLED": False})
        figures: dict[str, object] = {"items": args.items, "database": app.config["DATABASE_URL"].split(":")[0]}
        figures.update(prepare(app, args.items))
        client, largest = signed_in_client(app)
        pages = {"theme_board": "/staff/themes", "theme_page": f"/staff/themes/{largest}", "inbox": "/staff/inbox"}
        if "moderation.inbox" not in app.view_functions:
            pages.pop("inbox")
        for name, path in pages.items():
            figures[name] = measure(client, path, args.repeat)
            print(f"{name:12} {path:24} p50 {figures[name]['p50_ms']:7.1f} ms   p95 {figures[name]['p95_ms']:7.1f} ms")
        with app.app_context():
            get_db().dispose()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
