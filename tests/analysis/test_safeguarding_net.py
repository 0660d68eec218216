"""The safeguarding screen's learned second net: what it reads, when it raises, and how a rep sees it."""

from __future__ import annotations

import pytest

from forum_feedback.analysis import safeguarding_net as net
from forum_feedback.analysis.safeguarding import KINDS, NET_KIND, assess_risk, second_net_hit

# No phrase or clause rule names this (nothing is said to happen), but it reads like a child who cannot say what
# happens at contact: the second net raises it for a rep to read.
WITHDRAWN = (
    "The EHCP review was fine. Since he started staying at his dad's every other weekend he comes back very "
    "quiet and withdrawn, and he won't say why. Transport has been good."
)


def test_only_sentences_holding_a_harm_or_risk_word_are_read():
    text = "The food was lovely.  He says he wants to die!  Parking was fine."
    assert net.gated_sentences(text) == ["He says he wants to die"]
    assert [text[a:b] for a, b in net.sentence_spans(text, trim=True)] == [
        "The food was lovely",
        "He says he wants to die",
        "Parking was fine",
    ]
    assert net.net_score("The food was lovely and the staff were kind") is None


def test_the_net_raises_what_the_rules_have_no_words_for_and_marks_the_sentence():
    assert not assess_risk(WITHDRAWN, net=False).at_risk
    result = assess_risk(WITHDRAWN)
    assert (result.at_risk, result.level, result.kinds) == (True, "possible", (NET_KIND,))
    assert result.reasons == (KINDS[NET_KIND],)
    [match] = result.matches
    assert match.text == (
        "Since he started staying at his dad's every other weekend he comes back very quiet and withdrawn, "
        "and he won't say why"
    )
    assert WITHDRAWN[match.start : match.end] == match.text


def test_the_net_leaves_a_sentence_the_rules_set_aside_to_the_rules():
    """The net's n-grams cannot read "no": a sentence the rules read as negated, or past and dealt with, is theirs."""
    negated = "His arms had no marks on them at all."
    assert net.net_score(negated) >= net.shipped_model().threshold  # the net alone would raise it
    assert [m.set_aside for m in assess_risk(negated).set_aside] == ["said not to happen"]
    assert second_net_hit(negated) is None
    assert not assess_risk(negated).at_risk


def test_the_net_is_not_asked_when_the_rules_raise():
    result = assess_risk("They restrained him again today. " + WITHDRAWN)
    assert result.at_risk and NET_KIND not in result.kinds


@pytest.mark.parametrize(
    "text",
    [
        "The injection didn't hurt at all and the nurse was lovely.",
        "He was scared of the dentist but they were brilliant with him.",
        "The SENCO left at Easter and nobody told us.",
        "He can't travel on his own, so losing the taxi means he can't get to college.",
        "I'm drowning in paperwork for the tribunal.",
    ],
)
def test_ordinary_words_for_harm_are_not_raised(text):
    assert not assess_risk(text).at_risk


def test_the_shipped_model_reads_back_as_written():
    model = net.shipped_model()
    copy = net.from_json(net.to_json(model))
    sentence = "he says he wants to die"
    assert abs(copy.score(sentence) - model.score(sentence)) < 1e-3
    assert (copy.threshold, copy.open_threshold) == (model.threshold, model.open_threshold)
    assert 0 < model.threshold < 1


def _toy(weight: float) -> net.NetModel:
    """A one-word model: a sentence holding "underwear" scores 1 / (1 + e ** -(weight - 2))."""
    return net.NetModel({"word": {"underwear": (1.0, weight)}}, -2.0, threshold=0.6, open_threshold=0.9)


def test_a_sentence_with_no_harm_word_raises_only_when_the_net_is_nearly_sure():
    """Grooming told in plain words has no gate word; only a score past the open threshold raises it."""
    text = "The bus was fine. A lad she met on a game wants her to send him videos in her underwear."
    assert not net.gated_spans(text)
    sure, unsure = _toy(6.0), _toy(3.5)  # 0.98 and 0.82
    [_, hit] = net.scored_sentences(text, sure)
    assert not hit.gated and hit.score > 0.9 and sure.raises(hit)
    assert net.best_of(net.scored_sentences(text, sure), sure) == hit
    assert not unsure.raises(net.best_of(net.scored_sentences(text, unsure), unsure))
    gated = "He was scared of the videos in his underwear drawer."  # the same score, with a gate word
    assert unsure.raises(net.best_of(net.scored_sentences(gated, unsure), unsure))


def test_a_model_written_before_the_open_threshold_reads_nothing_ungated():
    old = '{"intercept": -2.0, "threshold": 0.6, "features": {"word": {"underwear": [1.0, 6.0]}}}'
    model = net.from_json(old)
    assert model.open_threshold == 1.0
    assert not model.raises(net.best_of(net.scored_sentences("send videos in her underwear", model), model))
    assert net.from_json(net.to_json(_toy(6.0))).open_threshold == 0.9


def test_the_shipped_model_is_stricter_without_a_harm_word():
    model = net.shipped_model()
    assert model.threshold < model.open_threshold < 1
