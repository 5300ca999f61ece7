"""The budget page says the hub budget template "has the categories below": the worked
example's categories and the template's (data/templates.yaml) are the same, in order."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import yaml

from support import REPO

BUDGET_PAGE = REPO / "blueprint" / "guides" / "business-plans" / "budget.md"
TEMPLATES = REPO / "data" / "templates.yaml"


class _FirstCells(HTMLParser):
    """The text of the first cell of each body row, table by table."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[str]] = []
        self._cell: list[str] | None = None
        self._column = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._column = 0
        elif tag == "td":
            self._column += 1
            self._cell = [] if self._column == 1 else None

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.tables[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def first_cells(markdown_text: str) -> list[list[str]]:
    """The first column of each table of a guide page, rendered as the site renders it."""
    reader = _FirstCells()
    reader.feed(markdown.markdown(markdown_text.split("\n---\n", 1)[-1], extensions=["tables"]))
    return reader.tables


def test_the_worked_example_uses_the_template_categories() -> None:
    names = [
        c["name"] for c in yaml.safe_load(TEMPLATES.read_text("utf-8"))["budget"]["categories"]
    ]
    tables = first_cells(BUDGET_PAGE.read_text(encoding="utf-8"))
    # a row reads "Coordination (running)": the category, then its kind
    rows = [
        [cell.removesuffix(" (running)").removesuffix(" (one-off)") for cell in t] for t in tables
    ]
    example = next(t for t in rows if "Coordination" in t and "Contingency" in t)
    assert [name for name in example if name != "Total"] == names


def test_first_cells_reads_each_table() -> None:
    sample = "| A | B |\n|---|---|\n| one | 1 |\n| **two** | 2 |\n\nText.\n\n| C |\n|---|\n| x |\n"
    assert first_cells(sample) == [["one", "two"], ["x"]]
