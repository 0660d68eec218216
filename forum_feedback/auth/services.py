"""Accounts, one-time set-password links, signing in and out, and server-side staff sessions.

Every function takes a SQLAlchemy session and the current time (so tests can move the clock),
and none imports Flask. Functions that change data commit once, with their audit entries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from enum import Enum
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from forum_feedback.audit import services as audit
from forum_feedback.auth import passwords
from forum_feedback.auth.models import ROLE_LABELS, PasswordLink, SignInFailure, StaffSession, User
from forum_feedback.enums import AuditAction

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32


class UserExists(ValueError):
    """There is already a user with this email address."""


class PasswordRefused(ValueError):
    """The password breaks a rule; the message says which, in words for the person."""


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
EMAIL_MAX_CHARS = 320


def looks_like_email(email: str) -> bool:
    """Something@something.something, and not too long for the column."""
    return len(email.strip()) <= EMAIL_MAX_CHARS and bool(_EMAIL.match(email.strip()))


def normalise_email(email: str) -> str:
    """Trimmed and lower-case: one account per address however it is typed."""
    return email.strip().lower()


def hash_token(token: str) -> str:
    """SHA-256 of a random token: enough for 256-bit secrets, and cheap to look up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def account_key(email: str) -> str:
    """What failed sign-ins are counted against: the address typed, hashed, whether or not it has an account."""
    return hash_token("sign-in:" + normalise_email(email))


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def renew_session_token(session: Session, *, session_id: int) -> str:
    """A new token for a session that has just proved more (the second factor): the old one stops working.

    Whoever saw the cookie between the password and the code cannot ride on the stronger session.
    """
    token = _new_token()
    session.execute(
        update(StaffSession)
        .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
        .values(token_hash=hash_token(token))
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return token


# Users and set-password links ----------------------------------------------------------------


@dataclass(frozen=True)
class NewLink:
    """A set-password link just made: the token exists only here, and in the link shown once."""

    user_id: int
    email: str
    token: str
    expires_at: dt.datetime


def find_user_by_email(session: Session, *, email: str) -> User | None:
    """The user with this address (any case), or None."""
    return session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    session: Session, *, email: str, role: str, actor_id: int | None, now: dt.datetime, link_lifetime: dt.timedelta
) -> NewLink:
    """Add a user with no password, and a one-time link for them to set one. Raises UserExists."""
    if role not in ROLE_LABELS:
        raise ValueError(f"unknown role {role!r}")
    email = normalise_email(email)
    if find_user_by_email(session, email=email) is not None:
        raise UserExists(email)
    user = User(email=email, role=role, active=True, created_at=now)
    session.add(user)
    session.flush()
    audit.record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.USER_CREATED,
        target_type="user",
        target_id=user.id,
        detail=f"role: {role}",
        at=now,
    )
    link = _issue_link(session, user=user, actor_id=actor_id, now=now, lifetime=link_lifetime)
    session.commit()
    logger.info("user %s created with role %s", user.id, role)
    return link


def create_password_link(
    session: Session, *, user_id: int, actor_id: int | None, now: dt.datetime, lifetime: dt.timedelta
) -> NewLink:
    """A new one-time link for an existing user; any earlier unused link stops working."""
    user = session.get_one(User, user_id)
    link = _issue_link(session, user=user, actor_id=actor_id, now=now, lifetime=lifetime)
    session.commit()
    return link


def _issue_link(
    session: Session, *, user: User, actor_id: int | None, now: dt.datetime, lifetime: dt.timedelta
) -> NewLink:
    session.execute(delete(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None)))
    token = _new_token()
    expires_at = now + lifetime
    session.add(PasswordLink(user_id=user.id, token_hash=hash_token(token), created_at=now, expires_at=expires_at))
    audit.record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.PASSWORD_LINK_CREATED,
        target_type="user",
        target_id=user.id,
        at=now,
    )
    return NewLink(user_id=user.id, email=user.email, token=token, expires_at=expires_at)


def _usable_link(token: str, now: dt.datetime) -> tuple[Any, ...]:
    return (
        PasswordLink.token_hash == hash_token(token),
        PasswordLink.used_at.is_(None),
        PasswordLink.expires_at > now,
    )


def find_password_link(session: Session, *, token: str, now: dt.datetime) -> User | None:
    """The user a link is for; None if the link is unknown, used or expired, or the account is disabled."""
    return session.scalar(
        select(User)
        .join(PasswordLink, PasswordLink.user_id == User.id)
        .where(*_usable_link(token, now), User.active.is_(True))
    )


def set_password(
    session: Session, *, token: str, password: str, now: dt.datetime, hasher: PasswordHasher
) -> int | None:
    """Use a one-time link to set a password: returns the user's id, or None if the link cannot be used.

    The link is spent in the same UPDATE that checks it, so two tabs cannot both use it. Every
    session the user had is ended, and their failed sign-ins are forgiven.
    """
    user = find_password_link(session, token=token, now=now)
    if user is None:
        return None
    problem = passwords.password_problem(password, email=user.email)
    if problem:
        raise PasswordRefused(problem)
    spent = session.execute(update(PasswordLink).where(*_usable_link(token, now)).values(used_at=now))
    if spent.rowcount != 1:
        session.rollback()
        return None
    user.password_hash = passwords.hash_password(password, hasher=hasher)
    end_user_sessions(session, user_id=user.id, now=now)
    session.execute(delete(SignInFailure).where(SignInFailure.account_key == account_key(user.email)))
    audit.record_action(
        session, actor_id=user.id, action=AuditAction.PASSWORD_SET, target_type="user", target_id=user.id, at=now
    )
    session.commit()
    return user.id


# Signing in ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockoutPolicy:
    """After ``max_failures`` failed sign-ins within ``window``, wait before the next try.

    The wait starts at ``first_delay`` and doubles with each further failure, up to ``max_delay``:
    slow enough to stop guessing, and never a permanent lock-out.
    """

    max_failures: int = 5
    window: dt.timedelta = dt.timedelta(minutes=60)
    first_delay: dt.timedelta = dt.timedelta(minutes=1)
    max_delay: dt.timedelta = dt.timedelta(minutes=15)

    def delay(self, failures: int) -> dt.timedelta:
        """How long to wait after the last failure, given how many there have been."""
        if failures < self.max_failures:
            return dt.timedelta(0)
        return min(self.first_delay * 2 ** (failures - self.max_failures), self.max_delay)


class Outcome(Enum):
    SIGNED_IN = "signed in"
    REFUSED = "refused"  # wrong address or password, or a disabled account: the same to the person
    WAIT = "wait"  # too many failures: try again later


@dataclass(frozen=True)
class SignInResult:
    outcome: Outcome
    token: str | None = None
    user_id: int | None = None
    role: str | None = None
    wait_until: dt.datetime | None = None


def locked_until(session: Session, *, key: str, now: dt.datetime, policy: LockoutPolicy) -> dt.datetime | None:
    """When the address may try again, or None if it may try now."""
    count, last = session.execute(
        select(func.count(SignInFailure.id), func.max(SignInFailure.failed_at)).where(
            SignInFailure.account_key == key, SignInFailure.failed_at > now - policy.window
        )
    ).one()
    if count < policy.max_failures or last is None:
        return None
    last = last if last.tzinfo else last.replace(tzinfo=dt.UTC)  # func.max loses the column's type
    until = last + policy.delay(count)
    return until if until > now else None


def sign_in(
    session: Session, *, email: str, password: str, now: dt.datetime, policy: LockoutPolicy, hasher: PasswordHasher
) -> SignInResult:
    """Check an address and password; on success start a server-side session and return its token.

    Unknown addresses, wrong passwords and disabled accounts all give the same REFUSED answer, in
    about the same time, and count towards the same lock-out, so nothing shows whether an account
    exists. While locked out, the password is not even checked.
    """
    key = account_key(email)
    user = find_user_by_email(session, email=email)
    wait_until = locked_until(session, key=key, now=now, policy=policy)
    if wait_until is not None:
        _note_for_user(session, user, AuditAction.SIGN_IN_BLOCKED, now)
        session.commit()
        return SignInResult(Outcome.WAIT, wait_until=wait_until)
    matches = passwords.verify_password(user.password_hash if user else None, password, hasher=hasher)
    if user is None or not matches or not user.active:
        session.add(SignInFailure(account_key=key, failed_at=now))
        _note_for_user(session, user, AuditAction.SIGN_IN_FAILED, now)
        session.commit()
        return SignInResult(Outcome.REFUSED)
    return _start_session(session, user=user, key=key, password=password, now=now, hasher=hasher)


def _note_for_user(session: Session, user: User | None, action: str, now: dt.datetime) -> None:
    # Only real accounts get an audit entry: never store addresses typed by strangers.
    if user is not None:
        audit.record_action(session, actor_id=None, action=action, target_type="user", target_id=user.id, at=now)


def _start_session(
    session: Session, *, user: User, key: str, password: str, now: dt.datetime, hasher: PasswordHasher
) -> SignInResult:
    if passwords.needs_rehash(user.password_hash or "", hasher=hasher):
        user.password_hash = passwords.hash_password(password, hasher=hasher)
    session.execute(delete(SignInFailure).where(SignInFailure.account_key == key))
    token = _new_token()
    session.add(StaffSession(token_hash=hash_token(token), user_id=user.id, created_at=now, last_seen_at=now))
    user.last_signed_in_at = now
    audit.record_action(
        session, actor_id=user.id, action=AuditAction.SIGNED_IN, target_type="user", target_id=user.id, at=now
    )
    session.commit()
    return SignInResult(Outcome.SIGNED_IN, token=token, user_id=user.id, role=user.role)


# Sessions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CurrentUser:
    """Who is signed in to this request: a plain value, safe to keep after the database session closes."""

    id: int
    email: str
    role: str
    session_id: int
    has_second_factor: bool = False  # an authenticator app is set up
    second_factor_passed: bool = False  # this session has passed it (a code or a recovery code)
    started_at: dt.datetime | None = None  # when the password was typed

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class SessionCheck:
    user: CurrentUser | None
    expired: bool = False  # the session existed but timed out (so the person can be told why)
    needs_touch: bool = False  # last_seen_at is old enough to be worth writing again


@dataclass(frozen=True)
class SessionTimes:
    idle: dt.timedelta = dt.timedelta(minutes=30)
    lifetime: dt.timedelta = dt.timedelta(hours=12)
    touch_every: dt.timedelta = dt.timedelta(seconds=60)


def check_staff_session(session: Session, *, token: str, now: dt.datetime, times: SessionTimes) -> SessionCheck:
    """Who this session token belongs to, if the session is open, in time and its user active."""
    row = session.execute(
        select(StaffSession, User)
        .join(User, User.id == StaffSession.user_id)
        .where(StaffSession.token_hash == hash_token(token), StaffSession.ended_at.is_(None))
    ).one_or_none()
    if row is None:
        return SessionCheck(user=None)
    staff_session, user = row
    if now - staff_session.last_seen_at > times.idle or now - staff_session.created_at > times.lifetime:
        return SessionCheck(user=None, expired=True)
    if not user.active:
        return SessionCheck(user=None)
    current = CurrentUser(
        id=user.id,
        email=user.email,
        role=user.role,
        session_id=staff_session.id,
        has_second_factor=user.has_second_factor,
        second_factor_passed=staff_session.second_factor_at is not None,
        started_at=staff_session.created_at,
    )
    return SessionCheck(user=current, needs_touch=now - staff_session.last_seen_at >= times.touch_every)


def touch_staff_session(session: Session, *, session_id: int, now: dt.datetime) -> None:
    """Note that the session is in use (called at most once a minute per session)."""
    session.execute(update(StaffSession).where(StaffSession.id == session_id).values(last_seen_at=now))
    session.commit()


def sign_out(session: Session, *, token: str, now: dt.datetime) -> None:
    """End the session on the server, so its cookie is worthless even if someone copied it."""
    staff_session = session.scalar(
        select(StaffSession).where(StaffSession.token_hash == hash_token(token), StaffSession.ended_at.is_(None))
    )
    if staff_session is None:
        return
    staff_session.ended_at = now
    audit.record_action(
        session,
        actor_id=staff_session.user_id,
        action=AuditAction.SIGNED_OUT,
        target_type="user",
        target_id=staff_session.user_id,
        at=now,
    )
    session.commit()


def end_user_sessions(session: Session, *, user_id: int, now: dt.datetime) -> None:
    """End every open session of a user (no commit: part of the caller's change)."""
    session.execute(
        update(StaffSession)
        .where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
        .values(ended_at=now)
    )


def purge_old_records(session: Session, *, now: dt.datetime, keep: dt.timedelta) -> int:
    """Delete sessions, spent links and failed sign-ins older than ``keep``; returns how many rows went."""
    cutoff = now - keep
    removed = 0
    for statement in (
        delete(StaffSession).where(StaffSession.last_seen_at < cutoff),
        delete(PasswordLink).where(PasswordLink.expires_at < cutoff),
        delete(SignInFailure).where(SignInFailure.failed_at < cutoff),
    ):
        removed += session.execute(statement).rowcount
    session.commit()
    return removed
