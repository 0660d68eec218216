"""Turning families' words into terms the theme engine can count, without losing how they wrote them.

The steps, in order:

1. ``tokenise``: words and numbers in their original case (apostrophes kept, "’" read as "'").
2. ``Vocabulary.normalise``: lower case, and every SEND variant ("EHC plan", "education health and
   care plan", "EHCP") replaced by one canonical token. Multi-word variants are matched longest first.
3. ``Analyzer``: stop words dropped, the rest Snowball-stemmed (canonical tokens are never stemmed),
   giving unigram terms plus bigrams of neighbouring kept terms. Stems are for counting only: anything
   a person reads comes from ``Analyzer.surface_terms``, which pairs each term with the words as written.

Vocabulary file format (``data/send_vocabulary.txt``, and a forum's own ``instance/vocabulary.txt``)::

    # comment
    canonical term: variant, variant, "LA"

A variant in double quotes matches only with exactly that capitalisation. A forum's entries are added to
the shipped ones; a variant listed in both maps to the forum's canonical term.

Stop words are scikit-learn's English list, less ``data/keep_words.txt`` (words that carry meaning in
feedback: "nothing", "no", "never", "very", "well"...), plus ``data/stop_words.txt`` (words that carry
no theme in feedback: "child", "son", "just", "really"...).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

DATA_DIR = Path(__file__).parent / "data"
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)*")
_STEMMER = SnowballStemmer("english")
_MAX_SURFACE_GAP = 2  # a bigram's words may sit 2 words apart ("waiting for CAMHS"), not further

VocabularySource = str | Path | Mapping[str, str] | None


def read_word_list(path: Path) -> frozenset[str]:
    """Read a one-word-a-line list, ignoring blank lines and ``#`` comments."""
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(line.replace("’", "'") for line in lines if line)


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The engine's stop words: scikit-learn's list minus keep_words.txt plus stop_words.txt."""
    keep = read_word_list(DATA_DIR / "keep_words.txt")
    extra = read_word_list(DATA_DIR / "stop_words.txt")
    return frozenset((ENGLISH_STOP_WORDS - keep) | extra)


_CONTRACTED_S = frozenset(
    {"it's", "he's", "she's", "that's", "there's", "what's", "let's", "who's", "here's", "where's"}
)


def _drop_possessive(token: str) -> str:
    # "SENCo's" must match the vocabulary like "SENCo"; "it's" stays a (stop) word.
    if token[-2:].lower() == "'s" and token.lower() not in _CONTRACTED_S:
        return token[:-2]
    return token


def tokenise(text: str) -> list[str]:
    """Split text into word tokens in their original case, possessive 's removed."""
    found = _TOKEN.findall(text.replace("’", "'").replace("‘", "'"))
    return [t if "'" not in t else _drop_possessive(t) for t in found]


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem of a lower-case word (cached: feedback reuses a small vocabulary)."""
    return _STEMMER.stem(token)


@lru_cache(maxsize=200_000)
def _plain_term(token: str) -> str | None:
    """Term of a lower-case word outside the vocabulary: None for stop words, single letters and numbers."""
    if token in stop_words() or len(token) < 2 or token.isdigit():
        return None
    return stem(token)


def parse_vocabulary(text: str) -> dict[str, list[str]]:
    """Parse ``canonical: variant, variant`` lines into {canonical: [variants]}."""
    entries: dict[str, list[str]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        canonical, variants = line.split(":", 1)
        found = [v.strip() for v in variants.split(",") if v.strip()]
        entries.setdefault(canonical.strip(), []).extend(found)
    return entries


def _canonical_token(canonical: str) -> str:
    return "_".join(tokenise(canonical.lower())) or canonical.lower()


@dataclass(frozen=True)
class Vocabulary:
    """Variants (as token tuples) mapped to canonical tokens, and how to show each canonical token."""

    loose: Mapping[tuple[str, ...], str]
    exact: Mapping[tuple[str, ...], str]
    display: Mapping[str, str]
    starts: Mapping[str, int]  # lower-case first word of any variant -> longest variant starting with it

    @classmethod
    def from_entries(cls, entries: Mapping[str, Iterable[str]]) -> Vocabulary:
        """Build from {canonical: variants}; later entries override earlier ones for the same variant."""
        loose: dict[tuple[str, ...], str] = {}
        exact: dict[tuple[str, ...], str] = {}
        display: dict[str, str] = {}
        for canonical, variants in entries.items():
            token = _canonical_token(canonical)
            display[token] = canonical
            loose[tuple(tokenise(canonical.lower()))] = token
            for variant in variants:
                quoted = len(variant) > 2 and variant[0] == variant[-1] == '"'
                target = exact if quoted else loose
                words = tokenise(variant[1:-1] if quoted else variant.lower())
                if words:
                    target[tuple(words)] = token
        starts: dict[str, int] = {}
        for key in [*loose, *exact]:
            starts[key[0].lower()] = max(starts.get(key[0].lower(), 0), len(key))
        return cls(loose=loose, exact=exact, display=display, starts=starts)

    def _match(self, tokens: Sequence[str], lowered: Sequence[str], start: int) -> tuple[str, int] | None:
        longest = self.starts.get(lowered[start], 0)
        for size in range(min(longest, len(tokens) - start), 0, -1):
            key = tuple(tokens[start : start + size])
            found = self.exact.get(key) or self.loose.get(tuple(lowered[start : start + size]))
            if found:
                return found, size
        return None

    def normalise(self, tokens: Sequence[str]) -> tuple[list[str], list[str]]:
        """Return (normalised tokens, surface forms): variants become one canonical token each."""
        lowered = [t.lower() for t in tokens]
        out: list[str] = []
        shown: list[str] = []
        i = 0
        while i < len(tokens):
            # Most words start no variant: skip the phrase search for them (hot loop).
            match = self._match(tokens, lowered, i) if lowered[i] in self.starts else None
            if match:
                out.append(match[0])
                shown.append(self.display[match[0]])
                i += match[1]
            else:
                out.append(lowered[i])
                shown.append(_surface(tokens[i]))
                i += 1
        return out, shown


def _surface(token: str) -> str:
    # "Staff" at the start of a sentence is "staff"; "NHS" and "iPad" keep their capitals.
    return token.lower() if token[:1].isupper() and token[1:].islower() else token


def _extra_entries(extra: VocabularySource) -> dict[str, list[str]]:
    if extra is None:
        return {}
    if isinstance(extra, Mapping):
        entries: dict[str, list[str]] = {}
        for variant, canonical in extra.items():
            entries.setdefault(canonical, []).append(variant)
        return entries
    path = Path(extra)
    return parse_vocabulary(path.read_text(encoding="utf-8")) if path.is_file() else {}


def vocabulary_entries(extra: VocabularySource = None) -> dict[str, list[str]]:
    """{canonical: variants} of the shipped SEND vocabulary plus a forum's own.

    ``extra`` is a file path in the vocabulary format (a missing file is ignored) or a mapping
    {variant: canonical}.
    """
    entries = parse_vocabulary((DATA_DIR / "send_vocabulary.txt").read_text(encoding="utf-8"))
    for canonical, variants in _extra_entries(extra).items():
        entries.setdefault(canonical, []).extend(variants)
    return entries


def load_vocabulary(extra: VocabularySource = None) -> Vocabulary:
    """The shipped SEND vocabulary plus a forum's own (see ``vocabulary_entries``)."""
    return Vocabulary.from_entries(vocabulary_entries(extra))


def with_bigrams(terms: Sequence[str]) -> list[str]:
    """Unigram terms followed by the bigrams of neighbouring (different) terms."""
    return [*terms, *(f"{a} {b}" for a, b in itertools.pairwise(terms) if a != b)]


class Analyzer:
    """Text to theme terms (stemmed unigrams + bigrams), shared by fitting and by ``assign``."""

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.stops = stop_words()
        self.canonical = frozenset(self.vocabulary.display)

    def _kept(self, text: str) -> tuple[list[str], list[int], list[str]]:
        """(terms, their positions in the normalised tokens, surface forms of all normalised tokens)."""
        tokens, shown = self.vocabulary.normalise(tokenise(text))
        terms: list[str] = []
        where: list[int] = []
        for i, token in enumerate(tokens):
            if token in self.canonical:
                terms.append(token)
            elif token in self.stops or len(token) < 2 or token.isdigit():
                continue
            else:
                terms.append(stem(token))
            where.append(i)
        return terms, where, shown

    def terms(self, text: str) -> list[str]:
        """Unigram terms in order (the fast path of ``_kept``: no surface forms, cached word lookups)."""
        tokens = tokenise(text)
        lowered = [t.lower() for t in tokens]
        starts, terms, i = self.vocabulary.starts, [], 0
        while i < len(tokens):
            match = self.vocabulary._match(tokens, lowered, i) if lowered[i] in starts else None
            if match:
                terms.append(match[0])
                i += match[1]
                continue
            term = _plain_term(lowered[i])
            if term:
                terms.append(term)
            i += 1
        return terms

    def __call__(self, text: str) -> list[str]:
        """Unigram terms followed by bigrams ("wait camhs") of neighbouring terms."""
        return with_bigrams(self.terms(text))

    def surface_terms(self, text: str) -> list[tuple[str, str]]:
        """(term, words as written) pairs for every unigram and bigram term in ``text``."""
        terms, where, shown = self._kept(text)
        pairs = [(term, shown[i]) for term, i in zip(terms, where, strict=True)]
        for k in range(len(terms) - 1):
            i, j = where[k], where[k + 1]
            span = shown[i : j + 1]
            # "timetable for 14 months" reads as a fact about one family, not as a phrase
            if j - i <= _MAX_SURFACE_GAP and terms[k] != terms[k + 1] and not any(w.isdigit() for w in span):
                pairs.append((f"{terms[k]} {terms[k + 1]}", " ".join(span)))
        return pairs
