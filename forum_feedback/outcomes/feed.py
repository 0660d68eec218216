"""The Atom feed of published outcomes (RFC 4287), built with the standard library's XML writer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.etree import ElementTree as ET

from forum_feedback.enums import OutcomeProgress
from forum_feedback.outcomes.models import Outcome

ATOM = "http://www.w3.org/2005/Atom"


def _stamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    if text is not None:
        element.text = text
    return element


def atom_feed(
    outcomes: Sequence[Outcome], *, title: str, feed_url: str, page_url: str, link_for: Callable[[int], str]
) -> bytes:
    """The feed: one entry per published outcome, newest first; plain text only."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _add(feed, "title", title)
    _add(feed, "id", feed_url)
    _add(feed, "link", rel="self", href=feed_url, type="application/atom+xml")
    _add(feed, "link", rel="alternate", href=page_url, type="text/html")
    newest = max((o.updated_at for o in outcomes), default=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    _add(feed, "updated", _stamp(newest))
    author = _add(feed, "author")
    _add(author, "name", title)
    for outcome in outcomes:
        entry = _add(feed, "entry")
        url = link_for(outcome.id)
        _add(entry, "title", outcome.title)
        _add(entry, "id", url)
        _add(entry, "link", rel="alternate", href=url, type="text/html")
        _add(entry, "published", _stamp(outcome.published_at))
        _add(entry, "updated", _stamp(max(outcome.updated_at, outcome.published_at)))
        _add(entry, "summary", f"You said: {outcome.you_said}", type="text")
        progress = OutcomeProgress(outcome.progress).label
        _add(entry, "content", f"You said: {outcome.you_said}\n\nWe did: {outcome.we_did}\n\n{progress}.", type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
