"""Password rules: 12 characters at least, long ones welcome, no composition rules, common ones refused."""

from __future__ import annotations

import pytest

from forum_feedback.auth import passwords

EMAIL = "jo.bloggs@example.org"


@pytest.mark.parametrize(
    "password",
    [
        "plum orchard",  # exactly 12, only lower-case letters and a space
        "839201746352",  # only digits
        "correct pony staple river boat",
        "x" * 11 + "é",
        "a sentence of sixty-four characters or more is what we hope for, really" * 1,
        "w" * 1000,
    ],
)
def test_acceptable_passwords(password):
    assert passwords.password_problem(password, email=EMAIL) is None


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("", "Enter a password"),
        ("eleven chars", None),  # 12: fine
        ("eleven char", "Your password must be 12 characters or more"),
        ("w" * 1001, "Your password must be 1,000 characters or fewer"),
        ("password123456", "on a list of common passwords"),
        ("PassWord123456", "on a list of common passwords"),
        ("QWERTYUIOP12", "on a list of common passwords"),
        ("iloveyou1234", "on a list of common passwords"),
        ("111111111111", "on a list of common passwords"),
        ("Jo.Bloggs rides a bike", "must not contain your email address"),
        ("bloggs-is-my-surname", "must not contain your email address"),
    ],
)
def test_refused_passwords_say_why(password, message):
    problem = passwords.password_problem(password, email=EMAIL)
    if message is None:
        assert problem is None
    else:
        assert problem is not None and message in problem


def test_short_parts_of_the_email_are_not_refused():
    # "jo" is too common a string to ban; the whole local part and long parts of it are.
    assert passwords.password_problem("journey to the coast", email=EMAIL) is None


def test_the_shipped_list_is_thousands_of_lower_case_passwords_of_twelve_or_more():
    common = passwords.common_passwords()
    assert len(common) > 3000
    assert {"password123456", "qwertyuiop12", "passwordpassword", "123456789012"} <= common
    assert all(len(item) >= passwords.MIN_LENGTH and item == item.lower() for item in common)


def test_hash_verifies_only_the_same_password_and_is_salted():
    first = passwords.hash_password("plum orchard lantern")
    second = passwords.hash_password("plum orchard lantern")
    assert first != second and first.startswith("$argon2id$")
    assert passwords.verify_password(first, "plum orchard lantern")
    assert not passwords.verify_password(first, "plum orchard lanterns")
    assert not passwords.verify_password(None, "plum orchard lantern")
    assert not passwords.verify_password("not a hash", "plum orchard lantern")


def test_unicode_forms_of_the_same_password_match():
    composed = "caf\u00e9 au lait pour moi"
    decomposed = "cafe\u0301 au lait pour moi"
    assert passwords.verify_password(passwords.hash_password(composed), decomposed)


def test_hash_made_with_other_settings_needs_rehash():
    cheap = passwords.make_hasher(time_cost=1, memory_kib=8192, parallelism=1)
    old_hash = passwords.hash_password("plum orchard lantern", hasher=cheap)
    assert passwords.needs_rehash(old_hash)
    assert not passwords.needs_rehash(passwords.hash_password("plum orchard lantern"))
