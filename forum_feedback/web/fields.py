"""Form fields and validators shared by every feature's forms (family, moderation, themes, admin)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput
from wtforms import DateField, RadioField, SelectChoice, SelectMultipleField, TextAreaField
from wtforms.validators import ValidationError


def normalise_newlines(value: str | None) -> str | None:
    """Browsers send line breaks as CRLF: keep them as the person typed them (one newline)."""
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def text_length(value: str) -> int:
    """Length as a browser counts it (UTF-16 code units): an emoji is 2, as GOV.UK's character count says.

    The server and the page's character count must agree, or a family is told "1 character too
    many" for a story the server accepts (or the other way round).
    """
    return len(value.encode("utf-16-le")) // 2


class StoryText(TextAreaField):
    """A long answer kept exactly as typed (only the browser's CRLF becomes LF)."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata(valuelist)
        self.data = normalise_newlines(self.data)


class EditableText(StoryText):
    """A long answer kept exactly as typed, even when it starts with a line break.

    The HTML parser drops one line break straight after ``<textarea>``, so one is added in front.
    """

    def _value(self) -> str:
        return "\n" + (self.data or "")


class NotBlank:
    """Like DataRequired, but for text: an answer of only spaces is no answer."""

    def __init__(self, message: str) -> None:
        self.message = message
        self.field_flags = {"required": True}

    def __call__(self, form: FlaskForm, field: Any) -> None:
        if not (field.data or "").strip():
            raise ValidationError(self.message)


class MaxChars:
    """At most ``limit`` characters, counted as the browser counts them (see ``text_length``)."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.message = f"{what} must be {limit:,} characters or fewer"

    def __call__(self, form: FlaskForm, field: Any) -> None:
        if field.data and text_length(field.data) > self.limit:
            raise ValidationError(self.message)


def as_choices(pairs: list[tuple[str, str]]) -> list[SelectChoice]:
    """The forum's (slug, label) lists as WTForms choices."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def choice_values(field: RadioField | SelectMultipleField) -> set[str]:
    return {choice.value for choice in field.choices}


class GovDateField(DateField):
    """A date typed into GOV.UK's three boxes (day, month, year), with GOV.UK's error messages."""

    def __init__(self, label: str, *, what: str, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), **kwargs)
        self.what = what
        self.optional = optional

    def process_formdata(self, valuelist: list[str]) -> None:
        # Always three parts, so the widget can show back whatever was sent (even a crafted form).
        parts = ([part.strip() for part in valuelist] + ["", "", ""])[:3]
        self.raw_data = parts
        self.data = None
        if not any(parts):
            if not self.optional:
                raise ValueError(f"Enter {self.what}")
            return
        missing = [name for name, part in zip(("day", "month", "year"), parts, strict=True) if not part]
        if missing:
            raise ValueError(f"{self.what.capitalize()} must include a {' and '.join(missing)}")
        self.data = _real_date(parts, self.what)


def _real_date(parts: list[str], what: str) -> dt.date:
    try:
        if not all(part.isascii() and part.isdigit() and len(part) <= 4 for part in parts):
            raise ValueError("not digits")
        day, month, year = (int(part) for part in parts)
        if year < 1000:
            raise ValueError("year")
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"{what.capitalize()} must be a real date") from None


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*m?\.?$", re.IGNORECASE | re.ASCII)
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
