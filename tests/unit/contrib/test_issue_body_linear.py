"""`oshub from-issue` reads a stranger's issue body in time linear in its length: every
pattern of `from_issue` and `issue_body` is compiled once at module level, and bodies
built to make one (a 65,536-character heading line, 65,536 line breaks in one answer,
...) are read, checked and answered in a child process within 10 s and 1 GiB (the
patterns used before took 15 s on such a heading line and 35 s on such line breaks)."""

from __future__ import annotations

import ast
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from oshub.contrib import from_issue, issue_body
from support import make_project
from support.issue_bodies import ADD_HUB, form_file, render_body

MODULES = (from_issue, issue_body)
N = 65_536
"""GitHub's own limit on an issue body, in characters."""
LIMIT_SECONDS = 10
LIMIT_BYTES = 1024**3


def _bounded_child(
    script: str, *args: str, seconds: float = LIMIT_SECONDS
) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a child Python with at most 1 GiB of memory; a child that
    runs past ``seconds`` fails the test (with what it printed so far)."""

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))

    try:
        return subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=seconds,
            preexec_fn=limit_memory,  # the test process starts no threads
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        printed = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"still running after {seconds} s; last lines:\n{printed[-2000:]}")


def _re_calls(tree: ast.Module) -> list[tuple[int, str, bool]]:
    """(line, function, at module level) for every ``re.<function>(...)`` call."""
    top = {id(node.value) for node in tree.body if isinstance(node, ast.Assign)}
    calls = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
        ):
            calls.append((node.lineno, node.func.attr, id(node) in top))
    return calls


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_every_pattern_is_compiled_once_at_module_level(module: object) -> None:
    """So that the test below, which feeds every module-level pattern, sees them all."""
    source = Path(str(getattr(module, "__file__", ""))).read_text(encoding="utf-8")
    stray = [
        (line, name)
        for line, name, top in _re_calls(ast.parse(source))
        if not (top and name == "compile")
    ]
    assert stray == []


def test_the_ast_check_finds_a_pattern_used_in_a_function() -> None:
    source = 'import re\nP = re.compile("a")\ndef f(x):\n    return re.sub(r"b+", "", x)\n'
    assert _re_calls(ast.parse(source)) == [(2, "compile", True), (4, "sub", False)]


# Every pattern of both modules is also timed on pathological strings by
# tests/unit/test_linear_regexes.py, which finds the package's patterns by itself (and
# shows it catches the ticked-box pattern from-issue used before).


def _add_hub(**answers: str) -> str:
    body = render_body(form_file("add-hub"), {**ADD_HUB, "slug": "tartu", **answers})
    return body.replace("\r\n", "\n")


def _bodies() -> dict[str, str]:
    good = _add_hub()
    return {
        "a heading line of 65,536 characters, spaces inside": "### a" + " " * N + "b\n" + good,
        "a heading line of spaces and tabs": good + "\n### " + " \t" * (N // 2) + "x",
        "a heading line of one question's label": "### " + "Hub name" * (N // 8) + "\n" + good,
        "65,536 line breaks before an unticked box": good.replace(
            "- [X]", "x" + "\n" * N + "- [ ]"
        ),
        "65,536 line breaks then a ticked box": good.replace("- [X]", "x" + "\n" * N + "- [X]"),
        "65,536 line breaks in the description": _add_hub(description="a" + "\n" * N + "b"),
        "65,536 line breaks in the name": _add_hub(name="a" + "\n" * N + "b"),
        "a name of 32,768 words (a slug of hyphens)": _add_hub(name="a " * (N // 2), slug=""),
        "a heading for every line": "### Hub name\n" * (N // 13),
        "links of brackets": _add_hub(links="[" * N),
        "a link without its end": _add_hub(links="[a](" + "b" * N),
        "addresses without hosts": _add_hub(links="http:// " * (N // 8)),
        "goals of 65,536 digits": _add_hub().replace("SDG 4: Quality Education", "1" * N),
        "a latitude of digits": _add_hub(lat="1" * N),
        "a date of hyphens": _add_hub(started="1-" * (N // 2)),
        "backticks and text": _add_hub(city="`a" * (N // 2)),
        "addresses as text": _add_hub(city="www.://" * (N // 7)),
        "carriage returns": ("### Hub name\r" + "\r" * N + "x\r\n") * 2,
    }


BODY_CHILD = """
import sys
from pathlib import Path
from oshub.contrib.from_issue import comment, from_issue
from oshub.core.project import load_project
body = Path(sys.argv[2]).read_text(encoding="utf-8")
outcome = from_issue(load_project(Path(sys.argv[1])), body, None)
reply = comment(outcome)
print(outcome.ok, len(reply))
"""


@pytest.fixture(scope="module")
def shared_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content, read by every case (nothing is written: no --out)."""
    return make_project(tmp_path_factory.mktemp("linear") / "project", with_real_content=True)


@pytest.mark.parametrize("name", list(_bodies()))
def test_a_pathological_body_is_answered_in_bounded_time(
    shared_project: Path, tmp_path: Path, name: str
) -> None:
    body = tmp_path / "body.md"
    body.write_text(_bodies()[name], encoding="utf-8")
    result = _bounded_child(BODY_CHILD, str(shared_project), str(body))
    assert result.returncode == 0, result.stderr[-3000:]
    length = result.stdout.split()[-1]
    assert int(length) < N  # a reply GitHub can post (it takes at most 65,536 characters)
