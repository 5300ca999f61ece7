"""Downloadable templates on open standards: OpenDocument (ODT, ODS) and CSV.

Written at build time from ``data/templates.yaml`` with odfpy, so that the words
live in one place and every format says the same. Files are deterministic apart
from the metadata odfpy stamps.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import H, List, ListItem, P

from oshub.core.csvsafe import safe_row
from oshub.model.entities import CONTENT_LICENCE, Budget, Canvas

LICENCE_LINE = f"{CONTENT_LICENCE.attribution}, {CONTENT_LICENCE.name} ({CONTENT_LICENCE.url})"


@dataclass(frozen=True)
class SheetWords:
    """The words of the budget spreadsheet a reader sees (from ``words.html``, in the
    site's language; the English defaults are for callers without templates)."""

    budget: str = "Budget"
    notes: str = "Notes"
    category: str = "Category"
    kind: str = "Kind"
    total: str = "Total"
    what_belongs: str = "What belongs here"
    licence: str = "Licence"
    year: str = "Year {number}"
    """With ``{number}`` where the year's number goes."""


def _bytes(document: OpenDocumentText | OpenDocumentSpreadsheet) -> bytes:
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def canvas_odt(canvas: Canvas) -> bytes:
    """The canvas as an ODT text document: each box a heading, its questions, room to write."""
    doc = OpenDocumentText()
    doc.meta.addElement(_title_meta(canvas.title))
    heading = Style(name="Heading1", family="paragraph")
    heading.addElement(TextProperties(fontsize="18pt", fontweight="bold"))
    box_heading = Style(name="Heading2", family="paragraph")
    box_heading.addElement(TextProperties(fontsize="14pt", fontweight="bold"))
    box_heading.addElement(ParagraphProperties(margintop="0.5cm"))
    lines = Style(name="WriteHere", family="paragraph")
    lines.addElement(ParagraphProperties(borderbottom="0.5pt solid #808080", margintop="0.4cm"))
    for style in (heading, box_heading, lines):
        doc.styles.addElement(style)
    doc.text.addElement(H(outlinelevel=1, stylename=heading, text=canvas.title))
    doc.text.addElement(P(text=canvas.introduction))
    for number, box in enumerate(canvas.boxes, start=1):
        doc.text.addElement(H(outlinelevel=2, stylename=box_heading, text=f"{number}. {box.title}"))
        questions = List()
        for question in box.questions:
            item = ListItem()
            item.addElement(P(text=question))
            questions.addElement(item)
        doc.text.addElement(questions)
        for _ in range(4):
            doc.text.addElement(P(stylename=lines, text=""))
    doc.text.addElement(P(text=LICENCE_LINE))
    return _bytes(doc)


def canvas_csv(canvas: Canvas) -> str:
    """The canvas as CSV: box, question, and an empty answer column."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["box", "question", "answer"])
    for number, box in enumerate(canvas.boxes, start=1):
        for question in box.questions:
            writer.writerow(safe_row([f"{number}. {box.title}", question, ""]))
    return out.getvalue()


def _cell(value: str | float | None = None, formula: str | None = None) -> TableCell:
    if formula is not None:
        return TableCell(valuetype="float", value=0, formula=formula)
    if isinstance(value, int | float):
        return TableCell(valuetype="float", value=value)
    cell = TableCell(valuetype="string")
    if value:
        cell.addElement(P(text=value))
    return cell


def _column_letter(index: int) -> str:
    return chr(ord("A") + index)


def budget_ods(budget: Budget, words: SheetWords = SheetWords()) -> bytes:
    """The budget as an ODS spreadsheet: a Budget sheet with yearly columns and totals
    that add themselves up, and a Notes sheet with what belongs in each category."""
    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(_title_meta(budget.title))
    wide = Style(name="Wide", family="table-column")
    wide.addElement(TableColumnProperties(columnwidth="6cm"))
    doc.automaticstyles.addElement(wide)
    sheet = Table(name=words.budget)
    sheet.addElement(TableColumn(stylename=wide))
    sheet.addElement(TableColumn(numbercolumnsrepeated=budget.years + 2))
    header = TableRow()
    years = [words.year.format(number=y) for y in range(1, budget.years + 1)]
    for text in [words.category, words.kind, *years, words.total]:
        header.addElement(_cell(text))
    sheet.addElement(header)
    first_row, last_row = 2, len(budget.categories) + 1
    for row_number, category in enumerate(budget.categories, start=first_row):
        row = TableRow()
        row.addElement(_cell(category.name))
        row.addElement(_cell(category.kind))
        for _ in range(budget.years):
            row.addElement(_cell(0))
        first_year, last_year = _column_letter(2), _column_letter(1 + budget.years)
        row.addElement(
            _cell(formula=f"of:=SUM([.{first_year}{row_number}:.{last_year}{row_number}])")
        )
        sheet.addElement(row)
    totals = TableRow()
    totals.addElement(_cell(words.total))
    totals.addElement(_cell(""))
    for column in range(2, 3 + budget.years):
        letter = _column_letter(column)
        totals.addElement(_cell(formula=f"of:=SUM([.{letter}{first_row}:.{letter}{last_row}])"))
    sheet.addElement(totals)
    doc.spreadsheet.addElement(sheet)
    notes = Table(name=words.notes)
    notes.addElement(TableColumn(stylename=wide))
    notes.addElement(TableColumn(numbercolumnsrepeated=2))
    for values in (
        [(words.category, words.kind, words.what_belongs)]
        + [(c.name, c.kind, c.examples) for c in budget.categories]
        + [("", "", ""), (words.licence, "", LICENCE_LINE)]
    ):
        row = TableRow()
        for value in values:
            row.addElement(_cell(value))
        notes.addElement(row)
    doc.spreadsheet.addElement(notes)
    return _bytes(doc)


def budget_csv(budget: Budget) -> str:
    """The budget as CSV: category, kind, what belongs there, and empty yearly columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            "category",
            "kind",
            "what belongs here",
            *(f"year_{y}" for y in range(1, budget.years + 1)),
        ]
    )
    for category in budget.categories:
        writer.writerow(
            safe_row([category.name, category.kind, category.examples, *([""] * budget.years)])
        )
    return out.getvalue()


def _title_meta(title: str) -> object:
    from odf.dc import Title

    return Title(text=title)
