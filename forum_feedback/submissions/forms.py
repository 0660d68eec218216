"""The question pages of the family's form. Every message is plain English, in the GOV.UK style."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from forum_feedback.taxonomy import CONSENT_CHOICES
from forum_feedback.web.fields import MaxChars, NotBlank, StoryText, as_choices, choice_values

SOMETHING_ELSE = "other"


def _check_known(field: RadioField, message: str) -> None:
    if field.data is not None and field.data not in choice_values(field):
        raise ValidationError(message)


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def looks_like_contact(detail: str) -> bool:
    """An email address, or a phone number with at least 10 digits."""
    digits = sum(ch.isdigit() for ch in detail)
    return bool(_EMAIL.match(detail)) or (digits >= 10 and re.fullmatch(r"[\d\s()+\-]+", detail) is not None)


class ExperienceForm(FlaskForm):
    story = StoryText(
        "Tell us about your experience",
        widget=GovCharacterCount(),
        description="Write as much or as little as you like. Please do not include names if you can avoid it.",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        self.story.validators = [
            NotBlank("Enter your experience"),
            MaxChars(max_length, "Your experience"),
        ]


class AboutForm(FlaskForm):
    services = SelectMultipleField(
        "What was it about? (optional)",
        widget=GovCheckboxesInput(),
        description="Select all that apply.",
        validate_choice=False,
    )
    service_other = StringField(
        "Tell us what it was about",
        widget=GovTextInput(),
        validators=[Length(max=500, message="What it was about must be 500 characters or fewer")],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, *args: Any, service_areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.services.choices = as_choices([*service_areas, (SOMETHING_ELSE, "Something else")])

    def validate_services(self, field: SelectMultipleField) -> None:
        known = choice_values(field)
        if any(value not in known for value in field.data or []):
            raise ValidationError("Select what it was about from the list")

    def validate_service_other(self, field: StringField) -> None:
        if SOMETHING_ELSE in (self.services.data or []) and not (field.data or "").strip():
            raise ValidationError("Enter what it was about, or untick ‘Something else’")


class ChoiceForm(FlaskForm):
    """One radio question whose choices come from the forum's editable lists."""

    choice = RadioField(widget=GovRadioInput(), validate_choice=False)
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, *args: Any, label: str, choices: list[tuple[str, str]], hint: str, error: str, **kw: Any):
        super().__init__(*args, **kw)
        self.choice.label.text = label
        self.choice.description = hint
        self.choice.choices = as_choices(choices)
        self._error = error

    def validate_choice(self, field: RadioField) -> None:
        _check_known(field, self._error)


class HelpForm(FlaskForm):
    help = StoryText("What would have helped? (optional)", widget=GovCharacterCount())
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, *args: Any, max_length: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        self.help.validators = [Optional(), MaxChars(max_length, "What would have helped")]


class ConsentForm(FlaskForm):
    consent = RadioField(
        "How may we use your words?",
        widget=GovRadioInput(),
        choices=as_choices(CONSENT_CHOICES),
        validate_choice=False,
        description="We never use your name or anything that could identify you or your child. "
        "If you do not choose, we will only count your feedback and never quote it.",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_consent(self, field: RadioField) -> None:
        _check_known(field, "Select how we may use your words")


class ContactForm(FlaskForm):
    # A checkbox, not yes/no radios: its conditional reveal is announced correctly (aria-expanded
    # is allowed on checkboxes but not on radios, and GOV.UK Frontend's script sets it).
    contact = BooleanField("Yes, you can contact me about this", widget=GovCheckboxInput())
    contact_name = StringField(
        "Your name (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Your name must be 200 characters or fewer")],
    )
    contact_detail = StringField(
        "Email address or phone number",
        widget=GovTextInput(),
        validators=[
            Length(max=320, message="Email address or phone number must be 320 characters or fewer"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_contact_detail(self, field: StringField) -> None:
        if not self.contact.data:
            return
        detail = (field.data or "").strip()
        if not detail:
            raise ValidationError("Enter an email address or phone number so we can contact you")
        if not looks_like_contact(detail):
            raise ValidationError("Enter an email address like name@example.com, or a phone number like 01632 960 001")


class SendForm(FlaskForm):
    """The check-answers page's send button, with a honeypot that people never see."""

    website = StringField("Leave this field empty", widget=GovTextInput())
    submit = SubmitField("Send your feedback", widget=GovSubmitInput())


class ReceiptForm(FlaskForm):
    code = StringField(
        "Your receipt code",
        widget=GovTextInput(),
        description="It looks like ABCD-EFGH-JKLM. You were given it when you sent your feedback.",
        validators=[
            NotBlank("Enter your receipt code"),
            Length(max=40, message="Enter a receipt code like ABCD-EFGH-JKLM"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    submit = SubmitField("Yes, withdraw my feedback", widget=GovSubmitInput())
