"""Find what to fuzz by reading the pages: every same-site link and every <form> with its fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    kind: str  # text, textarea, select, checkbox, radio, hidden, submit, file, ...
    values: list[str] = field(default_factory=list)  # the value(s) the page offers


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: dict[str, Field] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        """What makes two forms the same for fuzzing: where they send and which fields they have."""
        return self.method, _route_shape(self.action), tuple(sorted(self.fields))


def _route_shape(url: str) -> str:
    # /staff/feedback/12/hide and /staff/feedback/13/hide are the same form.
    return "/".join("N" if part.isdigit() else part for part in urlsplit(url).path.split("/"))


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.page, a["href"]))
        elif tag == "form":
            action = urljoin(self.page, a.get("action") or self.page)
            self.forms.append(Form(self.page, (a.get("method") or "get").lower(), action))
        elif self.forms and tag in ("input", "button", "textarea", "select") and a.get("name"):
            kind = a.get("type", "text").lower() if tag in ("input", "button") else tag
            found = self.forms[-1].fields.setdefault(a["name"], Field(a["name"], kind))
            if "value" in a:
                found.values.append(a["value"])
            self._select = found if tag == "select" else None
        elif tag == "option" and self._select is not None:
            self._select.values.append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def read_page(url: str, html: str) -> tuple[list[str], list[Form]]:
    """The page's same-site links (paths with query, no fragment) and its forms."""
    parser = _Parser(url)
    parser.feed(html)
    links = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.netloc in ("", "localhost") and parts.path.startswith("/"):
            links.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return links, parser.forms
