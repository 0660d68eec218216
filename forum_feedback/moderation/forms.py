"""Forms of the moderation pages. Every message is plain English, in the GOV.UK style."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectChoice, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length, ValidationError

from forum_feedback.moderation.concerns import NOT_A_CONCERN_REASONS, NOTE_MAX_CHARS, OTHER_REASON
from forum_feedback.moderation.services import HIDE_OTHER, HIDE_REASONS
from forum_feedback.web.fields import EditableText, GovDateField, NotBlank, StoryText, parse_time
from forum_feedback.web.routing import parse_ids
from forum_feedback.web.template_filters import forum_zone

ACTION_MAX_CHARS = 5_000


class RedactForm(FlaskForm):
    story = EditableText("Their experience, with identifying details removed", widget=GovTextArea())
    help = EditableText("What would have helped, with identifying details removed", widget=GovTextArea())
    submit = SubmitField("Save and next", widget=GovSubmitInput())

    def __init__(self, *args: Any, max_length: int, has_help: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_help = has_help
        self.story.validators = [
            NotBlank("Enter their experience with identifying details removed"),
            Length(max=max_length, message=f"Their experience must be {max_length:,} characters or fewer"),
        ]
        self.help.validators = [
            Length(max=max_length, message=f"What would have helped must be {max_length:,} characters or fewer"),
        ]
        if not has_help:
            del self.help


class SafeguardingActionForm(FlaskForm):
    action = StoryText(
        "What did you do?",
        widget=GovTextArea(),
        description="For example, who you told, what they said, and any reference number you were given.",
        validators=[
            NotBlank("Enter what you did"),
            Length(max=ACTION_MAX_CHARS, message=f"What you did must be {ACTION_MAX_CHARS:,} characters or fewer"),
        ],
    )
    acted_on = GovDateField("Date you did it", what="the date you did it", description="For example, 27 3 2026")
    acted_time = StringField(
        "Time you did it",
        widget=GovTextInput(),
        description="For example, 14:30 or 2:30pm",
        validators=[NotBlank("Enter the time you did it")],
    )
    closed = RadioField(
        "Is the concern now closed?",
        widget=GovRadioInput(),
        choices=[SelectChoice("yes", "Yes, nothing more needs to be done"), SelectChoice("no", "No, it is still open")],
        validate_choice=False,
    )
    submit = SubmitField("Record what you did", widget=GovSubmitInput())

    def __init__(self, *args: Any, now: dt.datetime, **kwargs: Any) -> None:
        local = now.astimezone(forum_zone())
        kwargs.setdefault("data", {"acted_on": local.date(), "acted_time": f"{local:%H:%M}"})
        super().__init__(*args, **kwargs)
        self.now = now

    def validate_closed(self, field: RadioField) -> None:
        if field.data not in ("yes", "no"):
            raise ValidationError("Select yes if the concern is now closed")

    def validate_acted_time(self, field: StringField) -> None:
        if (field.data or "").strip() and parse_time(field.data) is None:
            raise ValidationError("Enter the time you did it like 14:30 or 2:30pm")
        if self.acted_on.data and parse_time(field.data or "") and self.acted_at() > self.now:
            raise ValidationError("The time you did it must be now or in the past")

    def acted_at(self) -> dt.datetime:
        """The date and time typed, in UK time, as a UTC time."""
        time = parse_time(self.acted_time.data or "") or dt.time(0)
        local = dt.datetime.combine(self.acted_on.data, time, tzinfo=forum_zone())
        return local.astimezone(dt.UTC)


class HideForm(FlaskForm):
    reason = RadioField(
        "Why are you hiding this feedback?",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in HIDE_REASONS],
        validate_choice=False,
    )
    other = StringField(
        "Give the reason (if you chose another reason)",
        widget=GovTextInput(),
        validators=[Length(max=500, message="The reason must be 500 characters or fewer")],
    )
    submit = SubmitField("Hide this feedback", widget=GovSubmitInput())

    def validate_reason(self, field: RadioField) -> None:
        if field.data not in dict(HIDE_REASONS):
            raise ValidationError("Select why you are hiding this feedback")

    def validate_other(self, field: StringField) -> None:
        if self.reason.data == HIDE_OTHER and not (field.data or "").strip():
            raise ValidationError("Enter the reason for hiding this feedback")


class RaiseConcernForm(FlaskForm):
    submit = SubmitField("Raise a safeguarding concern", widget=GovSubmitInput())


class RestoreForm(FlaskForm):
    submit = SubmitField("Restore to the inbox", widget=GovSubmitInput())


class NotAConcernForm(FlaskForm):
    reason = RadioField(
        "Why is this not a safeguarding concern?",
        widget=GovRadioInput(),
        choices=[SelectChoice(value, label) for value, label in NOT_A_CONCERN_REASONS],
        validate_choice=False,
    )
    note = StoryText(
        "Note (optional)",
        widget=GovTextArea(),
        description="Only if it helps the next rep. Do not copy the family’s words here.",
        validators=[Length(max=NOTE_MAX_CHARS, message=f"The note must be {NOTE_MAX_CHARS:,} characters or fewer")],
    )
    submit = SubmitField("Close as not a concern", widget=GovSubmitInput())

    def validate_reason(self, field: RadioField) -> None:
        if field.data not in dict(NOT_A_CONCERN_REASONS):
            raise ValidationError("Select why this is not a safeguarding concern")

    def validate_note(self, field: StoryText) -> None:
        if self.reason.data == OTHER_REASON and not (field.data or "").strip():
            raise ValidationError("Enter why this is not a safeguarding concern")


class ReopenForm(FlaskForm):
    submit = SubmitField("Reopen the concern", widget=GovSubmitInput())


class BulkReviewForm(FlaskForm):
    feedback = SelectMultipleField(
        "Feedback to mark as reviewed", widget=GovCheckboxesInput(), validate_choice=False, coerce=str
    )
    submit = SubmitField("Mark these as reviewed", widget=GovSubmitInput())

    def __init__(self, *args: Any, ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feedback.choices = [SelectChoice(str(i), f"Feedback {i}") for i in ids]

    def validate_feedback(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError("Select the feedback to mark as reviewed")

    def chosen_ids(self) -> list[int]:
        """The ids ticked, ignoring anything that is not a whole number."""
        return parse_ids(self.feedback.data or [])
