"""Split a Markdown page into its YAML front matter and its body."""

from __future__ import annotations

from dataclasses import dataclass

from oshub.core.problems import Problem, error


@dataclass(frozen=True)
class Page:
    """A Markdown page: front matter text (None when absent), body and line offsets."""

    front_matter: str | None
    body: str
    front_matter_line: int
    """Line (0-based) in the file where the front matter's first line is."""
    body_line: int
    """Line (0-based) in the file where the body starts."""


def split_page(text: str, rel: str) -> tuple[Page, list[Problem]]:
    """Split ``text`` at the ``---`` fences of its front matter."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return Page(None, text, 0, 0), []
    for index in range(1, len(lines)):
        if lines[index].rstrip("\r\n") in ("---", "..."):
            return Page("".join(lines[1:index]), "".join(lines[index + 1 :]), 1, index + 1), []
    return Page(None, text, 0, 0), [
        error(
            rel,
            1,
            1,
            "front matter is not closed",
            hint="end the front matter with a line of three hyphens: ---",
        )
    ]
