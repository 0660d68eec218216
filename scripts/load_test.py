"""Load test: families sending feedback and reps browsing themes at once, against `make serve`'s gunicorn.

It starts its own server (gunicorn with the production settings of ``make serve``) and job worker
on a free port of 127.0.0.1, with a database of its own (a SQLite file, or a new database on the
PostgreSQL server given by --database-url), loads demo feedback and its themes, then for --seconds:

- --families families (50) each go through the whole online form again and again: start page,
  the seven question pages (each a GET then a POST with its CSRF token), check answers, send, and
  the confirmation page with the receipt code. A submission is *acknowledged* when that page
  showed a receipt code. Families pause --think seconds (on average; 0.5 to 1.5 times it) before
  each answer, as a person reading a page does. They arrive over the first --ramp-up seconds (10), each
  at a random moment, as families do: with --ramp-up 0 all of them press "Start" in the same
  millisecond, a burst no forum sees, whose queue shows in every page's slowest times.
- --reps reps (5), signed in, open the theme board and a theme page, with the same pauses.

Then it stops the server and checks the database: every acknowledged receipt code must belong to
a stored submission (``stored`` counts those), and there must be no more stored than acknowledged.
Finally, with the same server settings and client, it measures how many requests a second the app
serves with no pauses (--capacity-seconds) and a bare Flask "hello" app (--hello-seconds), and
prints the ratio: what the app costs compared with Flask itself.

The per-address limit on sending feedback (10 an hour in production) is raised for this run, to
100,000 an hour: every simulated family comes from 127.0.0.1, the one address of this machine,
where real families each come from their own. The sign-in limit is raised the same way.

The server runs as ``make serve`` does: one process with 8 threads. ``--processes N`` runs N (a
machine with more cores), which needs the rate limits shared: ``--rate-limit-storage redis://...``.

Run: python scripts/load_test.py [--seconds 60] [--families 50] [--reps 5] [--database-url postgresql://...]
Its last line is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import json
import random
import threading
import time
from pathlib import Path

from loadlib import (
    REP_PASSWORD,
    REP_TOTP_SECRET,
    Client,
    Stats,
    family_journey,
    flask,
    free_port,
    own_database,
    rep_browsing,
    scratch,
    sign_in,
    start_server,
    start_worker,
)
from loadlib import environment as run_environment

HELLO_APP = "hello_app:app"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--families", type=int, default=50)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--think", type=float, default=1.0, help="average pause before each answer (seconds)")
    parser.add_argument("--ramp-up", type=float, default=10.0, help="families and reps arrive over this many seconds")
    parser.add_argument("--demo-items", type=int, default=2000)
    parser.add_argument("--capacity-seconds", type=float, default=10)
    parser.add_argument("--hello-seconds", type=float, default=10)
    parser.add_argument("--database-url", help="a PostgreSQL server to use (a new database is made and dropped)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--processes", type=int, default=1, help="gunicorn worker processes (WEB_CONCURRENCY)")
    parser.add_argument("--threads", type=int, default=8, help="threads per process (WEB_THREADS)")
    parser.add_argument(
        "--rate-limit-storage",
        help="shared rate-limit storage (redis://...), needed for more than one process",
    )
    return parser.parse_args()


def shared_limits(storage: str | None) -> dict[str, str]:
    """Rate limits kept in Redis, so several processes share them (gunicorn refuses several without)."""
    return {"FORUM_FEEDBACK_RATELIMIT_STORAGE_URI": storage} if storage else {}


def prepare(env: dict[str, str], reps: int, demo_items: int) -> tuple[list[str], list[int]]:
    """Schema, demo feedback and its themes, and rep accounts with a known password and authenticator app."""
    flask(env, "db", "upgrade")
    flask(env, "demo", "load", "--items", str(demo_items))
    flask(env, "themes", "rebuild")
    from sqlalchemy import select

    from forum_feedback.auth import passwords
    from forum_feedback.auth.models import User
    from forum_feedback.db import Database, utcnow
    from forum_feedback.themes.models import Theme

    database = Database(env["FORUM_FEEDBACK_DATABASE_URL"])
    hashed = passwords.hash_password(
        REP_PASSWORD, hasher=passwords.make_hasher(time_cost=3, memory_kib=65536, parallelism=4)
    )
    emails = [f"rep{n}@load.example.org" for n in range(reps)]
    with database.write_session() as session:
        session.add_all(
            User(
                email=e,
                role="rep",
                active=True,
                created_at=utcnow(),
                password_hash=hashed,
                totp_secret=REP_TOTP_SECRET,  # as if set up at first sign-in; sign_in computes its codes
                totp_confirmed_at=utcnow(),
            )
            for e in emails
        )
        session.commit()
        theme_ids = list(session.scalars(select(Theme.id).where(Theme.status == "active")))
    database.dispose()
    return emails, theme_ids


def run_families(
    base: str, count: int, args: argparse.Namespace, stats: Stats, codes: list[str]
) -> list[threading.Thread]:
    stop_at = time.monotonic() + args.seconds

    def family(number: int) -> None:
        rng, client = random.Random(args.seed * 1000 + number), Client(base, stats)
        time.sleep(rng.uniform(0, args.ramp_up))
        while time.monotonic() < stop_at:
            code = family_journey(client, rng, args.think, stop_at)
            if code:
                codes.append(code)
        client.close()

    return [threading.Thread(target=family, args=(n,)) for n in range(count)]


def run_reps(base: str, emails: list[str], theme_ids: list[int], args: argparse.Namespace, stats: Stats):
    stop_at = time.monotonic() + args.seconds

    def rep(number: int) -> None:
        rng, client = random.Random(args.seed * 1000 + 500 + number), Client(base, stats)
        time.sleep(rng.uniform(0, args.ramp_up))
        if not sign_in(client, emails[number]):
            stats.errors["sign in refused"] += 1
            return
        while time.monotonic() < stop_at:
            rep_browsing(client, rng, args.think, theme_ids)
        client.close()

    return [threading.Thread(target=rep, args=(n,)) for n in range(len(emails))]


def run_all(threads: list[threading.Thread]) -> float:
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.monotonic() - started


def saturated(base: str, path: str, seconds: float, clients: int) -> float:
    """Requests a second with ``clients`` clients asking for ``path`` without pausing."""
    if seconds <= 0:
        return 0.0
    stats, stop_at = Stats(), time.monotonic() + seconds

    def hammer() -> None:
        client = Client(base, stats)
        while time.monotonic() < stop_at:
            client.request("page", "GET", path)
        client.close()

    elapsed = run_all([threading.Thread(target=hammer) for _ in range(clients)])
    return round(stats.requests / elapsed, 1)


def stored_of(database_url: str, codes: list[str]) -> tuple[int, int]:
    """How many of the acknowledged codes are stored, and how many submissions with a receipt code are stored in all
    (more than were acknowledged would be duplicates, or sends whose confirmation never reached the family)."""
    from sqlalchemy import func, select

    from forum_feedback.db import Database
    from forum_feedback.submissions.models import Feedback
    from forum_feedback.submissions.receipts import hash_receipt_code

    database = Database(database_url)
    hashes = [hash_receipt_code(code) for code in codes]
    with database.session() as session:
        found = 0
        for start in range(0, len(hashes), 500):
            chunk = hashes[start : start + 500]
            found += session.scalar(select(func.count(Feedback.id)).where(Feedback.receipt_hash.in_(chunk))) or 0
        total = session.scalar(select(func.count(Feedback.id)).where(Feedback.receipt_hash.is_not(None))) or 0
    database.dispose()
    return found, total


def report(args, stats: Stats, codes, stored, total, elapsed, capacity, hello, database_url) -> dict:
    pages = stats.summary()
    for name, figures in pages.items():
        print(
            f"{name:24} n {figures['n']:6}  p50 {figures['p50_ms']:7.1f}  p95 {figures['p95_ms']:7.1f}  "
            f"p99 {figures['p99_ms']:7.1f} ms"
        )
    result = {
        "database": database_url.split(":")[0].split("+")[0],
        "seconds": args.seconds,
        "families": args.families,
        "reps": args.reps,
        "think_seconds": args.think,
        "ramp_up_seconds": args.ramp_up,
        "processes": args.processes,
        "threads": args.threads,
        "requests": stats.requests,
        "throughput_rps": round(stats.requests / max(elapsed, 0.001), 1),
        "acknowledged": len(codes),
        "stored": stored,
        "stored_with_receipt": total,  # sent during the run
        "errors": sum(stats.errors.values()),
        "errors_by_kind": dict(stats.errors),
        "submit_p95_ms": pages.get("send", {}).get("p95_ms"),
        "board_p95_ms": pages.get("board", {}).get("p95_ms"),
        "theme_p95_ms": pages.get("theme", {}).get("p95_ms"),
        "capacity_rps": capacity,
        "hello_rps": hello,
        "hello_ratio": round(hello / capacity, 2) if capacity else None,
        "pages": pages,
    }
    print(
        f"acknowledged {len(codes)}, stored {stored} of them ({total} online submissions stored during the run); "
        f"errors {result['errors']} {dict(stats.errors) or ''}"
    )
    print(
        f"throughput {result['throughput_rps']} requests/s; capacity without pauses {capacity} requests/s; "
        f"bare Flask hello {hello} requests/s (x{result['hello_ratio']})"
    )
    return result


def main() -> None:
    args = parse_args()
    with scratch() as folder_name:
        folder = Path(folder_name)
        with own_database(args.database_url, folder) as database_url:
            env = run_environment(
                database_url,
                folder,
                FORUM_FEEDBACK_SUBMIT_RATE_LIMIT="100000 per hour",
                FORUM_FEEDBACK_SIGN_IN_RATE_LIMIT="100000 per hour",
                WEB_CONCURRENCY=str(args.processes),
                WEB_THREADS=str(args.threads),
                **shared_limits(args.rate_limit_storage),
            )
            emails, theme_ids = prepare(env, args.reps, args.demo_items)
            _, before = stored_of(database_url, [])  # the demo data has receipts of its own
            port = free_port()
            worker = start_worker(env, folder / "worker.log")
            server = start_server(env, port, folder / "server.log")
            base = f"http://127.0.0.1:{port}"
            stats, codes = Stats(), []
            try:
                threads = run_families(base, args.families, args, stats, codes)
                threads += run_reps(base, emails, theme_ids, args, stats)
                elapsed = run_all(threads)
                capacity = saturated(base, "/feedback/experience", args.capacity_seconds, args.families + args.reps)
            finally:
                server.stop()
                worker.stop()
            stored, total = stored_of(database_url, codes)
            total -= before
            hello = 0.0
            if args.hello_seconds > 0:
                hello_port = free_port()
                hello_env = {**env, "PYTHONPATH": str(Path(__file__).resolve().parent)}
                hello_server = start_server(hello_env, hello_port, folder / "hello.log", app=HELLO_APP)
                try:
                    hello = saturated(
                        f"http://127.0.0.1:{hello_port}", "/", args.hello_seconds, args.families + args.reps
                    )
                finally:
                    hello_server.stop()
            result = report(args, stats, codes, stored, total, elapsed, capacity, hello, database_url)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
