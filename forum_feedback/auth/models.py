"""Staff accounts, their one-time set-password links, their sessions, failed sign-ins and second factors."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from forum_feedback.db import Base, UTCDateTime, utcnow
from forum_feedback.enums import Role

#: (role, label, what it lets a person do), in the order shown on forms.
ROLES: tuple[tuple[str, str, str], ...] = (
    (Role.REP, "Forum rep", "Reads and moderates feedback, and works on themes."),
    (Role.ADMIN, "Administrator", "Everything a rep can do, and manages users and settings."),
    (Role.BOARD, "Board member", "Reads summaries only."),
)
ROLE_LABELS = {role: label for role, label, _ in ROLES}


class User(Base):
    """A person who works in the forum's workspace. There are no default accounts."""

    __tablename__ = "staff_user"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored trimmed and lower-case, so "Jo@Forum.org" and "jo@forum.org" are one account.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    # None until the person sets a password with their one-time link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_signed_in_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The authenticator app's TOTP secret (base32). Set, with no confirmed time, while the person is
    # setting it up; confirmed once they have typed a code from it. None: no second factor.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The last 30-second time step a code was accepted for: a code can only be used once.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)

    @property
    def has_second_factor(self) -> bool:
        return self.totp_secret is not None and self.totp_confirmed_at is not None

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


class PasswordLink(Base):
    """A one-time link to set a password: the token is shown once; only its SHA-256 is kept."""

    __tablename__ = "password_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class StaffSession(Base):
    """A signed-in session held on the server; the browser's cookie holds only its random token.

    Ending the row (sign-out, account disabled, new password) ends the session everywhere, so a
    copied cookie stops working.
    """

    __tablename__ = "staff_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # When this session passed the second factor (a code from the app, or a recovery code). Kept on
    # the server, so a cookie cannot claim it.
    second_factor_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class RecoveryCode(Base):
    """A single-use code to sign in without the authenticator app: shown once; only a keyed hash is kept."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class SignInFailure(Base):
    """One failed sign-in, keyed by a hash of the email typed (so unknown addresses behave the same)."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    failed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
