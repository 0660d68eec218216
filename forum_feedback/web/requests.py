"""The app's request class: every query-string and form value passes ``clean_text`` on the way in.

Cleaning where Werkzeug builds ``request.args`` and ``request.form`` covers every form, every
search box and filter, and any view that reads a parameter itself, so no text field can be
forgotten. Uploaded files are left as they are (the CSV importer cleans its own cells).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict

from forum_feedback.text_input import clean_text


def _pairs(mapping: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(mapping, MultiDict):
        return mapping.items(multi=True)
    if isinstance(mapping, Mapping):
        return (
            (key, value)
            for key, values in mapping.items()
            for value in (values if isinstance(values, list | tuple) else [values])
        )
    return mapping or ()


def _clean(value: Any) -> Any:
    return clean_text(value) if isinstance(value, str) else value


class CleanMultiDict(ImmutableMultiDict):
    """An ImmutableMultiDict whose keys and text values have been through ``clean_text``."""

    def __init__(self, mapping: Any = None) -> None:
        super().__init__([(_clean(key), _clean(value)) for key, value in _pairs(mapping)])


class CleanRequest(Request):
    """Flask's request, with query-string and form values cleaned (see ``forum_feedback.text_input``)."""

    parameter_storage_class = CleanMultiDict
