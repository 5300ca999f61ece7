"""Problems found in content, and the three ways of printing them.

A problem is a value: checks collect them in lists and never raise, so that one
run reports every problem at once. The output formats are fixed in the project's
conventions (text, github, json) and other tools rely on them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at a 1-based line and column."""

    path: str
    line: int
    col: int
    severity: Severity
    message: str
    schema_path: str = ""
    hint: str = ""

    @property
    def is_error(self) -> bool:
        """True for errors, False for warnings."""
        return self.severity == "error"


def error(
    path: str, line: int, col: int, message: str, *, hint: str = "", schema_path: str = ""
) -> Problem:
    """Build an error problem."""
    return Problem(path, line, col, "error", message, schema_path, hint)


def warning(
    path: str, line: int, col: int, message: str, *, hint: str = "", schema_path: str = ""
) -> Problem:
    """Build a warning problem."""
    return Problem(path, line, col, "warning", message, schema_path, hint)


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


def format_text(problems: Iterable[Problem]) -> list[str]:
    """Lines of the text format: ``path:line:col: severity: message [schema/path]``."""
    lines: list[str] = []
    for p in problems:
        where = f" [{p.schema_path}]" if p.schema_path else ""
        lines.append(f"{p.path}:{p.line}:{p.col}: {p.severity}: {p.message}{where}")
        if p.hint:
            lines.append(f"  hint: {p.hint}")
    return lines


def text_report(problems: Sequence[Problem], files_checked: int) -> list[str]:
    """What ``oshub validate`` prints in the text format: the problem lines, then the
    summary line (the live preview prints exactly this too)."""
    return [*format_text(problems), summary(problems, files_checked)]


def _github_escape(value: str, *, is_property: bool) -> str:
    # GitHub workflow commands escape %, CR and LF; properties also escape : and ,
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if is_property:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problems: Iterable[Problem]) -> list[str]:
    """Lines of GitHub Actions workflow commands, one annotation a problem."""
    lines: list[str] = []
    for p in problems:
        message = p.message if not p.hint else f"{p.message}\n{p.hint}"
        lines.append(
            f"::{p.severity} file={_github_escape(p.path, is_property=True)},"
            f"line={p.line},col={p.col},title=oshub validate::"
            f"{_github_escape(message, is_property=False)}"
        )
    return lines


def format_json(problems: Iterable[Problem]) -> str:
    """A JSON list of ``{path, line, col, severity, message, schema_path, hint}``."""
    return json.dumps([asdict(p) for p in problems], indent=2, ensure_ascii=False)
