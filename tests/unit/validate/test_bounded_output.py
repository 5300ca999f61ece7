"""Bounded work and output: nesting refused before rendering, problems capped a file,
quotes cut short."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from oshub.core.problems import (
    MAX_PROBLEMS_PER_FILE,
    MAX_QUOTE,
    Problem,
    error,
    format_github,
    format_json,
    format_text,
    summary,
    warning,
)
from oshub.core.project import load_project
from oshub.validate.markdown_check import headings, scan_body
from oshub.validate.markdown_limits import (
    MAX_DEPTH,
    MAX_HEADINGS,
    MAX_LINKS,
    MAX_TABLE_ROWS,
    MAX_TAGS,
    nesting_problems,
)
from oshub.validate.run import validate_project
from support import JSON_PROBLEM_KEYS


@pytest.mark.parametrize(
    ("body", "line", "col", "words"),
    [
        ("text\n\n" + "- " * 500 + "x\n", 5, 1001, "nest 500 deep"),
        ("> " * (MAX_DEPTH + 1) + "quoted\n", 3, 2 * MAX_DEPTH + 3, "nest 21 deep"),
        ("    " * (MAX_DEPTH + 1) + "x\n", 3, 4 * MAX_DEPTH + 5, "nest 21 deep"),
        ("[" * 100_000 + "](" * 100_000, 3, MAX_DEPTH + 1, "brackets open 21 deep"),
        ("<" * 900_000, 3, MAX_DEPTH + 1, "brackets open 21 deep"),
        ("[x](" * 30, 3, 4 * MAX_DEPTH + 1, "brackets open 21 deep"),
        ("*a " * 30 + "b* " * 30, 3, 3 * MAX_DEPTH + 1, "emphasis opens 21 deep"),
        ("# a\n" * (MAX_HEADINGS + 1), 3 + MAX_HEADINGS, 1, "more than 1,000 headings"),
        ("[a](b) " * (MAX_LINKS + 1), 3, 1, "more than 5,000 links"),
        ("<b>" * (MAX_TAGS + 1), 3, 1, "more than 5,000 HTML tags"),
        ("x <a\n\n" * 6, 13, 3, "more than 5 unclosed HTML tags"),
        ("| a |\n" * (MAX_TABLE_ROWS + 1), 3 + MAX_TABLE_ROWS, 1, "more than 2,000 table rows"),
    ],
)
def test_deep_nesting_is_refused_at_its_line(body: str, line: int, col: int, words: str) -> None:
    problems = nesting_problems(body, "blueprint/guides/x.md", 2)
    found = [p for p in problems if words in p.message]
    assert [(p.line, p.col) for p in found] == [(line, col)]
    assert found[0].is_error
    assert len(problems) <= 2  # one a kind, never one a bracket


def test_nesting_at_the_limit_and_closed_brackets_pass() -> None:
    body = "\n".join(
        [
            "- " * MAX_DEPTH + "deep enough",
            "",
            "[" * MAX_DEPTH + "]" * MAX_DEPTH,
            "[a](b) " * 4_000,  # closed: any number up to the links a page may have
            "",
            "\\[" * 100 + " escaped",
            "",
            "*a " * MAX_DEPTH + "b* " * MAX_DEPTH,
            "a * b * c " * 100,  # not emphasis
        ]
    )
    assert nesting_problems(body, "x.md") == []


def test_a_less_than_sign_counts_on_its_line_only() -> None:
    table = "| size | kind |\n|---|---|\n" + "| < 10 students | small |\n" * 50
    assert nesting_problems(table, "x.md") == []


def test_a_glossary_of_abbreviations_is_no_emphasis() -> None:
    """The build appends the glossary to every guide page, one ``*[term]:`` a line."""
    body = "Text.\n\n" + "".join(f"*[term {i}]: what term {i} means\n" for i in range(200))
    assert nesting_problems(body, "x.md") == []


def test_a_paragraph_break_closes_what_was_left_open() -> None:
    body = ("(" * MAX_DEPTH + "\n\n") * 50
    assert nesting_problems(body, "x.md") == []


def test_the_page_check_reports_nesting_and_stays_small() -> None:
    """The 300 KB bracket page: one problem, not one a bracket quoting the whole text."""
    scan = scan_body("[" * 100_000 + "](" * 100_000, "blueprint/guides/x.md", 4)
    assert len(scan.problems) < 10
    assert any("brackets open" in p.message for p in scan.problems)
    assert sum(len(p.message) + len(p.hint) for p in scan.problems) < 5000


def test_many_equal_headings_are_numbered_in_linear_time() -> None:
    found = headings("# a\n" * 50_000)
    assert [h.anchor for h in found[:3]] == ["a", "a_1", "a_2"]
    assert found[-1].anchor == "a_49999"
    assert [h.anchor for h in headings("# a\n# a_1\n# a\n")] == ["a", "a_1", "a_2"]


def _many(count: int, path: str = "hubs/x.yaml") -> list[Problem]:
    return [error(path, i + 1, 1, f"problem {i}") for i in range(count)]


def test_text_output_shows_at_most_the_cap_a_file_and_says_how_many_more() -> None:
    problems = [*_many(MAX_PROBLEMS_PER_FILE + 23), warning("hubs/y.yaml", 1, 1, "one")]
    lines = format_text(problems)
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 2
    assert lines[MAX_PROBLEMS_PER_FILE] == (
        "hubs/x.yaml:1:1: note: 23 more problems in this file not shown "
        f"(at most {MAX_PROBLEMS_PER_FILE} are shown a file)"
    )
    assert lines[-1].startswith("hubs/y.yaml:1:1: warning: one")
    assert summary(problems, 2).startswith(f"{MAX_PROBLEMS_PER_FILE + 23} errors, 1 warning")


def test_github_output_is_capped_with_a_notice() -> None:
    lines = format_github(_many(MAX_PROBLEMS_PER_FILE + 1))
    assert len(lines) == MAX_PROBLEMS_PER_FILE + 1
    assert lines[-1].startswith("::notice file=hubs/x.yaml,line=1,col=1,title=oshub validate::")
    assert "1 more problem in this file" in lines[-1]


def test_json_output_is_capped_with_a_note_object_of_the_same_shape() -> None:
    items = json.loads(format_json(_many(MAX_PROBLEMS_PER_FILE + 5)))
    assert len(items) == MAX_PROBLEMS_PER_FILE + 1
    note = items[-1]
    assert note["severity"] == "note" and note["left_out"] == 5
    assert set(items[0]) | {"left_out"} == set(note)
    assert (note["path"], note["line"], note["col"]) == ("hubs/x.yaml", 1, 1)
    assert json.loads(format_json(_many(3))) == [
        {k: v for k, v in item.items()} for item in items[:3]
    ]


def test_json_objects_carry_the_pointer_of_the_value_and_the_note_an_empty_one() -> None:
    about = error("hubs/x.yaml", 4, 8, "location.lat: out of range", pointer="/location/lat")
    whole = warning("hubs/x.yaml", 1, 1, "file is empty")
    items = json.loads(format_json([about, whole]))
    assert list(items[0]) == JSON_PROBLEM_KEYS
    assert [item["pointer"] for item in items] == ["/location/lat", ""]
    capped = json.loads(format_json(_many(MAX_PROBLEMS_PER_FILE + 1)))
    assert capped[-1]["left_out"] == 1 and capped[-1]["pointer"] == ""


def test_the_pointer_changes_neither_the_text_nor_the_github_lines() -> None:
    plain = error("hubs/x.yaml", 4, 8, "lat: out of range", hint="h", schema_path="properties/lat")
    pointed = error(
        "hubs/x.yaml",
        4,
        8,
        "lat: out of range",
        hint="h",
        schema_path="properties/lat",
        pointer="/lat",
    )
    assert (
        format_text([pointed])
        == format_text([plain])
        == [
            "hubs/x.yaml:4:8: error: lat: out of range [properties/lat]",
            "  hint: h",
        ]
    )
    assert format_github([pointed]) == format_github([plain])


def test_a_pointer_longer_than_the_output_allows_names_its_nearest_parent() -> None:
    key = "k" * 5000
    problem = error("hubs/x.yaml", 1, 1, "unknown key", pointer=f"/contact/{key}")
    assert problem.pointer == "/contact"
    assert error("hubs/x.yaml", 1, 1, "unknown key", pointer=f"/{key}").pointer == ""


def test_quotes_in_messages_and_hints_are_cut_short() -> None:
    value = "x" * 100_000
    problem = error("a.md", 1, 1, f"link `{value}` is bad", hint=f"not `{value}`")
    assert problem.message == f"link `{'x' * (MAX_QUOTE - 1)}…` is bad"
    assert problem.hint == f"not `{'x' * (MAX_QUOTE - 1)}…`"
    assert len(error("a.md", 1, 1, value).message) <= 1000
    assert error("a.md", 1, 1, "short `quote` stays").message == "short `quote` stays"


def test_a_long_list_with_a_repeat_is_checked_in_linear_time(
    project: Path, write: Callable[[str, str], Path]
) -> None:
    """jsonschema compares every pair of a list it cannot sort (a null among strings)."""
    hubs = "".join(f"  - hub-{i}\n" for i in range(30_000)) + "  - hub-1\n  -\n"
    head = "title: Many\nstatus: active\nsdgs: [4]\nlast_reviewed: 2026-11-01\nhubs:\n"
    write("missions/many.yaml", head + hubs)
    started = time.perf_counter()
    result = validate_project(load_project(project))
    assert time.perf_counter() - started < 5
    assert any('the text "hub-1" is listed twice' in p.message for p in result.problems)
