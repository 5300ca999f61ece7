"""Every schema has valid and invalid example files; each invalid one names its problems."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

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
_EXPECT = re.compile(r"(?:#|<!--)\s*expect:\s*(\d+):(\d+):\s*(error|warning):\s*(.*?)\s*(?:-->)?$")


def _destination(kind: str, example: Path) -> str:
    if kind == "hub":
        return f"hubs/{example.stem}.yaml"
    if kind == "mission":
        return f"missions/{example.stem}.yaml"
    if kind == "guide":
        return f"blueprint/guides/facilitation/{example.name}"
    return f"data/{kind}.yaml"


def _examples(validity: str) -> list[tuple[str, Path]]:
    return [
        (kind, path)
        for kind in KINDS
        for path in sorted((EXAMPLES / kind / validity).iterdir())
        if path.is_file()
    ]


def _run(tmp_path: Path, kind: str, example: Path) -> tuple[str, list[str]]:
    root = make_project(tmp_path / "project")
    stakeholders = root / "blueprint/guides/facilitation/stakeholders.md"
    stakeholders.parent.mkdir(parents=True, exist_ok=True)
    stakeholders.write_text("---\ntitle: Stakeholders\n---\n", encoding="utf-8")
    for hub in (EXAMPLES / "hub" / "valid").glob("*.yaml"):
        shutil.copy(hub, root / "hubs" / hub.name)
    rel = _destination(kind, example)
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(example, root / rel)
    result = validate_project(load_project(root), [root / rel], today=TODAY)
    return rel, format_text(result.problems)


@pytest.mark.parametrize(("kind", "example"), _examples("valid"), ids=lambda v: str(v))
def test_valid_example_has_no_problem(tmp_path: Path, kind: str, example: Path) -> None:
    _, lines = _run(tmp_path, kind, example)
    assert lines == []


@pytest.mark.parametrize(("kind", "example"), _examples("invalid"), ids=lambda v: str(v))
def test_invalid_example_reports_exactly_its_problems(
    tmp_path: Path, kind: str, example: Path
) -> None:
    expected = [
        m.groups()
        for line in example.read_bytes().decode("utf-8", "replace").splitlines()
        if (m := _EXPECT.search(line))
    ]
    assert expected, f"{example} states no expected problem"
    rel, lines = _run(tmp_path, kind, example)
    reported = [line for line in lines if not line.startswith("  hint:")]
    for line_no, col, severity, text in expected:
        prefix = f"{rel}:{line_no}:{col}: {severity}: "
        assert any(r.startswith(prefix) and text in r for r in reported), (
            f"expected {prefix}{text}\nreported:\n" + "\n".join(reported)
        )
    assert len(reported) == len(expected), "unexpected extra problems:\n" + "\n".join(reported)


def test_every_kind_has_valid_and_invalid_examples() -> None:
    for kind in KINDS:
        for validity in ("valid", "invalid"):
            assert any((EXAMPLES / kind / validity).iterdir()), f"no {validity} {kind} example"
