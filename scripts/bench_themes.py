"""Measure the theme engine against human themes, a plain baseline, and at scale.

Usage::

    python scripts/bench_themes.py --csv ../shared/datasets/nhs_fft_phase1.csv \\
        --text-column feedback --label-column subcategory [--k fixed|auto|both] \\
        [--scale 10000,100000,500000] [--sentiment-column criticality]

Comments of fewer than 3 words (split on white space) are dropped for every method alike. Each
configuration prints one JSON line: the engine's figures, the baseline's (TF-IDF with scikit-learn's
English stop words + KMeans with k = number of human labels, mean of 3 seeds) and the ratio of AMIs.

- ami / nmi / ari: agreement with the human labels over all kept comments; comments the engine leaves
  "not yet themed" count as one more cluster (-1), so leaving comments out is not rewarded.
- fit_seconds: wall time of one fit (``build_themes``, with labels, quotes and state; for the baseline
  vectorising + KMeans), measured in a fresh child process.
- peak_rss_mb: the child process's peak resident memory (``ru_maxrss``), which includes the Python
  interpreter, the libraries and the comments themselves; rss_before_fit_mb is the same child's peak
  just before fitting, so the fit's own cost is the difference.
- assign_p95_ms: 95th percentile of ``assign(state, text)`` over 1,000 comments, one call each,
  after the state went through json.dumps / json.loads.
- stability_ari: fit on the comments minus a random 10%, rebuild on all with ``previous=state``, and
  compare the two runs' themes on the comments both saw (ARI, "not yet themed" as -1).
  stability_ari_refit: the same with ``refit=True`` (word vectors re-learnt on the larger corpus).

``--scale`` replicates the corpus to each size with light perturbation (each copy drops ~10% of words
and swaps ~5% of neighbouring pairs) and times the whole pipeline (fit, labels, quotes, sentiment,
state serialised to JSON). A sentiment line compares ``score_sentiment`` with a human rating column.
"""

from __future__ import annotations

import argparse
import csv
import json
import multiprocessing
import os
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forum_feedback.analysis.sentiment import score_sentiment, sentiment_class
from forum_feedback.analysis.themes import Document, ThemeState, assign, build_themes

MIN_WORDS = 3
BASELINE_SEEDS = (0, 1, 2)


def load_rows(path: str, text_column: str, extra_columns: Sequence[str]) -> list[dict[str, str]]:
    """Rows with at least MIN_WORDS words, keeping only the columns asked for."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    wanted = [text_column, *extra_columns]
    return [{c: r[c] for c in wanted} for r in rows if len(r[text_column].split()) >= MIN_WORDS]


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(function: Callable, *args: object) -> dict:
    """Run ``function(*args)`` in a fresh process so its time and peak memory are its own.

    The machine's 1-minute load average before and after is added: timings on a shared machine mean
    little without it (multi-threaded BLAS slows down badly when other processes hold the cores).
    """
    before = os.getloadavg()[0]
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        result = pool.apply(function, args)
    return {**result, "load_avg": [round(before, 2), round(os.getloadavg()[0], 2)]}


def _docs(texts: Sequence[str]) -> list[Document]:
    return [Document(str(i), t) for i, t in enumerate(texts)]


def _labels(assignments: dict[str, str | None], ids: Sequence[str]) -> list[str]:
    return [assignments[i] or "-1" for i in ids]


def engine_fit(texts: list[str], n_themes: int | None, random_state: int) -> dict:
    """Child: one build; returns assignments, state JSON and figures."""
    docs = _docs(texts)
    before = peak_rss_mb()
    start = time.perf_counter()
    result = build_themes(docs, n_themes=n_themes, random_state=random_state)
    state = json.dumps(result.state.to_json())
    seconds = time.perf_counter() - start
    return {
        "assignments": _labels(dict(result.assignments), [d.id for d in docs]),
        "n_themes": len(result.themes),
        "fit_seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_fit_mb": round(before, 1),
        "state_json": state,
        "labels": [t.label for t in result.themes[:12]],
    }


def baseline_fit(texts: list[str], k: int, seed: int) -> dict:
    """Child: TF-IDF (scikit-learn English stop words) + KMeans, the plain method to beat."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    before = peak_rss_mb()
    start = time.perf_counter()
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(matrix)
    seconds = time.perf_counter() - start
    return {
        "assignments": [str(x) for x in labels],
        "fit_seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_fit_mb": round(before, 1),
    }


def agreement(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """AMI, NMI and ARI of a clustering against human labels."""
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

    return {
        "ami": round(adjusted_mutual_info_score(truth, predicted), 4),
        "nmi": round(normalized_mutual_info_score(truth, predicted), 4),
        "ari": round(adjusted_rand_score(truth, predicted), 4),
    }


def assign_p95_ms(state_json: str, texts: Sequence[str], seed: int = 0) -> float:
    """p95 of single-text assign calls (state restored from JSON, as the app would)."""
    state = ThemeState.from_json(json.loads(state_json))
    sample = random.Random(seed).sample(list(texts), min(1000, len(texts)))
    assign(state, sample[0])  # first call builds the analyzer once
    times = []
    for text in sample:
        start = time.perf_counter()
        assign(state, text)
        times.append((time.perf_counter() - start) * 1000)
    return round(float(np.percentile(times, 95)), 3)


def stability_fit(texts: list[str], n_themes: int | None, random_state: int) -> dict:
    """Child: fit without a random 10%, rebuild on all with previous=state; ARI on shared comments.

    Done twice: as the engine decides (it keeps the previous word vectors for a 10% larger corpus) and
    with ``refit=True``, which re-learns them and shows how much themes drift when it does.
    """
    docs = _docs(texts)
    held_out = set(random.Random(random_state + 1).sample(range(len(docs)), len(docs) // 10))
    kept = [d for i, d in enumerate(docs) if i not in held_out]
    first = build_themes(kept, n_themes=n_themes, random_state=random_state)
    figures: dict = {}
    for name, refit in (("stability_ari", None), ("stability_ari_refit", True)):
        second = build_themes(docs, previous=first.state, n_themes=n_themes, random_state=random_state, refit=refit)
        figures[name] = _ari_on(first, second, [d.id for d in kept])
        if refit is None:
            figures["keys_kept"] = len(set(first.state.keys) & set(second.state.keys))
            figures["keys_before"] = len(first.state.keys)
            figures["changes"] = dict(Counter(change.kind for change in second.changes))
    return figures


def _ari_on(first, second, ids: Sequence[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    before, after = _labels(dict(first.assignments), ids), _labels(dict(second.assignments), ids)
    return round(adjusted_rand_score(before, after), 4)


def run_config(rows: list[dict[str, str]], args: argparse.Namespace, k_mode: str) -> dict:
    """All figures for one label column and one way of choosing k."""
    texts = [r[args.text_column] for r in rows]
    truth = [r[args.label_column] for r in rows]
    k_human = len(set(truth))
    engine = in_child(engine_fit, texts, k_human if k_mode == "fixed" else None, args.random_state)
    stability = in_child(stability_fit, texts, k_human if k_mode == "fixed" else None, args.random_state)
    baselines = [in_child(baseline_fit, texts, k_human, seed) for seed in BASELINE_SEEDS]
    engine_scores = agreement(truth, engine["assignments"])
    base_scores = {
        m: round(float(np.mean([agreement(truth, b["assignments"])[m] for b in baselines])), 4)
        for m in ("ami", "nmi", "ari")
    }
    baseline = {
        **base_scores,
        "k": k_human,
        "seeds": len(BASELINE_SEEDS),
        **{
            f: round(float(np.mean([b[f] for b in baselines])), 3)
            for f in ("fit_seconds", "peak_rss_mb", "rss_before_fit_mb")
        },
    }
    return {
        "label_column": args.label_column,
        "k_mode": k_mode,
        "n_docs": len(texts),
        "n_labels": k_human,
        "n_themes": engine["n_themes"],
        **engine_scores,
        "not_yet_themed": sum(a == "-1" for a in engine["assignments"]),
        "fit_seconds": engine["fit_seconds"],
        "load_avg": engine["load_avg"],
        "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
        "peak_rss_mb": engine["peak_rss_mb"],
        "rss_before_fit_mb": engine["rss_before_fit_mb"],
        "assign_p95_ms": assign_p95_ms(engine["state_json"], texts),
        "state_kb": round(len(engine["state_json"]) / 1024, 1),
        **stability,
        "baseline": baseline,
        "ami_ratio": round(engine_scores["ami"] / max(baseline["ami"], 1e-9), 3),
        "labels_sample": engine["labels"],
    }


def perturb(text: str, rng: random.Random) -> str:
    """A near copy of a comment: drop ~10% of words and swap ~5% of neighbouring pairs."""
    words = [w for w in text.split() if rng.random() >= 0.1] or text.split()
    for i in range(len(words) - 1):
        if rng.random() < 0.05:
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


def scale_fit(texts: list[str], size: int, random_state: int) -> dict:
    """Child: whole pipeline on ``size`` perturbed copies of the corpus."""
    rng = random.Random(random_state)
    corpus = [texts[i % len(texts)] if i < len(texts) else perturb(texts[i % len(texts)], rng) for i in range(size)]
    docs = _docs(corpus)
    del corpus
    before = peak_rss_mb()
    start = time.perf_counter()
    result = build_themes(docs, random_state=random_state)
    state = json.dumps(result.state.to_json())
    seconds = time.perf_counter() - start
    return {
        "scale": size,
        "n_themes": len(result.themes),
        "fit_seconds": round(seconds, 2),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_fit_mb": round(before, 1),
        "state_mb": round(len(state) / 2**20, 2),
        "not_yet_themed": sum(v is None for v in result.assignments.values()),
    }


def sentiment_agreement(rows: list[dict[str, str]], text_column: str, rating_column: str) -> dict:
    """Spearman correlation and 3-class accuracy of score_sentiment against a -5..5 human rating."""
    from scipy.stats import spearmanr

    pairs = []
    for row in rows:
        try:
            pairs.append((int(row[rating_column]), score_sentiment(row[text_column])))
        except ValueError:
            continue  # a few ratings are typos ("-o", "NA"): not a number, not counted
    human = np.array([p[0] for p in pairs])
    scores = np.array([p[1] for p in pairs])
    classes = np.array([sentiment_class(s) for s in scores])
    return {
        "sentiment_vs": rating_column,
        "n": len(pairs),
        "spearman": round(float(spearmanr(human, scores)[0]), 4),
        "accuracy_3class": round(float(np.mean(np.sign(human) == classes)), 4),
        "majority_class_accuracy": round(float(max(np.mean(np.sign(human) == c) for c in (-1, 0, 1))), 4),
    }


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", required=True)
    parser.add_argument("--text-column", default="feedback")
    parser.add_argument("--label-column", default="subcategory")
    parser.add_argument("--k", choices=("fixed", "auto", "both"), default="both")
    parser.add_argument("--scale", default="", help="comma-separated corpus sizes, e.g. 10000,100000")
    parser.add_argument("--sentiment-column", default="criticality", help="human rating -5..5; '' to skip")
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--no-themes", action="store_true", help="only --scale and sentiment")
    parser.add_argument(
        "--threads", type=int, default=0, help="BLAS/OpenMP threads in the measured processes (0: as configured)"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Print one JSON line per configuration, per scale and for sentiment."""
    args = parse_args(argv)
    if args.threads:  # children are spawned, so they start their BLAS with these settings
        os.environ["OMP_NUM_THREADS"] = os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads)
    extra = [args.label_column] + ([args.sentiment_column] if args.sentiment_column else [])
    rows = load_rows(args.csv, args.text_column, extra)
    if not args.no_themes:
        for k_mode in ("fixed", "auto") if args.k == "both" else (args.k,):
            print(json.dumps(run_config(rows, args, k_mode)), flush=True)
    for size in [int(s) for s in args.scale.split(",") if s.strip()]:
        figures = in_child(scale_fit, [r[args.text_column] for r in rows], size, args.random_state)
        print(json.dumps({**figures, "threads": os.environ.get("OPENBLAS_NUM_THREADS", "default")}), flush=True)
    if args.sentiment_column:
        print(json.dumps(sentiment_agreement(rows, args.text_column, args.sentiment_column)), flush=True)


if __name__ == "__main__":
    main()
