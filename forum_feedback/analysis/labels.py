"""Readable descriptions of a theme: a label, a description line, key terms and representative quotes.

Label: words families wrote, in the order and form they wrote them (small words inside kept: "looked
after", "waiting for an EHC needs assessment"), 2 to 5 words, read within one part of a sentence
(``text.Segment``), so a label never runs across a full stop or a comma. Every stretch of 1-5 words that
at least two of the theme's comments wrote is a candidate unless it starts or ends on a small word
("of", "the", "was", "very", "definitely"...), ends on a word people rarely end a phrase with in this
corpus ("involves", "this half": ``Endings``), stops where families nearly always carry on ("moving to
adult" [services]), holds a number, repeats a word, or cuts a negation in half ("be better" out of
"could not be better"). Three short clauses parents write are candidates too:
an intensifier before a word ("very friendly"), "had to" before a verb ("had to wait") and a verb, a
preposition and the family ("listened to me"). A candidate is scored as a test of membership: the
comments that contain all its terms, against the theme's comments, give its coverage (share of the
theme) and exclusivity (share of those comments that are in the theme); the label is the candidate with
the best weighted harmonic mean of the two (F-beta, coverage counting a quarter more: ``LABEL_BETA``), a
little less for each word outside a term, and a fifth less for an intensifier and one word ("very
friendly" tells a rep less than "friendly staff"). One word alone is a label only when the theme's
comments share no phrase. SEND variants are shown as their canonical name, so "EHCP" and "CAMHS" are
preferred. The label's terms are also its theme's anchor (``themes``: comments that say them, and are
nearly as close, join the theme).

Description: "Families describe “…”, “…” and “…”." from the next best candidates that say something the
label does not.

Key terms are ranked by how much more often a theme's comments use them than the whole corpus does
(share in theme x log of the lift), so "CAMHS" beats "staff" in a CAMHS theme, and shown as written.

Quotes are the comments nearest the theme's centre whose families agreed to be quoted (never the
others), skipping very short and very long ones and repeats.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from .redaction import is_first_name
from .text import DATA_DIR, Segment, is_negator, read_word_list, stem, with_bigrams

MAX_TERMS = 8
MIN_LABEL_DOCS = 3  # fewer comments than this cannot show what a theme is about
LABEL_SAMPLE = 100  # comments (nearest the centre first) whose phrases are candidates
QUOTE_WORDS = (5, 60)
MAX_LABEL_WORDS = 5
MIN_WRITTEN = 2  # a label is a phrase at least two families wrote
DESCRIPTION_PHRASES = 3
_MIN_EVIDENCE = 8  # words written fewer times than this are judged by the word lists only
# Small words a label cannot start or end with (adverbs and verbs it cannot end on: data/label_small_words.txt).
_FUNCTION_WORDS = frozenset(
    {"a", "an", "the", "this", "that", "these", "those", "my", "our", "your", "his", "her", "their", "its"}
    | {"some", "any", "each", "every", "all", "both", "either", "of", "to", "in", "on", "at", "for", "from"}
    | {"with", "by", "as", "into", "about", "than", "after", "before", "over", "under", "between", "through"}
    | {"during", "and", "or", "but", "so", "if", "because", "though", "although", "while", "when", "where"}
    | {"whether", "then", "also", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had"}
    | {"do", "does", "did", "will", "would", "shall", "should", "may", "might", "must", "can", "could", "i"}
    | {"me", "we", "us", "you", "he", "him", "she", "they", "them", "it", "who", "whom", "which", "what"}
    | {"there", "here", "rather", "just", "very", "really", "too", "not", "no"}
)
_BAD_END = _FUNCTION_WORDS | read_word_list(DATA_DIR / "label_small_words.txt")
_AUXILIARIES = frozenset(
    {"is", "are", "was", "were", "be", "been", "do", "does", "did", "will", "would", "shall", "should", "may"}
    | {"might", "must", "can", "could", "have", "has", "had"}
)
# "Call home this half": a phrase ending on a time or place picked out by one of these is cut off.
_POINTERS = frozenset({"this", "that", "these", "those", "last", "next", "every", "each", "same"})
# A word written mid-phrase and followed by one of these is usually a verb waiting for its object.
_OBJECT_STARTS = frozenset(
    {"a", "an", "the", "my", "his", "her", "their", "our", "your", "me", "him", "us", "them", "it", "that"}
    | {"this", "these", "those", "some", "any", "what", "how", "if", "whether"}
)
# Particles a phrasal verb ends on: "looked after", "called back", "sent away".
_PARTICLES = frozenset({"after", "up", "out", "off", "down", "back", "away", "around", "through", "over"})
_OBJECTS = frozenset({"me", "us", "you", "him", "her", "them"})
_CLOSERS = _PARTICLES | _OBJECTS  # small words a phrase may end on: "looked after", "helped us"
# "listened to me", "cared for us": a verb, a preposition, then the family.
_OBJECT_PREPOSITIONS = frozenset({"to", "for", "with"})
# "Had to wait": an obligation opens a short clause.
_OBLIGATIONS = frozenset({"had", "have", "has"})
# Words the engine keeps for grouping but that name no topic ("very", "well", "everything"): a label is
# judged by the comments that share its topic words, so "Very well looked after" counts as "looked after".
_WEAK_TERMS = frozenset(stem(w) for w in ENGLISH_STOP_WORDS)
FRAGMENT_SHARE = 0.7
CONTINUED_SHARE = 0.8  # followed by a word a label could end on this often: the middle of a longer name
_PAST_VERBS = frozenset({"thank", "sent", "kept", "got", "put", "came", "went", "taken", "given", "made", "told"})
_GOOD_OPENERS = frozenset({"very", "so", "really", "extremely", "always", "never"})
# A label is scored as a test of membership that counts coverage a quarter more than exclusivity
# (F-beta, beta 1.25): the engine moves comments that say a theme's label, and are nearly as close to it,
# into that theme (``themes.ANCHOR_MARGIN``), which keeps a label's words marking its theme, so the label
# should be what most of its members say. Measured on 8.7k NHS comments with that move (5 seeds): median
# coverage 0.40 with F1, 0.42 with beta 1.25 and 0.43 with 1.5, exclusivity 0.70, 0.65, 0.65; on the demo
# corpus 1.5 already picks vaguer labels ("Full assessment" for "Assessment wait").
LABEL_BETA = 1.25
# A theme that survives a rebuild keeps its label while the label scores at least this share of the best.
KEEP_LABEL_SHARE = 0.9
NON_TERM_WORD_COST = 0.04  # each written word that is not part of a term makes a label a little worse
# "Very friendly" tells a rep less than "Friendly staff": it wins only as a clearly better test (score x 1.25).
BARE_FACTOR = 0.8


def term_presence(
    term_lists: Sequence[Sequence[str]], limit: int, random_state: int
) -> tuple[np.ndarray, sp.csr_matrix, list[str]]:
    """(rows counted, rows x terms 0/1 matrix, terms) over all comments, or a random ``limit`` of them.

    ``term_lists`` hold unigram terms; their bigrams are counted too.

    Terms used by fewer than 2 of the counted comments are left out. A sample is plenty to rank a
    theme's words, and keeps a 500,000-comment build from holding every bigram of every comment.
    """
    n = len(term_lists)
    rows = np.arange(n) if n <= limit else np.sort(np.random.default_rng(random_state).choice(n, limit, False))
    vectorizer = CountVectorizer(analyzer=with_bigrams, binary=True, min_df=2 if len(rows) > 1 else 1, dtype=np.float32)
    try:
        presence = vectorizer.fit_transform([term_lists[i] for i in rows]).tocsr()
    except ValueError:  # no comment has a term twice: nothing to rank
        return rows, sp.csr_matrix((len(rows), 0), dtype=np.float32), []
    return rows, presence, vectorizer.get_feature_names_out().tolist()


def term_scores(presence: sp.csr_matrix, members: np.ndarray) -> np.ndarray:
    """Distinctiveness of every term for the rows ``members`` of a binary document-term matrix."""
    in_theme = np.asarray(presence[members].sum(axis=0)).ravel()
    overall = np.asarray(presence.sum(axis=0)).ravel()
    share = in_theme / max(len(members), 1)
    lift = (in_theme + 0.5) / (overall + 1.0) * presence.shape[0] / max(len(members), 1)
    scores = share * np.log(np.maximum(lift, 1e-9))
    scores[in_theme < 2] = 0.0  # a word one family used is not a theme's word
    return scores


def merge_by_headword(counts: np.ndarray, sizes: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Cluster -> merged cluster (renumbered 0..m-1), merging pairs that share their best word.

    ``counts`` (clusters x words) says how many comments of each cluster use each word, ``df`` how many in
    all. A cluster's best word is the one with the highest F1 as a test of membership (2 in / (size +
    df)). Two clusters with the same best word are merged when the merged cluster's F1 for it beats both
    of theirs; the pair that gains most goes first, and the test is repeated on what is left.
    """
    counts, sizes = counts.astype(np.float64).copy(), sizes.astype(np.float64).copy()
    mapping = np.arange(len(sizes))
    alive = list(range(len(sizes)))
    while len(alive) > 2:
        pair = _best_headword_merge(counts[alive], sizes[alive], df)
        if pair is None:
            break
        kept, absorbed = alive[pair[0]], alive[pair[1]]
        counts[kept] += counts[absorbed]
        sizes[kept] += sizes[absorbed]
        mapping[mapping == absorbed] = kept
        alive.remove(absorbed)
    return np.unique(mapping, return_inverse=True)[1].astype(np.int32)


def _best_headword_merge(counts: np.ndarray, sizes: np.ndarray, df: np.ndarray) -> tuple[int, int] | None:
    f1 = 2 * counts / (sizes[:, None] + df[None, :] + 1e-9)
    head, best = f1.argmax(axis=1), f1.max(axis=1)
    chosen, gain = None, 0.0
    for word in np.unique(head):
        group = np.flatnonzero(head == word)
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                union = 2 * (counts[a, word] + counts[b, word]) / (sizes[a] + sizes[b] + df[word])
                if union - max(best[a], best[b]) > gain:
                    chosen, gain = (int(a), int(b)), union - max(best[a], best[b])
    return chosen


def surface_forms(segment_lists: Iterable[Sequence[Segment]], wanted: set[str]) -> dict[str, str]:
    """Most common written form of each wanted unigram or bigram term in the segments."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for segments in segment_lists:
        for segment in segments:
            for term, shown in segment.surface_terms():
                if term in wanted:
                    seen[term][shown] += 1
    return {term: best_form(counts) for term, counts in seen.items()}


def _odd_capitals(form: str) -> bool:
    """ "advIce", "FrIendly": capitals after small letters inside a word (not "NHS", "iPad"-style brands)."""
    return any(a.islower() and b.isupper() for word in form.split() for a, b in itertools.pairwise(word))


def best_form(counts: Counter[str]) -> str:
    """The spelling most families wrote (case-insensitive), in its most common capitalisation.

    Capitals scattered inside words ("FrIendly", from a broken keyboard or export) lose to a plain
    spelling whenever at least a quarter of the uses were plain.
    """
    by_lower: Counter[str] = Counter()
    for form, count in counts.items():
        by_lower[form.lower()] += count
    lower = min(by_lower, key=lambda f: (-by_lower[f], len(f), f))
    variants = [f for f in counts if f.lower() == lower]
    plain = [f for f in variants if not _odd_capitals(f)]
    if plain and sum(counts[f] for f in plain) * 4 >= by_lower[lower]:
        variants = plain
    return _mend_capitals(max(variants, key=lambda f: (counts[f], f)))


def _mend_capitals(form: str) -> str:
    """ "vIsIt" -> "visit": a word with capitals scattered through it (more than one after a small letter)
    was typed on a broken keyboard; "iPad" and "McDonald" keep theirs."""
    words = form.split()
    scattered = [sum(a.islower() and b.isupper() for a, b in itertools.pairwise(w)) > 1 for w in words]
    return " ".join(w.lower() if odd else w for w, odd in zip(words, scattered, strict=True))


def key_terms(ranked: Sequence[str], forms: dict[str, str]) -> list[str]:
    """Up to ``MAX_TERMS`` distinct written forms of the ranked terms."""
    chosen: list[str] = []
    for term in ranked:
        shown = forms.get(term)
        if shown and shown.lower() not in {c.lower() for c in chosen}:
            chosen.append(shown)
        if len(chosen) == MAX_TERMS:
            break
    return chosen


@dataclass
class Endings:
    """Where words stand in this corpus's sentences, so a label does not stop where people never do.

    A word that is usually followed by an object ("a", "the", "him", "that": "told them", "get an
    appointment") and rarely ends a part of a sentence is a verb waiting for its object.
    """

    ends: Counter[str] = field(default_factory=Counter)
    before_object: Counter[str] = field(default_factory=Counter)
    seen: Counter[str] = field(default_factory=Counter)

    def add(self, segments: Iterable[Segment]) -> None:
        """Count the words of these segments."""
        for segment in segments:
            words = [w.lower() for w in segment.shown]
            self.seen.update(words)
            self.before_object.update(a for a, b in itertools.pairwise(words) if b in _OBJECT_STARTS)
            if words:
                self.ends[words[-1]] += 1

    def can_end(self, word: str, before: str | None, verb: str | None = None) -> bool:
        """Whether a phrase may end on ``word`` (``before``: the word before it in the phrase, if any;
        ``verb``: the word before that, for "listened to me")."""
        word = word.lower()
        if before is not None and word in _OBJECTS and before.lower() in _OBJECT_PREPOSITIONS and verb is not None:
            return _past(verb)  # "listened to me", "cared for us"; not "time to me"
        if before is not None and word in _CLOSERS:  # "looked after", "thank you", "helped us"
            return _past(before)  # not "patient back"
        if word in _BAD_END or (before is not None and before.lower() in _POINTERS):
            return False
        seen = self.seen[word]
        return seen < _MIN_EVIDENCE or not (self.before_object[word] >= 0.3 * seen > 3 * self.ends[word])


def _past(word: str) -> bool:
    return word.lower().endswith("ed") or word.lower() in _PAST_VERBS


# A Title-case word inside a sentence (after a small letter or a comma), and a word in small letters.
_MID_CAPITAL = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]+\b")
_SMALL_WORD = re.compile(r"\b[a-z]+\b")
_TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "nurse", "sister", "doctor"})


@dataclass
class Names:
    """Words that name someone or somewhere in this corpus, which a label or key term must never show.

    A theme's words reach people beyond the reps (evidence packs, boards), before anyone has redacted
    them, so "Linda visiting" is no label even when two families wrote it. A word is a name when it is a
    listed first name, or when families write it with a capital inside a sentence at least twice as
    often as in small letters ("nurse Linda", "Ward Fern"; not "covid" when most write it small).
    SEND terms and titles are never names here: "CAMHS" and "Portage" are what a theme is about, and
    "Dr" names no one without the name after it (which is judged on its own).
    """

    capital: Counter[str] = field(default_factory=Counter)
    small: Counter[str] = field(default_factory=Counter)
    allowed: frozenset[str] = frozenset()

    def add(self, text: str) -> None:
        """Count how this comment writes its words."""
        self.capital.update(w.lower() for w in _MID_CAPITAL.findall(text))
        self.small.update(_SMALL_WORD.findall(text))

    def hides(self, text: str) -> bool:
        """Whether any word of ``text`` (a phrase or a key term as shown) is a name."""
        return any(self._name(w) for w in text.lower().split())

    def _name(self, word: str) -> bool:
        if word in self.allowed or word in _TITLES:
            return False
        capital = self.capital[word]
        return is_first_name(word) or (capital >= 2 and capital >= 2 * self.small[word])


@dataclass(frozen=True)
class Phrase:
    """A candidate label: words as written, the terms a comment must hold to match it, how many wrote it,
    and how many of its words belong to no term."""

    text: str
    terms: frozenset[str]
    written: int
    loose: int = 0
    named: bool = False  # the phrase is one SEND term by its canonical name ("EHCP", "CAMHS")

    @property
    def words(self) -> int:
        """Number of written words."""
        return len(self.text.split())

    @property
    def bare(self) -> bool:
        """ "Very friendly": one word with an intensifier in front, which says little more than the word alone."""
        return self.loose == 1 and self.text.split()[0].lower() in _GOOD_OPENERS

    @property
    def single(self) -> bool:
        """One word that is not a SEND term's name: a label only when nothing better was written."""
        return self.words == 1 and not self.named


def _spans(segment: Segment, endings: Endings) -> Iterable[tuple[str, frozenset[str], int, str]]:
    """(text, terms, words outside any term, the word after it or "") of every acceptable stretch.

    A stretch starts on a word that carries a term (or on "could" of "could not ...", which the negation
    term covers) and ends on one, or on a particle of a phrasal verb ("looked after", "called back"); it
    never starts or ends inside a term ("be better" out of "could not be better").
    """
    shown, terms = segment.shown, segment.terms
    owner = {p: (a, b, t) for t, a, b in terms for p in range(a, b + 1)}  # terms never overlap
    lowered = [w.lower() for w in shown]
    starts = {p for p, (a, _, _) in owner.items() if p == a and not _bad_start(shown[p])}
    # Small words that open a phrase before a term: "very friendly", "had to wait".
    starts |= {p - 1 for p in list(starts) if p > 0 and lowered[p - 1] in _GOOD_OPENERS}
    starts |= {p - 2 for p in list(starts) if p > 1 and lowered[p - 1] == "to" and lowered[p - 2] in _OBLIGATIONS}
    if not starts:
        return
    words = _SegmentWords(shown, lowered, owner)
    for i in sorted(starts):
        yield from _spans_from(words, endings, i)


@dataclass
class _SegmentWords:
    """What the phrase search asks of each written word of a segment, worked out once per segment."""

    shown: list[str]
    lowered: list[str]
    owner: dict[int, tuple[int, int, str]]
    lasts: list[str] = field(init=False)  # the last word of each entry as written (an entry may be "co ordinated")
    sizes: list[int] = field(init=False)
    digits: list[bool] = field(init=False)

    def __post_init__(self) -> None:
        self.lasts = [w.split()[-1] for w in self.shown]
        self.sizes = [len(w.split()) for w in self.shown]
        self.digits = [any(c.isdigit() for c in w) for w in self.shown]


def _spans_from(segment: _SegmentWords, endings: Endings, i: int):
    shown, lowered, lasts, owner = segment.shown, segment.lowered, segment.lasts, segment.owner
    inside: list[str] = []
    covered = words = 0
    seen: set[str] = set()
    for j in range(i, len(shown)):
        words += segment.sizes[j]
        if words > MAX_LABEL_WORDS or lowered[j] in seen or segment.digits[j]:
            return
        seen.add(lowered[j])
        term = owner.get(j)
        if term is not None and term[1] == j:
            inside.append(term[2])
            covered += term[1] - term[0] + 1
        if term is not None and term[1] > j:
            continue  # inside a term: it cannot end here
        if (term is None and lasts[j].lower() not in _CLOSERS) or not inside:
            continue
        if endings.can_end(lasts[j], shown[j - 1] if j > i else None, shown[j - 2] if j > i + 1 else None):
            following = lowered[j + 1] if j + 1 < len(shown) else ""
            yield " ".join(shown[i : j + 1]), frozenset(inside), j - i + 1 - covered, following


def _bad_start(word: str) -> bool:
    # A term-bearing auxiliary or negation opens a negation ("could not be better", "no communication"),
    # and an intensifier reads well in front ("very friendly"): good starts.
    word = word.lower()
    if word in _AUXILIARIES or word in _GOOD_OPENERS or is_negator(word):
        return False
    return word in _BAD_END and not word.endswith("ed")


def phrases(
    segment_lists: Sequence[Sequence[Segment]], endings: Endings, canonical: frozenset[str] = frozenset()
) -> list[Phrase]:
    """Candidate labels from the segments of each comment (one list per comment), written by >= 2."""
    forms: dict[str, list[str]] = defaultdict(list)
    terms: dict[str, tuple[frozenset[str], int]] = {}
    following: dict[str, list[str]] = defaultdict(list)
    writers: Counter[str] = Counter()
    for segments in segment_lists:
        mine = set()
        for segment in segments:
            for text, inside, loose, after in _spans(segment, endings):
                key = text.lower()
                forms[key].append(text)
                following[key].append(after)
                terms[key] = (inside - _WEAK_TERMS) or inside, loose
                mine.add(key)
        writers.update(mine)
    return [
        Phrase(best_form(Counter(forms[k])), terms[k][0], n, terms[k][1], named=_named(k, terms[k][0], canonical))
        for k, n in writers.items()
        if n >= MIN_WRITTEN and not _fragment(Counter(following[k]))
    ]


def _named(key: str, terms: frozenset[str], canonical: frozenset[str]) -> bool:
    return len(terms) == 1 and next(iter(terms)) in canonical and " " not in key


def _fragment(following: Counter[str]) -> bool:
    """A phrase nearly always followed by the same word is part of a longer one ("well looked" [after]),
    and so is one nearly always followed by some word that could end a label ("moving to adult" [services,
    social care, mental health]): families never stop there.

    Not when that word could not end a label itself ("supply teachers" [definitely]).
    """
    word, count = following.most_common(1)[0]
    closes = word not in _BAD_END or word in _PARTICLES
    total = sum(following.values())
    continued = sum(n for w, n in following.items() if w and (w not in _BAD_END or w in _PARTICLES))
    return (closes and word != "" and count >= FRAGMENT_SHARE * total) or continued >= CONTINUED_SHARE * total


def in_every(lists: Sequence[np.ndarray]) -> np.ndarray:
    """The values found in every one of these sorted arrays without repeats (empty when there are none)."""
    if not lists:
        return np.zeros(0, dtype=np.intp)
    ordered = sorted(lists, key=len)  # shortest first: every intersection is then at most that long
    found = ordered[0]
    for other in ordered[1:]:
        found = np.intersect1d(found, other, assume_unique=True)
    return found


class Matcher:
    """Which counted comments hold all of a set of terms (cached): coverage and exclusivity of phrases."""

    def __init__(self, presence: sp.csr_matrix, terms: Sequence[str]) -> None:
        csc = presence.tocsc()
        self._rows = {t: np.sort(csc.indices[csc.indptr[i] : csc.indptr[i + 1]]) for i, t in enumerate(terms)}
        self._cache: dict[frozenset[str], np.ndarray] = {}
        self.n = presence.shape[0]

    def rows(self, terms: frozenset[str]) -> np.ndarray:
        """Sorted indexes of the counted comments that contain every term (empty if one is unknown)."""
        found = self._cache.get(terms)
        if found is None:
            lists = [self._rows.get(t) for t in terms]
            found = np.zeros(0, dtype=np.int32) if any(r is None for r in lists) else in_every(lists)
            self._cache[terms] = found
        return found

    def score(self, terms: frozenset[str], members: np.ndarray, size: int) -> tuple[float, float, float]:
        """(F-beta, coverage, exclusivity) of "contains all these terms" for a theme (``members``: 0/1 mask).

        Beta is ``LABEL_BETA``: coverage counts more than exclusivity."""
        rows = self.rows(terms)
        inside = float(members[rows].sum()) if len(rows) else 0.0
        coverage, exclusivity = inside / max(size, 1), inside / max(len(rows), 1)
        weight = LABEL_BETA**2
        f = (1 + weight) * coverage * exclusivity / (weight * exclusivity + coverage) if inside else 0.0
        return f, coverage, exclusivity


def rank_phrases(candidates: Sequence[Phrase], matcher: Matcher, members: np.ndarray) -> list[tuple[float, Phrase]]:
    """Candidates best first: phrases of 2-5 words before single words, then by F-beta as a membership test
    (a little less for each word outside a term, a fifth less for an intensifier and one word), then the most
    written. A SEND term's name alone ("CAMHS") counts as a phrase."""
    size = int(members.sum())
    scored = []
    for phrase in candidates:
        f = matcher.score(phrase.terms, members, size)[0]
        if f > 0:
            scored.append((f * (BARE_FACTOR if phrase.bare else 1 - NON_TERM_WORD_COST * phrase.loose), phrase))
    scored.sort(key=lambda item: (item[1].single, -item[0], -item[1].written, item[1].words, item[1].text.lower()))
    return scored


def keep_label(ranked: list[tuple[float, Phrase]], previous: str, taken: set[str]) -> list[tuple[float, Phrase]]:
    """``ranked`` with the theme's previous label first when it is still nearly as good a test as the best
    (``KEEP_LABEL_SHARE`` of its score): a theme that survives a rebuild keeps its name, and the comments
    its words hold, unless a clearly better name has appeared."""
    free = [item for item in ranked if item[1].text.lower() not in taken]
    if not free:
        return ranked
    for item in free:
        if capitalise(item[1].text) == previous and not item[1].single:
            if item[0] >= KEEP_LABEL_SHARE * free[0][0]:
                return [item, *(other for other in ranked if other is not item)]
            break
    return ranked


def capitalise(text: str) -> str:
    """First letter in capitals, the rest as written."""
    return text[:1].upper() + text[1:]


def pick_label(candidates: Sequence[str], taken: set[str]) -> str:
    """First candidate not already used by another theme (numbered if all are)."""
    for candidate in candidates:
        if candidate.lower() not in taken:
            return candidate
    number = 2
    while f"{candidates[0]} ({number})".lower() in taken:
        number += 1
    return f"{candidates[0]} ({number})"


def describe(label: Phrase | None, ranked: Sequence[tuple[float, Phrase]], terms: Sequence[str] = ()) -> str:
    """'Families describe “a”, “b” and “c”.' from phrases that add to the label and to each other.

    Phrases of two words or more are used when there are any: single words read as a list, not a line;
    an intensifier and one word ("very happy") only after the others, since it says little of what
    happened. With no phrase to use, the theme's key terms (written forms) that the label does not hold
    are used.
    """
    chosen: list[Phrase] = []
    phrases = [p for _, p in ranked if p.words > 1] or [p for _, p in ranked]
    phrases.sort(key=lambda p: p.bare)  # stable: the ranking holds within each kind
    in_label = set(label.text.lower().split()) if label is not None else set()
    phrases += [Phrase(t, frozenset({t.lower()}), 0) for t in terms if not set(t.lower().split()) <= in_label]
    for phrase in phrases:
        others = [label, *chosen] if label is not None else chosen
        if all(not (_overlaps(phrase.terms, o.terms) or _overlaps(_words(phrase), _words(o))) for o in others):
            chosen.append(phrase)
        if len(chosen) == DESCRIPTION_PHRASES:
            break
    if not chosen:
        return ""
    quoted = [f"“{_lower_first(p.text)}”" for p in chosen]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
    return f"Families describe {listed}."


def _overlaps(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def _words(phrase: Phrase) -> frozenset[str]:
    # A key term and a phrase can hold the same words under different terms ("everything was good").
    return frozenset(phrase.text.lower().split())


def _lower_first(text: str) -> str:
    # "EHCP", "iPad" and a name of capitalised words ("Local Offer") keep their capitals.
    first, *rest = text.split()
    named = any(w[:1].isupper() and w != "I" for w in rest)
    return text if named or first.isupper() or any(c.isupper() for c in first[1:]) else text[:1].lower() + text[1:]


def pick_quotes(order: Sequence[int], texts: Sequence[str], quotable: Sequence[bool], count: int = 3) -> list[int]:
    """Indexes of up to ``count`` quotable, mid-length, distinct texts, in the given (nearest-first) order."""
    for low, high in (QUOTE_WORDS, (3, 120)):
        chosen = _quotes_within(order, texts, quotable, count, low, high)
        if len(chosen) == count:
            return chosen
    return chosen


def _quotes_within(
    order: Sequence[int], texts: Sequence[str], quotable: Sequence[bool], count: int, low: int, high: int
) -> list[int]:
    chosen: list[int] = []
    seen: set[str] = set()
    for i in order:
        words = texts[i].split()
        norm = " ".join(words).lower()
        if quotable[i] and low <= len(words) <= high and norm not in seen:
            chosen.append(i)
            seen.add(norm)
            if len(chosen) == count:
                break
    return chosen
