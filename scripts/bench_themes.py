"""Measure the theme engine against human themes, a plain baseline and a strong classical anchor, and at scale.

Usage::

    python scripts/bench_themes.py --csv ../shared/datasets/nhs_fft_phase1.csv \\
        --text-column feedback --label-column subcategory [--k fixed|auto|both] [--seeds 5] \\
        [--scale 100000] [--sentiment-column criticality --sentiment-scale -5:5] [--demo]

Comments of fewer than 3 words (split on white space) are dropped for every method alike, and every
method runs in this process's children on the same rows. Each configuration prints one JSON line.

- The engine runs with ``--seeds`` random states (0, 1, ...); figures are "mean ± sd" over them.
- baseline: TF-IDF with scikit-learn's English stop words + KMeans (k = number of human labels).
- anchor: a strong classical pipeline, Snowball-stemmed sublinear TF-IDF (unigrams and bigrams,
  scikit-learn's stop words, min_df 2) + LSA (100 dimensions, rows re-normalised) + KMeans, k = number
  of human labels. Both are run with the same seeds as the engine.
- ami / nmi / ari: agreement with the human labels over all kept comments; comments the engine leaves
  "not yet themed" count as one more cluster (-1), so leaving comments out is not rewarded.
- fit_seconds: wall time of one fit (``build_themes`` with labels, quotes, sentiment and the state
  serialised to JSON), in a fresh child process; peak_rss_mb is that child's peak resident memory
  (interpreter, libraries and comments included; rss_before_fit_mb is its peak just before fitting).
- stability_ari: fit on the comments minus a random 10%, rebuild on all with ``previous=state`` and
  compare the two runs' themes on the comments both saw (ARI, "not yet themed" as -1);
  stability_ari_refit: the same with ``refit=True`` (word vectors re-learnt).
- assign_ms: ``assign(state, text)`` one call at a time on the 10% of comments the first fit did not
  see, with the state restored from JSON as the app does (p50 / p95); explain_ms the same for
  ``explain`` when the engine has it.
- Label report (``--label-report``; the first seed at automatic k): for each theme its label, size,
  coverage (share of its comments that contain every content word of the label: the engine's tokens,
  SEND variants as one word, Snowball-stemmed, scikit-learn's English stop words aside, so that the
  measure does not move with the engine's own word lists; the medians with the engine's stop words
  are printed too, as labels_engine_stops) and
  exclusivity (share of all comments containing those words that are in the theme); "written" whether
  the label's words occur in that order in at least one of its comments (small words included);
  "broken" a label word families only wrote inside a longer hyphenated or apostrophised word;
  "dangling" a label that ends on a small word (article, preposition, auxiliary, intensifier).
  redundancy is the most themes that share one plurality human label.
- ``--scale`` replicates the corpus to each size with light perturbation (each copy drops ~10% of
  words and swaps ~5% of neighbouring pairs) and times the whole pipeline.
- Sentiment compares ``score_sentiment`` with a human rating column whose scale is ``--sentiment-scale
  LOW:HIGH`` (LOW the most negative: "-5:5", "1:5", or "5:1" when 5 is the most negative); the middle
  of the scale is neutral. It is reported on all rated comments and on those people did not rate
  neutral.
- ``--demo`` builds themes for the synthetic demo corpus (``forum_feedback.demo``, ending
  ``--demo-end``) and prints the largest themes with their size, label and main service area.

``BENCH_ENGINE_ROOT=/path/to/a/checkout`` measures the engine of another checkout (for before/after
figures in the same run set-up); the default is this one.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import multiprocessing
import os
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, os.environ.get("BENCH_ENGINE_ROOT") or str(Path(__file__).resolve().parents[1]))
# One BLAS thread, as the engine sets for itself (forum_feedback.analysis): numpy is imported first here.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from forum_feedback.analysis import themes as engine
from forum_feedback.analysis.sentiment import score_sentiment, sentiment_class
from forum_feedback.analysis.text import load_vocabulary, stem, stop_words, tokenise

MIN_WORDS = 3
ANCHOR_DIMS = 100
DEMO_THEMES = 25
# A label ending on one of these reads as cut off (kept independent of the engine's own lists).
SMALL_WORDS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "his", "her", "their", "its"}
    | {"and", "or", "but", "so", "if", "of", "to", "in", "on", "at", "for", "from", "with", "by", "as", "into"}
    | {"about", "than", "then", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do"}
    | {"does", "did", "will", "would", "can", "could", "should", "may", "might", "must", "very", "really", "too"}
    | {"quite", "just", "still", "again", "also", "even", "definitely", "always", "never", "not", "no"}
)
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")


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
    """Run ``function(*args)`` in a fresh process so its time and peak memory are its own."""
    before = os.getloadavg()[0]
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        result = pool.apply(function, args)
    return {**result, "load_avg": [round(before, 2), round(os.getloadavg()[0], 2)]}


def _docs(texts: Sequence[str]) -> list[engine.Document]:
    return [engine.Document(str(i), t, True) for i, t in enumerate(texts)]


def _labels(assignments: dict[str, str | None], ids: Sequence[str]) -> list[str]:
    return [assignments[i] or "-1" for i in ids]


def engine_fit(texts: list[str], n_themes: int | None, random_state: int) -> dict:
    """Child: one build; returns assignments, themes and figures."""
    docs = _docs(texts)
    before = peak_rss_mb()
    start = time.perf_counter()
    result = engine.build_themes(docs, n_themes=n_themes, random_state=random_state)
    state = json.dumps(result.state.to_json())
    seconds = time.perf_counter() - start
    return {
        "assignments": _labels(dict(result.assignments), [d.id for d in docs]),
        "themes": [_theme_row(t) for t in result.themes],
        "k_reason": getattr(result, "k_reason", ""),
        "fit_seconds": round(seconds, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "rss_before_fit_mb": round(before, 1),
        "state_kb": round(len(state) / 1024, 1),
    }


def _theme_row(theme: engine.Theme) -> dict:
    return {
        "key": theme.key,
        "label": theme.label,
        "size": theme.size,
        "description": getattr(theme, "description", ""),
        "terms": list(theme.terms[:6]),
    }


def baseline_fit(texts: list[str], k: int, seed: int) -> dict:
    """Child: TF-IDF (scikit-learn English stop words) + KMeans, the plain method to beat."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    start = time.perf_counter()
    matrix = TfidfVectorizer(stop_words="english").fit_transform(texts)
    labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(matrix)
    return {"assignments": [str(x) for x in labels], "fit_seconds": round(time.perf_counter() - start, 3)}


def _stemmed_words(text: str) -> list[str]:
    from nltk.stem.snowball import SnowballStemmer
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    stemmer = _stemmed_words.__dict__.setdefault("stemmer", SnowballStemmer("english"))
    words = [w for w in re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower()) if w not in ENGLISH_STOP_WORDS]
    return [stemmer.stem(w) for w in words if len(w) > 1]


def anchor_fit(texts: list[str], k: int, seed: int) -> dict:
    """Child: Snowball-stemmed TF-IDF + LSA(100) + KMeans, a strong classical anchor."""
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    start = time.perf_counter()
    vectorizer = TfidfVectorizer(
        tokenizer=_stemmed_words, lowercase=False, token_pattern=None, ngram_range=(1, 2), min_df=2, sublinear_tf=True
    )
    matrix = vectorizer.fit_transform(texts)
    reduced = normalize(TruncatedSVD(ANCHOR_DIMS, random_state=seed).fit_transform(matrix))
    labels = KMeans(n_clusters=k, n_init=3, random_state=seed).fit_predict(reduced)
    return {
        "assignments": [str(x) for x in labels],
        "fit_seconds": round(time.perf_counter() - start, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def agreement(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """AMI, NMI and ARI of a clustering against human labels."""
    from sklearn.metrics import adjusted_mutual_info_score, adjusted_rand_score, normalized_mutual_info_score

    return {
        "ami": adjusted_mutual_info_score(truth, predicted),
        "nmi": normalized_mutual_info_score(truth, predicted),
        "ari": adjusted_rand_score(truth, predicted),
    }


def mean_sd(values: Sequence[float], digits: int = 4) -> str:
    """ "mean ± sd" of the values (sd 0 for a single value)."""
    values = [float(v) for v in values]
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.fmean(values):.{digits}f} ± {sd:.{digits}f}"


def _timed(function: Callable, state: object, texts: Sequence[str]) -> list[float]:
    function(state, texts[0])  # the first call builds the analyser once
    times = []
    for text in texts:
        start = time.perf_counter()
        function(state, text)
        times.append((time.perf_counter() - start) * 1000)
    return times


def _latency(state_json: str, texts: Sequence[str]) -> dict:
    """p50 / p95 of single-text assign (and explain) calls on texts the fit did not see."""
    state = engine.ThemeState.from_json(json.loads(state_json))
    sample = list(texts)[:1000]
    figures = {"assign_ms": _percentiles(_timed(engine.assign, state, sample)), "assign_texts": len(sample)}
    explain = getattr(engine, "explain", None)
    if explain is not None:
        figures["explain_ms"] = _percentiles(_timed(lambda s, t: explain(s, t), state, sample))
    return figures


def _percentiles(times: Sequence[float]) -> list[float]:
    return [round(float(np.percentile(times, q)), 3) for q in (50, 95)]


def stability_fit(texts: list[str], n_themes: int | None, random_state: int) -> dict:
    """Child: fit without a random 10%, rebuild on all with previous=state; ARI on shared comments.

    Done twice: as the engine decides (it keeps the previous word vectors for a 10% larger corpus) and
    with ``refit=True``, which re-learns them. The held-out 10% also measure assignment latency.
    """
    docs = _docs(texts)
    held_out = set(random.Random(random_state + 1).sample(range(len(docs)), len(docs) // 10))
    kept = [d for i, d in enumerate(docs) if i not in held_out]
    first = engine.build_themes(kept, n_themes=n_themes, random_state=random_state)
    figures: dict = _latency(json.dumps(first.state.to_json()), [texts[i] for i in sorted(held_out)])
    for name, refit in (("stability_ari", None), ("stability_ari_refit", True)):
        second = engine.build_themes(
            docs, previous=first.state, n_themes=n_themes, random_state=random_state, refit=refit
        )
        figures[name] = _ari_on(first, second, [d.id for d in kept])
        if refit is None:
            figures["keys_kept"] = len(set(first.state.keys) & set(second.state.keys))
            figures["keys_before"] = len(first.state.keys)
    return figures


def _ari_on(first, second, ids: Sequence[str]) -> float:
    from sklearn.metrics import adjusted_rand_score

    before, after = _labels(dict(first.assignments), ids), _labels(dict(second.assignments), ids)
    return round(adjusted_rand_score(before, after), 4)


class LabelChecker:
    """Coverage, exclusivity and readability checks of theme labels against the comments."""

    def __init__(self, texts: Sequence[str], stops: frozenset[str] = ENGLISH_STOP_WORDS) -> None:
        self.vocabulary = load_vocabulary()
        self.canonical = frozenset(self.vocabulary.display)
        self.stops = stops
        self.texts = texts
        self.tokens = [self.normalised(t) for t in texts]
        self.index: dict[str, set[int]] = defaultdict(set)
        for row, tokens in enumerate(self.tokens):
            for word in self.content(tokens):
                self.index[word].add(row)

    def normalised(self, text: str) -> list[str]:
        """Lower-case tokens, SEND variants as one token each, small words kept."""
        return self.vocabulary.normalise(tokenise(text))[0]

    def content(self, tokens: Sequence[str]) -> set[str]:
        """Snowball stems of the content words (canonical SEND terms as they are)."""
        return {
            t if t in self.canonical else stem(t)
            for t in tokens
            if t in self.canonical or (t not in self.stops and len(t) > 1 and not t.isdigit())
        }

    def report(self, label: str, members: Sequence[int]) -> dict:
        """Figures of one label for the rows ``members``."""
        words = self.content(self.normalised(label))
        containing = set.intersection(*(self.index.get(w, set()) for w in words)) if words else set()
        inside = len(containing & set(members))
        return {
            "coverage": round(inside / max(len(members), 1), 3),
            "exclusivity": round(inside / max(len(containing), 1), 3),
            "written": self.written(label, members),
            "broken": self.broken(label, members),
            "dangling": label.split()[-1].lower().strip(".,") in SMALL_WORDS if label.split() else True,
        }

    def written(self, label: str, members: Sequence[int]) -> bool:
        """Whether the label's tokens occur in this order in at least one member."""
        needle = self.normalised(label)
        size = len(needle)
        return any(
            self.tokens[r][i : i + size] == needle for r in members for i in range(len(self.tokens[r]) - size + 1)
        )

    def broken(self, label: str, members: Sequence[int]) -> bool:
        """Whether a label word was only ever written inside a longer hyphenated/apostrophised word."""
        display = {w.lower() for term in self.vocabulary.display.values() for w in term.split()}
        for word in _WORD.findall(label):
            if word.lower() in display:
                continue
            plain = re.escape(word.replace("’", "'"))
            free = re.compile(rf"(?<![\w'-]){plain}(?![\w'-])", re.IGNORECASE)
            if not any(free.search(self.texts[r].replace("’", "'")) for r in members):
                return True
        return False


def label_report(texts: Sequence[str], truth: Sequence[str], fit: dict, checker: LabelChecker | None = None) -> dict:
    """Per-theme label figures and their summary (medians, counts, redundancy)."""
    checker = checker or LabelChecker(texts)
    members: dict[str, list[int]] = defaultdict(list)
    for row, key in enumerate(fit["assignments"]):
        members[key].append(row)
    rows = []
    for theme in fit["themes"]:
        rows_in = members.get(theme["key"], [])
        plurality = Counter(truth[r] for r in rows_in).most_common(1)
        top = plurality[0] if plurality else ("", 0)
        rows.append({**theme, **checker.report(theme["label"], rows_in), "plurality": top[0], "plurality_n": top[1]})
    return {"themes": rows, "summary": _label_summary(rows)}


def _label_summary(rows: Sequence[dict]) -> dict:
    by_label = Counter(r["plurality"] for r in rows)
    most = by_label.most_common(1)[0] if by_label else ("", 0)
    return {
        "median_coverage": round(statistics.median(r["coverage"] for r in rows), 3) if rows else 0.0,
        "median_exclusivity": round(statistics.median(r["exclusivity"] for r in rows), 3) if rows else 0.0,
        "labels_written": sum(r["written"] for r in rows),
        "labels_broken": sum(r["broken"] for r in rows),
        "labels_dangling": sum(r["dangling"] for r in rows),
        "redundancy": most[1],
        "redundant_label": most[0],
        "distinct_plurality_labels": len(by_label),
    }


def print_label_report(report: dict, title: str) -> None:
    """The label report as a readable table."""
    print(f"# label report: {title}", flush=True)
    print("#  size  cover  excl  flags  label  [plurality human label n]  | description")
    for r in report["themes"]:
        flags = "".join(c for c, on in (("w", not r["written"]), ("b", r["broken"]), ("d", r["dangling"])) if on)
        print(
            f"# {r['size']:5d}  {r['coverage']:.2f}  {r['exclusivity']:.2f}  {flags or '-':5s}  {r['label']}  "
            f"[{r['plurality']} {r['plurality_n']}]  | {r['description']}"
        )
    print(f"# summary: {json.dumps(report['summary'])}", flush=True)


def _seeded_runs(function: Callable, texts: list[str], k: int | None, seeds: Sequence[int]) -> list[dict]:
    return [in_child(function, texts, k, seed) for seed in seeds]


def _scores(truth: Sequence[str], runs: Sequence[dict]) -> dict[str, str]:
    scores = [agreement(truth, run["assignments"]) for run in runs]
    return {m: mean_sd([s[m] for s in scores]) for m in ("ami", "nmi", "ari")}


def _figures(runs: Sequence[dict], names: Sequence[str], digits: int = 3) -> dict[str, str]:
    return {name: mean_sd([run[name] for run in runs], digits) for name in names if name in runs[0]}


def run_config(rows: list[dict[str, str]], args: argparse.Namespace, k_mode: str, others: dict) -> dict:
    """All figures for one label column and one way of choosing k."""
    texts = [r[args.text_column] for r in rows]
    truth = [r[args.label_column] for r in rows]
    k_human = len(set(truth))
    k = k_human if k_mode == "fixed" else None
    seeds = list(range(args.seeds))
    runs = _seeded_runs(engine_fit, texts, k, seeds)
    stability = _seeded_runs(stability_fit, texts, k, seeds[: args.stability_seeds])
    checker, engine_checker = LabelChecker(texts), LabelChecker(texts, stop_words())
    reports = [label_report(texts, truth, run, checker) for run in runs]
    engine_reports = [label_report(texts, truth, run, engine_checker)["summary"] for run in runs]
    if args.label_report and k_mode == "auto":
        print_label_report(reports[0], f"{args.label_column}, automatic k, seed {seeds[0]}")
    summary_names = ("median_coverage", "median_exclusivity", "redundancy", "labels_dangling", "labels_broken")
    return {
        "label_column": args.label_column,
        "k_mode": k_mode,
        "n_docs": len(texts),
        "n_labels": k_human,
        "seeds": len(seeds),
        "n_themes": [len(run["themes"]) for run in runs],
        **_scores(truth, runs),
        "not_yet_themed": [sum(a == "-1" for a in run["assignments"]) for run in runs],
        **_figures(runs, ("fit_seconds", "peak_rss_mb", "rss_before_fit_mb", "state_kb")),
        "load_avg": runs[0]["load_avg"],
        "labels": {n: mean_sd([rep["summary"][n] for rep in reports], 3) for n in summary_names},
        "labels_engine_stops": {n: mean_sd([rep[n] for rep in engine_reports], 3) for n in summary_names[:2]},
        "k_reason": runs[0]["k_reason"],
        **_stability_figures(stability),
        **others,
    }


def _stability_figures(runs: Sequence[dict]) -> dict:
    if not runs:
        return {}
    figures = _figures(runs, ("stability_ari", "stability_ari_refit"), 4)
    figures["keys_kept"] = [f"{run['keys_kept']}/{run['keys_before']}" for run in runs]
    for name in ("assign_ms", "explain_ms"):
        if name in runs[0]:
            figures[f"{name}_p50_p95"] = runs[0][name]
    return figures


def reference_methods(rows: list[dict[str, str]], args: argparse.Namespace) -> dict:
    """Baseline and anchor, same rows, same seeds, k = number of human labels."""
    texts = [r[args.text_column] for r in rows]
    truth = [r[args.label_column] for r in rows]
    k = len(set(truth))
    seeds = list(range(args.seeds))
    baseline = _seeded_runs(baseline_fit, texts, k, seeds)
    out = {"baseline": {"k": k, **_scores(truth, baseline), **_figures(baseline, ("fit_seconds",))}}
    if not args.no_anchor:
        anchor = _seeded_runs(anchor_fit, texts, k, seeds)
        out["anchor"] = {"k": k, **_scores(truth, anchor), **_figures(anchor, ("fit_seconds", "peak_rss_mb"))}
    return out


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
    result = engine.build_themes(docs, random_state=random_state)
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


def parse_scale(text: str) -> tuple[float, float]:
    """ "LOW:HIGH" (LOW the most negative rating) as two numbers."""
    low, high = (float(part) for part in re.fullmatch(r"\s*(-?[\d.]+)\s*:\s*(-?[\d.]+)\s*", text).groups())
    if low == high:
        raise argparse.ArgumentTypeError("the two ends of the sentiment scale must differ")
    return low, high


def _human_direction(rating: float, scale: tuple[float, float]) -> float:
    """The rating on a common axis: negative below the middle of the scale, positive above."""
    low, high = scale
    middle = (low + high) / 2
    return (rating - middle) * (1 if high > low else -1)


def _sentiment_figures(human: np.ndarray, scores: np.ndarray) -> dict:
    from scipy.stats import spearmanr

    classes = np.array([sentiment_class(s) for s in scores])
    truth = np.sign(human)
    return {
        "n": len(human),
        "spearman": round(float(spearmanr(human, scores)[0]), 4),
        "accuracy_3class": round(float(np.mean(truth == classes)), 4),
        "majority_class_accuracy": round(float(max(np.mean(truth == c) for c in (-1, 0, 1))), 4),
    }


def sentiment_agreement(rows: list[dict[str, str]], text_column: str, rating_column: str, scale: tuple) -> dict:
    """Spearman correlation and 3-class accuracy of score_sentiment against a human rating."""
    pairs = []
    for row in rows:
        try:
            rating = float(row[rating_column])
        except ValueError:
            continue  # a few ratings are typos ("-o", "NA"): not a number, not counted
        if min(scale) <= rating <= max(scale):
            pairs.append((_human_direction(rating, scale), score_sentiment(row[text_column])))
    human = np.array([p[0] for p in pairs])
    scores = np.array([p[1] for p in pairs])
    rated = human != 0
    return {
        "sentiment_vs": rating_column,
        "scale": list(scale),
        "all": _sentiment_figures(human, scores),
        "not_rated_neutral": _sentiment_figures(human[rated], scores[rated]),
    }


def demo_fit(end: str, seed: int) -> dict:
    """Child: themes of the synthetic demo corpus (story text, as the app themes it)."""
    from forum_feedback.demo.corpus import generate_corpus

    items = generate_corpus(end=dt.date.fromisoformat(end))
    start = time.perf_counter()
    result = engine.build_themes(_docs([item.text for item in items]), random_state=seed)
    seconds = round(time.perf_counter() - start, 3)
    ids = [str(i) for i in range(len(items))]
    return {
        "texts": [item.text for item in items],
        "truth": [item.services[0] for item in items],
        "assignments": _labels(dict(result.assignments), ids),
        "themes": [_theme_row(t) for t in result.themes],
        "k_reason": getattr(result, "k_reason", ""),
        "fit_seconds": seconds,
    }


def print_demo(args: argparse.Namespace) -> None:
    """The largest demo themes: size, label, main service area and the label report's figures."""
    fit = in_child(demo_fit, args.demo_end, args.random_state)
    report = label_report(fit["texts"], fit["truth"], fit)
    report["themes"] = report["themes"][:DEMO_THEMES]
    print_label_report(report, f"demo corpus ending {args.demo_end}, {len(fit['themes'])} themes")
    print(json.dumps({"demo_themes": len(fit["themes"]), "fit_seconds": fit["fit_seconds"], "k": fit["k_reason"]}))


def _at_least(low: int) -> Callable[[str], int]:
    """An argparse type: a whole number no lower than ``low``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low:
            raise argparse.ArgumentTypeError(f"must be {low} or more, not {value}")
        return value

    return parse


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", default="")
    parser.add_argument("--text-column", default="feedback")
    parser.add_argument("--label-column", default="subcategory")
    parser.add_argument("--k", choices=("fixed", "auto", "both"), default="both")
    parser.add_argument("--seeds", type=_at_least(1), default=5, help="engine, baseline and anchor random states")
    parser.add_argument("--stability-seeds", type=_at_least(0), default=3, help="rebuild-stability runs (0: none)")
    parser.add_argument("--scale", default="", help="comma-separated corpus sizes, e.g. 10000,100000")
    parser.add_argument("--sentiment-column", default="criticality", help="human rating column; '' to skip")
    parser.add_argument("--sentiment-scale", type=parse_scale, default=(-5.0, 5.0), help="LOW:HIGH, e.g. -5:5, 1:5")
    parser.add_argument("--random-state", type=int, default=0)
    parser.add_argument("--no-themes", action="store_true", help="only --scale, sentiment and --demo")
    parser.add_argument("--no-anchor", action="store_true", help="skip the TF-IDF + LSA + k-means anchor")
    parser.add_argument("--label-report", action="store_true", help="print every theme's label figures")
    parser.add_argument("--demo", action="store_true", help="themes of the synthetic demo corpus")
    parser.add_argument("--demo-end", default=dt.date.today().isoformat(), help="last day of the demo corpus")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """Print one JSON line per configuration, per scale and for sentiment."""
    args = parse_args(argv)
    rows: list[dict[str, str]] = []
    if args.csv:
        extra = [args.label_column] + ([args.sentiment_column] if args.sentiment_column else [])
        rows = load_rows(args.csv, args.text_column, extra)
    if rows and not args.no_themes:
        others = reference_methods(rows, args)
        for k_mode in ("fixed", "auto") if args.k == "both" else (args.k,):
            print(json.dumps(run_config(rows, args, k_mode, others), ensure_ascii=False), flush=True)
    for size in [int(s) for s in args.scale.split(",") if s.strip()]:
        figures = in_child(scale_fit, [r[args.text_column] for r in rows], size, args.random_state)
        print(json.dumps(figures), flush=True)
    if rows and args.sentiment_column:
        figures = sentiment_agreement(rows, args.text_column, args.sentiment_column, args.sentiment_scale)
        print(json.dumps(figures), flush=True)
    if args.demo:
        print_demo(args)


if __name__ == "__main__":
    main()
