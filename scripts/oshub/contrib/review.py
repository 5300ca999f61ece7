"""Keeping content fresh: what has not been reviewed for over 12 months.

Hubs, missions and guide pages carry ``last_reviewed``. One is **due for review**
once more than a year has passed since that date (reviewed on 2025-03-01: due from
2026-03-02). ``oshub review`` lists them, oldest first, and the site marks their pages.
A guide page without a review date is due too. Light layer: no site tools.

The weekly workflow turns ``oshub review --format json`` into the body of one tracking
issue with ``python -m oshub.contrib.review review.json`` (``format_issue``): every name,
title and path from content is a code span there, which GitHub shows as typed (no
link, image, mention or issue reference), whatever backticks it holds.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from itertools import groupby
from pathlib import Path

from oshub.core.problems import one_line
from oshub.model.entities import Site
from oshub.model.review_dates import due_since, is_due


@dataclass(frozen=True)
class Due:
    """One file due for review (the JSON of ``oshub review --format json``)."""

    path: str
    """The file, relative to the project root (``hubs/lemnos.yaml``)."""
    kind: str
    """``hub``, ``mission`` or ``guide``."""
    title: str
    """The hub's name, the mission's or the guide page's title."""
    last_reviewed: str | None
    """``YYYY-MM-DD``, or None for a guide page that has none."""
    due_since: str | None
    """The first day it was due (a year and a day after ``last_reviewed``), or None."""
    days_overdue: int | None
    """Days from ``due_since`` to today, counting both (1 on the first day), or None."""


def _entry(path: str, kind: str, title: str, reviewed: str | None, on: date) -> Due:
    first = due_since(reviewed) if reviewed else None
    return Due(
        path=path,
        kind=kind,
        title=title,
        last_reviewed=str(reviewed) if reviewed else None,
        due_since=first.isoformat() if first else None,
        days_overdue=(on - first).days + 1 if first else None,
    )


def due_for_review(site: Site, on: date, *, docs_dir: str = "blueprint") -> list[Due]:
    """Hubs, missions and guide pages due for review on ``on``: never-reviewed guide pages
    first, then oldest review first (then by path)."""
    found = [
        *(_entry(h.source, "hub", h.name, h.last_reviewed, on) for h in site.hubs),
        *(_entry(m.source, "mission", m.title, m.last_reviewed, on) for m in site.missions),
        *(
            _entry(f"{docs_dir}/{g.path}", "guide", g.title, g.last_reviewed, on)
            for g in site.guides
        ),
    ]
    due = [d for d in found if is_due(d.last_reviewed, on)]
    return sorted(due, key=lambda d: (d.last_reviewed or "", d.path))


def format_json(due: Iterable[Due]) -> str:
    """A JSON list of ``{path, kind, title, last_reviewed, due_since, days_overdue}``."""
    return json.dumps([asdict(d) for d in due], indent=2, ensure_ascii=False)


def format_text(due: list[Due], on: date) -> list[str]:
    """One line a file, then a summary line."""
    lines = []
    for d in due:
        if d.last_reviewed is None:
            lines.append(
                f"{one_line(d.path)}: {d.kind} “{one_line(d.title)}”: never reviewed "
                "(no last_reviewed)"
            )
        else:
            lines.append(
                f"{one_line(d.path)}: {d.kind} “{one_line(d.title)}”: "
                f"last reviewed {d.last_reviewed}, "
                f"due since {d.due_since} ({d.days_overdue} days)"
            )
    if due:
        lines.append(
            f"{len(due)} file{'s' if len(due) != 1 else ''} due for review on {on}: read "
            "each one, correct it, and set last_reviewed to the day you checked it"
        )
    else:
        lines.append(f"nothing due for review on {on}: all reviewed in the last 12 months")
    return lines


def code_span(text: str) -> str:
    """``text`` as one Markdown code span (CommonMark, GitHub): on one line (see
    ``one_line``), between backtick runs one longer than the longest run inside, so no
    backtick of the text can close the span, with a space inside each end when the text
    starts or ends with a backtick or a space (the space Markdown then takes away, except
    from a span of spaces alone). An empty text is one space in the span (an empty span
    would be two backticks, shown as such)."""
    text = one_line(text)
    if not text:
        return "` `"
    longest = max((len(list(run)) for char, run in groupby(text) if char == "`"), default=0)
    fence = "`" * (longest + 1)
    edge = text[0] in "` " or text[-1] in "` "
    pad = " " if edge and text.strip(" ") else ""  # Markdown keeps a span of spaces whole
    return f"{fence}{pad}{text}{pad}{fence}"


ISSUE_INTRO = (
    "These files were last reviewed more than 12 months ago (oldest first).",
    "Check each against its sources, correct it, and set `last_reviewed`.",
    "This issue is updated every week by the weekly workflow.",
)


def format_issue(due: Sequence[Due]) -> str:
    """The body of the weekly tracking issue (Markdown): one list item a file, its path
    and title as code spans (``code_span``), never as Markdown of their own."""
    lines = [*ISSUE_INTRO, ""]
    for d in due:
        reviewed = (
            f"last reviewed {d.last_reviewed}, due since {d.due_since}"
            if d.last_reviewed
            else "never reviewed"
        )
        lines.append(f"- {code_span(d.path)} ({d.kind}) {code_span(d.title)}: {reviewed}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str]) -> int:
    """``python -m oshub.contrib.review REVIEW.json``: the tracking issue's body, from the JSON
    of ``oshub review --format json``, on standard output."""
    if len(argv) != 1:
        print("usage: python -m oshub.contrib.review REVIEW.json", file=sys.stderr)
        return 2
    entries = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    sys.stdout.write(format_issue([Due(**entry) for entry in entries]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
