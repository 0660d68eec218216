"""A deterministic synthetic corpus of family feedback, shaped like what a Parent Carer Forum receives.

``generate_corpus(end=date.today())`` returns about 1,800 fictional stories over 24 months: one-liners
typed on a phone and several-paragraph stories, notes a rep took at a coffee morning, young people
writing for themselves, praise as well as complaints, typos and acronyms, term-time rhythms (transport
at the start of term, annual reviews in the summer term, little in August), about 3% of items with
details a rep must redact and about 0.5% with a safeguarding concern. Everything comes from
``random.Random(seed)`` and the sentence fragments in ``forum_feedback.demo.fragments``, so the same
arguments always give the same corpus. Standard library only; 50,000 items take a few seconds.
"""

from __future__ import annotations

import calendar
import random
import re
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

from forum_feedback.demo import fragments as F
from forum_feedback.taxonomy import AGE_BANDS, CONSENT_CHOICES, LOCAL_AREAS, SERVICE_AREAS

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class DemoItem:
    """One piece of demo feedback, as a family (or a rep) would have sent it."""

    text: str  # the family's story
    what_would_help: str  # may be ""
    services: tuple[str, ...]  # service-area slugs (1-3), the main one first
    service_other: str  # usually "", sometimes free text for "something else"
    age_band: str | None  # age band slug, or None when not answered
    local_area: str | None  # local area slug, or None when not answered
    consent: str  # consent slug
    received_at: datetime  # timezone-aware UTC
    channel: str  # "online", or "rep" for notes a rep took


# --- shares (the acceptance criteria) ------------------------------------------------------------------

REP_SHARE = 0.07
YOUNG_PERSON_SHARE = 0.2  # of items where the young person is 13 or over and the topic is one they write about
IDENTIFIER_SHARE = 0.03
SAFEGUARDING_SHARE = 0.005
HELP_SHARE = 0.5
AGE_ANSWERED = 0.8
AREA_ANSWERED = 0.7
OTHER_SERVICE_SHARE = 0.04
CONSENT_WEIGHTS = {"count": 35, "quote_partners": 45, "quote_public": 20}
SENTIMENT_WEIGHTS = (("neg", 79), ("pos", 9), ("mixed", 12))
LENGTH_WEIGHTS = (("short", 18), ("medium", 48), ("long", 34))
SERVICE_COUNT_WEIGHTS = ((1, 55), (2, 33), (3, 12))
BOY_SHARE = 0.64

SERVICES: tuple[str, ...] = tuple(slug for slug, _ in SERVICE_AREAS if slug in F.TOPICS)
AGE_SLUGS: tuple[str, ...] = tuple(slug for slug, _ in AGE_BANDS)
AREA_SLUGS: tuple[str, ...] = tuple(slug for slug, _ in LOCAL_AREAS)
CONSENT_SLUGS: tuple[str, ...] = tuple(slug for slug, _ in CONSENT_CHOICES)

#: How often each service is the main topic, before the season is applied.
BASE_WEIGHTS: dict[str, float] = {
    "ehc-assessment": 11,
    "annual-reviews": 8,
    "la-send-team": 8,
    "camhs": 8,
    "autism-adhd-assessment": 8,
    "sen-support": 8,
    "transport": 7,
    "attendance-ebsa": 7,
    "exclusions": 7,
    "ehcp-quality": 5,
    "school-places": 5,
    "speech-language": 4,
    "social-care": 3.5,
    "ot-physio": 3,
    "short-breaks": 3,
    "adulthood": 3,
    "tribunal-complaints": 3,
    "health-services": 3,
    "early-years": 2.5,
    "equipment": 1.5,
    "personal-budgets": 1.5,
    "local-offer": 1.2,
}

#: Month-by-month factors (January first) for services with a seasonal rhythm; others are flat.
SEASON: dict[str, tuple[float, ...]] = {
    "transport": (1.6, 0.9, 0.8, 1.5, 0.8, 0.7, 0.8, 0.6, 3.2, 1.4, 0.9, 0.7),
    "annual-reviews": (0.6, 0.9, 1.0, 1.0, 1.7, 1.9, 1.8, 0.9, 0.8, 0.9, 0.65, 0.6),
    "exclusions": (1.3, 1.3, 1.3, 0.9, 1.0, 0.7, 0.6, 0.15, 0.9, 1.5, 1.5, 1.1),
    "attendance-ebsa": (1.3, 1.1, 1.1, 1.0, 1.0, 0.8, 0.7, 0.4, 1.6, 1.3, 1.2, 0.9),
    "short-breaks": (0.7, 0.9, 0.9, 1.0, 1.5, 2.0, 2.0, 1.3, 0.6, 0.9, 0.8, 1.3),
    "school-places": (1.1, 1.6, 1.8, 1.3, 1.0, 1.0, 1.1, 1.0, 1.4, 0.8, 0.8, 0.7),
    "adulthood": (1.0, 1.1, 1.4, 1.1, 1.1, 1.3, 1.3, 1.0, 1.0, 0.8, 0.8, 0.8),
    "early-years": (1.2, 1.0, 1.0, 1.2, 1.0, 1.0, 1.0, 0.8, 1.3, 1.0, 1.0, 0.9),
    "sen-support": (1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.3, 1.2, 1.2, 1.0, 0.9),
    "tribunal-complaints": (1.0, 1.0, 1.0, 1.0, 1.0, 1.2, 1.2, 0.9, 1.0, 1.0, 1.0, 0.9),
}
#: Transport complaints start to rise again in the last days of August.
LATE_AUGUST_TRANSPORT = 2.4
#: Services that grow over the two years (start factor, end factor): assessment delays getting worse.
TRENDS: dict[str, tuple[float, float]] = {
    "ehc-assessment": (0.8, 1.3),
    "la-send-team": (0.9, 1.15),
    "autism-adhd-assessment": (0.9, 1.2),
}
TREND_BUCKETS = 8

#: Overall volume by month: term-time rhythm, quiet August, quieter late December.
MONTH_VOLUME = (1.05, 0.95, 1.1, 0.85, 1.0, 1.1, 1.0, 0.45, 1.3, 1.1, 1.1, 0.85)
HOUR_WEIGHTS = (1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 4, 4, 4, 4, 3.5, 3, 3, 3.5, 4, 5, 6.5, 7, 5.5, 3)
REP_HOURS = (10, 11, 12, 13, 14, 15, 16, 19, 20)

#: Which age band a story about each service is likely to be about (weights for AGE_BANDS in order).
DEFAULT_AGES = (0.07, 0.43, 0.35, 0.11, 0.04)
AGE_PROFILES: dict[str, tuple[float, ...]] = {
    "early-years": (0.9, 0.1, 0, 0, 0),
    "adulthood": (0, 0, 0.2, 0.5, 0.3),
    "transport": (0.03, 0.42, 0.35, 0.17, 0.03),
    "camhs": (0, 0.25, 0.55, 0.17, 0.03),
    "attendance-ebsa": (0, 0.3, 0.6, 0.1, 0),
    "exclusions": (0.01, 0.5, 0.45, 0.04, 0),
    "autism-adhd-assessment": (0.15, 0.5, 0.3, 0.05, 0),
    "speech-language": (0.3, 0.55, 0.12, 0.03, 0),
    "ot-physio": (0.15, 0.55, 0.22, 0.06, 0.02),
    "school-places": (0.05, 0.5, 0.4, 0.05, 0),
    "sen-support": (0.02, 0.55, 0.4, 0.03, 0),
    "personal-budgets": (0.05, 0.35, 0.3, 0.15, 0.15),
    "health-services": (0.15, 0.4, 0.3, 0.1, 0.05),
}
AGE_RANGES: dict[str, tuple[int, int]] = {"0-4": (2, 4), "5-10": (5, 10), "11-15": (11, 15), "16-18": (16, 18)}
AGE_RANGES_DEFAULT = (19, 24)
AREA_WEIGHTS = (20, 22, 15, 16, 17, 10)

# --- slot values ------------------------------------------------------------------------------------------

CHILD_WORDS = {
    ("b", True): ("my son", "my son", "my little boy", "my eldest", "my youngest", "our son", "my boy"),
    ("b", False): ("my son", "my son", "my lad", "my eldest", "my youngest", "our son", "my boy"),
    ("g", True): ("my daughter", "my daughter", "my little girl", "my eldest", "my youngest", "our daughter"),
    ("g", False): ("my daughter", "my daughter", "my eldest", "my youngest", "our daughter", "my girl"),
}
REP_KEYS = frozenset({"parent", "parent_l", "pp", "po", "pkid", "pch"})
PRONOUNS = {"b": ("son", "he", "him", "his"), "g": ("daughter", "she", "her", "her")}
SPELLINGS: dict[str, tuple[str, ...]] = {
    "ehcp": ("EHCP", "EHCP", "EHCP", "EHC plan", "ehcp", "EHC Plan"),
    "senco": ("SENCO", "SENCO", "SENCo", "senco", "Senco", "SENDCo"),
    "camhs": ("CAMHS", "CAMHS", "CAMHS", "camhs", "Camhs"),
    "ep": ("ed psych", "EP", "educational psychologist", "Ed Psych", "EP"),
    "la": ("the LA", "the council", "the local authority", "the LA", "the council"),
    "salt": ("SALT", "speech therapy", "SaLT", "speech and language therapy", "SALT", "salt"),
    "ot": ("OT", "OT", "OT", "ot"),
    "cw": ("caseworker", "case worker", "case officer", "SEN officer", "caseworker"),
    "sendiass": ("SENDIASS", "SENDIASS", "Sendiass", "SENDIAS"),
}
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven")
LONG_WAITS = (
    "two years",
    "18 months",
    "over a year",
    "nearly three years",
    "2 years",
    "a year and a half",
    "three years",
    "over 2 years",
    "14 months",
    "almost two years",
)
NTH = ("second", "third", "third", "fourth", "fifth", "3rd", "4th")
HOURS = (
    "from 10 till 12",
    "for two hours a day",
    "for an hour a day",
    "three afternoons a week",
    "9 till 11 each day",
    "for 5 hours a week",
    "for mornings only",
)
NKIDS = ("two", "three", "four", "three kids", "2 kids", "five")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
MONTH_NAMES = tuple(calendar.month_name)[1:]


class _Choice(Generic[T]):
    """Values with their cumulative weights worked out once, for fast weighted picks."""

    def __init__(self, values: Sequence[T], weights: Sequence[float]) -> None:
        self.values = tuple(values)
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random) -> T:
        return self.values[bisect(self.cum, rng.random() * self.total)]


def _pairs(pairs: tuple[tuple[T, float], ...]) -> _Choice[T]:
    return _Choice([value for value, _ in pairs], [weight for _, weight in pairs])


def _number(rng: random.Random, low: int, high: int, words: float = 0.5) -> str:
    """A whole number in digits or (for small ones) words."""
    value = rng.randint(low, high)
    if value < len(NUMBER_WORDS) and rng.random() < words:
        return NUMBER_WORDS[value]
    return str(value)


def _months(rng: random.Random) -> str:
    value = _number(rng, 2, 14, words=0.4)
    return f"{value} months"


def _phone(rng: random.Random) -> str:
    """A number from Ofcom's drama range (07700 900000 to 900999), in a family's own format."""
    tail = f"{rng.randint(0, 999):03d}"
    return rng.choice((f"07700 900{tail}", f"07700900{tail}", f"07700 900 {tail}"))


def _email(rng: random.Random) -> str:
    first = rng.choice(F.GIRL_NAMES + F.BOY_NAMES).lower()
    surname = rng.choice(F.SURNAMES).lower().replace("'", "")
    user = rng.choice((f"{first}.{surname}", f"{first}{surname}{rng.randint(1, 99)}", f"{first[0]}{surname}"))
    return f"{user}@{rng.choice(('example.com', 'example.org'))}"


def _postcode(rng: random.Random) -> str:
    letters = rng.choice(F.POSTCODE_UNIT_LETTERS) + rng.choice(F.POSTCODE_UNIT_LETTERS)
    return f"{rng.choice(F.POSTCODE_DISTRICTS)} {rng.randint(1, 9)}{letters}"


def _school(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(F.SAINT_SCHOOLS)
    return f"{rng.choice(F.SCHOOL_STEMS)} {rng.choice(F.SCHOOL_KINDS)}"


class _Slots(dict[str, str]):
    """Slot values for one block of text.

    Values about the whole item (the child, the parent, how the family spells acronyms) come from the
    writer and stay the same across blocks; numbers, months and the like are chosen per block, the
    first time a template asks for them.
    """

    def __init__(self, writer: _Writer) -> None:
        super().__init__()
        self.writer = writer
        self.rng = writer.rng
        self.month = writer.month

    def __missing__(self, key: str) -> str:
        if key[0].isupper():
            value = self[key[0].lower() + key[1:]]
            value = value[:1].upper() + value[1:]
        else:
            value = self.writer.item_value(key)
            if value is None:
                value = self._make(key)
        self[key] = value
        return value

    def _make(self, key: str) -> str:  # noqa: C901 - one branch per slot
        rng = self.rng
        match key:
            case "weeks":
                return str(rng.randint(22, 58))
            case "months":
                return _months(rng)
            case "long":
                return rng.choice(LONG_WAITS)
            case "n":
                return _number(rng, 2, 6)
            case "nth":
                return rng.choice(NTH)
            case "pct":
                return str(rng.randrange(20, 80, 2))
            case "miles":
                return str(rng.randint(12, 45))
            case "hours":
                return rng.choice(HOURS)
            case "month":
                return MONTH_NAMES[(self.month - rng.randint(1, 8) - 1) % 12]
            case "day":
                return rng.choice(DAYS)
            case "feel":
                return rng.choice(F.FEELINGS)
            case "nkids":
                return rng.choice(NKIDS)
            case "venue":
                return rng.choice(F.VENUES)
            case "surname":
                return rng.choice(F.SURNAMES)
            case "school":
                return _school(rng)
            case "phone":
                return _phone(rng)
            case "email":
                return _email(rng)
            case "postcode":
                return _postcode(rng)
        raise KeyError(key)


# --- templates split by the child's gender ------------------------------------------------------------------


#: Template marks (see ``forum_feedback.demo.fragments``) and whether a (gender, age) fits each.
MARKS: dict[str, Callable[[str, int], bool]] = {
    "b": lambda gender, age: gender == "b",
    "g": lambda gender, age: gender == "g",
    "e": lambda gender, age: age < 5,
    "p": lambda gender, age: age < 11,
    "k": lambda gender, age: age >= 5,
    "m": lambda gender, age: age >= 8,
    "q": lambda gender, age: age < 17,
    "s": lambda gender, age: age >= 11,
    "a": lambda gender, age: age >= 16,
}
#: The age stages the marks tell apart: where each starts, and one age in each.
STAGE_STARTS = (5, 8, 11, 16, 17)
STAGE_AGES = (3, 6, 9, 13, 16, 18)
GENDERS = ("b", "g")


def _stage(age: int) -> int:
    return bisect(STAGE_STARTS, age)


def _fitting(templates: tuple[str, ...], gender: str, age: int) -> tuple[str, ...]:
    """The templates whose marks all fit the child, with the marks taken off."""
    kept = []
    for template in templates:
        fits = True
        while template[1:2] == ":" and template[0] in MARKS:
            fits = fits and MARKS[template[0]](gender, age)
            template = template[2:]
        if fits:
            kept.append(template)
    return tuple(kept)


def _topic_for(topic: F.Topic, gender: str, age: int) -> F.Topic:
    return F.Topic(*(_fitting(field, gender, age) if isinstance(field, tuple) else field for field in topic))


#: Topics and intros as they fit each (gender, stage).
TOPICS_FOR: dict[tuple[str, int], dict[str, F.Topic]] = {
    (gender, stage): {slug: _topic_for(topic, gender, age) for slug, topic in F.TOPICS.items()}
    for gender in GENDERS
    for stage, age in enumerate(STAGE_AGES)
}
INTROS_FOR: dict[tuple[str, int], tuple[str, ...]] = {
    (gender, stage): _fitting(F.INTROS, gender, age) for gender in GENDERS for stage, age in enumerate(STAGE_AGES)
}


# --- the calendar ------------------------------------------------------------------------------------------


def _months_before(end: date, months: int) -> date:
    year, month = divmod(end.year * 12 + end.month - 1 - months, 12)
    month += 1
    return date(year, month, min(end.day, calendar.monthrange(year, month)[1]))


def _day_weight(day: date, progress: float) -> float:
    """How busy a day is: term-time rhythm, weekends, quiet Christmas and August, slow growth."""
    weight = MONTH_VOLUME[day.month - 1]
    if day.month == 8:
        weight *= 1.6 if day.day >= 21 else 0.8
    elif day.month == 12 and day.day >= 20:
        weight *= 0.35
    elif day.month == 9 and day.day <= 10:
        weight *= 1.3
    if day.weekday() >= 5:
        weight *= 0.7
    return weight * (0.85 + 0.3 * progress)


def _service_weights(month: int, late_august: bool, bucket: int) -> list[float]:
    """Cumulative weights of the main service for a month (and point in the two years)."""
    progress = bucket / max(TREND_BUCKETS - 1, 1)
    weights = []
    for slug in SERVICES:
        weight = BASE_WEIGHTS.get(slug, 2.0) * SEASON.get(slug, (1.0,) * 12)[month - 1]
        if slug == "transport" and late_august:
            weight = BASE_WEIGHTS[slug] * LATE_AUGUST_TRANSPORT
        low, high = TRENDS.get(slug, (1.0, 1.0))
        weights.append(weight * (low + (high - low) * progress))
    return list(accumulate(weights))


# --- text helpers ---------------------------------------------------------------------------------------------


def _link(connective: str, sentence: str) -> str:
    """Join a connective to a sentence, lower-casing its first word unless that is "I" or an acronym."""
    if not connective:
        return sentence
    first = sentence.split(" ", 1)[0]
    if first == "I" or first.startswith("I'") or first[1:2].isupper():
        return connective + sentence
    return connective + sentence[:1].lower() + sentence[1:]


_WORD = re.compile(r"\b[a-z]{4,}\b")
_CONTRACTION = re.compile(r"(\w)['’](\w)")
MISSPELLINGS = {
    "assessment": "assesment",
    "really": "realy",
    "because": "becuase",
    "until": "untill",
    "received": "recieved",
    "separate": "seperate",
    "definitely": "definately",
    "tomorrow": "tommorow",
    "necessary": "neccessary",
    "appointment": "appointmnet",
    "which": "wich",
    "their": "there",
    "believe": "beleive",
    "anxious": "anxous",
    "going": "goin",
}


def _typo(word: str, rng: random.Random) -> str:
    """Double, swap or drop one letter, or use a common misspelling."""
    if word in MISSPELLINGS and rng.random() < 0.6:
        return MISSPELLINGS[word]
    i = rng.randint(1, len(word) - 2)
    kind = rng.random()
    if kind < 0.4:
        return word[:i] + word[i] + word[i:]
    if kind < 0.8:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _add_typos(text: str, rng: random.Random, rate: float) -> str:
    return _WORD.sub(lambda m: _typo(m.group(), rng) if rng.random() < rate else m.group(), text)


def _style(text: str, rng: random.Random) -> str:
    """Make typed text look typed: typos, lost apostrophes, lower case, loose punctuation."""
    if rng.random() < 0.25:
        text = _add_typos(text, rng, rng.choice((0.02, 0.04, 0.07)))
    if rng.random() < 0.15:
        text = _CONTRACTION.sub(r"\1\2", text)
    if rng.random() < 0.08:
        text = text.replace(" because ", " cos ").replace(" and ", " & ")
    if rng.random() < 0.07:
        text = text.lower().replace("i'm", "im" if rng.random() < 0.5 else "i'm")
    if rng.random() < 0.05:
        text = text.replace(". ", "... ")
    if rng.random() < 0.04:
        text = text.rstrip(".") + "!!"
    elif rng.random() < 0.1:
        text = text.rstrip(".")
    return text


def _insert_sentence(text: str, sentence: str, rng: random.Random) -> str:
    """Put a sentence at a sentence boundary (or the end) of a text."""
    cuts = [m.end() for m in re.finditer(r"[.!?] ", text)]
    if not cuts or rng.random() < 0.4:
        joiner = "" if not text else (" " if text[-1] in ".!?" else ". ")
        return text + joiner + sentence
    cut = rng.choice(cuts)
    return text[:cut] + sentence + " " + text[cut:]


# --- one item ------------------------------------------------------------------------------------------------


class _Writer:
    """Writes the text of one item: chooses slot values once, then fills templates."""

    def __init__(self, rng: random.Random, gender: str, age: int, month: int) -> None:
        self.rng = rng
        self.gender = gender
        self.age = age
        self.month = month
        self.topics = TOPICS_FOR[gender, _stage(age)]
        self.intros = INTROS_FOR[gender, _stage(age)]
        self.used: set[str] = set()  # templates already used in this item
        self.base = self._base()

    def _base(self) -> dict[str, str]:
        kid, he, him, his = PRONOUNS[self.gender]
        return {
            "ch": self.rng.choice(CHILD_WORDS[self.gender, self.age < 11]),
            "kid": kid,
            "he": he,
            "him": him,
            "his": his,
            "age": str(self.age),
        }

    def item_value(self, key: str) -> str | None:
        """A value that stays the same for the whole item, chosen on first use (None if ``key`` is not one)."""
        if key not in self.base:
            rng = self.rng
            if key in SPELLINGS:
                self.base[key] = rng.choice(SPELLINGS[key])
            elif key == "yr":
                self.base[key] = _year_group(self.age, rng)
            elif key == "cond":
                self.base[key] = rng.choice(F.CONDITIONS_YOUNG if self.age < 5 else F.CONDITIONS)
            elif key == "age_younger":
                self.base[key] = str(max(2, self.age - rng.randint(2, 5)))
            elif key in REP_KEYS:
                self._choose_parent()
            else:
                return None
        return self.base[key]

    def _choose_parent(self) -> None:
        """Who the rep spoke to, and the words a rep uses for them."""
        parent, pp, po, relation = self.rng.choice(F.REP_PARENTS)
        lower = parent if parent.startswith(("Mum", "Dad")) else f"a {parent.lower()}".replace("a a ", "a ")
        pkid = relation + self.base["kid"]
        self.base |= {"parent": parent, "parent_l": lower, "pp": pp, "po": po, "pkid": pkid, "pch": f"{pp} {pkid}"}

    def fill(self, template: str, slots: _Slots | None = None) -> str:
        return template.format_map(slots if slots is not None else self.slots())

    def slots(self) -> _Slots:
        return _Slots(self)

    def pick(self, templates: tuple[str, ...], slots: _Slots | None = None) -> str:
        return self.fill(self.rng.choice(templates), slots)

    def block(self, slug: str, positive: bool, count: int) -> list[str]:
        """``count`` different sentences about one service, sharing their numbers."""
        topic = self.topics[slug]
        pool = [t for t in (topic.pos if positive and topic.pos else topic.neg) if t not in self.used]
        chosen = self.rng.sample(pool, min(count, len(pool)))
        self.used.update(chosen)
        slots = self.slots()
        return [self.fill(t, slots) for t in chosen]


def _year_group(age: int, rng: random.Random) -> str:
    """The child's school year in one of the ways parents write it."""
    if age <= 3:
        return "nursery"
    if age == 4:
        return "reception"
    if age <= 15:
        year = age - 4
        return rng.choice((f"Year {year}", f"Year {year}", f"year {year}", f"Y{year}", f"yr {year}"))
    if age <= 17:
        return rng.choice(("sixth form", "college", f"Year {age - 4}"))
    return "college"


@dataclass
class _Plan:
    """What one item is about, before any words are written."""

    services: tuple[str, ...]
    sentiment: str
    length: str
    voice: str  # "parent", "young_person" or "rep"


def _blocks(writer: _Writer, plan: _Plan, sizes: list[int]) -> list[list[str]]:
    """Sentences per service block, with praise and complaints joined the way people write them."""
    rng = writer.rng
    positives = [plan.sentiment == "pos"] * len(sizes)
    if plan.sentiment == "mixed":
        positives[0 if rng.random() < 0.5 else -1] = True
        if len(positives) == 1:
            positives.append(False)
            sizes = [1, max(1, sizes[0] - 1)]
    services = list(plan.services) + [plan.services[0]] * (len(sizes) - len(plan.services))
    blocks = [writer.block(slug, pos, size) for slug, pos, size in zip(services, positives, sizes, strict=True)]
    kept = [(block, pos, slug) for block, pos, slug in zip(blocks, positives, services, strict=True) if block]
    blocks, positives = [block for block, _, _ in kept], [pos for _, pos, _ in kept]
    plan.services = tuple(dict.fromkeys(slug for _, _, slug in kept))  # only the services the text is about
    for i in range(1, len(blocks)):
        turn = positives[i] != positives[i - 1]
        links = (F.GOOD_LINKS if positives[i] else F.BUT_LINKS) if turn else F.CONNECTIVES
        blocks[i][0] = _link(rng.choice(links), blocks[i][0])
    return blocks


def _short_text(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    if plan.sentiment == "pos" or len(plan.services) == 1 or rng.random() < 0.5:
        plan.services = plan.services[:1]
        if plan.sentiment == "pos":
            return writer.block(plan.services[0], True, 1)[0]
        return writer.pick(writer.topics[plan.services[0]].short)
    plan.services = plan.services[:2]
    first, second = (writer.pick(writer.topics[slug].short) for slug in plan.services)
    return first + rng.choice((" and ", ". ", ", ")) + second


def _medium_text(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    sizes = [rng.choice((1, 1, 2))] + [1] * (len(plan.services) - 1)
    sentences = [s for block in _blocks(writer, plan, sizes) for s in block]
    if rng.random() < 0.35:
        sentences.insert(0, writer.pick(writer.intros))
    if rng.random() < 0.3:
        sentences.append(writer.pick(F.POSITIVE_CLOSERS if plan.sentiment == "pos" else F.CLOSERS))
    return " ".join(sentences)


def _long_text(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    if len(plan.services) == 1:
        sizes = [rng.randint(2, 3), rng.randint(1, 3)]
    else:
        sizes = [rng.randint(2, 3)] + [rng.randint(1, 3) for _ in plan.services[1:]]
    blocks = [" ".join(block) for block in _blocks(writer, plan, sizes)]
    if plan.sentiment == "neg" and len(blocks) > 2 and rng.random() < 0.3:
        blocks[1] = rng.choice(F.STANDALONE_LINKS) + " " + blocks[1]
    head = [writer.pick(F.OPENERS)] if rng.random() < 0.4 else []
    if rng.random() < 0.85:
        head.append(writer.pick(writer.intros))
    closers = F.POSITIVE_CLOSERS if plan.sentiment == "pos" else F.CLOSERS
    tail = [writer.fill(closer) for closer in rng.sample(closers, rng.choice((1, 1, 2)))]
    paragraphs = [" ".join(head + blocks[:1]), *blocks[1:], " ".join(tail)]
    return ("\n\n" if rng.random() < 0.6 else " ").join(p for p in paragraphs if p)


def _young_person_text(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    negative, positive = (_fitting(pool, writer.gender, writer.age) for pool in F.YOUNG_PEOPLE[plan.services[0]])
    pool = positive if (plan.sentiment == "pos" and positive) or not negative else negative
    text = writer.pick(pool)
    if rng.random() < 0.5:
        text += " " + rng.choice(F.YOUNG_PERSON_EXTRA)
    return text


def _rep_text(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    topics = writer.topics
    if plan.sentiment == "pos":
        slots = writer.slots()
        slots["team"] = topics[plan.services[0]].team
        return writer.fill(rng.choice(F.REP_POSITIVE), slots)
    slots = writer.slots()
    slots["note"] = writer.pick(topics[plan.services[0]].notes, slots)
    parts = [writer.fill(rng.choice(F.REP_FRAMES), slots)]
    for slug, frame in zip(plan.services[1:], rng.sample(F.REP_SECOND, len(plan.services) - 1), strict=True):
        second = writer.slots()
        second["note"] = writer.pick(topics[slug].notes, second)
        parts.append(writer.fill(frame, second))
    if rng.random() < 0.7:
        parts.append(rng.choice(F.REP_TAILS))
    return " ".join(parts)


def _write(writer: _Writer, plan: _Plan) -> str:
    if plan.voice == "rep":
        return _rep_text(writer, plan)
    if plan.voice == "young_person":
        return _young_person_text(writer, plan)
    if plan.length == "short":
        return _short_text(writer, plan)
    if plan.length == "medium":
        return _medium_text(writer, plan)
    return _long_text(writer, plan)


def _add_identifiers(text: str, writer: _Writer) -> str:
    """Add one or two details a rep must redact: the child's name, a teacher, a school, a phone number..."""
    rng = writer.rng
    for _ in range(rng.choice((1, 1, 2))):
        pch = writer.base.get("pch", "")
        child = pch if pch and pch in text else writer.base["ch"]
        name = rng.choice(F.BOY_NAMES if writer.gender == "b" else F.GIRL_NAMES)
        if rng.random() < 0.45 and child in text:
            text = text.replace(child, f"{child} {name}", 1)
        elif rng.random() < 0.45 and child.capitalize() in text:
            text = text.replace(child.capitalize(), f"{child.capitalize()} {name}", 1)
        else:
            text = _insert_sentence(text, writer.pick(F.IDENTIFIER_SENTENCES), rng)
    return text


def _add_safeguarding(text: str, writer: _Writer, rep: bool) -> str:
    """Add a sober disclosure that a child or parent may be at risk."""
    sentence = writer.pick(_fitting(F.SAFEGUARDING_SENTENCES, writer.gender, writer.age))
    if rep:
        sentence = f"Also said: '{sentence}' Passed to safeguarding lead."
    return _insert_sentence(text, sentence, writer.rng)


def _help(writer: _Writer, plan: _Plan) -> str:
    rng = writer.rng
    if plan.voice == "young_person":
        text = rng.choice(F.YOUNG_PERSON_HELP)
    elif rng.random() < 0.55:
        text = writer.pick(writer.topics[plan.services[0]].help)
    else:
        text = rng.choice(F.GENERIC_HELP)
    if rng.random() < 0.15:
        text = text.lower()
    elif rng.random() < 0.3:
        text += "."
    return text


# --- the corpus ------------------------------------------------------------------------------------------------


class _Generator:
    """Holds the seeded random source and the per-month weight tables."""

    def __init__(self, rng: random.Random, start: date, end: date) -> None:
        self.rng = rng
        self.start = start
        self.span = max((end - start).days, 1)
        self.days = [start + timedelta(days=i) for i in range(1, self.span + 1)]
        self.day_cum = list(accumulate(_day_weight(d, i / self.span) for i, d in enumerate(self.days, 1)))
        self._service_cum: dict[tuple[int, bool, int], list[float]] = {}
        self.sentiments = _pairs(SENTIMENT_WEIGHTS)
        self.lengths = _pairs(LENGTH_WEIGHTS)
        self.service_counts = _pairs(SERVICE_COUNT_WEIGHTS)
        self.hours = _Choice(range(24), HOUR_WEIGHTS)
        self.consents = _Choice(CONSENT_SLUGS, [CONSENT_WEIGHTS.get(slug, 1) for slug in CONSENT_SLUGS])
        self.ages = {slug: _Choice(AGE_SLUGS, AGE_PROFILES.get(slug, DEFAULT_AGES)) for slug in SERVICES}
        area_weights = [AREA_WEIGHTS[i] if i < len(AREA_WEIGHTS) else 10 for i in range(len(AREA_SLUGS))]
        self.areas = _Choice(AREA_SLUGS, area_weights)
        rural = [w * 3 if slug == "rural" else w for slug, w in zip(AREA_SLUGS, area_weights, strict=True)]
        self.areas_for_transport = _Choice(AREA_SLUGS, rural)

    def main_service(self, day: date) -> str:
        bucket = min(TREND_BUCKETS - 1, (day - self.start).days * TREND_BUCKETS // self.span)
        key = (day.month, day.month == 8 and day.day >= 20, bucket)
        if key not in self._service_cum:
            self._service_cum[key] = _service_weights(*key)
        cum = self._service_cum[key]
        return SERVICES[bisect(cum, self.rng.random() * cum[-1])]

    def age_band(self, slug: str) -> str:
        return self.ages[slug].pick(self.rng)

    def other_services(self, main: str, band: str) -> tuple[str, ...]:
        """Up to two related services that fit the child's age."""
        count = self.service_counts.pick(self.rng) - 1
        band_index = AGE_SLUGS.index(band)
        related = [s for s in F.RELATED.get(main, ()) if s in SERVICES]
        related = [s for s in related if AGE_PROFILES.get(s, DEFAULT_AGES)[band_index] > 0]
        return tuple(self.rng.sample(related, min(count, len(related))))

    def received_at(self, day: date, rep: bool) -> datetime:
        rng = self.rng
        hour = rng.choice(REP_HOURS) if rep else self.hours.pick(rng)
        return datetime(day.year, day.month, day.day, hour, rng.randrange(60), rng.randrange(60), tzinfo=UTC)

    def plan(self, main: str, band: str, age: int) -> _Plan:
        rng = self.rng
        services = (main, *self.other_services(main, band))
        voice = "rep" if rng.random() < REP_SHARE else "parent"
        if voice == "parent" and age >= 13 and main in F.YOUNG_PEOPLE and rng.random() < YOUNG_PERSON_SHARE:
            voice, services = "young_person", (main,)
        sentiment = self.sentiments.pick(rng)
        if voice == "rep" and sentiment == "mixed":
            sentiment = "neg"
        return _Plan(services, sentiment, self.lengths.pick(rng), voice)

    def item(self, day: date) -> DemoItem:
        rng = self.rng
        main = self.main_service(day)
        band = self.age_band(main)
        low, high = AGE_RANGES.get(band, AGE_RANGES_DEFAULT)
        age = rng.randint(low, high)
        plan = self.plan(main, band, age)
        writer = _Writer(rng, "b" if rng.random() < BOY_SHARE else "g", age, day.month)
        text = _write(writer, plan)
        other = ""
        if plan.voice == "parent" and rng.random() < OTHER_SERVICE_SHARE:
            other, said = rng.choice(F.OTHER_SERVICES)
            text = _insert_sentence(text, writer.fill(said), rng)
        if plan.voice != "rep":
            text = _style(text, rng)
        if rng.random() < IDENTIFIER_SHARE:
            text = _add_identifiers(text, writer)
        if rng.random() < SAFEGUARDING_SHARE:
            text = _add_safeguarding(text, writer, plan.voice == "rep")
        help_share = HELP_SHARE / 2 if plan.voice == "rep" else HELP_SHARE
        return DemoItem(
            text=text,
            what_would_help=_help(writer, plan) if rng.random() < help_share else "",
            services=plan.services,
            service_other=other,
            age_band=band if rng.random() < AGE_ANSWERED else None,
            local_area=self.local_area(plan.services) if rng.random() < AREA_ANSWERED else None,
            consent=self.consents.pick(rng),
            received_at=self.received_at(day, plan.voice == "rep"),
            channel="rep" if plan.voice == "rep" else "online",
        )

    def local_area(self, services: tuple[str, ...]) -> str:
        """Rural families write about transport more often."""
        areas = self.areas_for_transport if "transport" in services else self.areas
        return areas.pick(self.rng)


def generate_corpus(*, n_items: int = 1800, months: int = 24, end: date, seed: int = 2026) -> list[DemoItem]:
    """``n_items`` fictional feedback items received over the ``months`` up to ``end``, oldest first.

    The same arguments always give the same list. Items fall on days after ``end`` minus ``months``
    and up to and including ``end``; times are UTC.
    """
    if n_items < 0 or months < 1:
        raise ValueError("n_items must be 0 or more and months 1 or more")
    rng = random.Random(seed)
    generator = _Generator(rng, _months_before(end, months), end)
    days = rng.choices(generator.days, cum_weights=generator.day_cum, k=n_items)
    items = [generator.item(day) for day in days]
    items.sort(key=lambda item: item.received_at)
    return items
