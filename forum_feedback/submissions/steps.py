"""The question pages, in order: which form each shows and which answers it keeps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm

from forum_feedback.submissions import forms
from forum_feedback.submissions.services import NOT_SAY

NOT_SAY_CHOICE = (NOT_SAY, "Prefer not to say")


@dataclass(frozen=True)
class Step:
    """One question page: its URL slug, title, template, form and how its fields map to saved answers."""

    slug: str
    title: str
    template: str
    make_form: Callable[..., FlaskForm]
    fields: dict[str, str]  # form field name -> answer key
    # "Prefer not to say" is kept as its own answer (NOT_SAY), which is not the same as skipping the
    # question (None): the check page shows each as it is, and the stored feedback has neither.
    offers_not_say: bool = False

    def answers_from(self, form: FlaskForm) -> dict[str, Any]:
        return {key: getattr(form, field).data for field, key in self.fields.items()}

    def form_data(self, answers: dict[str, Any]) -> dict[str, Any]:
        return {field: answers.get(key) for field, key in self.fields.items()}


def _config(key: str) -> Any:
    return current_app.config[key]


def _experience_form(**kwargs: Any) -> FlaskForm:
    return forms.ExperienceForm(max_length=_config("STORY_MAX_CHARS"), **kwargs)


def _about_form(**kwargs: Any) -> FlaskForm:
    return forms.AboutForm(service_areas=_config("SERVICE_AREAS"), **kwargs)


def _choice_form_age(**kwargs: Any) -> FlaskForm:
    return forms.ChoiceForm(
        label="How old is the child or young person? (optional)",
        hint="If your feedback is about more than one child, choose the one it is mostly about.",
        choices=[*_config("AGE_BANDS"), NOT_SAY_CHOICE],
        error="Select how old the child or young person is, or select ‘Prefer not to say’",
        **kwargs,
    )


def _choice_form_area(**kwargs: Any) -> FlaskForm:
    return forms.ChoiceForm(
        label="Which part of the area do you live in? (optional)",
        hint="This helps us see if something is happening in one place more than others.",
        choices=[*_config("LOCAL_AREAS"), NOT_SAY_CHOICE],
        error="Select where you live, or select ‘Prefer not to say’",
        **kwargs,
    )


def _help_form(**kwargs: Any) -> FlaskForm:
    return forms.HelpForm(max_length=_config("HELP_MAX_CHARS"), **kwargs)


STEPS: tuple[Step, ...] = (
    Step(
        "experience",
        "Tell us about your experience",
        "submissions/experience.html",
        _experience_form,
        {"story": "story"},
    ),
    Step(
        "about",
        "What was it about?",
        "submissions/about.html",
        _about_form,
        {"services": "services", "service_other": "service_other"},
    ),
    Step(
        "age",
        "How old is the child or young person?",
        "submissions/choice.html",
        _choice_form_age,
        {"choice": "age_band"},
        offers_not_say=True,
    ),
    Step(
        "area",
        "Which part of the area do you live in?",
        "submissions/choice.html",
        _choice_form_area,
        {"choice": "local_area"},
        offers_not_say=True,
    ),
    Step("what-would-help", "What would have helped?", "submissions/help.html", _help_form, {"help": "help"}),
    Step(
        "your-words",
        "How may we use your words?",
        "submissions/consent.html",
        forms.ConsentForm,
        {"consent": "consent"},
    ),
    Step(
        "contact",
        "Can we contact you?",
        "submissions/contact.html",
        forms.ContactForm,
        {"contact": "contact", "contact_name": "contact_name", "contact_detail": "contact_detail"},
    ),
)

STEP_BY_SLUG = {step.slug: step for step in STEPS}


def previous_slug(slug: str) -> str | None:
    """The step before this one, or None for the first."""
    index = [step.slug for step in STEPS].index(slug)
    return STEPS[index - 1].slug if index > 0 else None


def next_slug(slug: str) -> str | None:
    """The step after this one, or None for the last (then comes check your answers)."""
    index = [step.slug for step in STEPS].index(slug)
    return STEPS[index + 1].slug if index + 1 < len(STEPS) else None
