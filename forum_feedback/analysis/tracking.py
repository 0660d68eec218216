"""Keeping theme identities across rebuilds, and saying what changed.

Old themes are matched to new clusters by the comments they share: the overlap of each old theme
(the current comments the previous state assigns to it) with each new cluster, scored by Jaccard
and solved as an assignment problem (Hungarian method), so each key goes to at most one cluster.
A pinned old theme wins any cluster it overlaps at all. Unmatched clusters are "split" when most of
them came from one matched old theme, else "new"; unmatched old themes are "merged" when most of their
comments went to one matched cluster, else "retired"; matched ones are "grown", "shrunk" or "kept".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

MIN_JACCARD = 0.2
_PINNED_BONUS = 1.0


@dataclass(frozen=True)
class Change:
    """One difference from the previous build: kind is new, grown, shrunk, kept, merged, split or retired."""

    kind: str
    theme_keys: tuple[str, ...]
    previous_keys: tuple[str, ...]
    detail: str


def overlap(old: np.ndarray, new: np.ndarray, n_old: int, n_new: int) -> np.ndarray:
    """Count matrix (old theme x new cluster) of comments in both; label -1 is ignored."""
    both = (old >= 0) & (new >= 0)
    flat = np.bincount(old[both] * n_new + new[both], minlength=n_old * n_new)
    return flat.reshape(n_old, n_new)


def match(counts: np.ndarray, pinned: np.ndarray) -> dict[int, int]:
    """{new cluster: old theme} for pairs that share enough comments."""
    if counts.size == 0:
        return {}
    old_sizes, new_sizes = counts.sum(axis=1, keepdims=True), counts.sum(axis=0, keepdims=True)
    jaccard = counts / np.maximum(old_sizes + new_sizes - counts, 1)
    score = jaccard + _PINNED_BONUS * (pinned[:, None] & (counts > 0))
    rows, cols = linear_sum_assignment(score, maximize=True)
    pairs = zip(rows, cols, strict=True)
    return {int(c): int(r) for r, c in pairs if jaccard[r, c] >= MIN_JACCARD or (pinned[r] and counts[r, c])}


def _size_change(key: str, before: int, after: int) -> Change:
    if after >= before * 1.2 and after - before >= 2:
        kind = "grown"
    elif after <= before * 0.8 and before - after >= 2:
        kind = "shrunk"
    else:
        kind = "kept"
    return Change(kind, (key,), (key,), f"{before} to {after} comments")


def describe_changes(
    counts: np.ndarray,
    matched: dict[int, int],
    old_keys: list[str],
    new_keys: list[str],
    sizes: tuple[list[int], list[int]],
) -> list[Change]:
    """Changes between old themes (rows of ``counts``) and new clusters (columns)."""
    old_sizes, new_sizes = sizes
    changes = [_size_change(new_keys[j], old_sizes[i], new_sizes[j]) for j, i in sorted(matched.items())]
    taken_old = set(matched.values())
    for j in range(counts.shape[1]):
        if j not in matched:
            source = int(np.argmax(counts[:, j])) if counts.shape[0] else -1
            split = source in taken_old and counts[source, j] >= 0.3 * max(counts[:, j].sum(), 1)
            kind, previous = ("split", (old_keys[source],)) if split else ("new", ())
            changes.append(Change(kind, (new_keys[j],), previous, f"{new_sizes[j]} comments"))
    for i in range(counts.shape[0]):
        if i not in taken_old:
            changes.append(_gone(counts, matched, i, old_keys, new_keys))
    return changes


def _gone(counts: np.ndarray, matched: dict[int, int], i: int, old_keys: list[str], new_keys: list[str]) -> Change:
    target = int(np.argmax(counts[i])) if counts.shape[1] else -1
    if target in matched and counts[i, target] >= 0.5 * max(counts[i].sum(), 1):
        return Change("merged", (new_keys[target],), (old_keys[i],), f"{int(counts[i, target])} comments moved")
    return Change("retired", (), (old_keys[i],), f"{int(counts[i].sum())} comments now elsewhere")
