"""Forms for the theme board and theme pages."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length, ValidationError

from forum_feedback.web.fields import as_choices
from forum_feedback.web.routing import parse_ids

SORT_CHOICES = [
    ("size", "Most feedback"),
    ("change_30", "Biggest rise in 30 days"),
    ("change_90", "Biggest rise in 90 days"),
    ("negative", "Most negative"),
    ("label", "Name (A to Z)"),
]
DOES_NOT_FIT = "none"
MAX_SPLIT_PARTS = 3


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


class _ThemeChoice(SelectField):
    """A theme chosen from a list that starts with "Choose a theme": nothing is chosen until the rep chooses."""

    def __init__(self, label: str, *, message: str, **kwargs: Any) -> None:
        super().__init__(label, widget=GovSelect(), validate_choice=False, **kwargs)
        self.message = message

    def set_themes(self, themes: list[tuple[str, str]], *, extra: list[tuple[str, str]] = ()) -> None:
        self.choices = as_choices([("", "Choose a theme"), *themes, *extra])

    def pre_validate(self, form: FlaskForm) -> None:
        allowed = {choice.value for choice in self.choices if choice.value}
        if self.data not in allowed:
            raise ValidationError(self.message)

    @property
    def theme_id(self) -> int | None:
        """The chosen theme's id (None for "doesn't fit"); only after the form validated."""
        return None if self.data == DOES_NOT_FIT else int(self.data)


class MergeForm(FlaskForm):
    """Choose the theme to merge into (GET: it only opens the confirmation page)."""

    class Meta:
        csrf = False

    into = _ThemeChoice("Merge this theme into", message="Select the theme to merge this one into")
    submit = SubmitField("Merge themes", widget=GovSubmitInput())

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.into.set_themes(themes)


class ConfirmMergeForm(FlaskForm):
    into = HiddenField()
    submit = SubmitField("Yes, merge these themes", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    """Move the ticked feedback: nothing moves until at least one item and a theme are chosen."""

    feedback_ids = SelectMultipleField("Feedback to move", validate_choice=False, coerce=str)
    theme = _ThemeChoice("Move the selected feedback to", message="Choose where to move the selected feedback")
    submit = SubmitField("Move selected feedback", widget=GovSubmitInput())

    def __init__(self, *args: Any, themes: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.theme.set_themes(themes, extra=[(DOES_NOT_FIT, "Doesn't fit any theme")])

    def validate_feedback_ids(self, field: SelectMultipleField) -> None:
        if not self.chosen_ids():
            raise ValidationError("Select the feedback to move")

    def chosen_ids(self) -> list[int]:
        """The ticked ids that are whole numbers (anything else is ignored)."""
        return parse_ids(self.feedback_ids.data or [])


class SplitForm(FlaskForm):
    name_0 = StringField("Name for part 1", widget=GovTextInput(), validators=[Length(max=200)])
    name_1 = StringField("Name for part 2", widget=GovTextInput(), validators=[Length(max=200)])
    name_2 = StringField("Name for part 3", widget=GovTextInput(), validators=[Length(max=200)])
    submit = SubmitField("Split the theme", widget=GovSubmitInput())

    def names(self) -> list[str]:
        return [self.name_0.data or "", self.name_1.data or "", self.name_2.data or ""]


class ActionForm(FlaskForm):
    """A single button (apply, discard, rebuild, unpin, undo...)."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
