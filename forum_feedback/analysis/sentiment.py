"""Offline sentiment of feedback: a shipped lexicon read the way feedback is written.

``score_sentiment(text)`` returns a float in [-1, 1] (0 when nothing carries sentiment).
``summarise_sentiment(scores)`` counts negative / neutral / positive with ``NEUTRAL_BAND`` and gives the
mean. No downloaded data is used.

How a text is read:

- The lexicon (``data/sentiment_lexicon.txt``) holds words and phrases scored -3..3; phrases win over
  the words in them, so a service whose name sounds negative is not criticised by its name ("the crisis
  team saved my life" is praise: "crisis team" scores 0, "saved my life" 3). A word that is not listed is
  looked up without its inflection ("helped" as "help"), never by a stem that would read "information"
  as "informative".
- A negation ("not", "never", "no", "n't", "cannot", "nothing", "nobody", "without") turns a sentiment
  word within three words after it the other way: "not helpful" is negative, "never rude" positive.
- Asking for something is criticism: a suggestion word ("more", "better", "quicker", "improve",
  "should", "need", "wish", listed with the score "?" in the lexicon) counts -1, and +2 when negated
  ("could not be better", "nothing could be improved"): "better food" and "could be better" are
  negative, "couldn't have been better" is praise.
- An answer that is only "nothing", "none" or "no" (a reply to "what could we do better?") is positive,
  and so is a comment that opens with one and goes on to praise ("Nothing, all good").
- Intensifiers ("very", "so", "extremely") strengthen the next word; words after "but" / "however"
  count more than words before them, as people put what they mean last.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from .text import DATA_DIR

NEUTRAL_BAND = 0.1  # |score| below this is neutral
_WORD = re.compile(r"[a-z0-9]+(?:['&-][a-z0-9]+)*|[.!?;,]")
_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "neither", "nor", "without", "cannot"})
_NEGATORS |= frozenset({"cant", "dont", "didnt", "wont", "isnt", "wasnt", "couldnt", "wouldnt", "hardly", "noone"})
_NEGATORS |= frozenset({"unable", "lack", "lacking", "lacked"})
_BOOSTERS = {"very": 1.4, "really": 1.3, "so": 1.3, "extremely": 1.6, "incredibly": 1.6, "absolutely": 1.5}
_BOOSTERS |= {"totally": 1.4, "completely": 1.4, "truly": 1.3, "most": 1.2, "slightly": 0.6, "quite": 0.8}
_BOOSTERS |= {"super": 1.4, "thoroughly": 1.4, "exceptionally": 1.6, "bit": 0.6}
_CONTRASTS = frozenset({"but", "however", "although", "though", "yet", "except", "unfortunately"})
# Wishes and counterfactuals: praise after one of these names what was missing ("would have been great",
# "could have been more supportive", "more of the lovely food").
_WISHES = frozenset({"would", "could", "should", "more", "wish", "ideally", "perhaps", "maybe", "if", "hopefully"})
_WISHED_FACTOR = -0.5
_ALWAYS_PRAISE = frozenset({"thank", "thanks", "recommend", "recommended"})  # "would like to thank", "would recommend"
_TOO = -1.0  # "too long", "too busy": too much of something that is not praise
# Verbs that open an instruction when they open a sentence ("Listen to us", "Treat patients as people").
_REQUESTS = frozenset({"listen", "treat", "involve", "explain", "communicate", "respond", "answer", "respect"})
_REQUESTS |= frozenset({"understand", "ensure", "provide", "offer", "train", "stop", "start", "try", "give"})
_REQUESTS |= frozenset({"make", "allow", "let", "keep", "bring", "change", "check", "contact", "inform", "update"})
_REQUESTS |= frozenset({"reduce", "increase", "employ", "hire", "be", "get", "have", "put", "tell", "call", "do"})
_BREAKS = frozenset({".", "!", "?", ";", ","})
_ANSWERS = frozenset({"nothing", "none", "no", "nope", "nil", "n/a", "na"})
_OPENERS = frozenset({"nothing", "none", "nope", "nil"})
_PRONOUNS = frozenset({"it", "it's", "i", "i'm", "i've", "we", "we're", "they", "they're", "all", "everything", ","})
# "Nothing has been done", "nothing was explained": "nothing" as the subject of a complaint.
_NOT_OPENERS = frozenset({"has", "have", "had", "was", "were", "is", "happens", "happened", "works", "worked"})
_NOT_OPENERS |= frozenset({"changes", "changed", "gets", "got", "seems", "ever", "at", "about", "in", "on"})
_FILLERS = frozenset({"thank", "thanks", "you", "really", "at", "all", "honestly", "sorry", "just", "i", "to", "say"})
_NEGATION_REACH = 3
_NEGATION_FACTOR = -0.6
_SUGGESTION = -1.0  # a request for change
_NEGATED_SUGGESTION = 2.0  # "could not be better": nothing to change
_ANSWER_SCORE = 2.0  # "Nothing." in reply to what could be better
_SQUASH = 15.0  # score / sqrt(score^2 + 15): one "good" (2) gives 0.46, three give 0.84
# "feel better", "getting better", "much better now": better than before, not a request.
_IMPROVED_AFTER = frozenset({"feel", "feels", "felt", "feeling", "getting", "got", "much", "lot", "far", "is", "am"})


@dataclass(frozen=True)
class SentimentSummary:
    """How many texts were negative, neutral and positive, and their mean score."""

    negative: int = 0
    neutral: int = 0
    positive: int = 0
    mean: float = 0.0


@dataclass(frozen=True)
class _Lexicon:
    phrases: Mapping[tuple[str, ...], float | None]  # None: a suggestion word
    starts: Mapping[str, int]  # first word of a phrase -> longest phrase starting with it


def _parse_score(text: str) -> float | None:
    return None if text == "?" else float(text)


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    phrases: dict[tuple[str, ...], float | None] = {}
    for raw in (DATA_DIR / "sentiment_lexicon.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            words, score = line.rsplit(" ", 1)
            phrases[tuple(_words(words))] = _parse_score(score)
    starts: dict[str, int] = {}
    for key in phrases:
        if len(key) > 1:
            starts[key[0]] = max(starts.get(key[0], 0), len(key))
    return _Lexicon(phrases=phrases, starts=starts)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("’", "'"))


_MISSING = object()


_INFLECTIONS = ("s", "es", "ed", "d", "ing", "er", "r", "est", "st", "ly")


def _bases(word: str) -> list[str]:
    """The word without an inflection ("helped" -> "help", "caring" -> "care", "nicer" -> "nice")."""
    out = []
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)]
            out += [base, base + "e"]
            if len(base) > 3 and base[-1] == base[-2]:  # "stopped" -> "stop"
                out.append(base[:-1])
    return out


@lru_cache(maxsize=100_000)
def _word_score(word: str) -> object:
    """Score of a word as listed, else of its uninflected form; None for a suggestion word, _MISSING if unknown.

    Only inflections are undone, not derivations: "information" must not score as "informative", nor
    "patients" (people) as "patient" (calm), which a stemmer would both allow.
    """
    phrases = _lexicon().phrases
    found = phrases.get((word,), _MISSING)
    for base in _bases(word) if found is _MISSING else ():
        found = phrases.get((base,), _MISSING)
        if found is not _MISSING:
            # "nicer", "kinder", "quicker": asking for more of a good thing is a suggestion
            return None if word.endswith("er") and isinstance(found, float) and found > 0 else found
    return found


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't")


def _match(words: list[str], start: int, lexicon: _Lexicon) -> tuple[object, int]:
    """(score, words used) of the longest phrase or the word at ``start`` (score _MISSING: nothing)."""
    longest = lexicon.starts.get(words[start], 0)
    for size in range(min(longest, len(words) - start), 1, -1):
        found = lexicon.phrases.get(tuple(words[start : start + size]), _MISSING)
        if found is not _MISSING:
            return found, size
    return _word_score(words[start]), 1


def _negated(words: list[str], start: int, reach: int = _NEGATION_REACH) -> bool:
    """Whether a negation stands within ``reach`` words before ``start`` in the same clause."""
    for back in range(1, reach + 1):
        i = start - back
        if i < 0 or words[i] in _BREAKS or words[i] in _CONTRASTS:
            return False
        if _is_negator(words[i]):
            return True
    return False


def _before(words: list[str], start: int, wanted: frozenset[str]) -> bool:
    """Whether one of ``wanted`` stands within reach before ``start`` in the same clause."""
    for back in range(1, _NEGATION_REACH + 1):
        i = start - back
        if i < 0 or words[i] in _BREAKS or words[i] in _CONTRASTS:
            return False
        if words[i] in wanted:
            return True
    return False


def _value(words: list[str], start: int, score: float | None) -> float:
    """What the word or phrase at ``start`` adds, with negation, suggestion, wishes and intensity applied."""
    # "There was nothing you could have done better": a request for change is negated anywhere in its clause.
    negated = _negated(words, start, start if score is None else _NEGATION_REACH)
    if score is None:  # a suggestion word
        if words[start] == "better" and start and words[start - 1] in _IMPROVED_AFTER and not negated:
            return 1.0
        return _NEGATED_SUGGESTION if negated else _SUGGESTION
    if negated:
        return score * _NEGATION_FACTOR
    if score > 0 and words[start] not in _ALWAYS_PRAISE and _before(words, start, _WISHES):
        return score * _WISHED_FACTOR
    if start and words[start - 1] == "too" and score <= 0:
        return min(score, 0.0) + _TOO
    return score * (_BOOSTERS.get(words[start - 1], 1.0) if start else 1.0)


def _answer(words: list[str]) -> float:
    """A comment that is only "nothing"/"no"/"none" (fillers aside), or opens with "nothing"/"none".

    "Nothing, all good", "Nothing I can think of", "None really": the answer to "what could be better?".
    """
    content = [w for w in words if w not in _FILLERS and w not in _BREAKS]
    if content and all(w in _ANSWERS for w in content):
        return _ANSWER_SCORE
    if len(words) > 1 and words[0] in _OPENERS and words[1] not in _NOT_OPENERS:
        return _ANSWER_SCORE / 2
    if len(words) > 1 and words[0] == "no" and words[1] in _PRONOUNS:  # "No, I'm very happy"
        return _ANSWER_SCORE / 2
    return 0.0


def _raw_score(words: list[str]) -> float:
    lexicon = _lexicon()
    total, weight, i = _answer(words), 1.0, 0
    if total and words[0] in _ANSWERS:
        words = [",", *words[1:]]  # "Nothing, everyone was perfect": the answer negates nothing after it
    while i < len(words):
        word = words[i]
        if word in _CONTRASTS or (word == "only" and i and words[i - 1] == "the"):  # "the only thing..."
            total *= 0.5  # what comes before "but" matters less
            weight = 1.5
        if word in _REQUESTS and (i == 0 or words[i - 1] in _BREAKS) and _match(words, i, lexicon)[1] == 1:
            total += weight * _SUGGESTION  # "Listen to patients.": an instruction names what did not happen
            i += 1
            continue
        if word == "no" and i + 1 < len(words) and _word_score(words[i + 1]) is _MISSING and words[i + 1].isalpha():
            total += weight * _SUGGESTION  # "no radios on the ward": something missing
        score, size = _match(words, i, lexicon)
        if score is _MISSING and i and words[i - 1] == "too" and word.isalpha():
            score = 0.0  # "too long": a word with no sentiment of its own, made a complaint by "too"
        if score is not _MISSING:
            total += weight * _value(words, i, score)
        i += size
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
