"""Tests for forum_feedback.analysis.safeguarding."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from forum_feedback.analysis import safeguarding
from forum_feedback.analysis.safeguarding import (
    KINDS,
    SET_ASIDE_EVERYDAY,
    SET_ASIDE_EXCUSE,
    SET_ASIDE_NEGATED,
    SET_ASIDE_PAST,
    assess_risk,
)
from forum_feedback.analysis.safeguarding_reading import find_clause_matches, load_reader

CORPORA = Path(__file__).resolve().parents[2] / "scripts" / "data"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("My son has been self-harming since Year 8 and CAMHS won't see him.", "self-harm"),
        ("He cuts himself when he gets home.", "self-harm"),
        ("She told me she wants to die.", "suicide"),
        ("He said he would kill himself if he had to go back.", "suicide"),
        ("she said she doesnt want to be alive anymore", "suicide"),
        ("He doesn't feel safe at school.", "unsafe"),
        ("An older boy threatened to stab him.", "unsafe"),
        ("Her stepdad touched her inappropriately.", "abuse"),
        ("He was physically abused at his last placement.", "abuse"),
        ("Staff restrained him and he came home with bruises on his arms.", "restraint-injury"),
        ("My ex hits me in front of the children.", "domestic-abuse"),
        ("We have been living with domestic violence for years.", "domestic-abuse"),
        ("I can't go on.", "parent-breaking-point"),
        ("I'm at breaking point and I'm scared of what I might do.", "parent-breaking-point"),
        ("He ran away from school twice last week.", "missing"),
        ("She went missing overnight and the police found her.", "missing"),
        ("He is left alone all day while mum works.", "neglect"),
    ],
)
def test_clear_disclosures_are_high_with_their_kind(text, kind):
    result = assess_risk(text)
    assert (result.at_risk, result.level) == (True, "high")
    assert kind in result.kinds
    assert result.reasons == tuple(KINDS[k] for k in result.kinds)


@pytest.mark.parametrize(
    "text",
    [
        "They restrained him twice this term.",
        "He has a bruise on his arm and the school couldn't say how.",
        "A boy in his class often comes in hungry and says nobody is home in the evenings.",
        "My partner gets very angry with him and I'm scared of what might happen.",
        # An adult who frightens a child every day: read by clause ("shouts at him ... arrives shaking").
        "Since September the new taxi escort shouts at him every morning and he arrives at school shaking.",
    ],
)
def test_softer_signs_still_open_a_concern(text):
    result = assess_risk(text)
    assert (result.at_risk, result.level) == (True, "possible")


def test_matches_carry_the_words_their_kind_and_a_label_a_rep_reads():
    text = "Transport is late again. Also, she has started cutting her arms and nobody at school knows."
    result = assess_risk(text)
    (match,) = result.matches
    assert text[match.start : match.end] == match.text == "cutting her arms"
    assert (match.kind, match.reason, match.set_aside, match.negated) == ("self-harm", "self-harm", "", False)


@pytest.mark.parametrize(
    "text",
    [
        "The CAMHS crisis team were brilliant.",
        "We were threatened with a fine for his attendance.",
        "We've had a letter threatening us with prosecution over her attendance.",
        "Respite before we reach crisis.",
        "He's at risk of exclusion again because the school won't follow his plan.",
        "I'm at breaking point with the paperwork.",
        "The EHCP paperwork went missing again.",
        "The school has a lovely safe space for him.",
        "The police were called during a meltdown and had no idea he was autistic.",
        "Our new SENCO has been brilliant, she actually listens.",
        # The browser test's text a rep raises by hand (tests/browser/test_moderation.py): ambiguous, not raised.
        "He has been much quieter since the new escort started on his bus.",
        "",
    ],
)
def test_ordinary_feedback_raises_nothing(text):
    result = assess_risk(text)
    assert (result.at_risk, result.level, result.reasons, result.matches) == (False, "none", (), ())


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("He has never self-harmed, thankfully.", SET_ASIDE_NEGATED),
        ("There has never been any self-harm but his anxiety is off the scale.", SET_ASIDE_NEGATED),
        ("He is not suicidal, just very anxious.", SET_ASIDE_NEGATED),
        ("He self-harmed two years ago but he's doing really well now.", SET_ASIDE_PAST),
        ("The restraint incidents stopped completely once he had a 1:1 who understood him.", SET_ASIDE_PAST),
        ("The school say they 'can't keep him safe' but won't put the support in place.", SET_ASIDE_EXCUSE),
        ("There should be self-harm training for teachers.", SET_ASIDE_EVERYDAY),
    ],
)
def test_risk_words_read_in_context_are_set_aside_with_why(text, why):
    result = assess_risk(text)
    assert not result.at_risk
    assert why in {m.set_aside for m in result.set_aside}
    assert all(text[m.start : m.end] == m.text for m in result.set_aside)


def test_negation_reaches_a_sign_listed_straight_after():
    result = assess_risk("No self-harm or suicidal thoughts, just a system that doesn't work.")
    assert not result.at_risk
    assert [m.kind for m in result.set_aside] == ["self-harm", "suicide"]
    assert all(m.negated for m in result.set_aside)


@pytest.mark.parametrize(
    "text",
    [
        "I can't stop him hurting himself.",  # a verb between the negation and the sign: not a negation
        "He went missing last night; thankfully the police found him.",  # recent, not long ago
        "He self-harmed in Year 8 and it has started again.",  # long ago, but it goes on
        "I can't keep him safe.",  # a parent's own words, not a setting's excuse
    ],
)
def test_context_does_not_hide_a_live_concern(text):
    assert assess_risk(text).at_risk


def test_high_outranks_possible_and_kinds_start_with_the_highest():
    result = assess_risk("They restrained him again today and he says he wants to die.")
    assert result.level == "high"
    assert result.kinds[0] == "suicide"
    assert "restraint-injury" in result.kinds


def test_overlapping_rules_give_one_match_per_words():
    result = assess_risk("He is self-harming.")
    assert [m.text for m in result.matches] == ["self-harming"]


# --- the rule syntax ------------------------------------------------------------------------------------


def _matches(phrase: str, text: str, macros: dict[str, tuple[str, ...]] | None = None) -> bool:
    import re

    return re.search(safeguarding._phrase_pattern(phrase, macros), text, re.IGNORECASE) is not None


@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("self-harm*", "she is selfharming", True),
        ("can't cope", "i cant cope", True),
        ("(cut|cuts) (his|her)? arm*", "cuts arms", True),
        ("(cut|cuts) (his|her)? arm*", "cut her arm", True),
        ("threatened (him|her) !(with (a fine|court))", "threatened him with a fine", False),
        ("threatened (him|her) !(with (a fine|court))", "threatened him with a knife", True),
        ("scared ~2 home", "scared of going home", True),
        ("scared ~2 home", "scared of going back to his home", False),
        ("lost #kg", "he lost 6kg", True),
        ("@who left", "my son left", True),
        ("restrain* ~ bruis*", "restrained him.\nBruises", False),  # a line break ends the phrase
    ],
)
def test_rule_syntax(phrase, text, expected):
    assert _matches(phrase, text, {"who": ("my son", "she")}) is expected


@pytest.mark.parametrize("phrase", ["(cut|cuts", "cut)", "@nowhere", "time[- ]out", "cut\\w+"])
def test_broken_rules_are_refused(phrase):
    with pytest.raises(ValueError):
        safeguarding._phrase_pattern(phrase, {})


@pytest.mark.parametrize(
    "line", ["urgent | self-harm | cutting", "high | bullying | bullied", "high | self-harm | (cutting"]
)
def test_a_bad_rule_line_says_what_is_wrong(line):
    with pytest.raises(ValueError):
        safeguarding._parse_rule(line, {})


def test_every_rule_has_an_anchor_word_and_the_index_loses_no_match():
    """The screen only runs rules whose anchor word is in the text; that must find what all rules find."""
    rules = safeguarding._rules()
    assert all(rule.anchors for rule in rules)
    texts = [str(record["text"]) for record in _load("safeguarding_corpus.jsonl")]
    for text in texts:
        every = {(m.start(), m.end(), i) for i, r in enumerate(rules) for m in r.pattern.finditer(text)}
        chosen = {rules.index(r) for r in safeguarding._candidate_rules(text)}
        assert {i for _, _, i in every} <= chosen, text


# --- measured on the project's corpora and the demo data --------------------------------------------------


def _load(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (CORPORA / name).read_text("utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize(
    ("name", "recall"),
    [
        ("safeguarding_corpus.jsonl", 0.98),
        ("safeguarding_heldout.jsonl", 0.98),
        ("safeguarding_heldout2.jsonl", 0.98),
        ("safeguarding_heldout3.jsonl", 0.98),
        ("safeguarding_heldout4.jsonl", 0.98),
        # Probe sets were written to find gaps; two veiled texts of set 2 are still missed (see the bench).
        ("safeguarding_probes.jsonl", 0.98),
        ("safeguarding_probes2.jsonl", 0.95),
        ("safeguarding_probes3.jsonl", 0.98),
        ("safeguarding_probes4.jsonl", 0.98),
        # Held-out 5 and 6 and probes 5 were development sets for the round after their first runs.
        ("safeguarding_heldout5.jsonl", 0.98),
        ("safeguarding_heldout6.jsonl", 0.98),
        ("safeguarding_probes5.jsonl", 0.98),
        # Held-out 7 was never tuned on by the rules (0.818), but the second net learns from it.
        ("safeguarding_heldout7.jsonl", 0.98),
        # Held-out 8 was written after the second net was first fitted, by an author who saw no rule, corpus
        # or model: rules 0.791, rules + net 0.973 on its first run. The net has learned from it since.
        ("safeguarding_heldout8.jsonl", 0.98),
        # Held-out 9, written the same way in other voices (young people, grandparents, foster carers,
        # professionals) after the net learned from held-out 8: rules 0.736, rules + net 0.936 on its first
        # run. The net has learned from it since.
        ("safeguarding_heldout9.jsonl", 0.98),
        # Held-out 10, in yet other styles, with few explicit words: rules 0.745, rules + net 0.909 on its first
        # run, 0.964 after the open threshold and the lower gated one (measured once). Learned from since.
        ("safeguarding_heldout10.jsonl", 0.98),
        # Held-out 11, answers begun mid-thought, voice-to-text, professionals' notes, dark humour: rules 0.800,
        # rules + net 0.936 on its first run (measured once). Learned from since.
        ("safeguarding_heldout11.jsonl", 0.98),
        # Held-out 12, notes, letters, jokes, concerns shown by timing or objects: rules 0.755, rules + net 0.964
        # on its first run (measured once). Learned from since.
        ("safeguarding_heldout12.jsonl", 0.98),
        # Held-out 13, diary entries, group chats, what a child drew or said: rules 0.691, rules + net 0.973 on
        # its first run (measured once). Learned from since.
        ("safeguarding_heldout13.jsonl", 0.98),
        # Held-out 14, sealed: nothing learns from it. Rules 0.791, rules + net 0.991 on its one run. A change that
        # loses concerns on text nobody tuned on fails here.
        ("safeguarding_heldout14.jsonl", 0.97),
    ],
)
def test_corpus_recall_and_precision_meet_the_targets(name, recall):
    records = _load(name)
    raised = [assess_risk(str(r["text"])).at_risk for r in records]
    concerns = [bool(r["concern"]) for r in records]
    hits = sum(c and r for c, r in zip(concerns, raised, strict=True))
    assert hits / sum(concerns) >= recall
    assert hits / sum(raised) >= 0.70
    assert all(r["kind"] in KINDS for r in records if r["concern"])


def test_demo_items_raised_are_the_ones_the_demo_plants():
    from forum_feedback.demo import fragments
    from forum_feedback.demo.corpus import generate_corpus

    items = generate_corpus(n_items=1800, end=date(2026, 1, 15))
    planted = [any(m in item.text.lower() for m in fragments.SAFEGUARDING_MARKERS) for item in items]
    raised = [assess_risk(f"{item.text}\n{item.what_would_help}").at_risk for item in items]
    assert sum(planted) >= 5
    assert raised == planted


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


# --- the clause reader --------------------------------------------------------------------------------------


def _reader(tmp_path, body: str):
    path = tmp_path / "clauses.txt"
    path.write_text(body, encoding="utf-8")
    return load_reader(path, tuple(KINDS), {"the", "a", "his", "her"})


def _clause_texts(reader, text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_clause_matches(text, reader)]


@pytest.mark.parametrize(
    ("rule", "text", "found"),
    [
        ("@hurt + @part", "his arm was scratched", ["arm was scratched"]),  # either order with +
        ("@hurt > @part", "his arm was scratched", []),  # > keeps the order
        ("@hurt > @part", "scratched his arm", ["scratched his arm"]),
        ("@hurt > @part ~1", "scratched the top of his arm", []),  # at most one word between
        ("@hurt > @part ~5", "scratched the top of his arm", ["scratched the top of his arm"]),
        ("@hurt > @part", "scratched. his arm", []),  # a sentence ends the clause
        ("@hurt > @part", "scratched but his arm", []),  # so does "but"
        ("@hurt > (on purpose)? > @part", "scratched his arm", ["scratched his arm"]),  # optional: no constraint
        ("@hurt > @part + !(cat)", "the cat scratched his arm", []),  # the sentence must not hold it
        ("@hurt > @part + !(cat)", "the cat purred. he scratched his arm", ["scratched his arm"]),
        ("(dont|don't) > @hurt", "I don't scratch", ["don't scratch"]),  # apostrophes ignored
        ("scratch* > @part", "scratching his arm", ["scratching his arm"]),
        ("@hurt > my # year old", "scratched my 7 year old", ["scratched my 7 year old"]),
    ],
)
def test_clause_rule_syntax(tmp_path, rule, text, found):
    reader = _reader(tmp_path, f"@part = arm|arms|leg\n@hurt = scratched|scratch\npossible | self-harm | {rule}\n")
    assert _clause_texts(reader, text) == found


def test_a_class_may_use_another_and_the_head_is_marked(tmp_path):
    reader = _reader(tmp_path, "@part = arm|leg\n@limb = left @part|right @part\npossible | abuse | hit > ^@limb\n")
    (match,) = find_clause_matches("they hit his left arm", reader)
    assert "they hit his left arm"[match.head : match.head_end] == "left arm"
    assert [("they hit his left arm")[a:b] for a, b in match.terms] == ["hit", "left arm"]


@pytest.mark.parametrize(
    "body",
    [
        "possible | self-harm | @nowhere + arm\n",
        "possible | self-harm | (arm + leg\n",
        "urgent | self-harm | arm + leg\n",
        "possible | bullying | arm + leg\n",
        "possible | self-harm | ~3 arm\n",
    ],
)
def test_a_bad_clause_rule_is_refused(tmp_path, body):
    with pytest.raises(ValueError):
        _reader(tmp_path, body)


def test_reading_only_clauses_with_an_anchor_word_loses_no_match():
    """The reader skips clauses holding none of its rules' telling words; that must find what reading all finds."""
    reader = safeguarding._clause_reader()
    assert not reader.read_every_clause
    every = dataclasses.replace(reader, read_every_clause=True)
    for name in ("safeguarding_corpus.jsonl", "safeguarding_heldout4.jsonl", "safeguarding_probes3.jsonl"):
        for record in _load(name):
            text = str(record["text"])
            assert find_clause_matches(text, reader) == find_clause_matches(text, every), text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("she's been scratching at her forearms with her nails until they're raw", "self-harm"),
        ("There are thin red lines on the tops of his legs.", "restraint-injury"),
        ("my daughter told her teacher that daddy hurts mummy", "domestic-abuse"),
        ("I locked myself in the bathroom so I wouldn't hurt him.", "parent-breaking-point"),
        ("Our daughter hasn't come home since Friday and her phone is off.", "missing"),
        ("She had no tube feed from breakfast until I collected her.", "neglect"),
        ("A man she met on a game has been asking her for pictures.", "abuse"),
        ("Some lads held him down in the changing rooms and kicked him.", "abuse"),
    ],
)
def test_the_clause_reader_raises_a_class_of_sentence(text, kind):
    result = assess_risk(text)
    assert result.at_risk
    assert kind in result.kinds
    assert all(text[m.start : m.end] == m.text for m in result.matches)


@pytest.mark.parametrize(
    "text",
    [
        "His arms had no marks on them at all.",  # a negation between the terms of a clause rule
        "He doesn't run away, he just hides under the table.",  # a negation before an earlier term
        "There should be self-harm training for teachers.",  # the harm's own words are an everyday phrase
        "Parents in our group are worried about knife crime in the area.",
        "The nurse said her bruising is from her platelet condition.",
        "He fell and banged his head in the playground, they called me straight away.",
    ],
)
def test_clause_matches_are_read_in_context_like_phrase_matches(text):
    assert not assess_risk(text).at_risk
