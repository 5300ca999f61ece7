"""What a guide page asks of a reader on a phone, read from its built HTML with a parser.

Two limits of the project's content rules: no paragraph over 120 words, and no table of
words wider than four columns. A table whose cells are mostly numbers (a budget, a cash
flow) may be wider when the page also offers the numbers as a spreadsheet download: the
theme puts every table in a frame that scrolls sideways on its own, so the page does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

MOST_WORDS = 120
"""Words in one paragraph, at most."""
MOST_COLUMNS = 4
"""Columns in a table of words, at most."""
SPREADSHEETS = (".ods", ".xlsx", ".csv")
"""A download of one of these kinds holds a wide table's numbers too."""
_CONTENT = "article.md-content__inner"
_NUMBER_SIGNS = str.maketrans("", "", " ,.%+-\u2212\u2013€$£()\u00a0")


@dataclass(frozen=True)
class Overlong:
    """Something on a page over a limit: what it is, how far over, and how it starts."""

    kind: str
    size: int
    start: str


def _content(html: str) -> LexborNode | None:
    return LexborHTMLParser(html).css_first(_CONTENT)


def _words(node: LexborNode) -> int:
    return len(node.text(separator=" ").split())


def long_paragraphs(html: str, most: int = MOST_WORDS) -> list[Overlong]:
    """The paragraphs of the page's content longer than ``most`` words."""
    content = _content(html)
    if content is None:
        return []
    return [
        Overlong("paragraph", _words(p), _short(p)) for p in content.css("p") if _words(p) > most
    ]


def _short(node: LexborNode) -> str:
    return " ".join(node.text(separator=" ").split())[:60]


def _columns(table: LexborNode) -> int:
    return max((len(row.css("th, td")) for row in table.css("tr")), default=0)


def _is_number(text: str) -> bool:
    return text.translate(_NUMBER_SIGNS).isdecimal()


def mostly_numbers(table: LexborNode) -> bool:
    """Whether most of the table's body cells (its ``td``s) hold a number."""
    cells = [c.text(separator=" ").strip() for c in table.css("td")]
    filled = [c for c in cells if c]
    return bool(filled) and 2 * sum(map(_is_number, filled)) > len(filled)


def _offers_spreadsheet(content: LexborNode) -> bool:
    links = (a.attributes.get("href") or "" for a in content.css("a[href]"))
    return any(link.split("#")[0].split("?")[0].endswith(SPREADSHEETS) for link in links)


def wide_tables(html: str, most: int = MOST_COLUMNS) -> list[Overlong]:
    """The tables of the page's content wider than ``most`` columns, less those of
    numbers whose page offers a spreadsheet download."""
    content = _content(html)
    if content is None:
        return []
    spreadsheet = _offers_spreadsheet(content)
    return [
        Overlong("table", _columns(t), _short(t))
        for t in content.css("table")
        if _columns(t) > most and not (spreadsheet and mostly_numbers(t))
    ]
