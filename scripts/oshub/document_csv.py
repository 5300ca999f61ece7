"""CSV files of the docs folder: no cell that a spreadsheet would run as a formula.

A reader who downloads a table opens it in a spreadsheet, which evaluates a cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return: a
``=HYPERLINK(...)`` sends a click elsewhere, a DDE cell (``=cmd|' /C calc'!A0``)
asks to run a program. Such a cell is refused at its line and column, not rewritten:
the author can fix it, and the published file stays byte for byte the file that was
reviewed. Spreadsheets skip leading spaces and quotes before they look, so this check
does too; a real number (``-3.5``, ``+1e3``, ``-12%``) and a cell of dashes only (a
placeholder) are not formulas. A cell that holds another separator (``,``, ``;`` or a
tab, which a spreadsheet set to another language splits on) is also read from after
it, for ``=``, ``@``, or a ``+``/``-`` that calls something (``(``, ``|``).

Only the standard library: this check runs in the light layer too.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .csvsafe import FORMULA_STARTS
from .problems import Problem, error
from .textfile import read_text

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?%?")
_DASHES = re.compile(r"[-+]+")
_DELIMITERS = ",;\t|"
_INNER_SEPARATORS = re.compile(r"[,;\t]")
_SKIPPED = ' "'
"""What a spreadsheet skips before it decides whether a cell is a formula."""


def formula_start(cell: str) -> bool:
    """True when a spreadsheet would read ``cell`` as a formula (see the module)."""
    start = cell.lstrip(_SKIPPED)
    if not start.startswith(FORMULA_STARTS):
        return False
    if start[0] in "+-":
        stripped = start.rstrip(_SKIPPED)
        return not (_NUMBER.fullmatch(stripped) or _DASHES.fullmatch(stripped))
    return True


def _inner_formula(cell: str) -> int | None:
    """Offset in ``cell`` of a formula after another separator, or None."""
    for separator in _INNER_SEPARATORS.finditer(cell):
        rest = cell[separator.end() :]
        start = rest.lstrip(_SKIPPED)
        if start.startswith(("=", "@")) or (
            start.startswith(("+", "-")) and ("(" in start or "|" in start)
        ):
            return separator.end() + len(rest) - len(start)
    return None


def _delimiter(first_line: str) -> str:
    """The separator the file uses: the one of ``, ; tab |`` its first line has most of."""
    counts = {d: first_line.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _cell_offsets(raw: str, delimiter: str) -> list[int]:
    """Where each cell of one record starts in its text (quotes respected)."""
    starts = [0]
    quoted = False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted  # a doubled "" inside quotes flips twice
        elif char == delimiter and not quoted:
            starts.append(index + 1)
    return starts


def _line_col(raw: str, offset: int, first_line: int) -> tuple[int, int]:
    before = raw[:offset]
    lines = io.StringIO(before, newline="").readlines()
    if not lines:
        return first_line, 1
    ended = lines[-1].endswith(("\n", "\r"))
    line = first_line + len(lines) - (0 if ended else 1)
    return line, 1 if ended else len(lines[-1]) + 1


def check_csv_text(text: str, rel: str) -> list[Problem]:
    """Problems of a CSV text: cells a spreadsheet would evaluate, at line:col."""
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        return []
    delimiter = _delimiter(lines[0])
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    problems: list[Problem] = []
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(error(rel, reader.line_num, 1, f"not a readable CSV table: {exc}"))
            break
        raw = "".join(lines[consumed : reader.line_num])
        first_line = consumed + 1
        consumed = reader.line_num
        offsets = _cell_offsets(raw, delimiter)
        for index, cell in enumerate(row):
            inner = _inner_formula(cell)
            if not formula_start(cell) and inner is None:
                continue
            offset = offsets[index] if len(offsets) == len(row) else 0
            line, col = _line_col(raw, offset, first_line)
            shown = cell.strip()[:40]
            problems.append(
                error(
                    rel,
                    line,
                    col,
                    f"a spreadsheet would run this cell as a formula: `{shown}`",
                    hint="start the text with a letter or a digit (cells starting with "
                    "=, +, -, @, a tab or a carriage return are formulas; numbers are fine)",
                )
            )
    return problems


def check_csv(path: Path, rel: str, root: Path) -> list[Problem]:
    """Problems of a CSV file of the docs folder (UTF-8 text, at most 1 MiB)."""
    text, problems = read_text(path, rel, root)
    if text is None:
        return problems
    return check_csv_text(text.removeprefix("\ufeff"), rel)
