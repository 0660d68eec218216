"""Unsubscribe links: the email's id, signed with the app's secret key, so nobody can forge one."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeSerializer

SALT = "unsubscribe"


def make_token(secret_key: str, message_id: int) -> str:
    return URLSafeSerializer(secret_key, salt=SALT).dumps(message_id)


def read_token(secret_key: str, token: str) -> int | None:
    """The email's id, or None for a token that was not made here."""
    try:
        value = URLSafeSerializer(secret_key, salt=SALT).loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) else None
