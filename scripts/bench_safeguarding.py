"""Measure the safeguarding screen against labelled texts: recall and precision per kind and overall.

Usage::

    python scripts/bench_safeguarding.py                    # every part: tuning, probes 1-5, held-out 1-14
    python scripts/bench_safeguarding.py --corpus FILE.jsonl  # any other labelled set (repeatable)
    python scripts/bench_safeguarding.py --demo             # also the share of demo items raised
    python scripts/bench_safeguarding.py --errors           # also list every miss and false alarm
    python scripts/bench_safeguarding.py --ordinary FILE.csv --text-column feedback
                                         # share raised of real, unlabelled, mostly ordinary feedback
    python scripts/bench_safeguarding.py --net [--ordinary FILE.csv --text-column feedback]
                                         # also the gated second net, each part left out in turn

A corpus is JSON lines, one object a line::

    {"text": "...", "concern": true, "kind": "self-harm", "note": "long story"}
    {"text": "...", "concern": false, "kind": null, "note": "hard negative: service named crisis"}

``text`` and ``concern`` are required. ``kind`` is one of the kinds in
``forum_feedback.analysis.safeguarding.KINDS`` (or null); an unknown kind is counted under its own name.
``note`` is free text; for texts that are not concerns, the note (e.g. "hard negative: attendance threats")
groups them, so the table shows which kinds of ordinary text the screen still raises.

A text is "raised" when ``assess_risk(text).at_risk`` is true: that is what opens a concern in the app.
Recall is the share of concerns raised; precision the share of raised texts that are concerns. Per kind,
recall is over the concerns of that kind, and "predicted" counts raised texts whose kinds include it
(precision: how many of those are concerns of any kind). "kind agrees" is the share of raised concerns
whose labelled kind is among the kinds the screen gave.

``--demo`` generates the synthetic demo corpus (``forum_feedback.demo.corpus``, default 1,800 items ending
on a fixed date so runs compare) and screens each item's story and "what would help" the way the app does.
It reports how many items the demo plants as safeguarding (found by the demo's own
``SAFEGUARDING_MARKERS``), how many the screen raises, the overlap, and the raised-but-not-planted items'
matched words (never whole texts). Timing (milliseconds per item) is measured on the demo items.

The project's corpus has these parts, all written for this project in forum language and all by the authors
of the rules, so every figure here flatters the screen:

- tuning (``safeguarding_corpus.jsonl``): the rules were tuned on it, including probe texts written to
  find gaps;
- held-out 1 (``safeguarding_heldout.jsonl``): written before the rules; first run recall 0.982,
  precision 0.991; three general fixes followed, so it is no longer clean;
- held-out 2 (``safeguarding_heldout2.jsonl``): written after the first round in other styles; first run
  recall 0.743, precision 0.902; its error classes were then fixed, so it is no longer clean either;
- held-out 3 (``safeguarding_heldout3.jsonl``): written after that; first run recall 0.739, precision 0.911;
  its error classes were fixed too;
- held-out 4 (``safeguarding_heldout4.jsonl``, 164 texts): written before the clause reader; first run on
  the phrase rules alone recall 0.622, precision 0.903; the reader was then built on its errors;
- probes 1-4 (``safeguarding_probes*.jsonl``): tuning sets written one after another while the reader was
  widened, each run once before its errors were looked at: first runs recall 0.701, 0.711, 0.697 (sets
  written to find gaps in new words) and 0.910 (a plain mix), precision 0.897, 0.922, 0.898, 0.986;
- held-out 5 (``safeguarding_heldout5.jsonl``, 127 texts): written after all tuning and run once: recall 0.822,
  precision 0.968 (13 of 73 concerns missed). That is the honest estimate for new text, and it is below
  the 0.98 recall the screen must reach; nothing has been tuned on this part.
- held-out 6 (``safeguarding_heldout6.jsonl``, 165 texts, 97 concerns): written after held-out 5 in new
  styles (long stories with the concern buried, blunt lines, no punctuation, reports from a sibling or a
  grandparent, indirect phrasing), run once on the rules: recall 0.825, precision 0.952 (17 concerns
  missed, 4 false alarms). Nothing has been tuned on it either: with held-out 5 it says the rules catch
  about 82 % of concerns phrased in ways nobody wrote down before.

- held-out 5 and 6 then became development sets: every one of their 30 missed concerns matched no rule at all,
  so the rules gained classes of sentence (not wanting to be alive in any tense or person, secrets and
  undressing with an adult, a child without the basics or out in the dark, what a child saw done to a
  parent, being followed, taken to the floor, thoughts of harming one's child, a referral to children's
  services), each keeping hospital settings out. Their figures since measure what was fixed.
- probes 5 (``safeguarding_probes5.jsonl``, 162 texts, 112 concerns): written in three batches by the author
  of that round and each run once before its errors were read. The first 82 texts, before any change:
  recall 1.000, precision 0.981; with the 40 harder ones written then, recall 0.939, precision 0.975.
  The last 40, written after the held-out 5 and 6 round: recall 0.767 (23 of 30), precision 0.958, which is
  the better estimate of what each round leaves for new text, since the rules' author wrote them; their
  seven new classes were then added too.
- held-out 7 (``safeguarding_heldout7.jsonl``, 182 texts, 110 concerns, 11 of each kind): written by an
  author who had read neither the rules nor any earlier part, before anyone ran it; run once on the rules
  before the held-out 5 and 6 round (recall 0.809, precision 0.947) and once after it (recall 0.818,
  precision 0.947: one more concern caught). Least caught: "safeguarding-named" (4 of 11: a parent
  naming a live referral or disclosure), "unsafe" and "suicide" (8 of 11 before the round). The rules
  were never tuned on it, and it says each round of rules written from seen misses moves recall on unseen
  text by about a point, not to 0.98. The second net (below) now learns from it.

A learned second net (word and character n-grams, logistic regression, fitted on every part but held-out
6, threshold by leave-one-part-out cross-validation) was built and not shipped: it raised every concern in
held-out 6 (recall 1.000, precision 0.924), but on 8,676 real NHS Friends and Family comments
(``--ordinary``) it raised 9.4 % of all comments against the rules' 1.3 %, nearly all of them plain praise
("Food could be better", "Nothing I can think of"): its negatives were the project's hand-written hard
negatives and demo sentences, so real ordinary words looked like concerns to it. That is the alarm fatigue
this screen exists to avoid; ``--ordinary`` is the check any such net must pass first.

A second try, a *gated* net, was measured and not shipped at first, then shipped
(``forum_feedback.analysis.safeguarding_net``, fitted by ``scripts/safeguarding_net.py``). Only sentences
holding a word of a broad harm and risk list (``forum_feedback/analysis/data/safeguarding_gate.txt``) are
scored, each on its own, and a sentence the rules read and set aside (negated, past and dealt with, an
everyday phrase) is left to the rules. Its negatives are every sentence, gated or not, of the labelled
non-concerns, 465 + 450 hand-written ordinary comments (``data/safeguarding_ordinary_negatives*.txt``) and
non-planted demo items of another seed: the ungated ordinary sentences teach it that words for a child or a
parent are not signs of a concern. ``--net`` measures it part by part: each part left out of the fit in turn,
its texts scored by rules OR net. Against today's rules (tuned on every part) that says little; against what
the rules said the first time they ran on held-out 3-6 (``data/safeguarding_first_runs.json``: recall 0.751,
precision 0.936, 584 texts) it is the estimate for new text. With C=4, at thresholds 0.6 / 0.7 / 0.8 rules OR
net reach recall 0.982 / 0.982 / 0.964, precision 0.931 / 0.931 / 0.941, and raise 2.75 % / 2.19 % / 1.81 %
of 8,676 real NHS Friends and Family comments (``--ordinary``; the rules alone 1.34 %). It shipped at 0.7
and now ships at 0.6 with an open threshold of 0.9 (see held-out 10 to 13).
Before the ungated negatives and the set-aside rule it raised 3.9 % of those comments at the same recall,
and three plain demo items.

- held-out 8 (``safeguarding_heldout8.jsonl``, 190 texts, 110 concerns, 11 of each kind, 80 hard
  negatives): written after the net was first fitted, by an author who saw no rule, corpus or model, and
  run once. The rules alone: recall 0.791, precision 0.888; rules + net: recall **0.973**, precision 0.877
  (3 concerns missed: 2 "unsafe", 1 "safeguarding-named"; 15 of the 80 hard negatives raised, 11 of them by
  the rules). Two of the three misses had no sentence the gate let through, so the gate gained the verbs of
  leaving a child ("leaving the kids in the minibus") and of telling someone what a child said; the net
  then learned from held-out 8.
- held-out 9 (``safeguarding_heldout9.jsonl``, 190 texts, 110 concerns, 11 of each kind): written after
  that, the same way but in other voices (young people writing for themselves, grandparents, foster
  carers, siblings, professionals) and settings (online, supported living, clubs), and run once. The rules
  alone: recall 0.736, precision 0.931; rules + net: recall **0.936**, precision 0.896 (7 missed: 2
  "suicide", 2 "safeguarding-named", 1 each "unsafe", "parent-breaking-point", "domestic-abuse"; three had no
  gated sentence). The net before it learned from held-out 8 scored the same 0.936 there (precision 0.888):
  one more part moved text in other voices by nothing measurable. It was sealed (``SEALED`` in the
  fitting script) until held-out 10 existed, then became a development set: its misses with no gated
  sentence led to the open threshold below, and the net learned from it.
- held-out 10 (``safeguarding_heldout10.jsonl``, 190 texts, 110 concerns, 11 of each kind): written the same
  way in yet other styles (survey one-liners, text-speak, regional voices, English as a second language,
  third-hand reports, professionals), with only 7 of the 110 concerns holding an explicit word such as
  "suicide" or "abuse". Run once on the shipped screen before any change (rules alone 0.745 / 0.891, rules +
  net **0.909** / 0.893), then once after the changes that held-out 9 led to (recall **0.964**, precision
  0.891; 4 missed). Those changes: a sentence with no gate word is scored too and raises at a much higher
  open threshold (0.9), where the net is nearly sure; the gated threshold fell from 0.7 to 0.6 (leave one
  part out, first run + net: 0.987 / 0.919 at 0.7 and 0.991 / 0.908 at 0.6, raising 2.74 % / 3.31 % of the
  NHS comments) once 48 hand-written negatives about leaving school or college and what a disabled child
  cannot yet do on their own (``safeguarding_ordinary_negatives3.txt``) kept the demo's plain items quiet.
  Its four misses then gave three phrase rules (a child whose whereabouts a school does not know, access to
  the means, a child arriving in last night's nappy) and gate words for risk assessed in a professional's
  words, and the net learned from it.
- held-out 11 (``safeguarding_heldout11.jsonl``, 190 texts, 110 concerns, 11 of each kind): written after
  that in other forms again (answers starting mid-thought, voice-to-text, advice questions, professionals'
  notes, dark humour that is and is not a risk, concerns shown by what someone else did), 8 concerns with
  an explicit word. Run once on the screen of held-out 10's changes: rules alone 0.800 / 0.936, rules + net
  **0.936** / 0.824 (7 missed, 22 false alarms, most of them the net reading "told me", "the neighbour
  called round" in plain news as it reads them in disclosures). Its misses showed a class seen before in
  held-out 9 (not being around any more, said as a decision or shrugged off), which gained two phrase
  rules, and the net learned from it. With it in the fit the gated threshold fell to 0.5 (leave one part
  out, first run + net with the open threshold: 0.981 / 0.894 at 0.6, 0.988 / 0.884 at 0.5; NHS comments
  raised 3.04 % / 3.85 %; the demo still raises exactly its 9 planted items at either): every fresh part
  so far has scored several points below the leave-one-part-out figure, and a missed disclosure costs more
  than an extra look.
- held-out 12 (``safeguarding_heldout12.jsonl``, 190 texts, 110 concerns, 11 of each kind, only 2 concerns
  with an explicit word): bullet notes, formal letters, angry posts, jokes, things overheard, concerns shown
  by timing, objects or a change in a child. Run once on the screen above: rules alone 0.755 / 0.912, rules
  + net **0.964** / 0.835 (4 missed: a child of 11 with no food and a parent in bed, a child nobody has
  seen since being taken out of school, a child left behind on a trip, a parent's "joke" about driving into
  a reservoir; 21 false alarms, mostly the net). Its misses gave a phrase rule (driving into water or off
  a height, said as intent) and gate words (no food at home, nobody has seen a child, a child short), the
  net learned from it, and 8 negatives about losing friends when a placement ends kept a demo item quiet.
- held-out 13 (``safeguarding_heldout13.jsonl``, 190 texts, 110 concerns, 11 of each kind, 10 concerns with
  an explicit word): survey answers, rants, diary entries with times, group-chat copies, notes of a call,
  what a child drew or said. Run once on the screen above: rules alone **0.691** / 0.874 (the hardest part
  yet for the rules), rules + net **0.973** / 0.823 (3 missed: a partner with convictions for offences
  against children, an allergen given against the plan with the EpiPen locked away, a child asking whether
  you can go to heaven early). The first two are classes held-out 9 had too and gained phrase rules; the net
  learned from it. With it in the fit the demo's "she has no sense of danger" scored 0.51, so by the rule
  above the gated threshold went back to 0.6 (leave one part out, first run + net at 0.6 / 0.9: recall
  0.982, precision 0.890, NHS comments raised 2.99 %; at 0.5: 0.984 / 0.877, 3.75 %).

- held-out 14 (``safeguarding_heldout14.jsonl``, 190 texts, 110 concerns, 11 of each kind, 6 concerns with an
  explicit word): careful, rushed, angry, flat and rambling writers, English as an additional language,
  concerns buried in long everyday complaints. Run once on the shipped screen: rules alone 0.791 / 0.879,
  rules + net **0.991** / 0.807 (1 concern missed, 26 of the 80 hard negatives raised). Nothing learns
  from it (``SEALED``): it is the figure for the screen as it ships.

Fresh parts, each run once before anything learned from it, rules + net: held-out 8 0.973, 9 0.936,
10 0.909 (0.964 after the changes 9 led to), 11 0.936, 12 0.964, 13 0.973, 14 0.991; precision on them
0.82-0.89 (14: 0.807). One part of 110 concerns measures recall to about a point and a half either way.

Fitting takes about 10 s; the model is 1.5 MB of JSON that loads in about 0.15 s (once per process, before
the first request: ``safeguarding.warm_up``), and the net adds about 1.3 ms to screening a demo item now that
it scores every sentence (0.3 ms when it read only gated ones).

``--ordinary FILE.csv --text-column NAME`` screens real feedback that is not labelled for safeguarding
(a forum's own export, or a public set of service feedback) and prints the share raised and how many
texts each kind raised: most such feedback is not a concern, so a share far above a few per cent is a
screen that would bury a forum's reps. It never prints the texts.

Figures after a part's first run measure what was fixed, not what the screen will do on new text.

The last line printed is one JSON object with every figure, for scripts to read.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forum_feedback.analysis.safeguarding import KINDS, RiskAssessment, assess_risk, second_net_sentences

DATA = Path(__file__).parent / "data"
TUNING = DATA / "safeguarding_corpus.jsonl"
HELD_OUT = DATA / "safeguarding_heldout.jsonl"
HELD_OUT_2 = DATA / "safeguarding_heldout2.jsonl"
HELD_OUT_3 = DATA / "safeguarding_heldout3.jsonl"
DEFAULT_PARTS = (
    ("tuning", TUNING),
    *((f"probes {n}", DATA / f"safeguarding_probes{'' if n == 1 else n}.jsonl") for n in range(1, 5)),
    ("held-out", HELD_OUT),
    ("held-out 2", HELD_OUT_2),
    ("held-out 3", HELD_OUT_3),
    ("held-out 4", DATA / "safeguarding_heldout4.jsonl"),
    ("held-out 5", DATA / "safeguarding_heldout5.jsonl"),
    ("held-out 6", DATA / "safeguarding_heldout6.jsonl"),
    ("probes 5", DATA / "safeguarding_probes5.jsonl"),
    ("held-out 7", DATA / "safeguarding_heldout7.jsonl"),
    ("held-out 8", DATA / "safeguarding_heldout8.jsonl"),
    ("held-out 9", DATA / "safeguarding_heldout9.jsonl"),
    ("held-out 10", DATA / "safeguarding_heldout10.jsonl"),
    ("held-out 11", DATA / "safeguarding_heldout11.jsonl"),
    ("held-out 12", DATA / "safeguarding_heldout12.jsonl"),
    ("held-out 13", DATA / "safeguarding_heldout13.jsonl"),
    ("held-out 14", DATA / "safeguarding_heldout14.jsonl"),
)
DEFAULT_FILES = {name: path.name for name, path in DEFAULT_PARTS}
DEMO_END = dt.date(2026, 1, 15)


@dataclass(frozen=True)
class Example:
    """One labelled text."""

    text: str
    concern: bool
    kind: str | None
    note: str


@dataclass
class Tally:
    """Counts for one kind (or for all texts)."""

    support: int = 0  # concerns labelled with this kind
    raised: int = 0  # of those, how many the screen raised
    kind_agrees: int = 0  # of those raised, how many carry the labelled kind
    predicted: int = 0  # raised texts whose kinds include this one
    correct: int = 0  # of those, how many are concerns


@dataclass
class Result:
    """Everything measured on one corpus."""

    name: str
    n_texts: int = 0
    n_concerns: int = 0
    kinds: dict[str, Tally] = field(default_factory=dict)
    overall: Tally = field(default_factory=Tally)
    negatives: Counter[str] = field(default_factory=Counter)  # texts that are not concerns, by note
    false_alarms_by_note: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def load_corpus(path: Path) -> list[Example]:
    """Read a JSONL corpus; a blank line is skipped, a line without text or concern is an error."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record.get("text"), str) or not isinstance(record.get("concern"), bool):
                raise ValueError(f"{path}:{number}: each line needs a text and a true/false concern")
            kind = record.get("kind") or None
            examples.append(Example(record["text"], record["concern"], kind, record.get("note") or ""))
    return examples


def _group(note: str) -> str:
    return note.removeprefix("hard negative:").strip() or "(no note)"


def _describe(assessment: RiskAssessment) -> str:
    return "; ".join(f"{m.kind}:{m.text!r}" for m in assessment.matches) or "-"


def score(example: Example, assessment: RiskAssessment, result: Result) -> None:
    """Add one text's outcome to ``result``."""
    result.n_texts += 1
    raised = assessment.at_risk
    kinds = set(assessment.kinds)
    if example.concern:
        result.n_concerns += 1
        tally = result.kinds.setdefault(example.kind or "(no kind)", Tally())
        for target in (tally, result.overall):
            target.support += 1
            target.raised += raised
            target.kind_agrees += raised and example.kind in kinds
        if not raised:
            result.misses.append(f"[{example.kind}] {example.text}")
    else:
        result.negatives[_group(example.note)] += 1
        if raised:
            result.false_alarms_by_note[_group(example.note)] += 1
            result.false_alarms.append(f"[{_group(example.note)}] {_describe(assessment)} :: {example.text}")
    if raised:
        result.overall.predicted += 1
        result.overall.correct += example.concern
        for kind in kinds:
            tally = result.kinds.setdefault(kind, Tally())
            tally.predicted += 1
            tally.correct += example.concern


def evaluate(name: str, examples: Iterable[Example]) -> Result:
    """Screen every example and tally the outcome."""
    result = Result(name, kinds={kind: Tally() for kind in KINDS})
    for example in examples:
        score(example, assess_risk(example.text), result)
    return result


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def figures(tally: Tally) -> dict[str, float | int | None]:
    """Recall, precision and kind agreement for one tally."""
    return {
        "recall": _ratio(tally.raised, tally.support),
        "precision": _ratio(tally.correct, tally.predicted),
        "kind_agrees": _ratio(tally.kind_agrees, tally.raised),
        "support": tally.support,
        "raised": tally.raised,
        "predicted": tally.predicted,
    }


def summary(result: Result) -> dict[str, object]:
    """The figures of one corpus as plain values."""
    negatives = result.n_texts - result.n_concerns
    false_alarms = result.overall.predicted - result.overall.correct
    return {
        "corpus": result.name,
        "n_texts": result.n_texts,
        "n_concerns": result.n_concerns,
        "overall": figures(result.overall),
        "false_alarm_rate": _ratio(false_alarms, negatives),
        "per_kind": {kind: figures(tally) for kind, tally in result.kinds.items()},
        "negatives_raised": {
            note: [result.false_alarms_by_note[note], count] for note, count in sorted(result.negatives.items())
        },
    }


def _cell(value: float | int | None) -> str:
    return "    -" if value is None else f"{value:5.3f}" if isinstance(value, float) else f"{value:5d}"


def print_result(result: Result, *, errors: bool) -> None:
    """Print one corpus's table, its hard negatives, and (if asked) every miss and false alarm."""
    print(f"\n== {result.name}: {result.n_texts} texts, {result.n_concerns} concerns")
    columns = ("support", "raised", "recall", "predicted", "precision", "kind_agrees")
    print(f"{'kind':<24}" + "".join(f"{c:>12}" for c in columns))
    rows = [*result.kinds.items(), ("overall", result.overall)]
    for kind, tally in rows:
        row = figures(tally)
        print(f"{kind:<24}" + "".join(f"{_cell(row[c]):>12}" for c in columns))
    print("texts that are not concerns, raised / all, by note:")
    for note, count in sorted(result.negatives.items()):
        print(f"  {result.false_alarms_by_note[note]:3d} / {count:3d}  {note}")
    if errors:
        for miss in result.misses:
            print(f"MISS   {miss}")
        for alarm in result.false_alarms:
            print(f"FALSE  {alarm}")


# --- the demo corpus ------------------------------------------------------------------------------------


def demo_figures(n_items: int, end: dt.date, *, errors: bool) -> dict[str, object]:
    """Screen the demo corpus as the app does; count planted and raised items, and time the screen."""
    from forum_feedback.demo import fragments
    from forum_feedback.demo.corpus import generate_corpus

    items = generate_corpus(n_items=n_items, end=end)
    texts = [f"{item.text}\n{item.what_would_help}" for item in items]
    started = time.perf_counter()
    assessments = [assess_risk(text) for text in texts]
    elapsed = time.perf_counter() - started
    planted = [any(marker in item.text.lower() for marker in fragments.SAFEGUARDING_MARKERS) for item in items]
    raised = [a.at_risk for a in assessments]
    extra = Counter(
        "; ".join(f"{m.kind}:{m.text.lower()!r}" for m in a.matches)
        for a, p in zip(assessments, planted, strict=True)
        if a.at_risk and not p
    )
    result = {
        "n_items": len(items),
        "end": end.isoformat(),
        "planted": sum(planted),
        "raised": sum(raised),
        "raised_share": _ratio(sum(raised), len(items)),
        "planted_and_raised": sum(p and r for p, r in zip(planted, raised, strict=True)),
        "raised_not_planted": sum(extra.values()),
        "ms_per_item": round(1000 * elapsed / max(len(items), 1), 4),
    }
    print(f"\n== demo corpus: {len(items)} items ending {end}")
    for key, value in result.items():
        print(f"  {key:<20} {value}")
    if errors or extra:
        print("  raised but not planted (matched words, count):")
        for words, count in extra.most_common():
            print(f"    {count:3d}  {words}")
    if errors:
        for item, p, r in zip(items, planted, raised, strict=True):
            if p and not r:
                print(f"MISS   planted item not raised: {item.text[:200]!r}")
    return result


def ordinary_figures(path: Path, column: str, *, min_words: int = 3) -> dict[str, object]:
    """The share of real, unlabelled feedback the screen raises, with counts per kind (never the texts)."""
    texts = _ordinary_texts(path, column, min_words=min_words)
    assessments = [assess_risk(text) for text in texts]
    raised = sum(a.at_risk for a in assessments)
    by_kind = Counter(kind for a in assessments if a.at_risk for kind in a.kinds)
    result = {
        "file": path.name,
        "texts": len(texts),
        "raised": raised,
        "raised_share": _ratio(raised, len(texts)),
        "by_kind": dict(by_kind.most_common()),
    }
    print(f"\n== ordinary feedback: {path.name}, {len(texts)} texts of {min_words}+ words")
    print(f"  raised {raised} ({100 * raised / max(len(texts), 1):.2f} %)")
    for kind, count in by_kind.most_common():
        print(f"    {count:4d}  {kind}")
    return result


# --- the gated second net -------------------------------------------------------------------------------

FIRST_RUNS = DATA / "safeguarding_first_runs.json"
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
OPEN_THRESHOLDS = (1.0, 0.95, 0.9, 0.85)  # for sentences with no gate word; 1.0 reads only gated sentences


def _net_scores(text: str, model) -> tuple[float | None, float | None]:
    """The net's best score over the gated sentences and over the others, leaving out what the rules set aside."""
    hits = second_net_sentences(text, model)
    best = [max((h.score for h in hits if h.gated is g), default=None) for g in (True, False)]
    return best[0], best[1]


@dataclass(frozen=True)
class Verdict:
    """One labelled text's outcome: the label, the rules (now and at the part's first run), the net's score."""

    concern: bool
    rules: bool
    first_rules: bool | None
    net: float | None
    open: float | None = None  # the best score of a sentence holding no gate word


def _raised(verdict: Verdict, threshold: float, *, rules: bool | None, net: bool, open_at: float = 1.0) -> bool:
    by_net = net and verdict.net is not None and verdict.net >= threshold
    by_open = net and verdict.open is not None and open_at < 1.0 and verdict.open >= open_at
    return bool(rules) or by_net or by_open


def _pooled(verdicts: Sequence[Verdict], raised: Sequence[bool]) -> dict[str, float | None]:
    hits = sum(v.concern and r for v, r in zip(verdicts, raised, strict=True))
    return {"recall": _ratio(hits, sum(v.concern for v in verdicts)), "precision": _ratio(hits, sum(raised))}


def leave_one_part_out(parts: Sequence[tuple[str, list[Example]]], c: float) -> list[Verdict]:
    """Fit the net on all parts but one plus the negatives, score the part left out; each part in turn."""
    import safeguarding_net as net

    negatives = net.ordinary_negatives()
    first_runs = json.loads(FIRST_RUNS.read_text(encoding="utf-8"))["parts"] if FIRST_RUNS.exists() else {}
    verdicts = []
    for name, examples in parts:
        train = [(e.text, e.concern) for other, part in parts if other != name for e in part] + negatives
        model = net.fit(*net.training_sentences(train), c=c)
        first = first_runs.get(DEFAULT_FILES.get(name, ""), {}).get("raised") or [None] * len(examples)
        verdicts += [
            Verdict(e.concern, assess_risk(e.text, net=False).at_risk, f, *_net_scores(e.text, model))
            for e, f in zip(examples, first, strict=True)
        ]
    return verdicts


def net_figures(parts: Sequence[tuple[str, list[Example]]], *, c: float, ordinary: list[str]) -> dict[str, object]:
    """Leave-one-part-out recall and precision of the rules and of rules + gated net, by threshold.

    "now" uses today's rules, which were tuned on every part, so their left-out recall is near 1 and says
    nothing about new text. "first run" uses what the rules said on held-out 3-6, 8-14 the first time they ran
    (``safeguarding_first_runs.json``): the net's left-out score OR-ed with those is the estimate for text
    nobody has tuned on. With ``--ordinary`` the net is refitted on every part and the share raised is given.
    """
    import safeguarding_net as net

    verdicts = leave_one_part_out(parts, c)
    first = [v for v in verdicts if v.first_rules is not None]
    result: dict[str, object] = {"c": c, "rules_now": _pooled(verdicts, [v.rules for v in verdicts])}
    result["rules_first_run"] = _pooled(first, [bool(v.first_rules) for v in first])
    model = scores = None
    if ordinary:
        train = [(e.text, e.concern) for _, part in parts for e in part] + net.ordinary_negatives()
        model = net.fit(*net.training_sentences(train), c=c)
        scores = [Verdict(False, assess_risk(t, net=False).at_risk, None, *_net_scores(t, model)) for t in ordinary]
    rows = []
    for op in OPEN_THRESHOLDS:
        for th in THRESHOLDS:

            def raised(pool: Sequence[Verdict], rules, th=th, op=op) -> list[bool]:
                return [_raised(v, th, rules=rules(v), net=True, open_at=op) for v in pool]

            row: dict[str, object] = {"threshold": th, "open_threshold": op}
            row["net_alone"] = _pooled(verdicts, raised(verdicts, lambda v: False))
            row["rules_now_and_net"] = _pooled(verdicts, raised(verdicts, lambda v: v.rules))
            row["first_run_and_net"] = _pooled(first, raised(first, lambda v: v.first_rules))
            if scores:
                row["ordinary_share"] = _ratio(sum(raised(scores, lambda v: v.rules)), len(scores))
            rows.append(row)
    result["by_threshold"] = rows
    print_net(result, n_first=len(first))
    return result


def print_net(result: dict[str, object], *, n_first: int) -> None:
    """Print the leave-one-part-out table of the gated net."""
    first_parts = "held-out 3-6 and 8-14"
    print(f"\n== gated second net, leave one part out (C={result['c']}); first run: {first_parts}, {n_first} texts")
    now, first = result["rules_now"], result["rules_first_run"]
    print(f"  rules now:       recall {now['recall']}, precision {now['precision']}")
    print(f"  rules first run: recall {first['recall']}, precision {first['precision']}")
    heads = ("net alone", "rules now + net", "first run + net", "ordinary")
    print(f"{'threshold':>10}{'open':>6}" + "".join(f"{h:>22}" for h in heads))
    for row in result["by_threshold"]:
        cells = [row[k] for k in ("net_alone", "rules_now_and_net", "first_run_and_net")]
        text = "".join(f"{c['recall']:>11} /{c['precision']:>8}" for c in cells)
        share = row.get("ordinary_share")
        open_at = "-" if row["open_threshold"] >= 1.0 else row["open_threshold"]
        print(f"{row['threshold']:>10}{open_at:>6}{text}{'' if share is None else f'{100 * share:>20.2f} %'}")


def _ordinary_texts(path: Path, column: str, *, min_words: int = 3) -> list[str]:
    import csv

    with path.open(encoding="utf-8", newline="") as handle:
        return [row[column] for row in csv.DictReader(handle) if len((row.get(column) or "").split()) >= min_words]


def main(argv: Sequence[str] | None = None) -> None:
    """Benchmark the screen and print the tables, then one JSON line of all figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a labelled JSONL file (repeatable)")
    parser.add_argument("--demo", action="store_true", help="also screen the demo corpus")
    parser.add_argument("--demo-items", type=int, default=1800)
    parser.add_argument("--demo-end", type=dt.date.fromisoformat, default=DEMO_END, help="YYYY-MM-DD")
    parser.add_argument("--errors", action="store_true", help="also list every miss and false alarm")
    parser.add_argument("--ordinary", type=Path, help="a CSV of real feedback not labelled for safeguarding")
    parser.add_argument("--text-column", default="text", help="the --ordinary file's text column")
    parser.add_argument("--net", action="store_true", help="also measure the gated second net, leaving each part out")
    parser.add_argument("--net-c", type=float, default=16.0, help="the net's inverse regularisation strength")
    args = parser.parse_args(argv)
    parts = [(name, path) for name, path in DEFAULT_PARTS if path.exists()]
    corpora = [(str(path), path) for path in args.corpus] if args.corpus else parts
    output: dict[str, object] = {"parts": {}}
    for name, path in corpora:
        result = evaluate(f"{name} ({path.name})" if name != str(path) else name, load_corpus(path))
        print_result(result, errors=args.errors)
        output["parts"][name] = summary(result)
    if args.demo:
        output["demo"] = demo_figures(args.demo_items, args.demo_end, errors=args.errors)
    if args.ordinary:
        output["ordinary"] = ordinary_figures(args.ordinary, args.text_column)
    if args.net:
        loaded = [(name, load_corpus(path)) for name, path in corpora]
        texts = _ordinary_texts(args.ordinary, args.text_column) if args.ordinary else []
        output["net"] = net_figures(loaded, c=args.net_c, ordinary=texts)
    print(json.dumps(output))


if __name__ == "__main__":
    main()
