"""Template filters every staff and family page uses: UK times and dates, counts, plurals."""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

from flask import Flask


@functools.cache
def forum_zone() -> dt.tzinfo:
    """UK time: forums are in England, and people read and type times as the clock on the wall shows them."""
    try:
        return zoneinfo.ZoneInfo("Europe/London")
    except zoneinfo.ZoneInfoNotFoundError:  # a server without time zone data
        return dt.UTC


def staff_time(value: dt.datetime | None) -> str:
    """A time as forum staff read it, in UK time: "3 March 2026 at 2:05pm"."""
    if value is None:
        return "Never"
    local = value.astimezone(forum_zone())
    return f"{local.day} {local:%B %Y} at {local.hour % 12 or 12}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def staff_date(value: dt.datetime | dt.date | None) -> str:
    """A day in UK time: "3 March 2026"."""
    if value is None:
        return ""
    local = value.astimezone(forum_zone()) if isinstance(value, dt.datetime) else value
    return f"{local.day} {local:%B %Y}"


def count(value: int | None) -> str:
    """A whole number with thousands separated: "1,800"."""
    return f"{value or 0:,}"


def plural(value: int, singular: str, many: str | None = None) -> str:
    """ "1 piece of feedback", "2 pieces of feedback": the number and the right word."""
    word = singular if value == 1 else (many or singular + "s")
    return f"{value:,} {word}"


def register(app: Flask) -> None:
    """Make the filters available to every template."""
    for function in (staff_time, staff_date, count, plural):
        app.add_template_filter(function, function.__name__)
