"""Inviting users and changing their role."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import ValidationError

from forum_feedback.auth.models import ROLES
from forum_feedback.auth.services import EMAIL_MAX_CHARS, looks_like_email
from forum_feedback.web.fields import as_choices, choice_values


def role_field() -> RadioField:
    return RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=as_choices([(role, label) for role, label, _ in ROLES]),
        validate_choice=False,
    )


def role_hints() -> list[dict[str, dict[str, str]]]:
    """The hint under each role's radio button, in the order of the choices."""
    return [{"hint": {"text": hint}} for _, _, hint in ROLES]


def _check_role(field: RadioField) -> None:
    if field.data not in choice_values(field):
        raise ValidationError("Select a role")


class InviteForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput())
    role = role_field()
    submit = SubmitField("Add user", widget=GovSubmitInput())

    def validate_email(self, field: StringField) -> None:
        value = (field.data or "").strip()
        if not value:
            raise ValidationError("Enter an email address")
        if len(value) > EMAIL_MAX_CHARS:
            raise ValidationError(f"Email address must be {EMAIL_MAX_CHARS} characters or fewer")
        if not looks_like_email(value):
            raise ValidationError("Enter an email address in the correct format, like name@example.com")

    def validate_role(self, field: RadioField) -> None:
        _check_role(field)


class RoleForm(FlaskForm):
    role = role_field()
    submit = SubmitField("Save role", widget=GovSubmitInput())

    def validate_role(self, field: RadioField) -> None:
        _check_role(field)
