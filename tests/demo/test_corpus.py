"""The synthetic demo corpus: deterministic, valid against the taxonomy, and shaped like real feedback."""

from __future__ import annotations

import hashlib
import os
import random
import re
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from forum_feedback.demo import corpus
from forum_feedback.demo import fragments as F
from forum_feedback.demo.corpus import DemoItem, generate_corpus
from forum_feedback.taxonomy import AGE_BANDS, CONSENT_CHOICES, LOCAL_AREAS, SERVICE_AREAS

END = date(2026, 1, 15)
ROOT = Path(__file__).resolve().parents[2]

SERVICE_SLUGS = {slug for slug, _ in SERVICE_AREAS}
AGE_SLUGS = {slug for slug, _ in AGE_BANDS}
AREA_SLUGS = {slug for slug, _ in LOCAL_AREAS}
CONSENT_SLUGS = {slug for slug, _ in CONSENT_CHOICES}

_NAMES = "|".join(F.BOY_NAMES + F.GIRL_NAMES)
IDENTIFIER = re.compile(
    r"07700 ?900 ?\d{3}"
    r"|@example\.(?:com|org)\b"
    r"|\b(?:Mrs|Mr|Ms|Dr) [A-Z]"
    r"|\bSt [A-Z]|\b[A-Z][a-z']+ (?:Primary|Academy|Junior School|High School|Infant School|Nursery)\b"
    r"|\b(?:" + "|".join(F.POSTCODE_DISTRICTS) + r") \d[A-Z]{2}\b"
    r"|\b(?:" + _NAMES + r")\b"
)
POSITIVE = re.compile(
    r"brilliant|amazing|fantastic|wonderful|great|grateful|thank|lifeline|helpful|really good|really well|positive",
    re.IGNORECASE,
)


@pytest.fixture(scope="module")
def items() -> list[DemoItem]:
    return generate_corpus(end=END)


def _share(items: list[DemoItem], test) -> float:
    return sum(1 for item in items if test(item)) / len(items)


def _service_share(items: list[DemoItem], slug: str, months: set[int]) -> float:
    chosen = [item for item in items if item.received_at.month in months]
    return _share(chosen, lambda item: slug in item.services)


def _digest(items: list[DemoItem]) -> str:
    return hashlib.sha256(repr(items).encode()).hexdigest()


def test_same_arguments_give_the_same_corpus() -> None:
    first = generate_corpus(n_items=400, end=END, seed=7)
    assert generate_corpus(n_items=400, end=END, seed=7) == first
    assert generate_corpus(n_items=400, end=END, seed=8) != first


def test_corpus_does_not_depend_on_string_hashing() -> None:
    code = (
        "import hashlib, datetime; from forum_feedback.demo.corpus import generate_corpus; "
        "print(hashlib.sha256(repr(generate_corpus(n_items=300, end=datetime.date(2026, 1, 15))).encode()).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == _digest(generate_corpus(n_items=300, end=END))


def test_count_and_span(items: list[DemoItem]) -> None:
    assert len(items) == 1800
    times = [item.received_at for item in items]
    assert times == sorted(times)
    assert all(t.tzinfo is not None and t.utcoffset() == timedelta(0) for t in times)
    assert times[0] > datetime(2024, 1, 15, tzinfo=UTC)
    assert times[-1] < datetime(2026, 1, 16, tzinfo=UTC)
    assert (times[-1] - times[0]).days >= 700
    assert len({(t.year, t.month) for t in times}) >= 24


def test_other_sizes_and_periods() -> None:
    assert generate_corpus(n_items=0, end=END) == []
    short = generate_corpus(n_items=50, months=3, end=END)
    assert len(short) == 50
    assert all(
        datetime(2025, 10, 15, tzinfo=UTC) < item.received_at < datetime(2026, 1, 16, tzinfo=UTC) for item in short
    )
    with pytest.raises(ValueError):
        generate_corpus(n_items=-1, end=END)


def test_covers_the_service_areas_with_the_big_ones_biggest(items: list[DemoItem]) -> None:
    counts = Counter(slug for item in items for slug in item.services)
    assert len(counts) >= 18
    assert set(counts) == SERVICE_SLUGS
    top = {slug for slug, _ in counts.most_common(10)}
    assert {"ehc-assessment", "la-send-team", "camhs", "autism-adhd-assessment"} <= top
    for small in ("local-offer", "equipment", "personal-budgets"):
        assert counts[small] < counts["ehc-assessment"] / 3


def test_every_value_is_a_taxonomy_slug(items: list[DemoItem]) -> None:
    for item in items:
        assert 1 <= len(item.services) <= 3
        assert len(set(item.services)) == len(item.services)
        assert set(item.services) <= SERVICE_SLUGS
        assert item.age_band is None or item.age_band in AGE_SLUGS
        assert item.local_area is None or item.local_area in AREA_SLUGS
        assert item.consent in CONSENT_SLUGS
        assert item.channel in {"online", "rep"}
        assert item.text.strip()
        assert "{" not in item.text and "}" not in item.text


def test_shares_of_answers(items: list[DemoItem]) -> None:
    assert 0.75 < _share(items, lambda i: i.age_band is not None) < 0.85
    assert 0.64 < _share(items, lambda i: i.local_area is not None) < 0.76
    assert 0.42 < _share(items, lambda i: bool(i.what_would_help)) < 0.58
    assert 0.04 < _share(items, lambda i: i.channel == "rep") < 0.10
    assert 0.01 < _share(items, lambda i: bool(i.service_other)) < 0.08
    consent = Counter(item.consent for item in items)
    assert 0.30 < consent["count"] / len(items) < 0.40
    assert 0.40 < consent["quote_partners"] / len(items) < 0.50
    assert 0.15 < consent["quote_public"] / len(items) < 0.25
    assert 0.2 < Counter(len(item.services) for item in items)[1] / len(items) < 0.7


def test_transport_peaks_at_the_start_of_term(items: list[DemoItem]) -> None:
    september = _service_share(items, "transport", {9})
    others = _service_share(items, "transport", set(range(1, 13)) - {9})
    assert september > 1.3 * others


def test_annual_reviews_peak_in_the_summer_term(items: list[DemoItem]) -> None:
    assert _service_share(items, "annual-reviews", {5, 6, 7}) > 1.4 * _service_share(
        items, "annual-reviews", {11, 12, 1}
    )


def test_august_is_quiet(items: list[DemoItem]) -> None:
    per_month = Counter(item.received_at.month for item in items)
    assert per_month[8] < 0.6 * per_month[9]
    others = [per_month[month] for month in range(1, 13) if month != 8]
    assert per_month[8] < 0.65 * sum(others) / len(others)


def test_lengths_vary_from_one_line_to_several_paragraphs(items: list[DemoItem]) -> None:
    words = [len(item.text.split()) for item in items]
    assert sum(w < 12 for w in words) / len(items) > 0.08
    assert sum(w > 120 for w in words) / len(items) > 0.03
    assert any("\n\n" in item.text for item in items)


def test_some_feedback_is_positive(items: list[DemoItem]) -> None:
    assert 0.10 < _share(items, lambda i: bool(POSITIVE.search(i.text))) < 0.35


def test_families_write_as_families_do(items: list[DemoItem]) -> None:
    texts = [item.text for item in items]
    for acronym in ("EHCP", "SENCo", "CAMHS", "SALT", "ed psych", "SENDIASS"):
        assert any(acronym in text for text in texts), acronym
    assert sum(text == text.lower() for text in texts) > 50  # typed all in lower case
    assert any(re.search(r"\b(?:dont|doesnt|im|theres)\b", text) for text in texts)  # lost apostrophes
    assert sum(bool(re.match(r"I'?m \d\d\b", text, re.IGNORECASE)) for text in texts) > 20  # young people


def test_rep_notes_are_in_the_third_person(items: list[DemoItem]) -> None:
    notes = [item.text for item in items if item.channel == "rep"]
    assert notes
    for text in notes:
        assert re.search(r"\b(?:mum|dad|grandmother|foster carer|step-dad)\b", text, re.IGNORECASE), text
        assert not text.startswith("I ")


def test_about_three_percent_carry_identifying_details(items: list[DemoItem]) -> None:
    assert 0.015 < _share(items, lambda i: bool(IDENTIFIER.search(i.text))) < 0.05


def test_identifying_details_only_where_intended(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "IDENTIFIER_SHARE", 0.0)
    flagged = [item.text for item in generate_corpus(end=END) if IDENTIFIER.search(item.text)]
    assert flagged == []


def test_a_few_carry_safeguarding_concerns(items: list[DemoItem], monkeypatch: pytest.MonkeyPatch) -> None:
    def risky(item: DemoItem) -> bool:
        return any(marker in item.text.lower() for marker in F.SAFEGUARDING_MARKERS)

    assert 0.002 < _share(items, risky) < 0.015
    monkeypatch.setattr(corpus, "SAFEGUARDING_SHARE", 0.0)
    assert not any(risky(item) for item in generate_corpus(end=END))


@pytest.mark.parametrize("gender", corpus.GENDERS)
@pytest.mark.parametrize("age", [3, 7, 13, 17, 22])
def test_every_template_fills(gender: str, age: int) -> None:
    writer = corpus._Writer(random.Random(0), gender, age, month=9)
    topics = corpus.TOPICS_FOR[gender, corpus._stage(age)]
    templates = [t for topic in topics.values() for field in topic if isinstance(field, tuple) for t in field]
    more = [*F.OPENERS, *F.CLOSERS, *F.REP_FRAMES, *F.REP_SECOND, *F.REP_POSITIVE, *F.IDENTIFIER_SENTENCES]
    more += [*F.SAFEGUARDING_SENTENCES, *(said for _, said in F.OTHER_SERVICES)]
    more += [t for neg, pos in F.YOUNG_PEOPLE.values() for t in (*neg, *pos)]
    templates += [*writer.intros, *corpus._fitting(tuple(more), gender, age)]
    for template in templates:
        slots = writer.slots()
        slots |= {"note": "a note", "team": "the team"}
        text = template.format_map(slots)
        assert not set(text) & set("{}"), template
        assert not re.match(r"[a-z]:", text), template


@pytest.mark.parametrize("age", range(13, 25))
def test_young_people_always_have_something_to_say(age: int) -> None:
    for gender in corpus.GENDERS:
        for negative, positive in F.YOUNG_PEOPLE.values():
            assert corpus._fitting(negative + positive, gender, age)


def test_fifty_thousand_items() -> None:
    items = generate_corpus(n_items=50_000, end=END)
    assert len(items) == 50_000
    assert items[0].received_at <= items[-1].received_at
    assert len({slug for item in items for slug in item.services}) == len(SERVICE_SLUGS)
