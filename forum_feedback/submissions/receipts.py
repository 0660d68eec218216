"""Receipt codes: shown to the family once, stored only as a hash."""

from __future__ import annotations

import hashlib
import secrets

# No I, O, 0 or 1: they are easy to misread when copied from a phone screen.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPS = 3
GROUP_LENGTH = 4


def new_receipt_code() -> str:
    """A fresh random code like ``K7QM-3XPA-9RTD`` (60 bits of randomness)."""
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def normalise_receipt_code(code: str) -> str:
    """Accept the code however it was typed: any case, with or without spaces and dashes."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_receipt_code(code: str) -> str:
    """The SHA-256 of the normalised code, which is all the database keeps."""
    return hashlib.sha256(normalise_receipt_code(code).encode("ascii", "ignore")).hexdigest()
