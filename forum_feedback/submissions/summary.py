"""The rows of the check-your-answers page, in the family's own words and the forum's labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum_feedback.submissions.services import NOT_SAY
from forum_feedback.taxonomy import CONSENT_CHOICES

NOT_ANSWERED = "Not answered"
PREFER_NOT_TO_SAY = "Prefer not to say"


def _label(slug: str | None, choices: list[tuple[str, str]]) -> str:
    if not slug:
        return NOT_ANSWERED
    if slug == NOT_SAY:
        return PREFER_NOT_TO_SAY
    return dict(choices).get(slug, slug)


def _services(answers: Mapping[str, Any], service_areas: list[tuple[str, str]]) -> list[str]:
    labels = dict(service_areas)
    chosen = [labels[s] for s in answers.get("services") or [] if s in labels]
    if "other" in (answers.get("services") or []):
        chosen.append(f"Something else: {answers.get('service_other') or ''}".strip())
    return chosen


def _contact(answers: Mapping[str, Any]) -> list[str]:
    if not answers.get("contact"):
        return ["No, do not contact me"]
    lines = ["Yes, you can contact me about this"]
    if answers.get("contact_name"):
        lines.append(answers["contact_name"])
    lines.append(answers.get("contact_detail") or "")
    return lines


def check_rows(answers: Mapping[str, Any], config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each row: the question, the answer as lines of text, and the step that changes it."""
    rows = [
        ("Your experience", [answers.get("story") or ""], "experience", True),
        ("What it was about", _services(answers, config["SERVICE_AREAS"]) or [NOT_ANSWERED], "about", False),
        (
            "Age of the child or young person",
            [_label(answers.get("age_band"), config["AGE_BANDS"])],
            "age",
            False,
        ),
        ("Where you live", [_label(answers.get("local_area"), config["LOCAL_AREAS"])], "area", False),
        ("What would have helped", [answers.get("help") or NOT_ANSWERED], "what-would-help", True),
        (
            "How we may use your words",
            [_label(answers.get("consent") or "count", CONSENT_CHOICES)],
            "your-words",
            False,
        ),
        ("Contacting you", _contact(answers), "contact", False),
    ]
    return [{"key": key, "lines": lines, "step": step, "long": long} for key, lines, step, long in rows]
