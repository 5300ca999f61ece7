"""Read a submitted issue form back: GitHub writes each answer as ``### <label>``, an
empty line and the answer (``_No response_`` when left empty; checkboxes as
``- [X] option``).

Only the labels of a known form split the body, in the form's order, so a heading an
author typed inside an answer stays part of that answer. Light layer; no network.

The body is a stranger's text of up to ``MAX_BODY``: it is read with string methods, a
line at a time, never with a regular expression that could backtrack (a pattern such
as ``^\\s*`` over a run of line breaks, or ``(.+?)[ \\t]*$`` over a line of spaces, takes
time in the square of the length).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass

from oshub.contrib.issue_forms import FORMS, Form

NO_RESPONSE = "_No response_"
MAX_BODY = 1024 * 1024
"""Longest body read (GitHub's own limit is 65,536 characters)."""

_BLANKS = " \t"
"""What may stand between ``###`` and a heading's label, and after the label."""


@dataclass(frozen=True)
class Answers:
    """The answers of one submitted form, by field id (None: left empty)."""

    form: Form
    values: dict[str, str | None]
    missing: tuple[str, ...]
    """Ids of fields whose heading is not in the body at all."""


def _headings(text: str) -> list[tuple[str, int, int]]:
    """(label, start of the heading line, end of it) for every ``###`` line: ``###``,
    at least one space or tab, and a label, without the spaces and tabs around it.
    Lines end at ``\\n`` only (``normalise`` turned the other line ends into it)."""
    found: list[tuple[str, int, int]] = []
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if text.startswith("###", start, end) and end > start + 3 and text[start + 3] in _BLANKS:
            label = text[start + 3 : end].strip(_BLANKS)
            if label:
                found.append((label, start, end))
        start = end + 1
    return found


def detect_form(text: str) -> Form | None:
    """The form whose labels the body's headings match best (None: no form matches)."""
    found = {label for label, _, _ in _headings(normalise(text))}
    best: tuple[float, Form] | None = None
    for form in FORMS:
        labels = [f.label for f in form.fields]
        share = sum(1 for label in labels if label in found) / len(labels)
        if share >= 0.5 and (best is None or share > best[0]):
            best = (share, form)
    return best[1] if best else None


def normalise(text: str) -> str:
    """Line ends as ``\\n`` (GitHub sends ``\\r\\n``), without a byte-order mark."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def parse_answers(text: str, form: Form) -> Answers:
    """Split ``text`` at the form's own headings, in order, into answers."""
    text = normalise(text)
    by_label: dict[str, list[tuple[int, int]]] = defaultdict(list)  # in the body's order
    for name, start, end in _headings(text):
        by_label[name].append((start, end))
    found: list[tuple[str, int, int]] = []  # field id, start and end of its heading
    position = 0
    for item in form.fields:
        places = by_label.get(item.label, [])
        index = bisect.bisect_left(places, (position, -1))
        if index < len(places):
            start, end = places[index]
            found.append((item.id, start, end))
            position = end
    values: dict[str, str | None] = {}
    for index, (field_id, _, answer_start) in enumerate(found):
        answer_end = found[index + 1][1] if index + 1 < len(found) else len(text)
        value = text[answer_start:answer_end].strip()
        values[field_id] = None if value in ("", NO_RESPONSE) else value
    missing = tuple(f.id for f in form.fields if f.id not in values)
    return Answers(form, values, missing)


def ticked(value: str | None) -> bool:
    """True when a checkbox answer has a line with its box ticked (``- [X] ...``, the
    bullet ``-`` or ``*``, spaces allowed around it)."""
    if value is None:
        return False
    for line in value.split("\n"):
        rest = line.lstrip()
        if rest[:1] in ("-", "*") and rest[1:].lstrip().startswith(("[x]", "[X]")):
            return True
    return False
