"""Rate limits hold across server processes: gunicorn refuses several workers with per-process (memory)
storage, and with shared storage (Redis) the sign-in limit holds across two real workers."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import threading
import uuid

import pytest

from forum_feedback.config import ConfigError
from scripts import loadlib
from tests.conftest import make_test_config

REDIS_URL = os.environ.get("FORUM_FEEDBACK_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
LIMIT = 4
ATTEMPTS = 3 * LIMIT
REFUSAL = "Refusing to start 2 worker processes with rate limits kept in each process's memory"


def _gunicorn(env: dict[str, str], *extra: str) -> list[str]:
    return [
        str(loadlib.BIN / "gunicorn"),
        "--config",
        "python:forum_feedback.gunicorn_conf",
        *extra,
        "forum_feedback:create_app()",
    ]


@pytest.fixture
def base_env(tmp_path):
    database = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    env = loadlib.environment(database, tmp_path, PORT=str(loadlib.free_port()), BIND_HOST="127.0.0.1")
    env.pop("WEB_CONCURRENCY", None)
    return env


@pytest.fixture
def server_env(base_env):
    loadlib.flask(base_env, "db", "upgrade")
    return base_env


@pytest.mark.parametrize("how", ["WEB_CONCURRENCY=2", "-w 2"])
def test_gunicorn_refuses_two_workers_with_memory_storage(base_env, how):
    """Refused before any worker loads the app (so no database is needed)."""
    env, extra = dict(base_env), ()
    if how.startswith("WEB"):
        env["WEB_CONCURRENCY"] = "2"
    else:
        extra = ("-w", "2")
    result = subprocess.run(
        _gunicorn(env, *extra), env=env, cwd=loadlib.ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert REFUSAL in result.stdout + result.stderr


def test_production_app_refuses_several_processes_with_memory_storage(tmp_path, monkeypatch):
    from forum_feedback import create_app

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = make_test_config(f"sqlite:///{tmp_path}/db.sqlite3", ENV="production", SECRET_KEY="k" * 40)
    config.pop("RATELIMIT_ENABLED")
    with pytest.raises(ConfigError, match="3 server processes"):
        create_app(config)
    create_app({**config, "RATELIMIT_STORAGE_URI": REDIS_URL})  # shared storage: fine
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    create_app(config)  # one process: fine


def _redis_or_skip() -> None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:  # pragma: no cover - CI has Redis
        pytest.skip(f"no Redis at {REDIS_URL}: {exc}")


def _wait_for_both_workers(port: int) -> None:
    """Hold a connection on the worker that answered first; the next /healthz can only be answered by the other."""
    held = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    held.request("GET", "/healthz")
    held.getresponse().read()
    try:
        other = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        other.request("GET", "/healthz")
        assert other.getresponse().status == 200
        other.close()
    finally:
        held.close()


def test_the_sign_in_limit_holds_across_two_workers_with_redis(server_env, tmp_path):
    _redis_or_skip()
    env = {
        **server_env,
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "1",
        "FORUM_FEEDBACK_RATELIMIT_STORAGE_URI": REDIS_URL,
        "FORUM_FEEDBACK_RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        "FORUM_FEEDBACK_SIGN_IN_RATE_LIMIT": f"{LIMIT} per minute",
    }
    port = int(env["PORT"])
    log = tmp_path / "gunicorn.log"
    # One connection per worker at a time, so simultaneous attempts are shared between the two processes.
    args = _gunicorn(env, "--worker-connections", "1", "--access-logformat", "pid=%(p)s %(m)s %(U)s %(s)s")
    server = loadlib.Process(args, env, log)
    try:
        loadlib.wait_until_up(port, server)
        _wait_for_both_workers(port)
        statuses: list[int] = []
        barrier = threading.Barrier(ATTEMPTS)

        def attempt(number: int) -> None:
            client = loadlib.Client(f"http://127.0.0.1:{port}", loadlib.Stats())
            barrier.wait()
            status, _, _ = client.form("sign in", "/sign-in", {"email": f"nobody{number}@example.org", "password": "x"})
            statuses.append(status)
            client.close()

        threads = [threading.Thread(target=attempt, args=(number,)) for number in range(ATTEMPTS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    served_by = set(re.findall(r"pid=<?(\d+)>? POST /sign-in", log.read_text()))
    assert len(served_by) == 2, f"the attempts did not reach both workers: {served_by}\n{log.read_text()[-3000:]}"
    assert len(statuses) == ATTEMPTS
    assert sum(status != 429 for status in statuses) == LIMIT, statuses
    assert all(status in (200, 429) for status in statuses), statuses
