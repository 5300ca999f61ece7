"""Where a guide page shows a printable tool: a line ``<!-- oshub:tool ID -->``.

An HTML comment passes the Markdown check and is invisible wherever the marker is not
replaced (a reader of the raw file, another Markdown tool). The site replaces it with
the tool rendered from ``data/tools.yaml``; a printed book with a reference to the
tool's sheet. Light: validation reads markers without the site stack.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MARKER = re.compile(r"<!--\s*oshub:tool\b(?P<rest>.*?)-->", re.DOTALL)
"""Anything that looks like a tool marker (checked by ``find_markers``)."""
_LINE = re.compile(r"^<!-- oshub:tool (?P<id>[a-z0-9]+(?:-[a-z0-9]+)*) -->[ \t]*$", re.MULTILINE)
"""A marker as it must be written: alone on its line, one space either side."""


@dataclass(frozen=True)
class ToolMarker:
    """A marker in a page body: the tool it names, where it starts, and whether it is
    written as a line of its own (only such a marker is replaced)."""

    tool: str
    offset: int
    alone: bool


def find_markers(body: str) -> Iterator[ToolMarker]:
    """Every tool marker of a page body, in order."""
    lines = {m.start() for m in _LINE.finditer(body)}
    for match in MARKER.finditer(body):
        words = match.group("rest").split()
        yield ToolMarker(words[0] if words else "", match.start(), match.start() in lines)


def replace_markers(body: str, make: Callable[[str, int], str | None]) -> str:
    """``body`` with each marker line replaced by ``make(tool, offset)`` (a marker for
    which it gives None stays as it is)."""

    def replace(match: re.Match[str]) -> str:
        made = make(match.group("id"), match.start())
        return match.group(0) if made is None else made

    return _LINE.sub(replace, body)


def tools_shown(body: str) -> tuple[str, ...]:
    """The tools a page body shows (marker lines), in order, each once."""
    return tuple(dict.fromkeys(m.group("id") for m in _LINE.finditer(body)))
