"""Signing in and setting a password. Messages are plain English, in the GOV.UK style."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import ValidationError

from forum_feedback.auth import passwords
from forum_feedback.web.fields import NotBlank

SIGN_IN_REFUSED = "Enter a correct email address and password"


class SignInForm(FlaskForm):
    email = StringField("Email address", widget=GovTextInput(), validators=[NotBlank("Enter your email address")])
    password = PasswordField("Password", widget=GovPasswordInput(), validators=[NotBlank("Enter your password")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class SetPasswordForm(FlaskForm):
    password = PasswordField("Create a password", widget=GovPasswordInput())
    submit = SubmitField("Save password", widget=GovSubmitInput())

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = passwords.password_problem(field.data or "", email=self._email)
        if problem:
            raise ValidationError(problem)


CODE_REFUSED = "Enter a correct code from your authenticator app, or an unused recovery code"
SETUP_CODE_REFUSED = "Enter the 6-digit code your authenticator app shows now"


class CodeForm(FlaskForm):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField(
        "Code", widget=GovTextInput(), validators=[NotBlank("Enter the code from your authenticator app")]
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpForm(FlaskForm):
    """Setting up the app: the first code it shows proves it was set up right."""

    code = StringField(
        "Code from your app", widget=GovTextInput(), validators=[NotBlank("Enter the 6-digit code from your app")]
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
