"""A bare Flask app that says hello: the load test's yardstick for what the server and client cost on their own."""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello"


@app.get("/healthz")
def healthz() -> str:
    return "ok"
