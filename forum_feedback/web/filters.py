"""The filter form every list of feedback shares (inbox, theme board, theme pages): GET, bookmarkable.

A page shows the fields it uses; ``filters()`` turns what was sent into ``FeedbackFilters``,
ignoring any value that is not one of a field's choices (a crafted or stale link shows "all").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextInput
from wtforms import DateField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from forum_feedback.submissions.filters import RISK_CONCERN, SEARCH_MAX_CHARS, FeedbackFilters
from forum_feedback.taxonomy import CHANNELS
from forum_feedback.web.fields import as_choices
from forum_feedback.web.pages import parse_page

PERIOD_CHOICES = [("all", "All time"), ("30", "Last 30 days"), ("90", "Last 90 days"), ("365", "Last 12 months")]
RISK_CHOICES = [
    (RISK_CONCERN, "Open safeguarding concern"),
    ("high", "High risk words"),
    ("possible", "Possible risk words"),
    ("none", "No risk words"),
]
_CHOICE_FIELDS = ("period", "service", "local_area", "age_band", "channel", "risk")


def _any(label: str, pairs: list[tuple[str, str]]) -> list:
    return as_choices([("", label), *pairs])


class FilterForm(FlaskForm):
    """GET filters: no CSRF token needed, nothing changes."""

    class Meta:
        csrf = False

    q = StringField(
        "Search feedback",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=SEARCH_MAX_CHARS, message="Search for 200 characters or fewer")],
    )
    period = SelectField("Period", widget=GovSelect(), default="all", validate_choice=False)
    date_from = DateField("Received from", widget=GovTextInput(), format="%Y-%m-%d", validators=[Optional()])
    date_to = DateField("Received up to", widget=GovTextInput(), format="%Y-%m-%d", validators=[Optional()])
    service = SelectField("Service area", widget=GovSelect(), default="", validate_choice=False)
    local_area = SelectField("Local area", widget=GovSelect(), default="", validate_choice=False)
    age_band = SelectField("Age", widget=GovSelect(), default="", validate_choice=False)
    channel = SelectField("How it came in", widget=GovSelect(), default="", validate_choice=False)
    risk = SelectField("Safeguarding", widget=GovSelect(), default="", validate_choice=False)
    sort = SelectField("Order", widget=GovSelect(), default="", validate_choice=False)
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def __init__(self, formdata: Any, *, config: Mapping[str, Any], sorts: list[tuple[str, str]] | None = None) -> None:
        super().__init__(formdata)
        self.period.choices = as_choices(PERIOD_CHOICES)
        self.service.choices = _any("All service areas", config["SERVICE_AREAS"])
        self.local_area.choices = _any("All local areas", config["LOCAL_AREAS"])
        self.age_band.choices = _any("All ages", config["AGE_BANDS"])
        self.channel.choices = _any("All ways in", CHANNELS)
        self.risk.choices = _any("All", RISK_CHOICES)
        self.sort.choices = as_choices(sorts or [("", "Default")])
        self.sort.default = self.sort.choices[0].value
        self.page_number = parse_page(formdata.get("page") if formdata else None)
        self.validate()

    def validate_date_to(self, field: DateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date must be the same as or after the start date")

    def value(self, name: str) -> str:
        """A choice's value, or its default when what was sent is not one of its choices."""
        field = getattr(self, name)
        allowed = {choice.value for choice in field.choices}
        return field.data if field.data in allowed else field.default

    def filters(self) -> FeedbackFilters:
        """What was chosen, as filters (fields with errors count as not chosen)."""
        chosen: dict[str, Any] = {name: self.value(name) for name in _CHOICE_FIELDS}
        for name in ("date_from", "date_to"):
            field = getattr(self, name)
            chosen[name] = None if field.errors else field.data
        chosen["q"] = "" if self.q.errors else (self.q.data or "").strip()
        return FeedbackFilters(**chosen)

    def add_counts(self, name: str, counts: Mapping[str | None, int]) -> None:
        """Show after each choice how many items choosing it would show: "CAMHS (12)"."""
        field = getattr(self, name)
        for choice in field.choices:
            if choice.value:
                choice.label = f"{choice.label} ({counts.get(choice.value, 0):,})"
