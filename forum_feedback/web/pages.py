"""One page of a long list, for every listing in the app (inbox, theme pages, search, audit log).

This module does not import Flask, so services can return a ``Page`` and views render it with
``forum_feedback.web.pagination``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")

#: Page numbers beyond this are treated as "the last page": a crafted ?page=10**5000 must not
#: reach the database as an OFFSET it cannot hold.
MAX_PAGE = 1_000_000


@dataclass(frozen=True)
class Page(Generic[T]):
    """The items on one page, which page it is, and how many there are in all."""

    items: Sequence[T]
    page: int
    pages: int
    total: int
    per_page: int

    @property
    def first(self) -> int:
        """The position of the first item on this page (1-based; 0 when there is nothing)."""
        return 0 if self.total == 0 else (self.page - 1) * self.per_page + 1

    @property
    def last(self) -> int:
        """The position of the last item on this page (0 when there is nothing)."""
        return self.first + len(self.items) - 1 if self.total else 0

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


def clamp_page(requested: int | None, total: int, per_page: int) -> tuple[int, int]:
    """The page to show (1 to the last page, whatever was asked for) and how many pages there are."""
    pages = max(1, math.ceil(total / per_page))
    wanted = requested if isinstance(requested, int) else 1
    return min(max(1, wanted), pages), pages


def count_rows(session: Session, query: Select[Any]) -> int:
    """How many rows ``query`` returns, without fetching them."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0


def paginate(
    session: Session,
    query: Select[Any],
    *,
    page: int | None,
    per_page: int,
    order_by: Sequence[Any],
    total: int | None = None,
) -> Page:
    """Run ``query`` for one page of entities, in ``order_by`` order (``total``: its row count, when known)."""
    total = count_rows(session, query) if total is None else total
    number, pages = clamp_page(page, total, per_page)
    rows = session.scalars(query.order_by(*order_by).limit(per_page).offset((number - 1) * per_page))
    return Page(list(rows), number, pages, total, per_page)


def parse_page(raw: str | None) -> int:
    """A page number from a query string: page 1 unless it is a positive whole number in ASCII digits.

    "²" passes ``str.isdigit`` but not ``int``; a 5,000-digit number is just "the last page".
    """
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return MAX_PAGE if len(text) > len(str(MAX_PAGE)) else max(1, int(text))
