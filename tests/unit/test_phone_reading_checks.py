"""The checks that keep guide pages readable on a phone find what they are for."""

from __future__ import annotations

from support.phone_reading import MOST_COLUMNS, MOST_WORDS, long_paragraphs, wide_tables


def _page(content: str) -> str:
    return (
        "<html><body><nav><p>" + "menu " * 200 + "</p></nav>"
        f'<article class="md-content__inner md-typeset">{content}</article></body></html>'
    )


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def test_a_paragraph_over_the_limit_is_found_and_one_at_it_is_not() -> None:
    at_limit = "<p>" + "word " * MOST_WORDS + "</p>"
    over = "<p>Too <em>long</em> " + "word " * (MOST_WORDS - 1) + "</p>"
    found = long_paragraphs(_page(at_limit + over))
    assert [(o.kind, o.size) for o in found] == [("paragraph", MOST_WORDS + 1)]
    assert found[0].start.startswith("Too long word")


def test_only_the_pages_content_counts() -> None:
    assert long_paragraphs(_page("<p>short</p>")) == []
    assert wide_tables(_page("<p>no table</p>")) == []
    assert long_paragraphs("<p>" + "word " * 500 + "</p>") == []


def test_a_table_of_words_wider_than_four_columns_is_found() -> None:
    narrow = _table(["a", "b", "c", "d"], [["one", "two", "three", "four"]])
    wide = _table(["a", "b", "c", "d", "e"], [["one", "two", "three", "four", "five"]])
    found = wide_tables(_page(narrow + wide))
    assert [(o.kind, o.size) for o in found] == [("table", MOST_COLUMNS + 1)]


def test_a_wide_table_of_numbers_may_stay_when_the_page_offers_a_spreadsheet() -> None:
    numbers = _table(
        ["Month", "In", "Out", "Balance", "Note"],
        [["Jan", "1,200", "300", "900", ""], ["Feb", "0", "-40", "860", "fees"]],
    )
    download = '<p><a href="../templates/cash.ods">cash.ods</a></p>'
    assert wide_tables(_page(numbers + download)) == []
    assert len(wide_tables(_page(numbers))) == 1  # no spreadsheet: it counts
    words = _table(["a", "b", "c", "d", "e"], [["x", "y", "z", "w", "12"]])
    assert len(wide_tables(_page(words + download))) == 1  # words: a download is no excuse
