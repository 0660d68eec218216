"""What the forum does with control characters in anything a person sends (one rule, for every channel).

Decided once, here: line breaks and tabs are kept (a Windows or old-Mac line break becomes one
``\\n``); every other C0 control character (NUL included), DEL and the C1 controls are removed.
They cannot be typed on a keyboard, they mean nothing in a story, and PostgreSQL refuses NUL in
text. This module imports only the standard library, so services (the CSV importer) use it too.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\r\n?")
#: C0 controls except tab (\x09) and line feed (\x0a), DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(value: str) -> str:
    """``value`` with line breaks as ``\\n``, tabs kept, and every other control character removed."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", value))
