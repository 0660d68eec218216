"""Forms the board (and reps) use: a partner's response, a commitment, progress on it."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, SubmitField
from wtforms.validators import Length, Optional

from forum_feedback.enums import CommitmentStatus
from forum_feedback.evidence.forms import RAG_CHOICES, RUNG_CHOICES
from forum_feedback.web.fields import EditableText, GovDateField, MaxChars, NotBlank, as_choices

STATUS_CHOICES = [(status.value, status.label) for status in CommitmentStatus]


class ResponseForm(FlaskForm):
    response = EditableText(
        "The partner’s response",
        widget=GovTextArea(),
        validators=[NotBlank("Enter the partner’s response"), MaxChars(5000, "The response")],
    )
    partner_rag = RadioField(
        "The partner’s own rating", widget=GovRadioInput(), choices=as_choices(RAG_CHOICES), validators=[Optional()]
    )
    partner_rag_reason = EditableText(
        "Why they gave this rating (optional)", widget=GovTextArea(), validators=[MaxChars(2000, "The reason")]
    )
    submit = SubmitField("Save the response", widget=GovSubmitInput())


class CommitmentForm(FlaskForm):
    text = EditableText(
        "What will they do?",
        widget=GovTextArea(),
        description="Write it as they said it: “We will …”.",
        validators=[NotBlank("Enter what they will do"), MaxChars(2000, "What they will do")],
    )
    owner = StringField(
        "Which organisation owns it?",
        widget=GovTextInput(),
        validators=[
            NotBlank("Enter the organisation that owns it"),
            Length(max=200, message="200 characters or fewer"),
        ],
    )
    due_on = GovDateField("When is it due?", what="the date it is due", description="For example, 31 3 2027")
    rag = RadioField("Rating now", widget=GovRadioInput(), choices=as_choices(RAG_CHOICES), validators=[Optional()])
    rung = RadioField(
        "How was the decision made? (the ladder of co-production)",
        widget=GovRadioInput(),
        choices=as_choices(RUNG_CHOICES),
        validators=[Optional()],
    )
    submit = SubmitField("Save the commitment", widget=GovSubmitInput())


class ProgressForm(FlaskForm):
    note = EditableText(
        "What has happened?",
        widget=GovTextArea(),
        validators=[NotBlank("Enter what has happened"), MaxChars(2000, "The note")],
    )
    status = RadioField("Status", widget=GovRadioInput(), choices=as_choices(STATUS_CHOICES))
    rag = RadioField("Rating now", widget=GovRadioInput(), choices=as_choices(RAG_CHOICES), validators=[Optional()])
    submit = SubmitField("Save progress", widget=GovSubmitInput())
