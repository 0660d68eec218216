"""Spot feedback that suggests a child or adult may be at risk, so it goes straight to a person.

``assess_risk(text)`` returns a ``RiskAssessment``: ``level`` is "high" (a person should look today:
self-harm, suicide, abuse, a child not safe, threats, restraint injuries, neglect, domestic abuse, a parent
saying "I can't go on", a child missing), "possible" (worth a second look: "breaking point", bullying,
restraint, police, a high-level phrase under a negation such as "he has never self-harmed") or "none".
``at_risk`` is true for "high" and "possible": a missed disclosure is worse than an extra look.

The rules are phrase patterns in ``data/safeguarding_phrases.txt`` (level | reason | pattern), so a forum
can read and extend them. Ordinary uses of the same words ("safe space", "health and safety", "the
paperwork went missing", "threatened with a fine") are listed in ``data/safeguarding_benign.txt``; a
match that overlaps one of them is ignored. This is a keyword screen, not a judgement: it cannot tell
irony from fact, and a rep still reads everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
LEVELS: tuple[str, ...] = ("none", "possible", "high")
_GAP = r"[\s,\-]+"
_NEGATORS = frozenset({"no", "not", "never", "without", "nor", "denies", "denied", "free"})
_CLAUSE_END = re.compile(r"[.!?;:\n]|\bbut\b", re.IGNORECASE)
_NEGATION_WINDOW = 2  # words before a match that can negate it: "has never self-harmed", "is not suicidal"


@dataclass(frozen=True)
class RiskMatch:
    """One phrase that matched: where it is, the words, why it matters and how much."""

    start: int
    end: int
    text: str
    reason: str
    level: str
    negated: bool = False


@dataclass(frozen=True)
class RiskAssessment:
    """The result of screening one piece of feedback."""

    at_risk: bool
    level: str
    reasons: tuple[str, ...]
    matches: tuple[RiskMatch, ...]


@dataclass(frozen=True)
class _Rule:
    level: str
    reason: str
    pattern: re.Pattern[str]


def _word_pattern(word: str) -> str:
    escaped = re.escape(word.rstrip("*")).replace("'", "['’]").replace(r"\-", r"[\s\-]?")
    return escaped + (r"\w*" if word.endswith("*") else "")


def _phrase_pattern(phrase: str) -> str:
    """Translate the rule syntax ("(cut|hurt*) himself ~ bruis*") into a regular expression."""
    parts = []
    for token in re.findall(r"\([^)]*\)|\S+", phrase):
        if token == "~":
            parts.append(r"(?:\w+[\s,\-]+){0,8}?")
        elif token.startswith("("):
            if "(" in token[1:] or not token.endswith(")"):
                raise ValueError(f"nested or unclosed brackets in safeguarding phrase {phrase!r}")
            choices = (_GAP.join(_word_pattern(w) for w in alt.split()) for alt in token[1:-1].split("|"))
            parts.append(f"(?:{'|'.join(choices)})")
        else:
            parts.append(_word_pattern(token))
    body = ""
    for part in parts:
        body += part if body.endswith("{0,8}?") or not body else _GAP + part
    return rf"(?<!\w){body}(?!\w)"


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    rules = []
    for line in _data_lines("safeguarding_phrases.txt"):
        level, reason, phrase = (part.strip() for part in line.split("|", 2))
        if level not in LEVELS[1:]:
            raise ValueError(f"safeguarding_phrases.txt: unknown level {level!r}")
        rules.append(_Rule(level, reason, re.compile(_phrase_pattern(phrase), re.IGNORECASE)))
    return tuple(rules)


@lru_cache(maxsize=1)
def _benign() -> re.Pattern[str]:
    patterns = (_phrase_pattern(line) for line in _data_lines("safeguarding_benign.txt"))
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _negated(text: str, start: int) -> bool:
    """True if one of the few words just before ``start``, in the same clause, is a negation."""
    before = _CLAUSE_END.split(text[:start])[-1]
    words = re.findall(r"[\w']+", before.lower().replace("’", "'"))[-_NEGATION_WINDOW:]
    return any(word in _NEGATORS or word.endswith("n't") for word in words)


def _find_matches(text: str) -> list[RiskMatch]:
    benign = [m.span() for m in _benign().finditer(text)]
    matches = []
    for rule in _rules():
        for m in rule.pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in benign):
                continue
            negated = _negated(text, m.start())
            level = "possible" if negated else rule.level
            matches.append(RiskMatch(m.start(), m.end(), m.group(), rule.reason, level, negated))
    return _dedupe(matches)


def _dedupe(matches: list[RiskMatch]) -> list[RiskMatch]:
    """Keep the strongest match where several rules matched overlapping words."""
    ordered = sorted(matches, key=lambda m: (-LEVELS.index(m.level), m.start - m.end, m.start))
    kept: list[RiskMatch] = []
    for match in ordered:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def assess_risk(text: str) -> RiskAssessment:
    """Screen one piece of feedback for signs that someone may be at risk of harm."""
    matches = tuple(_find_matches(text))
    level = max((m.level for m in matches), key=LEVELS.index, default="none")
    reasons = tuple(dict.fromkeys(m.reason for m in sorted(matches, key=lambda m: -LEVELS.index(m.level))))
    return RiskAssessment(at_risk=level != "none", level=level, reasons=reasons, matches=matches)
