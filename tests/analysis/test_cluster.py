"""How many themes: cluster-wise stability on synthetic unit vectors, fixed seeds."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from forum_feedback.analysis.cluster import choose_k, unit_rows


def blobs(centres: int, per: int, spread: float, dims: int = 20, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = unit_rows(rng.standard_normal((centres, dims)))
    points = np.repeat(middle, per, axis=0) + spread * rng.standard_normal((centres * per, dims))
    return unit_rows(points)


def test_distinct_groups_are_kept_and_extra_ones_are_dropped_as_near_copies():
    vectors = blobs(centres=5, per=120, spread=0.1)
    clustering, choice = choose_k(vectors, high=8, low=2, random_state=0)
    assert choice.fitted == 8
    assert choice.stable == choice.kept == 5  # the 3 extra groups split real ones differently from each start
    truth = np.repeat(np.arange(5), 120)
    assert adjusted_rand_score(truth, clustering.labels) > 0.95


def test_when_every_group_is_real_the_safety_bound_is_reached():
    vectors = blobs(centres=6, per=100, spread=0.02)
    _, choice = choose_k(vectors, high=6, low=2, random_state=0)
    assert (choice.fitted, choice.stable, choice.kept) == (6, 6, 6)


def test_structureless_data_keeps_at_least_the_fewest():
    vectors = unit_rows(np.random.default_rng(1).standard_normal((2500, 20)))
    clustering, choice = choose_k(vectors, high=30, low=4, random_state=0)
    assert choice.stable < 30
    assert choice.kept >= 4 and len(clustering.centroids) == choice.kept


def test_the_choice_is_deterministic():
    vectors = blobs(centres=4, per=80, spread=0.08)
    first, a = choose_k(vectors, high=10, low=2, random_state=3)
    again, b = choose_k(vectors, high=10, low=2, random_state=3)
    assert a == b
    assert np.array_equal(first.labels, again.labels)
