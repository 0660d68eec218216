"""Default lists a forum can edit: service areas, age bands, local areas and partners.

These are defaults only. A forum overrides them in ``instance/config.py`` with the settings
``SERVICE_AREAS``, ``AGE_BANDS``, ``LOCAL_AREAS`` and ``PARTNERS`` (lists of ``(slug, label)`` pairs), so the
rest of the code reads them from the app config, never from this module directly.
"""

from __future__ import annotations

from forum_feedback.enums import Channel, Consent

#: Service areas families talk about (from the forums' own starting taxonomy).
SERVICE_AREAS: list[tuple[str, str]] = [
    ("ehc-assessment", "EHC needs assessment and how long it takes"),
    ("ehcp-quality", "What the EHC plan says and how good it is"),
    ("annual-reviews", "Annual reviews"),
    ("la-send-team", "Talking to the council's SEND team"),
    ("school-places", "School places and specialist placements"),
    ("exclusions", "Exclusions, part-time timetables and being sent home"),
    ("sen-support", "SEN support in mainstream school"),
    ("attendance-ebsa", "School attendance and anxiety about school (EBSA)"),
    ("autism-adhd-assessment", "Waiting for an autism or ADHD assessment"),
    ("camhs", "CAMHS and mental health"),
    ("speech-language", "Speech and language therapy"),
    ("ot-physio", "Occupational therapy and physiotherapy"),
    ("equipment", "Equipment and adaptations"),
    ("short-breaks", "Short breaks and respite"),
    ("social-care", "Social care and the disabled children's team"),
    ("transport", "Home-to-school transport"),
    ("adulthood", "Preparing for adulthood and moving to adult services"),
    ("tribunal-complaints", "Tribunals, mediation and complaints"),
    ("personal-budgets", "Personal budgets and direct payments"),
    ("local-offer", "The Local Offer website"),
    ("early-years", "Early years (before school)"),
    ("health-services", "Health services: GP, hospital and community paediatrics"),
]

#: Age band or stage of the child or young person.
AGE_BANDS: list[tuple[str, str]] = [
    ("0-4", "Under 5 (early years)"),
    ("5-10", "5 to 10 (primary school)"),
    ("11-15", "11 to 15 (secondary school)"),
    ("16-18", "16 to 18 (sixth form, college or training)"),
    ("19-25", "19 to 25 (young adult)"),
]

#: Local areas within the forum's local authority (demo values; a forum sets its own).
LOCAL_AREAS: list[tuple[str, str]] = [
    ("north", "North"),
    ("south", "South"),
    ("east", "East"),
    ("west", "West"),
    ("town-centre", "Town centre"),
    ("rural", "Rural villages"),
]

#: Who an evidence pack goes to (a forum sets its own with the PARTNERS setting).
PARTNERS: list[tuple[str, str]] = [
    ("la-send", "Local authority SEND service"),
    ("icb-health", "Integrated care board (health)"),
    ("social-care", "Children's social care"),
    ("schools", "Schools and settings"),
    ("other", "Other partner"),
]

#: How the family lets the forum use their words, least to most open.
CONSENT_CHOICES: list[tuple[str, str]] = [
    (Consent.COUNT, "Count it only: do not quote my words"),
    (Consent.QUOTE_PARTNERS, "Quote my words anonymously to the people who run services"),
    (Consent.QUOTE_PUBLIC, "Quote my words anonymously in public too, for example in a newsletter or report"),
]

#: Where a piece of feedback came from.
CHANNELS: list[tuple[str, str]] = [
    (Channel.ONLINE, "Online form"),
    (Channel.IMPORT, "Survey import"),
    (Channel.REP, "Taken by a rep"),
    (Channel.DEMO, "Demo data"),
]
