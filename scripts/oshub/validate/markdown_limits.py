"""How deep a page's Markdown may nest, checked in one pass before any renderer reads it.

Python-Markdown recurses into nested lists, block quotes, emphasis and brackets, and
looks ahead from every unclosed bracket to the end of its paragraph: a 1 KB line of
``- - - … x`` ends the build in a ``RecursionError``, 100,000 nested ``[`` keep it busy
for minutes. No page a person writes nests that deep, so a page is refused at the line
and column where it passes ``MAX_DEPTH`` levels of any of these:

- containers on a line: block-quote marks (``>``), list markers (``-``, ``*``, ``+``,
  ``1.``) and every four columns of indentation before the text;
- brackets left open in a paragraph (text between blank lines): ``[`` and ``(``
  not yet closed by ``]`` or ``)``, and ``<`` not closed by ``>`` on its line (a
  backslash escapes one);
- emphasis left open in a paragraph: runs of ``*`` or ``_`` that open (before a word,
  after a space) and are not yet closed (after a word, before a space).

A page may also have at most ``MAX_HEADINGS`` headings (Python-Markdown's table of
contents numbers equal headings one by one: thousands cost seconds each), and at most
``MAX_LINKS`` links, ``MAX_TAGS`` raw HTML tags and ``MAX_TABLE_ROWS`` table rows: each
costs the build its share of a second per thousand (rendering, sanitising, checking),
and a 1 MiB page of them would take the build minutes. The Blueprint's largest page
has a few dozen of each.

The scan reads each character once: its time is linear in the page, whatever the page.
The checks of the light layer (``oshub validate``), the build (whatever its switches)
and the printer all call it, so a page that passes it is one the renderer can read.
"""

from __future__ import annotations

import re

from oshub.core.problems import Problem, error

MAX_DEPTH = 20
"""Levels of nesting a page may use, of each kind (containers, brackets, emphasis)."""
MAX_HEADINGS = 1000
"""Headings a page may have."""
MAX_LINKS = 5000
"""Links (``](``) a page may have."""
MAX_TAGS = 5000
"""Raw HTML tags (``<`` before a letter, ``/`` or ``!``) a page may have."""
MAX_TABLE_ROWS = 2000
"""Table rows (lines starting with ``|``) a page may have."""
MAX_UNCLOSED_TAGS = 5
"""Tags a page may leave open (``<`` before a letter, ``/``, ``!`` or ``?``, and no ``>``
after it on its line): Python-Markdown's HTML parser reads the rest of the page
from each one (100 of them before 900 KB of text took 10 s, 20 of them 3.5 s)."""

_COUNTED = {
    "headings": MAX_HEADINGS,
    "links": MAX_LINKS,
    "HTML tags": MAX_TAGS,
    "table rows": MAX_TABLE_ROWS,
    "unclosed HTML tags": MAX_UNCLOSED_TAGS,
}
_COUNT_HINTS = {
    "unclosed HTML tags": "a `<` before a letter starts an HTML tag: close it with `>`, "
    "or write `&lt;` for a less-than sign"
}
_TAG_START = re.compile(r"<[A-Za-z/!?]")
_OPENERS = {"[": "]", "(": ")", "<": ">"}
_CLOSERS = frozenset(_OPENERS.values())
_HINT = (
    f"a page may nest lists, block quotes, brackets and emphasis at most {MAX_DEPTH} levels "
    "deep: split the text, or escape a bracket that is only a character (\\[, \\(, &lt;)"
)


def _container_depth(line: str) -> tuple[int, int]:
    """How many containers a line opens before its text (quote marks, list markers and
    four-column indents), and the offset where its text starts."""
    depth, column, index, size = 0, 0, 0, len(line)
    while index < size:
        char = line[index]
        if char == " ":
            column += 1
            index += 1
            if column % 4 == 0:
                depth += 1
            continue
        if char == "\t":
            column += 4 - column % 4
            depth += 1
            index += 1
            continue
        column = 0
        if char == ">":
            depth += 1
            index += 1
            continue
        marker = index
        if char in "-*+":
            marker += 1
        else:
            while marker < size and marker - index < 9 and line[marker].isdigit():
                marker += 1
            if marker == index or marker >= size or line[marker] not in ".)":
                break
            marker += 1
        if marker < size and line[marker] in " \t":
            depth += 1
            index = marker
            continue
        break
    return depth, index


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Whether the run ``text[start:end]`` can open (before a word, after a space or
    the start) and close (after a word, before a space or the end)."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    opens = not after.isspace() and before.isspace()
    closes = not before.isspace() and after.isspace()
    return opens, closes


def nesting_problems(body: str, path: str, first_line: int = 0) -> list[Problem]:
    """Problems of a page body that nests past ``MAX_DEPTH`` or has more headings,
    links, tags or table rows than a page may: at most one of each kind, at the first
    place it happens.
    ``first_line`` is the 0-based line of the file the body starts on."""
    scan = _PageScan(path, first_line)
    for number, line in enumerate(body.split("\n")):
        scan.line(number, line.removesuffix("\r"))
    return sorted(scan.found.values())


class _PageScan:
    """One pass over a page, line by line: the brackets and emphasis left open in the
    paragraph so far, the page's counts, and the first problem of each kind."""

    def __init__(self, path: str, first_line: int) -> None:
        self.path = path
        self.first_line = first_line
        self.found: dict[str, Problem] = {}
        self.brackets: list[str] = []
        self.emphasis = 0
        self.counts = dict.fromkeys(_COUNTED, 0)

    def refuse(self, kind: str, number: int, col: int, message: str, hint: str = _HINT) -> None:
        """A problem of ``kind`` at line ``number`` and column ``col`` of the body (both
        from 0), unless one of that kind was found before."""
        if kind not in self.found:
            line = self.first_line + number + 1
            self.found[kind] = error(self.path, line, col + 1, message, hint=hint)

    def line(self, number: int, line: str) -> None:
        """Scan line ``number`` of the body (without its line ending)."""
        if not line.strip():
            self.brackets.clear()
            self.emphasis = 0
            return
        if ">" in self.brackets:  # a `<` left open counts on its own line only ("< 10" in rows)
            self.brackets = [b for b in self.brackets if b != ">"]
        depth, start = _container_depth(line)
        if depth > MAX_DEPTH:
            self.refuse("containers", number, start, f"lists, quotes or indents nest {depth} deep")
        self.count(number, line, start)
        self.follow_brackets_and_emphasis(number, line, start)

    def count(self, number: int, line: str, start: int) -> None:
        """Count the line's heading or table row, links and tags (its text starts at
        ``start``); refuse the page past a limit."""
        counts = self.counts
        if line.startswith("#", start):
            counts["headings"] += 1
        elif line.startswith("|", start):
            counts["table rows"] += 1
        counts["links"] += line.count("](", start)
        counts["HTML tags"] += len(_TAG_START.findall(line, start))
        for kind, limit in _COUNTED.items():
            if counts[kind] > limit:
                self.refuse(
                    kind,
                    number,
                    start,
                    f"more than {limit:,} {kind} on one page",
                    hint=_COUNT_HINTS.get(kind, "split the page into several pages"),
                )

    def follow_brackets_and_emphasis(self, number: int, line: str, start: int) -> None:
        """Read the line's text (from ``start``) once, character by character: brackets
        and emphasis it opens and closes (a backslash escapes the next character)."""
        brackets = self.brackets
        index, size = start, len(line)
        closed_before = line.rfind(">")
        if line.startswith("*[", start):
            index += 1  # an abbreviation (``*[term]: ...``): its star is no emphasis
        while index < size:
            char = line[index]
            if char == "\\":
                index += 2
                continue
            if char in _OPENERS:
                self.open_bracket(number, line, index, closed_before)
            elif char in _CLOSERS and char in brackets:
                while brackets.pop() != char:
                    pass
            elif char in "*_":
                index = self.emphasis_run(number, line, index)
                continue
            index += 1

    def open_bracket(self, number: int, line: str, index: int, closed_before: int) -> None:
        """The bracket at ``index`` opens (a ``<`` before a letter after the line's last
        ``>`` is also an unclosed tag)."""
        char = line[index]
        if char == "<" and index > closed_before and _TAG_START.match(line, index):
            self.counts["unclosed HTML tags"] += 1
            if self.counts["unclosed HTML tags"] > MAX_UNCLOSED_TAGS:
                self.refuse(
                    "unclosed HTML tags",
                    number,
                    index,
                    f"more than {MAX_UNCLOSED_TAGS} unclosed HTML tags on one page",
                    hint=_COUNT_HINTS["unclosed HTML tags"],
                )
        brackets = self.brackets
        brackets.append(_OPENERS[char])
        if len(brackets) > MAX_DEPTH:
            self.refuse("brackets", number, index, f"brackets open {len(brackets)} deep")
            brackets.clear()

    def emphasis_run(self, number: int, line: str, index: int) -> int:
        """The run of ``*`` or ``_`` at ``index`` opens or closes emphasis (or neither,
        between words or spaces); returns where the run ends."""
        char, end, size = line[index], index, len(line)
        while end < size and line[end] == char:
            end += 1
        opens, closes = _flanking(line, index, end)
        if opens and not closes:
            self.emphasis += 1
            if self.emphasis > MAX_DEPTH:
                self.refuse("emphasis", number, index, f"emphasis opens {self.emphasis} deep")
                self.emphasis = 0
        elif closes and not opens:
            self.emphasis = max(0, self.emphasis - 1)
        return end
