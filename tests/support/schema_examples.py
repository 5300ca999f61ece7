"""The schemas' example files (tests/fixtures/examples) and how one is validated."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from oshub.core.problems import format_text
from oshub.core.project import load_project
from oshub.validate.run import validate_project
from support import FIXTURES, make_project

EXAMPLES = FIXTURES / "examples"
KINDS = (
    *("hub", "mission", "guide", "board", "site", "templates", "self-assessment", "glossary"),
    "tools",
)
TODAY = date(2026, 11, 24)


def destination(kind: str, example: Path) -> str:
    """Where an example of ``kind`` lives in a project."""
    if kind == "hub":
        return f"hubs/{example.stem}.yaml"
    if kind == "mission":
        return f"missions/{example.stem}.yaml"
    if kind == "guide":
        return f"blueprint/guides/facilitation/{example.name}"
    return f"data/{kind}.yaml"


def run_example(tmp_path: Path, kind: str, example: Path) -> tuple[str, list[str]]:
    """Validate ``example`` of ``kind`` in a new project under ``tmp_path``: its path there
    and the problem lines."""
    root = make_project(tmp_path / "project")
    stakeholders = root / "blueprint/guides/facilitation/stakeholders.md"
    stakeholders.parent.mkdir(parents=True, exist_ok=True)
    stakeholders.write_text("---\ntitle: Stakeholders\n---\n", encoding="utf-8")
    for hub in (EXAMPLES / "hub" / "valid").glob("*.yaml"):
        shutil.copy(hub, root / "hubs" / hub.name)
    rel = destination(kind, example)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(example, root / rel)
    result = validate_project(load_project(root), [root / rel], today=TODAY)
    return rel, format_text(result.problems)
