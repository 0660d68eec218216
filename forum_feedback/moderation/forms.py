"""Forms of the moderation pages. Every message is plain English, in the GOV.UK style."""

from __future__ import annotations

import datetime as dt
import functools
import re
import zoneinfo
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import DateField, RadioField, SelectChoice, StringField, SubmitField
from wtforms.validators import Length, ValidationError

from forum_feedback.moderation.services import HIDE_OTHER, HIDE_REASONS
from forum_feedback.submissions.forms import NotBlank, StoryText

ACTION_MAX_CHARS = 5_000


@functools.cache
def forum_zone() -> dt.tzinfo:
    """UK time: forums are in England, and reps type times as the clock on the wall shows them."""
    try:
        return zoneinfo.ZoneInfo("Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:  # a server without time zone data
        return dt.UTC


class EditableText(StoryText):
    """A long answer kept exactly as typed, even when it starts with a line break.

    The HTML parser drops one line break straight after ``<textarea>``, so one is added in front.
    """

    def _value(self) -> str:
        return "\n" + (self.data or "")


class RedactForm(FlaskForm):
    story = EditableText("Their experience, with identifying details removed", widget=GovTextArea())
    help = EditableText("What would have helped, with identifying details removed", widget=GovTextArea())
    submit = SubmitField("Save and mark as reviewed", widget=GovSubmitInput())

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


class GovDateField(DateField):
    """A date typed into GOV.UK's three boxes (day, month, year), with GOV.UK's error messages."""

    def __init__(self, label: str, *, what: str, **kwargs: Any) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)
        self.what = what

    def process_formdata(self, valuelist: list[str]) -> None:
        # Always three parts, so the widget can show back whatever was sent (even a crafted form).
        parts = ([part.strip() for part in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            raise ValueError(f"Enter {self.what}")
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{self.what.capitalize()} must include a {' and '.join(missing)}")
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError("year")
            self.data = dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"{self.what.capitalize()} must be a real date") from None


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*m?\.?$", re.IGNORECASE)
_NAMED_TIMES = {"midday": dt.time(12), "noon": dt.time(12), "midnight": dt.time(0)}


def parse_time(text: str) -> dt.time | None:
    """A time as people type it: "14:30", "2:30pm", "2.30 pm", "9am", "midday". None if it is not one."""
    text = text.strip().lower()
    if text in _NAMED_TIMES:
        return _NAMED_TIMES[text]
    match = _TIME.match(text)
    if not match or (match.group(2) is None and match.group(3) is None):
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


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
