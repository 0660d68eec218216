"""The safeguarding screen's second net: a learned model that reads the sentences the rules found nothing in.

The rules in ``safeguarding`` catch nearly every concern phrased the way the project's corpora phrase them,
and about four in five concerns phrased in ways nobody wrote down before. This net is for the rest. It is
*gated*: every sentence of a text is scored, each on its own, by a logistic regression on word 1-3 and
character 2-5 grams, and a sentence raises at ``threshold`` when it holds a word from
``data/safeguarding_gate.txt`` (a broad list: hurt, scared, police, alone, locked, can't go on ...), or at the
much higher ``open_threshold`` when it holds none. The gate keeps the model off plain praise and mild
complaints; the open threshold is for the concern told in no harm word at all ("they didn't use his
EpiPen", "she wants me to send videos in my underwear"), which only a sentence the net is nearly sure of
raises.

The fitted model ships as plain data, ``data/safeguarding_net.json`` (n-gram -> idf and weight, the
intercept, the threshold and the open threshold), and is read once, with no fitting at import. It is written by
``python scripts/safeguarding_net.py --write`` from the project's labelled safeguarding texts and ordinary
negatives; a test refits it and checks that the shipped file is what the script writes. Scoring every sentence of
a demo item takes about 1.3 ms (the rules alone take about 0.5 ms).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

DATA_DIR = Path(__file__).parent / "data"
GATE_FILE = DATA_DIR / "safeguarding_gate.txt"
MODEL_FILE = DATA_DIR / "safeguarding_net.json"

# Word 1-3 grams catch phrasing; character 2-5 grams inside words catch misspellings and run-together words.
VECTORIZERS: dict[str, dict[str, object]] = {
    "word": {"analyzer": "word", "ngram_range": (1, 3), "token_pattern": r"(?u)\b\w[\w']*\b"},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
}
_SENTENCE_END = re.compile(r"[.!?\n;]+")


@lru_cache(maxsize=1)
def gate() -> re.Pattern[str]:
    """The harm and risk words that open a sentence to the net."""
    lines = GATE_FILE.read_text(encoding="utf-8").splitlines()
    parts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)


def sentence_spans(text: str, *, trim: bool = False) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends (blank ones left out; ``trim``: without outer spaces)."""
    spans, start = [], 0
    for end_mark in _SENTENCE_END.finditer(text):
        spans.append((start, end_mark.start()))
        start = end_mark.end()
    spans.append((start, len(text)))
    found = []
    for a, b in spans:
        piece = text[a:b]
        if not piece.strip():
            continue
        if trim:
            a, b = a + len(piece) - len(piece.lstrip()), b - len(piece) + len(piece.rstrip())
        found.append((a, b))
    return found


def gated_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``text`` that hold a harm or risk word are, without outer spaces."""
    return [(a, b) for a, b in sentence_spans(text, trim=True) if gate().search(text, a, b)]


def gated_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold a harm or risk word."""
    return [text[a:b] for a, b in gated_spans(text)]


@cache
def analyzer(name: str) -> Callable[[str], list[str]]:
    """The n-grams one of ``VECTORIZERS`` reads in a text, as it read them when the model was fitted."""
    return TfidfVectorizer(**VECTORIZERS[name]).build_analyzer()  # type: ignore[arg-type]


def _dot(grams: list[str], table: dict[str, tuple[float, float]]) -> float:
    """tf-idf (sublinear tf, l2 norm over known n-grams, as in fitting) dotted with the weights."""
    counts = Counter(g for g in grams if g in table)
    values = {g: (1 + math.log(n)) * table[g][0] for g, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return sum(v * table[g][1] for g, v in values.items()) / norm if norm else 0.0


@dataclass(frozen=True)
class NetModel:
    """A linear model over l2-normalised tf-idf n-grams: per vectorizer, n-gram -> (idf, weight)."""

    features: dict[str, dict[str, tuple[float, float]]]
    intercept: float
    threshold: float  # a sentence holding a gate word raises at this score
    open_threshold: float = 1.0  # one holding none raises at this (1.0: never; models written before it)

    def score(self, sentence: str) -> float:
        """The probability that one sentence is a concern."""
        total = self.intercept
        for name, table in self.features.items():
            total += _dot(analyzer(name)(sentence.lower()), table)
        return 1 / (1 + math.exp(-total))

    def threshold_for(self, hit: NetHit) -> float:
        """The score at which this sentence raises: lower when it holds a harm or risk word."""
        return self.threshold if hit.gated else self.open_threshold

    def raises(self, hit: NetHit | None) -> bool:
        """Whether a scored sentence reaches its threshold."""
        return hit is not None and hit.score >= self.threshold_for(hit)


@dataclass(frozen=True)
class NetHit:
    """A scored sentence of a text: where it is, its score, and whether it holds a harm or risk word."""

    start: int
    end: int
    score: float
    gated: bool = True


def from_json(text: str) -> NetModel:
    """Read a model written by ``to_json``."""
    data = json.loads(text)
    features = {name: {g: (p[0], p[1]) for g, p in table.items()} for name, table in data["features"].items()}
    return NetModel(features, data["intercept"], data["threshold"], data.get("open_threshold", 1.0))


def to_json(model: NetModel, *, digits: int = 4) -> str:
    """The model as plain data; n-grams whose weight rounds to zero are kept, since they count in the norm."""
    tables = {
        name: {g: [round(idf, digits), round(w, digits)] for g, (idf, w) in sorted(table.items())}
        for name, table in model.features.items()
    }
    data = {"intercept": round(model.intercept, digits), "threshold": model.threshold, "features": tables}
    data["open_threshold"] = model.open_threshold
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=True)


@lru_cache(maxsize=1)
def shipped_model() -> NetModel:
    """The fitted model that ships with the app (read once)."""
    return from_json(MODEL_FILE.read_text(encoding="utf-8"))


def scored_sentences(text: str, model: NetModel | None = None, *, skip: Iterable[tuple[int, int]] = ()) -> list[NetHit]:
    """Every sentence of ``text`` scored, leaving out sentences that overlap a span in ``skip``."""
    model = model or shipped_model()
    skipped = list(skip)
    hits = []
    for a, b in sentence_spans(text, trim=True):
        if not any(s < b and e > a for s, e in skipped):
            hits.append(NetHit(a, b, model.score(text[a:b]), bool(gate().search(text, a, b))))
    return hits


def best_of(hits: Iterable[NetHit], model: NetModel) -> NetHit | None:
    """The scored sentence that comes nearest its threshold or goes furthest past it (gated first if both raise)."""
    return max(hits, key=lambda h: (model.raises(h) and h.gated, h.score - model.threshold_for(h)), default=None)


def net_score(text: str, model: NetModel | None = None, *, skip: Iterable[tuple[int, int]] = ()) -> float | None:
    """The net's highest probability over the gated sentences of ``text``; ``None`` when none is read."""
    hits = [h for h in scored_sentences(text, model, skip=skip) if h.gated]
    return max((h.score for h in hits), default=None)
