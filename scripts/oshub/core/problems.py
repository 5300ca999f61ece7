"""Problems found in content, and the three ways of printing them.

A problem is a value: checks collect them in lists and never raise, so that one
run reports every problem at once. The output formats are fixed in the project's
conventions (text, github, json) and other tools rely on them.

Output stays bounded whatever the content: a problem quotes at most
``MAX_QUOTE`` characters of a value (a longer quote, between backticks, is cut with
``…``; a whole message or hint at most ``MAX_TEXT``), and every format shows at most
``MAX_PROBLEMS_PER_FILE`` problems a file, then one note saying how many more it left
out (``LeftOut``); the summary line counts them all.

A problem about a value of a document (a key of a hub file, an item of a mission's list,
a key of a guide page's front matter) carries the value's JSON pointer (RFC 6901,
``/location/lat``, ``/projects/2/title``), so that a tool can find the value without
reading the message: the json format shows it, ``from-issue`` names the question of the
form by it. A problem about a whole file, a file's name or a line of a Markdown body
has the pointer ``""``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from oshub.core.text import cut

Severity = Literal["error", "warning"]

MAX_PROBLEMS_PER_FILE = 100
"""Problems shown a file in every output format; one more line says how many more."""
MAX_QUOTE = 80
"""Characters of a quoted value (between backticks) a message or hint shows."""
MAX_TEXT = 1000
"""Characters a whole message or hint shows."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column; ``pointer`` is the
    JSON pointer of the value it is about (``""``: the file, or no value)."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    schema_path: str = ""
    hint: str = ""
    pointer: str = ""

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


def bounded(text: str) -> str:
    """``text`` with every quote between backticks cut to ``MAX_QUOTE`` characters and
    the whole to ``MAX_TEXT`` (``…`` where something was cut): a problem about a
    megabyte of content says what it is about in a line."""
    if len(text) <= MAX_QUOTE:
        return text
    parts = text.split("`")
    if len(parts) > 2:  # odd parts are quotes (an unpaired last backtick: none)
        last = len(parts) - 1 if len(parts) % 2 == 0 else len(parts)
        parts = [
            cut(part, MAX_QUOTE) if i % 2 and i < last else part for i, part in enumerate(parts)
        ]
    return cut("`".join(parts), MAX_TEXT)


def error(
    path: str,
    line: int,
    col: int,
    message: str,
    *,
    hint: str = "",
    schema_path: str = "",
    pointer: str = "",
) -> Problem:
    """Build an error problem (quotes in the message and hint bounded: ``bounded``);
    ``pointer`` is the JSON pointer of the value it is about."""
    return _problem("error", path, line, col, message, hint, schema_path, pointer)


def warning(
    path: str,
    line: int,
    col: int,
    message: str,
    *,
    hint: str = "",
    schema_path: str = "",
    pointer: str = "",
) -> Problem:
    """Build a warning problem (quotes in the message and hint bounded: ``bounded``);
    ``pointer`` is the JSON pointer of the value it is about."""
    return _problem("warning", path, line, col, message, hint, schema_path, pointer)


def _problem(
    severity: Severity,
    path: str,
    line: int,
    col: int,
    message: str,
    hint: str,
    schema_path: str,
    pointer: str,
) -> Problem:
    return Problem(
        path,
        line,
        col,
        severity,
        bounded(message),
        cut(schema_path, MAX_TEXT),
        bounded(hint),
        _bounded_pointer(pointer),
    )


def _bounded_pointer(pointer: str) -> str:
    """``pointer``, or when longer than ``MAX_TEXT`` (a key of a megabyte) the pointer of
    its nearest parent that is not: a pointer cut short would name no value at all."""
    while len(pointer) > MAX_TEXT:
        pointer = pointer.rpartition("/")[0]
    return pointer


@dataclass(frozen=True)
class LeftOut:
    """The line that stands for the problems of one file past ``MAX_PROBLEMS_PER_FILE``:
    a note at ``path:1:1`` (``severity`` ``note``), never an error or a warning."""

    path: str
    count: int
    line: int = 1
    col: int = 1
    severity: Literal["note"] = "note"
    schema_path: str = ""
    hint: str = ""
    pointer: str = ""
    is_error: bool = False

    @property
    def message(self) -> str:
        """What the note says."""
        return (
            f"{_plural(self.count, 'more problem')} in this file not shown "
            f"(at most {MAX_PROBLEMS_PER_FILE} are shown a file)"
        )


def capped(problems: Iterable[Problem]) -> list[Problem | LeftOut]:
    """``problems`` with at most ``MAX_PROBLEMS_PER_FILE`` a file, each file's in their
    order, files in the order they first appear; a file with more gets a ``LeftOut``
    after its last problem shown."""
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    shown: list[Problem | LeftOut] = []
    for path, found in by_file.items():
        shown.extend(found[:MAX_PROBLEMS_PER_FILE])
        if len(found) > MAX_PROBLEMS_PER_FILE:
            shown.append(LeftOut(path, len(found) - MAX_PROBLEMS_PER_FILE))
    return shown


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(problems: Sequence[Problem], files_checked: int) -> str:
    """The last line of text output, e.g. ``3 errors, 1 warning in 2 files``."""
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if not problems:
        return f"no problems ({_plural(files_checked, 'file')} checked)"
    files = len({p.path for p in problems})
    return (
        f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"
        f" ({files_checked} checked)"
    )


_BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
"""Characters that reorder the text around them in a terminal or a log."""


def _escaped(char: str) -> str:
    code = ord(char)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if char in named:
        return named[char]
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def one_line(value: str) -> str:
    """``value`` as one printable line: line breaks, other control characters and bidi
    controls become visible escapes (``\\n``, ``\\x1b``, ``\\u2028``), so that a value
    from content can neither start a new output line (a forged problem, or a workflow
    command such as ``::error``) nor steer a terminal."""
    if value.isprintable() and not _BIDI_CONTROLS.intersection(value):
        return value
    return "".join(
        _escaped(c) if c in _BIDI_CONTROLS or unicodedata.category(c) in {"Cc", "Zl", "Zp"} else c
        for c in value
    )


def format_text(problems: Iterable[Problem]) -> list[str]:
    """Lines of the text format: ``path:line:col: severity: message [schema/path]``.
    Every value is on its one line (see ``one_line``); a file's problems past
    ``MAX_PROBLEMS_PER_FILE`` are one line ``path:1:1: note: N more problems ...``."""
    lines: list[str] = []
    for p in capped(problems):
        where = f" [{one_line(p.schema_path)}]" if p.schema_path else ""
        lines.append(
            f"{one_line(p.path)}:{p.line}:{p.col}: {p.severity}: {one_line(p.message)}{where}"
        )
        if p.hint:
            lines.append(f"  hint: {one_line(p.hint)}")
    return lines


def text_report(problems: Sequence[Problem], files_checked: int) -> list[str]:
    """What ``oshub validate`` prints in the text format: the problem lines, then the
    summary line (the live preview prints exactly this too)."""
    return [*format_text(problems), summary(problems, files_checked)]


def _github_escape(value: str, *, is_property: bool) -> str:
    # GitHub workflow commands escape %, CR and LF; properties also escape : and ,
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if not value.isprintable():  # what is left: other controls, shown as escapes
        value = one_line(value)
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: Iterable[Problem]) -> list[str]:
    """Lines of GitHub Actions workflow commands, one annotation a problem (``::error``,
    ``::warning``; the note of problems left out is a ``::notice``)."""
    lines: list[str] = []
    for p in capped(problems):
        # the message and the hint are one line each, then two lines of the annotation
        message = (
            one_line(p.message) if not p.hint else f"{one_line(p.message)}\n{one_line(p.hint)}"
        )
        command = "notice" if p.severity == "note" else p.severity
        lines.append(
            f"::{command} file={_github_escape(one_line(p.path), is_property=True)},"
            f"line={p.line},col={p.col},title=oshub validate::"
            f"{_github_escape(message, is_property=False)}"
        )
    return lines


JSON_KEYS = ("path", "line", "col", "severity", "message", "schema_path", "hint", "pointer")
"""The keys of every object of the json format, in their order."""


def format_json(problems: Iterable[Problem]) -> str:
    """A JSON list of ``{path, line, col, severity, message, schema_path, hint,
    pointer}`` (``pointer``: the JSON pointer of the value a problem is about, ``""`` for
    a whole file or a line of a page's body); for a file with more than
    ``MAX_PROBLEMS_PER_FILE`` problems, its first ones, then one object of the same
    shape with ``severity`` ``"note"``, ``line`` and ``col`` 1, ``pointer`` ``""``, and
    one more key, ``left_out``: how many of its problems the list leaves out."""
    items: list[dict[str, object]] = []
    for p in capped(problems):
        item: dict[str, object] = {name: getattr(p, name) for name in JSON_KEYS}
        items.append({**item, "left_out": p.count} if isinstance(p, LeftOut) else item)
    return json.dumps(items, indent=2, ensure_ascii=False)


PROBLEM = "oshub_problem"
"""Marks the log records that are problem lines (``oshub build`` and ``oshub serve``
print the problems themselves and leave these out; ``mkdocs build`` shows them)."""
