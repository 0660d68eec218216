"""The words shown for the forum's stored values (service areas, ages, areas, consent, channels)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from forum_feedback.taxonomy import CHANNELS, CONSENT_CHOICES
from forum_feedback.web.filters import RISK_CHOICES


def answer_labels(config: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """For each answer (named as its filter is), its stored values and the words for them."""
    return {
        "service": dict(config["SERVICE_AREAS"]),
        "age_band": dict(config["AGE_BANDS"]),
        "local_area": dict(config["LOCAL_AREAS"]),
        "consent": {str(value): label for value, label in CONSENT_CHOICES},
        "channel": {str(value): label for value, label in CHANNELS},
        "risk": dict(RISK_CHOICES),
    }
