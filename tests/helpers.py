"""Helpers for tests that look at pages the way a person does."""

from __future__ import annotations

import importlib.util
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.h1: list[str] = []
        self.errors: list[str] = []
        self._stack: list[str] = []
        self._in_title = False
        self._in_h1 = 0
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = 1
            self.h1.append("")
        if "govuk-error-summary__list" in classes:
            self._in_summary = 1
        elif self._in_summary and tag == "li":
            self.errors.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = 0
        if tag == "ul" and self._in_summary:
            self._in_summary = 0

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self._in_h1 and self.h1:
            self.h1[-1] += data
        if self._in_summary and self.errors:
            self.errors[-1] += data


class Page:
    """What a person sees of a page: its title, its h1 headings and the error summary's messages."""

    def __init__(self, html: str) -> None:
        parser = _PageParser()
        parser.feed(html)
        self.html = html
        self.title = " ".join(parser.title.split())
        self.h1 = [" ".join(text.split()) for text in parser.h1]
        self.errors = [" ".join(text.split()) for text in parser.errors]


def page(response) -> Page:
    return Page(response.get_data(as_text=True))


SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (the scripts are not a package) as module ``name``."""
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module
