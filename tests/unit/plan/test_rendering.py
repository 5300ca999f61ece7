"""A pass over a plan: what it refuses, at the file's own line."""

from __future__ import annotations

from pathlib import Path

from oshub.core.project import DOCS_DIR
from oshub.plan.rendering import Rendering
from oshub.validate.markdown_limits import MAX_DEPTH


def test_a_page_nested_too_deep_is_withheld_at_its_line_of_the_file(tmp_path: Path) -> None:
    body = "Some text.\n\n" + "> " * (MAX_DEPTH + 1) + "deep\n"
    page = tmp_path / "deep.md"
    page.write_text("---\ntitle: Deep\n---\n\n" + body, encoding="utf-8")
    run = Rendering.idle()  # the plugin switched off still withholds it
    shown, meta, edit = run.page_markdown("deep.md", body, str(page))
    assert (shown, meta, edit) == ("", {}, False)
    [problem] = run.report.build_problems
    assert (problem.path, problem.line) == (f"{DOCS_DIR}/deep.md", 7)  # front matter: 4 lines
    assert run.report.withheld == [f"{DOCS_DIR}/deep.md"]


def test_a_page_within_the_limits_is_passed_on() -> None:
    run = Rendering.idle()
    assert run.page_markdown("fine.md", "# Fine\n\nText.\n", "/nowhere/fine.md")[0] == (
        "# Fine\n\nText.\n"
    )
    assert run.report.build_problems == []
