"""What administrators do to users: list them, change their role, disable and enable them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback.audit import services as audit
from forum_feedback.auth import two_factor
from forum_feedback.auth.models import ROLE_LABELS, User
from forum_feedback.auth.services import end_user_sessions
from forum_feedback.enums import AuditAction


class NotAllowed(ValueError):
    """The change is refused; the message says why, in words for the administrator."""


def list_users(session: Session) -> list[User]:
    """Every user, active ones first, then by email address."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.email)))


def get_user(session: Session, *, user_id: int) -> User | None:
    return session.get(User, user_id)


def _refuse_own_account(user_id: int, actor_id: int, what: str) -> None:
    # An administrator cannot demote or disable themselves, so there is always an active administrator.
    if user_id == actor_id:
        raise NotAllowed(f"You cannot {what} your own account. Ask another administrator")


def change_role(session: Session, *, user_id: int, role: str, actor_id: int, now: dt.datetime) -> bool:
    """Give a user another role; returns False when it was already theirs. Raises NotAllowed."""
    if role not in ROLE_LABELS:
        raise NotAllowed("Select a role from the list")
    _refuse_own_account(user_id, actor_id, "change the role of")
    user = session.get_one(User, user_id)
    if user.role == role:
        return False
    audit.record_action(
        session,
        actor_id=actor_id,
        action=AuditAction.ROLE_CHANGED,
        target_type="user",
        target_id=user.id,
        detail=f"{user.role} → {role}",
        at=now,
    )
    user.role = role
    session.commit()
    return True


def set_active(session: Session, *, user_id: int, active: bool, actor_id: int, now: dt.datetime) -> None:
    """Disable a user (ending their sessions at once) or enable them again. Raises NotAllowed."""
    _refuse_own_account(user_id, actor_id, "disable or enable")
    user = session.get_one(User, user_id)
    if user.active == active:
        return
    user.active = active
    if not active:
        end_user_sessions(session, user_id=user.id, now=now)
    action = AuditAction.USER_ENABLED if active else AuditAction.USER_DISABLED
    audit.record_action(session, actor_id=actor_id, action=action, target_type="user", target_id=user.id, at=now)
    session.commit()


def reset_second_factor(session: Session, *, user_id: int, actor_id: int, now: dt.datetime) -> None:
    """Remove a user's authenticator app and recovery codes, and sign them out. Raises NotAllowed for your own."""
    _refuse_own_account(user_id, actor_id, "reset two-factor sign-in for")
    two_factor.reset_second_factor(session, user_id=user_id, actor_id=actor_id, now=now)
