"""Readable descriptions of a theme: key terms, a short label and representative quotes.

Terms are ranked by how much more often a theme's comments use them than the whole corpus does
(share in theme x log of the lift), so "CAMHS" beats "staff" in a CAMHS theme. Terms are stems
internally; everything returned is in the most common form families wrote it ("waiting for CAMHS",
never "wait camhs"). A label (2 to 5 words) is the candidate that covers most of the theme's top
terms: a phrase families wrote, two phrases chained on a shared word when families really wrote
them together ("waiting for CAMHS" + "CAMHS assessment" -> "Waiting for CAMHS assessment"), or
"X and Y" of the top words as a last resort; shorter wins ties. Quotes are the comments nearest the
theme's centre whose families agreed to be quoted (never the others), skipping very short and very
long ones and repeats."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import CountVectorizer

from .text import Analyzer, with_bigrams

_CLAUSE_BREAK = re.compile(r"[.!?;:()\n]+|\s[-–—]\s")
MAX_TERMS = 8
MIN_LABEL_DOCS = 3  # fewer comments than this cannot show what a theme is about
SURFACE_SAMPLE = 150
QUOTE_WORDS = (5, 60)
_MAX_LABEL_WORDS = 5
# A label ending in one of these reads as cut off ("Staff were very").
_DANGLING = frozenset(
    {
        "very",
        "too",
        "so",
        "not",
        "no",
        "more",
        "less",
        "much",
        "and",
        "or",
        "was",
        "were",
        "is",
        "are",
        "came",
        "went",
        "kept",
        "got",
        "won't",
        "can't",
        "didn't",
        "don't",
        "wouldn't",
        "couldn't",
        "isn't",
        "wasn't",
    }
)


def term_presence(
    term_lists: Sequence[Sequence[str]], limit: int, random_state: int
) -> tuple[np.ndarray, sp.csr_matrix, list[str]]:
    """(rows counted, rows x terms 0/1 matrix, terms) over all comments, or a random ``limit`` of them.

    ``term_lists`` hold unigram terms; their bigrams are counted too.

    Terms used by fewer than 2 of the counted comments are left out. A sample is plenty to rank a
    theme's words, and keeps a 500,000-comment build from holding every bigram of every comment.
    """
    n = len(term_lists)
    rows = np.arange(n) if n <= limit else np.sort(np.random.default_rng(random_state).choice(n, limit, False))
    vectorizer = CountVectorizer(analyzer=with_bigrams, binary=True, min_df=2 if len(rows) > 1 else 1, dtype=np.float32)
    try:
        presence = vectorizer.fit_transform([term_lists[i] for i in rows]).tocsr()
    except ValueError:  # no comment has a term twice: nothing to rank
        return rows, sp.csr_matrix((len(rows), 0), dtype=np.float32), []
    return rows, presence, vectorizer.get_feature_names_out().tolist()


def term_scores(presence: sp.csr_matrix, members: np.ndarray) -> np.ndarray:
    """Distinctiveness of every term for the rows ``members`` of a binary document-term matrix."""
    in_theme = np.asarray(presence[members].sum(axis=0)).ravel()
    overall = np.asarray(presence.sum(axis=0)).ravel()
    share = in_theme / max(len(members), 1)
    lift = (in_theme + 0.5) / (overall + 1.0) * presence.shape[0] / max(len(members), 1)
    scores = share * np.log(np.maximum(lift, 1e-9))
    scores[in_theme < 2] = 0.0  # a word one family used is not a theme's word
    return scores


def surface_forms(analyzer: Analyzer, texts: Sequence[str], wanted: set[str]) -> dict[str, str]:
    """Most common written form of each wanted term in ``texts`` (ties: shorter, then alphabetical)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        # Phrases are read within a clause: "...with anxiety. A gradual return..." must not give
        # the label "Anxiety a gradual".
        for clause in _CLAUSE_BREAK.split(text):
            for term, shown in analyzer.surface_terms(clause):
                if term in wanted:
                    seen[term][shown] += 1
    return {term: _best_form(counts) for term, counts in seen.items()}


def _best_form(counts: Counter[str]) -> str:
    # Count spellings case-insensitively but show the most common capitalisation.
    by_lower: Counter[str] = Counter()
    for form, count in counts.items():
        by_lower[form.lower()] += count
    lower = min(by_lower, key=lambda f: (-by_lower[f], len(f), f))
    variants = [f for f in counts if f.lower() == lower]
    return max(variants, key=lambda f: (counts[f], f))


def key_terms(ranked: Sequence[str], forms: dict[str, str]) -> list[str]:
    """Up to ``MAX_TERMS`` distinct written forms of the ranked terms."""
    chosen: list[str] = []
    for term in ranked:
        shown = forms.get(term)
        if shown and shown.lower() not in {c.lower() for c in chosen}:
            chosen.append(shown)
        if len(chosen) == MAX_TERMS:
            break
    return chosen


def _chain(first: str, second: str) -> str | None:
    """Join "waiting for CAMHS" and "CAMHS assessment" on their shared word, else None."""
    head, tail = first.split(), second.split()
    if head[-1].lower() == tail[0].lower():
        return " ".join(head + tail[1:])
    if tail[-1].lower() == head[0].lower():
        return " ".join(tail + head[1:])
    return None


def _readable(label: str) -> bool:
    words = label.lower().split()
    return len(words) <= _MAX_LABEL_WORDS and len(set(words)) == len(words) and words[-1] not in _DANGLING


def _occurs(phrase: str, texts: Sequence[str]) -> bool:
    """Whether families really wrote this chained phrase (at least twice), so a label is never invented."""
    needle = phrase.lower()
    return sum(needle in " ".join(t.lower().split()) for t in texts) >= 2


def label_candidates(ranked: Sequence[tuple[str, float]], forms: dict[str, str], texts: Sequence[str]) -> list[str]:
    """Labels to try, best first: phrases families wrote (two chained when they really wrote them
    together), scored by how much of the theme's top words they cover; "X and Y" of top words last.
    """
    scored = [(forms[t], score) for t, score in ranked if t in forms]
    words = [form for form, _ in scored if len(form.split()) == 1][:3]
    phrases = [form for form, _ in scored if len(form.split()) >= 2][:6]
    chained = [c for i, p in enumerate(phrases[:3]) for q in phrases[i + 1 : 4] if (c := _chain(p, q))]
    options = [(c, _coverage(c, scored)) for c in chained if _readable(c) and _occurs(c, texts)]
    options += [(p, _coverage(p, scored)) for p in phrases if _readable(p)]
    pairs = [f"{a} and {b}" for i, a in enumerate(words) for b in words[i + 1 :]]
    options += [(p, 0.8 * _coverage(p, scored)) for p in pairs if _readable(p)]  # a phrase reads better
    # Shorter reads better: each word past two costs a tenth of the score.
    options.sort(key=lambda option: -option[1] / (1 + 0.1 * max(0, len(option[0].split()) - 2)))
    return [_capitalise(c) for c, _ in options] or [_capitalise(w) for w in words] or ["Other comments"]


def _coverage(label: str, scored: Sequence[tuple[str, float]]) -> float:
    """Sum of the scores of the theme's terms that appear in the label."""
    padded = f" {label.lower()} "
    return sum(score for form, score in scored if f" {form.lower()} " in padded)


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def pick_label(candidates: Sequence[str], taken: set[str]) -> str:
    """First candidate not already used by another theme (numbered if all are)."""
    for candidate in candidates:
        if candidate.lower() not in taken:
            return candidate
    number = 2
    while f"{candidates[0]} ({number})".lower() in taken:
        number += 1
    return f"{candidates[0]} ({number})"


def pick_quotes(order: Sequence[int], texts: Sequence[str], quotable: Sequence[bool], count: int = 3) -> list[int]:
    """Indexes of up to ``count`` quotable, mid-length, distinct texts, in the given (nearest-first) order."""
    for low, high in (QUOTE_WORDS, (3, 120)):
        chosen = _quotes_within(order, texts, quotable, count, low, high)
        if len(chosen) == count:
            return chosen
    return chosen


def _quotes_within(
    order: Sequence[int], texts: Sequence[str], quotable: Sequence[bool], count: int, low: int, high: int
) -> list[int]:
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        words = texts[i].split()
        norm = " ".join(words).lower()
        if quotable[i] and low <= len(words) <= high and norm not in seen:
            chosen.append(i)
            seen.add(norm)
            if len(chosen) == count:
                break
    return chosen
