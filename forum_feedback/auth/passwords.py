"""Password rules and hashing.

The rules follow the NCSC and NIST advice: long passwords are welcome (up to 1,000 characters),
12 characters is the least, there are no composition rules ("one capital, one symbol"), and a
password is refused when it is on a list of common passwords or contains the email address.
Passwords are hashed with Argon2id (argon2-cffi); a hash made with older settings is replaced
the next time its owner signs in.
"""

from __future__ import annotations

import functools
import unicodedata
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 1000
# Parts of an email's local part shorter than this are too common to refuse ("jo", "ann").
MIN_NAME_PART = 4


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower-cased (see scripts/make_common_passwords.py)."""
    text = resources.files("forum_feedback.auth").joinpath("data/common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def normalise(password: str) -> str:
    """The same password typed on a phone and on a laptop can differ in Unicode form: use one form."""
    return unicodedata.normalize("NFKC", password)


def _email_parts(email: str) -> list[str]:
    local = email.split("@", 1)[0].lower()
    parts = [local] if len(local) >= 3 else []
    for separator in "._-+":
        local = local.replace(separator, " ")
    return parts + [part for part in local.split() if len(part) >= MIN_NAME_PART]


def password_problem(password: str, *, email: str) -> str | None:
    """Why this password cannot be used, in words for the person choosing it; None when it is fine."""
    if not password:
        return "Enter a password"
    if len(password) < MIN_LENGTH:
        return f"Your password must be {MIN_LENGTH} characters or more"
    if len(password) > MAX_LENGTH:
        return f"Your password must be {MAX_LENGTH:,} characters or fewer"
    lowered = normalise(password).lower()
    if lowered in common_passwords() or lowered.strip() in common_passwords():
        return "Choose a password that is harder to guess: this one is on a list of common passwords"
    if any(part in lowered for part in _email_parts(email)):
        return "Your password must not contain your email address or your name from it"
    return None


def make_hasher(*, time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    """An Argon2id hasher with these settings."""
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


#: argon2-cffi's defaults: RFC 9106's low-memory profile (64 MiB, 3 passes, 4 lanes).
DEFAULT_HASHER = PasswordHasher()


def hash_password(password: str, *, hasher: PasswordHasher = DEFAULT_HASHER) -> str:
    """The Argon2id hash of the password, salted."""
    return hasher.hash(normalise(password))


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not a real password, used to spend the same time on unknown accounts")


def verify_password(stored_hash: str | None, password: str, *, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    """True when the password matches; takes as long for an account with no password as for one with."""
    try:
        return hasher.verify(stored_hash or _dummy_hash(hasher), normalise(password)) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str, *, hasher: PasswordHasher = DEFAULT_HASHER) -> bool:
    """True when the hash was made with other settings than the hasher's."""
    try:
        return hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return True
