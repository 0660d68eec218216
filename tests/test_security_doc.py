"""SECURITY.md maps each ASVS requirement to a test: every test it names must exist."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = re.compile(r"`(tests/[^`:]+)(?:::(\w+))?`|`::(\w+)`")


def named_tests(text: str) -> list[tuple[str, str | None]]:
    """Each ``tests/file.py::name`` in the table cells, with ``::name`` meaning the last file named."""
    found: list[tuple[str, str | None]] = []
    for line in text.splitlines():
        current = None
        for match in REFERENCE.finditer(line):
            if match.group(1):
                current, name = match.group(1), match.group(2)
            else:
                name = match.group(3)
            assert current is not None, f"'::{name}' with no file before it: {line}"
            found.append((current, name))
    return found


def test_every_test_security_md_names_exists():
    references = named_tests((ROOT / "SECURITY.md").read_text(encoding="utf-8"))
    assert len(references) > 40
    missing = [
        f"{path}::{name}" if name else path
        for path, name in references
        if not (ROOT / path).exists() or (name and f"def {name}(" not in (ROOT / path).read_text(encoding="utf-8"))
    ]
    assert missing == []
