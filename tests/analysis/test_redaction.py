"""Tests for forum_feedback.analysis.redaction and the redaction benchmark's corpus loader."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from forum_feedback.analysis.redaction import Span, find_identifiers, nhs_check_digit_ok, redact
from tests.helpers import load_script

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts"


def found(text: str, kind: str) -> list[str]:
    return [span.text for span in find_identifiers(text) if span.kind == kind]


@pytest.mark.parametrize(
    "address",
    ["jo.bloggs@example.com", "sarah_patel82@hotmail.co.uk", "KWAME.MENSAH@OUTLOOK.COM", "a.b+forum@example.org.uk"],
)
def test_email_addresses(address):
    assert found(f"Email me at {address}, thanks.", "email") == [address]


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+44 (0)20 7946 0000",
        "01632 960 123",
        "020 7946 0000",
        "(0113) 496 0000",
        "0044 7700 900123",
    ],
)
def test_phone_numbers(number):
    assert found(f"Ring {number} after 3pm.", "phone") == [number]


@pytest.mark.parametrize("postcode", ["SW1A 1AA", "LS6 2QT", "ls62qt", "M1 1AE", "B33 8TH", "EC1A 1BB"])
def test_postcodes(postcode):
    assert found(f"We live at {postcode} now.", "postcode") == [postcode]


def test_not_postcodes():
    assert found("Y6 1st term, KS2 SATs, B6 2nd floor, Year 6", "postcode") == []


def test_nhs_number_check_digit():
    assert nhs_check_digit_ok("9434765919")
    assert not nhs_check_digit_ok("9434765918")
    assert found("Number 943 476 5919 on the letter.", "nhs_number") == ["943 476 5919"]
    assert found("Number 9434765919 on the letter.", "nhs_number") == ["9434765919"]


def test_nhs_number_with_a_bad_check_digit_needs_the_cue():
    assert found("His NHS number is 943-476-5918.", "nhs_number") == ["943-476-5918"]
    assert found("Reference 943 476 5918 on the letter.", "nhs_number") == []


@pytest.mark.parametrize("number", ["AB 12 34 56 C", "JG103754A", "JG 103754 A"])
def test_national_insurance_numbers(number):
    assert found(f"My NI number is {number} for the form.", "ni_number") == [number]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://example.org/page?x=1.", "https://example.org/page?x=1"),
        ("See www.oakfield.sch.uk for the policy.", "www.oakfield.sch.uk"),
        ("It is on example.org/page, honestly.", "example.org/page"),
        ("(more at http://bit.ly/3xYz)", "http://bit.ly/3xYz"),
    ],
)
def test_web_addresses(text, url):
    assert found(text, "url") == [url]


def test_email_domain_is_not_also_a_web_address():
    assert [s.kind for s in find_identifiers("jo@example.org")] == ["email"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("My son Jack was excluded.", ["Jack"]),
        ("my daughter Amelia-Rose (8) loves school.", ["Amelia-Rose"]),
        ("Mrs Patel and Mr O'Connor came.", ["Patel", "O'Connor"]),
        ("Dr Evans, Miss Hughes and Ms Kaur.", ["Evans", "Hughes", "Kaur"]),
        ("A boy called Kwabena hits him.", ["Kwabena"]),
        ("His name is Oisín.", ["Oisín"]),
        ("Our SENCO Sarah is great.", ["Sarah"]),
        ("The caseworker Tom Bradley never rang.", ["Tom Bradley"]),
        ("Her teacher, Mrs Adeyemi, was kind.", ["Adeyemi"]),
        ("My twins Ava and Noah are 6.", ["Ava", "Noah"]),
        ("I'm Marta, mum to Igor.", ["Marta", "Igor"]),
    ],
)
def test_person_names_after_cues(text, names):
    assert found(text, "person") == names


def test_a_name_found_once_is_found_everywhere_in_the_text():
    text = "My son Kwabena is 9. Kwabena hates noise."
    assert found(text, "person") == ["Kwabena", "Kwabena"]


def test_possessive_is_left_outside_the_name():
    assert found("Jack's school sent him home.", "person") == ["Jack"]


@pytest.mark.parametrize(
    "school",
    [
        "Oakfield Primary",
        "St Mary's Academy",
        "St. John's C of E Primary School",
        "Greenfields Nursery",
        "Riverside Special School",
        "Hillcrest High",
        "Park View College",
        "Meadowbank Pupil Referral Unit",
        "Moorside Infant and Nursery School",
        "Oakfield primary",
    ],
)
def test_school_names(school):
    assert found(f"He moved to {school} in Year 4.", "school") == [school]


@pytest.mark.parametrize(
    ("text", "kind", "name"),
    [
        ("She started at Little Acorns Day Nursery in September.", "school", "Little Acorns Day Nursery"),
        ("Tiny Steps Pre-School said no.", "school", "Tiny Steps Pre-School"),
        ("He was at Northfield Sixth Form College for a term.", "school", "Northfield Sixth Form College"),
        ("A place at Selby College of Further Education.", "school", "Selby College of Further Education"),
        ("The Larch Resource Base at his school is full.", "school", "Larch Resource Base"),
        ("She's been at The Willows since Year 3.", "school", "The Willows"),
        ("We visited The Beeches and it felt right.", "school", "The Beeches"),
        ("He goes to Oak Lodge for respite.", "setting", "Oak Lodge"),
        ("The staff at Cedar House are lovely.", "setting", "Cedar House"),
        ("She lives at Maple House Children's Home.", "setting", "Maple House Children's Home"),
        ("He's in the Phoenix Unit at the hospital.", "setting", "Phoenix Unit"),
        ("He stays at The Hollies for respite.", "setting", "The Hollies"),
    ],
)
def test_settings_of_every_kind(text, kind, name):
    assert found(text, kind) == [name]


def test_a_care_setting_reads_as_setting_in_the_redacted_text():
    text = "He goes to Oak Lodge for respite and Oakfield Primary in the week."
    assert redact(text, find_identifiers(text)) == "He goes to [setting] for respite and [school] in the week."


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Tadhg has been out of school since February.", ["Tadhg"]),
        ("We were told Oluwaseun would get speech therapy.", ["Oluwaseun"]),
        ("When Rhodri started in Year 7 it fell apart.", ["Rhodri"]),
        ("Dawud and Leandro both have autism.", ["Dawud", "Leandro"]),
        ("Both Marek and Zosia are autistic.", ["Marek", "Zosia"]),
        ("I just want Dawit to be happy.", ["Dawit"]),
        ("Alba Thompson needs a specialist placement.", ["Alba Thompson"]),
    ],
)
def test_first_names_without_a_cue_word(text, names):
    assert found(text, "person") == names


@pytest.mark.parametrize(
    "text",
    [
        "Homework is a battle and Lunchtime is the worst part.",
        "Down Syndrome Awareness Week was lovely.",
        "The Autism Assessment Pathway is closed.",
        "Respite House is what everyone calls it.",
        "Ive asked twice and Neither has replied. Weve tried everything.",
        "The Early Help Hub and the Family Hub both said no.",
        "The House of Commons debated it. Children's Services closed the case.",
        "The Local Offer lists a Short Breaks Centre that closed.",
        "We went to The Tribunal and then to The Council.",
        "Reasonable Adjustments were never made.",
    ],
)
def test_capitalised_everyday_words_and_services_are_not_identifiers(text):
    assert find_identifiers(text) == ()


def test_two_schools_joined_by_and_stay_apart():
    assert found("Hillcrest High and Park View College", "school") == ["Hillcrest High", "Park View College"]


@pytest.mark.parametrize(
    "text",
    [
        "Applied for an EHCP in Year 6 and waited 20 weeks.",
        "CAMHS said he has Down syndrome and the SENCO agreed.",
        "The Local Offer and the SEND Partnership Board.",
        "Primary school was fine, the Academy said no.",
        "Tribunal in March, annual review on Monday.",
        "Mum and Dad both went. Miss told him off.",
        "Special School places, Catholic schools, Mainstream School, the Virtual School.",
        "Will the LA answer? May half term was awful.",
        "The Pupil Premium and Child Benefit, Preparing for Adulthood.",
        "We moved from Leeds to Bradford.",
    ],
)
def test_send_terms_are_not_identifiers(text):
    assert find_identifiers(text) == ()


def test_spans_are_sorted_and_do_not_overlap():
    text = (
        "My son Jack (NHS 943 476 5919) goes to St Mary's Academy, SW1A 1AA. Mrs Patel: 07700 900123, "
        "patel@example.org, www.example.org, AB 12 34 56 C. Jack's sister Zainab too."
    )
    spans = find_identifiers(text)
    assert {s.kind for s in spans} == {"person", "nhs_number", "school", "postcode", "phone", "email", "url"} | {
        "ni_number"
    }
    assert list(spans) == sorted(spans, key=lambda s: s.start)
    assert all(a.end <= b.start for a, b in pairwise(spans))
    assert all(text[s.start : s.end] == s.text for s in spans)


def test_redact_replaces_each_span_with_its_placeholder():
    text = "My son Jack goes to Oakfield Primary. Call 07700 900123 or jo@example.com, LS6 2QT."
    assert redact(text, find_identifiers(text)) == (
        "My son [name] goes to [school]. Call [phone number] or [email address], [postcode]."
    )


def test_redact_takes_spans_in_any_order_and_skips_overlaps():
    text = "abc def ghi"
    spans = [Span(8, 11, "url", "ghi"), Span(0, 3, "person", "abc"), Span(1, 5, "school", "bc d")]
    assert redact(text, spans) == "[name] def [web address]"


def test_redact_with_no_spans_returns_the_text():
    assert redact("Nothing to hide.", []) == "Nothing to hide."


def _load_bench():
    return load_script("bench_redaction")


def test_bench_corpus_round_trip(tmp_path):
    bench = _load_bench()
    records = [
        {"text": "My son Jack is 8.", "spans": [[7, 11, "person"]]},
        {"text": "Call 07700 900123.", "spans": [[5, 17, "phone"]]},
        {"text": "Waited 20 weeks for an EHCP.", "spans": []},
    ]
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    examples = bench.load_corpus(path)
    assert [(e.text, list(map(list, e.spans))) for e in examples] == [(r["text"], r["spans"]) for r in records]
    tallies = bench.evaluate(examples)
    assert bench.figures(tallies["person"])["recall"] == 1.0
    assert bench.figures(tallies["overall"])["precision"] == 1.0
    assert tallies["overall"].support == 2


def test_bench_loader_rejects_a_span_outside_its_text(tmp_path):
    bench = _load_bench()
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"text": "short", "spans": [[0, 50, "person"]]}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="outside"):
        bench.load_corpus(path)


def test_shipped_corpus_has_enough_positives_and_negatives():
    examples = _load_bench().load_corpus(SCRIPTS / "data" / "redaction_corpus.jsonl")
    positives = [e for e in examples if e.spans]
    assert len(positives) >= 300
    assert len(examples) - len(positives) >= 100
    kinds = {kind for e in positives for _, _, kind in e.spans}
    assert kinds == {"email", "phone", "postcode", "nhs_number", "ni_number", "url", "person", "school", "setting"}
