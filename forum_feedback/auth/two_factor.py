"""The second factor for staff sign-in: a TOTP authenticator app (RFC 6238, pyotp) and recovery codes.

After the password, a person whose role needs a second factor types a 6-digit code from their app,
or one of their ten single-use recovery codes. Codes from one step either side of now are accepted
(clocks drift), and a time step that has been used cannot be used again: the step is stored in the
same UPDATE that checks it, so two requests racing with one code cannot both pass. A recovery code
is spent the same way. Only a keyed hash of each recovery code is kept.

Like the other services, these functions take a session and the time, and do not import Flask.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging
import re
import secrets
from dataclasses import dataclass
from enum import Enum

import pyotp
import segno
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from forum_feedback.audit import services as audit
from forum_feedback.auth.models import RecoveryCode, StaffSession, User
from forum_feedback.auth.services import end_user_sessions
from forum_feedback.enums import AuditAction

logger = logging.getLogger(__name__)

RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_LENGTH = 10
#: Lower-case letters and digits without the ones people mix up (0/o, 1/l/i).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
#: Codes from this many 30-second steps either side of now are accepted.
VALID_WINDOW = 1

_SEPARATORS = re.compile(r"[\s\-]+")


class Check(Enum):
    PASSED = "passed"  # a code from the app
    PASSED_WITH_RECOVERY_CODE = "passed with a recovery code"
    REFUSED = "refused"  # wrong, used already, or too old


@dataclass(frozen=True)
class Setup:
    """What the set-up page shows: the secret to type and the otpauth:// address in its QR code."""

    secret: str
    uri: str

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, easier to type into an app by hand."""
        return " ".join(self.secret[i : i + 4] for i in range(0, len(self.secret), 4))

    def qr_svg(self) -> str:
        """The otpauth:// address as a QR code, an inline SVG drawn on the server (no script, no request)."""
        return segno.make(self.uri, error="m").svg_inline(scale=5, title="QR code for your authenticator app")


def requires_second_factor(role: str, roles: frozenset[str]) -> bool:
    """Whether someone with ``role`` must pass a second factor before they reach the workspace."""
    return role in roles


def normalise_code(code: str) -> str:
    """What was typed, without spaces or hyphens, lower-case (apps show "123 456"; we show "abcde-fghij")."""
    return _SEPARATORS.sub("", code or "").lower()


def _step(now: dt.datetime) -> int:
    return int(now.timestamp()) // 30


def matching_step(secret: str, code: str, *, now: dt.datetime) -> int | None:
    """The time step within the window whose code this is, or None."""
    code = normalise_code(code)
    if not (len(code) == 6 and code.isdigit()):
        return None
    totp = pyotp.TOTP(secret)
    current = _step(now)
    for step in range(current - VALID_WINDOW, current + VALID_WINDOW + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_for(secret: str, *, at: dt.datetime) -> str:
    """The app's code at this time (for the command line's checks and for tests and load scripts)."""
    return pyotp.TOTP(secret).at(at)


def recovery_code_hash(code: str, *, user_id: int, key: str) -> str:
    """HMAC-SHA256 of a recovery code, keyed with the app's secret key and the user's id."""
    message = f"recovery:{user_id}:{normalise_code(code)}".encode()
    return hmac.new(key.encode("utf-8"), message, hashlib.sha256).hexdigest()


def _new_recovery_code() -> str:
    code = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
    half = RECOVERY_CODE_LENGTH // 2
    return f"{code[:half]}-{code[half:]}"


def begin_setup(session: Session, *, user_id: int, issuer: str) -> Setup:
    """The secret this person is setting up: a new one, or the same one again if they reload the page.

    Raises ValueError if they already have a confirmed second factor (only an administrator's reset
    lets it be replaced, so someone with only the password cannot swap in their own app).
    """
    user = session.get_one(User, user_id)
    if user.has_second_factor:
        raise ValueError("this user already has a second factor")
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        session.commit()
    return Setup(
        secret=user.totp_secret, uri=pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.email, issuer_name=issuer)
    )


def confirm_setup(
    session: Session, *, user_id: int, session_id: int, code: str, now: dt.datetime, key: str
) -> list[str] | None:
    """Check the first code from the new app; when right, the factor is set up and this session has passed it.

    Returns the new recovery codes (shown once, then only their hashes exist), or None for a wrong code.
    """
    user = session.get_one(User, user_id)
    if user.has_second_factor or user.totp_secret is None:
        return None
    step = matching_step(user.totp_secret, code, now=now)
    if step is None:
        _refused(session, user_id=user_id, now=now)
        return None
    # Confirmed in the UPDATE that checks it is not yet confirmed: two tabs cannot both set it up.
    confirmed = session.execute(
        update(User)
        .where(User.id == user_id, User.totp_confirmed_at.is_(None), User.totp_secret == user.totp_secret)
        .values(totp_confirmed_at=now, totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if confirmed.rowcount != 1:
        session.rollback()
        return None
    codes = _replace_recovery_codes(session, user_id=user_id, now=now, key=key)
    _pass_session(session, session_id=session_id, now=now)
    audit.record_action(
        session, actor_id=user_id, action=AuditAction.TWO_FACTOR_SET_UP, target_type="user", target_id=user_id, at=now
    )
    session.commit()
    logger.info("user %s set up a second factor", user_id)
    return codes


def _replace_recovery_codes(session: Session, *, user_id: int, now: dt.datetime, key: str) -> list[str]:
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        session.add(
            RecoveryCode(user_id=user_id, code_hash=recovery_code_hash(code, user_id=user_id, key=key), created_at=now)
        )
    return codes


def check_code(session: Session, *, user_id: int, session_id: int, code: str, now: dt.datetime, key: str) -> Check:
    """Check a code from the app or a recovery code; when right, this session has passed the second factor."""
    user = session.get_one(User, user_id)
    if not user.has_second_factor:
        return Check.REFUSED
    outcome = _spend_app_code(session, user=user, code=code, now=now) or _spend_recovery_code(
        session, user_id=user_id, code=code, now=now, key=key
    )
    if outcome is None:
        _refused(session, user_id=user_id, now=now)
        return Check.REFUSED
    _pass_session(session, session_id=session_id, now=now)
    session.commit()
    return outcome


def _spend_app_code(session: Session, *, user: User, code: str, now: dt.datetime) -> Check | None:
    step = matching_step(user.totp_secret or "", code, now=now)
    if step is None:
        return None
    # Only a step later than the last one used: the same code (or an older one) cannot be replayed.
    spent = session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return Check.PASSED if spent.rowcount == 1 else None


def _spend_recovery_code(session: Session, *, user_id: int, code: str, now: dt.datetime, key: str) -> Check | None:
    if len(normalise_code(code)) != RECOVERY_CODE_LENGTH:
        return None
    spent = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user_id,
            RecoveryCode.code_hash == recovery_code_hash(code, user_id=user_id, key=key),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
    )
    if spent.rowcount != 1:
        return None
    left = recovery_codes_left(session, user_id=user_id)
    audit.record_action(
        session,
        actor_id=user_id,
        action=AuditAction.RECOVERY_CODE_USED,
        target_type="user",
        target_id=user_id,
        detail=f"{left} left",
        at=now,
    )
    return Check.PASSED_WITH_RECOVERY_CODE


def recovery_codes_left(session: Session, *, user_id: int) -> int:
    """How many unused recovery codes this person has."""
    return len(
        session.scalars(
            select(RecoveryCode.id).where(RecoveryCode.user_id == user_id, RecoveryCode.used_at.is_(None))
        ).all()
    )


def _pass_session(session: Session, *, session_id: int, now: dt.datetime) -> None:
    session.execute(
        update(StaffSession)
        .where(StaffSession.id == session_id, StaffSession.ended_at.is_(None))
        .values(second_factor_at=now)
    )


def _refused(session: Session, *, user_id: int, now: dt.datetime) -> None:
    audit.record_action(
        session, actor_id=None, action=AuditAction.TWO_FACTOR_REFUSED, target_type="user", target_id=user_id, at=now
    )
    session.commit()


def reset_second_factor(session: Session, *, user_id: int, actor_id: int | None, now: dt.datetime) -> None:
    """Remove a user's app and recovery codes (a lost phone): they set up a new app at their next sign-in.

    Every session they have open ends, so nobody stays signed in on the old factor.
    """
    user = session.get_one(User, user_id)
    user.totp_secret = None
    user.totp_confirmed_at = None
    user.totp_last_step = None
    session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user_id))
    end_user_sessions(session, user_id=user_id, now=now)
    audit.record_action(
        session, actor_id=actor_id, action=AuditAction.TWO_FACTOR_RESET, target_type="user", target_id=user_id, at=now
    )
    session.commit()
    logger.info("second factor of user %s reset by %s", user_id, actor_id)
