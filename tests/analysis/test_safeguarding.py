"""Tests for forum_feedback.analysis.safeguarding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from forum_feedback.analysis.safeguarding import assess_risk


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("My son has been self-harming since Year 8 and CAMHS won't see him.", "self-harm"),
        ("He cuts himself when he gets home.", "self-harm"),
        ("She told me she wants to die.", "suicide or wanting to die"),
        ("He said he would kill himself if he had to go back.", "suicide or wanting to die"),
        ("She has had suicidal thoughts since the exclusion.", "suicide or wanting to die"),
        ("He doesn't feel safe at school.", "not safe"),
        ("The school can't keep him safe.", "not safe"),
        ("Her stepdad touched her inappropriately.", "abuse"),
        ("He was physically abused at his last placement.", "abuse"),
        ("Staff restrained him and he came home with bruises on his arms.", "restraint injury"),
        ("An older boy threatened to stab him.", "threats"),
        ("My ex hits me in front of the children.", "domestic abuse"),
        ("We have been living with domestic violence for years.", "domestic abuse"),
        ("I can't go on.", "parent or carer in crisis"),
        ("He ran away from school twice last week.", "missing or running away"),
        ("She went missing overnight and the police found her.", "missing or running away"),
        ("He is left alone all day while mum works.", "neglect"),
    ],
)
def test_clear_disclosures_are_high(text, reason):
    result = assess_risk(text)
    assert result.at_risk
    assert result.level == "high"
    assert reason in result.reasons
    assert all(text[m.start : m.end] == m.text for m in result.matches)


@pytest.mark.parametrize(
    "text",
    [
        "I'm at breaking point with the paperwork.",
        "The safeguarding lead was helpful.",
        "He has never self-harmed, thankfully.",
        "He is not suicidal, just very anxious.",
        "He is being bullied at lunchtimes.",
        "The police were called when he had a meltdown.",
        "They restrained him twice this term.",
    ],
)
def test_softer_signs_are_possible(text):
    result = assess_risk(text)
    assert (result.at_risk, result.level) == (True, "possible")
    assert result.reasons


def test_negated_match_is_marked():
    (match,) = assess_risk("There is no self-harm.").matches
    assert match.negated and match.level == "possible"


@pytest.mark.parametrize(
    "text",
    [
        "Applied for an EHCP in Year 6 and waited 20 weeks.",
        "The school has a lovely safe space for him.",
        "Health and safety was the excuse for no trip.",
        "The EHCP paperwork went missing again.",
        "We were threatened with a fine for his attendance.",
        "He was missing school for months because of anxiety.",
        "The SEND system is in crisis.",
        "Our new SENCO has been brilliant, she actually listens.",
        "Two years on the CAMHS waiting list and we've been told to wait more.",
        "",
    ],
)
def test_ordinary_feedback_is_not_flagged(text):
    result = assess_risk(text)
    assert (result.at_risk, result.level, result.reasons, result.matches) == (False, "none", (), ())


def test_high_outranks_possible_and_reasons_start_with_the_highest():
    result = assess_risk("I'm at breaking point and he says he wants to die.")
    assert result.level == "high"
    assert result.reasons[0] == "suicide or wanting to die"
    assert "parent or carer in crisis" in result.reasons


def test_modules_import_without_flask(tmp_path):
    """Load both modules straight from their files with Flask and SQLAlchemy made unimportable."""
    package = Path(__file__).resolve().parents[2] / "forum_feedback" / "analysis"
    code = (
        "import importlib.util, sys\n"
        "sys.modules.update(flask=None, sqlalchemy=None)\n"
        "for name in ('redaction', 'safeguarding'):\n"
        f"    spec = importlib.util.spec_from_file_location(name, {str(package)!r} + '/' + name + '.py')\n"
        "    module = importlib.util.module_from_spec(spec); sys.modules[name] = module\n"
        "    spec.loader.exec_module(module)\n"
        "assert sys.modules['safeguarding'].assess_risk('he wants to die').level == 'high'\n"
        "assert sys.modules['redaction'].find_identifiers('my son Jack')[0].text == 'Jack'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("I've had thoughts of not being here any more", "high"),
        ("My partner gets very angry with him and I'm scared of what might happen", "possible"),
        ("A boy in his class often comes in hungry and says nobody is home in the evenings", "possible"),
        ("Nobody is home to answer the phone at the SEND team", "none"),
    ],
)
def test_disclosures_the_demo_corpus_showed_were_missed(text, level):
    assert assess_risk(text).level == level
