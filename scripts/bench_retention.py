"""How long the retention schedule takes, and how long it holds the write lock, on a large forum.

Loads N demo feedback items (default 20,000) into a fresh SQLite database, marks a share of them
reviewed (with a rep's redacted text) and gives some contact details, then runs the schedule as
if every item were past its period: once (the real work), then again (nothing left to do). Prints
the counts, the total time, the longest single batch (the longest the write lock is held), and
finally one JSON line with every figure.

Run: python scripts/bench_retention.py [--items 20000]
"""

from __future__ import annotations

import os

os.environ.setdefault("FORUM_FEEDBACK_JOBS_IMMEDIATE", "true")

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, update

from forum_feedback import migrate, retention
from forum_feedback.db import Database
from forum_feedback.demo.loader import load_demo
from forum_feedback.submissions.models import Feedback


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        migrate.upgrade(database.engine)
        today = dt.date(2026, 6, 30)
        with database.write_session() as session:
            load_demo(session, n_items=args.items, today=today)
            session.execute(
                update(Feedback)
                .where(Feedback.id % 2 == 0)
                .values(status="reviewed", redacted_story=Feedback.story, redacted_help=Feedback.what_would_help)
            )
            session.execute(update(Feedback).where(Feedback.id % 5 == 0).values(contact_detail="a@example.org"))
            session.commit()
        batches: list[float] = []
        started = [time.perf_counter()]

        @event.listens_for(database.engine, "commit")
        def _commit(_connection) -> None:
            now = time.perf_counter()
            batches.append(now - started[0])
            started[0] = now

        now = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
        periods = retention.Periods(original_months=1, contact_months=1)
        with database.write_session() as session:
            t0 = started[0] = time.perf_counter()
            first = retention.apply_retention(session, now=now, periods=periods)
            first_seconds = time.perf_counter() - t0
            t1 = time.perf_counter()
            second = retention.apply_retention(session, now=now, periods=periods)
            second_seconds = time.perf_counter() - t1
        for line in first.as_lines():
            print(line)
        figures = {
            "items": args.items,
            "first_run_seconds": round(first_seconds, 2),
            "longest_batch_seconds": round(max(batches), 3),
            "batch_size": retention.BATCH,
            "second_run_seconds": round(second_seconds, 3),
            "second_run_changed": second.changed,
            "first_run": asdict(first),
        }
        print(f"First run {first_seconds:.1f} s; longest batch {max(batches):.2f} s; second run {second_seconds:.2f} s")
        print(json.dumps(figures))
        database.dispose()


if __name__ == "__main__":
    main()
