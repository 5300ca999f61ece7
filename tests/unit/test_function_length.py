"""No function in the package is over 60 lines: a reader sees each one whole.

A function is measured from its first decorator (or its ``def``) to its last line,
docstring, comments and blank lines included, as a reader meets it on screen.
"""

from __future__ import annotations

import ast
from pathlib import Path

import oshub

PACKAGE = Path(oshub.__file__).parent
LIMIT = 60
"""The most lines a function may take."""


def too_long(source: str, name: str, limit: int = LIMIT) -> list[str]:
    """``name:line function (N lines)`` for every function in ``source`` over ``limit``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            last = node.end_lineno or node.lineno
            if last - first + 1 > limit:
                found.append(f"{name}:{first} {node.name} ({last - first + 1} lines)")
    return found


def test_no_function_over_sixty_lines() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = "scripts/oshub/" + path.relative_to(PACKAGE).as_posix()
        found += too_long(path.read_text(encoding="utf-8"), name)
    assert found == [], "split these into helpers that each do one thing:\n" + "\n".join(found)


def _function(lines: int, decorated: bool = False) -> str:
    """Source of one function taking exactly ``lines`` lines, decorator included."""
    head = ["@staticmethod"] if decorated else []
    head.append("def f() -> None:")
    body = ["    x = 1"] * (lines - len(head))
    return "\n".join(head + body) + "\n"


def test_the_measure_can_fail() -> None:
    assert too_long(_function(60), "ok.py") == []
    assert too_long(_function(61), "long.py") == ["long.py:1 f (61 lines)"]
    assert too_long(_function(61, decorated=True), "long.py") == ["long.py:1 f (61 lines)"]
    nested = "class C:\n" + "".join("    " + line + "\n" for line in _function(61).splitlines())
    assert too_long(nested, "method.py") == ["method.py:2 f (61 lines)"]
