"""Every schema has valid and invalid example files; each invalid one names its problems."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.schema_examples import EXAMPLES, KINDS, run_example

_EXPECT = re.compile(r"(?:#|<!--)\s*expect:\s*(\d+):(\d+):\s*(error|warning):\s*(.*?)\s*(?:-->)?$")


def _examples(validity: str) -> list[tuple[str, Path]]:
    return [
        (kind, path)
        for kind in KINDS
        for path in sorted((EXAMPLES / kind / validity).iterdir())
        if path.is_file()
    ]


@pytest.mark.parametrize(("kind", "example"), _examples("valid"), ids=lambda v: str(v))
def test_valid_example_has_no_problem(tmp_path: Path, kind: str, example: Path) -> None:
    _, lines = run_example(tmp_path, kind, example)
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
    rel, lines = run_example(tmp_path, kind, example)
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
