"""URL converters: an id in a URL is a number the database can hold, or the page is not found."""

from __future__ import annotations

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
