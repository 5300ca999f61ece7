"""Problems logged as MkDocs shows its own messages (``oshub build`` and the live
preview leave the marked lines out and print the problems themselves)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from oshub.core.problems import PROBLEM, Problem, capped, format_text

log = logging.getLogger("mkdocs.plugins.oshub")


def log_problems(problems: Iterable[Problem]) -> None:
    """Log problems as ``format_text`` prints them (at most ``MAX_PROBLEMS_PER_FILE`` a
    file, then a note of how many more); the note is information, never a warning."""
    for problem in capped(problems):
        lines = format_text([problem]) if isinstance(problem, Problem) else None
        if lines is None:
            log.info(f"{problem.path}:1:1: note: {problem.message}", extra={PROBLEM: True})
            continue
        for line in lines:
            (log.error if problem.is_error else log.warning)(line, extra={PROBLEM: True})
