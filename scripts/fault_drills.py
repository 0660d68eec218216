"""Fault drills: kill the server mid-load, kill the worker mid-rebuild, and check nothing is lost.

Each drill starts its own server (gunicorn, production settings) and worker on loopback, with a
database of its own, and stops by itself within its time bound.

- server-kill: families send feedback; halfway through, the whole server (master and workers) is
  killed with SIGKILL, then started again, and the families carry on. Every submission whose
  confirmation page showed a receipt code must be in the database afterwards.
- worker-kill: a rebuild is queued for the worker; while it runs the worker is killed with SIGKILL.
  The applied themes must be untouched, the run must be marked failed by the worker's own periodic
  watch (a new worker), and a new rebuild must then succeed.

Run: python scripts/fault_drills.py [server-kill] [worker-kill] [--database-url postgresql://...]
The last line is one JSON object with each drill's figures and whether it passed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import threading
import time
from pathlib import Path

from loadlib import (
    BIN,
    ROOT,
    Client,
    Process,
    Stats,
    environment,
    family_journey,
    flask,
    free_port,
    own_database,
    scratch,
    start_worker,
    wait_until_up,
)

DRILLS = ("server-kill", "worker-kill")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drills", nargs="*", metavar="DRILL", help=f"some of: {', '.join(DRILLS)} (default: all)")
    parser.add_argument("--database-url", help="a PostgreSQL server to use (a new database is made and dropped)")
    parser.add_argument("--seconds", type=float, default=30, help="how long families send in server-kill")
    parser.add_argument("--families", type=int, default=10)
    parser.add_argument("--demo-items", type=int, default=3000, help="feedback to rebuild in worker-kill")
    parser.add_argument("--watch-timeout", type=float, default=150, help="longest wait for the periodic watch")
    parser.add_argument(
        "--watch-now", action="store_true", help="run the watch job at once instead of waiting for its minute (quick)"
    )
    return parser.parse_args()


class Server(Process):
    """gunicorn in a process group of its own, so SIGKILL takes the master and its workers at once."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.log = log
        self.handle = log.open("ab")
        args = [str(BIN / "gunicorn"), "--config", "python:forum_feedback.gunicorn_conf", "forum_feedback:create_app()"]
        server_env = {**env, "PORT": str(port), "BIND_HOST": "127.0.0.1"}
        self.popen = subprocess.Popen(
            args, env=server_env, cwd=ROOT, stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        wait_until_up(port, self)

    def kill(self) -> None:
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)


def count_stored(database_url: str, codes: list[str]) -> int:
    from sqlalchemy import func, select

    from forum_feedback.db import Database
    from forum_feedback.submissions.models import Feedback
    from forum_feedback.submissions.receipts import hash_receipt_code

    database = Database(database_url)
    with database.session() as session:
        hashes = [hash_receipt_code(code) for code in codes]
        found = sum(
            session.scalar(select(func.count(Feedback.id)).where(Feedback.receipt_hash.in_(hashes[i : i + 500]))) or 0
            for i in range(0, len(hashes), 500)
        )
    database.dispose()
    return found


def server_kill(args: argparse.Namespace, database_url: str, folder: Path) -> dict:
    env = environment(database_url, folder, FORUM_FEEDBACK_SUBMIT_RATE_LIMIT="100000 per hour")
    flask(env, "db", "upgrade")
    port = free_port()
    base, stats, codes = f"http://127.0.0.1:{port}", Stats(), []
    server = Server(env, port, folder / "server.log")
    # Families keep going until told to stop: a third of the time before the kill, and two thirds
    # from when the restarted server answers again (its start-up is not counted against them).
    stop_at = time.monotonic() + 3600

    def family(number: int) -> None:
        rng, client = random.Random(number), Client(base, stats)
        while time.monotonic() < stop_at:
            code = family_journey(client, rng, 0.05, stop_at)
            if code:
                codes.append(code)
            elif not server_up.is_set():
                time.sleep(0.2)  # the server is down: try again in a moment, as a person would
        client.close()

    server_up = threading.Event()
    server_up.set()
    threads = [threading.Thread(target=family, args=(n,)) for n in range(args.families)]
    for thread in threads:
        thread.start()
    time.sleep(args.seconds / 3)
    # Kill only once families are getting through (a slow machine's first sends take longer).
    wait_for(lambda: len(codes) > 0, 60)
    acknowledged_before_kill = len(codes)
    server_up.clear()
    server.kill()
    killed_at = time.monotonic()
    server = Server(env, port, folder / "server.log")
    down_seconds = round(time.monotonic() - killed_at, 1)
    server_up.set()
    time.sleep(args.seconds * 2 / 3)
    stop_at = time.monotonic()
    for thread in threads:
        thread.join()
    server.stop()
    stored = count_stored(database_url, codes)
    return {
        "acknowledged": len(codes),
        "acknowledged_before_kill": acknowledged_before_kill,
        "down_seconds": down_seconds,
        "stored": stored,
        "failed_requests": sum(stats.errors.values()),
        "passed": stored == len(codes) and len(codes) > acknowledged_before_kill > 0,
    }


def themes_now(database_url: str) -> dict:
    from sqlalchemy import func, select

    from forum_feedback.db import Database
    from forum_feedback.themes.models import FeedbackTheme, Theme, ThemeRun

    database = Database(database_url)
    with database.session() as session:
        placements = dict(session.execute(select(FeedbackTheme.feedback_id, FeedbackTheme.theme_id)).all())
        themes = dict(session.execute(select(Theme.key, Theme.auto_label).where(Theme.status == "active")).all())
        runs = dict(session.execute(select(ThemeRun.id, ThemeRun.status)).all())
        counted = session.scalar(select(func.count()).select_from(FeedbackTheme)) or 0
    database.dispose()
    return {"placements": placements, "themes": themes, "runs": runs, "counted": counted}


def wait_for(condition, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def worker_kill(args: argparse.Namespace, database_url: str, folder: Path) -> dict:
    # A running rebuild that is silent for 10 s counts as stopped (in production: 5 minutes).
    env = environment(database_url, folder, FORUM_FEEDBACK_REBUILD_STALE_SECONDS="10")
    flask(env, "db", "upgrade")
    flask(env, "demo", "load", "--items", str(args.demo_items))
    flask(env, "themes", "rebuild")
    before = themes_now(database_url)
    worker = start_worker(env, folder / "worker.log")
    flask(env, "themes", "rebuild", "--queue")
    run_id = max(before["runs"]) + 1
    running = wait_for(lambda: themes_now(database_url)["runs"].get(run_id) == "running", 60, step=0.02)
    worker.kill()
    after_kill = themes_now(database_url)
    untouched = after_kill["placements"] == before["placements"] and after_kill["themes"] == before["themes"]
    # A new worker: its periodic watch (every minute) must mark the dead run failed by itself.
    worker = start_worker(env, folder / "worker.log")
    started = time.monotonic()
    if args.watch_now:
        time.sleep(11)  # silent for longer than the 10 s allowed
        flask(env, "jobs", "run", "watch_rebuilds")
    failed = wait_for(lambda: themes_now(database_url)["runs"].get(run_id) == "failed", args.watch_timeout, step=1)
    marked_after = round(time.monotonic() - started, 1)
    flask(env, "themes", "rebuild", "--queue")
    retried = wait_for(lambda: themes_now(database_url)["runs"].get(run_id + 1) == "ready", 120, step=0.5)
    worker.stop()
    return {
        "killed_while_running": running,
        "applied_themes_untouched": untouched,
        "run_marked_failed": failed,
        "marked_failed_after_seconds": marked_after,
        "new_rebuild_ready": retried,
        "passed": running and untouched and failed and retried,
    }


def main() -> None:
    args = parse_args()
    unknown = [name for name in args.drills if name not in DRILLS]
    if unknown:
        raise SystemExit(f"no drill called {', '.join(unknown)}; drills: {', '.join(DRILLS)}")
    results = {}
    for name in args.drills or DRILLS:
        with scratch() as folder_name, own_database(args.database_url, Path(folder_name)) as database_url:
            drill = server_kill if name == "server-kill" else worker_kill
            results[name] = drill(args, database_url, Path(folder_name))
            print(f"{name}: {'passed' if results[name]['passed'] else 'FAILED'} {results[name]}")
    results["database"] = "postgresql" if args.database_url else "sqlite"
    results["passed"] = all(r["passed"] for k, r in results.items() if k in DRILLS)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
