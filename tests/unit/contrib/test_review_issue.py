"""The weekly tracking issue of content due for review: names, titles and paths from
content are code spans there, which GitHub shows as typed, whatever they hold."""

from __future__ import annotations

import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
import yaml

from oshub.contrib.review import code_span
from oshub.core.problems import one_line
from support import REPO

HOSTILE = [
    "Tartu Hub",
    "a ` b",
    "``x``",
    "`",
    "` leading and trailing `",
    " spaced ",
    "   ",
    "",
    "[a link](https://evil.example) ![an image](https://evil.example/x.png)",
    "<img src=x onerror=alert(1)> @octocat Fixes #1 :smile:",
    "https://evil.example www.evil.example",
    "two\nlines\r\n- a forged item",
    "a | b *c* _d_ \\` e",
    "\u202eevil bidi",
    "````` then ``` then `",
]


class Shown(HTMLParser):
    """The tags of an HTML fragment, and the text of each <code> element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.code: list[str] = []
        self._in_code = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "code":
            self._in_code = True
            self.code.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "code":
            self._in_code = False

    def handle_data(self, data: str) -> None:
        if self._in_code:
            self.code[-1] += data


def shown(markdown: str) -> Shown:
    """What GitHub's Markdown (cmark-gfm) makes of ``markdown``."""
    parser = Shown()
    parser.feed(cmarkgfm.github_flavored_markdown_to_html(markdown))
    return parser


@pytest.mark.parametrize("text", HOSTILE)
def test_a_code_span_shows_the_text_as_typed(text: str) -> None:
    """Backticks inside cannot close the span; the text stays on its line; nothing in it
    becomes a link, an image or HTML."""
    html = shown(f"- {code_span(text)} (hub)\n")
    assert html.tags == ["ul", "li", "code"]
    assert html.code == [one_line(text) or " "]


def test_the_weekly_issue_shows_paths_and_titles_as_code(tmp_path: Path) -> None:
    """The weekly workflow's own step, run with an `oshub review` that lists hostile
    titles and the real `python -m oshub.contrib.review`: the issue body is one list item per
    file, its path and title as code and nothing else made from content."""
    weekly = yaml.safe_load((REPO / ".github" / "workflows" / "weekly.yml").read_text())
    step = next(s for s in weekly["jobs"]["review"]["steps"] if "review.json" in s.get("run", ""))
    due = [
        {
            "path": f"hubs/h{i}.yaml",
            "kind": "hub",
            "title": title,
            "last_reviewed": "2024-01-01",
            "due_since": "2025-01-02",
            "days_overdue": 300,
        }
        for i, title in enumerate(HOSTILE)
    ]
    due.append({**due[0], "path": "blueprint/x`y.md", "kind": "guide", "last_reviewed": None})
    fake = tmp_path / "bin" / "oshub"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ncat <<'END'\n{json.dumps(due)}\nEND\n", encoding="utf-8")
    fake.chmod(0o755)
    subprocess.run(
        ["bash", "-e", "-c", step["run"]],
        cwd=tmp_path,
        check=True,
        env={"PATH": f"{fake.parent}:{Path(sys.executable).parent}:/usr/bin:/bin"},
    )
    body = (tmp_path / "body.md").read_text(encoding="utf-8")
    html = shown(body)
    assert html.tags == ["p", "code", "ul", *["li", "code", "code"] * len(due)]
    assert html.code[1:] == [one_line(v) or " " for d in due for v in (d["path"], d["title"])]
    assert body.count("\n- ") == len(due)
    assert body.endswith(": never reviewed\n")
