"""Spot feedback that suggests a child or adult may be at risk of harm, so it goes straight to a person.

``assess_risk(text)`` returns a ``RiskAssessment``. ``at_risk`` is what opens a safeguarding concern in the
app; ``matches`` are the words that raised it, each with its kind of concern (``RiskMatch.kind``, one of
``KINDS``, and ``RiskMatch.reason``, the kind in words a rep reads). ``set_aside`` holds risk words the
screen read but did not raise on, each with why (``RiskMatch.set_aside``).

What raises a concern
---------------------
A concern is raised when the text holds at least one *sign of risk* that is not set aside. Signs come from two
kinds of rule, read the same way:

- phrase rules in ``data/safeguarding_phrases.txt`` (``level | kind | pattern``), written to be specific:
  "cutting herself", "wants to die", "came home with bruises", "doesn't feel safe at home", "nobody noticed
  he had left the site", "I'm scared of what I might do";
- clause rules in ``data/safeguarding_clauses.txt`` (see ``safeguarding_reading``), which name *classes* of
  words (a body part, an injury, a way of hurting, someone who can harm, care that is missing, a way to die)
  and raise when the classes that make a disclosure meet in one clause a few words apart, in whatever order
  and words the family used: "scratching at her forearms with her nails until they're raw", "daddy hurts
  mummy", "I locked myself in the bathroom so I wouldn't hurt him". Two of them are nets marked ``general``:
  a grave word ("strangled", "noose", "absconded") in a clause that names a person, and two signals of
  different kinds (fear, harm, police or missing, night, secrecy, death) in one clause about a person.

A word that is only alarming in some sentences ("crisis", "breaking point", "threatened", "safe", "police",
"missing", "bullied") is never a sign on its own: families use it every day about services and paperwork
("the CAMHS crisis team", "threatened with a fine", "the paperwork went missing", "at breaking point with
the LA"). It counts only inside a rule that names the harm ("at breaking point and I'm scared I'll hurt him").

Both levels raise a concern, because a missed disclosure is worse than an extra look:

- ``high``: a clear disclosure; a person should look today (self-harm, suicidal thoughts, abuse, a child
  missing, a parent who fears they will harm themselves or the child);
- ``possible``: a sign a person should read in context (restraint, an unexplained injury, being hit at
  home, a child left alone, a child who is frightened of an adult).

A sign is *set aside*, and raises nothing, when

- it is part of an everyday phrase in ``data/safeguarding_benign.txt`` (service names such as "crisis
  team", "self-harm training", "the use of restraint", "time ran away"); for a clause rule, when the harm's
  own words are;
- it is negated just before: "he has never self-harmed", "there are no signs of self-harm", "she is not
  suicidal" (only a few linking words may stand between the negation and the sign, so "I can't stop him
  hurting himself" is still raised); for a clause rule, a negation before any of its terms counts ("his
  arms had no marks", "he doesn't run away, he just hides");
- it is told as the past and as dealt with: a time long ago ("years ago", "in Year 8", "at his old
  school", "used to") together with an ending ("he's doing really well now", "it never happened again",
  "the case was closed") in the same or the next sentence, and no sign it goes on ("still", "again",
  "worse"). A clear ending such as "stopped completely" is enough on its own. An event told in the past
  tense without distance ("he went missing last night, thankfully the police found him") is still raised;
- it is an injury told as an everyday accident that was dealt with, for rules marked ``accident``
  ("grazed her knee in the playground, school phoned straight away"), unless the explanation is doubtful
  ("they said he fell", "nobody could tell me how");
- it is a setting's reason for a decision, for rules marked ``excuse``: "the school say they can't keep
  him safe" is a complaint about the school, while "I can't keep him safe" is raised.

When no rule raises anything, a learned *second net* reads the text (``safeguarding_net``): a model fitted on
the project's labelled texts that scores each sentence, leaving out sentences the rules read and set aside. A
sentence holding a harm or risk word that it scores at or above its threshold, or any other sentence it is
nearly sure of (its much higher open threshold), raises a ``possible`` concern of kind
``other-words`` ("something that reads like a concern"), and the whole sentence is what a rep sees marked: the
net says a sentence reads like a concern, not which kind. It is there for the concerns phrased in ways no rule
was written for (on text nobody tuned on, the rules alone catch about four in five).

Where matches overlap, the strongest is kept, then the most specific rule's (phrase, clause, then a net), so
``kind`` is the best guess; the kind is a label for the rep, not part of the decision to raise.

``level`` is the highest level raised ("none" when nothing is), so ``at_risk == (level != "none")``.
This is a keyword screen, not a judgement: it cannot read irony or know the family, and a rep still reads
everything. The figures behind these choices come from ``scripts/bench_safeguarding.py``.

Phrase rule syntax (also in the data file; clause rules have their own, described in theirs): words in
order, ignoring case and punctuation between them; ``word*`` any word starting "word"; ``(a|b c)`` one of the
choices; ``(a|b)?`` optionally one of them; ``!(a|b)`` the next words are not these; ``~`` up to eight other
words (``~3``: up to three); ``#`` a number; ``@name`` a list defined in the file as ``@name = a|b|c``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from forum_feedback.analysis import safeguarding_net
from forum_feedback.analysis.safeguarding_reading import ClauseRule, Reader, find_clause_matches, load_reader

DATA_DIR = Path(__file__).parent / "data"
LEVELS: tuple[str, ...] = ("none", "possible", "high")

#: Kinds of concern, and how a rep reads each one.
KINDS: dict[str, str] = {
    "self-harm": "self-harm",
    "suicide": "suicidal thoughts",
    "abuse": "abuse or violence towards a child",
    "neglect": "neglect",
    "domestic-abuse": "domestic abuse",
    "unsafe": "not safe: threats, violence or fear",
    "restraint-injury": "restraint, seclusion or injury",
    "parent-breaking-point": "parent or carer at breaking point",
    "missing": "missing or running away",
    "safeguarding-named": "a safeguarding process named",
    "other-words": "something that reads like a concern",
}
#: The kind given to what the learned second net raises: it says a sentence reads like a concern, not which.
NET_KIND = "other-words"

SET_ASIDE_EVERYDAY = "an everyday phrase"
SET_ASIDE_NEGATED = "said not to happen"
SET_ASIDE_PAST = "in the past and dealt with"
SET_ASIDE_EXCUSE = "a setting's reason for a decision"
SET_ASIDE_ACCIDENT = "an accident, dealt with"


@dataclass(frozen=True)
class RiskMatch:
    """Words that matched a rule: where they are, the kind of concern, how strong, and if set aside why."""

    start: int
    end: int
    text: str
    reason: str  # the kind of concern in a rep's words (``KINDS[kind]``)
    level: str
    negated: bool = False
    kind: str = ""
    set_aside: str = ""  # empty when the match raised the concern


@dataclass(frozen=True)
class RiskAssessment:
    """The result of screening one piece of feedback."""

    at_risk: bool
    level: str
    reasons: tuple[str, ...]  # kinds in a rep's words, strongest first
    matches: tuple[RiskMatch, ...]  # the words that raised the concern, in text order
    kinds: tuple[str, ...] = ()  # the same kinds as ``reasons``, as ``KINDS`` keys
    set_aside: tuple[RiskMatch, ...] = ()  # risk words read but not raised on, with why


# --- rule syntax --------------------------------------------------------------------------------------

_GAP = r"(?:[^\S\n]|[,\-–—\"'‘’“”()])+"  # punctuation and spaces between words, not a line break
_ANY_WORD = r"[\w'’]+"
_LEX = re.compile(r"!\(|\)\?|[()|]|[^\s()|]+")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMON = _words(
    "a an the to of and or in on at it is was i my me he she him her his they them their we us our you "
    "be been has have had do did not no so as by for with from this that"
)
# Words too common to choose which clauses the clause reader reads (with _COMMON).
_FUNCTION_WORDS = _words(
    "not no never dont doesnt didnt cant wont isnt wasnt any all just some so too when if then what who how one "
    "up out off into onto about would could should will can may might must also even only other such than these "
    "those get got after before being enough much many which really very every still same things stuff something "
    "anything everything nothing another little"
)
Macros = dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class _Item:
    """One element of a parsed rule: a word, a group of alternative sequences, a negative look, or a gap."""

    role: str  # "word", "group", "opt" (optional group), "not" (the next words are not these), "gap"
    word: str = ""
    alternatives: tuple[tuple[_Item, ...], ...] = ()
    gap: int = 0


@dataclass(frozen=True)
class _Rule:
    level: str
    kind: str
    pattern: re.Pattern[str]  # ignoring case
    lower: re.Pattern[str]  # the same, for lower-cased text (matching with IGNORECASE is much slower)
    anchors: tuple[tuple[str, bool], ...]  # (word, is a prefix); empty means the rule always runs
    flags: frozenset[str]


class _Parser:
    """Recursive-descent parser for the rule syntax described in the module docstring."""

    def __init__(self, phrase: str, macros: Macros) -> None:
        self.phrase = phrase
        self.tokens = _LEX.findall(phrase)
        self.position = 0
        self.macros = macros

    def parse(self) -> tuple[_Item, ...]:
        items = self.sequence()
        if self.position != len(self.tokens):
            raise ValueError(f"unbalanced brackets in safeguarding phrase {self.phrase!r}")
        return items

    def sequence(self) -> tuple[_Item, ...]:
        items = []
        while self.position < len(self.tokens) and self.tokens[self.position] not in ("|", ")", ")?"):
            items.append(self.item(self.tokens[self.position]))
        return tuple(items)

    def item(self, token: str) -> _Item:
        self.position += 1
        if token in ("(", "!("):
            alternatives = [self.sequence()]
            while self.position < len(self.tokens) and self.tokens[self.position] == "|":
                self.position += 1
                alternatives.append(self.sequence())
            if self.position >= len(self.tokens):
                raise ValueError(f"unclosed bracket in safeguarding phrase {self.phrase!r}")
            close = self.tokens[self.position]
            self.position += 1
            role = "not" if token == "!(" else "opt" if close == ")?" else "group"
            return _Item(role, alternatives=tuple(alternatives))
        if re.fullmatch(r"~\d*", token):
            return _Item("gap", gap=int(token[1:] or 8))
        if token.startswith("@"):
            name = token[1:].rstrip("?")
            if name not in self.macros:
                raise ValueError(f"unknown list @{name} in safeguarding phrase {self.phrase!r}")
            alternatives = tuple(tuple(_Item("word", w.lower()) for w in alt.split()) for alt in self.macros[name])
            return _Item("opt" if token.endswith("?") else "group", alternatives=alternatives)
        if re.search(r"[\[\]?{}\\]", token):
            raise ValueError(f"{token!r} is not a word in safeguarding phrase {self.phrase!r}")
        return _Item("word", token.lower())


def _word_pattern(word: str) -> str:
    escaped = re.escape(word.rstrip("*")).replace("'", "['’]?").replace(r"\-", r"[\s\-]?").replace(r"\#", r"\d+")
    return escaped + (r"\w*" if word.endswith("*") else "")


def _compile_items(items: Iterable[_Item]) -> str:
    body = ""
    for item in items:
        if item.role == "gap":
            body += rf"(?:{_GAP}{_ANY_WORD}){{0,{item.gap}}}?"
        elif item.role == "not":
            body += rf"(?!{_GAP}(?:{_compile_group(item)})(?!\w))"
        elif item.role == "opt":
            body += rf"(?:{_GAP if body else ''}(?:{_compile_group(item)}){'' if body else _GAP})?"
        else:
            piece = _word_pattern(item.word) if item.role == "word" else f"(?:{_compile_group(item)})"
            body += (_GAP if body and not body.endswith(f"{_GAP})?") else "") + piece
    return body


def _compile_group(item: _Item) -> str:
    return "|".join(_compile_items(alternative) for alternative in item.alternatives)


def _phrase_pattern(phrase: str, macros: Macros | None = None) -> str:
    """Translate the rule syntax ("(cut|hurt*) @self ~ bruis*") into a regular expression."""
    return rf"(?<!\w){_compile_items(_Parser(phrase, macros or {}).parse())}(?!\w)"


def _anchor(word: str) -> tuple[int, tuple[tuple[str, bool], ...]]:
    """How telling a word is (its length; 1 or 2 for stop words, 0 for numbers) and its anchor: (letters, prefix?)."""
    run = re.match(r"[a-z0-9]+", word.lower())
    if run is None or "#" in word:
        return 0, ()
    letters = run.group()
    score = 1 if letters in _COMMON else 2 if letters in ENGLISH_STOP_WORDS else len(letters)
    return score, ((letters, word.endswith("*") or letters != word.lower()),)


def _item_anchors(item: _Item) -> tuple[int, tuple[tuple[str, bool], ...]]:
    if item.role == "word":
        return _anchor(item.word)
    if item.role != "group":
        return 0, ()
    found = [_anchors(alternative) for alternative in item.alternatives]
    if any(score == 0 for score, _ in found):
        return 0, ()
    return min(score for score, _ in found), tuple(anchor for _, anchors in found for anchor in anchors)


_TELLING = 4  # an anchor part whose every word has at least this many letters and is not a stop word


def _anchors(items: Iterable[_Item]) -> tuple[int, tuple[tuple[str, bool], ...]]:
    """Words one of which must be in a text for ``items`` to match.

    Rules name the harm first ("filthy|dirty ... for weeks"), so the first telling part is taken; failing
    that, the part with the longest shortest word.
    """
    found = [_item_anchors(item) for item in items]
    telling = [anchors for anchors in found if anchors[0] >= _TELLING]
    return telling[0] if telling else max(found, key=lambda anchors: anchors[0], default=(0, ()))


# --- loading the rules ----------------------------------------------------------------------------------


def _data_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def _macros(lines: Iterable[str]) -> Macros:
    found = (re.fullmatch(r"@(\w+)\s*=\s*(.+)", line) for line in lines)
    return {m.group(1): tuple(alt.strip() for alt in m.group(2).split("|")) for m in found if m}


def _parse_rule(line: str, macros: Macros) -> _Rule:
    level, kind, phrase, *flags = re.split(r"\s+\|\s+", line)
    if level not in LEVELS[1:]:
        raise ValueError(f"safeguarding_phrases.txt: unknown level {level!r}")
    if kind not in KINDS:
        raise ValueError(f"safeguarding_phrases.txt: unknown kind {kind!r}")
    items = _Parser(phrase, macros).parse()
    body = rf"(?<!\w){_compile_items(items)}(?!\w)"
    return _Rule(level, kind, re.compile(body, re.IGNORECASE), re.compile(body), _anchors(items)[1], frozenset(flags))


@lru_cache(maxsize=1)
def _rules() -> tuple[_Rule, ...]:
    lines = _data_lines("safeguarding_phrases.txt")
    macros = _macros(lines)
    return tuple(_parse_rule(line, macros) for line in lines if not line.startswith("@"))


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]], tuple[int, ...], tuple[int, ...]]:
    """Rules by anchor word, by anchor prefix, the prefix lengths, and the rules with no anchor."""
    exact: dict[str, list[int]] = {}
    prefix: dict[str, list[int]] = {}
    always = []
    for number, rule in enumerate(_rules()):
        if not rule.anchors:
            always.append(number)
        for word, is_prefix in rule.anchors:
            (prefix if is_prefix else exact).setdefault(word, []).append(number)
    lengths = tuple(sorted({len(word) for word in prefix}))
    freeze = lambda table: {word: tuple(rules) for word, rules in table.items()}  # noqa: E731
    return freeze(exact), freeze(prefix), lengths, tuple(always)


@lru_cache(maxsize=1)
def _benign() -> tuple[re.Pattern[str], ...]:
    # One pattern a line, each searched on its own, so one everyday phrase cannot hide another that overlaps it.
    return tuple(re.compile(_phrase_pattern(line), re.IGNORECASE) for line in _data_lines("safeguarding_benign.txt"))


_WORD_RUN = re.compile(r"[a-z0-9]+")


def _candidate_rules(text: str) -> list[_Rule]:
    """Only the rules whose anchor word is in the text: most feedback holds none, and this keeps it fast."""
    exact, prefix, lengths, always = _index()
    found = set(always)
    for word in set(_WORD_RUN.findall(text.lower())):
        found.update(exact.get(word, ()))
        for length in lengths:
            if length > len(word):
                break
            found.update(prefix.get(word[:length], ()))
    rules = _rules()
    return [rules[number] for number in sorted(found)]


# --- reading the words around a match -------------------------------------------------------------------

_SENTENCE_END = re.compile(r"[.!?\n]+|;")
_CLAUSE_END = re.compile(r"[.!?;:\n]|\bbut\b", re.IGNORECASE)
_NEGATION_WORDS = 4
_NEGATORS = _words(
    "no not never without nor none nobody no-one noone denies denied cannot wont dont doesnt didnt isnt wasnt "
    "hasnt havent hadnt arent werent"
)
# Words that may stand between a negation and the sign it negates: "never been any self-harm", "no signs of".
_BRIDGE = _words(
    "be been being is was were are am has have had ever any signs sign of evidence history indication a an the "
    "there he she they i it one actually really currently yet at all mention talked talk talking about said "
    "says thoughts much got having anything like or and concern concerns worries worry issue issues problem problems "
    "risk reports tried try tries trying attempted to"
)
_PAST = re.compile(
    r"\b(?:used to|years? ago|(?:when|while) (?:he|she|they|i) (?:was|were) (?:little|younger|small|a (?:baby|toddler|"
    r"child|teenager)|\d+|in (?:year|primary|nursery|reception))|as a (?:baby|toddler|child|teenager|teen|youngster)|"
    r"back in|in (?:19|20)\d\d|in (?:year|yr) ?\d+|in (?:reception|nursery|primary|infants|juniors|year one|year two)|"
    r"(?:at|aged?) \d{1,2}\b|(?:at|in|from) (?:his|her|their|my) "
    r"(?:old|previous|last|former|first) (?:school|placement|nursery|college|home|unit|setting)|once when|"
    r"previously|in the past|(?:in|at) primary|last year|a (?:period|phase|patch|time) (?:of|when)|went through|"
    r"(?:a few|a couple of|couple of|few|some|two|three|many) (?:years|months) back|years back|back then|"
    r"a dark patch)",
    re.IGNORECASE,
)
_ENDED_CLEARLY = (
    r"never happened (?:again|since)|(?:has|have|had)n[o']?t happened (?:since|again)|not happened (?:since|again)|"
    r"stopped (?:completely|"
    r"altogether|once|when|after)|(?:has|have|had)n[o']?t been a single|not a single incident|no longer"
)
# Words that tell a sign has ended or was dealt with (only read together with a time long ago, see _PAST).
_ENDED_CUES = (
    _ENDED_CLEARLY,
    r"dealt with|sorted|resolved|(?:case|it) (?:was |is )?closed|closed the case",
    r"prosecuted|dismissed|sacked|investigated|apologi[sz]ed|retrained",
    r"(?:much|so much|a lot|far|loads) (?:better|happier|calmer|safer)|(?:better|happier) now|thriving|thankfully",
    r"(?:it's|it has|its|it's all) been (?:great|brilliant|fine|amazing|good|much better)|manageable|wake[- ]up call",
    r"doing (?:really |so |very )?(?:well|brilliantly|great|fine|amazingly)|settled|(?:been )?safe for|proud of",
    r"(?:has|have|had|it's|it has|its) (?:all )?stopped|(?:has|have|had)n[o']?t needed|never (?:needed|had) to|"
    r"happy (?:now|there|where)|(?:has|have)n[o']?t (?:done it|since|for)|grown out of|grew out of|all fine|was fine",
    r"(?:safe|fine) now|safe and well|found safe|(?:in a )?(?:good|better|much better|far better) place|"
    r"(?:been )?(?:fine|well|ok|okay|great|safe) (?:ever )?since|ever since|(?:been|is|has been) well for",
    r"now (?:at|doing|in|a|working)|the right support|moved (?:him|her|them|schools)|chose (?:this one|this school|"
    r"another|a new)",
)
_ENDED = re.compile(rf"\b(?:{'|'.join(_ENDED_CUES)})\b", re.IGNORECASE)
_ENDED_CLEARLY_RE = re.compile(rf"\b(?:{_ENDED_CLEARLY})\b", re.IGNORECASE)
_GOES_ON = re.compile(
    r"\b(?:still|(?<!happened )again|worse|escalat\w*|started|starting|nothing (?:has )?changed|never (?:been )?"
    r"(?:investigated|followed up|dealt with|sorted)|no follow.?up|continu\w+|keeps)\b",
    re.IGNORECASE,
)
# Reported speech of a setting: "the school say they 'can't keep him safe'", "told us that they could not".
_EXCUSE = re.compile(
    r"\b(?:say|says|said|saying|claim|claims|claimed|insist|insists|insisted|told (?:us|me)|tell (?:us|me)|telling "
    r"(?:us|me))\b[\s,:'‘’\"“”]*(?:that\s+)?(?:the\s+)?(?!(?:i|we)\b)\w+\b",
    re.IGNORECASE,
)


# An everyday accident told with who dealt with it: "cut his finger at cookery club, the teacher put a plaster on".
_ACCIDENT = re.compile(
    r"\b(?:accident(?:ally)?|fell (?:over|off|down|out)|fall(?:ing|s)? (?:over|off|down|from)|tripped|slipped|"
    r"skiing|sledging|ice skating|cycling|on holiday|(?:off|from) (?:his|her|their|a|the) (?:bike|scooter|skateboard|"
    r"swing|horse|pony)|nothing serious|(?:at|during|playing|from|in) (?:football|pe|"
    r"p\.e\.|rugby|netball|hockey|play ?time|break ?time|the park|trampolin\w*|swimming|sports?|cookery|gym|forest "
    r"school|the playground)|fell(?! asleep| behind| out with| apart| through)|head bump|bumped (?:his|her) head|"
    r"first aid|put a plaster|a plaster on|plasters on it|(?:phoned|called|rang|told|informed|contacted) (?:me|us) "
    r"(?:straight away|immediately|right away|at once)|all fine|was fine|is fine now)\b",
    re.IGNORECASE,
)
# ...unless the explanation is the setting's word or missing: "they said he fell", "nobody could tell me how".
_DOUBT = re.compile(
    r"\b(?:say|says|said|saying|claim\w*|apparently|supposedly|allegedly|(?:nobody|no one|no-one) (?:knows|knew|"
    r"could|can|would|will)|(?:can't|cannot|couldn't|could not|won't|wouldn't) (?:explain|say|tell)|no explanation|"
    r"unexplained|no accident form|didn't (?:tell|ring|call|phone|inform)|did not (?:tell|ring|call|phone|inform)|"
    r"won'?t let (?:me|us|anyone) (?:look|see)|hides? (?:it|them)|hiding (?:it|them)|covers? (?:it|them) up)\b",
    re.IGNORECASE,
)


# ...or unless it is done again and again or on purpose: "knocks his head against the bricks in the playground until
# it's grazed" is not an accident because it happened in a playground.
_DELIBERATE = re.compile(
    r"\b(?:until|till|on purpose|deliberately|purposely|keeps|again and again|over and over|repeatedly|"
    r"every (?:day|time|morning|night|evening)|whenever|let (?:him|her|them))\b",
    re.IGNORECASE,
)


def _accident(text: str, start: int, end: int) -> bool:
    """True if the injury is told as an everyday accident that was dealt with, with nothing doubtful about it."""
    sentence = _sentence(text, start, end)
    return bool(_ACCIDENT.search(sentence)) and not _DOUBT.search(sentence) and not _DELIBERATE.search(sentence)


def _sentence_start(text: str, position: int) -> int:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, position)]
    return ends[-1] if ends else 0


def _sentence(text: str, start: int, end: int, *, following: bool = False) -> str:
    """The sentence around ``text[start:end]`` (and the next one, if ``following``)."""
    after = _SENTENCE_END.search(text, end)
    stop = after.end() if after else len(text)
    if following and after:
        second = _SENTENCE_END.search(text, stop)
        stop = second.end() if second else len(text)
    return text[_sentence_start(text, start) : stop]


def _negated(text: str, start: int, floor: int = 0) -> bool:
    """True if a negation stands just before ``start`` (and after ``floor``) in the same clause, with only linking
    words between.

    "Ever" carries a negation from further back: "no one at the school has ever restrained him".
    """
    clause = _CLAUSE_END.split(text[floor:start])[-1]
    words = [w.replace("'", "") for w in re.findall(r"[\w'’-]+", clause.lower().replace("’", "'"))]
    for i in range(len(words) - 1, max(len(words) - _NEGATION_WORDS, 0) - 1, -1):
        if words[i] in _NEGATORS:
            return all(w in _BRIDGE for w in words[i + 1 :]) and not _purpose(words[:i])
        if words[i] == "ever" and all(w in _BRIDGE for w in words[i + 1 :]):
            return any(w in _NEGATORS for w in words[:i])
    return False


def _purpose(before: list[str]) -> bool:
    """True if a negation is a parent's purpose, not a denial: "I lock myself in the bathroom so I don't do something
    I regret" tells of the fear, it does not say it never happens."""
    return len(before) >= 2 and before[-1] == "i" and before[-2] in ("so", "that", "case", "otherwise")


def _past_and_dealt_with(text: str, start: int, end: int) -> bool:
    """True if the sign is told as long ago and ended, with nothing to say it goes on."""
    window = _sentence(text, start, end, following=True)
    ended = list(_ENDED.finditer(window))
    if not ended:
        return False
    if _GOES_ON.search(window):
        return False
    return bool(_PAST.search(_sentence(text, start, end))) or any(_ENDED_CLEARLY_RE.fullmatch(m.group()) for m in ended)


def _settings_excuse(text: str, start: int) -> bool:
    """True if the sentence so far reports what a setting said: "the school say they can't keep him safe"."""
    return bool(_EXCUSE.search(text, _sentence_start(text, start), start))


# --- matching -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Raw:
    """A rule's match before it is read in context: its characters, where the harm starts, and the rule."""

    start: int
    end: int
    head: int  # where a negation is looked for: the start for a phrase rule, the harm's own word for a clause rule
    head_end: int  # the end of the harm's own words (an everyday phrase holding them sets the match aside)
    terms: tuple[tuple[int, int], ...]  # a clause rule's matched terms (see ClauseMatch); empty for a phrase rule
    rule: _Rule | ClauseRule


def _why_set_aside(text: str, raw: _Raw, benign: list[tuple[int, int]]) -> str:
    rule, start, end = raw.rule, raw.start, raw.end
    if any(b_start <= raw.head and raw.head_end <= b_end for b_start, b_end in benign):
        return SET_ASIDE_EVERYDAY
    if _negated(text, start) or any(_negated(text, a, floor) for (_, floor), (a, _) in pairwise(raw.terms)):
        return SET_ASIDE_NEGATED
    if "excuse" in rule.flags and _settings_excuse(text, start):
        return SET_ASIDE_EXCUSE
    if _past_and_dealt_with(text, start, end):
        return SET_ASIDE_PAST
    if "accident" in rule.flags and _accident(text, start, end):
        return SET_ASIDE_ACCIDENT
    return ""


def second_net_sentences(
    text: str, model: safeguarding_net.NetModel | None = None, *, found: Iterable[RiskMatch] | None = None
) -> list[safeguarding_net.NetHit]:
    """Every sentence the learned second net reads (see ``safeguarding_net``), scored: all but those the rules
    read and set aside. A sentence the rules found negated ("his arms had no marks"), told as past and dealt
    with, or an everyday phrase is theirs to judge, since the net's n-grams cannot read that context.

    ``found``: the rules' matches, raised and set aside, when the caller has them already.
    """
    matches = [m for m, _ in _find_matches(text)] if found is None else list(found)
    return safeguarding_net.scored_sentences(text, model, skip=[(m.start, m.end) for m in matches if m.set_aside])


def second_net_hit(
    text: str, model: safeguarding_net.NetModel | None = None, *, found: Iterable[RiskMatch] | None = None
) -> safeguarding_net.NetHit | None:
    """The sentence of ``second_net_sentences`` that comes nearest its threshold (or goes furthest past it)."""
    model = model or safeguarding_net.shipped_model()
    return safeguarding_net.best_of(second_net_sentences(text, model, found=found), model)


def _second_net(text: str, found: list[RiskMatch]) -> list[RiskMatch]:
    """The sentence the second net raises at its threshold, when the rules raised nothing."""
    hit = second_net_hit(text, found=found)
    if not safeguarding_net.shipped_model().raises(hit):
        return []
    return [RiskMatch(hit.start, hit.end, text[hit.start : hit.end], KINDS[NET_KIND], "possible", kind=NET_KIND)]


@lru_cache(maxsize=1)
def _clause_reader() -> Reader:
    return load_reader(DATA_DIR / "safeguarding_clauses.txt", tuple(KINDS), _COMMON | _FUNCTION_WORDS)


def _raw_matches(text: str) -> list[_Raw]:
    found = []
    lower = text.lower()
    same_places = len(lower) == len(text)  # lower-casing a few non-English letters changes the length
    for rule in _candidate_rules(text):
        hits = rule.lower.finditer(lower) if same_places else rule.pattern.finditer(text)
        found += [_Raw(m.start(), m.end(), m.start(), m.end(), (), rule) for m in hits if m.end() > m.start()]
    clause_matches = find_clause_matches(text, _clause_reader())
    found += [_Raw(m.start, m.end, m.head, m.head_end, m.terms, m.rule) for m in clause_matches]
    return found


def _find_matches(text: str) -> list[tuple[RiskMatch, int]]:
    """Every match read in context, with 0 if a phrase rule made it, 1 a clause rule, 2 a catch-all clause rule."""
    raw = _raw_matches(text)
    if not raw:
        return []
    benign = [m.span() for pattern in _benign() for m in pattern.finditer(text)]
    matches, origins = [], []
    for match in sorted(raw, key=lambda r: (r.start, r.end)):
        why = _why_set_aside(text, match, benign)
        rule = match.rule
        piece = text[match.start : match.end]
        negated = why == SET_ASIDE_NEGATED
        matches.append(RiskMatch(match.start, match.end, piece, KINDS[rule.kind], rule.level, negated, rule.kind, why))
        origins.append(0 if not isinstance(rule, ClauseRule) else 2 if "general" in rule.flags else 1)
    return list(zip(_carry_negation(text, matches), origins, strict=True))


def _carry_negation(text: str, matches: list[RiskMatch]) -> list[RiskMatch]:
    """A sign listed right after a negated one is negated too: "no abuse or neglect"."""
    out: list[RiskMatch] = []
    for match in matches:
        previous = out[-1] if out else None
        joined = (
            previous is not None
            and match.start >= previous.end
            and re.fullmatch(r"[\s,]*(?:or|nor|and)?[\s,]*", text[previous.end : match.start])
        )
        if previous is not None and previous.negated and joined and not match.set_aside:
            match = RiskMatch(**{**match.__dict__, "negated": True, "set_aside": SET_ASIDE_NEGATED})
        out.append(match)
    return out


def _dedupe(matches: Iterable[tuple[RiskMatch, int]]) -> list[RiskMatch]:
    """Keep the strongest match where several rules matched overlapping words, then the most specific rule's (a
    phrase rule, then a clause rule, then a catch-all: the kind is the more exact), then the longest."""
    ordered = sorted(matches, key=lambda pair: (-LEVELS.index(pair[0].level), pair[1], pair[0].start - pair[0].end))
    kept: list[RiskMatch] = []
    for match, _ in ordered:
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


def warm_up() -> None:
    """Compile the rules and read the second net's model now (a server does this before its first request, so
    no family's send pays for it while it holds the database's write lock)."""
    assess_risk("warm up")
    safeguarding_net.net_score("warm up: nobody was hurt")


def assess_risk(text: str, *, net: bool = True) -> RiskAssessment:
    """Screen one piece of feedback for signs that someone may be at risk of harm.

    ``net=False`` reads the rules alone (the second net is fitted on what they match, and measured against them).
    """
    found = _find_matches(text)
    raised = _dedupe((m, origin) for m, origin in found if not m.set_aside)
    if not raised and net:
        raised = _second_net(text, [m for m, _ in found])
    aside = _dedupe(
        (m, origin) for m, origin in found if m.set_aside and all(m.end <= r.start or m.start >= r.end for r in raised)
    )
    level = max((m.level for m in raised), key=LEVELS.index, default="none")
    strongest_first = sorted(raised, key=lambda m: (-LEVELS.index(m.level), m.start))
    kinds = tuple(dict.fromkeys(m.kind for m in strongest_first))
    return RiskAssessment(
        at_risk=level != "none",
        level=level,
        reasons=tuple(KINDS[kind] for kind in kinds),
        matches=tuple(raised),
        kinds=kinds,
        set_aside=tuple(aside),
    )
