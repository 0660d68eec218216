"""Offline sentiment of feedback: a shipped lexicon with negation, intensifiers and "but" clauses.

``score_sentiment(text)`` returns a float in [-1, 1] (0 when no sentiment word is found).
``summarise_sentiment(scores)`` counts negative / neutral / positive with ``NEUTRAL_BAND`` and gives the
mean. The lexicon (``data/sentiment_lexicon.txt``) holds words and phrases scored -3..3; a word that is
not listed is looked up by its Snowball stem. A sentiment word within three words after a negator
("not", "never", "no", "n't"...) counts the other way and weaker ("not good" is mildly negative, "not bad"
mildly positive). Words after "but" / "however" count more than words before them, as people put what
they mean last. No downloaded data is used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .text import DATA_DIR, stem

NEUTRAL_BAND = 0.1  # |score| below this is neutral
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*|[.!?;,]")
_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "hardly"})
_BOOSTERS = {"very": 1.4, "really": 1.3, "so": 1.3, "extremely": 1.6, "incredibly": 1.6, "absolutely": 1.5}
_BOOSTERS |= {"totally": 1.4, "completely": 1.4, "truly": 1.3, "most": 1.2, "slightly": 0.6, "quite": 0.8}
_CONTRASTS = frozenset({"but", "however", "although", "though", "yet"})
_CLAUSE_BREAKS = frozenset({".", "!", "?", ";", ","})
_NEGATION_REACH = 3
_NEGATION_FACTOR = -0.6
_SQUASH = 15.0  # score / sqrt(score^2 + 15): one "good" (2) gives 0.46, three give 0.84


@dataclass(frozen=True)
class SentimentSummary:
    """How many texts were negative, neutral and positive, and their mean score."""

    negative: int = 0
    neutral: int = 0
    positive: int = 0
    mean: float = 0.0


@dataclass(frozen=True)
class _Lexicon:
    phrases: Mapping[tuple[str, ...], float]
    stems: Mapping[str, float]
    starts: Mapping[str, int]  # first word of a phrase -> longest phrase starting with it


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    phrases: dict[tuple[str, ...], float] = {}
    for raw in (DATA_DIR / "sentiment_lexicon.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            words, score = line.rsplit(" ", 1)
            phrases[tuple(_words(words))] = float(score)
    stems = {stem(k[0]): v for k, v in phrases.items() if len(k) == 1}
    starts: dict[str, int] = {}
    for key in phrases:
        starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return _Lexicon(phrases=phrases, stems=stems, starts=starts)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


def _match(words: list[str], start: int, lexicon: _Lexicon) -> tuple[float, int] | None:
    for size in range(min(lexicon.starts.get(words[start], 0), len(words) - start), 1, -1):
        found = lexicon.phrases.get(tuple(words[start : start + size]))
        if found is not None:
            return found, size
    found = _word_score(words[start])
    return (found, 1) if found is not None else None


@lru_cache(maxsize=100_000)
def _word_score(word: str) -> float | None:
    """Score of one word: as listed, else by its stem (cached: the hot path of scoring)."""
    lexicon = _lexicon()
    found = lexicon.phrases.get((word,))
    return found if found is not None else lexicon.stems.get(stem(word))


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't") or word in {"cant", "dont", "didnt", "wont", "isnt", "wasnt"}


def _modifier(words: list[str], start: int) -> float:
    """Product of negation and intensity from the few words before position ``start``."""
    factor = 1.0
    for back in range(1, _NEGATION_REACH + 1):
        i = start - back
        if i < 0 or words[i] in _CLAUSE_BREAKS or words[i] in _CONTRASTS:
            break
        if _is_negator(words[i]):
            factor *= _NEGATION_FACTOR
        elif back == 1:
            factor *= _BOOSTERS.get(words[i], 1.0)
    return factor


def _raw_score(words: list[str]) -> float:
    lexicon = _lexicon()
    total, weight, i = 0.0, 1.0, 0
    while i < len(words):
        if words[i] in _CONTRASTS:
            total *= 0.5  # what comes before "but" matters less
            weight = 1.5
        match = _match(words, i, lexicon)
        if match:
            total += weight * match[0] * _modifier(words, i)
            i += match[1]
        else:
            i += 1
    return total


def score_sentiment(text: str) -> float:
    """Sentiment of ``text`` in [-1, 1]: negative below 0, positive above, 0 when nothing is found."""
    raw = _raw_score(_words(text))
    return raw / math.sqrt(raw * raw + _SQUASH)


def sentiment_class(score: float) -> int:
    """-1, 0 or 1 for a score, using ``NEUTRAL_BAND``."""
    return 0 if abs(score) < NEUTRAL_BAND else (1 if score > 0 else -1)


def summarise_sentiment(scores: Iterable[float]) -> SentimentSummary:
    """Counts of negative / neutral / positive scores and their mean (0.0 for no scores)."""
    values = list(scores)
    classes = [sentiment_class(s) for s in values]
    mean = sum(values) / len(values) if values else 0.0
    return SentimentSummary(classes.count(-1), classes.count(0), classes.count(1), round(mean, 4))
