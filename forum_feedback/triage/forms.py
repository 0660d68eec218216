"""Forms for the theme board and theme pages."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from forum_feedback.submissions.forms import as_choices
from forum_feedback.taxonomy import CHANNELS

PERIOD_CHOICES = [("all", "All time"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 12 months")]
SORT_CHOICES = [
    ("size", "Most feedback"),
    ("change_30", "Biggest rise in 30 days"),
    ("change_90", "Biggest rise in 90 days"),
    ("negative", "Most negative"),
    ("label", "Name (A to Z)"),
]
CHANNEL_CHOICES = CHANNELS
DOES_NOT_FIT = "none"


def _any(label: str, pairs: list[tuple[str, str]]) -> list:
    return as_choices([("", label), *pairs])


class FilterForm(FlaskForm):
    """GET filters: no CSRF token needed, nothing changes."""

    class Meta:
        csrf = False

    q = StringField("Search feedback", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    period = SelectField("Period", widget=GovSelect(), default="all", validate_choice=False)
    service = SelectField("Service area", widget=GovSelect(), default="", validate_choice=False)
    local_area = SelectField("Local area", widget=GovSelect(), default="", validate_choice=False)
    age_band = SelectField("Age", widget=GovSelect(), default="", validate_choice=False)
    channel = SelectField("How it came in", widget=GovSelect(), default="", validate_choice=False)
    sort = SelectField("Order", widget=GovSelect(), default="size", validate_choice=False)
    page = IntegerField(default=1, validators=[Optional(), NumberRange(min=1)])
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def __init__(self, *args: Any, config: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period.choices = as_choices(PERIOD_CHOICES)
        self.service.choices = _any("All service areas", config["SERVICE_AREAS"])
        self.local_area.choices = _any("All local areas", config["LOCAL_AREAS"])
        self.age_band.choices = _any("All ages", config["AGE_BANDS"])
        self.channel.choices = _any("All ways in", CHANNEL_CHOICES)
        self.sort.choices = as_choices(SORT_CHOICES)

    def value(self, name: str) -> str:
        """A filter's value, or its default when what was sent is not one of its choices."""
        field = getattr(self, name)
        allowed = {choice.value for choice in field.choices}
        return field.data if field.data in allowed else field.default


class ThemeEditForm(FlaskForm):
    label = StringField(
        "Name",
        widget=GovTextInput(),
        validators=[Length(max=200, message="Name must be 200 characters or fewer")],
        description="Leave it empty to use the suggested name.",
    )
    description = TextAreaField(
        "Description (optional)",
        widget=GovTextArea(),
        validators=[Length(max=2000, message="Description must be 2,000 characters or fewer")],
    )
    notes = TextAreaField(
        "Notes for other reps (optional)",
        widget=GovTextArea(),
        validators=[Length(max=5000, message="Notes must be 5,000 characters or fewer")],
    )
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class PinForm(FlaskForm):
    submit = SubmitField("Pin this theme", widget=GovSubmitInput())


class MergeForm(FlaskForm):
    target = SelectField(
        "Merge this theme into",
        widget=GovSelect(),
        validate_choice=False,
        validators=[DataRequired(message="Select the theme to merge into")],
    )
    submit = SubmitField("Merge themes", widget=GovSubmitInput())

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.target.choices = as_choices([("", "Choose a theme"), *themes])

    def validate_target(self, field: SelectField) -> None:
        if field.data not in {choice.value for choice in field.choices if choice.value}:
            raise ValueError("Select the theme to merge into")


class MoveForm(FlaskForm):
    feedback_id = HiddenField()
    theme = SelectField("Move to", widget=GovSelect(), validate_choice=False)
    next = HiddenField()
    submit = SubmitField("Move", widget=GovSubmitInput())

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme.choices = as_choices([*themes, (DOES_NOT_FIT, "Doesn't fit any theme")])


class SplitForm(FlaskForm):
    parts = HiddenField(default="2")
    name_0 = StringField("Name for part 1", widget=GovTextInput(), validators=[Length(max=200)])
    name_1 = StringField("Name for part 2", widget=GovTextInput(), validators=[Length(max=200)])
    name_2 = StringField("Name for part 3", widget=GovTextInput(), validators=[Length(max=200)])
    submit = SubmitField("Split the theme", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A single button (apply, discard, rebuild, unpin...)."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
