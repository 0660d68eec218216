"""Server time of the rep workspace's busiest pages with a large forum's worth of feedback.

Loads N demo-style feedback items (default 50,000) into a fresh SQLite database (or the
PostgreSQL database named by --database-url, which must be empty), rebuilds the themes, signs a
rep in, then requests the theme board, the largest theme's page, the moderation inbox and the evidence
and board pages (the demo loop's packs are loaded)
repeatedly through the WSGI app in this process, timing each request end to end (routing,
queries, templates). Prints p50/p95 per page; the last line is one JSON object with every figure.

Run: python scripts/bench_pages.py [--items 2000,50000] [--repeat 30]

With several sizes, each gets a fresh database; the last line then holds every size and, for each
page, how many times slower it is at the largest size than at the smallest.
"""

from __future__ import annotations

import os

# Jobs run in this process (the bench has no worker), and no queue file is made in instance/.
os.environ.setdefault("FORUM_FEEDBACK_JOBS_IMMEDIATE", "true")

import argparse
import datetime as dt
import json
import secrets
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loadlib import percentiles
from sqlalchemy import select

from forum_feedback import create_app, migrate
from forum_feedback.auth.access import SESSION_KEY
from forum_feedback.auth.models import StaffSession, User
from forum_feedback.auth.services import hash_token
from forum_feedback.db import utcnow
from forum_feedback.demo.loader import load_demo, load_loop
from forum_feedback.evidence.models import EvidencePack
from forum_feedback.extensions import get_db
from forum_feedback.themes import services as theme_services
from forum_feedback.themes.models import Theme


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="2000,50000", help="sizes to measure, comma-separated")
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
        load_loop(database, app=app, today=dt.date.today())  # evidence packs, shared with the board
    return timings


def signed_in_client(app):
    token = secrets.token_urlsafe(32)
    with app.app_context(), get_db().write_session() as session:
        user = User(email="bench@example.org", role="rep", active=True, created_at=utcnow(), password_hash=None)
        session.add(user)
        session.flush()
        session.add(
            StaffSession(
                token_hash=hash_token(token),
                user_id=user.id,
                created_at=utcnow(),
                last_seen_at=utcnow(),
                second_factor_at=utcnow(),  # a rep's session that has passed the second factor
            )
        )
        session.commit()
        largest = session.scalars(select(Theme.id).order_by(Theme.size.desc())).first()
        pack = session.scalars(select(EvidencePack.id).order_by(EvidencePack.id)).first()
    client = app.test_client()
    with client.session_transaction() as cookie:
        cookie[SESSION_KEY] = token
    return client, {"largest": largest, "pack": pack}


def measure(client, path: str, repeat: int) -> dict[str, float]:
    response = client.get(path)  # warm-up (template compilation, caches)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    figures = percentiles(times)
    return {"p50_ms": figures["p50_ms"], "p95_ms": figures["p95_ms"], "max_ms": round(max(times), 1)}


#: Pages measured: name -> (endpoint, path). A page whose endpoint does not exist yet is skipped.
PAGES = {
    "theme_board": ("triage.board", "/staff/themes"),
    "theme_page": ("triage.theme", "/staff/themes/{largest}"),
    "unthemed": ("triage.unthemed", "/staff/themes/not-yet-themed"),
    "inbox": ("moderation.inbox", "/staff/inbox"),
    "staff_home": ("staff.home", "/staff/"),
    "board_home": ("board.home", "/staff/board"),
    "packs": ("evidence.packs", "/staff/evidence"),
    "pack": ("evidence.pack", "/staff/evidence/{pack}"),
    "outcomes": ("outcomes.manage", "/staff/outcomes"),
}


def bench_size(items: int, args: argparse.Namespace, folder: str) -> dict[str, object]:
    url = args.database_url or f"sqlite:///{folder}/bench-{items}.sqlite3"
    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": url, "RATELIMIT_ENABLED": False})
    figures: dict[str, object] = {"items": items, "database": app.config["DATABASE_URL"].split(":")[0]}
    figures.update(prepare(app, items))
    client, ids = signed_in_client(app)
    for name, (endpoint, path) in PAGES.items():
        if endpoint not in app.view_functions:
            continue
        path = path.format(**ids)
        figures[name] = measure(client, path, args.repeat)
        timing = figures[name]
        print(f"{items:>7,} {name:12} {path:28} p50 {timing['p50_ms']:7.1f} ms   p95 {timing['p95_ms']:7.1f} ms")
    with app.app_context():
        get_db().dispose()
    return figures


def main() -> None:
    args = parse_args()
    sizes = [int(size) for size in args.items.split(",")]
    if args.database_url and len(sizes) > 1:
        raise SystemExit("--database-url takes one size at a time (the database must be empty)")
    with tempfile.TemporaryDirectory() as folder:
        runs = [bench_size(items, args, folder) for items in sizes]
    result: dict[str, object] = {"sizes": runs}
    if len(runs) > 1:
        small, large = runs[0], runs[-1]
        result["p95_ratio"] = {
            name: round(large[name]["p95_ms"] / max(small[name]["p95_ms"], 0.1), 2)
            for name in PAGES
            if name in small and name in large
        }
        for name, ratio in result["p95_ratio"].items():
            print(f"{name:12} p95 {small['items']:,} -> {large['items']:,} items: {ratio:.2f} times")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
