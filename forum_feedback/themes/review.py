"""What applying a rebuild would change, worked out from what everyone sees now and what they would see after.

The engine reports changes against its own previous build, which knows nothing of what reps did
since (moves, merges, splits) or of feedback that arrived in between: listed as they are, a rep's
own merge looks like the rebuild's, and "Grown 100 → 100" appears. So the review compares two
exact maps of every counted piece of feedback to its theme: ``current`` (now) and ``after``
(what ``apply_run`` will write, computed by the same function). Sizes are counts of those maps.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

#: Share of a theme's comments that must go one way for "split from" or "merged into".
MOST = 0.5

KIND_ORDER = ("new", "split", "merged", "grown", "shrunk", "renamed", "retired", "kept")


@dataclass(frozen=True)
class ThemeRef:
    """A theme as the review names it: its key, the name reps see, and its size before and after."""

    key: str
    label: str
    before: int
    after: int


@dataclass(frozen=True)
class Change:
    """One line of the review: kind is new, split, merged, grown, shrunk, renamed, retired or kept."""

    kind: str
    theme: ThemeRef | None  # the theme after the change (None when it goes)
    previous: ThemeRef | None  # the theme it came from or was before (None for a new theme)
    detail: str


def _flows(
    current: Mapping[int, str | None], after: Mapping[int, str | None]
) -> Counter[tuple[str | None, str | None]]:
    """How many comments go from each theme now to each theme after."""
    return Counter((current.get(fid), after.get(fid)) for fid in set(current) | set(after))


def compare(
    current: Mapping[int, str | None],
    after: Mapping[int, str | None],
    *,
    labels: Mapping[str, str],
    new_labels: Mapping[str, str],
) -> list[Change]:
    """The changes from ``current`` to ``after`` (feedback id -> theme key, None for not yet themed).

    ``labels`` names today's themes as reps see them; ``new_labels`` gives the name each theme will
    have after (a rep's name is kept, so it only differs for suggested names).
    """
    before_size = Counter(key for key in current.values() if key)
    after_size = Counter(key for key in after.values() if key)
    flows = _flows(current, after)
    existing = set(labels)

    def ref(key: str) -> ThemeRef:
        return ThemeRef(key, labels.get(key) or new_labels.get(key, key), before_size[key], after_size[key])

    changes = [
        _kept_or_resized(ref(key), labels, new_labels) for key in sorted(existing & set(after_size)) if key in labels
    ]
    changes += [_arrived(ref(key), flows, existing, after_size, ref) for key in sorted(set(after_size) - existing)]
    changes += [_gone(ref(key), flows, after_size, ref) for key in sorted(existing - set(after_size))]
    return sorted((c for c in changes if c is not None), key=lambda c: KIND_ORDER.index(c.kind))


def _kept_or_resized(theme: ThemeRef, labels: Mapping[str, str], new_labels: Mapping[str, str]) -> Change:
    if theme.after > theme.before:
        return Change("grown", theme, theme, f"{theme.before:,} → {theme.after:,} comments")
    if theme.after < theme.before:
        return Change("shrunk", theme, theme, f"{theme.before:,} → {theme.after:,} comments")
    renamed = new_labels.get(theme.key)
    if renamed and renamed != labels.get(theme.key):
        return Change(
            "renamed", ThemeRef(theme.key, renamed, theme.before, theme.after), theme, "suggested name changes"
        )
    return Change("kept", theme, theme, f"{theme.after:,} comments")


def _main_source(flows: Counter, key: str, total: int, *, into: bool) -> tuple[str | None, int]:
    """The theme most of ``key``'s comments come from (into=True) or go to (into=False), and how many."""
    pairs = [(src if into else dst, n) for (src, dst), n in flows.items() if (dst if into else src) == key]
    pairs = [(other, n) for other, n in pairs if other and other != key]
    if not pairs:
        return None, 0
    other, n = max(pairs, key=lambda pair: (pair[1], pair[0]))
    return (other, n) if n >= MOST * max(total, 1) else (None, n)


def _arrived(theme: ThemeRef, flows: Counter, existing: set[str], after_size: Counter, ref) -> Change:
    source, moved = _main_source(flows, theme.key, theme.after, into=True)
    if source in existing and after_size[source]:
        return Change("split", theme, ref(source), f"{moved:,} of its {theme.after:,} comments come from it")
    return Change("new", theme, None, f"{theme.after:,} comments")


def _gone(theme: ThemeRef, flows: Counter, after_size: Counter, ref) -> Change:
    target, moved = _main_source(flows, theme.key, theme.before, into=False)
    if target and after_size[target]:
        return Change("merged", ref(target), theme, f"{moved:,} of its {theme.before:,} comments move there")
    return Change("retired", None, theme, f"its {theme.before:,} comments go to other themes or none")


def merged_into(changes: list[Change]) -> dict[str, str]:
    """{theme key that goes: theme key it merges into}, for themes the review calls merged."""
    return {c.previous.key: c.theme.key for c in changes if c.kind == "merged" and c.previous and c.theme}
