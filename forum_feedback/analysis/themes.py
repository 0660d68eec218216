"""The theme engine: group families' comments into themes a rep can read, correct and keep.

Public API::

    build_themes(docs, *, previous=None, constraints=None, n_themes=None, random_state=0,
                 vocabulary=None, settings=None, refit=None) -> ThemeResult
    assign(state, text) -> Assignment
    assign_many(state, texts) -> list[Assignment]
    explain(state, text, theme_key=None, limit=5) -> tuple[str, ...]  (the words that tie a text to a theme)
    explain_many(state, texts, theme_keys) -> list[tuple[str, ...]]
    ThemeState.to_json() -> dict / ThemeState.from_json(dict) -> ThemeState

How a build works:

1. Comments are analysed (``text.Analyzer``: SEND vocabulary and answer units such as "nothing to
   improve", negations joined to their word, stop words, stems) and turned into unit vectors
   (``features``: word vectors learnt from the corpus itself, weighted by TF-IDF).
2. Spherical k-means groups them (``cluster``). ``n_themes`` fixes the number; otherwise the number comes
   from the data (``cluster.choose_k``): the most ``theme_range(n)`` allows (a safety bound growing with
   sqrt(n), 60 from 6,400 comments on) are tried from several starts, and only the clusters the other
   starts find again are kept. Themes best described by the same word are then merged while that makes
   the word a better test of membership (``labels.merge_by_headword``), and themes smaller than
   ``min_theme_size(n)`` are dissolved. ``ThemeResult.k_reason`` says what happened in one sentence.
3. With ``previous``, the previous word vectors are reused (``refit=None``) unless the vocabulary
   changed or the corpus grew by more than ``REFIT_GROWTH`` since they were learnt (``refit=True`` /
   ``False`` forces either way): re-learning them moves every comment a little, so themes drift.
   Clustering starts from the previous themes (their comments' centres now) and old keys are matched
   to new clusters by shared comments (``tracking``), so a theme that still exists keeps its key;
   ``changes`` says what is new, grown, shrunk, kept, merged, split or retired.
4. A rep's ``Constraints`` are applied: ``fixed`` comments stay in the theme the rep put them in (the
   theme exists even if no cluster matched it), ``excluded`` comments are never themed, ``pinned``
   themes are kept with their key however small. Other themes under ``min_theme_size`` are dissolved.
5. Every other comment goes to its nearest theme centre if the cosine similarity (its confidence)
   reaches ``ThemeState.threshold``; otherwise, or when it has no known word, it is "not yet themed"
   (assignment None).
6. Each theme gets a label (a phrase its families wrote, chosen as the best test of membership), a
   description line and key terms (``labels``). A label's terms are the theme's anchor: a comment that
   holds every one of them and is nearly as close to that theme as to its nearest (``ANCHOR_MARGIN``)
   goes to the theme its words name, unless it already holds its own theme's anchor ("the food was
   cold" joins "Better food" rather than a slightly nearer theme about the ward). ``assign`` applies
   exactly the rules of 5 and 6 to new text, so build and assign agree, with one exception: a build
   never lets anchoring take a theme below ``min_theme_size`` (those comments stay where they were).
7. Each theme gets quotes and a sentiment summary (``sentiment``) from its comments after 6.
   ``explain`` gives the words that tie one comment to its theme.

Results are deterministic for the same documents (order does not matter), options and random_state.
Keys are "t" + 8 hex digits. ``ThemeState`` holds only JSON-able data (arrays as base64 float32).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from . import labels as lab
from .cluster import Clustering, KChoice, centroids_of, choose_k, kmeans, nearest
from .features import FeatureSettings, FeatureSpace, decode_array, encode_array, fit_features
from .sentiment import SentimentSummary, score_sentiment, summarise_sentiment
from .text import ANALYZER_VERSION, Analyzer, Vocabulary, VocabularySource, vocabulary_entries, with_bigrams
from .tracking import Change, describe_changes, match, overlap

STATE_VERSION = 3  # 2: descriptions and the analyzer version saved; 3: anchors. Older states are still read
MIN_CONFIDENCE = 0.3
MAX_THEMES = 60
SENTIMENT_SAMPLE = 250
REBUILD_ITERATIONS = 3
EXPLAIN_TERMS = 5
EXPLAIN_SHARE = 0.1
# How much nearer its nearest theme a comment may be than a theme whose label it says, and still go to the
# theme it names. Measured on 8.7k NHS comments (5 seeds, with labels.LABEL_BETA 1.25): 0.1 lifted the
# labels' median coverage from 0.28 to 0.42 and exclusivity from 0.54 to 0.65, AMI 0.2226 -> 0.2214
# (sd 0.004); 0.12 and more cost AMI (0.216, 3 seeds).
ANCHOR_MARGIN = 0.1
REFIT_GROWTH = 1.25  # re-learn word vectors once the corpus is a quarter bigger than at the last fit
_NONE = -1
_ONE_ROW, _NO_ROWS = np.zeros(1, dtype=np.intp), np.zeros(0, dtype=np.intp)  # holders of one text (``assign``)


@dataclass(frozen=True)
class Document:
    """One comment: ``id`` is the database id as a string.

    ``quotable`` only when the family said their words may be quoted: quotes come only from documents
    explicitly marked so, never by default.
    """

    id: str
    text: str
    quotable: bool = False


@dataclass(frozen=True)
class Constraints:
    """A rep's corrections, applied on every build."""

    fixed: Mapping[str, str] = field(default_factory=dict)  # doc id -> theme key it was moved to
    excluded: frozenset[str] = frozenset()  # doc ids marked "doesn't fit": never themed
    pinned: frozenset[str] = frozenset()  # theme keys kept (same key) even if small or weak


@dataclass(frozen=True)
class Theme:
    """One theme as a rep sees it; ``terms``, ``label`` and ``description`` use words as families wrote them.

    ``description`` is one line for under the label ("Families describe “waiting list”, ...") made from the
    theme's key phrases ("" when it has none).
    """

    key: str
    label: str
    terms: tuple[str, ...]
    quote_ids: tuple[str, ...]
    size: int
    sentiment: SentimentSummary
    pinned: bool
    description: str = ""


@dataclass(frozen=True)
class Assignment:
    """Theme of one text (None: not yet themed) and the cosine similarity to that theme's centre."""

    theme_key: str | None
    confidence: float


@dataclass(frozen=True)
class ThemeState:
    """Everything needed to assign new text and to rebuild with stable keys; JSON-able."""

    space: FeatureSpace
    vocabulary: Mapping[str, Sequence[str]]
    keys: tuple[str, ...]
    centroids: np.ndarray
    labels: tuple[str, ...]
    terms: tuple[tuple[str, ...], ...]
    sizes: tuple[int, ...]
    threshold: float = MIN_CONFIDENCE
    n_docs: int = 0  # comments the word vectors were learnt from
    descriptions: tuple[str, ...] = ()  # one a theme ("" each in a state saved before descriptions existed)
    analyzer_version: int = ANALYZER_VERSION  # how its texts were read: an older one means re-learn on rebuild
    anchors: tuple[tuple[str, ...], ...] = ()  # each theme's label terms (() in a state saved before anchors)

    @cached_property
    def anchor_sets(self) -> list[frozenset[str]]:
        """Each theme's anchor terms (empty sets for a state saved before anchors existed)."""
        return [frozenset(a) for a in self.anchors] if self.anchors else [frozenset()] * len(self.keys)

    @cached_property
    def analyzer(self) -> Analyzer:
        """The analyzer this state was built with (same vocabulary)."""
        return Analyzer(Vocabulary.from_entries(self.vocabulary))

    def to_json(self) -> dict:
        """Plain dict for json.dumps."""
        descriptions = self.descriptions or ("",) * len(self.keys)
        anchors = self.anchors or ((),) * len(self.keys)
        rows = zip(self.keys, self.labels, self.terms, self.sizes, descriptions, anchors, strict=True)
        themes = [
            {"key": k, "label": lb, "terms": list(t), "size": s, "description": d, "anchor": list(a)}
            for k, lb, t, s, d, a in rows
        ]
        return {
            "version": STATE_VERSION,
            "analyzer_version": self.analyzer_version,
            "threshold": self.threshold,
            "n_docs": self.n_docs,
            "vocabulary": dict(self.vocabulary),
            "space": self.space.to_json(),
            "centroids": encode_array(self.centroids),
            "themes": themes,
        }

    @classmethod
    def from_json(cls, data: dict) -> ThemeState:
        """Inverse of ``to_json``; also reads version 1 states (no descriptions, texts read the older way)
        and version 2 states (no anchors: new text goes to its nearest theme).

        A version 1 state still assigns new text; its word vectors are re-learnt at the next rebuild.
        """
        if data.get("version") not in (1, 2, STATE_VERSION):
            raise ValueError(f"unsupported theme state version {data.get('version')!r}")
        themes = data["themes"]
        return cls(
            space=FeatureSpace.from_json(data["space"]),
            vocabulary=data["vocabulary"],
            keys=tuple(t["key"] for t in themes),
            centroids=decode_array(data["centroids"]),
            labels=tuple(t["label"] for t in themes),
            terms=tuple(tuple(t["terms"]) for t in themes),
            sizes=tuple(int(t["size"]) for t in themes),
            threshold=float(data["threshold"]),
            n_docs=int(data["n_docs"]),
            descriptions=tuple(str(t.get("description", "")) for t in themes),
            analyzer_version=int(data.get("analyzer_version", 1)),
            anchors=tuple(tuple(t.get("anchor", ())) for t in themes),
        )


@dataclass(frozen=True)
class ThemeResult:
    """Themes (largest first), each doc id's theme key (or None) and confidence, changes, new state.

    ``k_reason`` says in one sentence why there are this many themes (for the run summary); ``k_choice``
    holds the figures behind it (None when the number was given or nothing could be grouped).
    """

    themes: tuple[Theme, ...]
    assignments: Mapping[str, str | None]
    confidences: Mapping[str, float]
    changes: tuple[Change, ...]
    state: ThemeState
    k_reason: str = ""
    k_choice: KChoice | None = None


def theme_range(n_docs: int) -> tuple[int, int]:
    """Fewest and most themes for ``n_docs`` comments.

    The most is a safety bound, not the number a build ends with: ``cluster.choose_k`` tries that many and
    keeps those that are stable. It grows with the square root of the corpus (15 groups tried for 400
    comments, 30 for 1,600, 60 from 6,400 on), so a small forum is not handed 60 themes of 10 comments; the
    fewest is 8 once there are 200 comments.
    """
    low = min(8, max(2, n_docs // 25))
    high = min(MAX_THEMES, max(low + 1, round(0.75 * math.sqrt(n_docs))))
    return low, high


def min_theme_size(n_docs: int) -> int:
    """Smallest theme kept unless pinned or holding a rep's fixed comment (0.2% of comments, at least 3)."""
    return max(3, round(0.002 * n_docs))


def assign(state: ThemeState, text: str) -> Assignment:
    """Theme of one new text under ``state`` (None when no theme is close enough)."""
    terms = state.analyzer(text)
    vector = state.space.embed_one(terms)
    if vector is None or not len(state.keys):
        return Assignment(None, 0.0)
    sims = state.centroids @ vector
    best = int(np.argmax(sims))
    index = np.array([best if sims[best] >= state.threshold else _NONE], dtype=np.int32)
    score = np.array([sims[best]], dtype=np.float32)
    written = frozenset(terms)
    holders = [_ONE_ROW if anchor and anchor <= written else _NO_ROWS for anchor in state.anchor_sets]
    if any(len(rows) for rows in holders):
        index, score = _anchor(index, score, vector[None, :], state.centroids, holders, state.threshold)
    return Assignment(state.keys[index[0]] if index[0] >= 0 else None, round(float(score[0]), 6))


def assign_many(state: ThemeState, texts: Sequence[str]) -> list[Assignment]:
    """``assign`` for many texts at once (vectorised)."""
    index, score = _nearest_themes(state, [state.analyzer(t) for t in texts])
    pairs = zip(index, score, strict=True)
    return [Assignment(state.keys[i] if i >= 0 else None, round(float(s), 6)) for i, s in pairs]


def explain(state: ThemeState, text: str, theme_key: str | None = None, limit: int = EXPLAIN_TERMS) -> tuple[str, ...]:
    """The words that tie ``text`` to a theme, as the family wrote them, strongest first.

    ``theme_key`` defaults to the theme ``assign`` gives the text. Each term of the text is scored by what
    it adds to the text's similarity with each theme's centre (its weight times the cosine of its word
    vector with the centre); the terms that pull towards this theme more than towards any other are
    returned, strongest first, up to ``limit``, leaving out those adding less than a tenth of the strongest.
    When the text says every word of the theme's anchor (its label's terms), those words come first: they
    are what put it there. Empty when the text or the theme is unknown. The same
    function serves a build: ``explain(result.state, doc.text, result.assignments[doc.id])``.
    """
    key = theme_key if theme_key is not None else assign(state, text).theme_key
    if key is None or key not in state.keys:
        return ()
    column = state.keys.index(key)
    anchor = state.anchor_sets[column]
    shown: dict[str, str] = {}
    counts: dict[str, int] = {}
    for segment in state.analyzer.segments(text, written=True):
        for term, first, last in segment.terms:
            if term in state.space.terms or term in anchor:
                shown.setdefault(term, segment.text(first, last))
                counts[term] = counts.get(term, 0) + 1
    named = sorted(anchor) if anchor and anchor <= counts.keys() else []
    if not counts:
        return ()
    terms, pull = state.space.pull(counts, state.centroids)
    # A term ties the text to this theme when it pulls towards it, and towards no other theme more.
    ties = [(float(pull[i, column]), t) for i, t in enumerate(terms) if pull[i, column] > 0 and t not in named]
    best = {t: float(pull[i].max()) for i, t in enumerate(terms)}
    ranked = sorted(((p, t) for p, t in ties if p >= best[t]), key=lambda item: (-item[0], item[1]))
    strongest = ranked[0][0] if ranked else 0.0
    pulled = [t for p, t in ranked if p >= EXPLAIN_SHARE * strongest]
    return tuple(_as_written(text, shown[t]) for t in [*named, *pulled][:limit])


def _as_written(text: str, words: str) -> str:
    """``words`` as they stand in ``text``, with what the tokeniser dropped between them: a family who wrote
    "wasnt 'bad enough'" is shown "wasnt 'bad", not "wasnt bad", which they never wrote."""
    pattern = r"[^\w]+".join(re.escape(w) for w in words.split())
    found = re.search(rf"(?<!\w){pattern}(?!\w)", text, re.IGNORECASE)
    return found.group(0) if found else words


def explain_many(state: ThemeState, texts: Sequence[str], theme_keys: Sequence[str | None]) -> list[tuple[str, ...]]:
    """``explain`` for many texts, each with its theme key (None: the theme ``assign`` gives it)."""
    return [explain(state, text, key) for text, key in zip(texts, theme_keys, strict=True)]


def _nearest_themes(state: ThemeState, term_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Theme index (-1 below threshold or unknown words) and confidence for analysed texts."""
    vectors = state.space.embed(state.space.tfidf(term_lists))
    if not len(state.keys):
        return np.full(len(term_lists), _NONE, dtype=np.int32), np.zeros(len(term_lists), dtype=np.float32)
    index, score = nearest(vectors, state.centroids)
    index[score < state.threshold] = _NONE
    holders = _holders(term_lists, state.anchor_sets)
    return _anchor(index, score, vectors, state.centroids, holders, state.threshold)


def _holders(term_lists: Sequence[Sequence[str]], anchors: Sequence[frozenset[str]]) -> list[np.ndarray]:
    """For each theme, the rows (sorted) whose terms include every one of its anchor terms."""
    wanted = frozenset().union(*anchors) if anchors else frozenset()
    rows: dict[str, list[int]] = {term: [] for term in wanted}
    if wanted:
        for row, terms in enumerate(term_lists):
            for term in wanted.intersection(terms):
                rows[term].append(row)
    return [lab.in_every([np.asarray(rows[term], dtype=np.intp) for term in anchor]) for anchor in anchors]


def _anchor(
    index: np.ndarray,
    score: np.ndarray,
    vectors: np.ndarray,
    centroids: np.ndarray,
    holders: Sequence[np.ndarray],
    threshold: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Theme index and confidence after anchoring (module docstring, step 6).

    A themed row (``index`` >= 0) that does not hold its own theme's anchor moves to the nearest of the
    themes whose anchor it holds (``holders``) when that theme is at most ``ANCHOR_MARGIN`` less similar
    than its nearest and reaches ``threshold``; its confidence is then its similarity to that theme.
    Unthemed rows stay unthemed.
    """
    own = np.zeros(len(index), dtype=bool)
    other = np.full(len(index), _NONE, dtype=np.int32)
    other_score = np.full(len(index), -np.inf, dtype=np.float32)
    for j, rows in enumerate(holders):
        if not len(rows):
            continue
        own[rows[index[rows] == j]] = True
        sims = vectors[rows] @ centroids[j]
        closer = sims > other_score[rows]
        other[rows[closer]], other_score[rows[closer]] = j, sims[closer]
    move = (index >= 0) & ~own & (other >= 0) & (other_score >= np.maximum(score - ANCHOR_MARGIN, threshold))
    return np.where(move, other, index).astype(np.int32), np.where(move, other_score, score).astype(np.float32)


@dataclass
class _Build:
    """Working data of one build (internal)."""

    docs: list[Document]
    term_lists: list[list[str]]
    analyzer: Analyzer
    entries: dict[str, list[str]]
    space: FeatureSpace
    vectors: np.ndarray
    usable: np.ndarray  # rows that may be clustered: known words and not excluded
    counted: np.ndarray  # rows whose terms are counted for labels (all, or a sample of a big corpus)
    presence: sp.csr_matrix  # counted rows x label terms, 1 where the comment uses the term
    label_terms: list[str]
    space_docs: int  # comments the word vectors were learnt from

    @cached_property
    def texts(self) -> list[str]:
        return [d.text for d in self.docs]

    @cached_property
    def quotable(self) -> list[bool]:
        return [d.quotable for d in self.docs]


def build_themes(
    docs: Sequence[Document],
    *,
    previous: ThemeState | None = None,
    constraints: Constraints | None = None,
    n_themes: int | None = None,
    random_state: int = 0,
    vocabulary: VocabularySource = None,
    settings: FeatureSettings | None = None,
    refit: bool | None = None,
) -> ThemeResult:
    """Group ``docs`` into themes; see the module docstring for what each option does.

    ``vocabulary`` adds a forum's own SEND terms: a path to a ``canonical: variant, ...`` file (ignored
    if missing) or a mapping {variant: canonical}.
    """
    constraints = constraints or Constraints()
    build = _prepare(docs, constraints, vocabulary, settings or FeatureSettings(), random_state, previous, refit)
    old = _previous_labels(previous, build, constraints)
    clustering, choice = _cluster(build, old, previous, n_themes, random_state)
    merged = 0
    if n_themes is None:
        clustering, merged = _merge_same_headword(build, clustering)
    keys = _keys_for_clusters(build, clustering, old, previous, constraints)
    centroids, keys = _with_constrained_themes(build, clustering, keys, constraints, previous)
    centroids, keys, dropped = _drop_small(build, centroids, keys, constraints)
    labels, confidences = _final_assignment(build, centroids, keys, constraints)
    words = _Describer(build, labels, confidences, previous, constraints).words(keys)
    labels, confidences = _anchored(build, labels, confidences, centroids, [w.anchor for w in words], constraints)
    result = _result(build, labels, confidences, centroids, keys, old, previous, constraints, words)
    reason = explain_k(len(keys), choice, n_themes, previous, (merged, dropped), int(build.usable.sum()))
    return dataclasses.replace(result, k_reason=reason, k_choice=choice)


def _prepare(
    docs: Sequence[Document],
    constraints: Constraints,
    vocabulary: VocabularySource,
    settings: FeatureSettings,
    random_state: int,
    previous: ThemeState | None,
    refit: bool | None,
) -> _Build:
    ordered = sorted(docs, key=lambda d: d.id)  # input order must not change the result
    entries = vocabulary_entries(vocabulary)
    analyzer = Analyzer(Vocabulary.from_entries(entries))
    unigrams = [analyzer.terms(d.text) for d in ordered]
    kept = previous if previous is not None and _keeps_space(previous, len(ordered), entries, refit) else None
    # Word vectors need unigrams only; bigrams (many, and memory-hungry) only when LSA is on.
    bigrams = kept.space.has_bigrams if kept is not None else settings.lsa_dims > 0
    term_lists = [with_bigrams(t) for t in unigrams] if bigrams else unigrams
    if kept is not None:
        space, vectors, space_docs = kept.space, kept.space.embed(kept.space.tfidf(term_lists)), kept.n_docs
    else:
        space, tfidf = fit_features(term_lists, settings, random_state)
        vectors, space_docs = space.embed(tfidf), len(ordered)
        del tfidf
    excluded = np.array([d.id in constraints.excluded for d in ordered], dtype=bool)
    usable = (np.abs(vectors).sum(axis=1) > 0) & ~excluded
    counted, presence, label_terms = lab.term_presence(unigrams, settings.fit_sample, random_state)
    return _Build(
        ordered, term_lists, analyzer, entries, space, vectors, usable, counted, presence, label_terms, space_docs
    )


def _keeps_space(previous: ThemeState, n_docs: int, entries: dict[str, list[str]], refit: bool | None) -> bool:
    """Reuse the previous word vectors unless told, the vocabulary changed or the corpus grew a lot.

    Re-learning them moves every comment a little, which is what makes themes drift between builds.
    """
    if refit is not None:
        return not refit
    same_reading = previous.analyzer_version == ANALYZER_VERSION and dict(previous.vocabulary) == entries
    return same_reading and n_docs <= previous.n_docs * REFIT_GROWTH


def _previous_labels(previous: ThemeState | None, build: _Build, constraints: Constraints) -> np.ndarray:
    """Index into previous.keys of each doc under the previous state (a rep's fixed move wins)."""
    if previous is None:
        return np.full(len(build.docs), _NONE, dtype=np.int32)
    reusable = dict(previous.vocabulary) == build.entries and not previous.space.has_bigrams
    term_lists = build.term_lists if reusable else [previous.analyzer(d.text) for d in build.docs]
    old, _ = _nearest_themes(previous, term_lists)
    position = {k: i for i, k in enumerate(previous.keys)}
    for row, doc in enumerate(build.docs):
        if constraints.fixed.get(doc.id) in position:
            old[row] = position[constraints.fixed[doc.id]]
    old[~build.usable] = _NONE
    return old


def _cluster(
    build: _Build, old: np.ndarray, previous: ThemeState | None, n_themes: int | None, random_state: int
) -> tuple[Clustering, KChoice | None]:
    """Clusters of the usable rows (labels indexed like build.docs, -1 for unusable rows) and how k was chosen."""
    rows = np.flatnonzero(build.usable)
    vectors = build.vectors[rows]
    if len(rows) < 2 or build.space.dims == 0:
        empty = Clustering(np.full(len(build.docs), _NONE, dtype=np.int32), np.zeros((0, build.space.dims), np.float32))
        return empty, None
    seeds = _previous_seeds(vectors, old[rows], previous, previous is not None and build.space is previous.space)
    choice = None
    if n_themes is not None:
        target = max(1, min(n_themes, len(rows)))
        clustering = kmeans(vectors, target, random_state, init=_seed_to(vectors, seeds, target, random_state))
    else:
        low, high = theme_range(len(rows))
        clustering, choice = choose_k(vectors, min(high, len(rows)), low, random_state)
        if len(seeds):
            target = _rebuild_target(len(seeds), len(clustering.centroids), low, high)
            init = _seed_to(vectors, seeds, target, random_state)
            # Feedback forms no sharp clusters: from where the last build ended, k-means run on to convergence
            # over new comments can cascade far from the themes a rep has seen (measured: ARI 0.75 with 10%
            # more comments). A few iterations let themes take in new comments; the same comments give the
            # same themes, since the last build ended on a fixed point.
            clustering = kmeans(vectors, target, random_state, init=init, iterations=REBUILD_ITERATIONS)
    labels = np.full(len(build.docs), _NONE, dtype=np.int32)
    labels[rows] = clustering.labels
    return Clustering(labels, clustering.centroids), choice


def _merge_same_headword(build: _Build, clustering: Clustering) -> tuple[Clustering, int]:
    """Merge clusters that are best described by the same word, while merging describes them better.

    Two themes whose strongest word is the same ("CAMHS", "nothing to improve") are one theme told twice:
    merging them raises how well that word marks the theme (F1 of "contains the word" as a test of
    membership), while merging two themes with different words lowers it.
    """
    k = len(clustering.centroids)
    labels = clustering.labels[build.counted]
    words = np.array([" " not in term for term in build.label_terms], dtype=bool)
    if k < 3 or not words.any():
        return clustering, 0
    presence = build.presence[:, np.flatnonzero(words)]
    inside = labels >= 0
    membership = sp.csr_matrix((np.ones(int(inside.sum())), (labels[inside], np.flatnonzero(inside))), (k, len(labels)))
    counts = np.asarray((membership @ presence).todense(), dtype=np.float64)
    sizes = np.bincount(labels[inside], minlength=k).astype(np.float64)
    mapping = lab.merge_by_headword(counts, sizes, np.asarray(presence.sum(axis=0)).ravel())
    merged = k - len(np.unique(mapping))
    if not merged:
        return clustering, 0
    rows = clustering.labels >= 0
    new_labels = np.where(rows, mapping[np.maximum(clustering.labels, 0)], _NONE).astype(np.int32)
    start = centroids_of(build.vectors, new_labels, int(mapping.max()) + 1)
    # Re-converge, so that a rebuild of the same comments starts, and ends, where this build ended.
    merged_clustering = kmeans(build.vectors[rows], len(start), 0, init=start)
    labels = np.full(len(build.docs), _NONE, dtype=np.int32)
    labels[rows] = merged_clustering.labels
    return Clustering(labels, merged_clustering.centroids), merged


def _rebuild_target(previous: int, chosen: int, low: int, high: int) -> int:
    """Number of themes of a rebuild: the previous number unless the data now asks for clearly more or fewer.

    The choice moves by a few themes between runs on the same data, and every move re-cuts themes a rep
    has seen, so a rebuild follows it only beyond a third of the previous number (at least 3).
    """
    spread = max(3, previous // 3)
    if abs(chosen - previous) <= spread:
        return max(1, min(previous, high))
    return max(low, min(high, chosen))


def _previous_seeds(
    vectors: np.ndarray, old: np.ndarray, previous: ThemeState | None, same_space: bool = False
) -> np.ndarray:
    """Centres of the previous themes that still have comments, largest first.

    In the same space they are the previous centres themselves, so a rebuild of the same comments starts
    at the fixed point the last build ended on and stays there; in a re-learnt space, the centres of the
    comments the previous state gives each theme.
    """
    if previous is None or not len(previous.keys):
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    centres = previous.centroids if same_space else centroids_of(vectors, old, len(previous.keys))
    sizes = np.bincount(old[old >= 0], minlength=len(previous.keys))
    order = [i for i in np.argsort(-sizes, kind="stable") if sizes[i] > 0]
    return np.ascontiguousarray(centres[order])


def _seed_to(vectors: np.ndarray, seeds: np.ndarray, k: int, random_state: int) -> np.ndarray | None:
    """``k`` initial centres: the previous ones (largest first if too many), plus far-away comments."""
    if not len(seeds):
        return None
    if len(seeds) >= k:
        return seeds[:k]
    rng = np.random.default_rng(random_state)
    pool = vectors[rng.choice(len(vectors), min(len(vectors), 5_000), replace=False)]
    chosen = list(seeds)
    best = (pool @ np.stack(chosen).T).max(axis=1)
    while len(chosen) < k:  # farthest-point seeding: new themes start where old ones fit worst
        pick = int(np.argmin(best))
        chosen.append(pool[pick])
        best = np.maximum(best, pool @ pool[pick])
    return np.ascontiguousarray(np.stack(chosen), dtype=np.float32)


def _new_key(member_ids: Sequence[str], taken: set[str]) -> str:
    """Key from the sorted member ids, so the same cluster gets the same key on every run."""
    seed = "\n".join(sorted(member_ids))
    salt = 0
    while True:
        key = "t" + hashlib.sha1(f"{seed}\n{salt}".encode()).hexdigest()[:8]
        if key not in taken:
            return key
        salt += 1


def _keys_for_clusters(
    build: _Build, clustering: Clustering, old: np.ndarray, previous: ThemeState | None, constraints: Constraints
) -> list[str]:
    """Previous key for clusters matched to a previous theme, else a new key."""
    k = len(clustering.centroids)
    old_keys = previous.keys if previous is not None else ()
    matched: dict[int, int] = {}
    if old_keys:
        counts = overlap(old, clustering.labels, len(old_keys), k)
        matched = match(counts, np.array([key in constraints.pinned for key in old_keys], dtype=bool))
    taken = set(old_keys) | set(constraints.fixed.values()) | set(constraints.pinned)
    keys: list[str] = []
    ids = np.array([d.id for d in build.docs], dtype=object)
    for j in range(k):
        if j in matched:
            keys.append(old_keys[matched[j]])
        else:
            keys.append(_new_key(list(ids[clustering.labels == j]), taken))
            taken.add(keys[-1])
    return keys


def _with_constrained_themes(
    build: _Build, clustering: Clustering, keys: list[str], constraints: Constraints, previous: ThemeState | None
) -> tuple[np.ndarray, list[str]]:
    """Centroids recomputed with fixed comments in place, plus themes only a rep's fixes or pins keep alive."""
    labels = clustering.labels.copy()
    position = {key: j for j, key in enumerate(keys)}
    extra = sorted(
        (set(constraints.fixed.values()) | (set(constraints.pinned) & set(previous.keys if previous else ())))
        - set(keys)
    )
    for key in extra:
        position[key] = len(keys)
        keys = [*keys, key]
    for row, doc in enumerate(build.docs):
        if doc.id in constraints.fixed and build.usable[row]:
            labels[row] = position[constraints.fixed[doc.id]]
    return centroids_of(build.vectors, labels, len(keys)), keys


def _drop_small(
    build: _Build, centroids: np.ndarray, keys: list[str], constraints: Constraints
) -> tuple[np.ndarray, list[str], int]:
    """Dissolve themes with too few comments, unless pinned or holding a rep's fixed comment (and count them)."""
    index = nearest(build.vectors[build.usable], centroids)[0] if len(keys) else np.zeros(0, dtype=np.int32)
    sizes = np.bincount(index, minlength=len(keys))
    protected = set(constraints.pinned) | set(constraints.fixed.values())
    keep = [j for j, key in enumerate(keys) if key in protected or sizes[j] >= min_theme_size(int(build.usable.sum()))]
    return centroids[keep], [keys[j] for j in keep], len(keys) - len(keep)


def explain_k(
    k: int,
    choice: KChoice | None,
    n_themes: int | None,
    previous: ThemeState | None,
    folded: tuple[int, int],
    n_docs: int,
) -> str:
    """One sentence for the run summary: why this build has ``k`` themes.

    ``folded`` is (themes merged with another best described by the same word, themes too small to keep).
    """
    merged, dropped = folded
    if n_themes is not None:
        return f"{k} themes: the number asked for was {n_themes}."
    if choice is None:
        return f"{k} themes: too few comments with known words to group."
    small = f" {merged} said the same as another in its words and were merged." if merged else ""
    small += f" {dropped} had fewer than {min_theme_size(n_docs)} comments and were folded in." if dropped else ""
    if choice.stable == choice.fitted:
        found = f"all {choice.fitted} groups tried (the most allowed for {n_docs:,} comments) were stable."
    else:
        found = (
            f"of {choice.fitted} groups tried, {choice.fitted - choice.stable} were near-copies: repeating the "
            f"grouping from {choice.repeats} other starting points split their comments differently each time."
        )
    kept = f" The previous {len(previous.keys)} themes were kept close." if previous is not None else ""
    return f"{k} themes: {found}{small}{kept}"


def _final_assignment(
    build: _Build, centroids: np.ndarray, keys: list[str], constraints: Constraints
) -> tuple[np.ndarray, np.ndarray]:
    """Theme index per doc (-1: not yet themed) by nearest centre and threshold; a rep's fixes win."""
    labels = np.full(len(build.docs), _NONE, dtype=np.int32)
    confidence = np.zeros(len(build.docs), dtype=np.float32)
    if len(keys):
        index, score = nearest(build.vectors, centroids)
        labels = np.where(score >= MIN_CONFIDENCE, index, _NONE).astype(np.int32)
        confidence = score
    position = {key: j for j, key in enumerate(keys)}
    for row, doc in enumerate(build.docs):
        if doc.id in constraints.fixed and constraints.fixed[doc.id] in position:
            labels[row] = position[constraints.fixed[doc.id]]
        elif not build.usable[row]:
            labels[row] = _NONE
    return labels, confidence


def _anchored(
    build: _Build,
    labels: np.ndarray,
    confidence: np.ndarray,
    centroids: np.ndarray,
    anchors: Sequence[frozenset[str]],
    constraints: Constraints,
) -> tuple[np.ndarray, np.ndarray]:
    """Step 6 of the module docstring on a build's assignment; a rep's fixed comments never move.

    A theme that anchoring would leave smaller than the smallest theme kept keeps its comments.
    """
    fixed = np.array([doc.id in constraints.fixed for doc in build.docs], dtype=bool)
    index = np.where(fixed, _NONE, labels).astype(np.int32)
    holders = _holders(build.term_lists, anchors)
    index, score = _anchor(index, confidence, build.vectors, centroids, holders, MIN_CONFIDENCE)
    index, score = np.where(fixed, labels, index).astype(np.int32), np.where(fixed, confidence, score)
    k = len(centroids)
    before, after = (np.bincount(a[a >= 0], minlength=k) for a in (labels, index))
    emptied = np.flatnonzero((after < before) & (after < min_theme_size(int(build.usable.sum()))))
    back = np.isin(labels, emptied) & (index != labels)
    index[back], score[back] = labels[back], confidence[back]
    return index, score.astype(np.float32)


def _result(
    build: _Build,
    labels: np.ndarray,
    confidence: np.ndarray,
    centroids: np.ndarray,
    keys: list[str],
    old: np.ndarray,
    previous: ThemeState | None,
    constraints: Constraints,
    words: Sequence[_Words],
) -> ThemeResult:
    themes = _Describer(build, labels, confidence, previous, constraints).themes(keys, words)
    by_key = {t.key: t for t in themes}
    ordered = tuple(sorted(themes, key=lambda t: (-t.size, t.key)))
    state = ThemeState(
        space=build.space.compact(),
        vocabulary=build.entries,
        keys=tuple(keys),
        centroids=np.ascontiguousarray(centroids),
        labels=tuple(by_key[k].label for k in keys),
        terms=tuple(by_key[k].terms for k in keys),
        sizes=tuple(by_key[k].size for k in keys),
        descriptions=tuple(by_key[k].description for k in keys),
        n_docs=build.space_docs,
        anchors=tuple(tuple(sorted(w.anchor)) for w in words),
    )
    changes = _changes(old, labels, keys, previous, state)
    assignments = {d.id: (keys[j] if j >= 0 else None) for d, j in zip(build.docs, labels, strict=True)}
    confidences = {d.id: round(float(c), 6) for d, c in zip(build.docs, confidence, strict=True)}
    return ThemeResult(ordered, assignments, confidences, tuple(changes), state)


@dataclass(frozen=True)
class _Words:
    """What a theme says (internal): label, description, key terms, and its anchor (the label's terms)."""

    label: str
    description: str
    terms: list[str]
    anchor: frozenset[str] = frozenset()


@dataclass
class _Describer:
    """Words (label, description, terms) of each theme of one build, or its quotes and sentiment (internal)."""

    build: _Build
    labels: np.ndarray
    confidence: np.ndarray
    previous: ThemeState | None
    constraints: Constraints
    taken: set[str] = field(default_factory=set)
    names: lab.Names = field(init=False)

    def __post_init__(self) -> None:
        display = self.build.analyzer.vocabulary.display.values()
        self.names = lab.Names(allowed=frozenset(w.lower() for name in display for w in name.split()))

    def sentiment(self, members: np.ndarray) -> SentimentSummary:
        """Sentiment of a theme: every comment's up to ``SENTIMENT_SAMPLE``, else an even spread of that many.

        Scoring every comment was the slowest step of a big build; 250 comments spread from the centre
        outwards put each share within about 6 points (one standard error: 3), and the counts are scaled to
        the theme's size. The app keeps every comment's own score as it arrives.
        """
        if len(members) <= SENTIMENT_SAMPLE:
            return summarise_sentiment(score_sentiment(self.build.texts[i]) for i in members)
        spread = members[np.linspace(0, len(members) - 1, SENTIMENT_SAMPLE).astype(int)]
        sampled = summarise_sentiment(score_sentiment(self.build.texts[i]) for i in spread)
        counts = np.array([sampled.negative, sampled.neutral, sampled.positive], dtype=np.float64)
        scaled = counts * len(members) / SENTIMENT_SAMPLE
        whole = np.floor(scaled).astype(int)
        for j in np.argsort(-(scaled - whole), kind="stable")[: len(members) - int(whole.sum())]:
            whole[j] += 1  # largest remainders, so the counts add up to the theme's size
        return SentimentSummary(int(whole[0]), int(whole[1]), int(whole[2]), sampled.mean)

    @cached_property
    def matcher(self) -> lab.Matcher:
        words = [i for i, term in enumerate(self.build.label_terms) if " " not in term]
        return lab.Matcher(self.build.presence[:, words], [self.build.label_terms[i] for i in words])

    def words(self, keys: list[str]) -> list[_Words]:
        """Each key's words (in the order of ``keys``); the biggest theme gets the first pick of labels."""
        sizes = np.bincount(self.labels[self.labels >= 0], minlength=len(keys))
        order = [int(j) for j in np.argsort(-sizes, kind="stable")]
        members = {j: self._members(j) for j in order}
        analyse = self.build.analyzer.segments
        segments = {j: [analyse(self.build.texts[i]) for i in members[j][: lab.LABEL_SAMPLE]] for j in order}
        endings = lab.Endings()
        for lists in segments.values():
            for one in lists:
                endings.add(one)
        for j in order:
            for i in members[j][: lab.LABEL_SAMPLE]:
                self.names.add(self.build.texts[i])
        found: dict[int, _Words] = {}
        for j in order:
            found[j] = self.theme_words(keys[j], j, members[j], segments[j], endings)
            self.taken.add(found[j].label.lower())
        return [found[j] for j in range(len(keys))]

    def themes(self, keys: list[str], words: Sequence[_Words]) -> list[Theme]:
        """One Theme per key, with these words and this build's comments."""
        return [self.theme(key, j, words[j]) for j, key in enumerate(keys)]

    def _members(self, index: int) -> np.ndarray:
        members = np.flatnonzero(self.labels == index)
        return members[np.argsort(-self.confidence[members], kind="stable")]  # nearest the centre first

    def theme(self, key: str, index: int, words: _Words) -> Theme:
        members = self._members(index)
        quotes = lab.pick_quotes(members, self.build.texts, self.build.quotable)
        return Theme(
            key=key,
            label=words.label,
            terms=tuple(words.terms),
            quote_ids=tuple(self.build.docs[i].id for i in quotes),
            size=len(members),
            sentiment=self.sentiment(members),
            pinned=key in self.constraints.pinned,
            description=words.description,
        )

    def theme_words(self, key: str, index: int, members: np.ndarray, segments: list, endings: lab.Endings) -> _Words:
        """Label, description, key terms and anchor; a theme with too few comments keeps its old words."""
        if len(members) < lab.MIN_LABEL_DOCS:
            if self.previous is not None and key in self.previous.keys:
                at = self.previous.keys.index(key)
                old = self.previous.descriptions[at] if self.previous.descriptions else ""
                label = lab.pick_label([self.previous.labels[at]], self.taken)
                return _Words(label, old, list(self.previous.terms[at]))
            if not len(members):
                return _Words(lab.pick_label(["Comments moved here by a rep"], self.taken), "", [])
        build = self.build
        inside = (self.labels[build.counted] == index).astype(np.float32)
        scores = lab.term_scores(build.presence, np.flatnonzero(inside))
        best = [i for i in np.argsort(-scores, kind="stable")[:30] if scores[i] > 0]
        ranked_terms = [build.label_terms[i] for i in best]
        forms = {t: f for t, f in lab.surface_forms(segments, set(ranked_terms)).items() if not self.names.hides(f)}
        terms = lab.key_terms(ranked_terms, forms)
        candidates = [
            p for p in lab.phrases(segments, endings, build.analyzer.canonical) if not self.names.hides(p.text)
        ]
        ranked = lab.rank_phrases(candidates, self.matcher, inside)
        if self.previous is not None and key in self.previous.keys:
            ranked = lab.keep_label(ranked, self.previous.labels[self.previous.keys.index(key)], self.taken)
        fallback = [lab.capitalise(t) for t in terms] or ["Other comments"]
        label = lab.pick_label([lab.capitalise(p.text) for _, p in ranked] + fallback, self.taken)
        chosen = next((p for _, p in ranked if lab.capitalise(p.text) == label), None)
        anchor = chosen.terms if chosen is not None else frozenset()
        return _Words(label, lab.describe(chosen, ranked, terms), terms, anchor)


def _changes(
    old: np.ndarray, labels: np.ndarray, keys: list[str], previous: ThemeState | None, state: ThemeState
) -> list[Change]:
    """What changed against ``previous`` (nothing to compare on a first build)."""
    if previous is None:
        return []
    counts = overlap(old, labels, len(previous.keys), len(keys))
    position = {key: i for i, key in enumerate(previous.keys)}
    matched = {j: position[key] for j, key in enumerate(keys) if key in position}
    return describe_changes(counts, matched, list(previous.keys), keys, (list(previous.sizes), list(state.sizes)))
