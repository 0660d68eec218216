"""Pieces shared by the load test and the fault drills: a small HTTP client, a server and a worker to start
and stop, a database of their own, the family's journey and a rep's browsing.

Everything runs on 127.0.0.1 (loopback only) on ports the operating system hands out.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyotp

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

REP_PASSWORD = "plum orchard lantern seventy"
#: The load test's reps all have this authenticator app secret (set in load_test.prepare), to type codes.
REP_TOTP_SECRET = "KRUGKIDROVUWG2ZAMJZG653OEBTG66BA"
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
_RECEIPT = re.compile(r'data-testid="receipt-code">([A-Z0-9-]+)<')
STORIES = (
    "Applied for an EHC needs assessment in January, it's now June and nobody can tell me where it's up to.",
    "Two years on the CAMHS waiting list and we've been told to wait more.",
    "The school transport taxi was late again and the driver changed with no warning.",
    "Our new SENCO has been brilliant, she actually listens and rings me back.",
    "I get a call most lunchtimes to come and collect him because they cannot manage him.",
    "The annual review was cancelled twice and the plan still says he is in Year 4.",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- the client -----------------------------------------------------------------------------------


@dataclass
class Stats:
    """Every response's time by page name, and every failure by kind."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    requests: int = 0

    def summary(self) -> dict[str, dict[str, float]]:
        return {name: percentiles(values) for name, values in sorted(self.times.items()) if values}


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)

    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 1), "p95_ms": at(0.95), "p99_ms": at(0.99)}


class Client:
    """One browser: a keep-alive connection, its cookies, and the time of every request."""

    def __init__(self, base: str, stats: Stats) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def request(self, name: str, method: str, path: str, data: dict | None = None) -> tuple[int, str, str]:
        """(status, body, Location) of one request, timed under ``name``; a broken connection is an error."""
        body = urlencode(data or {}, doseq=True) if method == "POST" else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as exc:
            self.close()
            self.stats.errors[f"{name}: {type(exc).__name__}"] += 1
            return 0, "", ""
        self.stats.times[name].append((time.perf_counter() - started) * 1000)
        self.stats.requests += 1
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
        if response.status >= 400:
            self.stats.errors[f"{name}: {response.status}"] += 1
        return response.status, text, response.getheader("Location") or ""

    def form(self, name: str, path: str, data: dict) -> tuple[int, str, str]:
        """GET a form page, then POST it with its CSRF token; returns the POST's status, body and Location."""
        status, page, _ = self.request(f"{name} (page)", "GET", path)
        match = _CSRF.search(page)
        if status != 200 or not match:
            return status, page, ""
        return self.request(name, "POST", path, {"csrf_token": match.group(1), **data})


def family_journey(client: Client, rng: random.Random, think: float, stop_at: float) -> str | None:
    """One family through the whole online form; returns the receipt code they were shown, or None."""
    client.cookies.clear()
    steps = [
        ("experience", "/feedback/experience", {"story": rng.choice(STORIES) + f" ({uuid.uuid4().hex[:8]})"}),
        ("about", "/feedback/about", {"services": ["ehc-assessment"]}),
        ("age", "/feedback/age", {"choice": "5-10"}),
        ("area", "/feedback/area", {"choice": "not-say"}),
        ("what-would-help", "/feedback/what-would-help", {"help": "A named caseworker who stays"}),
        ("your-words", "/feedback/your-words", {"consent": "quote_partners"}),
        ("contact", "/feedback/contact", {}),
    ]
    client.request("start", "GET", "/")
    for name, path, data in steps:
        if time.monotonic() > stop_at:
            return None
        pause(rng, think)
        status, _, _ = client.form(name, path, data)
        if status != 302:
            return None
    pause(rng, think)
    status, _, location = client.form("send", "/feedback/check", {})
    if status != 302 or not location.endswith("/feedback/sent"):
        return None
    _, sent, _ = client.request("sent", "GET", "/feedback/sent")
    match = _RECEIPT.search(sent)
    return match.group(1) if match else None


def pause(rng: random.Random, think: float) -> None:
    if think > 0:
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))


def sign_in(client: Client, email: str) -> bool:
    """The password, then the code from the reps' authenticator app (its secret set in ``prepare``)."""
    status, _, location = client.form("sign in", "/sign-in", {"email": email, "password": REP_PASSWORD})
    if status != 302:
        return False
    parts = urlsplit(location)
    if not parts.path.endswith("/sign-in/code"):
        return True
    code_page = parts.path + (f"?{parts.query}" if parts.query else "")
    status, _, location = client.form("sign-in code", code_page, {"code": pyotp.TOTP(REP_TOTP_SECRET).now()})
    return status == 302 and not urlsplit(location).path.startswith("/sign-in")


def rep_browsing(client: Client, rng: random.Random, think: float, theme_ids: list[int]) -> None:
    """One look at the theme board and one theme page, as a rep works through them."""
    client.request("board", "GET", "/staff/themes")
    pause(rng, think)
    if theme_ids:
        client.request("theme", "GET", f"/staff/themes/{rng.choice(theme_ids)}")
    pause(rng, think)


# --- the database, the server and the worker --------------------------------------------------------


@contextlib.contextmanager
def own_database(database_url: str | None, folder: Path) -> Iterator[str]:
    """A database for this run only: a SQLite file, or a new database on the PostgreSQL server given."""
    if not database_url:
        yield f"sqlite:///{folder / 'load.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from forum_feedback.db import normalise_url

    base = make_url(normalise_url(database_url))
    name = f"forum_feedback_load_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def environment(database_url: str, folder: Path, **extra: str) -> dict[str, str]:
    """Production settings for the server, the worker and the commands of one run."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("FORUM_FEEDBACK_")}
    env.update(
        {
            "FORUM_FEEDBACK_ENV": "production",
            "FORUM_FEEDBACK_SECRET_KEY": secrets.token_hex(32),
            "FORUM_FEEDBACK_DATABASE_URL": database_url,
            # The queue beside the run's own database (never the developer's instance folder).
            "FORUM_FEEDBACK_QUEUE_URL": database_url
            if database_url.startswith("postgres")
            else f"sqlite:///{folder / 'queue.sqlite3'}",
            # The client talks plain HTTP on loopback; in production a proxy in front terminates TLS.
            "FORUM_FEEDBACK_SESSION_COOKIE_SECURE": "false",
            "FORUM_FEEDBACK_SERVED_AT_FILE": str(folder / "served_at"),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def flask(env: dict[str, str], *args: str) -> str:
    """Run a ``flask --app forum_feedback`` command; returns its output (fails loudly)."""
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "forum_feedback", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Process:
    """A child process (server or worker) with its output in a file; stopped gently, or killed."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        self.handle = log.open("ab")
        self.popen = subprocess.Popen(args, env=env, cwd=ROOT, stdout=self.handle, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: the process gets no chance to finish anything."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGKILL)
            self.popen.wait(timeout=10)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        self.handle.close()


def start_server(env: dict[str, str], port: int, log: Path, app: str = "forum_feedback:create_app()") -> Process:
    """gunicorn with the production settings of ``make serve``, on a free loopback port; waits until it answers."""
    server_env = {**env, "PORT": str(port), "BIND_HOST": "127.0.0.1"}
    args = [str(BIN / "gunicorn"), "--config", "python:forum_feedback.gunicorn_conf", app]
    server = Process(args, server_env, log)
    wait_until_up(port, server)
    return server


def wait_until_up(port: int, process: Process, timeout: float = 60) -> None:
    """Wait until the app answers ``/healthz``, not merely until the port is open.

    gunicorn's master opens the port at once, but each worker first loads the app and compiles the
    screening rules (seconds on a slow machine): a measurement started on the open port would count
    that start-up as the first families' waiting time, or end before any send was acknowledged.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise SystemExit(f"the server stopped at start; see {process.log}:\n{process.log.read_text()[-2000:]}")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return
            finally:
                connection.close()
        time.sleep(0.1)
    raise SystemExit(f"the server did not answer /healthz on port {port} within {timeout:.0f} s")


def start_worker(env: dict[str, str], log: Path) -> Process:
    args = [str(BIN / "huey_consumer"), "forum_feedback.jobs.huey", "--workers", "2", "--worker-type", "thread"]
    return Process(args, env, log)


def scratch() -> tempfile.TemporaryDirectory:
    return tempfile.TemporaryDirectory(prefix="forum-feedback-load-")
