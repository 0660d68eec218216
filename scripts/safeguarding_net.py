"""A learned second net for the safeguarding rules, that only reads sentences holding a harm or risk word.

The rules in ``forum_feedback.analysis.safeguarding`` catch nearly every concern in the texts they were tuned on,
and about three or four in five concerns phrased in ways nobody wrote down before. This net was built for the rest.
It is *gated*: only the sentences of a text that hold a word from ``data/safeguarding_gate.txt`` (a broad list:
hurt, scared, police, alone, locked, can't go on ...) are scored, each on its own, by a logistic regression on
word 1-3 and character 2-5 grams, and a text's score is its highest sentence's. A text with no such sentence
scores nothing, which keeps the model off most plain praise and mild complaints.

It is a measurement, not part of the screen: it lives beside the bench, not in ``forum_feedback.analysis``, and
``assess_risk`` does not call it. ``bench_safeguarding.py --net`` fits it leaving each labelled part out
(``training_sentences``, ``fit``) and reports what rules OR net would raise, on the labelled parts and on real
ordinary feedback; its docstring has the figures and why it is not shipped. ``to_json`` and ``from_json`` write
and read a fitted model as plain data (n-gram -> idf and weight), which is how it would ship, fitted by a script
and read with no fitting at import.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer

DATA_DIR = Path(__file__).parent / "data"
GATE_FILE = DATA_DIR / "safeguarding_gate.txt"

# Word 1-3 grams catch phrasing; character 2-5 grams inside words catch misspellings and run-together words.
VECTORIZERS = {
    "word": {"analyzer": "word", "ngram_range": (1, 3), "token_pattern": r"(?u)\b\w[\w']*\b"},
    "char": {"analyzer": "char_wb", "ngram_range": (2, 5)},
}
_SENTENCE_END = re.compile(r"[.!?\n;]+")


@lru_cache(maxsize=1)
def _gate() -> re.Pattern[str]:
    lines = GATE_FILE.read_text(encoding="utf-8").splitlines()
    parts = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return re.compile(rf"\b(?:{'|'.join(parts)})", re.IGNORECASE)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where each sentence of ``text`` starts and ends."""
    spans, start = [], 0
    for end_mark in _SENTENCE_END.finditer(text):
        spans.append((start, end_mark.start()))
        start = end_mark.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def gated_sentences(text: str) -> list[str]:
    """The sentences of ``text`` that hold a harm or risk word."""
    gate = _gate()
    sentences = (text[a:b].strip() for a, b in sentence_spans(text))
    return [s for s in sentences if gate.search(s)]


@dataclass(frozen=True)
class NetModel:
    """A linear model over l2-normalised tf-idf n-grams: per vectorizer, n-gram -> (idf, weight)."""

    features: dict[str, dict[str, tuple[float, float]]]
    intercept: float
    threshold: float

    def score(self, sentence: str) -> float:
        """The probability that one sentence is a concern."""
        total = self.intercept
        for name, table in self.features.items():
            total += _dot(_analyzer(name)(sentence.lower()), table)
        return 1 / (1 + math.exp(-total))


@cache
def _analyzer(name: str) -> Callable[[str], list[str]]:
    return TfidfVectorizer(**VECTORIZERS[name]).build_analyzer()


def _dot(grams: list[str], table: dict[str, tuple[float, float]]) -> float:
    """tf-idf (sublinear tf, l2 norm over known n-grams, as in fitting) dotted with the weights."""
    counts = Counter(g for g in grams if g in table)
    values = {g: (1 + math.log(n)) * table[g][0] for g, n in counts.items()}
    norm = math.sqrt(sum(v * v for v in values.values()))
    return sum(v * table[g][1] for g, v in values.items()) / norm if norm else 0.0


def fit(sentences: Sequence[str], concerns: Sequence[bool], *, threshold: float = 0.5, c: float = 4.0) -> NetModel:
    """Fit the net on labelled sentences (each should pass the gate, as the sentences it will score do)."""
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    gated, labels = list(sentences), [bool(y) for y in concerns]
    vectorizers = {name: TfidfVectorizer(sublinear_tf=True, min_df=2, **kw) for name, kw in VECTORIZERS.items()}
    matrix = hstack([v.fit_transform(gated) for v in vectorizers.values()]).tocsr()
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=0).fit(matrix, labels)
    weights, offset, features = model.coef_[0], 0, {}
    for name, vectorizer in vectorizers.items():
        vocabulary = vectorizer.vocabulary_
        features[name] = {g: (float(vectorizer.idf_[i]), float(weights[offset + i])) for g, i in vocabulary.items()}
        offset += len(vocabulary)
    return NetModel(features, float(model.intercept_[0]), threshold)


def training_sentences(examples: Iterable[tuple[str, bool]]) -> tuple[list[str], list[bool]]:
    """Labelled texts as labelled gated sentences, the unit the net scores.

    Every gated sentence of a text that is not a concern is a negative. Of a concern, the gated sentences the
    rules matched in are the positives (a long story's other sentences are about services, and would teach the
    net that service words are concerns); when the rules match in none, all its gated sentences are.
    """
    from forum_feedback.analysis.safeguarding import assess_risk

    sentences, labels = [], []
    for text, concern in examples:
        gated = [(a, b) for a, b in sentence_spans(text) if _gate().search(text[a:b])]
        if concern:
            matches = assess_risk(text).matches
            hit = [(a, b) for a, b in gated if any(m.start < b and m.end > a for m in matches)]
            gated = hit or gated
        sentences += [text[a:b].strip() for a, b in gated]
        labels += [concern] * len(gated)
    return sentences, labels


def to_json(model: NetModel, *, digits: int = 4) -> str:
    """The model as plain data; n-grams whose weight rounds to zero are kept, since they count in the norm."""
    tables = {
        name: {g: [round(idf, digits), round(w, digits)] for g, (idf, w) in sorted(table.items())}
        for name, table in model.features.items()
    }
    data = {"intercept": round(model.intercept, digits), "threshold": model.threshold, "features": tables}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def from_json(text: str) -> NetModel:
    """Read a model written by ``to_json``."""
    data = json.loads(text)
    features = {name: {g: (p[0], p[1]) for g, p in table.items()} for name, table in data["features"].items()}
    return NetModel(features, data["intercept"], data["threshold"])


def net_score(text: str, model: NetModel) -> float | None:
    """The net's highest probability over the gated sentences of ``text``; ``None`` when none passes the gate."""
    sentences = gated_sentences(text)
    return max(model.score(s) for s in sentences) if sentences else None


def net_raises(text: str, model: NetModel) -> bool:
    """Whether the net, on its own, would raise ``text`` at the model's threshold."""
    value = net_score(text, model)
    return value is not None and value >= model.threshold
