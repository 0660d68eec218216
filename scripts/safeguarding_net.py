"""Fit the safeguarding screen's second net and write the model the app ships.

The net itself (the gate, the sentences it reads, scoring, the model as plain data) lives in
``forum_feedback.analysis.safeguarding_net``; this script fits it. ``python scripts/safeguarding_net.py --write``
fits it on every labelled safeguarding text in ``scripts/data`` and the ordinary negatives (see
``training_examples``) and writes ``forum_feedback/analysis/data/safeguarding_net.json``; without ``--write`` it
fits and says whether the shipped file is what it would write. ``bench_safeguarding.py --net`` uses ``fit`` to
measure the net part by part, each labelled part left out in turn.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.feature_extraction.text import TfidfVectorizer

from forum_feedback.analysis import safeguarding_net as net
from forum_feedback.analysis.safeguarding import assess_risk

DATA = Path(__file__).parent / "data"
# The thresholds the app raises at, chosen from bench_safeguarding.py --net (leave one part out, against what
# the rules said the first time they ran on each held-out part): see that script's docstring. A sentence with a
# gate word raises at THRESHOLD; one with none only at OPEN_THRESHOLD, where the net is nearly sure. Fresh
# held-out parts have always scored below the leave-one-part-out estimate, so the lower of 0.5 and 0.6 that
# keeps the demo's plain items quiet is taken: a missed disclosure costs more than an extra look.
THRESHOLD = 0.6
OPEN_THRESHOLD = 0.9
C = 4.0
TOLERANCE = 0.005  # two fits whose scores differ by no more than this on every training sentence are the same
NEGATIVE_FILES = sorted(DATA.glob("safeguarding_ordinary_negatives*.txt"))
# Every labelled part but the sealed ones (a part kept back to measure the shipped net on text it never saw).
SEALED = ("safeguarding_heldout14.jsonl",)


def fit(
    sentences: Sequence[str],
    concerns: Sequence[bool],
    *,
    threshold: float = 0.5,
    open_threshold: float = 1.0,
    c: float = 4.0,
) -> net.NetModel:
    """Fit the net on labelled sentences (each should pass the gate, as the sentences it will score do)."""
    from scipy.sparse import hstack
    from sklearn.linear_model import LogisticRegression

    gated, labels = list(sentences), [bool(y) for y in concerns]
    vectorizers = {name: TfidfVectorizer(sublinear_tf=True, min_df=2, **kw) for name, kw in net.VECTORIZERS.items()}
    matrix = hstack([v.fit_transform(gated) for v in vectorizers.values()]).tocsr()
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=0).fit(matrix, labels)
    weights, offset, features = model.coef_[0], 0, {}
    for name, vectorizer in vectorizers.items():
        vocabulary = vectorizer.vocabulary_
        features[name] = {g: (float(vectorizer.idf_[i]), float(weights[offset + i])) for g, i in vocabulary.items()}
        offset += len(vocabulary)
    return net.NetModel(features, float(model.intercept_[0]), threshold, open_threshold)


def training_sentences(examples: Iterable[tuple[str, bool]]) -> tuple[list[str], list[bool]]:
    """Labelled texts as labelled sentences, the unit the net scores.

    Every sentence of a text that is not a concern is a negative, gated or not: the net only ever scores gated
    sentences, but the ordinary ones teach it what plain talk about a child looks like ("he has autism and
    loves trains"), so that words for a child or parent are not taken for signs of a concern. Of a concern,
    the gated sentences the rules matched in are the positives (a long story's other sentences are about
    services, and would teach the net that service words are concerns); when the rules match in none, all
    its gated sentences are.
    """
    sentences, labels = [], []
    for text, concern in examples:
        gated = net.gated_spans(text) if concern else net.sentence_spans(text, trim=True)
        if concern:
            matches = assess_risk(text, net=False).matches
            hit = [(a, b) for a, b in gated if any(m.start < b and m.end > a for m in matches)]
            gated = hit or gated
        sentences += [text[a:b] for a, b in gated]
        labels += [concern] * len(gated)
    return sentences, labels


def labelled_parts() -> list[Path]:
    """Every labelled safeguarding file the net learns from (all in ``scripts/data`` but the sealed)."""
    files = [*DATA.glob("safeguarding_corpus.jsonl"), *DATA.glob("safeguarding_probes*.jsonl")]
    files += DATA.glob("safeguarding_heldout*.jsonl")
    return sorted(path for path in files if path.name not in SEALED)


def ordinary_negatives() -> list[tuple[str, bool]]:
    """The net's ordinary negatives: the hand-written files, and demo items the demo does not plant as concerns.

    The demo items come from another seed and end date than the demo itself and the demo test, but from the
    same fragments, so with them in training the demo check no longer tests the net on text it has not seen.
    """
    from forum_feedback.demo import fragments
    from forum_feedback.demo.corpus import generate_corpus

    written = []
    for path in NEGATIVE_FILES:
        lines = path.read_text(encoding="utf-8").splitlines()
        written += [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    items = generate_corpus(n_items=1500, end=dt.date(2024, 6, 30), seed=7)
    demo = (f"{item.text}\n{item.what_would_help}" for item in items)
    markers = fragments.SAFEGUARDING_MARKERS
    return [(text, False) for text in written] + [(t, False) for t in demo if not any(m in t.lower() for m in markers)]


def read_labelled(path: Path) -> list[tuple[str, bool]]:
    """A labelled JSON Lines file as (text, is a concern) pairs."""
    rows = (json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    return [(str(row["text"]), bool(row["concern"])) for row in rows]


def training_examples() -> list[tuple[str, bool]]:
    """What the shipped net is fitted on: every labelled part, then the ordinary negatives."""
    return [example for path in labelled_parts() for example in read_labelled(path)] + ordinary_negatives()


def fit_shipped() -> net.NetModel:
    """The model the app ships, fitted from the files as they are now."""
    return fit(*training_sentences(training_examples()), threshold=THRESHOLD, open_threshold=OPEN_THRESHOLD, c=C)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the fitted model to {net.MODEL_FILE.name}")
    args = parser.parse_args(argv)
    model = fit_shipped()
    grams = sum(len(table) for table in model.features.values())
    print(f"fitted on {len(labelled_parts())} labelled files and {len(NEGATIVE_FILES)} negative files: {grams} n-grams")
    if args.write:
        net.MODEL_FILE.write_text(net.to_json(model), encoding="utf-8")
        print(f"wrote {net.MODEL_FILE}")
        return 0
    gap = largest_difference(net.shipped_model(), model) if net.MODEL_FILE.exists() else float("inf")
    same = gap <= TOLERANCE
    print(f"largest score difference from the shipped model: {gap:.6f} (at most {TOLERANCE} is the same fit)")
    print("the shipped model is what this fit writes" if same else "the shipped model differs: run with --write")
    return 0 if same else 1


def largest_difference(shipped: net.NetModel, fitted: net.NetModel) -> float:
    """The largest gap between two models' scores on every sentence the net learns from (and their thresholds).

    Fits on other CPUs differ in the last digits (BLAS kernels), so two fits are compared by what they say.
    """
    sentences, _ = training_sentences(training_examples())
    gaps = (abs(shipped.score(sentence) - fitted.score(sentence)) for sentence in sentences)
    thresholds = abs(shipped.threshold - fitted.threshold) + abs(shipped.open_threshold - fitted.open_threshold)
    return max(max(gaps, default=0.0), thresholds)


if __name__ == "__main__":
    raise SystemExit(main())
