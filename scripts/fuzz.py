"""Run the fuzz suite (tests/fuzz) with more examples, on SQLite and on PostgreSQL, and print its figures.

    .venv/bin/python scripts/fuzz.py --examples 20 [--postgres postgresql://postgres@127.0.0.1:5432/postgres]

Prints one line per database: "fuzz sqlite: requests N, 5xx 0". Exits non-zero if any run failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(examples: int, database_url: str | None) -> tuple[int, str]:
    env = {**os.environ, "FUZZ_EXAMPLES": str(examples)}
    env.pop("FORUM_FEEDBACK_TEST_DATABASE_URL", None)
    if database_url:
        env["FORUM_FEEDBACK_TEST_DATABASE_URL"] = database_url
    command = [sys.executable, "-m", "pytest", "tests/fuzz", "-q", "-p", "no:cacheprovider"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    lines = re.findall(r"^fuzz .*$", done.stdout, flags=re.MULTILINE)
    if done.returncode:
        print(done.stdout[-4000:], file=sys.stderr)
    return done.returncode, "\n".join(lines) or "fuzz: no figures (see the output above)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20, help="Hypothesis examples per form and parameter.")
    parser.add_argument("--postgres", default=os.environ.get("FORUM_FEEDBACK_TEST_DATABASE_URL"))
    args = parser.parse_args()
    failed = 0
    for url in (None, args.postgres) if args.postgres else (None,):
        code, figures = run(args.examples, url)
        print(figures, flush=True)
        failed |= code
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
