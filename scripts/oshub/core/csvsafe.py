"""CSV cells that a spreadsheet shows as text, never runs as a formula (OWASP's advice).

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
as a formula by spreadsheet programs; content that starts so gets a leading ``'``,
which they show as text. Numbers stay numbers: a negative longitude is not text.
"""

from __future__ import annotations

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""Characters that make a spreadsheet read a cell as a formula."""


def spreadsheet_safe(value: object) -> object:
    """``value`` with a leading ``'`` when it is text starting with a formula character."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """A CSV row with every text cell made safe."""
    return [spreadsheet_safe(value) for value in values]
