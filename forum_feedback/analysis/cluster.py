"""Spherical k-means on unit document vectors, and the automatic choice of how many themes.

Clustering is spherical k-means (Lloyd iterations on unit vectors with unit centroids, so scores
are cosines) seeded by k-means++ (``plus_plus``). Above ``FIT_SAMPLE`` comments it fits on
a random sample, then assigns every comment to its nearest centroid and recomputes the centroids
once, which keeps time and memory roughly linear in the corpus size.

Automatic number of themes (``choose_k``): cluster-wise stability. ``high`` clusters (the safety bound
``themes.theme_range`` gives) are fitted from several k-means++ starts; a cluster of the best start is
kept when the other starts find it again (mean best Jaccard overlap at least ``STABLE_JACCARD``, the usual
threshold for a stable cluster). The rest are near-copies that split the same comments differently every
time: they are dropped and their comments go to the nearest kept cluster.

Measured on 8,676 short NHS comments against 44 human themes: agreement (AMI) is flat from 8 to 56
clusters (0.21-0.23), so the count cannot be read off agreement; silhouette always chose the fewest, and
merging the most similar centres snowballed into one cluster of 3,000 comments. Stability kept 16-19 of
40 (AMI unchanged, the most themes sharing one human theme down from 13 to 4-6).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

FIT_SAMPLE = 20_000
EXPLORE_STARTS = 3
EXPLORE_SAMPLE = 6_000  # the stability of 60 clusters is judged well on 6,000 comments, at a third of the cost
STABLE_JACCARD = 0.5  # Hennig (2007): a cluster found again with Jaccard >= 0.5 is a stable one
SMALL = 2_000
SEEDED_ITERATIONS = 100
SETTLE_ITERATIONS = 10
MAX_ITERATIONS = 100  # 30 gave the same AMI but less converged themes, which drift more on rebuild
_TOLERANCE = 0.001  # stop when fewer than 0.1% of comments change cluster
_CHUNK = 50_000


@dataclass(frozen=True)
class Clustering:
    """Cluster index per row (int32) and unit centroids (float32, one row per cluster)."""

    labels: np.ndarray
    centroids: np.ndarray


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (zero rows stay zero), as C-contiguous float32."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.maximum(norms, 1e-12), dtype=np.float32)


def nearest(vectors: np.ndarray, centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, cosine) of the nearest centroid for each row, computed in chunks to bound memory."""
    index = np.empty(len(vectors), dtype=np.int32)
    score = np.empty(len(vectors), dtype=np.float32)
    for start in range(0, len(vectors), _CHUNK):
        sims = vectors[start : start + _CHUNK] @ centroids.T
        best = sims.argmax(axis=1)
        index[start : start + _CHUNK] = best
        score[start : start + _CHUNK] = np.take_along_axis(sims, best[:, None], axis=1).ravel()
    return index, score


def centroids_of(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Unit mean vector of each cluster (zero row for an empty cluster; label -1 is ignored)."""
    return unit_rows(cluster_sums(vectors, labels, k))


def cluster_sums(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Sum of the vectors of each cluster, via a sparse membership matrix (fast for large n)."""
    keep = np.flatnonzero(labels >= 0)
    membership = sp.csr_matrix((np.ones(len(keep), dtype=np.float32), (labels[keep], keep)), shape=(k, len(vectors)))
    return np.asarray(membership @ vectors, dtype=np.float64)


def kmeans(
    vectors: np.ndarray, k: int, random_state: int, init: np.ndarray | None = None, iterations: int = SEEDED_ITERATIONS
) -> Clustering:
    """Spherical k-means with k clusters; ``init`` (k unit rows) seeds a single run of ``iterations``.

    Without ``init``: several k-means++ starts, keeping the one whose members sit closest to their centres.
    """
    rng = np.random.default_rng(random_state)
    fit_rows = vectors if len(vectors) <= FIT_SAMPLE else vectors[np.sort(rng.choice(len(vectors), FIT_SAMPLE, False))]
    if len(fit_rows) <= SMALL:  # k-means cannot find more clusters than distinct comments
        k = min(k, len(np.unique(fit_rows, axis=0)))
        init = None if init is None else init[:k]
    if init is not None:
        return _settle(vectors, _lloyd(fit_rows, unit_rows(init), iterations)[0])
    return _settle(vectors, max(_starts(fit_rows, k, random_state), key=lambda run: run[1])[0])


def _lloyd(rows: np.ndarray, centroids: np.ndarray, iterations: int) -> tuple[np.ndarray, float]:
    """Lloyd iterations on the unit sphere: (centroids, summed cosine of rows to their centroid).

    Written with numpy rather than scikit-learn's KMeans, whose OpenMP threads made a build 5 times
    slower on a 2-core server that is busy with anything else (measured: 1.7 s against 9.6 s).
    """
    labels = np.full(len(rows), -1, dtype=np.int32)
    for _ in range(iterations):
        new_labels, score = nearest(rows, centroids)
        changed = int(np.count_nonzero(new_labels != labels))
        labels = new_labels
        centroids = _refill_empty(rows, centroids_of(rows, labels, len(centroids)), score)
        if changed <= len(rows) * _TOLERANCE:
            break
    labels, score = nearest(rows, centroids)
    return centroids, float(score.sum())


def _refill_empty(rows: np.ndarray, centroids: np.ndarray, score: np.ndarray) -> np.ndarray:
    """An emptied cluster restarts at the row its centre fits worst (deterministic)."""
    empty = np.flatnonzero(np.abs(centroids).sum(axis=1) == 0)
    for j, row in zip(empty, np.argsort(score, kind="stable"), strict=False):
        centroids[j] = rows[row]
    return centroids


def _settle(vectors: np.ndarray, centroids: np.ndarray) -> Clustering:
    """Assign every row to its nearest centroid and recompute the centroids once."""
    labels, _ = nearest(vectors, centroids)
    centroids = centroids_of(vectors, labels, len(centroids))
    labels, _ = nearest(vectors, centroids)
    return Clustering(labels=labels, centroids=centroids)


@dataclass(frozen=True)
class KChoice:
    """How the number of themes was chosen: groups fitted, how many were stable, how many were kept."""

    fitted: int
    stable: int
    kept: int
    repeats: int  # other starting points each group was looked for in


def _jaccard_found_again(best: np.ndarray, others: list[np.ndarray], k: int) -> np.ndarray:
    """For each cluster of ``best``, the mean over ``others`` of its best Jaccard match there."""
    found = np.zeros(k)
    sizes = np.bincount(best, minlength=k)
    for other in others:
        counts = np.bincount(best * k + other, minlength=k * k).reshape(k, k)
        union = sizes[:, None] + np.bincount(other, minlength=k)[None, :] - counts
        found += (counts / np.maximum(union, 1)).max(axis=1)
    return found / max(len(others), 1)


def choose_k(vectors: np.ndarray, high: int, low: int, random_state: int) -> tuple[Clustering, KChoice]:
    """Spherical k-means with the number of clusters chosen by the data, at most ``high``.

    ``high`` clusters are fitted from several k-means++ starts. A cluster of the best start is stable when
    every other start finds it again (mean best Jaccard overlap >= ``STABLE_JACCARD``); the others are
    near-copies that split the same comments differently each time, so they are dropped and their comments
    go to the nearest stable cluster. At least ``low`` clusters are kept (the most stable ones).
    """
    rng = np.random.default_rng(random_state)
    rows = (
        vectors if len(vectors) <= EXPLORE_SAMPLE else vectors[np.sort(rng.choice(len(vectors), EXPLORE_SAMPLE, False))]
    )
    high = min(high, len(np.unique(rows, axis=0))) if len(rows) <= SMALL else high
    runs = _starts(rows, high, random_state)
    labels = [nearest(rows, centroids)[0] for centroids, _ in runs]
    found = [
        _jaccard_found_again(lab, [other for j, other in enumerate(labels) if j != i], high)
        for i, lab in enumerate(labels)
    ]
    # The start with the most clusters the others find again (then the best fit) is the one kept.
    best = max(range(len(runs)), key=lambda i: (int((found[i] >= STABLE_JACCARD).sum()), runs[i][1]))
    stable = np.flatnonzero(found[best] >= STABLE_JACCARD)
    keep = stable if len(stable) >= low else np.sort(np.argsort(-found[best], kind="stable")[: max(low, 1)])
    # Iterating to convergence on all comments lets the kept clusters take in the dropped ones' comments; a
    # rebuild seeded from these centres then starts where this build ended, so themes do not drift.
    everyone = vectors if len(vectors) <= FIT_SAMPLE else vectors[np.sort(rng.choice(len(vectors), FIT_SAMPLE, False))]
    centroids = _lloyd(everyone, runs[best][0][keep], SEEDED_ITERATIONS)[0]
    choice = KChoice(fitted=high, stable=len(stable), kept=len(keep), repeats=len(runs) - 1)
    return _settle(vectors, centroids), choice


def _starts(rows: np.ndarray, k: int, random_state: int) -> list[tuple[np.ndarray, float]]:
    # Small corpora have many poor local optima and cost nothing to restart; big ones the reverse.
    starts = 10 if len(rows) <= SMALL else EXPLORE_STARTS
    seeds = np.random.RandomState(random_state).randint(0, 2**31 - 1, size=starts)
    return [_lloyd(rows, plus_plus(rows, k, int(s)), MAX_ITERATIONS) for s in seeds]


def plus_plus(rows: np.ndarray, k: int, seed: int) -> np.ndarray:
    """k-means++ seeds on unit rows: each next seed drawn with probability proportional to its squared
    distance (2 - 2 cos) from the nearest seed so far. One draw a step (scikit-learn tries 2 + log k, which
    made seeding a third of a build's time for no measurable gain here)."""
    rng = np.random.default_rng(seed)
    chosen = [int(rng.integers(len(rows)))]
    best = rows @ rows[chosen[0]]
    for _ in range(1, min(k, len(rows))):
        weights = np.maximum(2.0 - 2.0 * best.astype(np.float64), 0.0)
        total = weights.sum()
        pick = int(rng.choice(len(rows), p=weights / total)) if total > 0 else int(rng.integers(len(rows)))
        chosen.append(pick)
        best = np.maximum(best, rows @ rows[pick])
    return unit_rows(rows[chosen])
