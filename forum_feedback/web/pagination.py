"""GOV.UK pagination for a ``Page``, with links that keep the list's filters."""

from __future__ import annotations

from typing import Any

from flask import request, url_for

from forum_feedback.web.pages import Page


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Page numbers to link to: the first, the last and those next to this one; None for a gap."""
    wanted = sorted({1, pages, page - 1, page, page + 1} & set(range(1, pages + 1)))
    numbers: list[int | None] = []
    for number in wanted:
        if numbers and number - (numbers[-1] or 0) > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


def pagination(listing: Page, *, label: str = "Pages", **url_values: Any) -> dict[str, Any] | None:
    """Parameters for GOV.UK's pagination component, or None when everything fits on one page.

    Links go to this request's endpoint with its query string (filters, search) kept, plus
    ``url_values`` (path parameters such as a theme id).
    """
    if listing.pages <= 1:
        return None
    args = {key: values for key, values in request.args.lists() if key not in ("page", "submit")}

    def href(number: int) -> str:
        return url_for(request.endpoint or "", **{**(request.view_args or {}), **args, **url_values, "page": number})

    items = [
        {"ellipsis": True}
        if number is None
        else {"number": number, "href": href(number), "current": number == listing.page}
        for number in page_numbers(listing.page, listing.pages)
    ]
    params: dict[str, Any] = {"items": items, "landmarkLabel": label}
    if listing.page > 1:
        params["previous"] = {"href": href(listing.page - 1)}
    if listing.page < listing.pages:
        params["next"] = {"href": href(listing.page + 1)}
    return params
