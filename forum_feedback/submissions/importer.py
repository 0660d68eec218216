"""Import survey exports (CSV) as feedback: all or nothing, with every rejected row named.

Each row's identity is a hash of its values and of how many identical rows came before it in
the same file, so importing the same file twice (or a later export that repeats old rows)
adds nothing new, while two families who wrote the same words on the same day both count.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from forum_feedback import events
from forum_feedback.enums import Channel
from forum_feedback.submissions.models import Feedback, FeedbackService
from forum_feedback.submissions.services import screen_for_risk
from forum_feedback.text_input import clean_text

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S")
SERVICE_SEPARATORS = (";", "|")
MAX_TEXT_CHARS = 10_000
SAVE_AS_UTF8 = "Save it as ‘CSV UTF-8’ and try again."


class ImportFailed(Exception):
    """The file cannot be imported at all (not UTF-8, no such column...)."""


@dataclass(frozen=True)
class Columns:
    text: str
    date: str | None = None
    area: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class RejectedRow:
    line: int
    reason: str


@dataclass
class ImportReport:
    added: int = 0
    already_imported: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.rejected


@dataclass(frozen=True)
class Lists:
    """The forum's editable lists, to match area and service names in a file."""

    service_areas: list[tuple[str, str]]
    local_areas: list[tuple[str, str]]


def read_rows(path: Path) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """Rows with the line number each starts on (line 1 is the header), and the column names.

    The file must be UTF-8, with or without a byte order mark (Excel's "CSV UTF-8" adds one), or
    UTF-16 with its byte order mark. Anything that cannot be read for certain is refused, naming
    the line: a file read wrongly would store words no family wrote.
    """
    content = decode(path.read_bytes(), name=path.name)
    reader = csv.DictReader(io.StringIO(content, newline=""), strict=True)
    try:
        fieldnames = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise ImportFailed(_csv_problem(exc, line=1)) from exc
    check_header(fieldnames)
    rows, line = [], reader.line_num + 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(_csv_problem(exc, line=line)) from exc
    if not rows:
        raise ImportFailed(f"{path.name} has a header (line 1) but no rows of feedback under it.")
    return rows, fieldnames


def decode(data: bytes, *, name: str) -> str:
    """The file's text; ImportFailed naming the first line that is not UTF-8 (or looks like UTF-16)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportFailed(f"{name} is not readable UTF-16 text. {SAVE_AS_UTF8}") from exc
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"line {line}: {name} is not UTF-8 text. {SAVE_AS_UTF8}") from exc
    if "\x00" in content:
        # UTF-16 without a byte order mark decodes as "valid" UTF-8 with a NUL after every letter.
        line = content[: content.index("\x00")].count("\n") + 1
        raise ImportFailed(f"line {line}: {name} has NUL characters, so it is probably UTF-16 text. {SAVE_AS_UTF8}")
    if not content.strip():
        raise ImportFailed(f"{name} is empty.")
    return content


def check_header(fieldnames: list[str]) -> None:
    """Every column in the header once: with a column twice, which one holds the words is a guess."""
    twice = [name for name, times in Counter(fieldnames).items() if times > 1]
    if twice:
        names = ", ".join(repr(name) for name in twice)
        raise ImportFailed(f"line 1: the header has the column {names} more than once. Rename or remove one.")


def _csv_problem(exc: csv.Error, *, line: int) -> str:
    if "unexpected end of data" in str(exc):
        return (
            f'line {line}: a quotation mark (") opened here is never closed, so the rest of the file would be one row.'
        )
    return f"line {line}: the file is not valid CSV ({exc})"


def check_columns(fieldnames: list[str], columns: Columns) -> None:
    wanted = [name for name in (columns.text, columns.date, columns.area, columns.service) if name]
    missing = [name for name in wanted if name not in fieldnames]
    if missing:
        raise ImportFailed(
            f"No column called {', '.join(repr(m) for m in missing)}. The file has: {', '.join(fieldnames)}"
        )


def parse_date(value: str) -> dt.datetime:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ValueError(f"date {value!r} is not like 2025-03-31 or 31/03/2025")


def match_label(value: str, choices: list[tuple[str, str]]) -> str | None:
    wanted = value.strip().casefold()
    for slug, label in choices:
        if wanted in (slug.casefold(), label.casefold()):
            return slug
    return None


def parse_services(value: str, choices: list[tuple[str, str]]) -> tuple[list[str], str]:
    """Known service areas as slugs; anything unknown is kept as free text, never dropped."""
    parts = [value]
    for separator in SERVICE_SEPARATORS:
        parts = [piece for part in parts for piece in part.split(separator)]
    slugs, other = [], []
    for part in (p.strip() for p in parts if p.strip()):
        slug = match_label(part, choices)
        (slugs if slug else other).append(slug or part)
    return slugs, "; ".join(other)


def row_key(values: tuple[str, ...], occurrence: int) -> str:
    return hashlib.sha256("\x1f".join((*values, str(occurrence))).encode("utf-8")).hexdigest()


def build_feedback(row: dict[str, str], columns: Columns, lists: Lists, *, source: str, now: dt.datetime) -> Feedback:
    """One row as Feedback; raises ValueError with a plain reason when the row cannot be used.

    Cells are cleaned as the forms clean what is typed (``clean_text``): a cell starting with
    ``=`` is stored as the text it is; exports neutralise it.
    """
    row = {key: clean_text(value) for key, value in row.items() if isinstance(key, str) and isinstance(value, str)}
    text = row.get(columns.text) or ""
    if not text.strip():
        raise ValueError("the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise ValueError(f"the text is {len(text):,} characters; the most is {MAX_TEXT_CHARS:,}")
    received = parse_date(row[columns.date]) if columns.date and (row.get(columns.date) or "").strip() else now
    area = (row.get(columns.area) or "").strip() if columns.area else ""
    slugs, other = parse_services(row.get(columns.service) or "", lists.service_areas) if columns.service else ([], "")
    return screen_for_risk(
        Feedback(
            received_at=received,
            created_at=now,
            channel=Channel.IMPORT,
            source=source,
            story=text,
            local_area=(match_label(area, lists.local_areas) or area) if area else None,
            consent="count",
            service_other=other[:500],
            services=[FeedbackService(service=slug) for slug in dict.fromkeys(slugs)],
        )
    )


def import_csv(session: Session, *, path: Path, columns: Columns, lists: Lists, now: dt.datetime) -> ImportReport:
    """Import every row or none: if any row is rejected, nothing is stored and the report names each one."""
    rows, fieldnames = read_rows(path)
    check_columns(fieldnames, columns)
    report, pending, seen = ImportReport(), [], Counter()
    for line, row in rows:
        values = tuple(
            row.get(name) or "" for name in (columns.text, columns.date, columns.area, columns.service) if name
        )
        seen[values] += 1
        try:
            feedback = build_feedback(row, columns, lists, source=f"import: {path.name}", now=now)
        except ValueError as exc:
            report.rejected.append(RejectedRow(line=line, reason=str(exc)))
            continue
        feedback.import_key = row_key(values, seen[values])
        pending.append(feedback)
    if report.rejected:
        return report
    return _store_new(session, pending, report)


def _store_new(session: Session, pending: list[Feedback], report: ImportReport) -> ImportReport:
    keys = [item.import_key for item in pending]
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        existing.update(session.scalars(select(Feedback.import_key).where(Feedback.import_key.in_(chunk))))
    new = [item for item in pending if item.import_key not in existing]
    session.add_all(new)
    session.commit()
    report.added, report.already_imported = len(new), len(pending) - len(new)
    if new:
        events.send(events.feedback_received, feedback_ids=[item.id for item in new])
    return report
