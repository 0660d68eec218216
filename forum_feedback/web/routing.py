"""URL converters: an id in a URL is a number the database can hold, or the page is not found."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from werkzeug.routing import IntegerConverter

#: The largest id a PostgreSQL ``integer`` column holds (SQLite's limit, 2^63 - 1, is bigger).
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """Werkzeug's ``int``, bounded to 1 .. 2^31 - 1: a crafted ``/staff/themes/99999999999999999999``
    is "Page not found" on every database, never an overflow in the driver. Registered as ``int``,
    so every ``<int:...>`` route (and every new one) gets the bound."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def parse_id(text: str | None) -> int | None:
    """An id sent in a form or query string (a hidden field, a ticked box), or None if it cannot be one.

    The same bound as ``IdConverter``: ASCII digits only ("²" and "٣" pass ``isdigit``), 1 .. 2^31 - 1.
    """
    value = (text or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_ID)):
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(values: Iterable[str | None]) -> list[int]:
    """Ids from several form values (ticked boxes); anything that cannot be an id is dropped."""
    return [number for number in map(parse_id, values) if number is not None]
