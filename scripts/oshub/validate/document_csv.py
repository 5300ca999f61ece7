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

A first line ``sep=x`` is refused: Excel takes it as the separator to split on, so
the cells it would see are not the cells this check reads (``sep=x`` then
``ax=HYPERLINK(...)`` is a formula to Excel).

Only the standard library: this check runs in the light layer too.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
from pathlib import Path

from oshub.core.csvsafe import FORMULA_STARTS
from oshub.core.problems import Problem, error
from oshub.load.textfile import read_text

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?%?")
_DASHES = re.compile(r"[-+]+")
_DELIMITERS = ",;\t|"
_INNER_START = re.compile(r'[,;\t][ "]*+([=@+-])')
"""Another separator, then (after what a spreadsheet skips) a formula's first sign."""
_LINE_END = re.compile(r"\r\n|\r|\n")
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
    """Offset in ``cell`` of a formula after another separator, or None (linear: one
    pass over the separators, one look at what follows each)."""
    last_call = max(cell.rfind("("), cell.rfind("|"))
    for match in _INNER_START.finditer(cell):
        sign = match.group(1)
        if sign in "=@" or match.start(1) < last_call:
            return match.start(1)
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


def _line_starts(raw: str) -> list[int]:
    """Offsets in ``raw`` where its lines start (after ``\n``, ``\r\n`` or ``\r``)."""
    return [0, *(m.end() for m in _LINE_END.finditer(raw) if m.end() < len(raw))]


def _line_col(starts: list[int], offset: int, first_line: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    return first_line + index, offset - starts[index] + 1


def check_csv_text(text: str, rel: str) -> list[Problem]:
    """Problems of a CSV text: cells a spreadsheet would evaluate, at line:col."""
    lines = io.StringIO(text, newline="").readlines()
    if not lines:
        return []
    delimiter = _delimiter(lines[0])
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=False)
    problems: list[Problem] = []
    if lines[0].lstrip(_SKIPPED + "\t").lower().startswith("sep="):
        problems.append(
            error(
                rel,
                1,
                1,
                "a `sep=` first line: Excel would split the table on another separator "
                "than the cells checked here",
                hint="remove the first line: spreadsheets find the separator themselves",
            )
        )
    consumed = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(error(rel, reader.line_num, 1, f"not a readable CSV table: {exc}"))
            break
        first_line, last_line = consumed + 1, reader.line_num
        consumed = reader.line_num
        flagged = [i for i, cell in enumerate(row) if formula_start(cell) or _inner_formula(cell)]
        if not flagged:
            continue
        raw = "".join(lines[first_line - 1 : last_line])
        offsets = _cell_offsets(raw, delimiter)
        starts = _line_starts(raw)
        for index in flagged:
            cell = row[index]
            offset = offsets[index] if len(offsets) == len(row) else 0
            line, col = _line_col(starts, offset, first_line)
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
