"""Measure the redaction detector against a labelled corpus and print recall and precision per kind.

Usage: ``python scripts/bench_redaction.py [--corpus FILE.jsonl ...] [--errors]``

By default the three parts of the project's corpus are measured: the tuning part
(``redaction_corpus.jsonl``, tuned on), the held-out part (``redaction_heldout.jsonl``, hand-written and not
tuned on) and held-out part 2 (``redaction_heldout2.jsonl``, written last); all are written by
``scripts/make_redaction_corpus.py``. A corpus has one JSON object a line:
``{"text": ..., "spans": [[start, end, kind], ...]}``.

A predicted span is a hit when it overlaps a gold span of the same kind; "exact" figures count only
spans with the same start and end. Recall is over gold spans, precision over predicted spans. The row
"any setting" counts "school" and "setting" as one kind, so a setting found under the other of the two
is a hit there. The last line printed is one JSON object with every figure, for scripts to read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forum_feedback.analysis.redaction import KINDS, Span, find_identifiers

DATA = Path(__file__).parent / "data"
DEFAULT_CORPORA = tuple(
    DATA / name for name in ("redaction_corpus.jsonl", "redaction_heldout.jsonl", "redaction_heldout2.jsonl")
)
SETTING_KINDS = frozenset({"school", "setting"})
ANY_SETTING = "any setting"


@dataclass(frozen=True)
class Example:
    """One labelled text: its gold spans as ``(start, end, kind)``."""

    text: str
    spans: tuple[tuple[int, int, str], ...]


@dataclass
class Tally:
    """Counts for one kind of identifier."""

    support: int = 0
    found: int = 0  # gold spans overlapped by a prediction of the same kind
    found_exact: int = 0
    predicted: int = 0
    correct: int = 0  # predictions overlapping a gold span of the same kind
    correct_exact: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)


def load_corpus(path: Path) -> list[Example]:
    """Read a JSONL corpus; a blank line is skipped, a span outside its text is an error."""
    examples = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            spans = tuple((int(s), int(e), str(k)) for s, e, k in record.get("spans", []))
            if any(not 0 <= s < e <= len(record["text"]) for s, e, _ in spans):
                raise ValueError(f"{path}:{number}: span outside the text")
            examples.append(Example(record["text"], spans))
    return examples


def _overlaps(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def score_example(example: Example, predicted: Sequence[Span], tallies: dict[str, Tally]) -> None:
    """Add one text's hits, misses and false alarms to ``tallies``."""
    pred = [(s.start, s.end, s.kind) for s in predicted]
    for gold in example.spans:
        tally = tallies.setdefault(gold[2], Tally())
        tally.support += 1
        hit = any(_overlaps(gold, p) for p in pred)
        tally.found += hit
        tally.found_exact += gold in pred
        if not hit:
            tally.misses.append(f"{example.text[gold[0] : gold[1]]!r} in {example.text!r}")
    for p in pred:
        tally = tallies.setdefault(p[2], Tally())
        tally.predicted += 1
        hit = any(_overlaps(p, gold) for gold in example.spans)
        tally.correct += hit
        tally.correct_exact += p in example.spans
        if not hit:
            tally.false_alarms.append(f"{example.text[p[0] : p[1]]!r} in {example.text!r}")


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def figures(tally: Tally) -> dict[str, float | int | None]:
    """Recall and precision (overlap and exact) for one tally."""
    return {
        "recall": _ratio(tally.found, tally.support),
        "precision": _ratio(tally.correct, tally.predicted),
        "recall_exact": _ratio(tally.found_exact, tally.support),
        "precision_exact": _ratio(tally.correct_exact, tally.predicted),
        "support": tally.support,
        "predicted": tally.predicted,
    }


def _as_any_setting(example: Example, predicted: Sequence[Span]) -> tuple[Example, list[Span]]:
    """Only the setting spans, with "school" and "setting" read as one kind."""
    gold = tuple((s, e, ANY_SETTING) for s, e, k in example.spans if k in SETTING_KINDS)
    spans = [Span(p.start, p.end, ANY_SETTING, p.text) for p in predicted if p.kind in SETTING_KINDS]
    return Example(example.text, gold), spans


def evaluate(examples: Iterable[Example]) -> dict[str, Tally]:
    """Run the detector over every example and tally the results by kind, plus "any setting" and "overall"."""
    tallies: dict[str, Tally] = {kind: Tally() for kind in KINDS}
    merged: dict[str, Tally] = {ANY_SETTING: Tally()}
    for example in examples:
        predicted = find_identifiers(example.text)
        score_example(example, predicted, tallies)
        score_example(*_as_any_setting(example, predicted), merged)
    overall = Tally()
    for tally in tallies.values():
        for name in ("support", "found", "found_exact", "predicted", "correct", "correct_exact"):
            setattr(overall, name, getattr(overall, name) + getattr(tally, name))
    return tallies | merged | {"overall": overall}


def _cell(value: float | int | None) -> str:
    return "   -  " if value is None else f"{value:6.3f}" if isinstance(value, float) else f"{value:6d}"


def print_table(tallies: dict[str, Tally]) -> None:
    """Print a readable table of figures, one row per kind."""
    columns = ("recall", "precision", "recall_exact", "precision_exact", "support", "predicted")
    print(f"{'kind':<12}" + "".join(f"{c:>17}" for c in columns))
    for kind, tally in tallies.items():
        row = figures(tally)
        print(f"{kind:<12}" + "".join(f"{_cell(row[c]):>17}" for c in columns))


def print_errors(tallies: dict[str, Tally]) -> None:
    """Print every miss and false alarm, for working on the detector."""
    for kind, tally in tallies.items():
        for miss in tally.misses:
            print(f"MISS   {kind:<10} {miss}")
        for alarm in tally.false_alarms:
            print(f"FALSE  {kind:<10} {alarm}")


def measure(path: Path, *, errors: bool) -> dict[str, object]:
    """Benchmark one corpus: print its table (and errors if asked) and return its figures."""
    examples = load_corpus(path)
    tallies = evaluate(examples)
    negatives = sum(1 for e in examples if not e.spans)
    print(f"corpus {path} : {len(examples)} texts ({negatives} with no identifier)")
    print_table(tallies)
    if errors:
        print_errors(tallies)
    overall = tallies.pop("overall")
    return {
        "corpus": str(path),
        "n_texts": len(examples),
        "n_negative_texts": negatives,
        "per_type": {kind: figures(tally) for kind, tally in tallies.items()},
        "overall": figures(overall),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Benchmark the detector on each corpus and print the tables, then one JSON line of all figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a labelled JSONL file (repeatable)")
    parser.add_argument("--errors", action="store_true", help="also list every miss and false alarm")
    args = parser.parse_args(argv)
    parts = [measure(path, errors=args.errors) for path in args.corpus or DEFAULT_CORPORA]
    result = parts[0] if len(parts) == 1 else {"parts": {Path(str(p["corpus"])).stem: p for p in parts}}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
