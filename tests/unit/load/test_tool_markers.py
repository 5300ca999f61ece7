"""Tool markers in guide pages: each names a tool of data/tools.yaml, at its line."""

from __future__ import annotations

from pathlib import Path

from oshub.core.problems import format_text
from oshub.core.project import load_project
from oshub.validate.run import validate_project
from support import copy_repository

PAGE = "blueprint/guides/equity/barriers.md"


def _validate_with(tmp_path: Path, addition: str) -> tuple[int, list[str]]:
    """Problems after adding ``addition`` to a guide page, and the line it starts on."""
    root = copy_repository(tmp_path / "p")
    page = root / PAGE
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    first = text.count("\n") + 1
    page.write_text(text + addition, encoding="utf-8")
    result = validate_project(load_project(root), [page])
    return first, format_text(result.problems)


def test_an_unknown_tool_is_an_error_at_its_line_with_the_known_tools(tmp_path: Path) -> None:
    first, lines = _validate_with(tmp_path, "Intro.\n\n<!-- oshub:tool consent-check -->\n")
    assert lines[0] == f"{PAGE}:{first + 2}:1: error: no tool `consent-check` in data/tools.yaml"
    assert "did you mean `consent-checklist`?" in lines[1]
    assert "known tools: consent-checklist, stakeholder-map, challenge-statement" in lines[1]
    assert len(lines) == 2  # the problem and its hint, nothing else


def test_a_marker_inside_a_sentence_is_an_error(tmp_path: Path) -> None:
    first, lines = _validate_with(tmp_path, "See <!-- oshub:tool consent-checklist --> here.\n")
    assert lines[0].startswith(f"{PAGE}:{first}:5: error: a tool marker must stand alone")


def test_known_markers_and_markers_in_code_are_fine(tmp_path: Path) -> None:
    shown = "<!-- oshub:tool risk-assessment -->\n\n"
    in_code = "Write `<!-- oshub:tool whatever -->` to show one.\n"
    _, lines = _validate_with(tmp_path, shown + in_code)
    assert lines == []
