"""Find and hide what could identify a family in a piece of feedback.

``find_identifiers(text)`` returns the spans of text a rep would remove before a quote leaves the
workspace: email addresses, UK phone numbers, postcodes, NHS numbers, National Insurance numbers, web
addresses, people's names, the names of schools and other education settings, and the names of respite,
residential and care settings. ``redact(text, spans)`` swaps each span for a plain placeholder such as
"[name]", "[school]" or "[setting]".

Contact details and reference numbers are found by pattern (with the NHS number's check digit and the
list of real postcode areas to cut false alarms). Names are found by cue, because a capitalised word on
its own is as likely to be "Tribunal" or "Monday" as a child:

- a title: "Mrs Patel", "Dr. Evans", "Mr O'Connor" (the title itself is kept: "Mrs [name]");
- a family or naming word: "my son Jack", "her daughter, Amelia-Rose", "a boy called Kwame";
- a role: "our SENCO Sarah", "caseworker Tom Bradley";
- a first name on the shipped list (``data/redaction_first_names.txt``), anywhere, unless it is also an
  everyday word (``data/redaction_ambiguous_names.txt``: Grace, May, Will...), which needs a cue;
- with no cue word, a capitalised word that is no known word, place or SEND term, is shaped like a name
  (not "...tion", "...ment") and is followed by a verb a person does: "Tadhg has been out of school",
  "we were told Oluwaseun would get speech therapy"; not after "the", "our"... ("our Transport is") and
  not right after another capitalised word ("Awareness Week was"); also such a word listed with a name
  already found ("Both Marek and Zosia"), or two of them joined by "and" before "both", "are", "have";
- any later mention of a name already found in the same text.

Settings are runs of capitalised words ending in a setting word with at least one word that is not
generic, so "Primary school", "the Academy", "Special School" and "Short Breaks Centre" are left alone.
Schools, academies, nurseries, pre-schools, colleges, PRUs and resource bases take the kind "school"
("Little Acorns Day Nursery", "Northfield Sixth Form College", "Larch Resource Base"). Respite,
residential, care and health settings ("Oak Lodge", "Cedar House", "Maple House Children's Home", "the
Phoenix Unit") take the kind "setting" and the placeholder "[setting]", so a redacted quote still says
what kind of place it was without naming it. A setting called "The ..." with no setting word is found
after "at", "to", "visited"... inside a sentence ("she's been at The Willows"): a school, or a setting when
the sentence is about respite or a stay. Word lists live in ``data/redaction_*.txt``.

The detector favours precision for names: lower-case names ("oakfield primary"), names in capitals,
names with no cue that are also everyday words ("Precious is 14"), and settings named without a setting
word or a capital "The" ("he goes to Oakfield") are missed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"

#: Placeholder written in place of each kind of identifier.
PLACEHOLDERS: dict[str, str] = {
    "email": "[email address]",
    "phone": "[phone number]",
    "postcode": "[postcode]",
    "nhs_number": "[NHS number]",
    "ni_number": "[National Insurance number]",
    "url": "[web address]",
    "person": "[name]",
    "school": "[school]",
    "setting": "[setting]",
}
KINDS: tuple[str, ...] = tuple(PLACEHOLDERS)


@dataclass(frozen=True)
class Span:
    """A piece of ``text[start:end]`` that identifies someone, and what kind of identifier it is."""

    start: int
    end: int
    kind: str
    text: str


# --- word lists --------------------------------------------------------------------------------------


def _read_lines(name: str) -> list[str]:
    lines = (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


@cache
def _word_set(name: str, *, fold: bool = True) -> frozenset[str]:
    words = (word for line in _read_lines(name) for word in line.split())
    return frozenset(word.casefold() if fold else word for word in words)


@cache
def _sections(name: str) -> dict[str, tuple[str, ...]]:
    """Read a file of ``[section]`` headings, each followed by one entry a line."""
    sections: dict[str, list[str]] = {}
    current = sections.setdefault("", [])
    for line in _read_lines(name):
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)
    return {key: tuple(values) for key, values in sections.items()}


@cache
def _folded(name: str, section: str) -> frozenset[str]:
    return frozenset(entry.casefold() for entry in _sections(name)[section])


def _split(words: str) -> frozenset[str]:
    return frozenset(words.split())


# --- tokens ------------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_](?:[\w]|['’\-](?=[^\W_]))*(?:['’]s\b)?|&")
_SENTENCE_END = re.compile(r"[.!?:;\n]\s*[\"'“‘(]*$")
_ABBREVIATIONS = frozenset({"st", "dr", "mr", "mrs", "ms", "prof", "rev", "revd", "no", "e.g", "i.e", "cllr"})


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    folded: str  # casefolded, with ’ read as '

    @property
    def bare(self) -> str:
        """The word without a possessive "'s" ("Jack's" -> "Jack")."""
        return re.sub(r"['’]s$", "", self.text)

    @property
    def capitalised(self) -> bool:
        return self.text[0].isupper()

    @property
    def titlecase(self) -> bool:
        """Capitalised and not an acronym: "Jack", "O'Connor", "McDonald", but not "EHCP"."""
        return self.text[0].isupper() and any(ch.islower() for ch in self.text)


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), m.group().casefold().replace("’", "'")) for m in _WORD.finditer(text)]


def _gap(text: str, left: _Token, right: _Token) -> str:
    return text[left.end : right.start]


def _starts_sentence(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """True when token ``i`` is the first word of a sentence (so a capital letter tells us nothing)."""
    if i == 0:
        return not text[: tokens[0].start].strip(" \"'“‘(")
    before = text[tokens[i - 1].start : tokens[i].start]
    if tokens[i - 1].folded.rstrip(".") in _ABBREVIATIONS:
        return False
    return bool(_SENTENCE_END.search(before))


# --- contact details and numbers ----------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")
_TLDS = (
    r"(?:co\.uk|org\.uk|gov\.uk|nhs\.uk|sch\.uk|ac\.uk|com|org|net|uk|info|io|biz|scot|wales|cymru|london|eu|ie|app)"
)
_URL = re.compile(
    r"\bhttps?://[^\s<>\"]+"
    r"|\bwww\.[^\s<>\"]+"
    rf"|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+{_TLDS}\b(?:/[^\s<>\"]*)?",
    re.IGNORECASE,
)
_SEP = r"(?:\)\s?|\s?[-.]\s?|\s)?"
_PHONE = re.compile(
    rf"(?<![\w+/])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(0(?=\d{{2,4}}\))|0\s?)[1-9](?:{_SEP}\d){{8,9}}(?![\d/])"
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2})(\d[A-Z\d]?)\s?(\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
_NHS = re.compile(r"(?<![\d/.-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d/])")
_NHS_CUE = re.compile(r"\bnhs\b|\bnhs\s*(?:no|number|num)\b|health\s+number", re.IGNORECASE)
_NI = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    re.IGNORECASE,
)
_NI_CUE = re.compile(r"\bN\.?I\.?\b|national\s+insurance", re.IGNORECASE)
_ORDINAL = re.compile(r"\d(?:st|nd|rd|th)$", re.IGNORECASE)

# Lower numbers win where candidates overlap.
_PRIORITY = {"email": 0, "url": 1, "nhs_cued": 2, "ni_number": 3, "phone": 4, "nhs_number": 5, "postcode": 6}
_PRIORITY |= {"school": 7, "setting": 7, "person": 8}


def _trim_url(url: str) -> str:
    url = url.rstrip(".,;:!?'\"’”")
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1].rstrip(".,;:!?")
    return url


def _find_emails(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _EMAIL.finditer(text):
        yield m.start(), m.end(), "email"


def _find_urls(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _URL.finditer(text):
        url = _trim_url(m.group())
        if "." in url:
            yield m.start(), m.start() + len(url), "url"


def _find_phones(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _PHONE.finditer(text):
        yield m.start(), m.end(), "phone"


def _is_postcode(area: str, district: str, inward: str) -> bool:
    if area.upper() not in _word_set("redaction_postcode_areas.txt", fold=False):
        return False
    if not (area + district + inward).isupper() and _ORDINAL.search(inward):
        return False  # "B6 1st" is an ordinal, not a postcode
    text = area + district + inward
    return text.isupper() or text.islower()


def _find_postcodes(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _POSTCODE.finditer(text):
        if _is_postcode(*m.groups()):
            yield m.start(), m.end(), "postcode"


def nhs_check_digit_ok(digits: str) -> bool:
    """True if a 10-digit NHS number's last digit matches its modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _cue_before(text: str, start: int, cue: re.Pattern[str], window: int = 40) -> bool:
    return bool(cue.search(text[max(0, start - window) : start]))


def _find_nhs(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _NHS.finditer(text):
        digits = m.group(1) + m.group(3) + m.group(4)
        if m.group(2) and _cue_before(text, m.start(), _NHS_CUE):
            yield m.start(), m.end(), "nhs_cued"
        elif digits[0] != "0" and nhs_check_digit_ok(digits):
            yield m.start(), m.end(), "nhs_number"


def _find_ni(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _NI.finditer(text):
        if m.group().isupper() or _cue_before(text, m.start(), _NI_CUE):
            yield m.start(), m.end(), "ni_number"


# --- settings ----------------------------------------------------------------------------------------


#: Sections of redaction_schools.txt that end a setting's name, and the kind of identifier each gives.
_SETTING_SECTIONS = {"settings": "school", "care_settings": "setting"}


@lru_cache(maxsize=1)
def _setting_index() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Setting words by their first word: each phrase ("pupil", "referral", "unit") with its kind, longest first."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for section, kind in _SETTING_SECTIONS.items():
        for entry in _sections("redaction_schools.txt")[section]:
            phrase = tuple(entry.casefold().split())
            index.setdefault(phrase[0], []).append((phrase, kind))
    return {word: tuple(sorted(phrases, key=lambda p: -len(p[0]))) for word, phrases in index.items()}


@lru_cache(maxsize=1)
def _setting_last_words() -> frozenset[str]:
    return frozenset(phrase[-1] for phrases in _setting_index().values() for phrase, _ in phrases)


def _match_setting(tokens: Sequence[_Token], i: int, text: str) -> tuple[int, str]:
    """Tokens from ``i`` that spell a capitalised setting word, and its kind: ("Primary School" -> 2, "school")."""
    for phrase, kind in _setting_index().get(tokens[i].folded, ()):
        window = tokens[i : i + len(phrase)]
        if len(window) != len(phrase) or not all(t.folded == w for t, w in zip(window, phrase, strict=True)):
            continue
        if all(t.text[0].isupper() for t in window) and _tight(text, window):
            return len(phrase), kind
    return 0, ""


def _ends_setting(token: _Token) -> bool:
    return token.folded in _setting_last_words()


def _tight(text: str, window: Sequence[_Token]) -> bool:
    return all(_gap(text, a, b) in (" ", "-") for a, b in pairwise(window))


def _is_modifier(token: _Token) -> bool:
    return token.folded in _folded("redaction_schools.txt", "modifiers")


def _is_particle(token: _Token) -> bool:
    return token.folded in _folded("redaction_schools.txt", "particles")


def _distinctive(token: _Token) -> bool:
    """A word that can name a particular setting: "Oakfield", "Mary's", but not "Special" or "EHCP"."""
    if not token.titlecase or _is_modifier(token) or _is_particle(token):
        return False
    return token.bare.casefold() not in _word_set("redaction_not_names.txt")


def _name_start(text: str, tokens: Sequence[_Token], end: int) -> int | None:
    """Walk back from the setting word at ``end`` over the words of its name; return the first index."""
    first = None
    j = end - 1
    while (
        j >= 0
        and _gap(text, tokens[j], tokens[j + 1]).strip(" .") == ""
        and "  " not in _gap(text, tokens[j], tokens[j + 1])
    ):
        token = tokens[j]
        if not (token.capitalised or _is_particle(token)) or (token.folded == "the" and not token.capitalised):
            break
        if token.folded in {"and", "&"} and j and _ends_setting(tokens[j - 1]):
            break  # "Hillcrest High and Park View College" is two settings
        first = j
        if _starts_sentence(text, tokens, j):
            break
        j -= 1
    return first


def _trim_name(text: str, tokens: Sequence[_Token], first: int, last: int) -> int | None:
    """Drop leading words that are not part of the name ("The", "and", "ADHD and") and require one
    distinctive word before the setting word; return the new first index, or None."""
    while first < last and _not_name_start(tokens[first]):
        first += 1
    if not any(_distinctive(t) for t in tokens[first:last]):
        return None
    return first


def _not_name_start(token: _Token) -> bool:
    if token.folded in {"the", "of", "and", "&", "e", "c"}:
        return True
    if _is_particle(token) or _is_modifier(token):
        return False
    return token.text.isupper() or _stop(token)


def _setting_span(text: str, tokens: Sequence[_Token], i: int, length: int) -> tuple[int, int] | None:
    first = _name_start(text, tokens, i)
    if first is None:
        return None
    first = _trim_name(text, tokens, first, i)
    if first is None:
        return None
    return tokens[first].start, tokens[i + length - 1].end


def _lower_setting_span(text: str, tokens: Sequence[_Token], i: int) -> tuple[int, int] | None:
    """A capitalised name then a lower-case setting word: "Oakfield primary", "St Mary's school".

    A lone possessive ("Jack's school"), a lone first name or a lone word starting a sentence is not enough.
    """
    if i == 0 or tokens[i].folded not in _folded("redaction_schools.txt", "settings_lower"):
        return None
    first = _name_start(text, tokens, i)
    if first is None or _gap(text, tokens[i - 1], tokens[i]) != " ":
        return None
    first = _trim_name(text, tokens, first, i)
    if first is None:
        return None
    if first == i - 1:
        prev = tokens[first]
        lone_word_fails = prev.text != prev.bare or _is_name_word(prev.text, allow_ambiguous=True)
        if lone_word_fails or _starts_sentence(text, tokens, first):
            return None
    return tokens[first].start, tokens[i].end


def _setting_length(text: str, tokens: Sequence[_Token], i: int) -> tuple[int, str]:
    """Tokens from ``i`` spelling one or more setting words, and the kind of the last: "Infant and Nursery
    School", "College of Further Education", "House Children's Home"."""
    length, kind = _match_setting(tokens, i, text)
    while length and i + length < len(tokens):
        j = i + length
        joiner = tokens[j].folded in {"and", "&", "of"}
        more, more_kind = (0, "")
        if _gap(text, tokens[j - 1], tokens[j]) == " " and j + joiner < len(tokens):
            more, more_kind = _match_setting(tokens, j + joiner, text)
        if not more:
            return length, kind
        length, kind = length + more + joiner, more_kind
    return length, kind


def _find_schools(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    i = 0
    while i < len(tokens):
        length, kind = _setting_length(text, tokens, i)
        span = _setting_span(text, tokens, i, length) if length else _lower_setting_span(text, tokens, i)
        if span:
            yield span[0], span[1], kind or "school"
        i += max(length, 1)
    yield from _the_names(text, tokens)


# Words before a setting called "The ...": "she's been at The Willows", "we visited The Beeches".
_THE_CUES = _split(
    "at to from attends attend attended attending visited visit visiting into joined join joining started start "
    "leave left leaving moved placed place offered name named naming chose chosen love loves loved about with for "
    "consider considered prefer preferred request requested want wanted"
)
# Words that make a "The ..." setting a care setting rather than a school.
_CARE_CONTEXT = re.compile(
    r"\b(?:respite|short breaks?|overnights?|residential|stays?|stayed|care home|carers?)\b", re.IGNORECASE
)


def _the_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """A setting called "The ..." with no setting word, mid-sentence after "at", "to", "visited"...

    The capital "The" inside a sentence is what marks it as a name; "The Local Offer" and "The Tribunal" are
    left alone because their words are on the list of words that never name anything.
    """
    for i in range(1, len(tokens) - 1):
        if tokens[i].text != "The" or tokens[i - 1].folded not in _THE_CUES or _starts_sentence(text, tokens, i):
            continue
        last, j = None, i + 1
        while j < len(tokens) and j - i <= 2 and _gap(text, tokens[j - 1], tokens[j]) == " ":
            if not (_distinctive(tokens[j]) and not _is_place(tokens[j])):
                break
            last, j = j, j + 1
        followed = j < len(tokens) and tokens[j].capitalised and _gap(text, tokens[j - 1], tokens[j]) == " "
        if last is not None and not followed:
            sentence_end = _SENTENCE_STOP.search(text, tokens[last].end)
            sentence = text[tokens[i].start : sentence_end.start() if sentence_end else len(text)]
            kind = "setting" if _CARE_CONTEXT.search(text[: tokens[i].start][-80:] + sentence) else "school"
            yield tokens[i].start, tokens[last].end, kind


_SENTENCE_STOP = re.compile(r"[.!?;\n]")


# --- people ------------------------------------------------------------------------------------------


def _is_name_word(word: str, *, allow_ambiguous: bool) -> bool:
    bare = re.sub(r"['’]s$", "", word)
    parts = bare.split("-")
    first = parts[0].casefold()
    names = _word_set("redaction_first_names.txt")
    if first in names:
        return True
    return allow_ambiguous and first in _word_set("redaction_ambiguous_names.txt")


def is_first_name(word: str) -> bool:
    """Whether ``word`` is on the shipped list of first names and is not also an everyday word ("Grace")."""
    return _is_name_word(word, allow_ambiguous=False) and word.casefold() not in _word_set(
        "redaction_ambiguous_names.txt"
    )


def _stop(token: _Token) -> bool:
    """A word that is never a name: "Has", "EHCP", "Monday", and titles such as "Mrs" (a cue of their own)."""
    word = token.bare.casefold().replace("’", "'")
    return word in _word_set("redaction_not_names.txt") or word.rstrip(".") in _titles()


@lru_cache(maxsize=1)
def _titles() -> frozenset[str]:
    return _folded("redaction_cues.txt", "titles")


def _name_token_ok(token: _Token, *, any_capitalised: bool) -> bool:
    """Can ``token`` be a name right after a cue? ``any_capitalised`` accepts names not on the list."""
    if _is_name_word(token.text, allow_ambiguous=True) and (token.capitalised or not _stop(token)):
        return token.capitalised or _is_name_word(token.text, allow_ambiguous=False)
    if not (any_capitalised and token.titlecase) or _stop(token) or _is_modifier(token) or _is_place(token):
        return False
    return token.folded not in _folded("redaction_cues.txt", "kin") | _folded("redaction_cues.txt", "roles")


def _surname_ok(token: _Token) -> bool:
    return token.titlecase and not _stop(token) and not _is_modifier(token) and not _is_particle(token)


def _extend_name(text: str, tokens: Sequence[_Token], i: int) -> int:
    """Index of the last word of the name starting at ``i`` (a first name may be followed by surnames)."""
    j = i
    while (
        j + 1 < len(tokens)
        and j - i < 2
        and tokens[j].text == tokens[j].bare
        and _gap(text, tokens[j], tokens[j + 1]) == " "
        and _surname_ok(tokens[j + 1])
    ):
        j += 1
    return j


def _person_span(tokens: Sequence[_Token], first: int, last: int) -> tuple[int, int, str]:
    end = tokens[last].start + len(tokens[last].bare)
    return tokens[first].start, end, "person"


def _skip_after_cue(text: str, tokens: Sequence[_Token], j: int) -> int:
    """Skip the small stuff between a cue and the name: "my son, Jack", "my son (8) Jack", "a boy called"."""
    skippable = {"called", "named", "is", "aged", "age", "who's", "-"}
    while j < len(tokens) and (tokens[j].folded in skippable or tokens[j].text.isdigit()):
        j += 1
    return j


def _cue_kind(text: str, tokens: Sequence[_Token], i: int) -> str | None:
    """What kind of name cue ends at token ``i``: "title", "kin", "role", "naming", or None."""
    token = tokens[i]
    if token.text.rstrip(".") in _sections("redaction_cues.txt")["titles"] and token.capitalised:
        return "title"
    if token.folded in _folded("redaction_cues.txt", "kin"):
        return "kin"
    if token.folded in _folded("redaction_cues.txt", "roles"):
        return "role"
    two = f"{tokens[i - 1].folded} {token.folded}" if i else ""
    if token.folded in {"named", "called"} or two in _folded("redaction_cues.txt", "naming"):
        return "naming"
    return None


def _gap_ok_after_cue(text: str, cue: _Token, nxt: _Token, kind: str) -> bool:
    gap = text[cue.end : nxt.start]
    if kind == "title":
        return gap in (" ", ". ", ".")
    return re.fullmatch(r"\s*[,:(]?\s*(?:\(\s*\d+\s*\)\s*)?[,:]?\s*", gap) is not None


def _names_after_cue(text: str, tokens: Sequence[_Token], i: int) -> Iterator[tuple[int, int, str]]:
    kind = _cue_kind(text, tokens, i)
    if kind is None or i + 1 >= len(tokens):
        return
    j = _skip_after_cue(text, tokens, i + 1) if kind in {"kin", "naming"} else i + 1
    if j >= len(tokens) or not _gap_ok_after_cue(text, tokens[j - 1], tokens[j], kind):
        return
    weak = kind == "naming" and tokens[i].folded == "called" and tokens[i - 1].folded not in {"is", "was", "be"}
    if not _name_token_ok(tokens[j], any_capitalised=not weak):
        return
    last = _extend_name(text, tokens, j)
    yield _person_span(tokens, j, last)
    if kind == "kin" and tokens[i].folded in _folded("redaction_cues.txt", "plural_kin"):
        yield from _coordinated(text, tokens, last)


def _coordinated(text: str, tokens: Sequence[_Token], last: int) -> Iterator[tuple[int, int, str]]:
    """Names listed after a plural cue: "my twins Ava and Noah", "the children, Kai, Leo and Mia"."""
    j = last + 1
    while j < len(tokens) and (tokens[j].folded in {"and", "&"} or _gap(text, tokens[j - 1], tokens[j]) == ", "):
        j += tokens[j].folded in {"and", "&"}
        if j >= len(tokens) or not _name_token_ok(tokens[j], any_capitalised=True):
            return
        end = _extend_name(text, tokens, j)
        yield _person_span(tokens, j, end)
        j = end + 1


def _listed_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """First names on the shipped list, and double-barrelled names such as "Lily-Mae" with one listed part."""
    for i, token in enumerate(tokens):
        if token.capitalised and not token.text.isupper() and _looks_listed(token):
            yield _person_span(tokens, i, _extend_name(text, tokens, i))


def _looks_listed(token: _Token) -> bool:
    if _is_name_word(token.text, allow_ambiguous=False):
        return True
    parts = token.bare.split("-")
    both_capitalised = len(parts) == 2 and all(part[:1].isupper() for part in parts)
    return both_capitalised and any(_is_name_word(part, allow_ambiguous=True) for part in parts)


def _repeat_mentions(text: str, tokens: Sequence[_Token], found: Iterable[Span]) -> Iterator[tuple[int, int, str]]:
    """Every capitalised mention of a word already found as a name in this text."""
    words = {word for span in found if span.kind == "person" for word in span.text.split()}
    for i, token in enumerate(tokens):
        if token.bare in words and token.capitalised:
            yield _person_span(tokens, i, i)


def _after_parent_word(text: str, tokens: Sequence[_Token], i: int) -> Iterator[tuple[int, int, str]]:
    """mum to Keeley", "Mum of Nour (Year 3)", "proud dad of Kofi"."""
    if i + 2 >= len(tokens) or tokens[i].folded not in _folded("redaction_cues.txt", "parents"):
        return
    if tokens[i + 1].folded in {"of", "to"} and _name_token_ok(tokens[i + 2], any_capitalised=True):
        yield _person_span(tokens, i + 2, _extend_name(text, tokens, i + 2))


def _self_introduction(text: str, tokens: Sequence[_Token], i: int) -> Iterator[tuple[int, int, str]]:
    """I'm Pawel, mum to...", "I am Nkechi and...": a capitalised word then a pause, not "I'm Autistic"."""
    intro = tokens[i].folded == "i'm" or (tokens[i].folded == "am" and i > 0 and tokens[i - 1].text == "I")
    if not intro or i + 1 >= len(tokens) or not _name_token_ok(tokens[i + 1], any_capitalised=True):
        return
    last = _extend_name(text, tokens, i + 1)
    if re.match(r"\s*(?:[,.(;!-]|and\b|$)", text[tokens[last].end :]):
        yield _person_span(tokens, i + 1, last)


def _unknown_word_ok(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """A capitalised word that is not a known non-name, place, cue or part of a longer proper noun."""
    token = tokens[i]
    if not token.titlecase or _stop(token) or _is_modifier(token) or _is_particle(token) or _is_place(token):
        return False
    if _cue_kind(text, tokens, i) is not None:
        return False
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is None or not (following.capitalised and _gap(text, token, following) == " ")


def _possessive_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """Bogdan's annual review", "Rowan's diagnosis": a capitalised possessive before a lower-case word."""
    for i, token in enumerate(tokens):
        if token.text == token.bare or (i and _is_particle(tokens[i - 1])):
            continue
        if i + 1 < len(tokens) and tokens[i + 1].text[0].islower() and _unknown_word_ok(text, tokens, i):
            yield _person_span(tokens, i, i)


def _object_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """An unknown capitalised word mid-sentence after "to", "for", "with"...: "listens to Kwabena"."""
    cues = _folded("redaction_cues.txt", "objects")
    for i in range(1, len(tokens)):
        after_cue = tokens[i - 1].folded in cues and tokens[i - 1].text.islower()
        tight = _gap(text, tokens[i - 1], tokens[i]) == " "
        if after_cue and tight and not _starts_sentence(text, tokens, i) and _unknown_word_ok(text, tokens, i):
            yield _person_span(tokens, i, i)


# Verbs that follow a person's name: "Tadhg has been", "Kwabena loves trains", "Bartek hit another child".
_PERSON_VERBS = _split(
    """has is was had can can't cannot could couldn't won't will would wouldn't loves loved hates hated likes
    liked goes went go started starts start needs needed gets got get attends attended said says told cried
    cries screams screamed wants wanted struggles struggled finds found does doesn't did didn't isn't wasn't
    hasn't hadn't feels felt came comes refuses refused thinks thought knows knew learned learnt enjoys enjoyed
    spent seems seemed keeps kept asked asks tried tries stopped stops began begins lives lived stays stayed
    sleeps slept eats ate walks walked talks talked sees saw plays played sits sat runs ran made makes became
    becomes adores adored hit hits bit bites kicked kicks missed misses joined moved settled settles
    won't would've should shouldn't must may might"""
)
# Words before a capitalised word that make it a thing, not a person: "the Panel has", "our Transport is".
_PLURAL_VERBS = _split("both are were have had love hate go went get got need needed")
_DETERMINERS = _split("the a an this that these those our my his her their your its every each any some no")
# Endings of everyday English words that first names almost never have: "Communication", "Equipment".
_NOT_NAME_ENDINGS = ("tion", "sion", "ment", "ness", "ship", "ism", "ing", "ful", "less", "ous", "able", "ible", "ally")


def _name_shaped(token: _Token) -> bool:
    word = token.bare.casefold()
    return len(word) >= 2 and word.isalpha() and not word.removesuffix("s").endswith(_NOT_NAME_ENDINGS)


def _subject_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """A capitalised word that is no known word, place or SEND term, followed by a verb a person does.

    "Tadhg has been out of school", "we were told Oluwaseun would get speech therapy", "Alba Thompson needs a
    placement". A word after "the", "our"... is a thing ("our Transport is"), and so is a word right after
    another capitalised word inside a sentence ("Awareness Week was").
    """
    for i in range(len(tokens) - 1):
        last = _extend_name(text, tokens, i)
        if last + 1 >= len(tokens) or tokens[last + 1].folded not in _PERSON_VERBS:
            continue
        if _gap(text, tokens[last], tokens[last + 1]) != " " or not _name_token_shape_ok(text, tokens, i):
            continue
        if i and (tokens[i - 1].folded in _DETERMINERS or _after_capitalised(text, tokens, i)):
            continue
        yield _person_span(tokens, i, last)


def _name_token_shape_ok(text: str, tokens: Sequence[_Token], i: int) -> bool:
    token = tokens[i]
    if not token.titlecase or _stop(token) or _is_modifier(token) or _is_particle(token) or _is_place(token):
        return False
    return _cue_kind(text, tokens, i) is None and _name_shaped(token) and token.text == token.bare


def _after_capitalised(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """True if a capitalised word stands right before token ``i``: "Awareness Week", "Respite House" are one
    name of a thing, and a first name on its own does not follow another capitalised word."""
    previous = tokens[i - 1]
    if not previous.capitalised or _gap(text, previous, tokens[i]) != " " or _starts_sentence(text, tokens, i):
        return False
    return not (_starts_sentence(text, tokens, i - 1) and _stop(previous))  # "When Kai started" is a name


def _pairs_of_names(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    """Two unknown capitalised words joined by "and" before a plural verb: "Dawud and Leandro both have"."""
    for i in range(1, len(tokens) - 2):
        if tokens[i].folded not in {"and", "&"} or tokens[i + 2].folded not in _PLURAL_VERBS:
            continue
        if _could_be_name(text, tokens, i - 1) and _could_be_name(text, tokens, i + 1):
            yield _person_span(tokens, i - 1, i - 1)
            yield _person_span(tokens, i + 1, i + 1)


def _listed_with_names(text: str, tokens: Sequence[_Token], found: Iterable[Span]) -> Iterator[tuple[int, int, str]]:
    """A capitalised word listed with a name already found: "Both Marek and Zosia", "Kai, Leo and Mia"."""
    ends = {span.end for span in found if span.kind == "person"}
    starts = {span.start for span in found if span.kind == "person"}
    for i in range(1, len(tokens) - 1):
        joiner = tokens[i].folded in {"and", "&"} or _gap(text, tokens[i - 1], tokens[i]).strip() == ","
        if not joiner:
            continue
        after = i + 1 if tokens[i].folded in {"and", "&"} else i
        if after >= len(tokens):
            continue
        if tokens[i - 1].end in ends and _could_be_name(text, tokens, after):
            yield _person_span(tokens, after, after)
        if tokens[after].start in starts and _could_be_name(text, tokens, i - 1):
            yield _person_span(tokens, i - 1, i - 1)


def _could_be_name(text: str, tokens: Sequence[_Token], i: int) -> bool:
    """An unknown capitalised word shaped like a name and not after "the", "our"..."""
    if not (_unknown_word_ok(text, tokens, i) and _name_shaped(tokens[i])):
        return False
    return i == 0 or tokens[i - 1].folded not in _DETERMINERS


def _is_place(token: _Token) -> bool:
    return token.bare.casefold() in _word_set("redaction_places.txt")


def _find_people(text: str, tokens: Sequence[_Token]) -> Iterator[tuple[int, int, str]]:
    for i in range(len(tokens)):
        yield from _names_after_cue(text, tokens, i)
        yield from _after_parent_word(text, tokens, i)
        yield from _self_introduction(text, tokens, i)
    yield from _listed_names(text, tokens)
    yield from _possessive_names(text, tokens)
    yield from _object_names(text, tokens)
    yield from _subject_names(text, tokens)
    yield from _pairs_of_names(text, tokens)


# --- putting it together ------------------------------------------------------------------------------


def _choose(text: str, candidates: Iterable[tuple[int, int, str]]) -> list[Span]:
    """Keep the best candidates that do not overlap: stronger kinds first, then longer spans."""
    ordered = sorted(set(candidates), key=lambda c: (_PRIORITY[c[2]], c[0] - c[1], c[0]))
    chosen: list[Span] = []
    for start, end, kind in ordered:
        if start < end and all(end <= s.start or start >= s.end for s in chosen):
            kind = "nhs_number" if kind == "nhs_cued" else kind
            chosen.append(Span(start, end, kind, text[start:end]))
    return sorted(chosen, key=lambda s: s.start)


def find_identifiers(text: str) -> tuple[Span, ...]:
    """Find what could identify a family in ``text``: spans sorted by position, never overlapping."""
    tokens = _tokens(text)
    finders = (_find_emails, _find_urls, _find_phones, _find_postcodes, _find_nhs, _find_ni)
    candidates = [c for finder in finders for c in finder(text)]
    candidates += _find_schools(text, tokens)
    candidates += _find_people(text, tokens)
    first_pass = _choose(text, candidates)
    candidates += _repeat_mentions(text, tokens, first_pass)
    candidates += _listed_with_names(text, tokens, first_pass)
    return tuple(_choose(text, candidates))


def redact(text: str, spans: Iterable[Span]) -> str:
    """Return ``text`` with each span replaced by its placeholder ("[name]", "[school]"...).

    Spans may come in any order; a span overlapping one already replaced is skipped.
    """
    pieces: list[str] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < position or span.end > len(text):
            continue
        pieces += [text[position : span.start], PLACEHOLDERS.get(span.kind, "[removed]")]
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)
