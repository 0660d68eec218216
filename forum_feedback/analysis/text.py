"""Turning families' words into terms the theme engine can count, without losing how they wrote them.

The steps, in order:

1. ``tokenise``: words and numbers in their original case. Apostrophes and hyphens inside a word are
   part of it ("don't", "co-ordinated", "part-time"; "’" reads as "'"), so a label never shows half a
   word. Redaction marks ("[name]", "XXXX") are not families' words and are dropped.
2. Sentences are split at full stops, question marks, semicolons, brackets, line breaks and dashes;
   commas split a sentence into segments for the rules of step 4 (but not for the vocabulary, so
   "education, health and care plan" is still one term).
3. ``Vocabulary.normalise``: lower case, and every SEND variant ("EHC plan", "education health and
   care plan", "EHCP") replaced by one canonical token. Multi-word variants are matched longest first.
   The shipped vocabulary also holds answer units (``data/answer_units.txt``): the many ways of saying
   "nothing to improve" ("can't think of anything", "no complaints", "keep up the good work") become
   one term, and so does a segment that is nothing but such an answer ("Nothing.", "No, ...", "None").
4. ``Analyzer``: stop words dropped, the rest Snowball-stemmed (canonical tokens are never stemmed,
   hyphens are ignored for the stem, so "co-ordinated" and "coordinated" are one term). A negation
   ("not", "never", "no", "cannot", "can't", "didn't"...) joins the next word it governs within its
   segment into one term: "could not have been better" gives ``not_better``, never ``better``, so it
   cannot share a theme with "could be better". Canonical terms are never negated, and a negation that
   reaches one ends there ("no SALT since March" gives ``speech_and_language_therapy`` and ``march``).
   Stems are for counting only: anything a person reads comes from ``Analyzer.surface_terms`` or
   ``Analyzer.segments``, which keep the words as written.

Vocabulary file format (``data/send_vocabulary.txt``, ``data/answer_units.txt``, and a forum's own
``instance/vocabulary.txt``)::

    # comment
    canonical term: variant, variant, "LA"
    =canonical term: whole answer, whole answer     (answer units: only when a segment says nothing else)

A variant in double quotes matches only with exactly that capitalisation. A forum's entries are added to
the shipped ones; a variant listed in both maps to the forum's canonical term.

Stop words are scikit-learn's English list, less ``data/keep_words.txt`` (words that carry meaning in
feedback: "nothing", "no", "never", "very", "well"...), plus ``data/stop_words.txt`` (words that carry
no theme in feedback: "child", "son", "just", "really"...).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nltk.stem.snowball import SnowballStemmer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

DATA_DIR = Path(__file__).parent / "data"
ANALYZER_VERSION = 2  # bump when the terms a text gives change: saved word vectors are then re-learnt
_WORD = r"[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*"
_TOKEN = re.compile(_WORD)
_REDACTED = re.compile(r"\[[^\]\n]{1,40}\]|\b[Xx]{3,}\b")
_NO_BREAKS: frozenset[int] = frozenset()
_MEMO_SIZE = 50_000  # sentences remembered (then forgotten all at once): bounds the memory it takes
_SENTENCE_BREAK = re.compile(r"[.!?;:()\n…]+|\s[-–—]+\s|\s/\s")
_STEMMER = SnowballStemmer("english")
_MAX_SURFACE_GAP = 2  # a bigram's words may sit 2 words apart ("waiting for CAMHS"), not further
NEGATED = "not_"  # prefix of a negated term: "not_better"
_NEGATION_REACH = 3  # small words a negation may skip to reach its word ("not have been any better")
# Negations written without their apostrophe ("cant", "didnt") read as written with it.
_CONTRACTED_NOT = ("can't", "don't", "didn't", "doesn't", "won't", "wouldn't", "couldn't", "shouldn't", "isn't")
_CONTRACTED_NOT += ("wasn't", "aren't", "weren't", "haven't", "hasn't", "hadn't", "ain't")
_APOSTROPHE_FREE = {w.replace("'", ""): w for w in _CONTRACTED_NOT}
# "without" and "nor" are left out: "without the team I would not be here" is praise of the team.
_NEGATORS = frozenset({"not", "no", "never", "cannot", *_APOSTROPHE_FREE.values()})
# Words a negation passes over: "not very good" is about "good", "not at all helpful" about "helpful".
_INTENSIFIERS = frozenset(
    {"very", "really", "so", "too", "quite", "that", "particularly", "especially", "always", "ever", "even"}
    | {"overly", "all", "at", "any", "totally", "completely", "entirely", "exactly", "necessarily"}
)
# A negation written as "could not", "did not": the auxiliary belongs to the phrase people read.
_AUXILIARIES = frozenset(
    {"could", "would", "can", "should", "will", "did", "do", "does", "was", "were", "is", "are", "has", "have"}
    | {"had", "might", "must", "may", "shall"}
)
# Politeness and fillers that do not change what a short answer means ("Nothing, thank you").
_ANSWER_FILLERS = frozenset(
    {"thank", "thanks", "you", "sorry", "honestly", "really", "at", "all", "whatsoever", "i", "just", "nope"}
)

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


def _clean(text: str) -> str:
    text = text.replace("’", "'").replace("‘", "'")
    return _REDACTED.sub(" ", text) if "[" in text or "xxx" in text.lower() else text


def tokenise(text: str) -> list[str]:
    """Split text into word tokens in their original case, possessive 's removed, redaction marks dropped."""
    found = _TOKEN.findall(_clean(text))
    return [t if "'" not in t else _drop_possessive(t) for t in found]


def sentences(text: str) -> list[tuple[list[str], frozenset[int]]]:
    """Each sentence of ``text`` as (tokens as ``tokenise`` gives them, indexes of tokens a comma precedes)."""
    return [found for sentence in _SENTENCE_BREAK.split(_clean(text)) if (found := _sentence_tokens(sentence))[0]]


def _sentence_tokens(sentence: str) -> tuple[list[str], frozenset[int]]:
    breaks = _NO_BREAKS
    if "," not in sentence:
        tokens = _TOKEN.findall(sentence)
    else:
        tokens, after = [], []
        for part in sentence.split(","):
            after.append(len(tokens))
            tokens.extend(_TOKEN.findall(part))
        breaks = frozenset(after[1:])
    if "'" in sentence:
        tokens = [t if "'" not in t else _drop_possessive(t) for t in tokens]
    return tokens, breaks


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """Snowball stem of a lower-case word (cached: feedback reuses a small vocabulary)."""
    return _STEMMER.stem(token)


@lru_cache(maxsize=200_000)
def _plain_term(token: str) -> str | None:
    """Term of a lower-case word outside the vocabulary: None for stop words, single letters and numbers."""
    joined = token.replace("-", "") if "-" in token else token
    if joined in stop_words() or token in stop_words() or len(joined) < 2 or not any(c.isalpha() for c in joined):
        return None
    return stem(joined)


_TERM, _NEGATOR, _SKIP, _CANONICAL = 0, 1, 2, 3


@lru_cache(maxsize=200_000)
def _kind(token: str) -> tuple[int, str]:
    """How the analyser treats a lower-case non-canonical token: (kind, its term)."""
    if is_negator(token):
        return _NEGATOR, ""
    term = None if token in _INTENSIFIERS else _plain_term(token)
    return (_SKIP, "") if term is None else (_TERM, term)


def _with_negations(tokens: Sequence[str], kinds: Sequence[tuple[int, str]], first: int) -> list[tuple[str, int, int]]:
    """Terms of a segment holding a negation: it joins the next plain term it reaches."""
    out: list[tuple[str, int, int]] = []
    negation, reach = -1, 0
    for i, (kind, term) in enumerate(kinds, first):
        if kind == _NEGATOR or (kind == _SKIP and negation >= 0 and reach == 0):
            if negation >= 0:
                out.append(("not", negation, negation))
            negation, reach = (i, _NEGATION_REACH) if kind == _NEGATOR else (-1, 0)
        elif kind == _SKIP:
            reach -= 1
        elif kind == _TERM and negation >= 0:
            out.append((NEGATED + term, _negation_start(tokens, negation, first), i))
            negation = -1
        else:  # canonical terms are never negated: "no SALT since March" is about SALT, not about March
            out.append((term, i, i))
            negation = -1
    if negation >= 0:
        out.append(("not", negation, negation))
    return out


_OPENING_WORDS = frozenset({"nothing", "none", "no", "nope", "nil"})
_ANSWER_PRONOUNS = frozenset({"it", "it's", "i", "i'm", "i've", "we", "we're", "they", "they're", "all", "everything"})
_NOT_ANSWERS = frozenset({"one", "body", "where", "longer", "matter", "doubt", "of", "more", "less", "such"})


def _opening_answer(tokens: Sequence[str], first: Sequence[int], breaks: frozenset[int]) -> bool:
    """Whether a comment opens with "Nothing"/"No" as an answer and goes on to praise, comma or not.

    "Nothing it was very good" answers "what could be better?" before it praises; "Nothing has been done"
    does not praise, so it stays a sentence about nothing being done.
    """
    if len(tokens) < 2 or tokens[0] not in _OPENING_WORDS or 1 in breaks or tokens[1] in _NOT_ANSWERS:
        return False
    if tokens[0] == "no" and tokens[1] not in _ANSWER_PRONOUNS:  # "no CAMHS support" is about CAMHS support
        return False
    from .sentiment import score_sentiment  # sentiment reads text's word lists: imported when needed

    end = next((n for n in range(1, len(tokens)) if first[n] in breaks), len(tokens))
    rest = tokens[1:end]
    return any(t not in _ANSWER_FILLERS for t in rest) and score_sentiment(" ".join(rest)) > 0


def _negation_start(tokens: Sequence[str], negation: int, first: int) -> int:
    # "could not be better" reads whole; "not be better" does not.
    return negation - 1 if negation > first and tokens[negation - 1] in _AUXILIARIES else negation


def is_negator(token: str) -> bool:
    """Whether a lower-case token negates what follows ("not", "never", "no", "can't", "didn't"...)."""
    return token in _NEGATORS or token.endswith("n't")


def parse_vocabulary(text: str) -> dict[str, list[str]]:
    """Parse ``canonical: variant, variant`` lines into {canonical: [variants]}.

    Whole-answer lines (``=canonical: ...``) keep their "=" on the canonical name; see ``whole_answers``.
    """
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


def _answer_key(tokens: Iterable[str]) -> tuple[str, ...]:
    return tuple(t for t in (_lower(t) for t in tokens) if t not in _ANSWER_FILLERS)


@dataclass(frozen=True)
class Vocabulary:
    """Variants (as token tuples) mapped to canonical tokens, and how to show each canonical token."""

    loose: Mapping[tuple[str, ...], str]
    exact: Mapping[tuple[str, ...], str]
    display: Mapping[str, str]
    starts: dict[str, int]  # lower-case first word of any variant -> longest variant starting with it
    answers: Mapping[tuple[str, ...], str]  # a whole segment that is only this answer -> canonical token

    @classmethod
    def from_entries(cls, entries: Mapping[str, Iterable[str]]) -> Vocabulary:
        """Build from {canonical: variants}; later entries override earlier ones for the same variant."""
        loose: dict[tuple[str, ...], str] = {}
        exact: dict[tuple[str, ...], str] = {}
        display: dict[str, str] = {}
        answers: dict[tuple[str, ...], str] = {}
        for name, variants in entries.items():
            whole = name.startswith("=")
            canonical = name[1:].strip() if whole else name
            token = _canonical_token(canonical)
            display[token] = canonical
            if whole:
                answers.update({_answer_key(tokenise(v.lower())): token for v in variants})
                continue
            loose[tuple(_lower(w) for w in tokenise(canonical))] = token
            for variant in variants:
                quoted = len(variant) > 2 and variant[0] == variant[-1] == '"'
                target = exact if quoted else loose
                words = tokenise(variant[1:-1]) if quoted else [_lower(w) for w in tokenise(variant)]
                if words:
                    target[tuple(words)] = token
        starts: dict[str, int] = {}
        for key in [*loose, *exact]:
            starts[key[0].lower()] = max(starts.get(key[0].lower(), 0), len(key))
        answers.pop((), None)
        return cls(loose=loose, exact=exact, display=display, starts=starts, answers=answers)

    def _match(self, tokens: Sequence[str], lowered: Sequence[str], start: int) -> tuple[str, int] | None:
        longest = self.starts.get(lowered[start], 0)
        for size in range(min(longest, len(tokens) - start), 0, -1):
            key = tuple(tokens[start : start + size])
            found = self.exact.get(key) or self.loose.get(tuple(lowered[start : start + size]))
            if found:
                return found, size
        return None

    def tokens(self, tokens: Sequence[str]) -> tuple[list[str], list[int]]:
        """(normalised tokens, index of the first raw token of each): variants become one canonical token."""
        lowered = [_lower(t) for t in tokens]
        starts = self.starts
        hits = [i for i, t in enumerate(lowered) if t in starts]  # most words start no variant (hot loop)
        if not hits:
            return lowered, list(range(len(lowered)))
        out: list[str] = []
        first: list[int] = []
        done = 0
        for i in hits:
            match = self._match(tokens, lowered, i) if i >= done else None
            if match:
                out.extend(lowered[done:i])
                first.extend(range(done, i))
                out.append(match[0])
                first.append(i)
                done = i + match[1]
        out.extend(lowered[done:])
        first.extend(range(done, len(lowered)))
        return out, first

    def normalise(self, tokens: Sequence[str]) -> tuple[list[str], list[str]]:
        """Return (normalised tokens, surface forms): variants become one canonical token each."""
        out, first = self.tokens(tokens)
        shown = [self.display[t] if t in self.display else _surface(tokens[i]) for t, i in zip(out, first, strict=True)]
        return out, shown


@lru_cache(maxsize=200_000)
def _lower(token: str) -> str:
    lowered = token.lower()
    return _APOSTROPHE_FREE.get(lowered, lowered)


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
    """{canonical: variants} of the shipped SEND vocabulary and answer units, plus a forum's own.

    ``extra`` is a file path in the vocabulary format (a missing file is ignored) or a mapping
    {variant: canonical}.
    """
    entries: dict[str, list[str]] = {}
    for name in ("send_vocabulary.txt", "answer_units.txt"):
        for canonical, variants in parse_vocabulary((DATA_DIR / name).read_text(encoding="utf-8")).items():
            entries.setdefault(canonical, []).extend(variants)
    for canonical, variants in _extra_entries(extra).items():
        entries.setdefault(canonical, []).extend(variants)
    return entries


def load_vocabulary(extra: VocabularySource = None) -> Vocabulary:
    """The shipped SEND vocabulary plus a forum's own (see ``vocabulary_entries``)."""
    return Vocabulary.from_entries(vocabulary_entries(extra))


def with_bigrams(terms: Sequence[str]) -> list[str]:
    """Unigram terms followed by the bigrams of neighbouring (different) terms."""
    return [*terms, *(f"{a} {b}" for a, b in itertools.pairwise(terms) if a != b)]


@dataclass(frozen=True)
class Segment:
    """Part of a sentence between commas, as a label or an explanation reads it.

    ``shown`` holds the words as written (one entry per normalised token: a SEND variant is one entry,
    shown as its canonical name); ``terms`` are (term, first, last) with indexes into ``shown``.
    """

    shown: tuple[str, ...]
    terms: tuple[tuple[str, int, int], ...]

    def text(self, first: int, last: int) -> str:
        """The words from ``first`` to ``last`` (inclusive) as written."""
        return " ".join(self.shown[first : last + 1])

    def surface_terms(self) -> list[tuple[str, str]]:
        """(term, words as written) for each unigram term and each bigram of neighbouring terms."""
        pairs = [(term, self.text(a, b)) for term, a, b in self.terms]
        for (t1, a1, b1), (t2, a2, b2) in itertools.pairwise(self.terms):
            span = self.shown[a1 : b2 + 1]
            # "timetable for 14 months" reads as a fact about one family, not as a phrase
            if a2 - b1 <= _MAX_SURFACE_GAP and t1 != t2 and not any(w.isdigit() for w in span):
                pairs.append((f"{t1} {t2}", " ".join(span)))
        return pairs


class Analyzer:
    """Text to theme terms (stemmed unigrams + bigrams), shared by fitting and by ``assign``."""

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        self.vocabulary = vocabulary or load_vocabulary()
        self.stops = stop_words()
        self.canonical = frozenset(self.vocabulary.display)
        self.answer_starts = frozenset(key[0] for key in self.vocabulary.answers) | _ANSWER_FILLERS
        self.longest_answer = max(map(len, self.vocabulary.answers), default=0) + 3  # fillers around it
        self._memo: dict[tuple[str, bool], tuple[tuple[str, ...], bool]] = {}

    def _segments(self, text: str, surface: str = "") -> Iterator[tuple[list[str], list[str], int, int]]:
        """(normalised tokens of a sentence, their surface forms or [], first, last index of a segment)."""
        for number, (tokens, breaks) in enumerate(sentences(text)):
            yield from self._sentence_segments(tokens, breaks, number == 0, surface)

    def _sentence_segments(
        self, tokens: list[str], breaks: frozenset[int], opening: bool, surface: str
    ) -> Iterator[tuple[list[str], list[str], int, int]]:
        normalised, first = self.vocabulary.tokens(tokens)
        shown: list[str] = []
        if surface == "written":  # a SEND variant as the family wrote it ("taxi", "EHC plan")
            ends = [*first[1:], len(tokens)]
            shown = [" ".join(_surface(w) for w in tokens[a:b]) for a, b in zip(first, ends, strict=True)]
        elif surface:  # a SEND variant by its canonical name ("school transport", "EHCP")
            display = self.vocabulary.display
            pairs = zip(normalised, first, strict=True)
            shown = [display[t] if t in display else _surface(tokens[i]) for t, i in pairs]
        start = 0
        if opening and _opening_answer(normalised, first, breaks):
            yield normalised, shown, 0, 0  # "Nothing it was all great": "Nothing," with its comma left out
            start = 1
        for n in range(start + 1, len(normalised)) if breaks else ():
            if first[n] in breaks:  # a comma before this token ends a segment
                yield normalised, shown, start, n - 1
                start = n
        yield normalised, shown, start, len(normalised) - 1

    def _segment_terms(self, tokens: Sequence[str], first: int, last: int) -> list[tuple[str, int, int]]:
        """(term, first, last) of one segment: answer units, negations joined, stop words dropped."""
        if last - first < self.longest_answer and tokens[first] in self.answer_starts:
            answer = self.vocabulary.answers.get(tuple(t for t in tokens[first : last + 1] if t not in _ANSWER_FILLERS))
            if answer:
                return [(answer, first, last)]
        canonical = self.canonical
        kinds = [(_CANONICAL, t) if t in canonical else _kind(t) for t in tokens[first : last + 1]]
        if not any(kind == _NEGATOR for kind, _ in kinds):
            return [(term, i, i) for i, (kind, term) in enumerate(kinds, first) if kind != _SKIP]
        return _with_negations(tokens, kinds, first)

    def terms(self, text: str) -> list[str]:
        """Unigram terms in order (each sentence's terms are remembered: feedback repeats sentences a lot)."""
        out: list[str] = []
        opening = True
        for sentence in _SENTENCE_BREAK.split(_clean(text)):
            found = self._memo.get((sentence, opening))
            if found is None:
                found = self._sentence_terms(sentence, opening)
                if len(self._memo) >= _MEMO_SIZE:
                    self._memo.clear()
                self._memo[(sentence, opening)] = found
            if found[1]:
                opening = False
                out.extend(found[0])
        return out

    def _sentence_terms(self, sentence: str, opening: bool) -> tuple[tuple[str, ...], bool]:
        """(terms of one sentence, whether it has any word at all)."""
        tokens, breaks = _sentence_tokens(sentence)
        if not tokens:
            return (), False
        lowered = [_lower(t) for t in tokens]
        plain = not opening or lowered[0] not in _OPENING_WORDS
        if not breaks and plain and self.vocabulary.starts.keys().isdisjoint(lowered):
            # The common case, one segment and no vocabulary: no phrase search, no bookkeeping of positions.
            return tuple(t for t, _, _ in self._segment_terms(lowered, 0, len(lowered) - 1)), True
        segments = self._sentence_segments(tokens, breaks, opening, surface="")
        terms = tuple(term for normalised, _, a, b in segments for term, _, _ in self._segment_terms(normalised, a, b))
        return terms, True

    def __call__(self, text: str) -> list[str]:
        """Unigram terms followed by bigrams ("wait camhs") of neighbouring terms."""
        return with_bigrams(self.terms(text))

    def segments(self, text: str, written: bool = False) -> list[Segment]:
        """Every comma-separated segment of ``text`` with its words and its terms.

        SEND variants are shown by their canonical name ("EHCP"), or as written with ``written=True``.
        """
        out = []
        for tokens, shown, first, last in self._segments(text, surface="written" if written else "display"):
            terms = tuple((t, a - first, b - first) for t, a, b in self._segment_terms(tokens, first, last))
            out.append(Segment(tuple(shown[first : last + 1]), terms))
        return out

    def surface_terms(self, text: str) -> list[tuple[str, str]]:
        """(term, words as written) pairs for every unigram and bigram term in ``text``."""
        return [pair for segment in self.segments(text) for pair in segment.surface_terms()]
