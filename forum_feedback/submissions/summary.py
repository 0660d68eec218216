"""The rows of the check-your-answers page, in the family's own words and the forum's labels."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum_feedback.taxonomy import CONSENT_CHOICES

NOT_ANSWERED = "Not answered"


def _label(slug: str | None, choices: list[tuple[str, str]], *, none: str = NOT_ANSWERED) -> str:
    if slug is None:
        return none
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
    age = "Prefer not to say" if "age_band" in answers else NOT_ANSWERED
    area = "Prefer not to say" if "local_area" in answers else NOT_ANSWERED
    rows = [
        ("Your experience", [answers.get("story") or ""], "experience", True),
        ("What it was about", _services(answers, config["SERVICE_AREAS"]) or [NOT_ANSWERED], "about", False),
        (
            "Age of the child or young person",
            [_label(answers.get("age_band"), config["AGE_BANDS"], none=age)],
            "age",
            False,
        ),
        ("Where you live", [_label(answers.get("local_area"), config["LOCAL_AREAS"], none=area)], "area", False),
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
