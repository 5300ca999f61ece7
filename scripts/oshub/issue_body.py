"""Read a submitted issue form back: GitHub writes each answer as ``### <label>``, an
empty line and the answer (``_No response_`` when left empty; checkboxes as
``- [X] option``).

Only the labels of a known form split the body, in the form's order, so a heading an
author typed inside an answer stays part of that answer. Light layer; no network.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .issue_forms import FORMS, Form

NO_RESPONSE = "_No response_"
MAX_BODY = 1024 * 1024
"""Longest body read (GitHub's own limit is 65,536 characters)."""

_HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Answers:
    """The answers of one submitted form, by field id (None: left empty)."""

    form: Form
    values: dict[str, str | None]
    missing: tuple[str, ...]
    """Ids of fields whose heading is not in the body at all."""


def _headings(text: str) -> list[tuple[str, int, int]]:
    """(label, start of the heading line, end of it) for every ``###`` line."""
    return [(m.group(1), m.start(), m.end()) for m in _HEADING.finditer(text)]


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
    headings = _headings(text)
    found: list[tuple[str, int, int]] = []  # field id, start and end of its heading
    position = 0
    for item in form.fields:
        match = next((h for h in headings if h[0] == item.label and h[1] >= position), None)
        if match is not None:
            found.append((item.id, match[1], match[2]))
            position = match[2]
    values: dict[str, str | None] = {}
    for index, (field_id, _, answer_start) in enumerate(found):
        answer_end = found[index + 1][1] if index + 1 < len(found) else len(text)
        value = text[answer_start:answer_end].strip()
        values[field_id] = None if value in ("", NO_RESPONSE) else value
    missing = tuple(f.id for f in form.fields if f.id not in values)
    return Answers(form, values, missing)


def ticked(value: str | None) -> bool:
    """True when a checkbox answer has its box ticked (``- [X] ...``)."""
    return value is not None and re.search(r"^\s*[-*]\s*\[[xX]\]", value, re.MULTILINE) is not None
