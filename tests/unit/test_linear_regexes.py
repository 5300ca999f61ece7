"""Every regular expression of the package runs in linear time, whatever the input.

The patterns are found, not listed: every ``re.compile``/``match``/``search``/``sub``/
``subn``/``fullmatch``/``findall``/``finditer``/``split`` call with a constant pattern in
``scripts/oshub/**/*.py`` (read from the source's syntax tree), and every compiled
pattern a module of the package holds at its top level (patterns built with f-strings
too). A new pattern is checked without anyone adding it here.

Each pattern meets the pathological strings of ``regex_worker.cases`` (65,536-character
runs of every character it names, near-matches, nested brackets, new lines...) in a
child process with a memory limit; a case that takes more than ``CASE_SECONDS`` of
processor time is a pattern that backtracks (a quadratic one takes a second or more on
such an input, a linear one milliseconds), and a worker silent for ``KILL_SECONDS`` is
killed. A pattern that cannot meet this stays only in ``EXEMPT``, with its reason.
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import re
import resource
import subprocess
import sys
import threading
import time

import oshub
from support import REPO

PACKAGE = REPO / "scripts" / "oshub"
WORKER = REPO / "tests" / "support" / "regex_worker.py"
CASE_SECONDS = 0.25
"""Processor time a case may take: a linear pattern scans 65,536 characters in
milliseconds, a quadratic one in a second or more."""
KILL_SECONDS = 10.0
"""Wall time after which a worker that has not finished a case is killed."""
STARTING_SECONDS = 60.0
"""Time for a worker to start and make a pattern's inputs (a busy machine is slow)."""
MEMORY = 1 << 30
_CALLS = frozenset(
    {"compile", "match", "search", "sub", "subn", "fullmatch", "findall", "finditer", "split"}
)
EXEMPT: dict[str, str] = {}
"""Patterns that may stay slow on pathological input, each with the reason why."""


def _flags(node: ast.expr | None) -> int:
    if node is None:
        return 0
    return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))


def _anchored_uses(tree: ast.AST) -> dict[str, str]:
    """Names of compiled patterns a module only ever calls ``match`` or ``fullmatch``
    on (anchored at one place): those are timed with that call, not ``finditer``."""
    uses: dict[str, set[str]] = {}
    called: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            uses.setdefault(node.value.id, set()).add(node.attr)
            called.add(id(node.value))
    for node in ast.walk(tree):
        used = isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Store)
        if used and id(node) not in called:
            assert isinstance(node, ast.Name)
            uses.setdefault(node.id, set()).add("passed on")  # used elsewhere: any call
    return {
        name: ("match" if "match" in methods else "fullmatch")
        for name, methods in uses.items()
        if methods and methods <= {"match", "fullmatch"}
    }


def _calls(tree: ast.AST) -> list[tuple[str, int, str]]:
    anchored = _anchored_uses(tree)
    assigned: dict[int, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name) and target.id in anchored:
                    assigned[id(node.value)] = anchored[target.id]
    found = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        call = node.func.attr
        position = 1 if call == "compile" else {"sub": 3, "subn": 3, "split": 2}.get(call, 2)
        flags = node.args[position] if len(node.args) > position else keywords.get("flags")
        op = call if call in ("match", "fullmatch") else assigned.get(id(node), "finditer")
        found.append((node.args[0].value, _flags(flags), op))
    return found


Key = tuple[str, int, str]
"""A pattern, its flags, and the call it is timed with (finditer unless only anchored)."""


def package_patterns() -> dict[Key, str]:
    """Every pattern of the package, with where it is written."""
    found: dict[Key, str] = {}
    seen: set[tuple[str, int]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(REPO).as_posix()
        for pattern, flags, op in _calls(ast.parse(path.read_text(encoding="utf-8"))):
            if (pattern, flags, "finditer") not in found:
                found.setdefault((pattern, flags, op), where)
            seen.add((pattern, flags))
    for module_info in pkgutil.walk_packages(oshub.__path__, "oshub."):
        if module_info.name == "oshub.__main__":
            continue  # runs the command line
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                flags = value.flags & ~re.UNICODE
                if (value.pattern, flags) not in seen:
                    seen.add((value.pattern, flags))
                    found[(value.pattern, flags, "finditer")] = f"{module_info.name}.{name}"
    return found


def test_the_search_finds_patterns_of_each_kind() -> None:
    """The collection sees constant patterns, module-level compiled ones and flags."""
    found = package_patterns()
    assert len(found) > 50
    wheres = set(found.values())
    assert any(w.startswith("scripts/oshub/") for w in wheres)
    assert any(w.startswith("oshub.") for w in wheres)  # built at import time
    assert any(flags & re.MULTILINE for _, flags, _ in found)
    assert any(op == "match" for *_, op in found)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


class _Worker:
    """One child process that runs patterns' cases (``regex_worker.main``)."""

    def __init__(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=_limit_memory,
        )
        self.lines: list[str] = []
        self.ready = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self.ready:
                self.lines.append(line.strip())
                self.ready.notify()
        with self.ready:
            self.lines.append("exit")
            self.ready.notify()

    def _next(self, timeout: float = CASE_SECONDS) -> str | None:
        with self.ready:
            self.ready.wait_for(lambda: self.lines, timeout=timeout)
            return self.lines.pop(0) if self.lines else None

    def run(self, pattern: str, flags: int, op: str) -> str | None:
        """None when every case finished in time, else the slow case's name."""
        from support.regex_worker import cases

        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"pattern": pattern, "flags": flags, "op": op}) + "\n")
        self.process.stdin.flush()
        case = "starting"
        while True:
            # the worker's start and the making of the inputs are not timed, the cases are
            line = self._next(STARTING_SECONDS if case == "starting" else KILL_SECONDS)
            if line == "done":
                return None
            if line is not None and line.startswith("took "):
                _, number, seconds = line.split()
                if float(seconds) > CASE_SECONDS:
                    self.process.kill()
                    name = cases(pattern, flags)[int(number)][0]
                    return f"{name}: {float(seconds):.2f} s of processor time"
                continue
            if line is None or line == "exit":
                self.process.kill()
                if line is None and case.startswith("start "):
                    name = cases(pattern, flags)[int(case.split()[1])][0]
                    return f"{name}: over {KILL_SECONDS} s"
                return f"{case}: the worker ended (memory?)"
            case = line

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=10)


def _check_all(jobs: list[Key], slow: dict[Key, str]) -> None:
    worker = _Worker()
    try:
        for pattern, flags, op in jobs:
            found = worker.run(pattern, flags, op)
            if found is not None:
                slow[(pattern, flags, op)] = found
                worker = _Worker()
    finally:
        worker.close()


def test_every_pattern_is_linear_on_pathological_input() -> None:
    """Two child processes share the patterns; each case of each must finish in time."""
    patterns = {k: v for k, v in package_patterns().items() if k[0] not in EXEMPT}
    jobs = sorted(patterns)
    slow: dict[Key, str] = {}
    started = time.perf_counter()
    halves = [jobs[0::2], jobs[1::2]]
    threads = [threading.Thread(target=_check_all, args=(half, slow)) for half in halves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = [f"{patterns[k]}: {k[0]!r} ({k[2]}): {why}" for k, why in sorted(slow.items())]
    assert not report, "\n".join(report)
    assert time.perf_counter() - started < 60


def test_a_quadratic_pattern_is_caught() -> None:
    """The check fails a pattern that backtracks (the tag-stripping regex as it was)."""
    slow: dict[Key, str] = {}
    before = [
        (r"<[^>]*>", 0, "finditer"),  # tag stripping in plain text (900 KB of `<`: minutes)
        (r"^\s*[-*]\s*\[[xX]\]", re.MULTILINE, "finditer"),  # a ticked box (35 s)
    ]
    _check_all([*before, (r"<[^<>]*>", 0, "finditer")], slow)
    assert sorted(slow) == sorted(before)
