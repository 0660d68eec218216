"""Read a text clause by clause for classes of harm: the second half of the safeguarding screen.

The phrase rules of ``safeguarding.py`` list phrases in order ("cutting her arms"). Families say the same
thing in many orders and words ("scratching at her forearms with her nails until they're raw", "thin red
lines on the tops of his legs"), so this reader works with *classes* of words, named in
``data/safeguarding_clauses.txt``: a body part, an injury, a way of hurting someone, someone who can harm,
care that is missing, a way to die. A rule names the classes that together make a disclosure and how close
they must be ("an injury within eight words of a body part"); it raises when they meet in one sentence.

``find_clause_matches(text)`` returns ``ClauseMatch`` values: the characters from the first to the last word
of the match (what the rep sees highlighted), where the harm itself starts (``head``, where ``safeguarding.py``
looks for a negation) and the rule, with its level, kind and flags.
Setting matches aside (negated, past and dealt with, an accident) is left to ``safeguarding.py``, which
treats both kinds of rule the same way.

Words are compared without case or apostrophes ("dont" is "don't") and hyphens split words, because
families type on phones.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

LEVELS = ("possible", "high")
DEFAULT_GAP = 8
_MAX_PHRASES = 50_000  # a class that expands past this is a mistake in the data file

_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*")
_BOUNDARY = re.compile(r"[.!?;\n]")
_SPLIT_WORD = re.compile(r"[^a-z0-9*#]+")

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Term:
    """One term of a rule: the phrases any of which may fill it, and how it relates to the term before."""

    phrases: frozenset[int]  # ids into the lexicon's phrases
    after: bool = False  # must start after the previous term ends (">"), else either side ("+")
    gap: int = DEFAULT_GAP  # at most this many words between it and the previous term


@dataclass(frozen=True)
class ClauseRule:
    """A combination of classes that makes a sign of risk."""

    level: str
    kind: str
    terms: tuple[Term, ...]
    absent: frozenset[int]  # phrases that must not be in the sentence
    flags: frozenset[str]
    line: int  # the rule's line in the data file, for people reading a match
    head: int = 0  # which term is the harm itself (marked ^ in the file; the first when none is marked)


@dataclass(frozen=True)
class ClauseMatch:
    """Where a rule matched: characters ``start:end``, and the rule.

    ``terms`` are the characters each term matched, in text order. A negation counts before the first ("he can't
    be left alone all day") or between one term and the next ("his arms had no marks", "the TA never hit him",
    "he doesn't run away, he just hides"), never on a word the rule itself matched ("no tube feed").
    ``head:head_end`` are the harm's own words: if they are an everyday phrase ("self-harm training", "knife
    crime") the whole match is.
    """

    start: int
    end: int
    head: int
    head_end: int
    terms: tuple[tuple[int, int], ...]
    rule: ClauseRule


class _Token(NamedTuple):
    start: int
    end: int
    key: str
    sentence: int  # the clause's number


# --- reading the data file ------------------------------------------------------------------------------------


def _normal_words(word: str) -> list[str]:
    word = word.lower().replace("'", "").replace("’", "")
    return [part for part in _SPLIT_WORD.split(word) if part]


class _PhraseParser:
    """Expand one choice ("(his|her) (arm|arms)", "my @kidnoun") into every sequence of words it allows."""

    def __init__(self, text: str, classes: dict[str, list[Phrase]]) -> None:
        self.tokens = re.findall(r"\)\?|[()|]|[^\s()|?]+", text)
        self.position = 0
        self.classes = classes
        self.text = text

    def parse(self) -> list[Phrase]:
        phrases = self.alternatives()
        if self.position != len(self.tokens):
            raise ValueError(f"safeguarding_clauses.txt: unbalanced brackets in {self.text!r}")
        return phrases

    def alternatives(self) -> list[Phrase]:
        found = self.sequence()
        while self.position < len(self.tokens) and self.tokens[self.position] == "|":
            self.position += 1
            found += self.sequence()
        return found

    def sequence(self) -> list[Phrase]:
        parts: list[list[Phrase]] = []
        while self.position < len(self.tokens) and self.tokens[self.position] not in ("|", ")", ")?"):
            parts.append(self.item())
        combined = [tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*parts)]
        if len(combined) > _MAX_PHRASES:
            raise ValueError(f"safeguarding_clauses.txt: {self.text!r} expands to too many phrases")
        return combined

    def item(self) -> list[Phrase]:
        token = self.tokens[self.position]
        self.position += 1
        if token == "(":
            found = self.alternatives()
            if self.position >= len(self.tokens) or self.tokens[self.position] not in (")", ")?"):
                raise ValueError(f"safeguarding_clauses.txt: unclosed bracket in {self.text!r}")
            self.position += 1
            return [*found, ()] if self.tokens[self.position - 1] == ")?" else found
        if token.startswith("@"):
            if token[1:] not in self.classes:
                raise ValueError(f"safeguarding_clauses.txt: unknown class {token} in {self.text!r}")
            return self.classes[token[1:]]
        words = _normal_words(token)
        if not words or any("*" in word[:-1] for word in words):
            raise ValueError(f"safeguarding_clauses.txt: {token!r} is not a word")
        return [tuple(words)]


class _Node:
    """A node of the word trie: the words that may come next, and the phrases that end here."""

    __slots__ = ("ends", "exact", "numeric", "prefix", "prefix_lengths")

    def __init__(self) -> None:
        self.exact: dict[str, _Node] = {}
        self.prefix: dict[str, _Node] = {}
        self.prefix_lengths: tuple[int, ...] = ()
        self.numeric: list[tuple[re.Pattern[str], _Node]] = []
        self.ends: list[int] = []

    def child(self, word: str) -> _Node:
        if "#" in word:
            pattern = re.compile(re.escape(word).replace("\\#", r"\d+").replace("\\*", r"\w*") + r"\Z")
            for known, node in self.numeric:
                if known.pattern == pattern.pattern:
                    return node
            self.numeric.append((pattern, _Node()))
            return self.numeric[-1][1]
        if word.endswith("*"):
            self.prefix_lengths = tuple(sorted({*self.prefix_lengths, len(word) - 1}))
            return self.prefix.setdefault(word[:-1], _Node())
        return self.exact.setdefault(word, _Node())

    def next(self, key: str) -> Iterator[_Node]:
        if (node := self.exact.get(key)) is not None:
            yield node
        for length in self.prefix_lengths:
            if length > len(key):
                break
            if (node := self.prefix.get(key[:length])) is not None:
                yield node
        if key[0].isdigit():
            yield from (node for pattern, node in self.numeric if pattern.match(key))


class _Lexicon:
    """Every phrase the rules use, numbered, in a trie of words so a text is tagged in one pass."""

    def __init__(self) -> None:
        self.phrases: list[Phrase] = []
        self.ids: dict[Phrase, int] = {}
        self.root = _Node()

    def add(self, phrases: Sequence[Phrase]) -> frozenset[int]:
        numbers = set()
        for phrase in phrases:
            if not phrase:
                continue
            if phrase not in self.ids:
                self.ids[phrase] = len(self.phrases)
                self.phrases.append(phrase)
                node = self.root
                for word in phrase:
                    node = node.child(word)
                node.ends.append(self.ids[phrase])
            numbers.add(self.ids[phrase])
        return frozenset(numbers)


_OPERATOR = re.compile(r"\s+([+>])\s+|\s+(~\d+)(?=\s|$)")


def _split_expression(expression: str) -> list[str]:
    """Split "a + (b|c) ~3 > d" into terms, operators and gaps, ignoring operators inside brackets."""
    pieces, depth, start = [], 0, 0
    for position, char in enumerate(expression):
        depth += (char == "(") - (char == ")")
        if depth == 0 and (match := _OPERATOR.match(expression, position)) and position >= start:
            pieces += [expression[start:position].strip(), (match.group(1) or match.group(2))]
            start = match.end()
    pieces.append(expression[start:].strip())
    return [piece for piece in pieces if piece]


class _RuleParser:
    """Read a rule's expression ("a + (b|c) ~3 > ^d + !(e)") term by term."""

    def __init__(self, lexicon: _Lexicon, classes: dict[str, list[Phrase]], line: int) -> None:
        self.lexicon, self.classes, self.line = lexicon, classes, line
        self.terms: list[Term] = []
        self.absent: set[int] = set()
        self.operator = "+"
        self.head = 0

    def parse(self, expression: str) -> tuple[tuple[Term, ...], frozenset[int], int]:
        for piece in _split_expression(expression):
            self.piece(piece)
        if not self.terms:
            raise ValueError(f"safeguarding_clauses.txt:{self.line}: a rule with no terms")
        return tuple(self.terms), frozenset(self.absent), self.head

    def phrases(self, text: str) -> frozenset[int]:
        return self.lexicon.add(_PhraseParser(text, self.classes).parse())

    def piece(self, piece: str) -> None:
        if piece.startswith("^"):
            self.head, piece = len(self.terms), piece[1:]
        if piece in ("+", ">"):
            self.operator = piece
        elif piece.startswith("~"):
            if not self.terms:
                raise ValueError(f"safeguarding_clauses.txt:{self.line}: a gap before any term")
            self.terms[-1] = Term(self.terms[-1].phrases, self.terms[-1].after, int(piece[1:]))
        elif piece.startswith("!"):
            self.absent |= self.phrases(piece[1:])
        elif not piece.endswith(")?"):  # an optional term only reads well; it constrains nothing
            self.terms.append(Term(self.phrases(piece), after=self.operator == ">"))


def _parse_rule(text: str, line: int, lexicon: _Lexicon, classes: dict[str, list[Phrase]], kinds) -> ClauseRule:
    level, kind, expression, *flags = re.split(r"\s+\|\s+", text)
    if level not in LEVELS:
        raise ValueError(f"safeguarding_clauses.txt:{line}: unknown level {level!r}")
    if kind not in kinds:
        raise ValueError(f"safeguarding_clauses.txt:{line}: unknown kind {kind!r}")
    terms, absent, head = _RuleParser(lexicon, classes, line).parse(expression)
    return ClauseRule(level, kind, terms, absent, frozenset(flags), line, head)


@dataclass(frozen=True)
class Reader:
    """The parsed clauses file: the rules, the trie of their phrases, and which terms each phrase fills."""

    rules: tuple[ClauseRule, ...]
    root: _Node
    # Every term and every absent set of every rule is numbered; a phrase lists the numbers it belongs to, so
    # the places a term is filled are gathered from the few phrases a text holds.
    terms_of_phrase: dict[int, tuple[int, ...]]
    term_numbers: tuple[tuple[int, ...], ...]  # per rule: its terms' numbers
    absent_numbers: tuple[int | None, ...]  # per rule: its absent set's number
    # A clause is read only if it holds a word one of these starts (or is): every rule has a term made only
    # of telling words, and most feedback holds none of them. A rule with no such term makes every clause read.
    anchor_words: frozenset[str]
    anchor_prefixes: dict[int, frozenset[str]]  # by length
    read_every_clause: bool


def load_reader(path: Path, kinds: Sequence[str], stop_words: Iterable[str] = ()) -> Reader:
    """Parse a clauses file (classes first, then rules whose kind is one of ``kinds``) into a reader.

    ``stop_words`` are words too common to choose which clauses to read (see ``Reader.anchor_words``).
    """
    classes: dict[str, list[Phrase]] = {}
    lexicon = _Lexicon()
    rules = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if definition := re.fullmatch(r"@(\w+)\s*=\s*(.+)", line):
            classes[definition.group(1)] = _PhraseParser(definition.group(2), classes).parse()
        else:
            rules.append(_parse_rule(line, number, lexicon, classes, kinds))
    return _index(rules, lexicon, frozenset(stop_words))


def _index(rules: list[ClauseRule], lexicon: _Lexicon, stop_words: frozenset[str]) -> Reader:
    sets: list[frozenset[int]] = []
    term_numbers, absent_numbers = [], []
    for rule in rules:
        term_numbers.append(tuple(range(len(sets), len(sets) + len(rule.terms))))
        sets += [term.phrases for term in rule.terms]
        absent_numbers.append(len(sets) if rule.absent else None)
        sets += [rule.absent] if rule.absent else []
    terms_of_phrase: dict[int, list[int]] = {}
    for number, phrases in enumerate(sets):
        for phrase in phrases:
            terms_of_phrase.setdefault(phrase, []).append(number)
    anchors = [_anchor(rule, lexicon.phrases, stop_words) for rule in rules]
    anchor_words = {word for anchor in anchors if anchor is not None for word in anchor}
    prefixes: dict[int, set[str]] = {}
    for word in anchor_words:
        if word.endswith("*"):
            prefixes.setdefault(len(word) - 1, set()).add(word[:-1])
    return Reader(
        tuple(rules),
        lexicon.root,
        {phrase: tuple(numbers) for phrase, numbers in terms_of_phrase.items()},
        tuple(term_numbers),
        tuple(absent_numbers),
        frozenset(word for word in anchor_words if not word.endswith("*")),
        {length: frozenset(words) for length, words in sorted(prefixes.items())},
        any(anchor is None for anchor in anchors),
    )


def _anchor(rule: ClauseRule, phrases: Sequence[Phrase], stop_words: frozenset[str]) -> frozenset[str] | None:
    """Words one of which a clause must hold for ``rule`` to match there, or None if there are none to name.

    Each phrase of a term is named by its longest word that is not a stop word or a number (a phrase can only be
    found where that word is); a term can name the rule if every phrase has such a word. The harm's own term
    (``head``) is taken when it can, because words of harm are rarer than the words around them; otherwise the
    term with the fewest such words.
    """
    named = []
    for number, term in enumerate(rule.terms):
        words = {_telling_word(phrases[phrase], stop_words) for phrase in term.phrases}
        if None not in words:
            if number == rule.head:
                return frozenset(words)
            named.append(frozenset(words))
    return min(named, key=len, default=None)


def _telling_word(phrase: Phrase, stop_words: frozenset[str]) -> str | None:
    candidates = [word for word in phrase if word.rstrip("*") not in stop_words and "#" not in word]
    candidates = [word for word in candidates if len(word.rstrip("*")) >= 2]
    # The longest, and of equals the last: content comes late in a phrase ("went blue", "really scared").
    return max(reversed(candidates), key=lambda word: len(word.rstrip("*")), default=None)


# --- reading a text -----------------------------------------------------------------------------------------------


_SCAN = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*|[.!?;\n]")


def tokens(text: str) -> list[_Token]:
    """Words of ``text`` with their places and clause numbers.

    A clause ends at . ! ? ; or a line break, and at "but", which turns to another matter as often as not
    ("he was scared stiff of the new bus but the driver was lovely").
    """
    found = []
    clause = 0
    for match in _SCAN.finditer(text.lower()):
        word = match.group()
        if len(word) == 1 and word in ".!?;\n":
            clause += 1
            continue
        key = word.replace("'", "").replace("’", "") if "'" in word or "’" in word else word
        if key == "but":
            clause += 1
        else:
            found.append(_Token(match.start(), match.end(), key, clause))
    return found


def _live_clauses(reader: Reader, words: list[_Token]) -> set[int]:
    """Clauses holding an anchor word: the only ones a rule can match in."""
    live = set()
    for word in words:
        if word.sentence in live:
            continue
        if word.key in reader.anchor_words or any(
            word.key[:length] in prefixes for length, prefixes in reader.anchor_prefixes.items()
        ):
            live.add(word.sentence)
    return live


Span = tuple[int, int]


def _tag(reader: Reader, words: list[_Token], live: set[int] | None) -> dict[int, list[Span]]:
    """Every place each phrase is found in the ``live`` clauses (all if None): phrase id -> spans, in order."""
    found: dict[int, list[Span]] = {}
    for i, word in enumerate(words):
        if live is not None and word.sentence not in live:
            continue
        frontier = [reader.root]
        j = i
        while frontier and j < len(words) and words[j].sentence == word.sentence:
            frontier = [node for parent in frontier for node in parent.next(words[j].key)]
            j += 1
            for node in frontier:
                for number in node.ends:
                    found.setdefault(number, []).append((i, j))
    return found


def _places(reader: Reader, found: dict[int, list[Span]]) -> dict[int, list[Span]]:
    """Where each numbered term (or absent set) is filled in the text, in text order."""
    places: dict[int, list[Span]] = {}
    for phrase, spans in found.items():
        for number in reader.terms_of_phrase.get(phrase, ()):
            places.setdefault(number, []).extend(spans)
    for spans in places.values():
        spans.sort()
    return places


def _fits(span: Span, previous: Span, term: Term, chosen: list[Span]) -> bool:
    if any(span[0] < other[1] and other[0] < span[1] for other in chosen):
        return False
    if term.after:
        return 0 <= span[0] - previous[1] <= term.gap
    between = span[0] - previous[1] if span[0] >= previous[1] else previous[0] - span[1]
    return 0 <= between <= term.gap


def _assign(rule: ClauseRule, candidates: list[list[Span]], chosen: list[Span]) -> list[Span] | None:
    """Pick one place for each remaining term, each fitting the term before it (depth first, earliest first)."""
    index = len(chosen)
    if index == len(rule.terms):
        return chosen
    for span in candidates[index]:
        if _fits(span, chosen[-1], rule.terms[index], chosen):
            result = _assign(rule, candidates, [*chosen, span])
            if result is not None:
                return result
    return None


def _rule_matches(reader: Reader, number: int, places: dict[int, list[Span]], words: list[_Token]):
    rule = reader.rules[number]
    filled = [places.get(term) for term in reader.term_numbers[number]]
    if not all(filled):
        return
    absent = places.get(reader.absent_numbers[number], []) if reader.absent_numbers[number] is not None else []
    barred = {words[span[0]].sentence for span in absent}
    for head in filled[0]:
        sentence = words[head[0]].sentence
        if sentence in barred:
            continue
        candidates = [[head]] + [[s for s in spans if words[s[0]].sentence == sentence] for spans in filled[1:]]
        chosen = _assign(rule, candidates, [head])
        if chosen is not None:
            yield chosen


def find_clause_matches(text: str, reader: Reader) -> list[ClauseMatch]:
    """Every place one of ``reader``'s rules matches in ``text`` (set-asides are decided by the caller)."""
    words = tokens(text)
    live = None if reader.read_every_clause else _live_clauses(reader, words)
    if not words or live == set():
        return []
    places = _places(reader, _tag(reader, words, live))
    matches = []
    for number in range(len(reader.rules)):
        if reader.term_numbers[number][0] not in places:
            continue
        rule = reader.rules[number]
        for chosen in _rule_matches(reader, number, places, words):
            first = min(span[0] for span in chosen)
            last = max(span[1] for span in chosen) - 1
            head, head_last = chosen[rule.head][0], chosen[rule.head][1] - 1
            terms = tuple(sorted((words[a].start, words[b - 1].end) for a, b in chosen))
            span = (words[first].start, words[last].end, words[head].start, words[head_last].end)
            matches.append(ClauseMatch(*span, terms, rule))
    return matches
