"""Forms for building and writing evidence packs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import HiddenField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Length, Optional, ValidationError

from forum_feedback.enums import Rag, Rung
from forum_feedback.quoting import Audience
from forum_feedback.taxonomy import CHANNELS
from forum_feedback.web.fields import EditableText, GovDateField, MaxChars, NotBlank, as_choices, choice_values

AUDIENCE_CHOICES = [
    (Audience.PARTNERS, "Partners: the people who run services, and the board"),
    (Audience.PUBLIC, "Anyone: a public report or newsletter (only families who said “quote me in public too”)"),
]
RAG_CHOICES = [(rag.value, rag.label) for rag in Rag]
RUNG_CHOICES = [(rung.value, f"{rung.step}. {rung.label}") for rung in Rung]
NO_CHOICE = ""


def _any(label: str, pairs: list[tuple[str, str]]) -> list:
    return as_choices([(NO_CHOICE, label), *pairs])


class _Known:
    """Every value chosen must be one of the field's choices (a crafted form is refused)."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: FlaskForm, field: Any) -> None:
        values = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in choice_values(field) for value in values if value):
            raise ValidationError(self.message)


class NewPackForm(FlaskForm):
    themes = SelectMultipleField(
        "Which themes is it about?",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[_Known("Choose themes from the list")],
    )
    title = StringField(
        "Title (optional)",
        widget=GovTextInput(),
        description="Leave it empty to use the themes' names.",
        validators=[Length(max=200, message="Title must be 200 characters or fewer")],
    )
    date_from = GovDateField("Start of the period", what="the start of the period")
    date_to = GovDateField("End of the period", what="the end of the period")
    audience = RadioField(
        "Who will read it?", widget=GovRadioInput(), choices=as_choices(AUDIENCE_CHOICES), default=Audience.PARTNERS
    )
    service = SelectField(
        "Only feedback about this service area",
        widget=GovSelect(),
        validate_choice=False,
        validators=[_Known("Choose a service area from the list")],
    )
    local_area = SelectField(
        "Only feedback from this local area",
        widget=GovSelect(),
        validate_choice=False,
        validators=[_Known("Choose a local area from the list")],
    )
    age_band = SelectField(
        "Only feedback about this age",
        widget=GovSelect(),
        validate_choice=False,
        validators=[_Known("Choose an age from the list")],
    )
    channel = SelectField(
        "Only feedback that came in this way",
        widget=GovSelect(),
        validate_choice=False,
        validators=[_Known("Choose how it came in from the list")],
    )
    partners = SelectMultipleField(
        "Who is it for? (optional)",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[_Known("Choose from the list")],
    )
    submit = SubmitField("Build the pack", widget=GovSubmitInput())

    def __init__(self, *args: Any, config: Mapping[str, Any], themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.themes.choices = as_choices(themes)
        self.service.choices = _any("All service areas", config["SERVICE_AREAS"])
        self.local_area.choices = _any("All local areas", config["LOCAL_AREAS"])
        self.age_band.choices = _any("All ages", config["AGE_BANDS"])
        self.channel.choices = _any("However it came in", CHANNELS)
        self.partners.choices = as_choices(config["PARTNERS"])

    def validate_themes(self, field: SelectMultipleField) -> None:
        if not field.data:
            raise ValidationError("Choose at least one theme")

    def validate_date_to(self, field: GovDateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end of the period must be the same as or after its start")

    @property
    def theme_ids(self) -> tuple[int, ...]:
        return tuple(int(value) for value in self.themes.data or [])


class EditPackForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        validators=[NotBlank("Enter a title"), Length(max=200, message="Title must be 200 characters or fewer")],
    )
    summary = EditableText(
        "What families told us",
        widget=GovTextArea(),
        description="A paragraph or two in plain words. We started it from the themes and figures: change it as you "
        "need.",
        validators=[MaxChars(5000, "What families told us")],
    )
    asks = EditableText(
        "What families ask",
        widget=GovTextArea(),
        description="The change families want, and who must make it.",
        validators=[MaxChars(3000, "What families ask")],
    )
    partners = SelectMultipleField(
        "Who is it for?",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        validators=[_Known("Choose from the list")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args: Any, partners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners.choices = as_choices(partners)


class RatePackForm(FlaskForm):
    rag = RadioField(
        "The forum’s rating", widget=GovRadioInput(), choices=as_choices(RAG_CHOICES), validators=[Optional()]
    )
    reason = EditableText("Why this rating?", widget=GovTextArea(), validators=[MaxChars(2000, "The reason")])
    rung = RadioField(
        "How far up the ladder of co-production has this got?",
        widget=GovRadioInput(),
        choices=as_choices(RUNG_CHOICES),
        validators=[Optional()],
        description="From 1 (decided without families) to 7 (families and services design, decide and deliver "
        "together).",
    )
    submit = SubmitField("Save the rating", widget=GovSubmitInput())


class QuotesForm(FlaskForm):
    """The checkboxes are drawn by the template (each with its words); the service checks every id."""

    submit = SubmitField("Use these quotes", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    to = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    submit = SubmitField("Continue", widget=GovSubmitInput())
