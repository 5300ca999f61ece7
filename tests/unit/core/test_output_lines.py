"""Problem lines quote content: whatever a file holds, each problem stays on its own
line(s), and none of them is read as a GitHub workflow command."""

from __future__ import annotations

import unicodedata
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from oshub.contrib.external_links import Checked
from oshub.contrib.external_links import format_text as links_text
from oshub.contrib.review import Due
from oshub.contrib.review import format_text as review_text
from oshub.core.problems import error, format_github, format_text, one_line

FORGED = "GR\n::error file=README.md,line=1::forged\r\n::stop-commands::x\x1b[2J\u2028\u202e"


def test_text_keeps_a_hostile_value_on_its_line() -> None:
    problem = error("hubs/a\nb.yaml", 2, 10, f"country: {FORGED}", hint=FORGED, schema_path=FORGED)
    lines = format_text([problem])
    assert len(lines) == 2
    assert lines[0].startswith("hubs/a\\nb.yaml:2:10: error: country: GR\\n::error file=")
    assert lines[1].startswith("  hint: GR\\n::error")
    for line in lines:
        assert line.isprintable()
        assert "\u202e" not in line and "\u2028" not in line


def test_github_escapes_by_the_workflow_command_rules() -> None:
    problem = error("hubs/a,b:c%.yaml", 1, 1, f"100% {FORGED}", hint="next: line")
    (line,) = format_github([problem])
    assert line.startswith(
        "::error file=hubs/a%2Cb%3Ac%25.yaml,line=1,col=1,title=oshub validate::"
    )
    message = line.split("title=oshub validate::", 1)[1]
    assert message.startswith("100%25 GR\\n::error")  # the value's newline, shown
    assert message.endswith("%0Anext: line")  # the line between message and hint
    assert "\r" not in line and "\n" not in line and line.isprintable()


@given(st.text())
def test_one_line_is_one_printable_line(value: str) -> None:
    shown = one_line(value)
    assert len(shown.splitlines()) <= 1
    assert not any(unicodedata.category(c) in {"Cc", "Zl", "Zp"} for c in shown)
    assert "\u202e" not in shown and "\u2066" not in shown
    if value.isprintable() and "\u202e" not in value:
        assert shown == value


def test_review_and_link_reports_keep_a_hostile_title_on_its_line() -> None:
    due = Due("hubs/x.yaml", "hub", FORGED, "2020-01-01", "2021-01-02", 2000)
    never = Due("blueprint/a.md", "guide", FORGED, None, None, 0)
    assert len(review_text([due, never], date(2026, 1, 1))) == 3
    checked = Checked("blueprint/a.md", 3, 1, "https://example.org/", 404, FORGED, broken=True)
    lines = links_text([checked])
    assert len(lines) == 2 and lines[0].startswith("blueprint/a.md:3:1: broken link: ")
    assert "\\n::error" in lines[0]
