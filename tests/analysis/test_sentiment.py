"""Lexicon sentiment with negation."""

from __future__ import annotations

import pytest

from forum_feedback.analysis.sentiment import SentimentSummary, score_sentiment, sentiment_class, summarise_sentiment


@pytest.mark.parametrize(
    "text",
    [
        "Our new SENCO has been brilliant, she actually listens",
        "The speech therapist was kind and so helpful",
        "I can't fault the school",
        "Nothing to improve, thank you",
    ],
)
def test_clearly_positive(text):
    assert score_sentiment(text) > 0.3


@pytest.mark.parametrize(
    "text",
    [
        "Two years on the CAMHS waiting list and still waiting, it is awful",
        "The caseworker was rude and unhelpful",
        "Transport cancelled again, we are exhausted and let down",
    ],
)
def test_clearly_negative(text):
    assert score_sentiment(text) < -0.3


def test_negation_flips_the_sense():
    assert score_sentiment("the staff were helpful") > 0
    assert score_sentiment("the staff were not helpful") < 0
    assert score_sentiment("never rude") > 0
    assert score_sentiment("not bad") > 0


def test_words_after_but_count_more():
    assert score_sentiment("the office was nice but the wait was terrible") < 0
    assert score_sentiment("the wait was terrible but the staff were wonderful and kind") > 0


def test_scores_stay_in_range_and_empty_text_is_neutral():
    assert score_sentiment("") == 0.0
    assert score_sentiment("asdf qwerty") == 0.0
    many = " ".join(["excellent"] * 50)
    assert 0.9 < score_sentiment(many) <= 1.0
    assert -1.0 <= score_sentiment(" ".join(["awful"] * 50)) < -0.9


def test_summary_counts_each_class():
    summary = summarise_sentiment([0.8, -0.5, 0.0, 0.05, 0.4])
    assert summary == SentimentSummary(negative=1, neutral=2, positive=2, mean=0.15)
    assert summarise_sentiment([]) == SentimentSummary()
    assert [sentiment_class(s) for s in (-0.2, 0.0, 0.2)] == [-1, 0, 1]
