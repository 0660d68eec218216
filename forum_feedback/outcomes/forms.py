"""Forms for writing outcomes, and the public page's filter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Length, Optional

from forum_feedback.enums import OutcomeProgress
from forum_feedback.evidence.forms import RUNG_CHOICES
from forum_feedback.outcomes.services import OutcomeWords
from forum_feedback.web.fields import EditableText, MaxChars, NotBlank, as_choices

PROGRESS_CHOICES = [(progress.value, progress.label) for progress in OutcomeProgress]


class OutcomeForm(FlaskForm):
    title = StringField(
        "Title",
        widget=GovTextInput(),
        description="Short and plain, for example “Phone calls returned within two working days”.",
        validators=[NotBlank("Enter a title"), Length(max=200, message="Title must be 200 characters or fewer")],
    )
    you_said = EditableText(
        "You said",
        widget=GovTextArea(),
        description="What families told us, in words anyone can read. Do not quote anyone here.",
        validators=[NotBlank("Enter what families said"), MaxChars(2000, "You said")],
    )
    we_did = EditableText(
        "We did",
        widget=GovTextArea(),
        description="What partners did or will do, and what has not changed yet.",
        validators=[NotBlank("Enter what partners did"), MaxChars(3000, "We did")],
    )
    progress = RadioField("What has changed?", widget=GovRadioInput(), choices=as_choices(PROGRESS_CHOICES))
    rung = RadioField(
        "How far up the ladder of co-production did it get?",
        widget=GovRadioInput(),
        choices=as_choices(RUNG_CHOICES),
        validators=[Optional()],
    )
    service = SelectField("Service area (for the public page’s filter)", widget=GovSelect(), validate_choice=True)
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args: Any, config: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.service.choices = as_choices([("", "None"), *config["SERVICE_AREAS"]])

    def words(self) -> OutcomeWords:
        return OutcomeWords(
            title=self.title.data or "",
            you_said=self.you_said.data or "",
            we_did=self.we_did.data or "",
            progress=self.progress.data or "",
            rung=self.rung.data or None,
            service=self.service.data or "",
        )


class NewOutcomeForm(OutcomeForm):
    pack = SelectField("Which shared pack is it about?", widget=GovSelect())

    def __init__(self, *args: Any, packs: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pack.choices = as_choices(packs)


class ServiceFilterForm(FlaskForm):
    class Meta:
        csrf = False

    service = SelectField("Service area", widget=GovSelect(), validate_choice=False)
    submit = SubmitField("Show", widget=GovSubmitInput())

    def __init__(self, formdata: Any, *, config: Mapping[str, Any]) -> None:
        super().__init__(formdata)
        self.service.choices = as_choices([("", "All service areas"), *config["SERVICE_AREAS"]])

    @property
    def chosen(self) -> str:
        values = {choice.value for choice in self.service.choices}
        return self.service.data if self.service.data in values else ""


class ActionForm(FlaskForm):
    submit = SubmitField("Continue", widget=GovSubmitInput())
